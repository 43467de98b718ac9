/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.persistence;

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
import io.xrelay.adapter.InclusionProof;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerifiedHtlcEvent;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.chain.ChainFacts;
import io.xrelay.relay.config.PairConfig;
import io.xrelay.relay.config.PersistenceConfig;
import io.xrelay.relay.config.RelayConfig;
import io.xrelay.relay.config.TimingConfig;
import io.xrelay.relay.transfer.TransferContext;
import io.xrelay.relay.transfer.TransferEntity;
import io.xrelay.relay.transfer.TransferId;
import io.xrelay.relay.transfer.TransferIndex;
import io.xrelay.relay.transfer.TransferView;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * Runs a transfer into TargetLocking on a real journal, stops the actor system, starts a new one on the same
 * database and checks that the index and the entity come back and the entity reconciles.
 */
final class JournalRestartScenario {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final ChainId FABRIC = ChainId.of("fabric-dev");
    static final ChainId ETH = ChainId.of("eth-dev");

    private JournalRestartScenario() {}

    record Facts(ChainId chain, Account operator, Duration finality, Duration clockTolerance) implements ChainFacts {
        @Override
        public HtlcId lockId(LockTerms t) {
            return HtlcId.of("0x" + Integer.toHexString(t.toString().hashCode()));
        }

        @Override
        public Optional<String> accountProblem(Account a) {
            return Optional.empty();
        }
    }

    static void run(PersistenceConfig persistence) {
        Config config = JournalSetup.prepare(
                persistence, RelayConfig.actorSystemDefaults().withFallback(ConfigFactory.load()));
        TransferId id = new TransferId(FABRIC, HtlcId.of("lock-" + UUID.randomUUID()));
        Preimage secret = Preimage.random();
        LockTerms terms = new LockTerms(
                Account.of("alice"),
                Account.of("operator"),
                secret.hashLock(),
                TimeLock.at(NOW.plus(Duration.ofHours(2))),
                Asset.of("USD"),
                Amount.of(1000),
                ETH,
                Account.of("0xb0"),
                Amount.ZERO);

        ActorTestKit first = ActorTestKit.create("journal-" + UUID.randomUUID(), config);
        ChainActor.Submit firstLock;
        try {
            Probes p = new Probes(first);
            ActorRef<TransferIndex.Command> index = first.spawn(TransferIndex.create());
            ActorRef<TransferEntity.Command> entity = first.spawn(TransferEntity.create(id, p.context(index)));
            p.recovered.expectMessage(id);
            TestProbe<Done> ack = first.createTestProbe();
            entity.tell(new TransferEntity.ChainEventSeen(
                    FABRIC, verified(FABRIC, new HtlcEvent.Locked(id.sourceLock(), terms)), ack.ref()));
            ack.expectMessage(Duration.ofSeconds(10), Done.getInstance());
            p.fabric.expectMessageClass(ChainActor.Watch.class);
            p.eth.expectMessageClass(ChainActor.Reserve.class).replyTo().tell(StatusReply.ack());
            p.eth.expectMessageClass(ChainActor.Watch.class);
            firstLock = p.eth.expectMessageClass(ChainActor.Submit.class);
            firstLock.replyTo().tell(new ChainActor.SubmitReply.Sent(new TxRef(ETH, "0x01")));
            TestProbe<TransferView> view = first.createTestProbe();
            entity.tell(new TransferEntity.Get(view.ref()));
            assertThat(view.receiveMessage().state()).isEqualTo("TargetLocking");
            TestProbe<TransferIndex.OpenTransfers> open = first.createTestProbe();
            index.tell(new TransferIndex.GetOpen(open.ref()));
            assertThat(open.receiveMessage().ids()).contains(id);
        } finally {
            first.shutdownTestKit();
        }

        ActorTestKit second = ActorTestKit.create("journal-" + UUID.randomUUID(), config);
        try {
            Probes p = new Probes(second);
            ActorRef<TransferIndex.Command> index = second.spawn(TransferIndex.create());
            TestProbe<TransferIndex.OpenTransfers> open = second.createTestProbe();
            index.tell(new TransferIndex.GetOpen(open.ref()));
            assertThat(open.receiveMessage(Duration.ofSeconds(10)).ids()).contains(id);

            ActorRef<TransferEntity.Command> entity = second.spawn(TransferEntity.create(id, p.context(index)));
            p.recovered.expectMessage(Duration.ofSeconds(10), id);
            p.fabric.expectMessageClass(ChainActor.Watch.class);
            ChainActor.Watch targetWatch = p.eth.expectMessageClass(ChainActor.Watch.class);
            p.eth.expectMessageClass(ChainActor.Reserve.class);
            ChainActor.GetHtlc query = p.eth.expectMessageClass(ChainActor.GetHtlc.class);
            assertThat(query.id()).isEqualTo(targetWatch.id());
            query.replyTo().tell(StatusReply.success(Optional.empty()));
            ChainActor.Submit again = p.eth.expectMessageClass(ChainActor.Submit.class);
            assertThat(again.intent()).isEqualTo(firstLock.intent());
            TestProbe<TransferView> view = second.createTestProbe();
            entity.tell(new TransferEntity.Get(view.ref()));
            TransferView v = view.receiveMessage();
            assertThat(v.state()).isEqualTo("TargetLocking");
            assertThat(v.targetLock()).contains(targetWatch.id());
            assertThat(v.terms()).contains(terms);
        } finally {
            second.shutdownTestKit();
        }
    }

    static VerifiedHtlcEvent verified(ChainId chain, HtlcEvent event) {
        return new VerifiedHtlcEvent(
                event,
                new EventOrigin(chain, new BlockRef(1, Bytes.fromHex("0x01")), new TxRef(chain, "tx"), 0),
                new InclusionProof("test", Bytes.EMPTY, List.of()));
    }

    private static final class Probes {
        final TestProbe<ChainActor.Command> fabric;
        final TestProbe<ChainActor.Command> eth;
        final TestProbe<TransferId> recovered;

        Probes(ActorTestKit kit) {
            fabric = kit.createTestProbe();
            eth = kit.createTestProbe();
            recovered = kit.createTestProbe();
        }

        TransferContext context(ActorRef<TransferIndex.Command> index) {
            Map<ChainId, ActorRef<ChainActor.Command>> actors = Map.of(FABRIC, fabric.ref(), ETH, eth.ref());
            Map<ChainId, ChainFacts> facts = Map.of(
                    FABRIC, new Facts(FABRIC, Account.of("operator"), Duration.ofSeconds(3), Duration.ofSeconds(60)),
                    ETH, new Facts(ETH, Account.of("0xaa"), Duration.ofSeconds(5), Duration.ofSeconds(15)));
            return new TransferContext(
                    c -> Optional.ofNullable(actors.get(c)),
                    c -> Optional.ofNullable(facts.get(c)),
                    List.of(new PairConfig(
                            new PairConfig.Leg(FABRIC, Asset.of("USD")),
                            new PairConfig.Leg(ETH, Asset.of("0xcc")),
                            BigDecimal.ONE,
                            Amount.ZERO,
                            Amount.of(1),
                            Amount.of(1_000_000))),
                    TimingConfig.defaults(),
                    Clock.fixed(NOW, ZoneOffset.UTC),
                    index,
                    recovered.ref());
        }
    }
}
