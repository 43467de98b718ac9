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
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
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

    @Test
    void a_runtime_registration_is_recorded_once_in_registration_order_and_survives_a_restart() {
        registry.<ChainRegistry.Registered>runCommand(
                r -> new ChainRegistry.SyncWithFile(List.of(chain("zz-file", "rpc-url = \"http://a\"")), r));
        Instant at = Instant.parse("2026-11-22T10:00:00Z");
        var added = registry.<StatusReply<ChainRegistry.Entry>>runCommand(r ->
                new ChainRegistry.Register(ChainId.of("aa-api"), "ethereum", "signer-key-env = KEY", "cmVn", at, r));
        ChainRegistry.ChainRegistered event = added.eventOfType(ChainRegistry.ChainRegistered.class);
        assertThat(event.source()).isEqualTo("api");
        assertThat(event.registeredAtMillis()).isEqualTo(at.toEpochMilli());
        assertThat(event.registration()).isEqualTo("cmVn");
        assertThat(added.reply().isSuccess()).isTrue();
        assertThat(added.reply().getValue().source()).isEqualTo("api");

        var again = registry.<StatusReply<ChainRegistry.Entry>>runCommand(
                r -> new ChainRegistry.Register(ChainId.of("aa-api"), "ethereum", "signer-key-env = OTHER", "", at, r));
        assertThat(again.hasNoEvents()).isTrue();
        assertThat(again.reply().isError()).isTrue();
        assertThat(again.reply().getError().getMessage()).contains("registered already");

        registry.restart();
        var after = registry.<ChainRegistry.Registered>runCommand(ChainRegistry.GetRegistered::new);
        // registration order, not id order
        assertThat(after.reply().chains())
                .extracting(ChainRegistry.Entry::chain)
                .containsExactly(ChainId.of("zz-file"), ChainId.of("aa-api"));
        ChainRegistry.Entry api = after.reply().chains().get(1);
        assertThat(api.registeredAt()).isEqualTo(at);
        assertThat(api.registration()).contains("cmVn");
        assertThat(api.configHocon()).isEqualTo("signer-key-env = KEY");
        assertThat(after.reply().chains().get(0).source()).isEqualTo("file");
        assertThat(after.reply().chains().get(0).registration()).isEmpty();
    }

    @Test
    void pause_and_resume_are_persisted_idempotent_and_refused_for_an_unknown_chain() {
        registry.<ChainRegistry.Registered>runCommand(
                r -> new ChainRegistry.SyncWithFile(List.of(chain("eth-dev", "rpc-url = \"http://a\"")), r));
        ChainId eth = ChainId.of("eth-dev");
        var paused = registry.<StatusReply<ChainRegistry.Entry>>runCommand(
                r -> new ChainRegistry.Pause(eth, "maintenance", r));
        assertThat(paused.eventOfType(ChainRegistry.ChainPaused.class).reason()).isEqualTo("maintenance");
        assertThat(paused.reply().getValue().paused()).isTrue();
        var twice =
                registry.<StatusReply<ChainRegistry.Entry>>runCommand(r -> new ChainRegistry.Pause(eth, "again", r));
        assertThat(twice.hasNoEvents()).isTrue();
        assertThat(twice.reply().getValue().pauseReason()).isEqualTo("maintenance");

        registry.restart();
        var afterRestart = registry.<ChainRegistry.Registered>runCommand(ChainRegistry.GetRegistered::new);
        assertThat(afterRestart.reply().chain(eth))
                .hasValueSatisfying(e -> assertThat(e.paused()).isTrue());

        var resumed = registry.<StatusReply<ChainRegistry.Entry>>runCommand(r -> new ChainRegistry.Resume(eth, r));
        assertThat(resumed.eventOfType(ChainRegistry.ChainResumed.class).chainId())
                .isEqualTo("eth-dev");
        assertThat(resumed.reply().getValue().paused()).isFalse();
        var resumedTwice = registry.<StatusReply<ChainRegistry.Entry>>runCommand(r -> new ChainRegistry.Resume(eth, r));
        assertThat(resumedTwice.hasNoEvents()).isTrue();

        var unknown = registry.<StatusReply<ChainRegistry.Entry>>runCommand(
                r -> new ChainRegistry.Pause(ChainId.of("nope"), "x", r));
        assertThat(unknown.hasNoEvents()).isTrue();
        assertThat(unknown.reply().getError().getMessage()).contains("nope").contains("not registered");
    }

    @Test
    void an_event_written_before_runtime_registration_existed_replays_as_a_chain_of_the_file() {
        registry.persistenceTestKit()
                .persistForRecovery(
                        ChainRegistry.PERSISTENCE_ID.id(),
                        List.of(new ChainRegistry.ChainRegistered("old-chain", "ethereum", "x = 1", null, 0, null)));
        registry.restart();
        var after = registry.<ChainRegistry.Registered>runCommand(ChainRegistry.GetRegistered::new);
        assertThat(after.reply().chains()).singleElement().satisfies(e -> {
            assertThat(e.chain()).isEqualTo(ChainId.of("old-chain"));
            assertThat(e.source()).isEqualTo("file");
            assertThat(e.registeredAt()).isEqualTo(Instant.EPOCH);
            assertThat(e.registration()).isEmpty();
            assertThat(e.paused()).isFalse();
        });
    }

    private static ChainConfig chain(String id, String hocon) {
        Config c = ConfigFactory.parseString("id = " + id + ", type = ethereum, " + hocon);
        return new ChainConfig(ChainId.of(id), "ethereum", c, ChainRelaySettings.fromConfig(c, "xrelay.chains[0]"));
    }
}
