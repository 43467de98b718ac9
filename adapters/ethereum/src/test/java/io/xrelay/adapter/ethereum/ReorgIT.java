/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static io.xrelay.adapter.ethereum.HtlcDevnet.await;
import static io.xrelay.adapter.ethereum.HtlcDevnet.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainHead;
import io.xrelay.adapter.Checkpoint;
import io.xrelay.adapter.EventBatch;
import io.xrelay.adapter.EventOrigin;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerificationFailedException;
import io.xrelay.adapter.VerifiedHtlcEvent;
import io.xrelay.adapter.ethereum.HtlcDevnet.TrueEvent;
import io.xrelay.contracts.evm.devnet.AnvilOptions;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The adapter through reorgs of anvil ({@code anvil_reorg}, automine on), finality depth {@value #DEPTH}: a lock
 * whose block a reorg removes before it is final is reported pending, then retracted, and becomes final exactly
 * once in the block it lands in afterwards; a reorg deeper than the finality depth is refused and changes nothing.
 * The adapter talks to anvil through an honest {@link TamperingRpcProxy}, which counts what it sends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReorgIT {
    private static final int DEPTH = 3;

    private HtlcDevnet net;
    private TamperingRpcProxy proxy;
    private ChainAdapter adapter;
    private EventFollower follower;

    @BeforeAll
    void start_anvil() {
        // Anvil mines the blocks of anvil_reorg with the base fee that would have followed the old head, not their
        // new parent, which breaks EIP-1559 (see the last test); with a base fee of zero both are zero.
        net = HtlcDevnet.start(AnvilOptions.defaults().withExtraArgs(List.of("--block-base-fee-per-gas", "0")));
    }

    @AfterAll
    void stop_anvil() {
        net.close();
    }

    @BeforeEach
    void connect() throws Exception {
        proxy = TamperingRpcProxy.start(net.url());
        adapter = HtlcDevnet.adapter(net.config(proxy.url(), DEPTH));
        follower = new EventFollower(adapter, 10);
        follower.drain();
    }

    @AfterEach
    void disconnect() {
        adapter.close();
        proxy.close();
    }

    @Test
    void a_lock_a_reorg_removes_is_pending_then_retracted_then_broadcast_again_and_final_once() throws Exception {
        Pending lock = lockSeenPending(5_000);

        net.anvil.reorg(2); // the lock's block and its child: the transaction is gone from chain and pool
        assertThat(net.knows(lock.tx())).as("anvil still knows the transaction").isFalse();

        EventBatch after = follower.pull();
        assertThat(after.retracted()).contains(lock.event().origin());
        assertThat(after.pending()).doesNotContain(lock.event());
        assertThat(after.finalEvents())
                .extracting(VerifiedHtlcEvent::origin)
                .doesNotContain(lock.event().origin());

        // The nonce manager sees its transaction missing and broadcasts the same bytes again; automine includes it.
        Finality f = net.mineUntilDone(lock.finality(), "finality of the lock after the reorg");
        VerifiedHtlcEvent landed = assertCommittedElsewhere(lock, f);
        assertThat(proxy.calls("eth_sendRawTransaction"))
                .as("the lock and its one rebroadcast")
                .isEqualTo(2);
        assertFinalOnceAndTruthful(lock, landed);
    }

    @Test
    void a_lock_the_reorg_itself_includes_again_is_final_once_in_its_new_block() throws Exception {
        Pending lock = lockSeenPending(5_100);
        String raw = net.call("eth_getRawTransactionByHash", lock.tx().id()).asText();

        // Two new blocks replace the lock's block and its child; the second holds the same transaction.
        net.call("anvil_reorg", 2, List.of(List.of(raw, 1)));
        assertThat(net.blockOf(lock.tx()))
                .isEqualTo(lock.event().origin().block().number() + 1);

        EventBatch after = follower.pull();
        assertThat(after.retracted()).contains(lock.event().origin());
        assertThat(after.pending()).singleElement().satisfies(p -> {
            assertThat(p.event()).isEqualTo(lock.event().event());
            assertThat(p.origin().tx()).isEqualTo(lock.tx());
            assertThat(p.origin().block().number()).isEqualTo(net.blockOf(lock.tx()));
        });

        Finality f = net.mineUntilDone(lock.finality(), "finality of the lock after the reorg");
        VerifiedHtlcEvent landed = assertCommittedElsewhere(lock, f);
        assertThat(proxy.calls("eth_sendRawTransaction"))
                .as("no rebroadcast was needed")
                .isEqualTo(1);
        assertFinalOnceAndTruthful(lock, landed);
    }

    @Test
    void a_reorg_deeper_than_the_finality_depth_is_refused_and_the_checkpoint_stays() throws Exception {
        ChainHead head = await(adapter.head());
        LockRequest r = net.lockRequest(5_200, head.headTime());
        TxRef tx = await(adapter.lock(r)).tx();
        Finality f = net.mineUntilDone(adapter.awaitFinality(tx), "finality of the lock");
        assertThat(f).isInstanceOf(Finality.Committed.class);
        follower.drain();
        VerifiedHtlcEvent event = ((Finality.Committed) f).events().get(0);
        assertThat(follower.finals()).containsOnlyOnce(event);
        Checkpoint checkpoint = follower.checkpoint();
        ChainHead before = await(adapter.head());
        assertThat(before.finalized().number())
                .isGreaterThanOrEqualTo(event.origin().block().number());

        int depth = (int) (before.head().number() - event.origin().block().number()) + 1;
        assertThat(depth).isGreaterThan(DEPTH);
        net.anvil.reorg(depth); // replaces every block from the lock's, which is final, to the head
        assertThat(net.blockOf(tx)).as("the lock is gone from anvil's chain").isEqualTo(-1);

        Throwable refused = failure(adapter.events(checkpoint, 10));
        assertThat(refused).isInstanceOf(VerificationFailedException.class);
        assertThat(((VerificationFailedException) refused).reason())
                .startsWith("the node's chain leaves the verified chain below final block "
                        + before.finalized().number())
                .endsWith("a reorg deeper than the finality depth " + DEPTH + " or a lying node");
        Throwable again = failure(adapter.head());
        assertThat(again).isInstanceOf(VerificationFailedException.class);
        assertThat(((VerificationFailedException) again).reason())
                .isEqualTo(((VerificationFailedException) refused).reason());
        net.anvil.mine(DEPTH + 1); // a longer new chain changes nothing
        assertThat(failure(pullFromCheckpoint())).isInstanceOf(VerificationFailedException.class);
        assertThat(follower.checkpoint()).isEqualTo(checkpoint);
        assertThat(follower.finals()).containsOnlyOnce(event);
        assertThat(follower.retracted()).doesNotContain(event.origin());
    }

    @Test
    void a_reorg_whose_new_blocks_break_the_base_fee_rule_is_refused() throws Exception {
        try (HtlcDevnet feeNet = HtlcDevnet.start(AnvilOptions.defaults());
                ChainAdapter strict = HtlcDevnet.adapter(feeNet.config(feeNet.url(), DEPTH))) {
            feeNet.anvil.mine(6); // empty blocks: the base fee falls 12.5% a block
            ChainHead before = await(strict.head());
            long forkPoint = before.head().number() - 2;
            BigInteger parentFee =
                    Objects.requireNonNull(feeNet.header(forkPoint).baseFeePerGas());

            feeNet.anvil.reorg(2);

            EthHeader replacement = feeNet.header(forkPoint + 1);
            BigInteger expected = parentFee.subtract(parentFee.divide(BigInteger.valueOf(8)));
            assertThat(replacement.baseFeePerGas())
                    .as("anvil's fee after a reorg")
                    .isNotEqualTo(expected);
            Throwable refused = failure(strict.head());
            assertThat(refused).isInstanceOf(VerificationFailedException.class);
            assertThat(((VerificationFailedException) refused).reason())
                    .isEqualTo("block " + (forkPoint + 1) + ": base fee " + replacement.baseFeePerGas() + ", expected "
                            + expected + " from parent");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** A lock in a block that is not final yet, which the follower has seen pending; its finality awaited. */
    private record Pending(TxRef tx, VerifiedHtlcEvent event, CompletionStage<Finality> finality) {}

    private Pending lockSeenPending(long wei) throws Exception {
        ChainHead head = await(adapter.head());
        LockRequest r = net.lockRequest(wei, head.headTime());
        TxRef tx = await(adapter.lock(r)).tx();
        long block = net.minedBlockOf(tx);
        CompletionStage<Finality> finality = adapter.awaitFinality(tx);
        net.anvil.mine(1);

        EventBatch batch = follower.pull();
        assertThat(batch.head().finalized().number()).as("not final yet").isLessThan(block);
        VerifiedHtlcEvent pending = batch.pending().stream()
                .filter(e -> e.origin().tx().equals(tx))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the lock is not pending in " + batch));
        assertThat(pending.origin().block())
                .isEqualTo(new BlockRef(block, net.header(block).hash()));
        HtlcEvent.Locked locked = (HtlcEvent.Locked) pending.event();
        assertThat(locked.terms().amount()).isEqualTo(r.amount());
        assertThat(finality.toCompletableFuture()).isNotDone();
        return new Pending(tx, pending, finality);
    }

    /** The lock committed, in a block other than the one the reorg removed; returns its event there. */
    private VerifiedHtlcEvent assertCommittedElsewhere(Pending lock, Finality f) {
        assertThat(f).isInstanceOf(Finality.Committed.class);
        Finality.Committed c = (Finality.Committed) f;
        long block = net.blockOf(lock.tx());
        assertThat(c.block()).isEqualTo(new BlockRef(block, net.header(block).hash()));
        assertThat(c.block()).isNotEqualTo(lock.event().origin().block());
        assertThat(c.events()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(lock.event().event());
            assertThat(e.origin().tx()).isEqualTo(lock.tx());
        });
        return c.events().get(0);
    }

    private void assertFinalOnceAndTruthful(Pending lock, VerifiedHtlcEvent landed) throws Exception {
        follower.drain();
        List<EventOrigin> finalOrigins = follower.finalsOf(lock.event().event().id()).stream()
                .map(VerifiedHtlcEvent::origin)
                .toList();
        assertThat(finalOrigins).containsExactly(landed.origin());
        assertThat(follower.retracted()).containsOnlyOnce(lock.event().origin());
        follower.assertTruthful(net, List.of(TrueEvent.of(lock.event())));
    }

    private CompletionStage<EventBatch> pullFromCheckpoint() {
        return adapter.events(follower.checkpoint(), 10);
    }
}
