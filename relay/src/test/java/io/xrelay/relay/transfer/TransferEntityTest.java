/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.EventOrigin;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcRecord;
import io.xrelay.adapter.HtlcStatus;
import io.xrelay.adapter.InclusionProof;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerifiedHtlcEvent;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.chain.ChainFacts;
import io.xrelay.relay.config.PairConfig;
import io.xrelay.relay.config.RelayConfig;
import io.xrelay.relay.config.TimingConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransferEntityTest {
    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    static final TestChain FABRIC =
            TestChain.of("fabric-dev", "operator", Duration.ofSeconds(3), Duration.ofSeconds(60));
    static final TestChain ETH = TestChain.of(
            "eth-dev", "0x00000000000000000000000000000000000000aa", Duration.ofSeconds(5), Duration.ofSeconds(15));
    static final Asset USD = Asset.of("USD");
    static final Asset TOKEN = Asset.of("0x00000000000000000000000000000000000000cc");
    static final Duration RETRY = Duration.ofSeconds(2);
    static final AtomicLong NEXT_LOCK = new AtomicLong();

    static ActorTestKit kit;
    static ManualTime manualTime;

    MutableClock clock;
    TestProbe<ChainActor.Command> fabric;
    TestProbe<ChainActor.Command> eth;
    TestProbe<TransferIndex.Command> index;
    TestProbe<TransferId> recovered;
    TransferContext ctx;

    @BeforeAll
    static void startKit() {
        Config config = ManualTime.config()
                .withFallback(EventSourcedBehaviorTestKit.config())
                .withFallback(RelayConfig.actorSystemDefaults())
                .withFallback(ConfigFactory.load());
        kit = ActorTestKit.create("TransferEntityTest", config);
        manualTime = ManualTime.get(kit.system());
    }

    @AfterAll
    static void stopKit() {
        kit.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(START);
        fabric = kit.createTestProbe();
        eth = kit.createTestProbe();
        index = kit.createTestProbe();
        recovered = kit.createTestProbe();
        Map<ChainId, ActorRef<ChainActor.Command>> actors =
                Map.of(FABRIC.chain(), fabric.ref(), ETH.chain(), eth.ref());
        Map<ChainId, ChainFacts> facts = Map.of(FABRIC.chain(), FABRIC, ETH.chain(), ETH);
        List<PairConfig> pairs = List.of(
                new PairConfig(
                        new PairConfig.Leg(FABRIC.chain(), USD),
                        new PairConfig.Leg(ETH.chain(), TOKEN),
                        BigDecimal.ONE,
                        Amount.ZERO,
                        Amount.of(1),
                        Amount.of(1_000_000)),
                new PairConfig(
                        new PairConfig.Leg(ETH.chain(), TOKEN),
                        new PairConfig.Leg(FABRIC.chain(), USD),
                        new BigDecimal("0.5"),
                        Amount.of(1),
                        Amount.of(1),
                        Amount.of(1_000_000)));
        ctx = new TransferContext(
                c -> Optional.ofNullable(actors.get(c)),
                c -> Optional.ofNullable(facts.get(c)),
                pairs,
                new TimingConfig(
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(2),
                        Duration.ofDays(2),
                        RETRY,
                        Duration.ofMillis(200)),
                clock,
                index.ref(),
                recovered.ref());
    }

    /** One transfer from {@code src} to {@code dst}; the probes stand in for the two chains' actors. */
    final class Flow {
        final TestChain src;
        final TestChain dst;
        final TestProbe<ChainActor.Command> srcProbe;
        final TestProbe<ChainActor.Command> dstProbe;
        final TransferId id;
        final Preimage secret = Preimage.random();
        final LockTerms terms;
        final EventSourcedBehaviorTestKit<TransferEntity.Command, TransferEntity.Event, TransferEntity.State> testKit;
        HtlcId targetId = HtlcId.of("unset");
        LockRequest targetRequest;

        Flow(TestChain src, TestChain dst, Asset asset, long amount, Duration timeLockIn, String recipient) {
            this.src = src;
            this.dst = dst;
            this.srcProbe = src.equals(FABRIC) ? fabric : eth;
            this.dstProbe = dst.equals(FABRIC) ? fabric : eth;
            this.id = new TransferId(src.chain(), HtlcId.of("lock-" + NEXT_LOCK.incrementAndGet()));
            this.terms = new LockTerms(
                    Account.of(src.equals(FABRIC) ? "alice" : "0x00000000000000000000000000000000000000a1"),
                    src.operator(),
                    secret.hashLock(),
                    TimeLock.at(START.plus(timeLockIn)),
                    asset,
                    Amount.of(amount),
                    dst.chain(),
                    Account.of(recipient),
                    Amount.ZERO);
            this.targetRequest = new LockRequest(
                    terms.destinationRecipient(),
                    terms.hashLock(),
                    terms.timeLock(),
                    asset,
                    Amount.of(1),
                    src.chain(),
                    terms.sender(),
                    Amount.ZERO);
            this.testKit = EventSourcedBehaviorTestKit.create(
                    kit.system(),
                    TransferEntity.create(id, ctx),
                    EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyCommands(false));
            assertThat(recovered.receiveMessage()).isEqualTo(id);
        }

        Instant ts() {
            return terms.timeLock().instant();
        }

        TimeLock td() {
            return targetRequest.timeLock();
        }

        CommandResultWithReply<TransferEntity.Command, TransferEntity.Event, TransferEntity.State, Done> seen(
                TestChain chain, HtlcEvent event) {
            VerifiedHtlcEvent v = new VerifiedHtlcEvent(
                    event,
                    new EventOrigin(
                            chain.chain(), new BlockRef(7, Bytes.fromHex("0x01")), new TxRef(chain.chain(), "tx"), 0),
                    new InclusionProof("test", Bytes.EMPTY, List.of()));
            return testKit.runCommand(ack -> new TransferEntity.ChainEventSeen(chain.chain(), v, ack));
        }

        /** The source lock is seen; the entity is opened, watches the source lock. */
        CommandResultWithReply<TransferEntity.Command, TransferEntity.Event, TransferEntity.State, Done>
                sourceLocked() {
            var result = seen(src, new HtlcEvent.Locked(id.sourceLock(), terms));
            assertThat(result.reply()).isEqualTo(Done.getInstance());
            assertThat(result.event()).isInstanceOf(TransferEntity.SourceLockSeen.class);
            assertThat(index.receiveMessage()).isEqualTo(new TransferIndex.Opened(id, terms.destinationChain()));
            assertThat(srcProbe.expectMessageClass(ChainActor.Watch.class).id()).isEqualTo(id.sourceLock());
            return result;
        }

        /** Reserve is answered, the lock is intended, watched and sent. */
        void targetLockSent() {
            ChainActor.Reserve reserve = dstProbe.expectMessageClass(ChainActor.Reserve.class);
            assertThat(reserve.transfer()).isEqualTo(id);
            reserve.replyTo().tell(StatusReply.ack());
            ChainActor.Watch watch = dstProbe.expectMessageClass(ChainActor.Watch.class);
            ChainActor.Submit submit = dstProbe.expectMessageClass(ChainActor.Submit.class);
            assertThat(submit.intent()).isInstanceOf(ChainActor.TxIntent.Lock.class);
            targetRequest = ((ChainActor.TxIntent.Lock) submit.intent()).r();
            targetId = dst.lockId(TransferPolicy.operatorTerms(dst, targetRequest));
            assertThat(watch.id()).isEqualTo(targetId);
            assertThat(state()).isInstanceOf(TransferEntity.TargetLocking.class);
            assertThat(((TransferEntity.TargetLocking) state()).target().lockId())
                    .isEqualTo(targetId.value());
            submit.replyTo().tell(new ChainActor.SubmitReply.Sent(new TxRef(dst.chain(), "lock-tx")));
        }

        void targetLocked() {
            var result = seen(dst, new HtlcEvent.Locked(targetId, TransferPolicy.operatorTerms(dst, targetRequest)));
            assertThat(result.event()).isInstanceOf(TransferEntity.TargetLockConfirmed.class);
            assertThat(result.state()).isInstanceOf(TransferEntity.TargetLocked.class);
            assertThat(dstProbe.expectMessageClass(ChainActor.Release.class).transfer())
                    .isEqualTo(id);
        }

        TransferEntity.State state() {
            return testKit.getState();
        }

        ChainActor.Submit expectSubmit(TestProbe<ChainActor.Command> probe, Class<?> intent) {
            ChainActor.Submit submit = probe.expectMessageClass(ChainActor.Submit.class);
            assertThat(submit.intent()).isInstanceOf(intent);
            return submit;
        }
    }

    Flow fabricToEth() {
        return new Flow(FABRIC, ETH, USD, 1000, Duration.ofHours(2), "0x00000000000000000000000000000000000000b0");
    }

    Flow ethToFabric() {
        return new Flow(ETH, FABRIC, TOKEN, 1000, Duration.ofHours(2), "bob");
    }

    /** Moves the relay's clock and the actor system's scheduler forward together. */
    void advance(Duration d) {
        clock.advance(d);
        manualTime.timePasses(d);
    }

    void advanceTo(Instant t) {
        Duration d = Duration.between(clock.instant(), t);
        if (d.isPositive()) {
            advance(d);
        }
    }

    static void sent(ChainActor.Submit submit, ChainId chain) {
        submit.replyTo().tell(new ChainActor.SubmitReply.Sent(new TxRef(chain, "tx-" + NEXT_LOCK.incrementAndGet())));
    }

    void completes(Flow f) {
        f.sourceLocked();
        f.targetLockSent();
        f.targetLocked();
        var claimed = f.seen(f.dst, new HtlcEvent.Claimed(f.targetId, f.secret));
        assertThat(claimed.event())
                .isEqualTo(new TransferEntity.TargetClaimSeen(f.secret.secret().toHex(), START.toEpochMilli()));
        assertThat(claimed.state()).isInstanceOf(TransferEntity.TargetClaimed.class);
        ChainActor.Submit claim = f.expectSubmit(f.srcProbe, ChainActor.TxIntent.Claim.class);
        assertThat(((ChainActor.TxIntent.Claim) claim.intent()).r().id()).isEqualTo(f.id.sourceLock());
        assertThat(((ChainActor.TxIntent.Claim) claim.intent()).r().preimage()).isEqualTo(f.secret);
        sent(claim, f.src.chain());
        var done = f.seen(f.src, new HtlcEvent.Claimed(f.id.sourceLock(), f.secret));
        assertThat(done.event()).isInstanceOf(TransferEntity.SourceClaimSeen.class);
        assertThat(done.state()).isInstanceOf(TransferEntity.Completed.class);
        assertThat(((TransferEntity.Completed) done.state()).targetOpen()).isFalse();
        assertThat(index.receiveMessage()).isEqualTo(new TransferIndex.Closed(f.id));
    }

    @Test
    void completes_a_transfer_from_fabric_to_ethereum() {
        Flow f = fabricToEth();
        completes(f);
        assertThat(f.targetRequest.receiver()).isEqualTo(f.terms.destinationRecipient());
        assertThat(f.targetRequest.amount()).isEqualTo(Amount.of(1000));
        assertThat(f.targetRequest.asset()).isEqualTo(TOKEN);
        // margin = 3 + 5 + 60 + 15 + 60 = 143 s
        assertThat(f.targetRequest.timeLock().epochSecond())
                .isEqualTo(f.terms.timeLock().epochSecond() - 143);
        assertThat(f.srcProbe.expectMessageClass(ChainActor.Unwatch.class).id()).isEqualTo(f.id.sourceLock());
        assertThat(f.dstProbe.expectMessageClass(ChainActor.Unwatch.class).id()).isEqualTo(f.targetId);
        TransferView view =
                f.testKit.<TransferView>runCommand(TransferEntity.Get::new).reply();
        assertThat(view.state()).isEqualTo("Completed");
        assertThat(view.targetLock()).contains(f.targetId);
    }

    @Test
    void completes_a_transfer_from_ethereum_to_fabric() {
        Flow f = ethToFabric();
        completes(f);
        assertThat(f.targetRequest.amount()).isEqualTo(Amount.of(499)); // floor(1000 * 0.5) - 1
        assertThat(f.targetRequest.asset()).isEqualTo(USD);
        assertThat(f.targetRequest.receiver()).isEqualTo(Account.of("bob"));
        assertThat(f.targetRequest.destinationChain()).isEqualTo(ETH.chain());
    }

    @Test
    void without_a_claim_refunds_the_destination_after_its_timelock_then_the_source_for_the_sender() {
        Flow f = fabricToEth();
        f.sourceLocked();
        f.targetLockSent();
        f.targetLocked();

        advanceTo(f.td().instant().plus(ETH.clockTolerance()).minusSeconds(1));
        f.dstProbe.expectNoMessage(Duration.ofMillis(200));
        assertThat(f.state()).isInstanceOf(TransferEntity.TargetLocked.class);

        advance(Duration.ofSeconds(1));
        ChainActor.Submit refundD = f.expectSubmit(f.dstProbe, ChainActor.TxIntent.Refund.class);
        assertThat(((ChainActor.TxIntent.Refund) refundD.intent()).r().id()).isEqualTo(f.targetId);
        assertThat(f.state()).isInstanceOf(TransferEntity.TargetRefunding.class);
        // The chain's clock lags: refused as not expired, retried after the retry interval.
        refundD.replyTo().tell(new ChainActor.SubmitReply.Refused("NotExpired", "too early"));
        f.dstProbe.expectNoMessage(Duration.ofMillis(200));
        advance(RETRY);
        sent(f.expectSubmit(f.dstProbe, ChainActor.TxIntent.Refund.class), ETH.chain());

        var refunded = f.seen(f.dst, new HtlcEvent.Refunded(f.targetId));
        assertThat(refunded.state()).isInstanceOf(TransferEntity.TargetRefunded.class);

        advanceTo(f.ts().plus(FABRIC.clockTolerance()));
        ChainActor.Submit refundS = f.expectSubmit(f.srcProbe, ChainActor.TxIntent.Refund.class);
        assertThat(((ChainActor.TxIntent.Refund) refundS.intent()).r().id()).isEqualTo(f.id.sourceLock());
        sent(refundS, FABRIC.chain());
        var done = f.seen(f.src, new HtlcEvent.Refunded(f.id.sourceLock()));
        assertThat(done.state()).isInstanceOf(TransferEntity.SourceRefunded.class);
        assertThat(((TransferEntity.SourceRefunded) done.state()).targetOpen()).isFalse();
        assertThat(index.receiveMessage()).isEqualTo(new TransferIndex.Closed(f.id));
    }

    @Test
    void rejects_bad_terms_and_refunds_the_source_for_the_sender_after_its_timelock_and_clock_tolerance() {
        Flow f = new Flow(FABRIC, ETH, Asset.of("EUR"), 1000, Duration.ofHours(2), "0xb0");
        var result = f.seen(FABRIC, new HtlcEvent.Locked(f.id.sourceLock(), f.terms));
        assertThat(result.events()).hasSize(2);
        assertThat(result.events().get(1)).isInstanceOfSatisfying(TransferEntity.TransferRejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.UnknownPair);
            assertThat(r.text()).contains("fabric-dev:EUR");
        });
        assertThat(result.state()).isInstanceOf(TransferEntity.Rejected.class);
        assertThat(index.receiveMessage()).isEqualTo(new TransferIndex.Opened(f.id, f.terms.destinationChain()));
        fabric.expectMessageClass(ChainActor.Watch.class);

        advanceTo(f.ts().plus(FABRIC.clockTolerance()).minusSeconds(1));
        fabric.expectNoMessage(Duration.ofMillis(200));
        eth.expectNoMessage(Duration.ZERO);
        advance(Duration.ofSeconds(1));
        ChainActor.Submit refund = f.expectSubmit(fabric, ChainActor.TxIntent.Refund.class);
        assertThat(((ChainActor.TxIntent.Refund) refund.intent()).r().id()).isEqualTo(f.id.sourceLock());
        // A chain that cannot be reached: retried.
        refund.replyTo().tell(new ChainActor.SubmitReply.Unavailable("connection refused"));
        fabric.expectNoMessage(Duration.ofMillis(200)); // not before the retry interval
        advance(RETRY);
        sent(f.expectSubmit(fabric, ChainActor.TxIntent.Refund.class), FABRIC.chain());
        var done = f.seen(FABRIC, new HtlcEvent.Refunded(f.id.sourceLock()));
        assertThat(done.state()).isInstanceOf(TransferEntity.SourceRefunded.class);
        assertThat(index.receiveMessage()).isEqualTo(new TransferIndex.Closed(f.id));
    }

    @Test
    void a_refused_destination_lock_rejects_the_transfer_and_releases_the_inventory() {
        Flow f = fabricToEth();
        f.sourceLocked();
        ChainActor.Reserve reserve = eth.expectMessageClass(ChainActor.Reserve.class);
        reserve.replyTo().tell(StatusReply.ack());
        eth.expectMessageClass(ChainActor.Watch.class);
        ChainActor.Submit lock = f.expectSubmit(eth, ChainActor.TxIntent.Lock.class);
        lock.replyTo().tell(new ChainActor.SubmitReply.Refused("InsufficientFunds", "balance 0"));
        assertThat(eth.expectMessageClass(ChainActor.Release.class).transfer()).isEqualTo(f.id);
        TransferEntity.State state = f.state();
        assertThat(state).isInstanceOfSatisfying(TransferEntity.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.TargetLockRefused);
            assertThat(r.text()).contains("InsufficientFunds");
        });
        advanceTo(f.ts().plus(FABRIC.clockTolerance()));
        f.expectSubmit(fabric, ChainActor.TxIntent.Refund.class);
    }

    @Test
    void no_inventory_rejects_the_transfer() {
        Flow f = fabricToEth();
        f.sourceLocked();
        eth.expectMessageClass(ChainActor.Reserve.class).replyTo().tell(StatusReply.error("only 10 left"));
        assertThat(eth.expectMessageClass(ChainActor.Release.class).transfer()).isEqualTo(f.id);
        assertThat(f.state()).isInstanceOfSatisfying(TransferEntity.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(RejectionReason.InsufficientInventory);
            assertThat(r.text()).contains("only 10 left");
        });
    }

    @Test
    void a_lock_refused_as_existing_is_not_a_rejection() {
        Flow f = fabricToEth();
        f.sourceLocked();
        eth.expectMessageClass(ChainActor.Reserve.class).replyTo().tell(StatusReply.ack());
        eth.expectMessageClass(ChainActor.Watch.class);
        f.expectSubmit(eth, ChainActor.TxIntent.Lock.class)
                .replyTo()
                .tell(new ChainActor.SubmitReply.Refused("LockExists", "exists"));
        eth.expectNoMessage(Duration.ofMillis(200));
        assertThat(f.state()).isInstanceOf(TransferEntity.TargetLocking.class);
    }

    @Test
    void duplicate_events_are_acked_and_change_nothing() {
        Flow f = fabricToEth();
        f.sourceLocked();
        var again = f.seen(FABRIC, new HtlcEvent.Locked(f.id.sourceLock(), f.terms));
        assertThat(again.reply()).isEqualTo(Done.getInstance());
        assertThat(again.hasNoEvents()).isTrue();
        f.targetLockSent();
        f.targetLocked();
        var lockedAgain =
                f.seen(ETH, new HtlcEvent.Locked(f.targetId, TransferPolicy.operatorTerms(ETH, f.targetRequest)));
        assertThat(lockedAgain.reply()).isEqualTo(Done.getInstance());
        assertThat(lockedAgain.hasNoEvents()).isTrue();
        var stranger = f.seen(ETH, new HtlcEvent.Refunded(HtlcId.of("someone-else")));
        assertThat(stranger.reply()).isEqualTo(Done.getInstance());
        assertThat(stranger.hasNoEvents()).isTrue();
        assertThat(f.state()).isInstanceOf(TransferEntity.TargetLocked.class);
    }

    @Test
    void a_source_lock_not_paying_the_operator_is_ignored() {
        Flow f = fabricToEth();
        LockTerms notOurs = new LockTerms(
                f.terms.sender(),
                Account.of("someone"),
                f.terms.hashLock(),
                f.terms.timeLock(),
                f.terms.asset(),
                f.terms.amount(),
                f.terms.destinationChain(),
                f.terms.destinationRecipient(),
                Amount.ZERO);
        var result = f.seen(FABRIC, new HtlcEvent.Locked(f.id.sourceLock(), notOurs));
        assertThat(result.reply()).isEqualTo(Done.getInstance());
        assertThat(result.hasNoEvents()).isTrue();
        assertThat(f.state()).isInstanceOf(TransferEntity.None.class);
    }

    @Test
    void restarted_while_locking_re_sends_the_lock_only_when_the_node_has_none() {
        Flow f = fabricToEth();
        f.sourceLocked();
        f.targetLockSent();

        // First restart: the node has no such lock -> the same lock is sent again.
        f.testKit.restart();
        expectRecoveryWatches(f, true);
        assertThat(eth.expectMessageClass(ChainActor.Reserve.class).transfer()).isEqualTo(f.id);
        ChainActor.GetHtlc query = eth.expectMessageClass(ChainActor.GetHtlc.class);
        assertThat(query.id()).isEqualTo(f.targetId);
        query.replyTo().tell(StatusReply.success(Optional.empty()));
        ChainActor.Submit again = f.expectSubmit(eth, ChainActor.TxIntent.Lock.class);
        assertThat(((ChainActor.TxIntent.Lock) again.intent()).r()).isEqualTo(f.targetRequest);
        sent(again, ETH.chain());

        // Second restart: the node has it -> nothing is sent; the entity waits for the event.
        f.testKit.restart();
        expectRecoveryWatches(f, true);
        eth.expectMessageClass(ChainActor.Reserve.class);
        ChainActor.GetHtlc query2 = eth.expectMessageClass(ChainActor.GetHtlc.class);
        query2.replyTo()
                .tell(StatusReply.success(Optional.of(new HtlcRecord(
                        f.targetId,
                        TransferPolicy.operatorTerms(ETH, f.targetRequest),
                        HtlcStatus.LOCKED,
                        Optional.empty()))));
        eth.expectNoMessage(Duration.ofMillis(300));
        f.targetLocked();
    }

    @Test
    void restarted_before_the_reservation_reserves_again() {
        Flow f = fabricToEth();
        f.sourceLocked();
        eth.expectMessageClass(ChainActor.Reserve.class); // never answered
        f.testKit.restart();
        expectRecoveryWatches(f, false);
        f.targetLockSent();
    }

    @Test
    void restarted_while_locked_only_watches_again() {
        Flow f = fabricToEth();
        f.sourceLocked();
        f.targetLockSent();
        f.targetLocked();
        f.testKit.restart();
        expectRecoveryWatches(f, true);
        eth.expectNoMessage(Duration.ofMillis(200));
        fabric.expectNoMessage(Duration.ZERO);
        assertThat(f.state()).isInstanceOf(TransferEntity.TargetLocked.class);
    }

    @Test
    void restarted_after_the_destination_claim_re_sends_the_source_claim_only_while_the_source_is_still_locked() {
        Flow f = fabricToEth();
        f.sourceLocked();
        f.targetLockSent();
        f.targetLocked();
        f.seen(ETH, new HtlcEvent.Claimed(f.targetId, f.secret));
        f.expectSubmit(fabric, ChainActor.TxIntent.Claim.class); // lost in the crash

        f.testKit.restart();
        expectRecoveryWatches(f, true);
        ChainActor.GetHtlc query = fabric.expectMessageClass(ChainActor.GetHtlc.class);
        assertThat(query.id()).isEqualTo(f.id.sourceLock());
        query.replyTo()
                .tell(StatusReply.success(
                        Optional.of(new HtlcRecord(f.id.sourceLock(), f.terms, HtlcStatus.LOCKED, Optional.empty()))));
        ChainActor.Submit claim = f.expectSubmit(fabric, ChainActor.TxIntent.Claim.class);
        assertThat(((ChainActor.TxIntent.Claim) claim.intent()).r().preimage()).isEqualTo(f.secret);

        f.testKit.restart();
        expectRecoveryWatches(f, true);
        fabric.expectMessageClass(ChainActor.GetHtlc.class)
                .replyTo()
                .tell(StatusReply.success(Optional.of(
                        new HtlcRecord(f.id.sourceLock(), f.terms, HtlcStatus.CLAIMED, Optional.of(f.secret)))));
        fabric.expectNoMessage(Duration.ofMillis(300));
        assertThat(f.seen(FABRIC, new HtlcEvent.Claimed(f.id.sourceLock(), f.secret))
                        .state())
                .isInstanceOf(TransferEntity.Completed.class);
    }

    @Test
    void restarted_while_refunding_the_destination_re_sends_the_refund_only_while_it_is_still_locked() {
        Flow f = fabricToEth();
        f.sourceLocked();
        f.targetLockSent();
        f.targetLocked();
        advanceTo(f.td().instant().plus(ETH.clockTolerance()));
        f.expectSubmit(eth, ChainActor.TxIntent.Refund.class);
        assertThat(f.state()).isInstanceOf(TransferEntity.TargetRefunding.class);

        f.testKit.restart();
        expectRecoveryWatches(f, true);
        eth.expectMessageClass(ChainActor.GetHtlc.class)
                .replyTo()
                .tell(StatusReply.success(Optional.of(new HtlcRecord(
                        f.targetId,
                        TransferPolicy.operatorTerms(ETH, f.targetRequest),
                        HtlcStatus.REFUNDED,
                        Optional.empty()))));
        eth.expectNoMessage(Duration.ofMillis(300));

        f.testKit.restart();
        expectRecoveryWatches(f, true);
        eth.expectMessageClass(ChainActor.GetHtlc.class)
                .replyTo()
                .tell(StatusReply.success(Optional.of(new HtlcRecord(
                        f.targetId,
                        TransferPolicy.operatorTerms(ETH, f.targetRequest),
                        HtlcStatus.LOCKED,
                        Optional.empty()))));
        f.expectSubmit(eth, ChainActor.TxIntent.Refund.class);
    }

    @Test
    void restarted_when_rejected_refunds_the_source_once_due_after_asking_the_node() {
        Flow f = new Flow(FABRIC, ETH, USD, 1000, Duration.ofHours(2), "bad-recipient");
        var result = f.seen(FABRIC, new HtlcEvent.Locked(f.id.sourceLock(), f.terms));
        assertThat(result.state()).isInstanceOfSatisfying(TransferEntity.Rejected.class, r -> assertThat(r.reason())
                .isEqualTo(RejectionReason.InvalidRecipient));
        index.receiveMessage();
        fabric.expectMessageClass(ChainActor.Watch.class);
        f.testKit.restart();
        expectRecoveryWatches(f, false);
        fabric.expectNoMessage(Duration.ofMillis(200));
        advanceTo(f.ts().plus(FABRIC.clockTolerance()));
        fabric.expectMessageClass(ChainActor.GetHtlc.class)
                .replyTo()
                .tell(StatusReply.success(
                        Optional.of(new HtlcRecord(f.id.sourceLock(), f.terms, HtlcStatus.LOCKED, Optional.empty()))));
        f.expectSubmit(fabric, ChainActor.TxIntent.Refund.class);
    }

    @Test
    void restarted_when_final_closes_the_index_entry_again_and_sends_nothing() {
        Flow f = fabricToEth();
        completes(f);
        fabric.receiveMessage(); // Unwatch
        eth.receiveMessage(); // Unwatch
        f.testKit.restart();
        assertThat(recovered.receiveMessage()).isEqualTo(f.id);
        assertThat(index.receiveMessage()).isEqualTo(new TransferIndex.Closed(f.id));
        fabric.expectNoMessage(Duration.ofMillis(200));
        eth.expectNoMessage(Duration.ZERO);
    }

    @Test
    void a_secret_handed_in_claims_on_the_destination_and_is_persisted_only_from_the_claimed_event() throws Exception {
        Flow f = fabricToEth();
        f.sourceLocked();
        f.targetLockSent();
        f.targetLocked();

        CompletableFuture<
                        CommandResultWithReply<
                                TransferEntity.Command, TransferEntity.Event, TransferEntity.State, StatusReply<Done>>>
                reveal = CompletableFuture.supplyAsync(
                        () -> f.testKit.runCommand(r -> new TransferEntity.RevealSecret(f.secret, r)));
        ChainActor.Submit claim = f.expectSubmit(eth, ChainActor.TxIntent.Claim.class);
        assertThat(((ChainActor.TxIntent.Claim) claim.intent()).r().id()).isEqualTo(f.targetId);
        assertThat(((ChainActor.TxIntent.Claim) claim.intent()).r().preimage()).isEqualTo(f.secret);
        sent(claim, ETH.chain());
        var result = reveal.get(10, TimeUnit.SECONDS);
        assertThat(result.reply().isSuccess()).isTrue();
        assertThat(result.hasNoEvents()).isTrue();
        String secretHex = f.secret.secret().toHex().substring(2);
        assertThat(f.testKit
                        .persistenceTestKit()
                        .persistedInStorage(f.id.persistenceId().id()))
                .noneMatch(e -> e.toString().contains(secretHex));
        assertThat(f.state()).isInstanceOf(TransferEntity.TargetLocked.class);

        var claimed = f.seen(ETH, new HtlcEvent.Claimed(f.targetId, f.secret));
        assertThat(claimed.event()).isInstanceOf(TransferEntity.TargetClaimSeen.class);
        assertThat(f.testKit
                        .persistenceTestKit()
                        .persistedInStorage(f.id.persistenceId().id()))
                .anyMatch(e -> e.toString().contains(secretHex));
        f.expectSubmit(fabric, ChainActor.TxIntent.Claim.class);
    }

    @Test
    void a_wrong_secret_or_one_after_the_claim_window_is_refused() {
        Flow f = fabricToEth();
        f.sourceLocked();
        f.targetLockSent();
        f.targetLocked();
        var wrong = f.testKit.<StatusReply<Done>>runCommand(r -> new TransferEntity.RevealSecret(Preimage.random(), r));
        assertThat(wrong.reply().isError()).isTrue();
        assertThat(wrong.reply().getError().getMessage()).contains("does not open");

        advanceTo(f.td().instant().minus(ETH.finality()).minus(ETH.clockTolerance()));
        var late = f.testKit.<StatusReply<Done>>runCommand(r -> new TransferEntity.RevealSecret(f.secret, r));
        assertThat(late.reply().isError()).isTrue();
        assertThat(late.reply().getError().getMessage()).contains("claim window");
        eth.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void a_source_claim_that_cannot_land_in_time_ends_in_claim_missed() {
        Flow f = fabricToEth();
        f.sourceLocked();
        f.targetLockSent();
        f.targetLocked();
        f.seen(ETH, new HtlcEvent.Claimed(f.targetId, f.secret));
        f.expectSubmit(fabric, ChainActor.TxIntent.Claim.class)
                .replyTo()
                .tell(new ChainActor.SubmitReply.Unavailable("down"));
        // The chain stays down: retries until the claim stop, then the window closes.
        Instant claimStop = TransferPolicy.claimStop(f.terms.timeLock(), FABRIC);
        fabric.expectNoMessage(Duration.ofMillis(200)); // not before the retry interval
        advance(RETRY);
        f.expectSubmit(fabric, ChainActor.TxIntent.Claim.class)
                .replyTo()
                .tell(new ChainActor.SubmitReply.Unavailable("down"));
        fabric.expectNoMessage(Duration.ofMillis(200));
        // From the claim stop on, no claim is sent any more.
        advanceTo(claimStop);
        fabric.expectNoMessage(Duration.ofMillis(200));
        advanceTo(f.ts().plus(FABRIC.clockTolerance()).plus(FABRIC.finality()));
        assertThat(index.receiveMessage()).isEqualTo(new TransferIndex.Closed(f.id));
        assertThat(f.state()).isInstanceOf(TransferEntity.SourceClaimMissed.class);
    }

    @Test
    void a_source_refund_while_our_destination_lock_is_open_keeps_refunding_it() {
        Flow f = fabricToEth();
        f.sourceLocked();
        f.targetLockSent();
        f.targetLocked();
        var refunded = f.seen(FABRIC, new HtlcEvent.Refunded(f.id.sourceLock()));
        assertThat(refunded.state())
                .isInstanceOfSatisfying(TransferEntity.SourceRefunded.class, s -> assertThat(s.targetOpen())
                        .isTrue());
        index.expectNoMessage(Duration.ofMillis(100));
        advanceTo(f.td().instant().plus(ETH.clockTolerance()));
        sent(f.expectSubmit(eth, ChainActor.TxIntent.Refund.class), ETH.chain());
        var closed = f.seen(ETH, new HtlcEvent.Refunded(f.targetId));
        assertThat(closed.state())
                .isInstanceOfSatisfying(TransferEntity.SourceRefunded.class, s -> assertThat(s.targetOpen())
                        .isFalse());
        assertThat(index.receiveMessage()).isEqualTo(new TransferIndex.Closed(f.id));
    }

    /** After a restart: Opened, the source watch and (if known) the target watch, and the recovery report. */
    void expectRecoveryWatches(Flow f, boolean target) {
        assertThat(index.receiveMessage()).isEqualTo(new TransferIndex.Opened(f.id, f.terms.destinationChain()));
        assertThat(f.srcProbe.expectMessageClass(ChainActor.Watch.class).id()).isEqualTo(f.id.sourceLock());
        if (target) {
            assertThat(f.dstProbe.expectMessageClass(ChainActor.Watch.class).id())
                    .isEqualTo(f.targetId);
        }
        assertThat(recovered.receiveMessage()).isEqualTo(f.id);
    }
}
