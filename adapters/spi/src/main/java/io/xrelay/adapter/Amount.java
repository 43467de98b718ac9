/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import java.math.BigInteger;

/** A non-negative quantity of an asset in its smallest unit (wei, token base units); at most 256 bits. */
public record Amount(BigInteger units) implements Comparable<Amount> {
    public static final Amount ZERO = new Amount(BigInteger.ZERO);

    public Amount {
        if (units.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative, got " + units);
        }
        if (units.bitLength() > 256) {
            throw new IllegalArgumentException("amount must fit in 256 bits, got " + units);
        }
    }

    public static Amount of(long units) {
        return new Amount(BigInteger.valueOf(units));
    }

    public static Amount of(BigInteger units) {
        return new Amount(units);
    }

    public boolean isZero() {
        return units.signum() == 0;
    }

    public Amount plus(Amount other) {
        return new Amount(units.add(other.units));
    }

    /**
     * This amount less {@code other}.
     *
     * @throws IllegalArgumentException if the result would be negative
     */
    public Amount minus(Amount other) {
        return new Amount(units.subtract(other.units));
    }

    @Override
    public int compareTo(Amount o) {
        return units.compareTo(o.units);
    }

    @Override
    public String toString() {
        return units.toString();
    }
}
