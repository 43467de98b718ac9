/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import com.typesafe.config.Config;

/**
 * Makes adapters of one {@link #type()}. Discovered through
 * {@code META-INF/services/io.xrelay.adapter.ChainAdapterProvider}; must not throw on load.
 */
public interface ChainAdapterProvider {
    /** The name used as {@code type = ...} in a chain's configuration, e.g. {@code ethereum}. */
    String type();

    /**
     * Parses and validates {@code chainConfig} and makes the adapter.
     *
     * @throws AdapterConfigException naming the key, when the configuration is unusable
     */
    ChainAdapter create(ChainId id, Config chainConfig);
}
