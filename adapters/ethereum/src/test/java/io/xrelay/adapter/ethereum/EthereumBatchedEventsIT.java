/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.Checkpoint;
import io.xrelay.adapter.EventBatch;
import io.xrelay.adapter.EventOrigin;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerifiedHtlcEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Paging of events when blocks hold several HTLC events, on anvil with automine off (the TCK's anvil mines a block
 * per transaction, so its blocks hold one event each): three locks mined in one block, two in the next. A batch never
 * splits a block, since its checkpoint names a block: it stops before a block that would take it over {@code max},
 * and takes a whole block even over {@code max} when that block comes first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EthereumBatchedEventsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private @Nullable AnvilTestChain chain;
    private @Nullable ChainAdapter adapter;
    private Checkpoint start = new Checkpoint(ChainId.of("unset"), new BlockRef(0, Bytes.EMPTY));
    private final List<VerifiedHtlcEvent> firstBlock = new ArrayList<>();
    private final List<VerifiedHtlcEvent> secondBlock = new ArrayList<>();

    @BeforeAll
    void mine_a_block_of_three_locks_and_a_block_of_two() throws Exception {
        AnvilTestChain c = AnvilTestChain.start(ChainId.of("anvil-batched"), false);
        chain = c;
        Account sender = c.newFundedAccount(Asset.NATIVE, Amount.of(1_000_000));
        ChainAdapter a = c.adapterFor(sender);
        adapter = a;
        start = new Checkpoint(c.chainId(), await(a.head()).finalized());
        c.anvil().setAutomine(false);

        List<TxRef> first = lock(a, 3);
        c.produceBlocks(1);
        List<TxRef> second = lock(a, 2);
        c.produceBlocks(1);
        c.produceBlocks(AnvilTestChain.FINALITY_DEPTH);

        firstBlock.addAll(committedEvents(a, first));
        secondBlock.addAll(committedEvents(a, second));
    }

    @AfterAll
    void stop_anvil() {
        ChainAdapter a = adapter;
        if (a != null) {
            a.close();
        }
        AnvilTestChain c = chain;
        if (c != null) {
            c.close();
        }
    }

    private AnvilTestChain chain() {
        AnvilTestChain c = chain;
        if (c == null) {
            throw new IllegalStateException("anvil is not running");
        }
        return c;
    }

    private ChainAdapter adapter() {
        ChainAdapter a = adapter;
        if (a == null) {
            throw new IllegalStateException("no adapter");
        }
        return a;
    }

    private List<TxRef> lock(ChainAdapter a, int count) throws Exception {
        List<TxRef> txs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LockRequest r = new LockRequest(
                    chain().newAccount(),
                    Preimage.random().hashLock(),
                    TimeLock.at(chain().chainTime().plus(Duration.ofHours(1))),
                    Asset.NATIVE,
                    Amount.of(1_000 + i),
                    ChainId.of("fabric-trade"),
                    new Account("alice@org1"),
                    Amount.of(900));
            txs.add(await(a.lock(r)).tx());
        }
        return txs;
    }

    /** The events of {@code txs}, all of which must be committed in one block, in block order. */
    private List<VerifiedHtlcEvent> committedEvents(ChainAdapter a, List<TxRef> txs) throws Exception {
        List<VerifiedHtlcEvent> events = new ArrayList<>();
        BlockRef block = null;
        for (TxRef tx : txs) {
            Finality f = awaitFinality(a, tx);
            assertThat(f).as("finality of %s", tx).isInstanceOf(Finality.Committed.class);
            Finality.Committed committed = (Finality.Committed) f;
            assertThat(committed.events()).hasSize(1);
            if (block != null) {
                assertThat(committed.block())
                        .as("the locks sent together share a block")
                        .isEqualTo(block);
            }
            block = committed.block();
            events.addAll(committed.events());
        }
        return events;
    }

    private Finality awaitFinality(ChainAdapter a, TxRef tx) throws Exception {
        CompletableFuture<Finality> stage = a.awaitFinality(tx).toCompletableFuture();
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!stage.isDone()) {
            assertThat(Instant.now()).as("finality of %s", tx).isBefore(deadline);
            chain().produceBlocks(1);
            Thread.sleep(50);
        }
        return stage.get();
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static List<HtlcId> ids(List<VerifiedHtlcEvent> events) {
        return events.stream().map(e -> e.event().id()).toList();
    }

    @Test
    void the_locks_sent_together_are_three_and_two_events_of_two_consecutive_blocks_in_log_order() {
        assertThat(firstBlock).hasSize(3);
        assertThat(secondBlock).hasSize(2);
        BlockRef b1 = firstBlock.get(0).origin().block();
        BlockRef b2 = secondBlock.get(0).origin().block();
        assertThat(b2.number()).isEqualTo(b1.number() + 1);
        List<Integer> indexes = firstBlock.stream()
                .map(VerifiedHtlcEvent::origin)
                .map(EventOrigin::indexInBlock)
                .toList();
        assertThat(indexes).isSorted().doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "max = {0}")
    @CsvSource({"1, 3", "2, 3", "3, 3", "4, 3", "5, 5", "100, 5"})
    void a_batch_takes_whole_blocks_only(int max, int expected) throws Exception {
        EventBatch batch = await(adapter().events(start, max));

        List<VerifiedHtlcEvent> all = new ArrayList<>(firstBlock);
        all.addAll(secondBlock);
        assertThat(ids(batch.finalEvents())).containsExactlyElementsOf(ids(all.subList(0, expected)));
        assertThat(batch.finalEvents()).containsExactlyElementsOf(all.subList(0, expected));
        BlockRef last = all.get(expected - 1).origin().block();
        if (expected == all.size()) {
            assertThat(batch.checkpoint().block().number()).isGreaterThanOrEqualTo(last.number());
        } else {
            assertThat(batch.checkpoint().block())
                    .as("the checkpoint is the block the batch ends with")
                    .isEqualTo(last);
        }
    }

    @Test
    void resuming_after_the_first_block_gives_the_second_block_whole_even_with_max_one() throws Exception {
        Checkpoint afterFirst = await(adapter().events(start, 1)).checkpoint();

        EventBatch batch = await(adapter().events(afterFirst, 1));

        assertThat(batch.finalEvents()).containsExactlyElementsOf(secondBlock);
        assertThat(batch.checkpoint().block())
                .isEqualTo(secondBlock.get(0).origin().block());
    }

    @Test
    void a_new_adapter_pages_the_same_way() throws Exception {
        AnvilTestChain c = chain();
        try (ChainAdapter fresh = c.adapterFor(c.newFundedAccount(Asset.NATIVE, Amount.of(1)))) {
            List<VerifiedHtlcEvent> paged = new ArrayList<>();
            Checkpoint cp = start;
            for (int i = 0; i < 3 && paged.size() < 5; i++) {
                EventBatch batch = await(fresh.events(cp, 2));
                paged.addAll(batch.finalEvents());
                cp = batch.checkpoint();
            }
            List<VerifiedHtlcEvent> all = new ArrayList<>(firstBlock);
            all.addAll(secondBlock);
            assertThat(paged).containsExactlyElementsOf(all);
        }
    }
}
