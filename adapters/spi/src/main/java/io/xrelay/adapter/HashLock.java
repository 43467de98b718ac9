/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/** {@code sha256(preimage)} of a 32-byte preimage: the lock shared by both legs of a transfer. */
public record HashLock(Bytes hash) {
    public HashLock {
        if (hash.length() != 32) {
            throw new IllegalArgumentException("hashlock must be 32 bytes, got " + hash.length());
        }
    }

    public static HashLock fromHex(String hex) {
        return new HashLock(Bytes.fromHex(hex));
    }

    @Override
    public String toString() {
        return hash.toHex();
    }
}
