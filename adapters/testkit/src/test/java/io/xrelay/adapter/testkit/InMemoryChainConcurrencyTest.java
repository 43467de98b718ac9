/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import static io.xrelay.adapter.testkit.TestSupport.T0;
import static io.xrelay.adapter.testkit.TestSupport.lock;
import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.Checkpoint;
import io.xrelay.adapter.ClaimRequest;
import io.xrelay.adapter.EventBatch;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerifiedHtlcEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** A smoke test: signers, a miner and an event follower on their own threads against one chain. */
class InMemoryChainConcurrencyTest {
    private static final int SIGNERS = 4;
    private static final int ROUNDS = 40;
    private static final long AMOUNT = 7;

    @Test
    void signers_a_miner_and_a_follower_on_their_own_threads_keep_the_chain_consistent() throws Exception {
        InMemoryChain chain = InMemoryChain.builder(ChainId.of("mem-threads"))
                .autoMine(false)
                .finalityDepth(2)
                .build();
        for (int s = 0; s < SIGNERS; s++) {
            chain.mint(sender(s), Asset.NATIVE, Amount.of(1_000));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(SIGNERS + 2);
        try {
            Future<Integer> miner = pool.submit(() -> {
                int mined = 0;
                while (running.get()) {
                    chain.mineBlock();
                    mined++;
                    LockSupport.parkNanos(100_000); // a block every ~0.1 ms: enough, without millions of blocks
                }
                return mined;
            });
            Future<List<VerifiedHtlcEvent>> follower = pool.submit(follow(chain, running));
            List<Future<List<Finality>>> signers = new ArrayList<>();
            for (int s = 0; s < SIGNERS; s++) {
                int index = s;
                signers.add(pool.submit(() -> swap(chain, index)));
            }

            List<Finality> outcomes = new ArrayList<>();
            for (Future<List<Finality>> signer : signers) {
                outcomes.addAll(signer.get(60, TimeUnit.SECONDS));
            }
            chain.mineBlocks(3);
            running.set(false);
            assertThat(miner.get(10, TimeUnit.SECONDS)).isPositive();
            List<VerifiedHtlcEvent> followed = follower.get(10, TimeUnit.SECONDS);

            assertThat(outcomes).hasSize(SIGNERS * ROUNDS * 2).allMatch(Finality.Committed.class::isInstance);
            for (int s = 0; s < SIGNERS; s++) {
                assertThat(chain.balance(sender(s), Asset.NATIVE)).isEqualTo(Amount.of(1_000 - ROUNDS * AMOUNT));
                assertThat(chain.balance(receiver(s), Asset.NATIVE)).isEqualTo(Amount.of(ROUNDS * AMOUNT));
            }
            assertThat(chain.escrowed(Asset.NATIVE)).isEqualTo(Amount.ZERO);
            List<InMemoryChain.Block> blocks = chain.blocks();
            for (int i = 1; i < blocks.size(); i++) {
                assertThat(blocks.get(i).parentHash())
                        .isEqualTo(blocks.get(i - 1).hash());
            }
            List<VerifiedHtlcEvent> all = blocks.stream()
                    .filter(b -> b.number() <= chain.finalizedBlock().number())
                    .flatMap(b -> b.events().stream())
                    .toList();
            assertThat(all).hasSize(SIGNERS * ROUNDS * 2).allMatch(InMemoryProofs::verify);
            assertThat(followed).isEqualTo(all.subList(0, followed.size()));
            assertThat(followed.size()).isGreaterThan(0);
        } finally {
            running.set(false);
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static Account sender(int index) {
        return Account.of("sender-" + index);
    }

    private static Account receiver(int index) {
        return Account.of("receiver-" + index);
    }

    /** Locks and claims {@link #ROUNDS} times, waiting for each to be final; returns every finality. */
    private static List<Finality> swap(InMemoryChain chain, int index) throws Exception {
        try (InMemoryChainAdapter adapter = chain.newAdapter(sender(index))) {
            List<Finality> outcomes = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                Preimage preimage = Preimage.random();
                TxRef lockTx = adapter.lock(lock(receiver(index), preimage, T0.plus(Duration.ofDays(1)), AMOUNT))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS)
                        .tx();
                Finality locked =
                        adapter.awaitFinality(lockTx).toCompletableFuture().get(10, TimeUnit.SECONDS);
                outcomes.add(locked);
                HtlcId id =
                        ((Finality.Committed) locked).events().get(0).event().id();
                TxRef claimTx = adapter.claim(new ClaimRequest(id, preimage))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS)
                        .tx();
                outcomes.add(
                        adapter.awaitFinality(claimTx).toCompletableFuture().get(10, TimeUnit.SECONDS));
            }
            return outcomes;
        }
    }

    /** Follows final events three at a time while the others run. */
    private static Callable<List<VerifiedHtlcEvent>> follow(InMemoryChain chain, AtomicBoolean running) {
        return () -> {
            try (InMemoryChainAdapter adapter = chain.newAdapter(Account.of("follower"))) {
                List<VerifiedHtlcEvent> followed = new ArrayList<>();
                Checkpoint checkpoint = adapter.trustAnchor();
                while (running.get()) {
                    EventBatch batch =
                            adapter.events(checkpoint, 3).toCompletableFuture().join();
                    followed.addAll(batch.finalEvents());
                    checkpoint = batch.checkpoint();
                }
                return followed;
            }
        };
    }
}
