/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The relay's timing rules, shared by every transfer ({@code xrelay.timing}; defaults in {@code reference.conf}).
 *
 * @param safetyMargin added to both chains' finality and clock tolerance when the destination timelock is derived
 *     from the source's
 * @param minDestinationWindow the least time the recipient must have to claim on the destination chain: from when the
 *     destination lock is final to the relay's last moment to claim ({@code T_D - fin(D) - tol(D)})
 * @param maxTimelock the longest source timelock accepted (measured from now)
 * @param retryInterval the pause before a refused-as-early refund or an unavailable chain is tried again
 * @param pollInterval how often a chain is asked for new final events
 */
public record TimingConfig(
        Duration safetyMargin,
        Duration minDestinationWindow,
        Duration maxTimelock,
        Duration retryInterval,
        Duration pollInterval) {
    public TimingConfig {
        if (safetyMargin.isNegative()
                || minDestinationWindow.isNegative()
                || !maxTimelock.isPositive()
                || !retryInterval.isPositive()
                || !pollInterval.isPositive()) {
            throw new IllegalArgumentException("timing durations must not be negative (and max-timelock, "
                    + "retry-interval and poll-interval positive), got " + this);
        }
    }

    /** The defaults of {@code reference.conf}: 60s, 120s, 48h, 2s, 200ms. */
    public static TimingConfig defaults() {
        return new TimingConfig(
                Duration.ofMinutes(1),
                Duration.ofMinutes(2),
                Duration.ofDays(2),
                Duration.ofSeconds(2),
                Duration.ofMillis(200));
    }

    /**
     * Parses the timing block; every key is required (the defaults come from {@code reference.conf}).
     *
     * @param block the {@code timing} block
     * @param path its full key, for messages ({@code xrelay.timing})
     * @throws com.typesafe.config.ConfigException naming a missing or bad key
     */
    public static TimingConfig fromConfig(Config block, String path) {
        return new TimingConfig(
                Hocon.duration(block, path, "safety-margin"),
                Hocon.duration(block, path, "min-destination-window"),
                Hocon.positiveDuration(block, path, "max-timelock"),
                Hocon.positiveDuration(block, path, "retry-interval"),
                Hocon.positiveDuration(block, path, "poll-interval"));
    }
}
