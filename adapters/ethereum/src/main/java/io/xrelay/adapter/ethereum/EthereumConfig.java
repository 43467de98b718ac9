/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One Ethereum chain's settings, parsed once from HOCON and validated; defaults and their meaning are in this
 * module's {@code reference.conf} under {@code xrelay.adapter.ethereum.defaults}. The signer key is kept only as the
 * text it was given; {@link #toString()} never shows it.
 */
record EthereumConfig(
        URI rpcUrl,
        OptionalLong evmChainId,
        String htlcContract,
        String signerKey,
        BlockRef trustAnchor,
        int finalityDepth,
        Duration pollInterval,
        Duration requestTimeout,
        int maxHeadersPerPull,
        Duration rebroadcastAfter,
        HeaderRules.Config headerRules) {

    static final String DEFAULTS_PATH = "xrelay.adapter.ethereum.defaults";
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern KEY = Pattern.compile("(0x)?[0-9a-fA-F]{64}");
    private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");

    static EthereumConfig parse(ChainId chain, Config raw) {
        Config c = raw.withFallback(ConfigFactory.defaultReference().getConfig(DEFAULTS_PATH));
        URI rpcUrl = uri(chain, c, "rpc-url");
        OptionalLong evmChainId = c.hasPath("evm-chain-id")
                ? OptionalLong.of(positiveLong(chain, c, "evm-chain-id"))
                : OptionalLong.empty();
        String contract = string(chain, c, "htlc-contract");
        if (!ADDRESS.matcher(contract).matches()) {
            throw new AdapterConfigException(
                    chain, "htlc-contract", "must be 0x and 40 hex digits, got \"" + contract + '"');
        }
        String key = signerKey(chain, c, System::getenv);
        long anchorNumber = nonNegativeLong(chain, c, "trust-anchor.number");
        String anchorHash = string(chain, c, "trust-anchor.hash");
        if (!HASH.matcher(anchorHash).matches()) {
            throw new AdapterConfigException(
                    chain, "trust-anchor.hash", "must be 0x and 64 hex digits, got \"" + anchorHash + '"');
        }
        int depth = toInt(chain, "finality-depth", nonNegativeLong(chain, c, "finality-depth"));
        int maxHeaders = toInt(chain, "max-headers-per-pull", positiveLong(chain, c, "max-headers-per-pull"));
        return new EthereumConfig(
                rpcUrl,
                evmChainId,
                contract.toLowerCase(Locale.ROOT),
                key,
                new BlockRef(anchorNumber, Bytes.fromHex(anchorHash)),
                depth,
                positiveDuration(chain, c, "poll-interval"),
                positiveDuration(chain, c, "request-timeout"),
                maxHeaders,
                positiveDuration(chain, c, "rebroadcast-after"),
                headerRules(chain, c));
    }

    /** The keys that may give the signer's key; exactly one of them is set. */
    static final java.util.List<String> SIGNER_KEY_KEYS =
            java.util.List.of("signer-key", "signer-key-file", "signer-key-env");

    /**
     * The signer's private key, from exactly one of {@code signer-key} (the value), {@code signer-key-file} (a file
     * holding it) and {@code signer-key-env} (an environment variable holding it): 64 hex digits, with or without
     * {@code 0x}, surrounding white space ignored. The key itself is never put in a message.
     */
    static String signerKey(ChainId chain, Config c, java.util.function.UnaryOperator<@Nullable String> env) {
        java.util.List<String> given =
                SIGNER_KEY_KEYS.stream().filter(c::hasPath).toList();
        if (given.size() != 1) {
            throw new AdapterConfigException(
                    chain,
                    given.isEmpty() ? "signer-key" : given.get(1),
                    given.isEmpty()
                            ? "is required: set exactly one of signer-key, signer-key-file, signer-key-env"
                            : "set exactly one of signer-key, signer-key-file, signer-key-env; " + given + " are set");
        }
        String which = given.get(0);
        String key =
                switch (which) {
                    case "signer-key" -> string(chain, c, which);
                    case "signer-key-file" -> {
                        String file = string(chain, c, which);
                        try {
                            yield java.nio.file.Files.readString(java.nio.file.Path.of(file))
                                    .strip();
                        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
                            throw new AdapterConfigException(
                                    chain,
                                    which,
                                    "cannot read the key file " + file + ": "
                                            + e.getClass().getSimpleName(),
                                    e);
                        }
                    }
                    default -> {
                        String variable = string(chain, c, which);
                        String value = env.apply(variable);
                        if (value == null || value.isBlank()) {
                            throw new AdapterConfigException(
                                    chain, which, "the environment variable " + variable + " is not set or empty");
                        }
                        yield value.strip();
                    }
                };
        if (!KEY.matcher(key).matches()) {
            throw new AdapterConfigException(
                    chain,
                    which,
                    "must give 64 hex digits (a secp256k1 private key);" + " the value given is not (not shown)");
        }
        return key;
    }

    @Override
    public String toString() {
        return "EthereumConfig[rpcUrl=" + rpcUrl + ", evmChainId=" + evmChainId + ", htlcContract=" + htlcContract
                + ", signerKey=(hidden), trustAnchor=" + trustAnchor + ", finalityDepth=" + finalityDepth + "]";
    }

    private static String string(ChainId chain, Config c, String key) {
        try {
            String s = c.getString(key).strip();
            if (s.isEmpty()) {
                throw new AdapterConfigException(chain, key, "must not be empty");
            }
            return s;
        } catch (ConfigException.Missing e) {
            throw new AdapterConfigException(chain, key, "is required", e);
        } catch (ConfigException.WrongType e) {
            throw new AdapterConfigException(chain, key, "must be a string", e);
        }
    }

    private static URI uri(ChainId chain, Config c, String key) {
        String s = string(chain, c, key);
        try {
            URI u = URI.create(s);
            if ((!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) || u.getHost() == null) {
                throw new AdapterConfigException(chain, key, "must be an http(s) URL, got \"" + s + '"');
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new AdapterConfigException(chain, key, "must be an http(s) URL, got \"" + s + '"', e);
        }
    }

    private static long nonNegativeLong(ChainId chain, Config c, String key) {
        long v = number(chain, c, key);
        if (v < 0) {
            throw new AdapterConfigException(chain, key, "must not be negative, got " + v);
        }
        return v;
    }

    private static long positiveLong(ChainId chain, Config c, String key) {
        long v = number(chain, c, key);
        if (v <= 0) {
            throw new AdapterConfigException(chain, key, "must be positive, got " + v);
        }
        return v;
    }

    private static long number(ChainId chain, Config c, String key) {
        try {
            Number n = c.getNumber(key);
            if (!(n instanceof Integer || n instanceof Long)) {
                throw new AdapterConfigException(chain, key, "must be a whole number, got " + n);
            }
            return n.longValue();
        } catch (ConfigException.Missing e) {
            throw new AdapterConfigException(chain, key, "is required", e);
        } catch (ConfigException.WrongType e) {
            throw new AdapterConfigException(chain, key, "must be a whole number", e);
        }
    }

    private static int toInt(ChainId chain, String key, long value) {
        if (value > Integer.MAX_VALUE) {
            throw new AdapterConfigException(chain, key, "must be at most " + Integer.MAX_VALUE + ", got " + value);
        }
        return (int) value;
    }

    private static HeaderRules.Config headerRules(ChainId chain, Config c) {
        Config section;
        try {
            section = c.hasPath("rules") ? c.getConfig("rules") : ConfigFactory.empty();
        } catch (ConfigException.WrongType e) {
            throw new AdapterConfigException(chain, "rules", "must be an object of header rule settings", e);
        }
        try {
            return HeaderRules.Config.fromConfig(chain, section);
        } catch (AdapterConfigException e) {
            throw new AdapterConfigException(
                    chain,
                    "rules." + e.key(),
                    e.getMessage() == null
                            ? ""
                            : e.getMessage().substring(e.getMessage().indexOf("': ") + 3),
                    e);
        }
    }

    private static Duration positiveDuration(ChainId chain, Config c, String key) {
        try {
            Duration d = c.getDuration(key);
            if (d.isNegative() || d.isZero()) {
                throw new AdapterConfigException(chain, key, "must be positive, got " + d);
            }
            return d;
        } catch (ConfigException.Missing e) {
            throw new AdapterConfigException(chain, key, "is required", e);
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw new AdapterConfigException(chain, key, "must be a duration such as 500ms or 10s", e);
        }
    }
}
