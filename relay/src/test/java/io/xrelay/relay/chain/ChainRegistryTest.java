/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.ChainId;
import io.xrelay.relay.config.ChainConfig;
import io.xrelay.relay.config.ChainRelaySettings;
import io.xrelay.relay.config.RelayConfig;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ChainRegistryTest {
    private static ActorTestKit kit;
    private EventSourcedBehaviorTestKit<ChainRegistry.Command, ChainRegistry.Event, ChainRegistry.State> registry;

    @BeforeAll
    static void startKit() {
        kit = ActorTestKit.create(
                "ChainRegistryTest",
                EventSourcedBehaviorTestKit.config()
                        .withFallback(RelayConfig.actorSystemDefaults())
                        .withFallback(ConfigFactory.load()));
    }

    @AfterAll
    static void stopKit() {
        kit.shutdownTestKit();
    }

    @BeforeEach
    void newRegistry() {
        // commands are local only (they carry the file's config objects); events and state are checked
        registry = EventSourcedBehaviorTestKit.create(
                kit.system(),
                ChainRegistry.create(),
                EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyCommands(false));
        registry.clear();
    }

    @Test
    void chains_of_the_file_are_registered_once_and_a_changed_entry_is_updated() {
        var first = registry.<ChainRegistry.Registered>runCommand(r -> new ChainRegistry.SyncWithFile(
                List.of(chain("eth-dev", "rpc-url = \"http://a\""), chain("fabric-dev", "channel = c")), r));
        assertThat(first.events()).hasSize(2).allSatisfy(e -> assertThat(e)
                .isInstanceOf(ChainRegistry.ChainRegistered.class));
        assertThat(first.reply().chains())
                .extracting(ChainRegistry.Entry::chain)
                .containsExactly(ChainId.of("eth-dev"), ChainId.of("fabric-dev"));

        var same = registry.<ChainRegistry.Registered>runCommand(
                r -> new ChainRegistry.SyncWithFile(List.of(chain("eth-dev", "rpc-url = \"http://a\"")), r));
        assertThat(same.hasNoEvents()).isTrue();
        assertThat(same.reply().chains()).hasSize(2);

        var changed = registry.<ChainRegistry.Registered>runCommand(
                r -> new ChainRegistry.SyncWithFile(List.of(chain("eth-dev", "rpc-url = \"http://b\"")), r));
        assertThat(changed.eventOfType(ChainRegistry.ChainUpdated.class).configHocon())
                .contains("http://b");
    }

    @Test
    void the_journal_never_holds_a_signer_key() {
        var result = registry.<ChainRegistry.Registered>runCommand(r -> new ChainRegistry.SyncWithFile(
                List.of(chain("eth-dev", "signer-key = \"0xdeadbeefcafe\", nested { password = hunter2 }")), r));
        String stored = result.eventOfType(ChainRegistry.ChainRegistered.class).configHocon();
        assertThat(stored)
                .doesNotContain("deadbeefcafe")
                .doesNotContain("hunter2")
                .contains("<redacted>");
    }

    @Test
    void a_deregistered_chain_is_gone_after_a_restart_and_deregistering_twice_changes_nothing() {
        registry.<ChainRegistry.Registered>runCommand(r -> new ChainRegistry.SyncWithFile(
                List.of(chain("eth-dev", "rpc-url = \"http://a\""), chain("fabric-dev", "channel = c")), r));
        var gone = registry.<ChainRegistry.Registered>runCommand(
                r -> new ChainRegistry.Deregister(ChainId.of("eth-dev"), r));
        assertThat(gone.eventOfType(ChainRegistry.ChainDeregistered.class).chainId())
                .isEqualTo("eth-dev");
        var again = registry.<ChainRegistry.Registered>runCommand(
                r -> new ChainRegistry.Deregister(ChainId.of("eth-dev"), r));
        assertThat(again.hasNoEvents()).isTrue();

        registry.restart();
        var after = registry.<ChainRegistry.Registered>runCommand(ChainRegistry.GetRegistered::new);
        assertThat(after.reply().chains())
                .extracting(ChainRegistry.Entry::chain)
                .containsExactly(ChainId.of("fabric-dev"));
    }

    private static ChainConfig chain(String id, String hocon) {
        Config c = ConfigFactory.parseString("id = " + id + ", type = ethereum, " + hocon);
        return new ChainConfig(ChainId.of(id), "ethereum", c, ChainRelaySettings.fromConfig(c, "xrelay.chains[0]"));
    }
}
