/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the relay treats one chain, from the {@code relay { ... }} block of its entry in {@code xrelay.chains}.
 *
 * <pre>{@code
 * relay { finality-time = 5s, clock-tolerance = 15s, max-in-flight = 64 }
 * }</pre>
 *
 * <p>Defaults by chain type: {@code ethereum} finality-time 15s, clock-tolerance 15s; {@code fabric} finality-time 5s,
 * clock-tolerance 60s (the peers' time window); max-in-flight 64. Chains of another type must set both durations.
 *
 * @param finalityTime the configured floor of submit-to-final time; the effective finality is the larger of this and
 *     the measured p99
 * @param clockTolerance how far the chain's clock may be from the relay's
 * @param maxInFlight the most transactions the chain's actor has submitted and not yet seen final
 */
public record ChainRelaySettings(Duration finalityTime, Duration clockTolerance, int maxInFlight) {
    private static final Map<String, ChainRelaySettings> DEFAULTS = Map.of(
            "ethereum", new ChainRelaySettings(Duration.ofSeconds(15), Duration.ofSeconds(15), 64),
            "fabric", new ChainRelaySettings(Duration.ofSeconds(5), Duration.ofSeconds(60), 64));

    public ChainRelaySettings {
        if (finalityTime.isNegative() || clockTolerance.isNegative() || maxInFlight <= 0) {
            throw new IllegalArgumentException(
                    "finality-time and clock-tolerance must not be negative, max-in-flight positive, got " + this);
        }
    }

    /** The defaults for a chain of {@code type}, if the type has any. */
    public static Optional<ChainRelaySettings> defaultsFor(String type) {
        return Optional.ofNullable(DEFAULTS.get(type));
    }

    /**
     * Parses the {@code relay} block of one chain entry (absent: the type's defaults).
     *
     * @param chainEntry the chain's entry (holds {@code type} and optionally {@code relay})
     * @param path the entry's full key, for messages ({@code xrelay.chains[0]})
     * @throws com.typesafe.config.ConfigException naming a missing or bad key
     */
    public static ChainRelaySettings fromConfig(Config chainEntry, String path) {
        String type = Hocon.string(chainEntry, path, "type");
        Optional<ChainRelaySettings> defaults = defaultsFor(type);
        Config relay = chainEntry.hasPath("relay")
                ? Hocon.block(chainEntry, path, "relay")
                : ConfigFactory.empty("the defaults of chain type " + type);
        String relayPath = Hocon.path(path, "relay");
        Duration finality = relay.hasPath("finality-time") || defaults.isEmpty()
                ? Hocon.duration(relay, relayPath, "finality-time")
                : defaults.get().finalityTime();
        Duration tolerance = relay.hasPath("clock-tolerance") || defaults.isEmpty()
                ? Hocon.duration(relay, relayPath, "clock-tolerance")
                : defaults.get().clockTolerance();
        int maxInFlight = relay.hasPath("max-in-flight") ? Hocon.positiveInt(relay, relayPath, "max-in-flight") : 64;
        return new ChainRelaySettings(finality, tolerance, maxInFlight);
    }
}
