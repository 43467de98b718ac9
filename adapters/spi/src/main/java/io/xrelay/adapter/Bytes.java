/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string with value equality and a lower-case {@code 0x} hex form. */
public final class Bytes implements Comparable<Bytes> {
    private static final HexFormat HEX = HexFormat.of();
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] value;

    private Bytes(byte[] value) {
        this.value = value;
    }

    /** A copy of {@code value}. */
    public static Bytes of(byte[] value) {
        return new Bytes(value.clone());
    }

    /** Wraps without copying: the caller must never change {@code value} afterwards. */
    public static Bytes wrap(byte[] value) {
        return new Bytes(value);
    }

    /**
     * Parses hex with or without a {@code 0x} prefix, in either case.
     *
     * @throws IllegalArgumentException naming the input if it is not an even number of hex digits
     */
    public static Bytes fromHex(String hex) {
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + abbreviate(hex));
        }
        try {
            return new Bytes(HEX.parseHex(digits));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex: " + abbreviate(hex), e);
        }
    }

    public int length() {
        return value.length;
    }

    public byte get(int index) {
        return value[index];
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return value.clone();
    }

    /** {@code 0x} followed by lower-case hex digits. */
    public String toHex() {
        return "0x" + HEX.formatHex(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return toHex();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? '"' + s + '"' : '"' + s.substring(0, 77) + "...\" (" + s.length() + " chars)";
    }
}
