/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import java.time.Instant;

/**
 * An absolute deadline in unix seconds of chain time. Both chains use the same rule: a claim is valid strictly
 * before it ({@code now < deadline}), a refund at or after it ({@code now >= deadline}).
 */
public record TimeLock(long epochSecond) implements Comparable<TimeLock> {
    public TimeLock {
        if (epochSecond <= 0) {
            throw new IllegalArgumentException("timelock must be a positive unix time, got " + epochSecond);
        }
    }

    public static TimeLock at(Instant instant) {
        return new TimeLock(instant.getEpochSecond());
    }

    public Instant instant() {
        return Instant.ofEpochSecond(epochSecond);
    }

    /** Whether a claim at chain time {@code now} is still in time. */
    public boolean claimableAt(Instant now) {
        return now.getEpochSecond() < epochSecond;
    }

    /** Whether a refund at chain time {@code now} is allowed. */
    public boolean refundableAt(Instant now) {
        return now.getEpochSecond() >= epochSecond;
    }

    @Override
    public int compareTo(TimeLock o) {
        return Long.compare(epochSecond, o.epochSecond);
    }

    @Override
    public String toString() {
        return instant().toString();
    }
}
