/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.xrelay.adapter.ChainAdapterRegistry;
import io.xrelay.adapter.ChainId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The relay's whole configuration, parsed once from a HOCON file (with {@code reference.conf} underneath) and
 * checked as a whole: every key of {@code xrelay} is known, every chain has a known adapter type and a unique id.
 * The file may list no chain (chains are then registered at runtime), and a pair may name a chain the file does not
 * configure: such a pair is inactive until a chain of that id is registered. Any problem fails with a
 * {@link RelayConfigException} naming the full key.
 *
 * <pre>{@code
 * xrelay {
 *   data-dir = "./data"
 *   persistence { backend = h2 }
 *   chains = [ { id = eth-dev, type = ethereum, ..., relay { finality-time = 5s, clock-tolerance = 15s } } ]
 *   pairs = [ { from { chain = fabric-dev, asset = USD }, to { chain = eth-dev, asset = "0x..." }, max = 1000 } ]
 *   timing { safety-margin = 60s }
 * }
 * }</pre>
 *
 * @param persistence the journal's database and the data folder
 * @param chains the chains of the file, in its order
 * @param pairs the directional pairs
 * @param timing the timing rules
 * @param api the gRPC API's address and credentials
 * @param root the whole resolved configuration (the actor system's settings come from it too)
 */
public record RelayConfig(
        PersistenceConfig persistence,
        List<ChainConfig> chains,
        List<PairConfig> pairs,
        TimingConfig timing,
        ApiConfig api,
        Config root) {
    /** The class-path resource of {@link #actorSystemDefaults()}. */
    public static final String ACTOR_SYSTEM_DEFAULTS = "io/xrelay/relay/actor-system.conf";

    private static final String XRELAY = "xrelay";

    public RelayConfig {
        chains = List.copyOf(chains);
        pairs = List.copyOf(pairs);
    }

    /**
     * Reads {@code file}, falls back to the class path's {@code reference.conf}, resolves substitutions (including
     * {@code ${?ENV}}) and parses it.
     *
     * @throws RelayConfigException naming the key, or {@code config} for a file that cannot be read or parsed
     */
    public static RelayConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new RelayConfigException("config", "no such file: " + file);
        }
        Config parsed;
        try {
            parsed = ConfigFactory.parseFile(
                    file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw translate(e);
        }
        return parse(parsed);
    }

    /** Parses {@code config} (falling back to {@code reference.conf}) with the adapter types on the class path. */
    public static RelayConfig parse(Config config) {
        return parse(config, ChainAdapterRegistry.loadDefault());
    }

    /**
     * Parses {@code config} (falling back to {@code reference.conf}, then resolved) with the adapter types of
     * {@code adapters}.
     *
     * @throws RelayConfigException naming the key
     */
    public static RelayConfig parse(Config config, ChainAdapterRegistry adapters) {
        try {
            Config reference = ConfigFactory.defaultReference();
            return parseResolved(layered(config, reference), reference, adapters);
        } catch (ConfigException e) {
            throw translate(e);
        }
    }

    /**
     * The whole configuration: system-property overrides, then {@code config}, then the relay's settings of its
     * libraries ({@link #ACTOR_SYSTEM_DEFAULTS}), then {@code reference}; resolved.
     */
    static Config layered(Config config, Config reference) {
        return ConfigFactory.defaultOverrides()
                .withFallback(config)
                .withFallback(actorSystemDefaults())
                .withFallback(reference)
                .resolve();
    }

    /**
     * The relay's settings of Pekko and pekko-persistence-jdbc (journal plugin, serialization bindings, SLF4J
     * logging, the shared database), unresolved. They are kept out of {@code reference.conf}: the runnable jar
     * concatenates every library's {@code reference.conf} after the relay's, and there the libraries' own defaults
     * (such as {@code pekko.persistence.journal.plugin = ""}) would win.
     */
    public static Config actorSystemDefaults() {
        return ConfigFactory.parseResources(
                RelayConfig.class,
                "/" + ACTOR_SYSTEM_DEFAULTS,
                ConfigParseOptions.defaults().setAllowMissing(false));
    }

    /** The chain with {@code id}, if the file configures it. */
    public Optional<ChainConfig> chain(ChainId id) {
        return chains.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The data folder: the H2 journal and adapters' state. */
    public Path dataDir() {
        return persistence.dataDir();
    }

    private static RelayConfig parseResolved(Config root, Config reference, ChainAdapterRegistry adapters) {
        if (!root.hasPath(XRELAY) || root.getValue(XRELAY).valueType() != ConfigValueType.OBJECT) {
            throw new RelayConfigException(XRELAY, "must be a block { ... }");
        }
        Config xrelay = root.getConfig(XRELAY);
        Set<String> known = reference.hasPath(XRELAY)
                ? reference.getObject(XRELAY).keySet()
                : Set.of("data-dir", "persistence", "chains", "pairs", "timing");
        for (String key : root.getObject(XRELAY).keySet()) {
            if (!known.contains(key)) {
                throw new RelayConfigException(XRELAY + "." + key, "unknown key; known keys: " + new TreeSet<>(known));
            }
        }
        PersistenceConfig persistence = PersistenceConfig.fromConfig(xrelay, XRELAY);
        List<ChainConfig> chains = chains(xrelay, adapters);
        // a pair may name a chain registered at runtime (or not yet): it is inactive while that chain is not
        List<PairConfig> pairs = PairConfig.listFromConfig(xrelay, XRELAY, "pairs");
        if (!xrelay.hasPath("timing") || xrelay.getValue("timing").valueType() != ConfigValueType.OBJECT) {
            throw new RelayConfigException(XRELAY + ".timing", "must be a block { ... }");
        }
        TimingConfig timing = TimingConfig.fromConfig(xrelay.getConfig("timing"), XRELAY + ".timing");
        ApiConfig api = ApiConfig.fromConfig(xrelay, XRELAY, System::getenv);
        return new RelayConfig(persistence, chains, pairs, timing, api, root);
    }

    private static List<ChainConfig> chains(Config xrelay, ChainAdapterRegistry adapters) {
        String key = XRELAY + ".chains";
        if (!xrelay.hasPath("chains")) {
            throw new RelayConfigException(key, "is required: a list of chain blocks");
        }
        ConfigValue value = xrelay.getValue("chains");
        if (value.valueType() != ConfigValueType.LIST) {
            throw new RelayConfigException(
                    key,
                    "must be a list of chain blocks [ { id = ..., type = ... } ], got "
                            + value.valueType().name().toLowerCase(java.util.Locale.ROOT));
        }
        List<? extends ConfigValue> entries = xrelay.getList("chains");
        List<ChainConfig> chains = new ArrayList<>();
        Map<ChainId, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String path = key + "[" + i + "]";
            ConfigValue entryValue = entries.get(i);
            if (entryValue.valueType() != ConfigValueType.OBJECT) {
                throw new RelayConfigException(
                        path,
                        "must be a chain block { id = ..., type = ... }, got "
                                + entryValue.valueType().name().toLowerCase(java.util.Locale.ROOT));
            }
            Config entry = ((com.typesafe.config.ConfigObject) entryValue).toConfig();
            ChainId id = Hocon.chainId(entry, path, "id");
            String type = Hocon.string(entry, path, "type");
            if (!adapters.types().contains(type)) {
                throw new RelayConfigException(
                        path + ".type", "unknown adapter type '" + type + "'; known types: " + adapters.types());
            }
            Integer earlier = seen.putIfAbsent(id, i);
            if (earlier != null) {
                throw new RelayConfigException(
                        path + ".id", "chain " + id + " is already defined by " + key + "[" + earlier + "]");
            }
            ChainRelaySettings relay = ChainRelaySettings.fromConfig(entry, path);
            chains.add(new ChainConfig(id, type, entry, relay));
        }
        return chains;
    }

    private static final Pattern BAD_VALUE = Pattern.compile("Invalid value at '([^']*)': (.*)", Pattern.DOTALL);
    private static final Pattern MISSING =
            Pattern.compile("No configuration setting found for key '([^']*)'.*", Pattern.DOTALL);
    private static final Pattern WRONG_TYPE =
            Pattern.compile("([^ ]+) has type (\\S+) rather than (.*)", Pattern.DOTALL);

    /** Turns the config library's message into {@code key: problem (where)}. */
    static RelayConfigException translate(ConfigException e) {
        ConfigOrigin origin = e.origin();
        String message = String.valueOf(e.getMessage());
        String prefix = origin == null ? "" : origin.description() + ": ";
        String text = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        String where = where(origin);
        Matcher bad = BAD_VALUE.matcher(text);
        if (bad.matches()) {
            return new RelayConfigException(bad.group(1), bad.group(2) + where, e);
        }
        Matcher missing = MISSING.matcher(text);
        if (missing.matches()) {
            return new RelayConfigException(missing.group(1), "is required" + where, e);
        }
        Matcher wrong = WRONG_TYPE.matcher(text);
        if (wrong.matches()) {
            return new RelayConfigException(
                    wrong.group(1), "must be " + wrong.group(3) + ", got " + wrong.group(2) + where, e);
        }
        return new RelayConfigException("config", message, e);
    }

    private static String where(@Nullable ConfigOrigin origin) {
        if (origin == null || origin.filename() == null || origin.lineNumber() < 0) {
            return "";
        }
        return " (" + Path.of(origin.filename()).getFileName() + " line " + origin.lineNumber() + ")";
    }
}
