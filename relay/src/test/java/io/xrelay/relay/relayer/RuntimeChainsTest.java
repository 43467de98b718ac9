/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.relayer;

import static io.xrelay.relay.relayer.TwoChains.A;
import static io.xrelay.relay.relayer.TwoChains.AAA;
import static io.xrelay.relay.relayer.TwoChains.B;
import static io.xrelay.relay.relayer.TwoChains.BBB;
import static io.xrelay.relay.relayer.TwoChains.OPERATOR;
import static io.xrelay.relay.relayer.TwoChains.awaitState;
import static io.xrelay.relay.relayer.TwoChains.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.PreflightCheck;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.chain.ChainRegistration;
import io.xrelay.relay.chain.ChainView;
import io.xrelay.relay.transfer.RejectionReason;
import io.xrelay.relay.transfer.TransferView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains registered while the relay runs, on two in-memory chains with the H2 journal: a relay with no chain, a
 * registration that fails its checks and records nothing, transfers across runtime-registered chains, the
 * registration across a restart, pause and resume, deregistration refused while transfers are open.
 */
class RuntimeChainsTest {
    private static final Account ALICE = Account.of("alice");
    private static final Account BOB = Account.of("bob");
    private static final Duration LONG = Duration.ofMinutes(2);
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration ASK = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private TwoChains chains;
    private final List<Relay> relays = new ArrayList<>();

    @BeforeEach
    void chains() {
        chains = new TwoChains();
        chains.a.mint(OPERATOR, AAA, Amount.of(100_000));
        chains.b.mint(OPERATOR, BBB, Amount.of(100_000));
        chains.a.mint(ALICE, AAA, Amount.of(10_000));
    }

    @AfterEach
    void stop() {
        relays.forEach(Relay::close);
        chains.close();
    }

    private Relay startWithoutChains() throws Exception {
        Relay relay = Relay.start(chains.configWithoutChains(dataDir), ChainActor.defaultAdapters(), TwoChains.clock());
        relays.add(relay);
        RelayGuardian.Ready ready = relay.ready().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(ready.line()).isEqualTo("xrelay: relay ready (chains: )");
        return relay;
    }

    private ChainRegistration registration(ChainId id) {
        return new ChainRegistration(id, "in-memory", ConfigFactory.parseString(chains.entry(id)), List.of(), "");
    }

    private static RelayGuardian.RegisterOutcome register(Relay relay, ChainRegistration r, boolean validateOnly) {
        return AskPattern.<RelayGuardian.Command, RelayGuardian.RegisterOutcome>ask(
                        relay.guardian(),
                        replyTo -> new RelayGuardian.RegisterChain(r, validateOnly, replyTo),
                        ASK,
                        relay.system().scheduler())
                .toCompletableFuture()
                .join();
    }

    private static List<ChainView> list(Relay relay) {
        return AskPattern.<RelayGuardian.Command, List<ChainView>>ask(
                        relay.guardian(),
                        RelayGuardian.ListChains::new,
                        ASK,
                        relay.system().scheduler())
                .toCompletableFuture()
                .join();
    }

    private static RelayGuardian.ChainReply chainCommand(
            Relay relay,
            java.util.function.Function<
                            org.apache.pekko.actor.typed.ActorRef<RelayGuardian.ChainReply>, RelayGuardian.Command>
                    command) {
        return AskPattern.<RelayGuardian.Command, RelayGuardian.ChainReply>ask(
                        relay.guardian(), command::apply, ASK, relay.system().scheduler())
                .toCompletableFuture()
                .join();
    }

    private void registerBoth(Relay relay) {
        for (ChainId id : List.of(A, B)) {
            RelayGuardian.RegisterOutcome outcome = register(relay, registration(id), false);
            assertThat(outcome).isInstanceOf(RelayGuardian.RegisterOutcome.Registered.class);
            RelayGuardian.RegisterOutcome.Registered r = (RelayGuardian.RegisterOutcome.Registered) outcome;
            assertThat(r.chain().chain()).isEqualTo(id);
            assertThat(r.chain().source()).isEqualTo("api");
            assertThat(r.checks()).isNotEmpty().allMatch(PreflightCheck::passed);
        }
        eventually(SETTLE, () -> {
            assertThat(list(relay))
                    .extracting(ChainView::chain, ChainView::state)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(A, ChainView.State.FOLLOWING),
                            org.assertj.core.groups.Tuple.tuple(B, ChainView.State.FOLLOWING));
            return true;
        });
    }

    private long balance(ChainId chain, Account account) {
        return chains.balance(chain, account).units().longValueExact();
    }

    @Test
    void starts_with_no_chain_and_relays_a_transfer_across_chains_registered_at_runtime() throws Exception {
        Relay relay = startWithoutChains();
        assertThat(list(relay)).isEmpty();

        registerBoth(relay);
        List<ChainView> listed = list(relay);
        assertThat(listed).extracting(ChainView::source).containsOnly("api");
        assertThat(listed).allSatisfy(v -> assertThat(v.registeredAt()).isNotNull());

        TwoChains.UserLock lock = chains.lock(A, ALICE, BOB, 100, 100, LONG);
        chains.claim(relay, lock);
        awaitState(relay, lock.transfer(), "Completed", SETTLE);
        assertThat(balance(B, BOB)).isEqualTo(100);
        assertThat(balance(A, OPERATOR)).isEqualTo(100_000 + 100);
    }

    @Test
    void a_registration_whose_check_fails_records_nothing_and_validate_only_records_nothing() throws Exception {
        Relay relay = startWithoutChains();

        chains.a.setUnavailable(true);
        RelayGuardian.RegisterOutcome failed = register(relay, registration(A), false);
        assertThat(failed).isInstanceOf(RelayGuardian.RegisterOutcome.ChecksFailed.class);
        RelayGuardian.RegisterOutcome.ChecksFailed f = (RelayGuardian.RegisterOutcome.ChecksFailed) failed;
        assertThat(f.failures()).startsWith(PreflightCheck.REACHABLE + ": ");
        assertThat(f.checks()).extracting(PreflightCheck::name).contains(PreflightCheck.REACHABLE);
        assertThat(list(relay)).isEmpty();

        chains.a.setUnavailable(false);
        assertThat(register(relay, registration(A), true)).isInstanceOf(RelayGuardian.RegisterOutcome.Validated.class);
        assertThat(list(relay)).isEmpty();

        assertThat(register(relay, registration(A), false))
                .isInstanceOf(RelayGuardian.RegisterOutcome.Registered.class);
        assertThat(register(relay, registration(A), false))
                .isInstanceOf(RelayGuardian.RegisterOutcome.AlreadyExists.class);
        assertThat(list(relay)).extracting(ChainView::chain).containsExactly(A);
    }

    @Test
    void a_runtime_registration_survives_a_restart_of_the_relay() throws Exception {
        Relay first = startWithoutChains();
        registerBoth(first);
        first.close();
        relays.remove(first);

        Relay second =
                Relay.start(chains.configWithoutChains(dataDir), ChainActor.defaultAdapters(), TwoChains.clock());
        relays.add(second);
        RelayGuardian.Ready ready = second.ready().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(ready.chains()).extracting(RelayGuardian.ChainHeight::chain).containsExactly(A, B);
        assertThat(list(second))
                .extracting(ChainView::chain, ChainView::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(A, "api"), org.assertj.core.groups.Tuple.tuple(B, "api"));

        TwoChains.UserLock lock = chains.lock(A, ALICE, BOB, 50, 50, LONG);
        chains.claim(second, lock);
        awaitState(second, lock.transfer(), "Completed", SETTLE);
    }

    @Test
    void a_paused_chain_rejects_new_transfers_both_ways_until_it_is_resumed() throws Exception {
        Relay relay = startWithoutChains();
        registerBoth(relay);

        RelayGuardian.ChainReply paused = chainCommand(relay, r -> new RelayGuardian.PauseChain(B, "maintenance", r));
        assertThat(paused).isInstanceOf(RelayGuardian.ChainReply.Done.class);
        assertThat(((RelayGuardian.ChainReply.Done) paused).chain().state()).isEqualTo(ChainView.State.PAUSED);

        TwoChains.UserLock toPaused = chains.lock(A, ALICE, BOB, 10, 10, Duration.ofSeconds(10));
        TransferView rejected = awaitState(relay, toPaused.transfer(), "Rejected", SETTLE);
        assertThat(rejected.reason()).contains(RejectionReason.ChainPaused);

        assertThat(chainCommand(relay, r -> new RelayGuardian.ResumeChain(B, r)))
                .isInstanceOf(RelayGuardian.ChainReply.Done.class);
        assertThat(chainCommand(relay, r -> new RelayGuardian.PauseChain(A, "maintenance", r)))
                .isInstanceOf(RelayGuardian.ChainReply.Done.class);
        TwoChains.UserLock fromPaused = chains.lock(A, ALICE, BOB, 10, 10, Duration.ofSeconds(10));
        assertThat(awaitState(relay, fromPaused.transfer(), "Rejected", SETTLE).reason())
                .contains(RejectionReason.ChainPaused);
        assertThat(chainCommand(relay, r -> new RelayGuardian.ResumeChain(A, r)))
                .isInstanceOf(RelayGuardian.ChainReply.Done.class);
        TwoChains.UserLock after = chains.lock(A, ALICE, BOB, 20, 20, LONG);
        chains.claim(relay, after);
        awaitState(relay, after.transfer(), "Completed", SETTLE);
    }

    @Test
    void deregistration_is_refused_while_a_transfer_is_open_and_done_once_it_is_final() throws Exception {
        Relay relay = startWithoutChains();
        registerBoth(relay);

        TwoChains.UserLock lock = chains.lock(A, ALICE, BOB, 100, 100, LONG);
        awaitState(relay, lock.transfer(), "TargetLocked", SETTLE);
        RelayGuardian.ChainReply refused = chainCommand(relay, r -> new RelayGuardian.DeregisterChain(B, r));
        assertThat(refused).isInstanceOf(RelayGuardian.ChainReply.Refused.class);
        assertThat(((RelayGuardian.ChainReply.Refused) refused).message()).contains("1 open transfer");
        Optional<ChainView> b =
                list(relay).stream().filter(v -> v.chain().equals(B)).findFirst();
        assertThat(b).map(ChainView::openTransfers).contains(1);

        chains.claim(relay, lock);
        awaitState(relay, lock.transfer(), "Completed", SETTLE);
        RelayGuardian.ChainReply done = eventually(SETTLE, () -> {
            RelayGuardian.ChainReply r = chainCommand(relay, to -> new RelayGuardian.DeregisterChain(B, to));
            assertThat(r).isInstanceOf(RelayGuardian.ChainReply.Done.class);
            return r;
        });
        assertThat(((RelayGuardian.ChainReply.Done) done).chain().chain()).isEqualTo(B);
        assertThat(list(relay)).extracting(ChainView::chain).containsExactly(A);
    }
}
