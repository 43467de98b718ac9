/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * The relay's own name for a chain, as in configuration ({@code eth-sepolia}, {@code fabric-trade}): lower-case
 * letters, digits and dashes, starting with a letter, at most 63 characters.
 */
public record ChainId(String value) implements Serializable {
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public ChainId {
        if (!VALID.matcher(value).matches()) {
            throw new IllegalArgumentException("chain id must match [a-z][a-z0-9-]{0,62}, got \"" + value + '"');
        }
    }

    public static ChainId of(String value) {
        return new ChainId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
