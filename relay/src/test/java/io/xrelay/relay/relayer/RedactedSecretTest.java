/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.relayer;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.config.RelayConfig;
import io.xrelay.relay.config.RelayConfigException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain of the file whose entry held a secret value is stored with that value redacted; once the file no longer
 * lists it, the relay cannot rebuild it and says so, naming the key, instead of handing the adapter "<redacted>".
 */
class RedactedSecretTest {
    @TempDir
    Path dataDir;

    private RelayConfig config(String chains) {
        return RelayConfig.parse(ConfigFactory.parseString("xrelay { data-dir = \""
                + dataDir.toString().replace("\\", "/") + "\", chains = [" + chains
                + "], timing { poll-interval = 50ms } }"));
    }

    @Test
    void a_stored_chain_whose_secret_was_redacted_fails_boot_naming_the_key_and_what_to_do() throws Exception {
        try (TwoChains chains = new TwoChains()) {
            String entry =
                    chains.entry(TwoChains.A).replace("signer = relay,", "signer = relay, signer-key = \"0x0123\",");
            try (Relay first = Relay.start(config(entry), ChainActor.defaultAdapters(), TwoChains.clock())) {
                assertThat(first.ready()
                                .toCompletableFuture()
                                .get(60, TimeUnit.SECONDS)
                                .chains())
                        .extracting(RelayGuardian.ChainHeight::chain)
                        .containsExactly(TwoChains.A);
            }
            try (Relay second = Relay.start(config(""), ChainActor.defaultAdapters(), TwoChains.clock())) {
                Throwable failure;
                try {
                    second.ready().toCompletableFuture().get(60, TimeUnit.SECONDS);
                    failure = null;
                } catch (ExecutionException e) {
                    failure = e.getCause();
                }
                assertThat(failure).isInstanceOfSatisfying(RelayConfigException.class, e -> assertThat(e.getMessage())
                        .startsWith("registered chain chain-a.signer-key")
                        .contains("add the chain back to the file"));
            }
        }
    }
}
