/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import io.xrelay.adapter.Bytes;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An unambiguous byte encoding of values for hashing: strings and byte strings carry a 4-byte length, integers a
 * fixed width. Two different sequences of calls never give the same bytes.
 */
final class Canonical {
    static final Bytes ZERO_HASH = Bytes.wrap(new byte[32]);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Canonical string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    Canonical bytes(Bytes b) {
        return bytes(b.toByteArray());
    }

    private Canonical bytes(byte[] b) {
        int32(b.length);
        out.writeBytes(b);
        return this;
    }

    Canonical int32(int v) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
        return this;
    }

    Canonical int64(long v) {
        out.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
        return this;
    }

    /** A non-negative integer of at most 256 bits as 32 bytes, big-endian. */
    Canonical uint256(BigInteger v) {
        if (v.signum() < 0 || v.bitLength() > 256) {
            throw new IllegalArgumentException("not a 256-bit unsigned integer: " + v);
        }
        byte[] raw = v.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
        out.writeBytes(fixed);
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    Bytes sha256() {
        return sha256(out.toByteArray());
    }

    static Bytes sha256(byte[]... parts) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
        for (byte[] part : parts) {
            digest.update(part);
        }
        return Bytes.wrap(digest.digest());
    }

    /** {@code sha256(left || right)} of two byte strings, the step of every hash chain here. */
    static Bytes chain(Bytes left, Bytes right) {
        return sha256(left.toByteArray(), right.toByteArray());
    }
}
