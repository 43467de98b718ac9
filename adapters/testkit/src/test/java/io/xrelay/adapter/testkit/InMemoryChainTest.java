/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import static io.xrelay.adapter.testkit.TestSupport.ALICE;
import static io.xrelay.adapter.testkit.TestSupport.BOB;
import static io.xrelay.adapter.testkit.TestSupport.CAROL;
import static io.xrelay.adapter.testkit.TestSupport.T0;
import static io.xrelay.adapter.testkit.TestSupport.done;
import static io.xrelay.adapter.testkit.TestSupport.failure;
import static io.xrelay.adapter.testkit.TestSupport.lock;
import static io.xrelay.adapter.testkit.TestSupport.lockId;
import static io.xrelay.adapter.testkit.TestSupport.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainHead;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ChainUnavailableException;
import io.xrelay.adapter.Checkpoint;
import io.xrelay.adapter.ClaimRequest;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcReason;
import io.xrelay.adapter.HtlcStatus;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.RefundRequest;
import io.xrelay.adapter.TransactionRejectedException;
import io.xrelay.adapter.TxRef;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class InMemoryChainTest {
    private static final ChainId ID = ChainId.of("mem-test");
    private static final Instant IN_ONE_HOUR = T0.plus(Duration.ofHours(1));

    private static InMemoryChain.Builder chain() {
        return InMemoryChain.builder(ID);
    }

    private static InMemoryChain funded(InMemoryChain chain) {
        chain.mint(ALICE, Asset.NATIVE, Amount.of(1_000));
        return chain;
    }

    // ---------------------------------------------------------------- blocks

    @Test
    void genesis_is_block_zero_final_and_every_adapters_trust_anchor() {
        InMemoryChain chain = chain().finalityDepth(5).build();
        InMemoryChain.Block genesis = chain.headBlock();

        assertThat(chain.blocks()).containsExactly(genesis);
        assertThat(genesis.number()).isZero();
        assertThat(genesis.parentHash()).isEqualTo(Bytes.wrap(new byte[32]));
        assertThat(genesis.hash().length()).isEqualTo(32);
        assertThat(genesis.timestamp()).isEqualTo(T0);
        assertThat(chain.finalizedBlock()).isEqualTo(genesis);
        assertThat(chain.newAdapter(ALICE).trustAnchor()).isEqualTo(new Checkpoint(ID, genesis.ref()));
        ChainHead head = done(chain.newAdapter(BOB).head());
        assertThat(head).isEqualTo(new ChainHead(ID, genesis.ref(), T0, genesis.ref()));
    }

    @Test
    void blocks_link_to_their_parents_with_distinct_hashes_that_depend_on_the_chain() {
        InMemoryChain chain = chain().build();
        chain.mineBlocks(5);

        List<InMemoryChain.Block> blocks = chain.blocks();
        assertThat(blocks).hasSize(6);
        for (int i = 1; i < blocks.size(); i++) {
            assertThat(blocks.get(i).number()).isEqualTo(i);
            assertThat(blocks.get(i).parentHash()).isEqualTo(blocks.get(i - 1).hash());
        }
        assertThat(blocks.stream().map(InMemoryChain.Block::hash).distinct()).hasSize(6);
        InMemoryChain other = InMemoryChain.create(ChainId.of("mem-other"));
        assertThat(other.headBlock().hash()).isNotEqualTo(blocks.get(0).hash());
    }

    @Test
    void auto_mine_puts_each_transaction_in_a_block_of_its_own() {
        InMemoryChain chain = funded(chain().build());
        var alice = chain.newAdapter(ALICE);

        TxRef first =
                done(alice.lock(lock(BOB, Preimage.random(), IN_ONE_HOUR, 10))).tx();
        TxRef second =
                done(alice.lock(lock(BOB, Preimage.random(), IN_ONE_HOUR, 10))).tx();

        assertThat(chain.blocks()).hasSize(3);
        assertThat(chain.block(1).orElseThrow().receipts())
                .extracting(InMemoryChain.Receipt::tx)
                .containsExactly(first);
        assertThat(chain.block(2).orElseThrow().receipts())
                .extracting(InMemoryChain.Receipt::tx)
                .containsExactly(second);
        assertThat(chain.mempool()).isEmpty();
    }

    @Test
    void without_auto_mine_transactions_wait_in_the_mempool_until_a_block_includes_them_in_order() {
        InMemoryChain chain = funded(chain().autoMine(false).build());
        var alice = chain.newAdapter(ALICE);
        TxRef first =
                done(alice.lock(lock(BOB, Preimage.random(), IN_ONE_HOUR, 10))).tx();
        TxRef second =
                done(alice.lock(lock(BOB, Preimage.random(), IN_ONE_HOUR, 20))).tx();
        CompletableFuture<Finality> finality = alice.awaitFinality(first).toCompletableFuture();

        assertThat(chain.mempool()).containsExactly(first, second);
        assertThat(chain.blocks()).hasSize(1);
        assertThat(finality).isNotDone();
        assertThat(chain.balance(ALICE, Asset.NATIVE)).isEqualTo(Amount.of(1_000));

        InMemoryChain.Block block = chain.mineBlock();

        assertThat(chain.mempool()).isEmpty();
        assertThat(block.receipts()).extracting(InMemoryChain.Receipt::tx).containsExactly(first, second);
        assertThat(block.events()).extracting(e -> e.origin().indexInBlock()).containsExactly(0, 1);
        assertThat(block.events()).extracting(e -> e.origin().tx()).containsExactly(first, second);
        assertThat(finality).isCompleted();
        assertThat(chain.balance(ALICE, Asset.NATIVE)).isEqualTo(Amount.of(970));
    }

    @Test
    void the_block_time_moves_the_clock_for_every_block() {
        InMemoryChain chain = chain().blockTime(Duration.ofSeconds(12)).build();

        List<InMemoryChain.Block> mined = chain.mineBlocks(3);

        assertThat(mined)
                .extracting(InMemoryChain.Block::timestamp)
                .containsExactly(T0.plusSeconds(12), T0.plusSeconds(24), T0.plusSeconds(36));
        assertThat(chain.now()).isEqualTo(T0.plusSeconds(36));
    }

    // ---------------------------------------------------------------- finality

    @Test
    void a_transaction_is_final_once_depth_blocks_are_on_top_of_its_block() {
        InMemoryChain chain = funded(chain().finalityDepth(2).build());
        var alice = chain.newAdapter(ALICE);
        TxRef tx =
                done(alice.lock(lock(BOB, Preimage.random(), IN_ONE_HOUR, 10))).tx();
        CompletableFuture<Finality> finality = alice.awaitFinality(tx).toCompletableFuture();

        assertThat(finality).isNotDone();
        assertThat(chain.finalizedBlock().number()).isZero();
        chain.mineBlock();
        assertThat(finality).isNotDone();
        chain.mineBlock();

        Finality outcome = done(finality);
        assertThat(outcome).isInstanceOf(Finality.Committed.class);
        assertThat(((Finality.Committed) outcome).block())
                .isEqualTo(chain.block(1).orElseThrow().ref());
        assertThat(chain.finalizedBlock().number()).isEqualTo(1);
        assertThat(done(alice.head()).finalized().number()).isEqualTo(1);
        assertThat(done(alice.awaitFinality(tx))).isEqualTo(outcome);
    }

    @Test
    void with_depth_zero_a_transaction_is_final_in_its_own_block() {
        InMemoryChain chain = funded(chain().build());
        var alice = chain.newAdapter(ALICE);
        TxRef tx =
                done(alice.lock(lock(BOB, Preimage.random(), IN_ONE_HOUR, 10))).tx();

        Finality outcome = done(alice.awaitFinality(tx));

        assertThat(outcome).isInstanceOf(Finality.Committed.class);
        assertThat(((Finality.Committed) outcome).events()).hasSize(1);
    }

    @Test
    void the_second_of_two_claims_in_one_block_fails_there_without_effect() {
        InMemoryChain chain = funded(chain().autoMine(false).build());
        var alice = chain.newAdapter(ALICE);
        var carol = chain.newAdapter(CAROL);
        Preimage preimage = Preimage.random();
        TxRef lockTx = done(alice.lock(lock(BOB, preimage, IN_ONE_HOUR, 10))).tx();
        chain.mineBlock();
        HtlcId id = lockId(done(alice.awaitFinality(lockTx)));

        TxRef firstClaim = done(carol.claim(new ClaimRequest(id, preimage))).tx();
        TxRef secondClaim = done(alice.claim(new ClaimRequest(id, preimage))).tx();
        InMemoryChain.Block block = chain.mineBlock();

        assertThat(done(alice.awaitFinality(firstClaim))).isInstanceOf(Finality.Committed.class);
        assertThat(done(alice.awaitFinality(secondClaim)))
                .isEqualTo(new Finality.Failed(secondClaim, block.ref(), HtlcReason.NotLocked.code()));
        assertThat(block.events()).hasSize(1);
        assertThat(block.receipts())
                .extracting(InMemoryChain.Receipt::failure)
                .containsExactly(java.util.Optional.empty(), java.util.Optional.of("NotLocked"));
        assertThat(chain.balance(BOB, Asset.NATIVE)).isEqualTo(Amount.of(10));
        assertThat(chain.escrowed(Asset.NATIVE)).isEqualTo(Amount.ZERO);
    }

    @Test
    void the_same_lock_twice_in_one_block_fails_the_second_with_LockExists() {
        InMemoryChain chain = funded(chain().autoMine(false).build());
        var alice = chain.newAdapter(ALICE);
        var request = lock(BOB, Preimage.random(), IN_ONE_HOUR, 10);
        TxRef first = done(alice.lock(request)).tx();
        TxRef second = done(alice.lock(request)).tx();

        InMemoryChain.Block block = chain.mineBlock();

        assertThat(done(alice.awaitFinality(first))).isInstanceOf(Finality.Committed.class);
        assertThat(done(alice.awaitFinality(second))).isEqualTo(new Finality.Failed(second, block.ref(), "LockExists"));
        assertThat(chain.balance(ALICE, Asset.NATIVE)).isEqualTo(Amount.of(990));
    }

    @Test
    void a_claim_in_time_at_submission_but_late_in_its_block_fails_with_Expired() {
        InMemoryChain chain = funded(chain().autoMine(false).build());
        var alice = chain.newAdapter(ALICE);
        Preimage preimage = Preimage.random();
        TxRef lockTx = done(alice.lock(lock(BOB, preimage, IN_ONE_HOUR, 10))).tx();
        chain.mineBlock();
        HtlcId id = lockId(done(alice.awaitFinality(lockTx)));

        TxRef claim = done(alice.claim(new ClaimRequest(id, preimage))).tx();
        chain.advanceTime(Duration.ofHours(2));
        InMemoryChain.Block block = chain.mineBlock();

        assertThat(done(alice.awaitFinality(claim))).isEqualTo(new Finality.Failed(claim, block.ref(), "Expired"));
        assertThat(chain.htlc(id).orElseThrow().status()).isEqualTo(HtlcStatus.LOCKED);
    }

    @Test
    void awaitFinality_of_a_transaction_the_chain_never_received_is_dropped() {
        InMemoryChain chain = chain().build();
        TxRef unknown = new TxRef(ID, "0x1234");
        TxRef otherChain = new TxRef(ChainId.of("elsewhere"), "0x1234");

        assertThat(done(chain.newAdapter(ALICE).awaitFinality(unknown))).isInstanceOf(Finality.Dropped.class);
        assertThat(done(chain.newAdapter(ALICE).awaitFinality(otherChain))).isInstanceOf(Finality.Dropped.class);
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void a_refusal_at_submission_records_nothing_and_is_not_retryable() {
        InMemoryChain chain = funded(chain().autoMine(false).build());
        var alice = chain.newAdapter(ALICE);

        Throwable failure = failure(alice.claim(new ClaimRequest(HtlcId.of("0x01"), Preimage.random())));

        assertThat(failure).isInstanceOfSatisfying(TransactionRejectedException.class, e -> {
            assertThat(e.reasonCode()).isEqualTo("LockNotFound");
            assertThat(e.tx()).isNull();
            assertThat(e.retryable()).isFalse();
            assertThat(e.chain()).isEqualTo(ID);
        });
        assertThat(chain.mempool()).isEmpty();
        assertThat(chain.mineBlock().receipts()).isEmpty();
    }

    @Test
    void locks_are_refused_in_the_contracts_order_with_its_reason_codes() {
        InMemoryChain chain = funded(chain().build());
        var alice = chain.newAdapter(ALICE);
        Preimage p = Preimage.random();

        assertThat(refusal(alice.lock(lock(InMemoryChain.ZERO_ACCOUNT, p, T0, 10))))
                .as("the receiver is checked before the timelock")
                .isEqualTo("InvalidReceiver");
        assertThat(refusal(alice.lock(lock(BOB, p, T0, 10))))
                .as("a timelock equal to the block time is in the past")
                .isEqualTo("TimelockInPast");
        assertThat(refusal(alice.lock(lock(BOB, p, T0.minusSeconds(1), 5_000))))
                .as("the timelock is checked before the funds")
                .isEqualTo("TimelockInPast");
        assertThat(refusal(alice.lock(lock(BOB, p, T0.plusSeconds(1), 1_001)))).isEqualTo("InsufficientFunds");
        assertThat(refusal(alice.lock(lock(BOB, p, T0.plusSeconds(1), 10, Asset.of("TKN")))))
                .isEqualTo("InsufficientFunds");
        done(alice.lock(lock(BOB, p, T0.plusSeconds(1), 1_000)));
        assertThat(refusal(alice.lock(lock(BOB, p, T0.plusSeconds(1), 1_000))))
                .as("an existing lock is reported before the lack of funds")
                .isEqualTo("LockExists");
        assertThat(chain.balance(ALICE, Asset.NATIVE)).isEqualTo(Amount.ZERO);
    }

    @Test
    void a_claim_is_in_time_strictly_before_the_timelock_and_a_refund_from_it_on() {
        InMemoryChain chain = funded(chain().build());
        var alice = chain.newAdapter(ALICE);
        Preimage first = Preimage.random();
        Preimage second = Preimage.random();
        HtlcId claimed = lockId(done(alice.awaitFinality(
                done(alice.lock(lock(BOB, first, IN_ONE_HOUR, 10))).tx())));
        HtlcId refunded = lockId(done(alice.awaitFinality(
                done(alice.lock(lock(BOB, second, IN_ONE_HOUR, 20))).tx())));

        chain.setTime(IN_ONE_HOUR.minusSeconds(1));
        assertThat(refusal(alice.refund(new RefundRequest(refunded)))).isEqualTo("NotExpired");
        assertThat(refusal(alice.claim(new ClaimRequest(claimed, second)))).isEqualTo("WrongPreimage");
        done(alice.claim(new ClaimRequest(claimed, first)));

        chain.setTime(IN_ONE_HOUR);
        assertThat(refusal(alice.claim(new ClaimRequest(refunded, second)))).isEqualTo("Expired");
        assertThat(refusal(alice.claim(new ClaimRequest(claimed, first))))
                .as("the status is checked before the time")
                .isEqualTo("NotLocked");
        done(alice.refund(new RefundRequest(refunded)));
        assertThat(refusal(alice.refund(new RefundRequest(refunded)))).isEqualTo("NotLocked");
        assertThat(refusal(alice.refund(new RefundRequest(HtlcId.of("0x00"))))).isEqualTo("LockNotFound");

        assertThat(chain.balance(BOB, Asset.NATIVE)).isEqualTo(Amount.of(10));
        assertThat(chain.balance(ALICE, Asset.NATIVE)).isEqualTo(Amount.of(990));
        assertThat(chain.htlc(claimed).orElseThrow().preimage()).contains(first);
        assertThat(chain.htlc(refunded).orElseThrow().status()).isEqualTo(HtlcStatus.REFUNDED);
    }

    @Test
    void claims_and_refunds_pay_the_stored_parties_whoever_sends_them() {
        InMemoryChain chain = funded(chain().build());
        var alice = chain.newAdapter(ALICE);
        var carol = chain.newAdapter(CAROL);
        Preimage p = Preimage.random();
        HtlcId id = lockId(done(alice.awaitFinality(
                done(alice.lock(lock(BOB, p, IN_ONE_HOUR, 10))).tx())));
        HtlcId other = lockId(done(alice.awaitFinality(
                done(alice.lock(lock(BOB, Preimage.random(), IN_ONE_HOUR, 30))).tx())));
        assertThat(chain.escrowed(Asset.NATIVE)).isEqualTo(Amount.of(40));

        done(carol.claim(new ClaimRequest(id, p)));
        chain.advanceTime(Duration.ofHours(1));
        done(carol.refund(new RefundRequest(other)));

        assertThat(chain.balance(BOB, Asset.NATIVE)).isEqualTo(Amount.of(10));
        assertThat(chain.balance(ALICE, Asset.NATIVE)).isEqualTo(Amount.of(990));
        assertThat(chain.balance(CAROL, Asset.NATIVE)).isEqualTo(Amount.ZERO);
        assertThat(chain.escrowed(Asset.NATIVE)).isEqualTo(Amount.ZERO);
    }

    // ---------------------------------------------------------------- reorgs

    @Test
    void a_reorg_replaces_blocks_with_empty_ones_undoes_their_effects_and_requeues_their_transactions() {
        InMemoryChain chain = funded(chain().finalityDepth(3).build());
        var alice = chain.newAdapter(ALICE);
        Preimage p = Preimage.random();
        TxRef lockTx = done(alice.lock(lock(BOB, p, IN_ONE_HOUR, 10))).tx();
        HtlcId id = InMemoryProofs.lockId(
                ((HtlcEvent.Locked) chain.headBlock().events().get(0).event()).terms());
        TxRef claimTx = done(alice.claim(new ClaimRequest(id, p))).tx();
        List<InMemoryChain.Block> before = chain.blocks();
        CompletableFuture<Finality> lockFinality = alice.awaitFinality(lockTx).toCompletableFuture();

        chain.reorg(2);

        List<InMemoryChain.Block> after = chain.blocks();
        assertThat(after).hasSize(3);
        assertThat(after.get(0)).isEqualTo(before.get(0));
        for (int n = 1; n <= 2; n++) {
            assertThat(after.get(n).number()).isEqualTo(n);
            assertThat(after.get(n).timestamp()).isEqualTo(before.get(n).timestamp());
            assertThat(after.get(n).hash()).isNotEqualTo(before.get(n).hash());
            assertThat(after.get(n).parentHash()).isEqualTo(after.get(n - 1).hash());
            assertThat(after.get(n).receipts()).isEmpty();
            assertThat(after.get(n).events()).isEmpty();
        }
        assertThat(chain.htlc(id)).isEmpty();
        assertThat(chain.balance(ALICE, Asset.NATIVE)).isEqualTo(Amount.of(1_000));
        assertThat(chain.balance(BOB, Asset.NATIVE)).isEqualTo(Amount.ZERO);
        assertThat(chain.escrowed(Asset.NATIVE)).isEqualTo(Amount.ZERO);
        assertThat(chain.mempool()).containsExactly(lockTx, claimTx);
        assertThat(chain.receipt(lockTx)).isEmpty();
        assertThat(lockFinality).isNotDone();

        InMemoryChain.Block again = chain.mineBlock();
        chain.mineBlocks(3);

        assertThat(again.receipts()).extracting(InMemoryChain.Receipt::tx).containsExactly(lockTx, claimTx);
        assertThat(done(lockFinality)).isInstanceOfSatisfying(Finality.Committed.class, c -> assertThat(c.block())
                .isEqualTo(again.ref()));
        assertThat(done(alice.awaitFinality(claimTx))).isInstanceOf(Finality.Committed.class);
        assertThat(chain.balance(BOB, Asset.NATIVE)).isEqualTo(Amount.of(10));
    }

    @Test
    void with_the_drop_policy_a_reorg_drops_the_transactions_of_the_replaced_blocks() {
        InMemoryChain chain = funded(chain().finalityDepth(2)
                .reorgPolicy(InMemoryChain.ReorgPolicy.DROP)
                .build());
        var alice = chain.newAdapter(ALICE);
        TxRef tx =
                done(alice.lock(lock(BOB, Preimage.random(), IN_ONE_HOUR, 10))).tx();
        CompletableFuture<Finality> finality = alice.awaitFinality(tx).toCompletableFuture();

        chain.reorg(1);

        assertThat(done(finality)).isInstanceOf(Finality.Dropped.class);
        assertThat(chain.mempool()).isEmpty();
        assertThat(chain.balance(ALICE, Asset.NATIVE)).isEqualTo(Amount.of(1_000));
        chain.mineBlocks(3);
        assertThat(chain.receipt(tx)).isEmpty();
    }

    @Test
    void a_reorg_never_replaces_genesis_or_a_final_block() {
        InMemoryChain chain = chain().finalityDepth(2).build();
        chain.mineBlocks(5);

        assertThatThrownBy(() -> chain.reorg(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("final block #3");
        assertThatThrownBy(() -> chain.reorg(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InMemoryChain.create(ID).reorg(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("genesis");
        chain.reorg(2);
        assertThat(chain.blocks()).hasSize(6);
    }

    @Test
    void reorging_empty_blocks_still_changes_their_hashes_each_time() {
        InMemoryChain chain = chain().finalityDepth(1).build();
        chain.mineBlock();
        Bytes original = chain.headBlock().hash();

        chain.reorg(1);
        Bytes first = chain.headBlock().hash();
        chain.reorg(1);

        assertThat(first).isNotEqualTo(original);
        assertThat(chain.headBlock().hash()).isNotEqualTo(original).isNotEqualTo(first);
    }

    @Test
    void mints_are_outside_blocks_and_survive_a_reorg() {
        InMemoryChain chain = chain().finalityDepth(2).build();
        chain.mineBlock();
        chain.mint(ALICE, Asset.NATIVE, Amount.of(5));

        chain.reorg(1);

        assertThat(chain.balance(ALICE, Asset.NATIVE)).isEqualTo(Amount.of(5));
    }

    // ---------------------------------------------------------------- faults

    @Test
    void an_unavailable_chain_fails_every_adapter_call_with_ChainUnavailableException() {
        InMemoryChain chain = funded(chain().finalityDepth(1).build());
        var alice = chain.newAdapter(ALICE);
        Preimage p = Preimage.random();
        TxRef tx = done(alice.lock(lock(BOB, p, IN_ONE_HOUR, 10))).tx();
        CompletableFuture<Finality> waiting = alice.awaitFinality(tx).toCompletableFuture();
        HtlcId id = InMemoryProofs.lockId(
                ((HtlcEvent.Locked) chain.headBlock().events().get(0).event()).terms());

        chain.setUnavailable(true);

        List<CompletionStage<?>> calls = List.of(
                alice.head(),
                alice.lock(lock(BOB, Preimage.random(), IN_ONE_HOUR, 10)),
                alice.claim(new ClaimRequest(id, p)),
                alice.refund(new RefundRequest(id)),
                alice.awaitFinality(tx),
                alice.htlc(id),
                alice.events(alice.trustAnchor(), 10));
        for (CompletionStage<?> call : calls) {
            assertThat(failure(call))
                    .isInstanceOfSatisfying(ChainUnavailableException.class, e -> assertThat(e.retryable())
                            .isTrue());
        }
        assertThat(alice.chainId()).isEqualTo(ID);
        assertThat(alice.signer()).isEqualTo(ALICE);
        chain.mineBlock();
        assertThat(waiting)
                .as("the chain goes on while adapters cannot reach it")
                .isCompleted();

        chain.setUnavailable(false);
        assertThat(done(alice.htlc(id))).isPresent();
        assertThat(chain.mempool()).isEmpty();
    }

    @Test
    void an_injected_rejection_refuses_exactly_the_next_submission() {
        InMemoryChain chain = funded(chain().build());
        var alice = chain.newAdapter(ALICE);
        chain.rejectNextTransaction(HtlcReason.TransferFailed);

        assertThat(refusal(alice.lock(lock(BOB, Preimage.random(), IN_ONE_HOUR, 10))))
                .isEqualTo("TransferFailed");
        assertThat(done(alice.lock(lock(BOB, Preimage.random(), IN_ONE_HOUR, 10))))
                .isNotNull();
        assertThat(chain.blocks()).hasSize(2);
    }

    @Test
    void an_injected_inclusion_failure_includes_the_next_transaction_as_failed() {
        InMemoryChain chain = funded(chain().build());
        var alice = chain.newAdapter(ALICE);
        chain.failNextTransactionAtInclusion("out of gas");

        TxRef tx =
                done(alice.lock(lock(BOB, Preimage.random(), IN_ONE_HOUR, 10))).tx();

        assertThat(done(alice.awaitFinality(tx)))
                .isEqualTo(new Finality.Failed(tx, chain.headBlock().ref(), "out of gas"));
        assertThat(chain.balance(ALICE, Asset.NATIVE)).isEqualTo(Amount.of(1_000));
        assertThat(chain.headBlock().events()).isEmpty();
    }

    @Test
    void an_injected_drop_accepts_the_next_transaction_and_never_includes_it() {
        InMemoryChain chain = funded(chain().build());
        var alice = chain.newAdapter(ALICE);
        chain.dropNextTransaction("replaced by a higher fee");

        TxRef tx =
                done(alice.lock(lock(BOB, Preimage.random(), IN_ONE_HOUR, 10))).tx();
        chain.mineBlocks(2);

        assertThat(done(alice.awaitFinality(tx))).isEqualTo(new Finality.Dropped(tx, "replaced by a higher fee"));
        assertThat(chain.receipt(tx)).isEmpty();
        assertThat(chain.balance(ALICE, Asset.NATIVE)).isEqualTo(Amount.of(1_000));
    }

    @Test
    void a_closed_adapter_fails_its_calls_and_closing_twice_is_harmless() {
        InMemoryChain chain = chain().build();
        var alice = chain.newAdapter(ALICE);

        alice.close();
        alice.close();

        assertThat(failure(alice.head())).isInstanceOf(ChainUnavailableException.class);
        assertThat(failure(alice.awaitFinality(new TxRef(ID, "0x01")))).isInstanceOf(ChainUnavailableException.class);
        assertThat(done(chain.newAdapter(ALICE).head())).isNotNull();
    }

    // ---------------------------------------------------------------- time and ledger

    @Test
    void time_moves_forward_only_and_never_before_the_newest_block() {
        InMemoryChain chain = chain().build();
        chain.advanceTime(Duration.ofMinutes(10));
        chain.mineBlock();

        assertThatThrownBy(() -> chain.advanceTime(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chain.setTime(T0)).isInstanceOf(IllegalArgumentException.class);
        chain.setTime(T0.plus(Duration.ofHours(1)));
        assertThat(chain.now()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(chain.mineBlock().timestamp()).isEqualTo(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void mint_adds_to_a_balance_of_one_asset_and_stays_within_256_bits() {
        InMemoryChain chain = chain().build();
        chain.mint(ALICE, Asset.NATIVE, Amount.of(5));
        chain.mint(ALICE, Asset.NATIVE, Amount.of(7));
        chain.mint(ALICE, Asset.of("TKN"), Amount.of(1));

        assertThat(chain.balance(ALICE, Asset.NATIVE)).isEqualTo(Amount.of(12));
        assertThat(chain.balance(ALICE, Asset.of("TKN"))).isEqualTo(Amount.of(1));
        assertThat(chain.balance(BOB, Asset.NATIVE)).isEqualTo(Amount.ZERO);
        Amount max = Amount.of(BigInteger.TWO.pow(256).subtract(BigInteger.ONE));
        assertThatThrownBy(() -> chain.mint(ALICE, Asset.NATIVE, max))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256 bits");
    }

    @Test
    void builder_refuses_bad_settings() {
        assertThatThrownBy(() -> chain().finalityDepth(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chain().blockTime(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chain().genesisTime(Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chain().build().mineBlocks(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
