/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.Bytes;

/**
 * The 2048-bit logs bloom of a header or receipt (yellow paper, M3:2048). The header's bloom is covered by its
 * hash, so once the header is verified, a bloom without the HTLC contract's bits proves the block has no log of it.
 */
final class LogsBloom {
    static final int BYTES = 256;

    private LogsBloom() {}

    /** Whether {@code bloom} may contain {@code value} (an address or a topic); false is certain. */
    static boolean mayContain(Bytes bloom, Bytes value) {
        if (bloom.length() != BYTES) {
            throw new IllegalArgumentException("logs bloom must be 256 bytes, got " + bloom.length());
        }
        byte[] h = Keccak256.hash(value.toByteArray());
        for (int i = 0; i < 6; i += 2) {
            int bit = bit(h, i);
            if ((bloom.get(BYTES - 1 - bit / 8) & (1 << (bit % 8))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Sets {@code value}'s three bits in {@code bloom}. */
    static void add(byte[] bloom, Bytes value) {
        byte[] h = Keccak256.hash(value.toByteArray());
        for (int i = 0; i < 6; i += 2) {
            int bit = bit(h, i);
            bloom[BYTES - 1 - bit / 8] |= (byte) (1 << (bit % 8));
        }
    }

    /** The bloom bit (0..2047) chosen by bytes {@code i} and {@code i + 1} of a value's keccak hash. */
    private static int bit(byte[] hash, int i) {
        return ((hash[i] & 0xff) << 8 | (hash[i + 1] & 0xff)) & 2047;
    }
}
