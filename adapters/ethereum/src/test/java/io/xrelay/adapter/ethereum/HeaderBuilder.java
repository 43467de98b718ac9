/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.Bytes;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/** A mutable copy of a header, to derive broken or synthetic headers from real ones in tests. */
final class HeaderBuilder {
    Bytes parentHash;
    Bytes ommersHash;
    Bytes miner;
    Bytes stateRoot;
    Bytes transactionsRoot;
    Bytes receiptsRoot;
    Bytes logsBloom;
    BigInteger difficulty;
    long number;
    long gasLimit;
    long gasUsed;
    long timestamp;
    Bytes extraData;
    Bytes mixHash;
    Bytes nonce;

    @Nullable
    BigInteger baseFeePerGas;

    @Nullable
    Bytes withdrawalsRoot;

    @Nullable
    Long blobGasUsed;

    @Nullable
    Long excessBlobGas;

    @Nullable
    Bytes parentBeaconBlockRoot;

    @Nullable
    Bytes requestsHash;

    Bytes claimedHash;

    private HeaderBuilder(EthHeader h) {
        parentHash = h.parentHash();
        ommersHash = h.ommersHash();
        miner = h.miner();
        stateRoot = h.stateRoot();
        transactionsRoot = h.transactionsRoot();
        receiptsRoot = h.receiptsRoot();
        logsBloom = h.logsBloom();
        difficulty = h.difficulty();
        number = h.number();
        gasLimit = h.gasLimit();
        gasUsed = h.gasUsed();
        timestamp = h.timestamp();
        extraData = h.extraData();
        mixHash = h.mixHash();
        nonce = h.nonce();
        baseFeePerGas = h.baseFeePerGas();
        withdrawalsRoot = h.withdrawalsRoot();
        blobGasUsed = h.blobGasUsed();
        excessBlobGas = h.excessBlobGas();
        parentBeaconBlockRoot = h.parentBeaconBlockRoot();
        requestsHash = h.requestsHash();
        claimedHash = h.claimedHash();
    }

    static HeaderBuilder from(EthHeader header) {
        return new HeaderBuilder(header);
    }

    EthHeader build() {
        return new EthHeader(
                parentHash,
                ommersHash,
                miner,
                stateRoot,
                transactionsRoot,
                receiptsRoot,
                logsBloom,
                difficulty,
                number,
                gasLimit,
                gasUsed,
                timestamp,
                extraData,
                mixHash,
                nonce,
                baseFeePerGas,
                withdrawalsRoot,
                blobGasUsed,
                excessBlobGas,
                parentBeaconBlockRoot,
                requestsHash,
                claimedHash);
    }

    /** Builds, with the claimed hash set to the true hash of the result (a consistent synthetic header). */
    EthHeader buildSealed() {
        EthHeader h = build();
        claimedHash = h.hash();
        return build();
    }

    /** A copy of {@code value} with byte {@code index} flipped. */
    static Bytes flip(Bytes value, int index) {
        byte[] b = value.toByteArray();
        b[index] ^= (byte) 0x01;
        return Bytes.wrap(b);
    }
}
