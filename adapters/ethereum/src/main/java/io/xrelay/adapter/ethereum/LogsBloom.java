/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.Bytes;
import org.bouncycastle.crypto.digests.KeccakDigest;

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
        byte[] h = keccak(value.toByteArray());
        for (int i = 0; i < 6; i += 2) {
            int bit = ((h[i] & 0xff) << 8 | (h[i + 1] & 0xff)) & 2047;
            int index = BYTES - 1 - bit / 8;
            if ((bloom.get(index) & (1 << (bit % 8))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Sets {@code value}'s three bits in {@code bloom}. */
    static void add(byte[] bloom, Bytes value) {
        byte[] h = keccak(value.toByteArray());
        for (int i = 0; i < 6; i += 2) {
            int bit = ((h[i] & 0xff) << 8 | (h[i + 1] & 0xff)) & 2047;
            bloom[BYTES - 1 - bit / 8] |= (byte) (1 << (bit % 8));
        }
    }

    private static byte[] keccak(byte[] in) {
        KeccakDigest d = new KeccakDigest(256);
        d.update(in, 0, in.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }
}
