/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValueType;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Reads single values out of one block of HOCON and turns every failure into a {@link ConfigException} naming the
 * full key ({@code xrelay.pairs[0].rate}) and where the value was set, so that callers can parse a list element with
 * its full path in the messages.
 */
final class Hocon {
    private Hocon() {}

    /** {@code prefix.key}, or {@code key} when {@code prefix} is empty. */
    static String path(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    static ConfigException bad(Config block, String prefix, String key, String message) {
        return new ConfigException.BadValue(origin(block, key), path(prefix, key), message);
    }

    private static ConfigException bad(Config block, String prefix, String key, String message, Throwable cause) {
        return new ConfigException.BadValue(origin(block, key), path(prefix, key), message, cause);
    }

    private static ConfigOrigin origin(Config block, String key) {
        return block.hasPath(key) ? block.getValue(key).origin() : block.origin();
    }

    static String string(Config block, String prefix, String key) {
        requirePresent(block, prefix, key);
        try {
            return block.getString(key);
        } catch (ConfigException.WrongType e) {
            throw bad(
                    block,
                    prefix,
                    key,
                    "expected a string, got " + block.getValue(key).valueType(),
                    e);
        }
    }

    static Duration duration(Config block, String prefix, String key) {
        requirePresent(block, prefix, key);
        Duration d;
        try {
            d = block.getDuration(key);
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw bad(
                    block,
                    prefix,
                    key,
                    "expected a duration such as 15s or 200ms, got "
                            + block.getValue(key).render(),
                    e);
        }
        if (d.isNegative()) {
            throw bad(block, prefix, key, "must not be negative, got " + d);
        }
        return d;
    }

    static Duration positiveDuration(Config block, String prefix, String key) {
        Duration d = duration(block, prefix, key);
        if (d.isZero()) {
            throw bad(
                    block,
                    prefix,
                    key,
                    "must be positive, got " + block.getValue(key).render());
        }
        return d;
    }

    static int positiveInt(Config block, String prefix, String key) {
        requirePresent(block, prefix, key);
        int n;
        try {
            n = block.getInt(key);
        } catch (ConfigException.WrongType e) {
            throw bad(
                    block,
                    prefix,
                    key,
                    "expected a whole number, got " + block.getValue(key).render(),
                    e);
        }
        if (n <= 0) {
            throw bad(block, prefix, key, "must be positive, got " + n);
        }
        return n;
    }

    /** A whole number of any size, given as a HOCON number or a string of decimal digits. */
    static BigInteger bigInteger(Config block, String prefix, String key) {
        String text = scalar(block, prefix, key);
        try {
            return new BigInteger(text);
        } catch (NumberFormatException e) {
            throw bad(
                    block,
                    prefix,
                    key,
                    "expected a whole number (quote large ones: \"1000000000000000000000\"), got " + text,
                    e);
        }
    }

    /** A decimal number given as a string ({@code "1.05"}) or a HOCON number. */
    static BigDecimal decimal(Config block, String prefix, String key) {
        String text = scalar(block, prefix, key);
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw bad(block, prefix, key, "expected a decimal number such as \"1.0\", got " + text, e);
        }
    }

    static ChainId chainId(Config block, String prefix, String key) {
        String text = string(block, prefix, key);
        try {
            return ChainId.of(text);
        } catch (IllegalArgumentException e) {
            throw bad(block, prefix, key, e.getMessage() == null ? "not a chain id: " + text : e.getMessage(), e);
        }
    }

    static Asset asset(Config block, String prefix, String key) {
        String text = string(block, prefix, key);
        try {
            return Asset.of(text);
        } catch (IllegalArgumentException e) {
            throw bad(block, prefix, key, e.getMessage() == null ? "not an asset id: " + text : e.getMessage(), e);
        }
    }

    static Config block(Config block, String prefix, String key) {
        requirePresent(block, prefix, key);
        if (block.getValue(key).valueType() != ConfigValueType.OBJECT) {
            throw bad(
                    block,
                    prefix,
                    key,
                    "expected a block { ... }, got " + block.getValue(key).valueType());
        }
        return block.getConfig(key);
    }

    private static String scalar(Config block, String prefix, String key) {
        requirePresent(block, prefix, key);
        ConfigValueType type = block.getValue(key).valueType();
        if (type != ConfigValueType.STRING && type != ConfigValueType.NUMBER) {
            throw bad(block, prefix, key, "expected a number or a string, got " + type);
        }
        return block.getString(key).strip();
    }

    private static void requirePresent(Config block, String prefix, String key) {
        if (!block.hasPath(key)) {
            throw new ConfigException.Missing(block.origin(), path(prefix, key));
        }
    }
}
