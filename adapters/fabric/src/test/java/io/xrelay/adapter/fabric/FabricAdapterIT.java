/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainAdapterRegistry;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.Checkpoint;
import io.xrelay.adapter.ClaimRequest;
import io.xrelay.adapter.EventBatch;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.Submitted;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.TransactionRejectedException;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerifiedHtlcEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the TCK does not cover, on a real devnet: resuming from the persisted checkpoint, outcomes Fabric has and
 * other chains do not (MVCC conflicts, a transaction nobody ordered), and the time from a lock's submission to its
 * verified event in {@code events()}, which is measured and written to {@code target/fabric-event-latency.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FabricAdapterIT {
    private static final ChainId CHAIN = ChainId.of("fabric-it");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int LATENCY_LOCKS = 20;

    private @Nullable FabricTestChain chain;
    private final List<ChainAdapter> opened = new ArrayList<>();

    @BeforeAll
    void startDevnet() {
        chain = FabricTestChain.start(CHAIN, FabricITs.newStateDir("fabric-it"));
    }

    @AfterAll
    void stopDevnet() {
        opened.forEach(ChainAdapter::close);
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void a_restarted_adapter_resumes_from_its_persisted_checkpoint_and_still_serves_older_checkpoints()
            throws IOException {
        Account sender = funded();
        Path state = FabricITs.newStateDir("fabric-it-adapter-state");
        HtlcId first = lockCommitted(adapter(sender), sender, 11);
        ChainAdapter before = adapter(sender, Map.of("state-dir", state.toString()));
        long tip = await(before.head()).head().number();
        before.close();
        try (var files = Files.list(state)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("fabric-it-xrelay.trust");
        }
        HtlcId second = lockCommitted(adapter(sender), sender, 12);

        FabricAdapter resumed = (FabricAdapter) adapter(sender, Map.of("state-dir", state.toString()));

        assertThat(await(resumed.verifiedSince())).isEqualTo(tip);
        List<HtlcId> ids = collect(
                        resumed,
                        resumed.trustAnchor(),
                        await(resumed.head()).head().number())
                .stream()
                .map(e -> e.event().id())
                .toList();
        assertThat(ids).containsOnlyOnce(first, second);
        assertThat(await(resumed.verifiedSince()))
                .as("followed back to the anchor by hash")
                .isZero();
        List<HtlcId> fresh =
                collect(
                                adapter(sender),
                                resumed.trustAnchor(),
                                await(resumed.head()).head().number())
                        .stream()
                        .map(e -> e.event().id())
                        .toList();
        assertThat(ids).isEqualTo(fresh);
    }

    @Test
    void of_two_claims_of_one_lock_at_once_one_is_committed_and_the_other_fails_with_MVCC_READ_CONFLICT() {
        Account sender = funded();
        ChainAdapter first = adapter(funded());
        ChainAdapter second = adapter(funded());
        for (int attempt = 1; ; attempt++) {
            Preimage preimage = Preimage.random();
            HtlcId id = lockCommitted(adapter(sender), sender, 20 + attempt, preimage);
            CompletableFuture<Submitted> a =
                    first.claim(new ClaimRequest(id, preimage)).toCompletableFuture();
            CompletableFuture<Submitted> b =
                    second.claim(new ClaimRequest(id, preimage)).toCompletableFuture();
            List<Finality> outcomes = new ArrayList<>();
            boolean refusedAtEndorsement = false;
            for (var pair : List.of(Map.entry(first, a), Map.entry(second, b))) {
                try {
                    Submitted s = pair.getValue().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    outcomes.add(await(pair.getKey().awaitFinality(s.tx())));
                } catch (ExecutionException e) {
                    // The second endorsement saw the first claim committed: the chaincode refused it.
                    assertThat(e.getCause())
                            .isInstanceOfSatisfying(TransactionRejectedException.class, r -> assertThat(r.reasonCode())
                                    .isEqualTo("NotLocked"));
                    refusedAtEndorsement = true;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            if (refusedAtEndorsement) {
                assertThat(attempt)
                        .as("both claims endorsed before either committed, in 5 attempts")
                        .isLessThan(5);
                continue;
            }
            assertThat(outcomes).hasSize(2);
            assertThat(outcomes.stream().filter(Finality.Committed.class::isInstance))
                    .hasSize(1);
            Finality.Committed committed = (Finality.Committed) outcomes.stream()
                    .filter(Finality.Committed.class::isInstance)
                    .findFirst()
                    .orElseThrow();
            assertThat(committed.events()).hasSize(1);
            assertThat(committed.events().get(0).event()).isEqualTo(new HtlcEvent.Claimed(id, preimage));
            Finality.Failed failed = (Finality.Failed) outcomes.stream()
                    .filter(Finality.Failed.class::isInstance)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no failed claim among " + outcomes));
            assertThat(failed.reason()).startsWith("MVCC_READ_CONFLICT");
            assertThat(failed.block().number())
                    .isGreaterThanOrEqualTo(committed.block().number());
            return;
        }
    }

    @Test
    void the_signers_balance_is_the_gateway_peers_and_moves_by_a_committed_lock() {
        Account sender = funded();
        ChainAdapter adapter = adapter(sender);
        assertThat(await(adapter.balance(chain().testAsset()))).isEqualTo(Amount.of(1_000_000));

        lockCommitted(adapter, sender, 31);

        assertThat(await(adapter.balance(chain().testAsset()))).isEqualTo(Amount.of(1_000_000 - 31));
        assertThat(adapter.balance(Asset.of("no such asset!")))
                .as("an asset id the chaincode cannot hold is refused before any call")
                .isCompletedExceptionally();
    }

    @Test
    void operations_sent_while_one_is_in_flight_go_together_in_one_batch_and_each_is_answered_on_its_own() {
        Account sender = funded();
        ChainAdapter adapter = adapter(sender);
        Checkpoint from = new Checkpoint(CHAIN, await(adapter.head()).head());
        List<Preimage> preimages = List.of(Preimage.random(), Preimage.random(), Preimage.random(), Preimage.random());
        List<LockRequest> locks = new ArrayList<>();
        for (int i = 0; i < preimages.size(); i++) {
            locks.add(request(41 + i, preimages.get(i)));
        }
        List<HtlcId> ids = locks.stream()
                .map(r -> HtlcChaincode.lockId("xrelay", r.terms(sender)))
                .toList();

        // the first goes alone; the other three, and one the sender cannot pay for, wait for it and go together
        List<CompletableFuture<Submitted>> sent = new ArrayList<>();
        for (LockRequest r : locks) {
            sent.add(adapter.lock(r).toCompletableFuture());
        }
        CompletableFuture<Submitted> tooMuch =
                adapter.lock(request(2_000_000, Preimage.random())).toCompletableFuture();

        TxRef alone = await(sent.get(0)).tx();
        TxRef batch = await(sent.get(1)).tx();
        assertThat(alone).isNotEqualTo(batch);
        assertThat(await(sent.get(2)).tx()).isEqualTo(batch);
        assertThat(await(sent.get(3)).tx()).isEqualTo(batch);
        assertThatThrownBy(() -> tooMuch.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(TransactionRejectedException.class, e -> {
                    assertThat(e.reasonCode()).isEqualTo("InsufficientFunds");
                    assertThat(e.getMessage())
                            .contains("InsufficientFunds: lock 0x")
                            .contains(
                                    "has " + (1_000_000 - 41 - 42 - 43 - 44) + " of XRT, less than the amount 2000000");
                });
        Finality first = await(adapter.awaitFinality(alone));
        Finality together = await(adapter.awaitFinality(batch));
        assertThat(first).isInstanceOfSatisfying(Finality.Committed.class, c -> assertThat(c.events())
                .extracting(e -> e.event())
                .containsExactly(new HtlcEvent.Locked(ids.get(0), locks.get(0).terms(sender))));
        assertThat(together).isInstanceOfSatisfying(Finality.Committed.class, c -> assertThat(c.events())
                .extracting(e -> e.event())
                .containsExactly(
                        new HtlcEvent.Locked(ids.get(1), locks.get(1).terms(sender)),
                        new HtlcEvent.Locked(ids.get(2), locks.get(2).terms(sender)),
                        new HtlcEvent.Locked(ids.get(3), locks.get(3).terms(sender))));
        assertThat(await(adapter.balance(chain().testAsset()))).isEqualTo(Amount.of(1_000_000 - 41 - 42 - 43 - 44));

        // claims batch the same way; one of a lock that does not exist is refused alone
        ChainAdapter claimer = adapter(funded());
        List<CompletableFuture<Submitted>> claims = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            claims.add(claimer.claim(new ClaimRequest(ids.get(i), preimages.get(i)))
                    .toCompletableFuture());
        }
        CompletableFuture<Submitted> noSuchLock = claimer.claim(
                        new ClaimRequest(HtlcId.of("0x" + "0d".repeat(32)), Preimage.random()))
                .toCompletableFuture();
        TxRef claimedTogether = await(claims.get(1)).tx();
        assertThat(await(claims.get(3)).tx()).isEqualTo(claimedTogether);
        assertThatThrownBy(() -> noSuchLock.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(TransactionRejectedException.class, e -> assertThat(e.reasonCode())
                        .isEqualTo("LockNotFound"));
        assertThat(await(claimer.awaitFinality(await(claims.get(0)).tx()))).isInstanceOf(Finality.Committed.class);
        assertThat(await(claimer.awaitFinality(claimedTogether)))
                .isInstanceOfSatisfying(Finality.Committed.class, c -> assertThat(c.events())
                        .extracting(e -> e.event())
                        .containsExactly(
                                new HtlcEvent.Claimed(ids.get(1), preimages.get(1)),
                                new HtlcEvent.Claimed(ids.get(2), preimages.get(2)),
                                new HtlcEvent.Claimed(ids.get(3), preimages.get(3))));

        // and events() reports each operation of a batch, each with its transaction
        List<VerifiedHtlcEvent> events =
                collect(adapter, from, await(adapter.head()).head().number());
        assertThat(events.stream().filter(e -> e.origin().tx().equals(batch)))
                .extracting(e -> e.event().id())
                .containsExactly(ids.get(1), ids.get(2), ids.get(3));
        assertThat(events.stream().filter(e -> e.origin().tx().equals(claimedTogether)))
                .extracting(e -> e.event().id())
                .containsExactly(ids.get(1), ids.get(2), ids.get(3));
    }

    @Test
    void a_transaction_nobody_submitted_is_reported_dropped_after_the_configured_time() {
        Account sender = funded();
        ChainAdapter adapter = adapter(sender, Map.of("dropped-after", "3s"));
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        TxRef nobodys = new TxRef(CHAIN, HexFormat.of().formatHex(random));
        Instant start = Instant.now();

        Finality f = await(adapter.awaitFinality(nobodys));

        assertThat(f).isInstanceOfSatisfying(Finality.Dropped.class, d -> assertThat(d.reason())
                .contains("unknown to the gateway peer"));
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void measures_the_time_from_a_lock_submit_to_its_verified_event_in_events() throws Exception {
        Account sender = funded();
        ChainAdapter locker = adapter(sender);
        ChainAdapter follower = adapter(funded());
        Map<HtlcId, Instant> seen = new ConcurrentHashMap<>();
        Map<HtlcId, Integer> times = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Checkpoint start = new Checkpoint(CHAIN, await(follower.head()).finalized());
        Thread poller = new Thread(
                () -> {
                    Checkpoint at = start;
                    while (running.get()) {
                        try {
                            EventBatch batch = follower.events(at, 1_000)
                                    .toCompletableFuture()
                                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                            Instant now = Instant.now();
                            for (VerifiedHtlcEvent e : batch.finalEvents()) {
                                seen.putIfAbsent(e.event().id(), now);
                                times.merge(e.event().id(), 1, Integer::sum);
                            }
                            at = batch.checkpoint();
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            System.err.println("events failed: " + e);
                        }
                    }
                },
                "latency-follower");
        poller.start();
        List<Long> submitMillis = new ArrayList<>();
        List<Long> eventMillis = new ArrayList<>();
        List<Long> finalityMillis = new ArrayList<>();
        try {
            for (int i = 0; i < LATENCY_LOCKS; i++) {
                LockRequest request = request(100 + i, Preimage.random());
                HtlcId id = HtlcChaincode.lockId("xrelay", request.terms(sender));
                Instant t0 = Instant.now();
                Submitted s = await(locker.lock(request));
                Instant submitted = Instant.now();
                CompletableFuture<Finality> finality =
                        locker.awaitFinality(s.tx()).toCompletableFuture();
                Instant deadline = t0.plus(WAIT);
                while (!seen.containsKey(id)) {
                    assertThat(Instant.now())
                            .as("the event of lock %d arrives", i)
                            .isBefore(deadline);
                    Thread.sleep(5);
                }
                Finality f = finality.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(f).isInstanceOf(Finality.Committed.class);
                Instant finalAt = Instant.now();
                submitMillis.add(Duration.between(t0, submitted).toMillis());
                eventMillis.add(Duration.between(t0, seen.get(id)).toMillis());
                finalityMillis.add(Duration.between(t0, finalAt).toMillis());
            }
        } finally {
            running.set(false);
            poller.interrupt();
            poller.join(10_000);
        }
        assertThat(times.values()).as("every event exactly once").allMatch(n -> n == 1);
        String report = "Fabric adapter, devnet (BatchTimeout 500ms, 2 peers, 1 orderer), " + LATENCY_LOCKS
                + " locks one after another, events() polled every 20 ms by a second adapter\n"
                + stats("lock() call until Submitted (endorse by both orgs + submit)", submitMillis)
                + stats("lock() call until its verified Locked event in events()", eventMillis)
                + stats("lock() call until awaitFinality() Committed", finalityMillis);
        System.out.println(report);
        Path out =
                Path.of(System.getProperty("xrelay.root", "../.."), "adapters/fabric/target/fabric-event-latency.txt");
        Files.writeString(out, report, StandardCharsets.UTF_8);
        assertThat(eventMillis).allMatch(ms -> ms < WAIT.toMillis());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private FabricTestChain chain() {
        return Objects.requireNonNull(chain, "devnet");
    }

    private Account funded() {
        return chain().newFundedAccount(chain().testAsset(), Amount.of(1_000_000));
    }

    private ChainAdapter adapter(Account account) {
        return adapter(account, Map.of());
    }

    private ChainAdapter adapter(Account account, Map<String, Object> overrides) {
        Map<String, Object> settings = chain().settings(chain().identity(account));
        settings.putAll(overrides);
        ChainAdapter a = ChainAdapterRegistry.loadDefault()
                .provider(FabricAdapterProvider.TYPE)
                .create(CHAIN, ConfigFactory.parseMap(settings));
        opened.add(a);
        return a;
    }

    private LockRequest request(long amount, Preimage preimage) {
        return new LockRequest(
                chain().newAccount(),
                preimage.hashLock(),
                TimeLock.at(Instant.now().plus(Duration.ofHours(1))),
                chain().testAsset(),
                Amount.of(amount),
                ChainId.of("eth-test"),
                Account.of("0x00000000000000000000000000000000000000aa"),
                Amount.of(1));
    }

    private HtlcId lockCommitted(ChainAdapter adapter, Account sender, long amount) {
        return lockCommitted(adapter, sender, amount, Preimage.random());
    }

    private HtlcId lockCommitted(ChainAdapter adapter, Account sender, long amount, Preimage preimage) {
        LockRequest r = request(amount, preimage);
        Finality f = await(adapter.awaitFinality(await(adapter.lock(r)).tx()));
        assertThat(f).isInstanceOf(Finality.Committed.class);
        HtlcId id = ((Finality.Committed) f).events().get(0).event().id();
        assertThat(id).isEqualTo(HtlcChaincode.lockId("xrelay", r.terms(sender)));
        return id;
    }

    private static List<VerifiedHtlcEvent> collect(ChainAdapter adapter, Checkpoint from, long through) {
        List<VerifiedHtlcEvent> out = new ArrayList<>();
        Checkpoint at = from;
        Instant deadline = Instant.now().plus(WAIT);
        while (at.block().number() < through) {
            EventBatch batch = await(adapter.events(at, 2));
            out.addAll(batch.finalEvents());
            at = batch.checkpoint();
            assertThat(Instant.now()).isBefore(deadline);
        }
        return out;
    }

    private static String stats(String what, List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        long sum = sorted.stream().mapToLong(Long::longValue).sum();
        return String.format(
                "  %-62s n=%d  min %d ms  median %d ms  p90 %d ms  max %d ms  mean %d ms%n",
                what,
                sorted.size(),
                sorted.get(0),
                sorted.get(sorted.size() / 2),
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1)),
                sorted.get(sorted.size() - 1),
                sum / sorted.size());
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within " + WAIT, e);
        }
    }
}
