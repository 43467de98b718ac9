/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import com.typesafe.config.Config;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainAdapterProvider;
import io.xrelay.adapter.ChainId;
import java.time.Clock;

/**
 * Makes Ethereum adapters ({@code type = ethereum}); the keys a chain's configuration takes are documented in this
 * module's {@code reference.conf}. Creating an adapter parses and checks the configuration only; the node is first
 * contacted by the adapter's first call.
 */
public final class EthereumAdapterProvider implements ChainAdapterProvider {
    /** The type name used in configuration. */
    public static final String TYPE = "ethereum";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ChainAdapter create(ChainId id, Config chainConfig) {
        return new EthereumAdapter(id, EthereumConfig.parse(id, chainConfig), Clock.systemUTC());
    }
}
