/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.Bytes;
import java.math.BigInteger;
import org.jspecify.annotations.Nullable;

/**
 * One Ethereum block header with every field of its fork, and the hash a node claimed for it. Nothing here is
 * trusted: {@link #hash()} recomputes keccak256(RLP(header)) from the fields, and {@link HeaderRules} checks it
 * against {@link #claimedHash()} and the chain rules against the parent.
 *
 * <p>The fork-specific fields are {@code null} before their fork; a header's {@linkplain #fork() layout} is implied
 * by which of them are present, and a later fork's field is never present without the earlier ones. Quantities the
 * protocol defines as 64-bit ({@code number}, gas, {@code timestamp}, blob gas) are {@code long}s and must not
 * exceed 2^63-1; {@code difficulty} and {@code baseFeePerGas} are up to 256 bits.
 *
 * @param parentHash keccak256 of the parent's header (32 bytes)
 * @param ommersHash keccak256 of the RLP of the ommers list, JSON {@code sha3Uncles} (32 bytes)
 * @param miner the beneficiary of fees (20 bytes)
 * @param stateRoot root of the state trie (32 bytes)
 * @param transactionsRoot root of the transactions trie (32 bytes)
 * @param receiptsRoot root of the receipts trie (32 bytes)
 * @param logsBloom bloom filter of the block's logs (256 bytes)
 * @param difficulty proof-of-work difficulty, 0 after the Merge
 * @param number the block number
 * @param gasLimit the block's gas limit
 * @param gasUsed gas used by the block's transactions
 * @param timestamp seconds since the Unix epoch
 * @param extraData arbitrary bytes chosen by the block's producer
 * @param mixHash proof-of-work mix hash, the RANDAO value after the Merge (32 bytes)
 * @param nonce proof-of-work nonce, zero after the Merge (8 bytes)
 * @param baseFeePerGas EIP-1559 base fee (London and later)
 * @param withdrawalsRoot root of the withdrawals trie (Shanghai and later, 32 bytes)
 * @param blobGasUsed EIP-4844 blob gas used (Cancun and later)
 * @param excessBlobGas EIP-4844 excess blob gas (Cancun and later)
 * @param parentBeaconBlockRoot EIP-4788 root of the parent beacon block (Cancun and later, 32 bytes)
 * @param requestsHash EIP-7685 commitment to the execution-layer requests (Prague and later, 32 bytes)
 * @param claimedHash the hash the node's JSON gave for this header, JSON {@code hash} (32 bytes); not yet checked
 */
record EthHeader(
        Bytes parentHash,
        Bytes ommersHash,
        Bytes miner,
        Bytes stateRoot,
        Bytes transactionsRoot,
        Bytes receiptsRoot,
        Bytes logsBloom,
        BigInteger difficulty,
        long number,
        long gasLimit,
        long gasUsed,
        long timestamp,
        Bytes extraData,
        Bytes mixHash,
        Bytes nonce,
        @Nullable BigInteger baseFeePerGas,
        @Nullable Bytes withdrawalsRoot,
        @Nullable Long blobGasUsed,
        @Nullable Long excessBlobGas,
        @Nullable Bytes parentBeaconBlockRoot,
        @Nullable Bytes requestsHash,
        Bytes claimedHash) {

    static final int HASH_LENGTH = 32;
    static final int ADDRESS_LENGTH = 20;
    static final int BLOOM_LENGTH = 256;
    static final int NONCE_LENGTH = 8;
    /** Quantities such as difficulty and base fee are at most 256 bits. */
    static final int MAX_QUANTITY_BITS = 256;

    /**
     * Checks every length, sign and the order of the fork fields.
     *
     * @throws MalformedHeaderException naming the first field at fault
     */
    EthHeader {
        requireLength("parentHash", parentHash, HASH_LENGTH);
        requireLength("sha3Uncles", ommersHash, HASH_LENGTH);
        requireLength("miner", miner, ADDRESS_LENGTH);
        requireLength("stateRoot", stateRoot, HASH_LENGTH);
        requireLength("transactionsRoot", transactionsRoot, HASH_LENGTH);
        requireLength("receiptsRoot", receiptsRoot, HASH_LENGTH);
        requireLength("logsBloom", logsBloom, BLOOM_LENGTH);
        requireQuantity("difficulty", difficulty);
        requireNotNegative("number", number);
        requireNotNegative("gasLimit", gasLimit);
        requireNotNegative("gasUsed", gasUsed);
        requireNotNegative("timestamp", timestamp);
        requireLength("mixHash", mixHash, HASH_LENGTH);
        requireLength("nonce", nonce, NONCE_LENGTH);
        if (baseFeePerGas != null) {
            requireQuantity("baseFeePerGas", baseFeePerGas);
        }
        if (withdrawalsRoot != null) {
            requireLength("withdrawalsRoot", withdrawalsRoot, HASH_LENGTH);
        }
        if (blobGasUsed != null) {
            requireNotNegative("blobGasUsed", blobGasUsed);
        }
        if (excessBlobGas != null) {
            requireNotNegative("excessBlobGas", excessBlobGas);
        }
        if (parentBeaconBlockRoot != null) {
            requireLength("parentBeaconBlockRoot", parentBeaconBlockRoot, HASH_LENGTH);
        }
        if (requestsHash != null) {
            requireLength("requestsHash", requestsHash, HASH_LENGTH);
        }
        requireLength("hash", claimedHash, HASH_LENGTH);
        requireForkOrder(
                new String[] {
                    "baseFeePerGas",
                    "withdrawalsRoot",
                    "blobGasUsed",
                    "excessBlobGas",
                    "parentBeaconBlockRoot",
                    "requestsHash"
                },
                new boolean[] {
                    baseFeePerGas != null,
                    withdrawalsRoot != null,
                    blobGasUsed != null,
                    excessBlobGas != null,
                    parentBeaconBlockRoot != null,
                    requestsHash != null
                });
    }

    /**
     * Parses one header in the JSON shape of {@code eth_getBlockByNumber}'s result: hex quantities without leading
     * zeros, {@code 0x}-prefixed data of the exact length. Fields that are not part of the header ({@code
     * transactions}, full or hashes only, {@code uncles}, {@code withdrawals}, {@code size}, {@code
     * totalDifficulty}, ...) are ignored.
     *
     * @throws MalformedHeaderException naming the field and the problem, or {@code "header"} if the text is not a
     *     JSON object
     */
    static EthHeader fromJson(String json) {
        return HeaderJson.parse(json);
    }

    /** As {@link #fromJson(String)}, for JSON already parsed by Jackson (a web3j raw response, for example). */
    static EthHeader fromJson(JsonNode header) {
        return HeaderJson.parse(header);
    }

    /** The layout implied by the fork fields present. */
    EthFork fork() {
        if (requestsHash != null) {
            return EthFork.PRAGUE;
        }
        if (parentBeaconBlockRoot != null) {
            return EthFork.CANCUN;
        }
        if (withdrawalsRoot != null) {
            return EthFork.SHANGHAI;
        }
        if (baseFeePerGas != null) {
            return EthFork.LONDON;
        }
        return EthFork.FRONTIER;
    }

    /** The RLP encoding of the header with exactly the fields of its {@linkplain #fork() layout}. */
    byte[] rlp() {
        return HeaderRlp.encode(this);
    }

    /** keccak256 of {@link #rlp()}: the header's true hash, computed on every call. */
    Bytes hash() {
        return Bytes.wrap(Keccak256.hash(rlp()));
    }

    /** Whether the recomputed hash equals the claimed one. */
    boolean hashMatches() {
        return claimedHash.equals(hash());
    }

    /** This block as the SPI names it, by number and claimed hash (check the hash first). */
    BlockRef blockRef() {
        return new BlockRef(number, claimedHash);
    }

    private static void requireLength(String field, Bytes value, int length) {
        if (value.length() != length) {
            throw new MalformedHeaderException(field, value.length() + " bytes, expected " + length);
        }
    }

    private static void requireQuantity(String field, BigInteger value) {
        if (value.signum() < 0) {
            throw new MalformedHeaderException(field, "negative: " + value);
        }
        if (value.bitLength() > MAX_QUANTITY_BITS) {
            throw new MalformedHeaderException(field, value.bitLength() + " bits, at most " + MAX_QUANTITY_BITS);
        }
    }

    private static void requireNotNegative(String field, long value) {
        if (value < 0) {
            throw new MalformedHeaderException(field, "negative or above 2^63-1: " + Long.toUnsignedString(value));
        }
    }

    /**
     * The fork fields present must be the first fields of one layout: all of a fork's fields and those of every
     * earlier fork, none of a later one. Cancun's three fields come together.
     */
    private static void requireForkOrder(String[] fields, boolean[] present) {
        int count = 0;
        for (int i = 0; i < present.length; i++) {
            if (present[i]) {
                count = i + 1;
            }
        }
        for (int j = 0; j < count - 1; j++) {
            if (!present[j]) {
                throw new MalformedHeaderException(
                        fields[count - 1], "present without " + fields[j] + ", which an earlier fork added");
            }
        }
        if (count == 3 || count == 4) { // Cancun added three fields at once
            throw new MalformedHeaderException(
                    fields[count - 1], "present without " + fields[count] + ", which the same fork added");
        }
    }
}
