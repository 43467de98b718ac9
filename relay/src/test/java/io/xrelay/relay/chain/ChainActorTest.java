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
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcReason;
import io.xrelay.adapter.HtlcRecord;
import io.xrelay.adapter.HtlcStatus;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.RefundRequest;
import io.xrelay.adapter.Submitted;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.testkit.InMemoryChain;
import io.xrelay.adapter.testkit.InMemoryChainAdapter;
import io.xrelay.relay.config.ChainRelaySettings;
import io.xrelay.relay.transfer.TransferEntity;
import io.xrelay.relay.transfer.TransferId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chain's actor on in-memory chains: submissions, finality, routing with acknowledgements, inventory. */
class ChainActorTest {
    private static final ActorTestKit KIT = ActorTestKit.create(ChainTestSupport.persistenceTestKitConfig());
    private static final AtomicInteger CHAINS = new AtomicInteger();

    private final PersistenceTestKit journal = PersistenceTestKit.create(KIT.system());
    private final Map<ChainId, ChainFacts> board = new ConcurrentHashMap<>();
    private final TestProbe<ChainActor.Notice> notices = KIT.createTestProbe();

    @AfterAll
    static void stopKit() {
        KIT.shutdownTestKit();
    }

    @BeforeEach
    void clearJournal() {
        journal.clearAll();
    }

    private static ChainId newChainId() {
        return ChainId.of("test-" + CHAINS.incrementAndGet());
    }

    private ActorRef<ChainActor.Command> spawn(InMemoryChain chain, int maxInFlight) {
        return spawn(chain, maxInFlight, ChainActor.ACK_TIMEOUT);
    }

    private ActorRef<ChainActor.Command> spawn(InMemoryChain chain, int maxInFlight, Duration ackTimeout) {
        return spawn(chain.id(), chain.newAdapter(OPERATOR), maxInFlight, ackTimeout);
    }

    /** A chain actor over {@code adapter} (the operator's), once it reported the adapter open. */
    private ActorRef<ChainActor.Command> spawn(
            ChainId chain, ChainAdapter adapter, int maxInFlight, Duration ackTimeout) {
        ChainRelaySettings settings = new ChainRelaySettings(Duration.ofSeconds(1), Duration.ofSeconds(2), maxInFlight);
        ActorRef<ChainActor.Command> actor = KIT.spawn(ChainActor.create(
                chain,
                ConfigFactory.empty(),
                settings,
                Duration.ofMillis(50),
                (id, c) -> adapter,
                board,
                notices.ref(),
                ackTimeout));
        ChainActor.Notice opened = notices.receiveMessage();
        assertThat(opened).isEqualTo(new ChainActor.Opened(chain, OPERATOR));
        return actor;
    }

    private static ChainActor.Submit lock(InMemoryChain chain, TestProbe<ChainActor.SubmitReply> replies) {
        return new ChainActor.Submit(new ChainActor.TxIntent.Lock(lockFor(chain, BOB, 10)), replies.ref());
    }

    @Test
    void publishes_the_chains_facts_once_the_adapter_is_open() {
        InMemoryChain chain = InMemoryChain.create(newChainId());
        spawn(chain, 4);

        ChainFacts facts = java.util.Objects.requireNonNull(board.get(chain.id()), "published");
        assertThat(facts.chain()).isEqualTo(chain.id());
        assertThat(facts.operator()).isEqualTo(OPERATOR);
        assertThat(facts.finality()).isEqualTo(Duration.ofSeconds(1));
        assertThat(facts.clockTolerance()).isEqualTo(Duration.ofSeconds(2));
        assertThat(facts.accountProblem(InMemoryChain.ZERO_ACCOUNT)).isPresent();
        assertThat(facts.accountProblem(BOB)).isEmpty();
    }

    @Test
    void caps_the_submissions_in_flight_and_sends_the_rest_in_order_as_earlier_ones_become_final() {
        InMemoryChain chain =
                InMemoryChain.builder(newChainId()).autoMine(false).build();
        chain.mint(OPERATOR, TOKEN, Amount.of(1000));
        ActorRef<ChainActor.Command> actor = spawn(chain, 2);
        TestProbe<ChainActor.SubmitReply> replies = KIT.createTestProbe();

        for (int i = 0; i < 3; i++) {
            actor.tell(lock(chain, replies));
        }

        replies.expectMessageClass(ChainActor.SubmitReply.Sent.class);
        replies.expectMessageClass(ChainActor.SubmitReply.Sent.class);
        replies.expectNoMessage(Duration.ofMillis(300));
        assertThat(chain.mempool()).hasSize(2);

        chain.mineBlock();

        replies.expectMessageClass(ChainActor.SubmitReply.Sent.class);
        assertThat(chain.mempool()).hasSize(1);
    }

    @Test
    void replies_failed_when_a_sent_transaction_is_dropped() {
        InMemoryChain chain = InMemoryChain.create(newChainId());
        chain.mint(OPERATOR, TOKEN, Amount.of(1000));
        ActorRef<ChainActor.Command> actor = spawn(chain, 4);
        TestProbe<ChainActor.SubmitReply> replies = KIT.createTestProbe();
        chain.dropNextTransaction("evicted from the mempool");

        actor.tell(lock(chain, replies));

        ChainActor.SubmitReply.Sent sent = replies.expectMessageClass(ChainActor.SubmitReply.Sent.class);
        ChainActor.SubmitReply.Failed failed = replies.expectMessageClass(ChainActor.SubmitReply.Failed.class);
        assertThat(failed.tx()).isEqualTo(sent.tx());
        assertThat(failed.reason()).contains("evicted from the mempool");
    }

    @Test
    void replies_refused_with_the_chains_reason_code() {
        InMemoryChain chain = InMemoryChain.create(newChainId());
        ActorRef<ChainActor.Command> actor = spawn(chain, 4);
        TestProbe<ChainActor.SubmitReply> replies = KIT.createTestProbe();

        actor.tell(lock(chain, replies)); // the operator holds nothing

        ChainActor.SubmitReply.Refused refused = replies.expectMessageClass(ChainActor.SubmitReply.Refused.class);
        assertThat(refused.reasonCode()).isEqualTo(HtlcReason.InsufficientFunds.code());
        replies.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void replies_unavailable_when_the_chain_cannot_be_reached_and_nothing_more_after_a_commit() {
        InMemoryChain chain = InMemoryChain.create(newChainId());
        chain.mint(OPERATOR, TOKEN, Amount.of(1000));
        ActorRef<ChainActor.Command> actor = spawn(chain, 4);
        TestProbe<ChainActor.SubmitReply> replies = KIT.createTestProbe();

        chain.setUnavailable(true);
        actor.tell(lock(chain, replies));
        replies.expectMessageClass(ChainActor.SubmitReply.Unavailable.class);

        chain.setUnavailable(false);
        actor.tell(lock(chain, replies));
        replies.expectMessageClass(ChainActor.SubmitReply.Sent.class);
        replies.expectNoMessage(Duration.ofMillis(300));
    }

    @Test
    void reserves_inventory_up_to_the_balance_less_other_reservations_and_names_the_shortfall() {
        InMemoryChain chain = InMemoryChain.create(newChainId());
        chain.mint(OPERATOR, TOKEN, Amount.of(100));
        ActorRef<ChainActor.Command> actor = spawn(chain, 4);
        TestProbe<StatusReply<Done>> replies = KIT.createTestProbe();
        TransferId first = new TransferId(ChainTestSupport.OTHER, HtlcId.of("0x01"));
        TransferId second = new TransferId(ChainTestSupport.OTHER, HtlcId.of("0x02"));

        actor.tell(new ChainActor.Reserve(first, TOKEN, Amount.of(60), replies.ref()));
        assertThat(replies.receiveMessage().isSuccess()).isTrue();

        actor.tell(new ChainActor.Reserve(second, TOKEN, Amount.of(50), replies.ref()));
        StatusReply<Done> refused = replies.receiveMessage();
        assertThat(refused.isError()).isTrue();
        assertThat(refused.getError().getMessage())
                .contains("insufficient inventory")
                .contains("needs 50 TKN")
                .contains("available 40")
                .contains("short by 10");

        actor.tell(new ChainActor.Reserve(first, TOKEN, Amount.of(60), replies.ref()));
        assertThat(replies.receiveMessage().isSuccess())
                .as("reserving again for one transfer")
                .isTrue();

        actor.tell(new ChainActor.Release(first));
        actor.tell(new ChainActor.Reserve(second, TOKEN, Amount.of(50), replies.ref()));
        assertThat(replies.receiveMessage().isSuccess()).isTrue();
    }

    @Test
    void a_burst_of_reservations_shares_one_balance_read_and_each_counts_the_ones_before_it() throws Exception {
        InMemoryChain chain = InMemoryChain.create(newChainId());
        chain.mint(OPERATOR, TOKEN, Amount.of(100));
        // the adapter's balance reads wait until the test answers them
        BlockingQueue<CompletableFuture<Amount>> reads = new LinkedBlockingQueue<>();
        InMemoryChainAdapter real = chain.newAdapter(OPERATOR);
        ChainAdapter held = (ChainAdapter) Proxy.newProxyInstance(
                ChainAdapter.class.getClassLoader(), new Class<?>[] {ChainAdapter.class}, (proxy, method, args) -> {
                    if (method.getName().equals("balance")) {
                        CompletableFuture<Amount> read = new CompletableFuture<>();
                        reads.add(read);
                        return read;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ActorRef<ChainActor.Command> actor = spawn(chain.id(), held, 4, ChainActor.ACK_TIMEOUT);
        TestProbe<StatusReply<Done>> replies = KIT.createTestProbe();

        actor.tell(new ChainActor.Reserve(transfer(1), TOKEN, Amount.of(30), replies.ref()));
        CompletableFuture<Amount> first = next(reads);
        for (int i = 2; i <= 4; i++) {
            actor.tell(new ChainActor.Reserve(transfer(i), TOKEN, Amount.of(30), replies.ref()));
        }
        first.complete(Amount.of(100));
        assertThat(replies.receiveMessage().isSuccess())
                .as("the first reservation")
                .isTrue();

        // the three that came during the first read wait for one read that starts after them
        CompletableFuture<Amount> second = next(reads);
        replies.expectNoMessage(Duration.ofMillis(200));
        assertThat(reads).as("one read for the three waiting").isEmpty();
        second.complete(Amount.of(100));
        assertThat(replies.receiveMessage().isSuccess()).as("the second").isTrue();
        assertThat(replies.receiveMessage().isSuccess()).as("the third").isTrue();
        StatusReply<Done> fourth = replies.receiveMessage();
        assertThat(fourth.isError()).as("the fourth: 100 less 90 reserved").isTrue();
        assertThat(fourth.getError().getMessage()).contains("available 10").contains("short by 20");
        assertThat(reads.poll(200, TimeUnit.MILLISECONDS))
                .as("no read with nobody waiting")
                .isNull();

        // a failed read answers every reservation waiting for it, naming the chain
        actor.tell(new ChainActor.Reserve(transfer(5), TOKEN, Amount.of(1), replies.ref()));
        next(reads).completeExceptionally(new IllegalStateException("node down"));
        StatusReply<Done> failed = replies.receiveMessage();
        assertThat(failed.isError()).isTrue();
        assertThat(failed.getError().getMessage())
                .contains("inventory of " + TOKEN + " on " + chain.id() + " unknown")
                .contains("node down");
    }

    @Test
    void locks_that_share_one_transaction_each_settle_their_own_reservation() {
        InMemoryChain chain = InMemoryChain.create(newChainId());
        chain.mint(OPERATOR, TOKEN, Amount.of(150));
        // like a batching adapter: both locks go in one transaction, whose finality each awaits on its own
        InMemoryChainAdapter real = chain.newAdapter(OPERATOR);
        TxRef shared = new TxRef(chain.id(), "0xba7c4");
        java.util.Deque<TxRef> realTxs = new java.util.concurrent.ConcurrentLinkedDeque<>();
        ChainAdapter batching = (ChainAdapter) Proxy.newProxyInstance(
                ChainAdapter.class.getClassLoader(), new Class<?>[] {ChainAdapter.class}, (proxy, method, args) -> {
                    try {
                        if (method.getName().equals("lock")) {
                            Submitted s = real.lock((LockRequest) args[0])
                                    .toCompletableFuture()
                                    .join();
                            realTxs.add(s.tx());
                            return CompletableFuture.completedFuture(new Submitted(shared));
                        }
                        if (method.getName().equals("awaitFinality") && shared.equals(args[0])) {
                            TxRef one = java.util.Objects.requireNonNull(realTxs.poll());
                            return real.awaitFinality(one)
                                    .thenApply(f -> new Finality.Committed(
                                            shared, ((Finality.Committed) f).block(), java.util.List.of()));
                        }
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ActorRef<ChainActor.Command> actor = spawn(chain.id(), batching, 4, ChainActor.ACK_TIMEOUT);
        TestProbe<StatusReply<Done>> replies = KIT.createTestProbe();
        TestProbe<ChainActor.SubmitReply> sent = KIT.createTestProbe();

        actor.tell(new ChainActor.Reserve(transfer(1), TOKEN, Amount.of(50), replies.ref()));
        actor.tell(new ChainActor.Reserve(transfer(2), TOKEN, Amount.of(50), replies.ref()));
        assertThat(replies.receiveMessage().isSuccess()).isTrue();
        assertThat(replies.receiveMessage().isSuccess()).isTrue();
        for (int i = 0; i < 2; i++) {
            actor.tell(new ChainActor.Submit(new ChainActor.TxIntent.Lock(lockFor(chain, BOB, 50)), sent.ref()));
            assertThat(sent.expectMessageClass(ChainActor.SubmitReply.Sent.class)
                            .tx())
                    .isEqualTo(shared);
        }
        assertThat(chain.balance(OPERATOR, TOKEN)).isEqualTo(Amount.of(50));

        // once both are final, the 50 left is all available: neither lock counts against it any more
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        StatusReply<Done> reply;
        do {
            actor.tell(new ChainActor.Reserve(transfer(3), TOKEN, Amount.of(50), replies.ref()));
            reply = replies.receiveMessage();
        } while (reply.isError() && System.nanoTime() < deadline);
        assertThat(reply.isSuccess())
                .as("reserve 50 of a balance of 50: %s", reply)
                .isTrue();
    }

    private static TransferId transfer(int n) {
        return new TransferId(ChainTestSupport.OTHER, HtlcId.of("0x0" + n));
    }

    private static CompletableFuture<Amount> next(BlockingQueue<CompletableFuture<Amount>> reads)
            throws InterruptedException {
        CompletableFuture<Amount> read = reads.poll(3, TimeUnit.SECONDS);
        assertThat(read).as("a balance read").isNotNull();
        return java.util.Objects.requireNonNull(read);
    }

    @Test
    void a_reserved_lock_that_is_sent_and_final_no_longer_counts_against_the_balance() {
        InMemoryChain chain = InMemoryChain.create(newChainId());
        chain.mint(OPERATOR, TOKEN, Amount.of(100));
        ActorRef<ChainActor.Command> actor = spawn(chain, 4);
        TestProbe<StatusReply<Done>> replies = KIT.createTestProbe();
        TestProbe<ChainActor.SubmitReply> sent = KIT.createTestProbe();
        TransferId first = new TransferId(ChainTestSupport.OTHER, HtlcId.of("0x01"));
        TransferId second = new TransferId(ChainTestSupport.OTHER, HtlcId.of("0x02"));

        actor.tell(new ChainActor.Reserve(first, TOKEN, Amount.of(60), replies.ref()));
        assertThat(replies.receiveMessage().isSuccess()).isTrue();
        actor.tell(new ChainActor.Submit(new ChainActor.TxIntent.Lock(lockFor(chain, BOB, 60)), sent.ref()));
        sent.expectMessageClass(ChainActor.SubmitReply.Sent.class);
        assertThat(chain.balance(OPERATOR, TOKEN)).isEqualTo(Amount.of(40));

        // the lock is final: the balance of 40 is all there is to reserve, not 40 less the 60 already locked
        // (finality is noticed asynchronously: ask until it is, for at most two seconds)
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        StatusReply<Done> reply;
        do {
            actor.tell(new ChainActor.Reserve(second, TOKEN, Amount.of(40), replies.ref()));
            reply = replies.receiveMessage();
        } while (reply.isError() && System.nanoTime() < deadline);
        assertThat(reply.isSuccess())
                .as("reserve 40 of a balance of 40: %s", reply)
                .isTrue();
        actor.tell(new ChainActor.Reserve(first, TOKEN, Amount.of(60), replies.ref()));
        assertThat(replies.receiveMessage().isSuccess())
                .as("reserving again for the first transfer")
                .isTrue();
    }

    @Test
    void answers_the_nodes_record_of_a_lock() {
        InMemoryChain chain = InMemoryChain.create(newChainId());
        chain.mint(ALICE, TOKEN, Amount.of(100));
        ActorRef<ChainActor.Command> actor = spawn(chain, 4);
        InMemoryChainAdapter alice = chain.newAdapter(ALICE);
        HtlcId id = lock(alice, lockFor(chain, BOB, 5));
        TestProbe<StatusReply<Optional<HtlcRecord>>> replies = KIT.createTestProbe();

        actor.tell(new ChainActor.GetHtlc(id, replies.ref()));
        Optional<HtlcRecord> record = replies.receiveMessage().getValue();
        assertThat(record).map(HtlcRecord::status).contains(HtlcStatus.LOCKED);

        actor.tell(new ChainActor.GetHtlc(HtlcId.of("0xabsent"), replies.ref()));
        assertThat(replies.receiveMessage().getValue()).isEmpty();
    }

    @Test
    void routes_final_events_to_watchers_and_new_operator_locks_to_the_relay_and_persists_the_checkpoint_after_acks() {
        InMemoryChain chain = InMemoryChain.create(newChainId());
        chain.mint(ALICE, TOKEN, Amount.of(100));
        InMemoryChainAdapter alice = chain.newAdapter(ALICE);
        ActorRef<ChainActor.Command> actor = spawn(chain, 4);
        TestProbe<TransferEntity.Command> entity = KIT.createTestProbe();
        String persistenceId = HeadFollower.persistenceId(chain.id()).id();

        HtlcId watched = lock(alice, lockFor(chain, BOB, 5));
        HtlcId toOperator = lock(alice, lockFor(chain, OPERATOR, 7));
        alice.lock(lockFor(chain, BOB, 9)).toCompletableFuture().join(); // nobody's business
        long last = chain.finalizedBlock().number();
        actor.tell(new ChainActor.Watch(watched, entity.ref()));
        actor.tell(ChainActor.StartFollowing.INSTANCE);

        assertThat(notices.receiveMessage()).isInstanceOf(ChainActor.Following.class);
        TransferEntity.ChainEventSeen seen = entity.expectMessageClass(TransferEntity.ChainEventSeen.class);
        assertThat(seen.event().event().id()).isEqualTo(watched);
        assertThat(seen.chain()).isEqualTo(chain.id());
        ChainActor.SourceLockFound found = notices.expectMessageClass(ChainActor.SourceLockFound.class);
        assertThat(found.event().event().id()).isEqualTo(toOperator);
        assertThat(found.event().event()).isInstanceOf(HtlcEvent.Locked.class);

        seen.ack().tell(Done.getInstance());
        journal.expectNothingPersisted(persistenceId, Duration.ofMillis(300));

        found.ack().tell(Done.getInstance());
        HeadFollower.CheckpointAdvanced advanced =
                journal.expectNextPersistedClass(persistenceId, HeadFollower.CheckpointAdvanced.class);
        assertThat(advanced.number()).isEqualTo(last);
        entity.expectNoMessage(Duration.ofMillis(200));
        notices.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void delivers_events_of_one_lock_in_order_and_again_when_an_acknowledgement_is_missing() {
        InMemoryChain chain = InMemoryChain.create(newChainId());
        chain.mint(ALICE, TOKEN, Amount.of(100));
        InMemoryChainAdapter alice = chain.newAdapter(ALICE);
        ActorRef<ChainActor.Command> actor = spawn(chain, 4, Duration.ofMillis(500));
        TestProbe<TransferEntity.Command> entity = KIT.createTestProbe();
        LockRequest request = lockFor(chain, BOB, 5);
        HtlcId id = lock(alice, request);
        chain.advanceTime(Duration.ofHours(2));
        alice.refund(new RefundRequest(id)).toCompletableFuture().join();
        actor.tell(new ChainActor.Watch(id, entity.ref()));
        actor.tell(ChainActor.StartFollowing.INSTANCE);

        TransferEntity.ChainEventSeen locked = entity.expectMessageClass(TransferEntity.ChainEventSeen.class);
        assertThat(locked.event().event()).isInstanceOf(HtlcEvent.Locked.class);
        // not acknowledged: the refund waits, the lock comes again after the timeout
        TransferEntity.ChainEventSeen again =
                entity.expectMessageClass(TransferEntity.ChainEventSeen.class, Duration.ofSeconds(3));
        assertThat(again.event()).isEqualTo(locked.event());
        again.ack().tell(Done.getInstance());

        TransferEntity.ChainEventSeen refunded = entity.expectMessageClass(TransferEntity.ChainEventSeen.class);
        assertThat(refunded.event().event()).isEqualTo(new HtlcEvent.Refunded(id));
        refunded.ack().tell(Done.getInstance());
        entity.expectNoMessage(Duration.ofMillis(300));
    }

    /** Sends {@code request} from {@code signer}'s adapter and returns the lock's id. */
    static HtlcId lock(InMemoryChainAdapter signer, LockRequest request) {
        signer.lock(request).toCompletableFuture().join();
        return signer.lockId(request.terms(signer.signer()));
    }
}
