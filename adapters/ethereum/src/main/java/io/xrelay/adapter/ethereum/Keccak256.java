/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 as Ethereum uses it (the original Keccak padding), through BouncyCastle. Not JCA {@code SHA3-256}, whose
 * padding differs and gives other hashes.
 */
final class Keccak256 {
    static final int LENGTH = 32;

    private Keccak256() {}

    /** The 32-byte Keccak-256 of {@code data}. */
    static byte[] hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    /** The 32-byte Keccak-256 of {@code length} bytes of {@code data} from {@code offset}. */
    static byte[] hash(byte[] data, int offset, int length) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(data, offset, length);
        byte[] out = new byte[LENGTH];
        digest.doFinal(out, 0);
        return out;
    }
}
