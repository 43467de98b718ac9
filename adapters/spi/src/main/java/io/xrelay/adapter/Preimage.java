/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The 32-byte secret of a hashlock. Its {@link #toString()} never shows the secret: a preimage must not reach a
 * log before it is public on chain. Use {@link #secret()} deliberately.
 */
public record Preimage(Bytes secret) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public Preimage {
        if (secret.length() != 32) {
            throw new IllegalArgumentException("preimage must be exactly 32 bytes, got " + secret.length());
        }
    }

    /** A fresh random secret. */
    public static Preimage random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return new Preimage(Bytes.wrap(b));
    }

    /** {@code sha256} of the 32 secret bytes. */
    public HashLock hashLock() {
        try {
            return new HashLock(Bytes.wrap(MessageDigest.getInstance("SHA-256").digest(secret.toByteArray())));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** Whether this preimage opens {@code lock}. */
    public boolean opens(HashLock lock) {
        return hashLock().equals(lock);
    }

    @Override
    public String toString() {
        return "Preimage[of " + hashLock() + "]";
    }
}
