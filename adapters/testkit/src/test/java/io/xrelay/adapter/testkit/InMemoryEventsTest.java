/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import static io.xrelay.adapter.testkit.TestSupport.ALICE;
import static io.xrelay.adapter.testkit.TestSupport.BOB;
import static io.xrelay.adapter.testkit.TestSupport.T0;
import static io.xrelay.adapter.testkit.TestSupport.done;
import static io.xrelay.adapter.testkit.TestSupport.failure;
import static io.xrelay.adapter.testkit.TestSupport.lock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.Checkpoint;
import io.xrelay.adapter.ClaimRequest;
import io.xrelay.adapter.EventBatch;
import io.xrelay.adapter.EventOrigin;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.VerificationFailedException;
import io.xrelay.adapter.VerifiedHtlcEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Paging, checkpoints, pending and retracted events of {@link InMemoryChainAdapter#events}. */
class InMemoryEventsTest {
    private static final ChainId ID = ChainId.of("mem-events");
    private static final Instant IN_ONE_HOUR = T0.plus(Duration.ofHours(1));

    private static InMemoryChain manual(int finalityDepth) {
        InMemoryChain chain = InMemoryChain.builder(ID)
                .autoMine(false)
                .finalityDepth(finalityDepth)
                .build();
        chain.mint(ALICE, Asset.NATIVE, Amount.of(1_000_000));
        return chain;
    }

    /** Submits {@code count} locks from alice; the next block includes them. */
    private static void locks(InMemoryChainAdapter alice, int count) {
        for (int i = 0; i < count; i++) {
            done(alice.lock(lock(BOB, Preimage.random(), IN_ONE_HOUR, 1)));
        }
    }

    @Test
    void a_block_with_more_events_than_max_is_returned_whole() {
        InMemoryChain chain = manual(0);
        var alice = chain.newAdapter(ALICE);
        locks(alice, 5);
        InMemoryChain.Block block = chain.mineBlock();

        EventBatch batch = done(alice.events(alice.trustAnchor(), 2));

        assertThat(batch.finalEvents()).isEqualTo(block.events()).hasSize(5);
        assertThat(batch.checkpoint()).isEqualTo(new Checkpoint(ID, block.ref()));
    }

    @Test
    void a_batch_stops_before_a_block_that_would_exceed_max_and_the_next_pull_returns_it() {
        InMemoryChain chain = manual(0);
        var alice = chain.newAdapter(ALICE);
        locks(alice, 2);
        InMemoryChain.Block first = chain.mineBlock();
        locks(alice, 3);
        InMemoryChain.Block second = chain.mineBlock();

        EventBatch one = done(alice.events(alice.trustAnchor(), 3));
        EventBatch two = done(alice.events(one.checkpoint(), 3));

        assertThat(one.finalEvents()).isEqualTo(first.events());
        assertThat(one.checkpoint().block()).isEqualTo(first.ref());
        assertThat(two.finalEvents()).isEqualTo(second.events());
        assertThat(two.checkpoint().block()).isEqualTo(second.ref());
    }

    @Test
    void empty_blocks_are_covered_so_the_checkpoint_reaches_the_finalized_block() {
        InMemoryChain chain = manual(2);
        var alice = chain.newAdapter(ALICE);
        locks(alice, 1);
        chain.mineBlock();
        chain.mineBlocks(6);

        EventBatch batch = done(alice.events(alice.trustAnchor(), 1));

        assertThat(batch.finalEvents()).hasSize(1);
        assertThat(batch.checkpoint().block()).isEqualTo(chain.finalizedBlock().ref());
        assertThat(batch.checkpoint().block().number()).isEqualTo(5);
        assertThat(batch.head().head().number()).isEqualTo(7);
    }

    @Test
    void events_of_non_final_blocks_are_pending_and_not_final() {
        InMemoryChain chain = manual(2);
        var alice = chain.newAdapter(ALICE);
        locks(alice, 2);
        InMemoryChain.Block block = chain.mineBlock();

        EventBatch batch = done(alice.events(alice.trustAnchor(), 10));

        assertThat(batch.finalEvents()).isEmpty();
        assertThat(batch.pending()).isEqualTo(block.events());
        assertThat(batch.checkpoint()).isEqualTo(alice.trustAnchor());

        chain.mineBlocks(2);
        EventBatch later = done(alice.events(batch.checkpoint(), 10));
        assertThat(later.finalEvents()).isEqualTo(block.events());
        assertThat(later.pending()).isEmpty();
        assertThat(later.retracted()).isEmpty();
    }

    @Test
    void a_checkpoint_above_the_finalized_block_yields_no_final_events_and_stays() {
        InMemoryChain chain = manual(3);
        var alice = chain.newAdapter(ALICE);
        chain.mineBlocks(2);
        locks(alice, 1);
        InMemoryChain.Block pendingBlock = chain.mineBlock();
        Checkpoint nonFinal = new Checkpoint(ID, chain.block(2).orElseThrow().ref());

        EventBatch batch = done(alice.events(nonFinal, 10));

        assertThat(batch.finalEvents()).isEmpty();
        assertThat(batch.checkpoint()).isEqualTo(nonFinal);
        assertThat(batch.pending()).isEqualTo(pendingBlock.events());
    }

    @Test
    void a_checkpoint_of_another_chain_a_replaced_block_or_beyond_the_head_fails_verification() {
        InMemoryChain chain = manual(2);
        var alice = chain.newAdapter(ALICE);
        chain.mineBlocks(2);
        Checkpoint replaced = new Checkpoint(ID, chain.headBlock().ref());
        chain.reorg(1);

        List<Checkpoint> bad = List.of(
                new Checkpoint(ChainId.of("mem-other"), chain.blocks().get(0).ref()),
                replaced,
                new Checkpoint(ID, new BlockRef(9, chain.headBlock().hash())),
                new Checkpoint(ID, new BlockRef(0, Bytes.fromHex("0x" + "ab".repeat(32)))));
        for (Checkpoint checkpoint : bad) {
            assertThat(failure(alice.events(checkpoint, 10)))
                    .as("events after %s", checkpoint)
                    .isInstanceOf(VerificationFailedException.class);
        }
    }

    @Test
    void max_must_be_positive() {
        var alice = manual(0).newAdapter(ALICE);

        assertThatThrownBy(() -> alice.events(alice.trustAnchor(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max");
    }

    @Test
    void paging_with_any_max_returns_exactly_the_events_of_one_large_pull_in_order() {
        InMemoryChain chain = manual(2);
        var alice = chain.newAdapter(ALICE);
        Random random = new Random(20_260_101L);
        List<Preimage> claimable = new ArrayList<>();
        List<HtlcId> ids = new ArrayList<>();
        for (int block = 0; block < 40; block++) {
            int events = random.nextInt(5);
            for (int i = 0; i < events; i++) {
                if (!ids.isEmpty() && random.nextBoolean()) {
                    int which = random.nextInt(ids.size());
                    done(alice.claim(new ClaimRequest(ids.remove(which), claimable.remove(which))));
                } else {
                    Preimage p = Preimage.random();
                    done(alice.lock(lock(BOB, p, IN_ONE_HOUR, 1)));
                    claimable.add(p);
                }
            }
            InMemoryChain.Block mined = chain.mineBlock();
            for (VerifiedHtlcEvent e : mined.events()) {
                if (e.event() instanceof HtlcEvent.Locked locked) {
                    ids.add(locked.id());
                }
            }
        }
        chain.mineBlocks(2);
        List<VerifiedHtlcEvent> all =
                chain.blocks().stream().flatMap(b -> b.events().stream()).toList();
        assertThat(all).hasSizeGreaterThan(40);

        EventBatch reference = done(alice.events(alice.trustAnchor(), Integer.MAX_VALUE));
        assertThat(reference.finalEvents()).isEqualTo(all);

        for (int max = 1; max <= 6; max++) {
            List<VerifiedHtlcEvent> paged = new ArrayList<>();
            Checkpoint checkpoint = alice.trustAnchor();
            int pulls = 0;
            while (checkpoint.block().number() < chain.finalizedBlock().number()) {
                EventBatch batch = done(chain.newAdapter(BOB).events(checkpoint, max));
                List<BlockRef> blocks = batch.finalEvents().stream()
                        .map(e -> e.origin().block())
                        .distinct()
                        .toList();
                assertThat(batch.finalEvents().size() <= max || blocks.size() == 1)
                        .as(
                                "batch of %d events from %d blocks with max %d",
                                batch.finalEvents().size(), blocks.size(), max)
                        .isTrue();
                assertThat(batch.checkpoint().block().number())
                        .isGreaterThan(checkpoint.block().number());
                paged.addAll(batch.finalEvents());
                checkpoint = batch.checkpoint();
                pulls++;
            }
            assertThat(paged).as("paged by %d in %d pulls", max, pulls).isEqualTo(all);
        }
    }

    @Test
    void retracted_events_are_reported_once_and_only_to_the_instance_that_saw_them_pending() {
        InMemoryChain chain = manual(3);
        var watcher = chain.newAdapter(ALICE);
        var bystander = chain.newAdapter(BOB);
        locks(watcher, 2);
        InMemoryChain.Block block = chain.mineBlock();
        chain.mineBlock();
        EventBatch seen = done(watcher.events(watcher.trustAnchor(), 10));
        assertThat(seen.pending()).isEqualTo(block.events());

        chain.reorg(2);

        EventBatch first = done(watcher.events(watcher.trustAnchor(), 10));
        List<EventOrigin> origins =
                block.events().stream().map(VerifiedHtlcEvent::origin).toList();
        assertThat(first.retracted()).containsExactlyElementsOf(origins);
        assertThat(first.pending()).isEmpty();
        assertThat(done(watcher.events(watcher.trustAnchor(), 10)).retracted()).isEmpty();
        assertThat(done(bystander.events(bystander.trustAnchor(), 10)).retracted())
                .isEmpty();

        InMemoryChain.Block again = chain.mineBlock();
        EventBatch requeued = done(watcher.events(watcher.trustAnchor(), 10));
        assertThat(again.events()).hasSize(2);
        assertThat(requeued.pending()).isEqualTo(again.events());
        assertThat(requeued.pending())
                .extracting(VerifiedHtlcEvent::event)
                .containsExactlyElementsOf(
                        block.events().stream().map(VerifiedHtlcEvent::event).toList());
    }

    @Test
    void a_pending_event_that_becomes_final_is_never_retracted() {
        InMemoryChain chain = manual(1);
        var watcher = chain.newAdapter(ALICE);
        locks(watcher, 1);
        InMemoryChain.Block block = chain.mineBlock();
        assertThat(done(watcher.events(watcher.trustAnchor(), 10)).pending()).isEqualTo(block.events());

        chain.mineBlock();
        EventBatch finalBatch = done(watcher.events(watcher.trustAnchor(), 10));
        chain.reorg(1);
        EventBatch afterReorg = done(watcher.events(finalBatch.checkpoint(), 10));

        assertThat(finalBatch.finalEvents()).isEqualTo(block.events());
        assertThat(finalBatch.retracted()).isEmpty();
        assertThat(afterReorg.retracted()).isEmpty();
        assertThat(afterReorg.finalEvents()).isEmpty();
    }
}
