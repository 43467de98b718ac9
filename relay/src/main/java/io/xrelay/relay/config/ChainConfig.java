/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import io.xrelay.adapter.ChainId;
import java.util.Set;

/**
 * One entry of {@code xrelay.chains}: the chain's id, its adapter type, the whole entry as the adapter reads it (the
 * {@code relay} block is the relay's own; adapters ignore keys they do not know) and the relay's settings for it.
 *
 * @param id the chain's id
 * @param type the adapter type ({@code ethereum}, {@code fabric}, {@code in-memory})
 * @param config the chain's entry, given as is to {@link io.xrelay.adapter.ChainAdapterProvider#create}
 * @param relay the {@code relay { ... }} block, with the type's defaults
 */
public record ChainConfig(ChainId id, String type, Config config, ChainRelaySettings relay) {
    /** Keys whose values are secrets: never rendered into a journal or a log. */
    private static final Set<String> SECRET_KEYS = Set.of("signer-key", "password", "private-key");

    /**
     * The entry as HOCON text without its secrets (values of {@code signer-key}, {@code password} and
     * {@code private-key} at any depth are replaced by {@code "<redacted>"}), fit for a journal: a change of any other
     * value changes the text.
     */
    public String redactedHocon() {
        Config redacted = config;
        for (var entry : config.entrySet()) {
            String path = entry.getKey();
            String last = path.substring(path.lastIndexOf('.') + 1).replace("\"", "");
            if (SECRET_KEYS.contains(last)) {
                redacted = redacted.withValue(path, ConfigValueFactory.fromAnyRef("<redacted>"));
            }
        }
        return redacted.root()
                .render(ConfigRenderOptions.concise().setFormatted(false).setJson(false));
    }

    @Override
    public String toString() {
        return "ChainConfig[" + id + ", type " + type + ", " + relay + "]";
    }
}
