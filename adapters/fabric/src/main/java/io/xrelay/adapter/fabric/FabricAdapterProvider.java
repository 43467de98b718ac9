/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.typesafe.config.Config;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainAdapterProvider;
import io.xrelay.adapter.ChainId;

/**
 * Makes Fabric adapters ({@code type = fabric}); the keys a chain's configuration takes are documented in this
 * module's {@code reference.conf}. Creating an adapter parses and checks the configuration and the files it names
 * (certificates, the signer's key, the trust anchor block); the peers are first contacted by the adapter's first
 * call.
 */
public final class FabricAdapterProvider implements ChainAdapterProvider {
    /** The type name used in configuration. */
    public static final String TYPE = "fabric";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ChainAdapter create(ChainId id, Config chainConfig) {
        return new FabricAdapter(id, FabricConfig.parse(id, chainConfig));
    }
}
