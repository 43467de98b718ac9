/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.chain;

import static io.xrelay.relay.chain.ChainTestSupport.ALICE;
import static io.xrelay.relay.chain.ChainTestSupport.BOB;
import static io.xrelay.relay.chain.ChainTestSupport.OPERATOR;
import static io.xrelay.relay.chain.ChainTestSupport.TOKEN;
import static io.xrelay.relay.chain.ChainTestSupport.lockFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.testkit.InMemoryChain;
import io.xrelay.adapter.testkit.InMemoryChainAdapter;
import io.xrelay.relay.config.ChainRelaySettings;
import io.xrelay.relay.transfer.TransferEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The follower's persisted checkpoint: following resumes after a restart without losing or repeating an event. */
class HeadFollowerTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ChainTestSupport.persistenceTestKitConfig());

    private final PersistenceTestKit journal = PersistenceTestKit.create(KIT.system());
    private final Map<ChainId, ChainFacts> board = new ConcurrentHashMap<>();

    @AfterAll
    static void stopKit() {
        KIT.shutdownTestKit();
    }

    private ActorRef<ChainActor.Command> start(InMemoryChain chain, TestProbe<ChainActor.Notice> notices) {
        ActorRef<ChainActor.Command> actor = KIT.spawn(ChainActor.create(
                chain.id(),
                ConfigFactory.empty(),
                new ChainRelaySettings(Duration.ofSeconds(1), Duration.ofSeconds(1), 8),
                Duration.ofMillis(30),
                (id, c) -> chain.newAdapter(OPERATOR),
                board,
                notices.ref()));
        notices.expectMessageClass(ChainActor.Opened.class);
        return actor;
    }

    @Test
    void resumes_after_a_restart_from_the_persisted_checkpoint_without_loss_or_repeat() {
        InMemoryChain chain = InMemoryChain.create(ChainId.of("follow-1"));
        chain.mint(ALICE, TOKEN, Amount.of(1000));
        InMemoryChainAdapter alice = chain.newAdapter(ALICE);
        String persistenceId = HeadFollower.persistenceId(chain.id()).id();
        List<HtlcId> before = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            before.add(ChainActorTest.lock(alice, lockFor(chain, BOB, 1 + i)));
        }
        TestProbe<ChainActor.Notice> notices = KIT.createTestProbe();
        TestProbe<TransferEntity.Command> entity = KIT.createTestProbe();

        ActorRef<ChainActor.Command> first = start(chain, notices);
        before.forEach(id -> first.tell(new ChainActor.Watch(id, entity.ref())));
        first.tell(ChainActor.StartFollowing.INSTANCE);
        assertThat(receiveAndAck(entity, 3)).containsExactlyElementsOf(before);
        HeadFollower.CheckpointAdvanced checkpoint =
                journal.expectNextPersistedClass(persistenceId, HeadFollower.CheckpointAdvanced.class);
        assertThat(checkpoint.number()).isEqualTo(chain.finalizedBlock().number());
        KIT.stop(first);

        List<HtlcId> after = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            after.add(ChainActorTest.lock(alice, lockFor(chain, BOB, 10 + i)));
        }
        ActorRef<ChainActor.Command> second = start(chain, KIT.createTestProbe());
        before.forEach(id -> second.tell(new ChainActor.Watch(id, entity.ref())));
        after.forEach(id -> second.tell(new ChainActor.Watch(id, entity.ref())));
        second.tell(ChainActor.StartFollowing.INSTANCE);

        assertThat(receiveAndAck(entity, 2)).containsExactlyElementsOf(after);
        entity.expectNoMessage(Duration.ofMillis(500));
        assertThat(journal.expectNextPersistedClass(persistenceId, HeadFollower.CheckpointAdvanced.class)
                        .number())
                .isEqualTo(chain.finalizedBlock().number());
    }

    @Test
    void starts_after_the_trust_anchor_when_nothing_is_persisted_and_retries_an_unavailable_chain() {
        InMemoryChain chain = InMemoryChain.create(ChainId.of("follow-2"));
        chain.mint(ALICE, TOKEN, Amount.of(1000));
        InMemoryChainAdapter alice = chain.newAdapter(ALICE);
        HtlcId id = ChainActorTest.lock(alice, lockFor(chain, BOB, 1));
        TestProbe<ChainActor.Notice> notices = KIT.createTestProbe();
        TestProbe<TransferEntity.Command> entity = KIT.createTestProbe();
        chain.setUnavailable(true);

        ActorRef<ChainActor.Command> actor = start(chain, notices);
        actor.tell(new ChainActor.Watch(id, entity.ref()));
        actor.tell(ChainActor.StartFollowing.INSTANCE);
        entity.expectNoMessage(Duration.ofMillis(300));
        chain.setUnavailable(false);

        assertThat(receiveAndAck(entity, 1)).containsExactly(id);
        assertThat(notices.expectMessageClass(ChainActor.Following.class).height())
                .isEqualTo(chain.headBlock().number());
    }

    @Test
    void backoff_doubles_from_the_poll_interval_up_to_a_cap() {
        assertThat(HeadFollower.backoff(Duration.ofMillis(200), 1)).isEqualTo(Duration.ofMillis(200));
        assertThat(HeadFollower.backoff(Duration.ofMillis(200), 3)).isEqualTo(Duration.ofMillis(800));
        assertThat(HeadFollower.backoff(Duration.ofMillis(200), 40)).isEqualTo(HeadFollower.MAX_BACKOFF);
    }

    private static List<HtlcId> receiveAndAck(TestProbe<TransferEntity.Command> entity, int count) {
        List<HtlcId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TransferEntity.ChainEventSeen seen =
                    entity.expectMessageClass(TransferEntity.ChainEventSeen.class, Duration.ofSeconds(5));
            ids.add(seen.event().event().id());
            seen.ack().tell(Done.getInstance());
        }
        return ids;
    }
}
