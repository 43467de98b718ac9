/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.Bytes;
import java.math.BigInteger;

/**
 * The RLP encoding of a header, written directly into one array of the exact size: the length of every item is
 * computed first, then each item is written once. No intermediate lists, strings or per-item arrays (web3j's
 * {@code RlpEncoder} allocates several per field), so encoding costs a fraction of the keccak that follows.
 *
 * <p>RLP (Yellow Paper, appendix B): a byte string of one byte below 0x80 is itself; otherwise a string of fewer
 * than 56 bytes is {@code 0x80+len} then the bytes, a longer one {@code 0xb7+len(len)}, the big-endian length, the
 * bytes. A list is the same with {@code 0xc0} and {@code 0xf7}. Quantities are big-endian without leading zeros, so
 * zero is the empty string {@code 0x80}.
 */
final class HeaderRlp {
    private static final int SHORT_STRING = 0x80;
    private static final int LONG_STRING = 0xb7;
    private static final int SHORT_LIST = 0xc0;
    private static final int LONG_LIST = 0xf7;
    private static final int SHORT_LIMIT = 56;

    private HeaderRlp() {}

    static byte[] encode(EthHeader h) {
        byte[] difficulty = magnitude(h.difficulty());
        BigInteger baseFeeValue = h.baseFeePerGas();
        byte[] baseFee = baseFeeValue == null ? null : magnitude(baseFeeValue);
        Long blobGasUsed = h.blobGasUsed();
        Long excessBlobGas = h.excessBlobGas();
        Bytes withdrawalsRoot = h.withdrawalsRoot();
        Bytes parentBeaconBlockRoot = h.parentBeaconBlockRoot();
        Bytes requestsHash = h.requestsHash();

        int payload = 6 * fixedLength(EthHeader.HASH_LENGTH) // parent, ommers, state, txs, receipts, mix
                + fixedLength(EthHeader.ADDRESS_LENGTH)
                + fixedLength(EthHeader.BLOOM_LENGTH)
                + fixedLength(EthHeader.NONCE_LENGTH)
                + arrayLength(difficulty)
                + quantityLength(h.number())
                + quantityLength(h.gasLimit())
                + quantityLength(h.gasUsed())
                + quantityLength(h.timestamp())
                + bytesLength(h.extraData());
        if (baseFee != null) {
            payload += arrayLength(baseFee);
        }
        if (withdrawalsRoot != null) {
            payload += fixedLength(EthHeader.HASH_LENGTH);
        }
        if (blobGasUsed != null) {
            payload += quantityLength(blobGasUsed);
        }
        if (excessBlobGas != null) {
            payload += quantityLength(excessBlobGas);
        }
        if (parentBeaconBlockRoot != null) {
            payload += fixedLength(EthHeader.HASH_LENGTH);
        }
        if (requestsHash != null) {
            payload += fixedLength(EthHeader.HASH_LENGTH);
        }

        byte[] out = new byte[prefixLength(payload) + payload];
        int p = writePrefix(out, 0, payload, SHORT_LIST, LONG_LIST);
        p = writeBytes(out, p, h.parentHash());
        p = writeBytes(out, p, h.ommersHash());
        p = writeBytes(out, p, h.miner());
        p = writeBytes(out, p, h.stateRoot());
        p = writeBytes(out, p, h.transactionsRoot());
        p = writeBytes(out, p, h.receiptsRoot());
        p = writeBytes(out, p, h.logsBloom());
        p = writeArray(out, p, difficulty);
        p = writeQuantity(out, p, h.number());
        p = writeQuantity(out, p, h.gasLimit());
        p = writeQuantity(out, p, h.gasUsed());
        p = writeQuantity(out, p, h.timestamp());
        p = writeBytes(out, p, h.extraData());
        p = writeBytes(out, p, h.mixHash());
        p = writeBytes(out, p, h.nonce());
        if (baseFee != null) {
            p = writeArray(out, p, baseFee);
        }
        if (withdrawalsRoot != null) {
            p = writeBytes(out, p, withdrawalsRoot);
        }
        if (blobGasUsed != null) {
            p = writeQuantity(out, p, blobGasUsed);
        }
        if (excessBlobGas != null) {
            p = writeQuantity(out, p, excessBlobGas);
        }
        if (parentBeaconBlockRoot != null) {
            p = writeBytes(out, p, parentBeaconBlockRoot);
        }
        if (requestsHash != null) {
            p = writeBytes(out, p, requestsHash);
        }
        if (p != out.length) {
            throw new IllegalStateException("RLP size computed as " + out.length + " but wrote " + p);
        }
        return out;
    }

    /** The big-endian magnitude of a non-negative integer without leading zeros (empty for zero). */
    private static byte[] magnitude(BigInteger value) {
        byte[] twos = value.toByteArray();
        if (twos.length > 1 && twos[0] == 0) {
            byte[] trimmed = new byte[twos.length - 1];
            System.arraycopy(twos, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return twos.length == 1 && twos[0] == 0 ? new byte[0] : twos;
    }

    /** Encoded length of a string of {@code length} bytes whose content is not a single byte below 0x80. */
    private static int fixedLength(int length) {
        return prefixLength(length) + length;
    }

    private static int bytesLength(Bytes value) {
        int n = value.length();
        if (n == 1 && (value.get(0) & 0xff) < SHORT_STRING) {
            return 1;
        }
        return prefixLength(n) + n;
    }

    private static int arrayLength(byte[] value) {
        int n = value.length;
        if (n == 1 && (value[0] & 0xff) < SHORT_STRING) {
            return 1;
        }
        return prefixLength(n) + n;
    }

    private static int quantityLength(long value) {
        if (value < SHORT_STRING) {
            return 1; // a single byte, or 0x80 for zero
        }
        return 1 + byteCount(value);
    }

    private static int prefixLength(int length) {
        return length < SHORT_LIMIT ? 1 : 1 + byteCount(length);
    }

    private static int byteCount(long value) {
        return (Long.SIZE - Long.numberOfLeadingZeros(value) + 7) >>> 3;
    }

    private static int writePrefix(byte[] out, int p, int length, int shortBase, int longBase) {
        if (length < SHORT_LIMIT) {
            out[p] = (byte) (shortBase + length);
            return p + 1;
        }
        int n = byteCount(length);
        out[p++] = (byte) (longBase + n);
        for (int shift = (n - 1) * 8; shift >= 0; shift -= 8) {
            out[p++] = (byte) (length >>> shift);
        }
        return p;
    }

    private static int writeBytes(byte[] out, int p, Bytes value) {
        int n = value.length();
        if (n == 1 && (value.get(0) & 0xff) < SHORT_STRING) {
            out[p] = value.get(0);
            return p + 1;
        }
        p = writePrefix(out, p, n, SHORT_STRING, LONG_STRING);
        for (int i = 0; i < n; i++) {
            out[p + i] = value.get(i);
        }
        return p + n;
    }

    private static int writeArray(byte[] out, int p, byte[] value) {
        int n = value.length;
        if (n == 1 && (value[0] & 0xff) < SHORT_STRING) {
            out[p] = value[0];
            return p + 1;
        }
        p = writePrefix(out, p, n, SHORT_STRING, LONG_STRING);
        System.arraycopy(value, 0, out, p, n);
        return p + n;
    }

    private static int writeQuantity(byte[] out, int p, long value) {
        if (value == 0) {
            out[p] = (byte) SHORT_STRING;
            return p + 1;
        }
        if (value < SHORT_STRING) {
            out[p] = (byte) value;
            return p + 1;
        }
        int n = byteCount(value);
        out[p++] = (byte) (SHORT_STRING + n);
        for (int shift = (n - 1) * 8; shift >= 0; shift -= 8) {
            out[p++] = (byte) (value >>> shift);
        }
        return p;
    }
}
