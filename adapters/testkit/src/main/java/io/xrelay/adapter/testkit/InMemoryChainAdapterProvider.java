/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainAdapterProvider;
import io.xrelay.adapter.ChainId;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Makes {@link InMemoryChainAdapter}s from configuration, type {@value #TYPE}. Chains live in a process-wide
 * registry by ledger name, so that adapters configured with the same ledger (one per signer) share one
 * {@link InMemoryChain}; tests may also {@linkplain #registerLedger register} a chain they built and name it in
 * configuration. Keys:
 *
 * <pre>
 * type = in-memory
 * signer = "relay"                  # the account the adapter signs with. Required.
 * ledger = "eth-test"               # the shared chain's name. [Default: the chain id]
 * # The keys below set up the ledger when the first adapter creates it; an adapter that joins an existing ledger
 * # may repeat them, with the same values only.
 * finality-depth = 0                # blocks on top of a block for it to be final. [Default: 0]
 * auto-mine = true                  # mine a block for every transaction. [Default: true]
 * block-time = 0s                   # clock advance per mined block. [Default: 0s]
 * genesis-time = "2026-01-01T00:00:00Z"   # [Default: 2026-01-01T00:00:00Z]
 * reorged-transactions = requeue    # requeue | drop. [Default: requeue]
 * balances { relay { native = 1000, TKN = "5000" } }   # minted at creation. [Default: none]
 * </pre>
 *
 * A bad value fails with an {@link AdapterConfigException} naming the key's path.
 */
public final class InMemoryChainAdapterProvider implements ChainAdapterProvider {
    /** The configuration's {@code type}. */
    public static final String TYPE = "in-memory";

    /** A shared chain and the balances it was created with, when configuration created it. */
    private record Ledger(InMemoryChain chain, @Nullable Map<Account, Map<Asset, Amount>> initialBalances) {}

    private static final ConcurrentMap<String, Ledger> LEDGERS = new ConcurrentHashMap<>();

    /** For {@link java.util.ServiceLoader}. */
    public InMemoryChainAdapterProvider() {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public InMemoryChainAdapter create(ChainId id, Config chainConfig) {
        Account signer = account(id, "signer", string(id, chainConfig, "signer", null));
        String ledgerName = string(id, chainConfig, "ledger", id.value());
        if (ledgerName.isBlank()) {
            throw new AdapterConfigException(id, "ledger", "must not be blank");
        }
        Settings settings = Settings.parse(id, chainConfig);
        Ledger ledger;
        synchronized (LEDGERS) {
            Ledger existing = LEDGERS.get(ledgerName);
            if (existing == null) {
                InMemoryChain chain = settings.newChain(id);
                Map<Account, Map<Asset, Amount>> balances = settings.balances == null ? Map.of() : settings.balances;
                balances.forEach(
                        (account, assets) -> assets.forEach((asset, amount) -> chain.mint(account, asset, amount)));
                ledger = new Ledger(chain, balances);
                LEDGERS.put(ledgerName, ledger);
            } else {
                settings.requireCompatible(id, ledgerName, existing);
                ledger = existing;
            }
        }
        return ledger.chain().newAdapter(signer);
    }

    /** Makes {@code chain} the ledger named {@code name}, for configuration to name. */
    public static void registerLedger(String name, InMemoryChain chain) {
        if (LEDGERS.putIfAbsent(name, new Ledger(chain, null)) != null) {
            throw new IllegalStateException("a ledger named '" + name + "' exists already");
        }
    }

    /** The ledger named {@code name}, if any. */
    public static Optional<InMemoryChain> ledger(String name) {
        return Optional.ofNullable(LEDGERS.get(name)).map(Ledger::chain);
    }

    /** Forgets the ledger named {@code name}; adapters of it keep working. */
    public static Optional<InMemoryChain> removeLedger(String name) {
        return Optional.ofNullable(LEDGERS.remove(name)).map(Ledger::chain);
    }

    /** The ledger-level keys, each null when absent. */
    private record Settings(
            @Nullable Integer finalityDepth,
            @Nullable Boolean autoMine,
            @Nullable Duration blockTime,
            @Nullable Instant genesisTime,
            InMemoryChain.@Nullable ReorgPolicy reorgPolicy,
            @Nullable Map<Account, Map<Asset, Amount>> balances) {

        static Settings parse(ChainId id, Config c) {
            Integer depth = null;
            if (c.hasPath("finality-depth")) {
                depth = get(id, "finality-depth", () -> c.getInt("finality-depth"));
                if (depth < 0) {
                    throw new AdapterConfigException(id, "finality-depth", "must not be negative, got " + depth);
                }
            }
            Boolean autoMine = c.hasPath("auto-mine") ? get(id, "auto-mine", () -> c.getBoolean("auto-mine")) : null;
            Duration blockTime = null;
            if (c.hasPath("block-time")) {
                blockTime = get(id, "block-time", () -> c.getDuration("block-time"));
                if (blockTime.isNegative()) {
                    throw new AdapterConfigException(id, "block-time", "must not be negative, got " + blockTime);
                }
            }
            Instant genesis = null;
            if (c.hasPath("genesis-time")) {
                String text = string(id, c, "genesis-time", null);
                try {
                    genesis = Instant.parse(text);
                } catch (DateTimeParseException e) {
                    throw new AdapterConfigException(
                            id, "genesis-time", "not an ISO-8601 instant such as 2026-01-01T00:00:00Z: " + text, e);
                }
                if (genesis.getEpochSecond() <= 0) {
                    throw new AdapterConfigException(id, "genesis-time", "must be after 1970-01-01T00:00:00Z");
                }
            }
            InMemoryChain.ReorgPolicy policy = null;
            if (c.hasPath("reorged-transactions")) {
                String text = string(id, c, "reorged-transactions", null);
                policy = switch (text.toLowerCase(Locale.ROOT)) {
                    case "requeue" -> InMemoryChain.ReorgPolicy.REQUEUE;
                    case "drop" -> InMemoryChain.ReorgPolicy.DROP;
                    default ->
                        throw new AdapterConfigException(
                                id, "reorged-transactions", "must be requeue or drop, got '" + text + "'");
                };
            }
            Map<Account, Map<Asset, Amount>> balances = c.hasPath("balances") ? balances(id, c) : null;
            return new Settings(depth, autoMine, blockTime, genesis, policy, balances);
        }

        InMemoryChain newChain(ChainId id) {
            InMemoryChain.Builder b = InMemoryChain.builder(id);
            if (finalityDepth != null) {
                b.finalityDepth(finalityDepth);
            }
            if (autoMine != null) {
                b.autoMine(autoMine);
            }
            if (blockTime != null) {
                b.blockTime(blockTime);
            }
            if (genesisTime != null) {
                b.genesisTime(genesisTime);
            }
            if (reorgPolicy != null) {
                b.reorgPolicy(reorgPolicy);
            }
            return b.build();
        }

        void requireCompatible(ChainId id, String name, Ledger ledger) {
            InMemoryChain chain = ledger.chain();
            if (!chain.id().equals(id)) {
                throw new AdapterConfigException(
                        id, "ledger", "ledger '" + name + "' is the ledger of chain " + chain.id() + ", not " + id);
            }
            same(id, name, "finality-depth", finalityDepth, chain.finalityDepth());
            same(id, name, "auto-mine", autoMine, chain.autoMine());
            same(id, name, "block-time", blockTime, chain.blockTime());
            same(id, name, "genesis-time", genesisTime, chain.blocks().get(0).timestamp());
            same(id, name, "reorged-transactions", reorgPolicy, chain.reorgPolicy());
            if (balances != null) {
                if (ledger.initialBalances() == null) {
                    throw new AdapterConfigException(
                            id, "balances", "ledger '" + name + "' was registered by code: mint on it instead");
                }
                same(id, name, "balances", balances, ledger.initialBalances());
            }
        }

        private static void same(ChainId id, String name, String key, @Nullable Object configured, Object actual) {
            if (configured != null && !Objects.equals(configured, actual)) {
                throw new AdapterConfigException(
                        id,
                        key,
                        "ledger '" + name + "' exists already with " + key + " " + actual + ", not " + configured);
            }
        }

        private static Map<Account, Map<Asset, Amount>> balances(ChainId id, Config c) {
            ConfigObject accounts = get(id, "balances", () -> c.getObject("balances"));
            Map<Account, Map<Asset, Amount>> result = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigValue> byAccount : accounts.entrySet()) {
                String accountKey = ConfigUtil.joinPath("balances", byAccount.getKey());
                Account account = account(id, accountKey, byAccount.getKey());
                if (byAccount.getValue().valueType() != ConfigValueType.OBJECT) {
                    throw new AdapterConfigException(
                            id,
                            accountKey,
                            "must be an object of asset = amount, got "
                                    + byAccount.getValue().valueType());
                }
                Map<Asset, Amount> assets = new LinkedHashMap<>();
                for (Map.Entry<String, ConfigValue> byAsset : ((ConfigObject) byAccount.getValue()).entrySet()) {
                    String key = ConfigUtil.joinPath("balances", byAccount.getKey(), byAsset.getKey());
                    Asset asset;
                    try {
                        asset = Asset.of(byAsset.getKey());
                    } catch (IllegalArgumentException e) {
                        throw new AdapterConfigException(id, key, String.valueOf(e.getMessage()), e);
                    }
                    assets.put(asset, amount(id, key, byAsset.getValue()));
                }
                result.put(account, Map.copyOf(assets));
            }
            return Map.copyOf(result);
        }

        private static Amount amount(ChainId id, String key, ConfigValue value) {
            Object raw = value.unwrapped();
            if (!(raw instanceof Number) && !(raw instanceof String)) {
                throw new AdapterConfigException(
                        id,
                        key,
                        "must be a non-negative integer (a number or a string of digits), got " + value.valueType());
            }
            try {
                return Amount.of(new BigInteger(raw.toString().strip()));
            } catch (IllegalArgumentException e) {
                throw new AdapterConfigException(
                        id, key, "must be a non-negative integer of at most 256 bits, got '" + raw + "'", e);
            }
        }
    }

    private static String string(ChainId id, Config c, String key, @Nullable String fallback) {
        if (!c.hasPath(key)) {
            if (fallback == null) {
                throw new AdapterConfigException(id, key, "is required");
            }
            return fallback;
        }
        return get(id, key, () -> c.getString(key));
    }

    private static Account account(ChainId id, String key, String value) {
        try {
            return Account.of(value);
        } catch (IllegalArgumentException e) {
            throw new AdapterConfigException(id, key, String.valueOf(e.getMessage()), e);
        }
    }

    private interface Read<T> {
        T read();
    }

    private static <T> T get(ChainId id, String key, Read<T> read) {
        try {
            return read.read();
        } catch (ConfigException e) {
            throw new AdapterConfigException(id, key, String.valueOf(e.getMessage()), e);
        }
    }
}
