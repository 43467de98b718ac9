/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainHead;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.Checkpoint;
import io.xrelay.adapter.ClaimRequest;
import io.xrelay.adapter.EventBatch;
import io.xrelay.adapter.EventOrigin;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HashLock;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcReason;
import io.xrelay.adapter.HtlcRecord;
import io.xrelay.adapter.HtlcStatus;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.PreflightCheck;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.RefundRequest;
import io.xrelay.adapter.Submitted;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.TransactionRejectedException;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerificationFailedException;
import io.xrelay.adapter.VerifiedHtlcEvent;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter TCK: the behaviour every {@link ChainAdapter} must show, written against the SPI only and driven
 * through a {@link TestChain}. An adapter module extends it in its test sources and provides the driver; optional
 * behaviour is switched on by capability flags, like Pekko's persistence TCK. Tests the chain cannot run are
 * skipped (JUnit assumptions), never passed.
 *
 * <p>Each test makes its own accounts (a funded sender, a funded third party that sends claims and refunds, and a
 * fresh receiver), so balances are exact for every account that does not sign; the sender's own balance is exact
 * unless {@link #signersPayFeesIn(Asset)}. The tests never sleep: they wait on stages with deadlines
 * ({@link #timeout()}) and drive the chain with {@link TestChain#produceBlocks(int)}, so they hold for any block
 * time and finality rule. Events of other tests on a shared chain are tolerated.
 *
 * <p>Refusals: an adapter may refuse at submission (the stage fails with a {@link TransactionRejectedException}
 * whose {@code reasonCode} is the {@link HtlcReason} name) or accept the transaction and report it
 * {@link Finality.Failed} with a reason that starts with that name. Both pass.
 *
 * <p>Paging: since a {@link Checkpoint} names a block, a batch never splits a block: it holds at most {@code max}
 * final events, unless all of them are of one block. Every batch is checked for this, for order (block, index),
 * for lying after its request and at or before its checkpoint, and for pending events above the final block.
 */
public abstract class ChainAdapterContractTest {
    private static final ChainId DESTINATION_CHAIN = ChainId.of("tck-destination");
    private static final Account DESTINATION_RECIPIENT = Account.of("tck-destination-recipient");
    private static final Amount FUNDS = Amount.of(1_000_000);
    private static final Amount AMOUNT = Amount.of(1_000);
    private static final Amount MIN_DESTINATION_AMOUNT = Amount.of(990);
    private static final int LARGE_MAX = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<ChainAdapter> opened = new ArrayList<>();
    private @Nullable TestChain testChain;
    private @Nullable Fixture fixture;

    /** The accounts and adapters of one test. */
    private record Fixture(
            Account senderAccount,
            ChainAdapter sender,
            Account relayerAccount,
            ChainAdapter relayer,
            Account receiver,
            Asset asset) {}

    /** The chain to test against: a new one per test or one per class, as the subclass decides. Never closed here. */
    protected abstract TestChain testChain();

    /** Whether {@link TestChain#reorg(int)} works and the finality depth leaves a block pending for a while. */
    protected boolean supportsReorg() {
        return false;
    }

    /** Whether {@link TestChain#tokenAsset()} gives a token asset. */
    protected boolean supportsTokens() {
        return false;
    }

    /** Whether a transaction's signer pays fees in {@code asset}, so that its own balance moves by more. */
    protected boolean signersPayFeesIn(Asset asset) {
        return false;
    }

    /** How long any one wait may take. [Default: 60 s] */
    protected Duration timeout() {
        return Duration.ofSeconds(60);
    }

    /**
     * How far after the chain time the tests set the timelocks of their locks. Claims must be committed well within
     * it; the refund and expiry tests wait until it has passed ({@link TestChain#advanceTime(Duration)}). A chain
     * whose clock a test can move lets the default stand; one whose time cannot be moved (e.g. Fabric, where time is
     * the transaction's timestamp, bounded by the peers' time window) picks a short period and waits it out.
     * [Default: 1 hour]
     */
    protected Duration lockPeriod() {
        return Duration.ofHours(1);
    }

    /**
     * How far past a timelock the chain is moved before the tests claim or refund an expired lock, so that the next
     * block's time is surely at or after it. [Default: 60 s]
     */
    protected Duration expirySlack() {
        return Duration.ofSeconds(60);
    }

    /** How long to wait on a stage before driving the chain again. [Default: 100 ms] */
    protected Duration pollInterval() {
        return Duration.ofMillis(100);
    }

    /** An id in the chain's canonical form that no lock has. [Default: {@code 0x} and 64 random hex digits] */
    protected HtlcId unknownHtlcId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HtlcId.of(Bytes.wrap(b).toHex());
    }

    @BeforeEach
    public final void setUpContractFixture() {
        TestChain chain = testChain();
        this.testChain = chain;
        Asset asset = chain.testAsset();
        Account senderAccount = chain.newFundedAccount(asset, FUNDS);
        Account relayerAccount = chain.newFundedAccount(asset, FUNDS);
        this.fixture = new Fixture(
                senderAccount, open(senderAccount), relayerAccount, open(relayerAccount), chain.newAccount(), asset);
    }

    @AfterEach
    public final void closeContractAdapters() {
        opened.forEach(ChainAdapter::close);
        opened.clear();
    }

    // ------------------------------------------------------------------------------------------------ identity

    @Test
    public void adapter_reports_its_chain_and_signer() {
        Fixture f = fixture();
        assertThat(f.sender().chainId()).isEqualTo(chain().chainId());
        assertThat(f.sender().signer()).isEqualTo(f.senderAccount());
        assertThat(f.relayer().signer()).isEqualTo(f.relayerAccount());
    }

    @Test
    public void preflight_of_a_working_adapter_passes_every_check_in_order_and_changes_nothing() {
        Fixture f = fixture();
        Amount before = chain().balance(f.relayerAccount(), f.asset());
        List<PreflightCheck> checks = await(f.relayer().preflight(), "preflight");
        assertThat(checks)
                .extracting(PreflightCheck::name)
                .containsExactly(
                        PreflightCheck.REACHABLE,
                        PreflightCheck.CHAIN_ID,
                        PreflightCheck.HTLC_CODE,
                        PreflightCheck.TRUST_ANCHOR,
                        PreflightCheck.SIGNER_KEY,
                        PreflightCheck.SIGNER_FUNDS);
        assertThat(checks).allSatisfy(c -> {
            assertThat(c.passed()).as("%s", c).isTrue();
            assertThat(c.detail()).as("detail of %s", c.name()).isNotBlank();
        });
        assertThat(chain().balance(f.relayerAccount(), f.asset())).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------------ lock

    @Test
    public void lock_is_committed_with_a_Locked_event_carrying_all_terms() {
        Fixture f = fixture();
        Amount before = chain().balance(f.senderAccount(), f.asset());
        LockRequest request = request(f.receiver(), Preimage.random().hashLock(), inOneLockPeriod());

        Submitted submitted = await(f.sender().lock(request), "lock");
        Finality.Committed committed = committed(f.sender(), submitted.tx());

        assertThat(committed.tx()).isEqualTo(submitted.tx());
        assertThat(committed.events()).hasSize(1);
        VerifiedHtlcEvent event = committed.events().get(0);
        assertThat(event.event()).isInstanceOfSatisfying(HtlcEvent.Locked.class, locked -> assertThat(locked.terms())
                .isEqualTo(request.terms(f.senderAccount())));
        assertOrigin(event, committed);
        Amount paid = before.minus(chain().balance(f.senderAccount(), f.asset()));
        if (signersPayFeesIn(f.asset())) {
            assertThat(paid).isGreaterThanOrEqualTo(AMOUNT);
        } else {
            assertThat(paid).isEqualTo(AMOUNT);
        }
    }

    @Test
    public void htlc_of_a_committed_lock_is_LOCKED_with_its_terms() {
        Fixture f = fixture();
        LockRequest request = request(f.receiver(), Preimage.random().hashLock(), inOneLockPeriod());
        HtlcId id = lockCommitted(f.sender(), request);

        HtlcRecord record = htlc(f.relayer(), id).orElseThrow(() -> new AssertionError("no record of lock " + id));

        assertThat(record.id()).isEqualTo(id);
        assertThat(record.status()).isEqualTo(HtlcStatus.LOCKED);
        assertThat(record.terms()).isEqualTo(request.terms(f.senderAccount()));
        assertThat(record.preimage()).isEmpty();
    }

    @Test
    public void transactions_get_distinct_ids_and_a_stable_finality() {
        Fixture f = fixture();
        TxRef first = await(
                        f.sender().lock(request(f.receiver(), Preimage.random().hashLock(), inOneLockPeriod())), "lock")
                .tx();
        TxRef second = await(
                        f.sender().lock(request(f.receiver(), Preimage.random().hashLock(), inOneLockPeriod())), "lock")
                .tx();
        assertThat(first).isNotEqualTo(second);
        assertThat(first.chain()).isEqualTo(chain().chainId());

        Finality once = committed(f.sender(), first);
        Finality again = await(f.relayer().awaitFinality(first), "finality asked again by another adapter");
        assertThat(again).isEqualTo(once);
        assertThat(committed(f.sender(), second).events()).hasSize(1);
    }

    @Test
    public void lock_id_computed_before_sending_is_the_id_the_chain_gives_the_lock() {
        Fixture f = fixture();
        LockRequest request = request(f.receiver(), Preimage.random().hashLock(), inOneLockPeriod());
        HtlcId expected = f.relayer().lockId(request.terms(f.senderAccount()));

        HtlcId id = lockCommitted(f.sender(), request);

        assertThat(id).isEqualTo(expected);
        assertThat(f.sender().lockId(request.terms(f.senderAccount()))).isEqualTo(expected);
        LockRequest other = request(f.receiver(), Preimage.random().hashLock(), request.timeLock());
        assertThat(f.sender().lockId(other.terms(f.senderAccount()))).isNotEqualTo(expected);
    }

    @Test
    public void balance_is_the_signers_balance_of_the_asset_on_chain() {
        Fixture f = fixture();
        assertThat(await(f.sender().balance(f.asset()), "balance"))
                .isEqualTo(chain().balance(f.senderAccount(), f.asset()));
        Amount relayer = await(f.relayer().balance(f.asset()), "balance");
        assertThat(relayer).isEqualTo(chain().balance(f.relayerAccount(), f.asset()));
    }

    @Test
    public void account_problem_accepts_a_receiver_and_names_what_the_htlc_would_refuse() {
        Fixture f = fixture();
        assertThat(f.sender().accountProblem(f.receiver())).isEmpty();
        assertThat(f.sender().accountProblem(f.senderAccount())).isEmpty();
        Optional<Account> invalid = chain().invalidReceiver();
        assumeTrue(invalid.isPresent(), "the test chain has no invalid receiver");
        assertThat(f.sender().accountProblem(invalid.orElseThrow())).hasValueSatisfying(reason -> assertThat(reason)
                .contains(invalid.orElseThrow().value()));
    }

    @Test
    public void the_same_lock_twice_is_refused_with_LockExists() {
        Fixture f = fixture();
        LockRequest request = request(f.receiver(), Preimage.random().hashLock(), inOneLockPeriod());
        lockCommitted(f.sender(), request);

        assertRefused(f.sender(), f.sender().lock(request), HtlcReason.LockExists);
    }

    @Test
    public void a_lock_of_zero_amount_cannot_even_be_requested() {
        Fixture f = fixture();
        HashLock hashLock = Preimage.random().hashLock();
        TimeLock timeLock = inOneLockPeriod();
        assertThatThrownBy(() -> new LockRequest(
                        f.receiver(),
                        hashLock,
                        timeLock,
                        f.asset(),
                        Amount.ZERO,
                        DESTINATION_CHAIN,
                        DESTINATION_RECIPIENT,
                        MIN_DESTINATION_AMOUNT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void a_lock_above_the_balance_is_refused_with_InsufficientFunds() {
        Fixture f = fixture();
        Amount tooMuch = chain().balance(f.senderAccount(), f.asset()).plus(Amount.of(1));
        LockRequest request = new LockRequest(
                f.receiver(),
                Preimage.random().hashLock(),
                inOneLockPeriod(),
                f.asset(),
                tooMuch,
                DESTINATION_CHAIN,
                DESTINATION_RECIPIENT,
                MIN_DESTINATION_AMOUNT);

        assertRefused(f.sender(), f.sender().lock(request), HtlcReason.InsufficientFunds);
    }

    @Test
    public void a_lock_with_a_timelock_in_the_past_is_refused_with_TimelockInPast() {
        Fixture f = fixture();
        TimeLock past = TimeLock.at(chain().chainTime().minusSeconds(60));

        assertRefused(
                f.sender(),
                f.sender().lock(request(f.receiver(), Preimage.random().hashLock(), past)),
                HtlcReason.TimelockInPast);
    }

    @Test
    public void a_lock_for_an_invalid_receiver_is_refused_with_InvalidReceiver() {
        Optional<Account> invalid = chain().invalidReceiver();
        assumeTrue(invalid.isPresent(), "the test chain has no invalid receiver");
        Fixture f = fixture();

        assertRefused(
                f.sender(),
                f.sender().lock(request(invalid.get(), Preimage.random().hashLock(), inOneLockPeriod())),
                HtlcReason.InvalidReceiver);
    }

    // ------------------------------------------------------------------------------------------------ claim

    @Test
    public void claim_with_the_right_preimage_pays_the_stored_receiver_and_reveals_the_preimage() {
        Fixture f = fixture();
        Preimage preimage = Preimage.random();
        HtlcId id = lockCommitted(f.sender(), request(f.receiver(), preimage.hashLock(), inOneLockPeriod()));
        Amount relayerBefore = chain().balance(f.relayerAccount(), f.asset());

        Submitted submitted = await(f.relayer().claim(new ClaimRequest(id, preimage)), "claim");
        Finality.Committed committed = committed(f.relayer(), submitted.tx());

        assertThat(committed.events()).hasSize(1);
        assertThat(committed.events().get(0).event()).isEqualTo(new HtlcEvent.Claimed(id, preimage));
        assertOrigin(committed.events().get(0), committed);
        assertThat(chain().balance(f.receiver(), f.asset())).isEqualTo(AMOUNT);
        assertThat(chain().balance(f.relayerAccount(), f.asset())).isLessThanOrEqualTo(relayerBefore);
        HtlcRecord record = htlc(f.sender(), id).orElseThrow(() -> new AssertionError("no record of lock " + id));
        assertThat(record.status()).isEqualTo(HtlcStatus.CLAIMED);
        assertThat(record.preimage()).contains(preimage);
    }

    @Test
    public void claim_with_a_wrong_preimage_is_refused_with_WrongPreimage() {
        Fixture f = fixture();
        HtlcId id = lockCommitted(
                f.sender(), request(f.receiver(), Preimage.random().hashLock(), inOneLockPeriod()));

        assertRefused(
                f.relayer(), f.relayer().claim(new ClaimRequest(id, Preimage.random())), HtlcReason.WrongPreimage);
        assertThat(htlc(f.relayer(), id).map(HtlcRecord::status)).contains(HtlcStatus.LOCKED);
        assertThat(chain().balance(f.receiver(), f.asset())).isEqualTo(Amount.ZERO);
    }

    @Test
    public void claim_at_or_after_the_timelock_is_refused_with_Expired() {
        Fixture f = fixture();
        Preimage preimage = Preimage.random();
        TimeLock timeLock = inOneLockPeriod();
        HtlcId id = lockCommitted(f.sender(), request(f.receiver(), preimage.hashLock(), timeLock));
        expire(timeLock);

        assertRefused(f.relayer(), f.relayer().claim(new ClaimRequest(id, preimage)), HtlcReason.Expired);
        assertThat(htlc(f.relayer(), id).map(HtlcRecord::status)).contains(HtlcStatus.LOCKED);
    }

    @Test
    public void a_second_claim_is_refused_with_NotLocked() {
        Fixture f = fixture();
        Preimage preimage = Preimage.random();
        HtlcId id = lockCommitted(f.sender(), request(f.receiver(), preimage.hashLock(), inOneLockPeriod()));
        committed(
                f.relayer(),
                await(f.relayer().claim(new ClaimRequest(id, preimage)), "claim")
                        .tx());

        assertRefused(f.relayer(), f.relayer().claim(new ClaimRequest(id, preimage)), HtlcReason.NotLocked);
        assertThat(chain().balance(f.receiver(), f.asset())).isEqualTo(AMOUNT);
    }

    @Test
    public void claim_of_an_unknown_lock_is_refused_with_LockNotFound() {
        Fixture f = fixture();

        assertRefused(
                f.relayer(),
                f.relayer().claim(new ClaimRequest(unknownHtlcId(), Preimage.random())),
                HtlcReason.LockNotFound);
    }

    // ------------------------------------------------------------------------------------------------ refund

    @Test
    public void refund_before_the_timelock_is_refused_with_NotExpired() {
        Fixture f = fixture();
        HtlcId id = lockCommitted(
                f.sender(), request(f.receiver(), Preimage.random().hashLock(), inOneLockPeriod()));

        assertRefused(f.relayer(), f.relayer().refund(new RefundRequest(id)), HtlcReason.NotExpired);
        assertThat(htlc(f.relayer(), id).map(HtlcRecord::status)).contains(HtlcStatus.LOCKED);
    }

    @Test
    public void refund_from_the_timelock_on_pays_the_stored_sender() {
        Fixture f = fixture();
        TimeLock timeLock = inOneLockPeriod();
        HtlcId id = lockCommitted(
                f.sender(), request(f.receiver(), Preimage.random().hashLock(), timeLock));
        Amount senderAfterLock = chain().balance(f.senderAccount(), f.asset());
        expire(timeLock);

        Submitted submitted = await(f.relayer().refund(new RefundRequest(id)), "refund");
        Finality.Committed committed = committed(f.relayer(), submitted.tx());

        assertThat(committed.events()).hasSize(1);
        assertThat(committed.events().get(0).event()).isEqualTo(new HtlcEvent.Refunded(id));
        assertOrigin(committed.events().get(0), committed);
        assertThat(chain().balance(f.senderAccount(), f.asset())).isEqualTo(senderAfterLock.plus(AMOUNT));
        assertThat(chain().balance(f.receiver(), f.asset())).isEqualTo(Amount.ZERO);
        HtlcRecord record = htlc(f.sender(), id).orElseThrow(() -> new AssertionError("no record of lock " + id));
        assertThat(record.status()).isEqualTo(HtlcStatus.REFUNDED);
        assertThat(record.preimage()).isEmpty();
    }

    @Test
    public void a_second_refund_is_refused_with_NotLocked() {
        Fixture f = fixture();
        TimeLock timeLock = inOneLockPeriod();
        HtlcId id = lockCommitted(
                f.sender(), request(f.receiver(), Preimage.random().hashLock(), timeLock));
        expire(timeLock);
        committed(
                f.relayer(),
                await(f.relayer().refund(new RefundRequest(id)), "refund").tx());

        assertRefused(f.relayer(), f.relayer().refund(new RefundRequest(id)), HtlcReason.NotLocked);
    }

    @Test
    public void claim_after_a_refund_is_refused_with_NotLocked() {
        Fixture f = fixture();
        Preimage preimage = Preimage.random();
        TimeLock timeLock = inOneLockPeriod();
        HtlcId id = lockCommitted(f.sender(), request(f.receiver(), preimage.hashLock(), timeLock));
        expire(timeLock);
        committed(
                f.relayer(),
                await(f.relayer().refund(new RefundRequest(id)), "refund").tx());

        assertRefused(f.relayer(), f.relayer().claim(new ClaimRequest(id, preimage)), HtlcReason.NotLocked);
        assertThat(chain().balance(f.receiver(), f.asset())).isEqualTo(Amount.ZERO);
    }

    @Test
    public void refund_after_a_claim_is_refused_with_NotLocked() {
        Fixture f = fixture();
        Preimage preimage = Preimage.random();
        TimeLock timeLock = inOneLockPeriod();
        HtlcId id = lockCommitted(f.sender(), request(f.receiver(), preimage.hashLock(), timeLock));
        committed(
                f.relayer(),
                await(f.relayer().claim(new ClaimRequest(id, preimage)), "claim")
                        .tx());
        expire(timeLock);

        assertRefused(f.relayer(), f.relayer().refund(new RefundRequest(id)), HtlcReason.NotLocked);
        assertThat(chain().balance(f.receiver(), f.asset())).isEqualTo(AMOUNT);
    }

    @Test
    public void refund_of_an_unknown_lock_is_refused_with_LockNotFound() {
        Fixture f = fixture();

        assertRefused(f.relayer(), f.relayer().refund(new RefundRequest(unknownHtlcId())), HtlcReason.LockNotFound);
    }

    @Test
    public void htlc_of_an_unknown_id_is_empty() {
        Fixture f = fixture();

        assertThat(htlc(f.sender(), unknownHtlcId())).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ events

    @Test
    public void a_committed_lock_appears_in_events_exactly_once_with_its_origin_and_proof() {
        Fixture f = fixture();
        Checkpoint start = finalizedCheckpoint(f.sender());
        Submitted submitted =
                await(f.sender().lock(request(f.receiver(), Preimage.random().hashLock(), inOneLockPeriod())), "lock");
        Finality.Committed committed = committed(f.sender(), submitted.tx());
        VerifiedHtlcEvent expected = committed.events().get(0);

        Collected collected =
                collect(f.relayer(), start, LARGE_MAX, committed.block().number());

        List<VerifiedHtlcEvent> ours = ofId(collected.events(), expected.event().id());
        assertThat(ours).hasSize(1);
        assertThat(ours.get(0).event()).isEqualTo(expected.event());
        assertThat(ours.get(0).origin()).isEqualTo(expected.origin());
        assertThat(ours.get(0).origin().tx()).isEqualTo(submitted.tx());
        assertThat(ours.get(0).proof().scheme()).isNotBlank();

        chain().produceBlocks(2);
        long finalizedNow = head(f.relayer()).finalized().number();
        Collected later = collect(f.relayer(), collected.checkpoint(), LARGE_MAX, finalizedNow);
        assertThat(ofId(later.events(), expected.event().id()))
                .as("events after the returned checkpoint repeat none before it")
                .isEmpty();
    }

    @Test
    public void events_paged_with_a_small_max_neither_lose_nor_repeat_an_event() {
        Fixture f = fixture();
        Scenario scenario = lockAloneThenThreeTogetherThenClaim(f);
        long through = scenario.through();

        List<EventKey> reference =
                keys(collect(f.relayer(), scenario.start(), LARGE_MAX, through).events(), through);
        for (HtlcId id : scenario.ids()) {
            assertThat(reference.stream().filter(k -> k.event() instanceof HtlcEvent.Locked && k.id().equals(id)))
                    .as("Locked event of " + id)
                    .hasSize(1);
        }
        HtlcId first = scenario.ids().get(0);
        List<EventKey> claimed = reference.stream()
                .filter(k -> k.event() instanceof HtlcEvent.Claimed && k.id().equals(first))
                .toList();
        assertThat(claimed).hasSize(1);
        EventKey locked =
                reference.stream().filter(k -> k.id().equals(first)).findFirst().orElseThrow();
        assertThat(reference.indexOf(claimed.get(0)))
                .as("a claim follows its lock")
                .isGreaterThan(reference.indexOf(locked));

        for (int max : new int[] {1, 2, 3}) {
            ChainAdapter fresh = open(f.relayerAccount());
            List<EventKey> paged =
                    keys(collect(fresh, scenario.start(), max, through).events(), through);
            assertThat(paged).as("events pulled %d at a time", max).containsExactlyElementsOf(reference);
        }
    }

    @Test
    public void resuming_from_a_returned_checkpoint_with_a_new_adapter_neither_loses_nor_repeats() {
        Fixture f = fixture();
        Scenario scenario = lockAloneThenThreeTogetherThenClaim(f);
        long through = scenario.through();
        List<EventKey> reference =
                keys(collect(f.relayer(), scenario.start(), LARGE_MAX, through).events(), through);

        ChainAdapter first = open(f.relayerAccount());
        EventBatch firstBatch = await(first.events(scenario.start(), 2), "events");
        checkBatch(scenario.start(), 2, firstBatch);
        first.close();
        ChainAdapter second = open(f.relayerAccount());
        Collected rest = collect(second, firstBatch.checkpoint(), 2, through);

        List<VerifiedHtlcEvent> resumed = new ArrayList<>(firstBatch.finalEvents());
        resumed.addAll(rest.events());
        assertThat(keys(resumed, through)).containsExactlyElementsOf(reference);
        assertThat(reference).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    public void events_after_a_checkpoint_not_on_the_chain_fail_with_VerificationFailedException() {
        Fixture f = fixture();
        ChainHead head = head(f.sender());
        byte[] forged = new byte[32];
        Arrays.fill(forged, (byte) 0x5a);
        Checkpoint notOnChain =
                new Checkpoint(chain().chainId(), new BlockRef(head.finalized().number(), Bytes.wrap(forged)));

        Throwable failure = failureOf(f.sender().events(notOnChain, 10), "events after a forged checkpoint");

        assertThat(failure).isInstanceOf(VerificationFailedException.class);
    }

    @Test
    public void head_has_its_finalized_block_at_or_below_it_and_advances_with_new_blocks() {
        Fixture f = fixture();
        ChainHead first = head(f.sender());
        assertThat(first.chain()).isEqualTo(chain().chainId());
        assertThat(first.finalized().number()).isLessThanOrEqualTo(first.head().number());

        chain().produceBlocks(3);
        ChainHead second =
                awaitHead(f.sender(), h -> h.head().number() >= first.head().number() + 3, "3 new blocks");
        assertThat(second.headTime()).isAfterOrEqualTo(first.headTime());
        assertThat(second.finalized().number())
                .isGreaterThanOrEqualTo(first.finalized().number());

        ChainHead third = awaitHead(
                f.sender(), h -> h.finalized().number() > first.finalized().number(), "the finalized block to move");
        assertThat(third.finalized().number()).isLessThanOrEqualTo(third.head().number());
    }

    @Test
    public void trust_anchor_is_a_final_checkpoint_of_this_chain_to_follow_from() {
        Fixture f = fixture();
        Checkpoint anchor = f.sender().trustAnchor();
        ChainHead head = head(f.sender());

        assertThat(anchor.chain()).isEqualTo(chain().chainId());
        assertThat(anchor.block().number()).isLessThanOrEqualTo(head.finalized().number());
        EventBatch batch = await(f.sender().events(anchor, LARGE_MAX), "events after the trust anchor");
        checkBatch(anchor, LARGE_MAX, batch);
    }

    @Test
    public void a_reorg_retracts_pending_events_which_never_become_final() {
        assumeTrue(supportsReorg(), "the test chain cannot reorg");
        Fixture f = fixture();
        Checkpoint start = finalizedCheckpoint(f.sender());
        TxRef tx = await(
                        f.sender().lock(request(f.receiver(), Preimage.random().hashLock(), inOneLockPeriod())), "lock")
                .tx();

        EventOrigin pending = awaitPending(f.sender(), start, tx);
        long headNumber = head(f.sender()).head().number();
        chain().reorg((int) (headNumber - pending.block().number() + 1));

        List<EventOrigin> retracted = new ArrayList<>();
        Instant deadline = deadline();
        while (!retracted.contains(pending)) {
            EventBatch batch = await(f.sender().events(start, LARGE_MAX), "events after the reorg");
            checkBatch(start, LARGE_MAX, batch);
            retracted.addAll(batch.retracted());
            assertThat(origins(batch.finalEvents())).doesNotContain(pending);
            assertThat(origins(batch.pending())).doesNotContain(pending);
            failAfter(deadline, "the reorged event " + pending + " was not retracted; retracted " + retracted);
        }
        assertThat(retracted).containsOnlyOnce(pending);

        Finality outcome = finality(f.sender(), tx);
        if (outcome instanceof Finality.Committed committed) {
            assertThat(committed.block()).isNotEqualTo(pending.block());
        } else {
            assertThat(outcome).isInstanceOf(Finality.Dropped.class);
        }
        long finalizedNow = head(f.sender()).finalized().number();
        Collected all = collect(f.relayer(), start, LARGE_MAX, finalizedNow);
        assertThat(origins(all.events())).doesNotContain(pending);
        long ofTx =
                all.events().stream().filter(e -> e.origin().tx().equals(tx)).count();
        assertThat(ofTx).isEqualTo(outcome instanceof Finality.Committed ? 1 : 0);
    }

    // ------------------------------------------------------------------------------------------------ tokens

    @Test
    public void a_token_lock_and_claim_move_the_token_only() {
        assumeTrue(supportsTokens(), "the test chain has no token");
        Fixture f = fixture();
        Asset token = chain().tokenAsset();
        assertThat(token.isNative()).isFalse();
        Account tokenSenderAccount = chain().newFundedAccount(token, FUNDS);
        ChainAdapter tokenSender = open(tokenSenderAccount);
        Amount receiverTestAssetBefore = chain().balance(f.receiver(), f.asset());
        Preimage preimage = Preimage.random();
        LockRequest request = new LockRequest(
                f.receiver(),
                preimage.hashLock(),
                inOneLockPeriod(),
                token,
                AMOUNT,
                DESTINATION_CHAIN,
                DESTINATION_RECIPIENT,
                MIN_DESTINATION_AMOUNT);

        Finality.Committed locked = committed(
                tokenSender, await(tokenSender.lock(request), "token lock").tx());
        HtlcId id = locked.events().get(0).event().id();
        assertThat(locked.events().get(0).event())
                .isEqualTo(new HtlcEvent.Locked(id, request.terms(tokenSenderAccount)));
        committed(
                f.relayer(),
                await(f.relayer().claim(new ClaimRequest(id, preimage)), "claim")
                        .tx());

        assertThat(chain().balance(f.receiver(), token)).isEqualTo(AMOUNT);
        if (!token.equals(f.asset())) {
            assertThat(chain().balance(f.receiver(), f.asset())).isEqualTo(receiverTestAssetBefore);
        }
        if (!signersPayFeesIn(token)) {
            assertThat(chain().balance(tokenSenderAccount, token)).isEqualTo(FUNDS.minus(AMOUNT));
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** An event with its origin, without the proof: what paged pulls must agree on. */
    private record EventKey(HtlcEvent event, EventOrigin origin) {
        HtlcId id() {
            return event.id();
        }
    }

    /** Final events of pulls up to a checkpoint at or after a block. */
    private record Collected(List<VerifiedHtlcEvent> events, Checkpoint checkpoint) {}

    private interface HeadCondition {
        boolean test(ChainHead head);
    }

    /** Where following started, the locks made (the claimed one first) and the newest block they reach. */
    private record Scenario(Checkpoint start, List<HtlcId> ids, long through) {}

    /**
     * One lock committed alone, then three locks sent together (one block, where the chain batches them), then a
     * claim of the first: blocks of 1, up to 3 and 1 events, so that a small {@code max} falls inside a block.
     */
    private Scenario lockAloneThenThreeTogetherThenClaim(Fixture f) {
        Checkpoint start = finalizedCheckpoint(f.sender());
        Preimage firstPreimage = Preimage.random();
        Finality.Committed alone = committed(
                f.sender(),
                await(f.sender().lock(request(f.receiver(), firstPreimage.hashLock(), inOneLockPeriod())), "lock")
                        .tx());
        List<HtlcId> ids = new ArrayList<>();
        ids.add(alone.events().get(0).event().id());
        long through = alone.block().number();
        List<TxRef> together = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            together.add(await(
                            f.sender()
                                    .lock(request(
                                            f.receiver(), Preimage.random().hashLock(), inOneLockPeriod())),
                            "lock")
                    .tx());
        }
        for (TxRef tx : together) {
            Finality.Committed c = committed(f.sender(), tx);
            ids.add(c.events().get(0).event().id());
            through = Math.max(through, c.block().number());
        }
        Finality.Committed claim = committed(
                f.relayer(),
                await(f.relayer().claim(new ClaimRequest(ids.get(0), firstPreimage)), "claim")
                        .tx());
        return new Scenario(
                start, List.copyOf(ids), Math.max(through, claim.block().number()));
    }

    /** The chain under test (for subclasses' own tests). */
    protected final TestChain chain() {
        TestChain chain = testChain;
        if (chain == null) {
            throw new IllegalStateException("the contract fixture is not set up");
        }
        return chain;
    }

    private Fixture fixture() {
        Fixture f = fixture;
        if (f == null) {
            throw new IllegalStateException("the contract fixture is not set up");
        }
        return f;
    }

    private ChainAdapter open(Account account) {
        ChainAdapter adapter = chain().adapterFor(account);
        opened.add(adapter);
        return adapter;
    }

    private TimeLock inOneLockPeriod() {
        return TimeLock.at(chain().chainTime().plus(lockPeriod()));
    }

    /** Moves the chain past {@code timeLock} and produces a block there. */
    private void expire(TimeLock timeLock) {
        Duration left = Duration.between(chain().chainTime(), timeLock.instant());
        chain().advanceTime((left.isNegative() ? Duration.ZERO : left).plus(expirySlack()));
        chain().produceBlocks(1);
    }

    private LockRequest request(Account receiver, HashLock hashLock, TimeLock timeLock) {
        return new LockRequest(
                receiver,
                hashLock,
                timeLock,
                fixture().asset(),
                AMOUNT,
                DESTINATION_CHAIN,
                DESTINATION_RECIPIENT,
                MIN_DESTINATION_AMOUNT);
    }

    private HtlcId lockCommitted(ChainAdapter adapter, LockRequest request) {
        Finality.Committed committed =
                committed(adapter, await(adapter.lock(request), "lock").tx());
        assertThat(committed.events()).hasSize(1);
        HtlcEvent event = committed.events().get(0).event();
        assertThat(event).isInstanceOf(HtlcEvent.Locked.class);
        return event.id();
    }

    private Finality.Committed committed(ChainAdapter adapter, TxRef tx) {
        Finality outcome = finality(adapter, tx);
        assertThat(outcome).as("finality of %s", tx).isInstanceOf(Finality.Committed.class);
        Finality.Committed committed = (Finality.Committed) outcome;
        assertThat(committed.tx()).isEqualTo(tx);
        assertThat(head(adapter).finalized().number())
                .as("the block of a committed transaction is final")
                .isGreaterThanOrEqualTo(committed.block().number());
        for (VerifiedHtlcEvent event : committed.events()) {
            assertOrigin(event, committed);
        }
        return committed;
    }

    /** Waits for the finality of {@code tx}, producing blocks while it is not there. */
    private Finality finality(ChainAdapter adapter, TxRef tx) {
        CompletableFuture<Finality> stage = adapter.awaitFinality(tx).toCompletableFuture();
        Instant deadline = deadline();
        while (true) {
            try {
                if (!stage.isDone()) {
                    failAfter(deadline, "no finality of " + tx);
                    chain().produceBlocks(1);
                }
                return stage.get(pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // not yet: drive the chain again
            } catch (ExecutionException e) {
                throw new AssertionError("finality of " + tx + " failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the finality of " + tx, e);
            }
        }
    }

    /**
     * Asserts that the chain refuses a transaction with {@code reason}: at submission, or as a failed transaction.
     */
    private void assertRefused(ChainAdapter adapter, CompletionStage<Submitted> submission, HtlcReason reason) {
        CompletableFuture<Submitted> stage = submission.toCompletableFuture();
        Submitted submitted;
        try {
            submitted = stage.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            assertThat(cause)
                    .as("refusal of a transaction that must fail with %s", reason)
                    .isInstanceOfSatisfying(
                            TransactionRejectedException.class,
                            rejected -> assertThat(rejected.reasonCode()).isEqualTo(reason.code()));
            return;
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to a submission within " + timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while submitting", e);
        }
        Finality outcome = finality(adapter, submitted.tx());
        assertThat(outcome)
                .as("a transaction that must fail with %s was accepted", reason)
                .isInstanceOfSatisfying(Finality.Failed.class, failed -> assertThat(failed.reason())
                        .startsWith(reason.code()));
    }

    private <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            throw new AssertionError(what + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    private Throwable failureOf(CompletionStage<?> stage, String what) {
        try {
            Object value = stage.toCompletableFuture().get(timeout().toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError(what + " succeeded with " + value + " but must fail");
        } catch (ExecutionException e) {
            return unwrap(e);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private Optional<HtlcRecord> htlc(ChainAdapter adapter, HtlcId id) {
        return await(adapter.htlc(id), "htlc " + id);
    }

    private ChainHead head(ChainAdapter adapter) {
        return await(adapter.head(), "head");
    }

    private ChainHead awaitHead(ChainAdapter adapter, HeadCondition condition, String what) {
        Instant deadline = deadline();
        while (true) {
            ChainHead head = head(adapter);
            if (condition.test(head)) {
                return head;
            }
            failAfter(deadline, "waited for " + what + "; head is " + head);
            chain().produceBlocks(1);
        }
    }

    private Checkpoint finalizedCheckpoint(ChainAdapter adapter) {
        return new Checkpoint(chain().chainId(), head(adapter).finalized());
    }

    /** The origin of {@code tx}'s event once it is pending (not yet final), producing blocks until it is there. */
    private EventOrigin awaitPending(ChainAdapter adapter, Checkpoint start, TxRef tx) {
        Instant deadline = deadline();
        while (true) {
            EventBatch batch = await(adapter.events(start, LARGE_MAX), "events");
            checkBatch(start, LARGE_MAX, batch);
            assertThat(batch.finalEvents().stream().filter(e -> e.origin().tx().equals(tx)))
                    .as(
                            "the event of %s became final before a reorg could be made: the test chain's finality"
                                    + " depth is too small for supportsReorg()",
                            tx)
                    .isEmpty();
            Optional<EventOrigin> pending = batch.pending().stream()
                    .map(VerifiedHtlcEvent::origin)
                    .filter(o -> o.tx().equals(tx))
                    .findFirst();
            if (pending.isPresent()) {
                return pending.get();
            }
            failAfter(deadline, "the event of " + tx + " never showed as pending");
            chain().produceBlocks(1);
        }
    }

    /** Pulls final events from {@code from} with {@code max} until a checkpoint reaches block {@code through}. */
    private Collected collect(ChainAdapter adapter, Checkpoint from, int max, long through) {
        List<VerifiedHtlcEvent> events = new ArrayList<>();
        Checkpoint checkpoint = from;
        Instant deadline = deadline();
        while (checkpoint.block().number() < through) {
            EventBatch batch = await(adapter.events(checkpoint, max), "events after " + checkpoint);
            checkBatch(checkpoint, max, batch);
            events.addAll(batch.finalEvents());
            if (batch.checkpoint().equals(checkpoint)) {
                failAfter(deadline, "events made no progress from " + checkpoint + " toward block #" + through);
                chain().produceBlocks(1);
            }
            checkpoint = batch.checkpoint();
        }
        return new Collected(events, checkpoint);
    }

    /** The invariants every batch keeps. */
    private void checkBatch(Checkpoint after, int max, EventBatch batch) {
        ChainId chainId = chain().chainId();
        Checkpoint next = batch.checkpoint();
        long finalized = batch.head().finalized().number();
        assertThat(next.chain()).isEqualTo(chainId);
        assertThat(batch.head().chain()).isEqualTo(chainId);
        assertThat(next.block().number())
                .as("the checkpoint never goes back")
                .isGreaterThanOrEqualTo(after.block().number());
        assertThat(next.block().number())
                .as("the checkpoint is a final block")
                .isLessThanOrEqualTo(Math.max(finalized, after.block().number()));
        List<VerifiedHtlcEvent> finals = batch.finalEvents();
        if (finals.size() > max) {
            assertThat(finals.stream().map(e -> e.origin().block()).distinct())
                    .as("more than max=%d final events only when a single block holds them", max)
                    .hasSize(1);
        }
        EventOrigin previous = null;
        for (VerifiedHtlcEvent e : finals) {
            EventOrigin o = e.origin();
            assertThat(o.chain()).isEqualTo(chainId);
            assertThat(o.block().number())
                    .as("a final event lies after the requested checkpoint and at or before the returned one")
                    .isGreaterThan(after.block().number())
                    .isLessThanOrEqualTo(next.block().number());
            assertThat(e.proof().scheme()).isNotBlank();
            if (previous != null) {
                boolean ordered = o.block().number() > previous.block().number()
                        || (o.block().equals(previous.block()) && o.indexInBlock() > previous.indexInBlock());
                assertThat(ordered)
                        .as("final events in chain order: %s after %s", o, previous)
                        .isTrue();
            }
            previous = o;
        }
        for (VerifiedHtlcEvent e : batch.pending()) {
            assertThat(e.origin().block().number())
                    .as("a pending event lies above the final block")
                    .isGreaterThan(finalized)
                    .isLessThanOrEqualTo(batch.head().head().number());
        }
    }

    private static void assertOrigin(VerifiedHtlcEvent event, Finality.Committed committed) {
        assertThat(event.origin().tx()).isEqualTo(committed.tx());
        assertThat(event.origin().block()).isEqualTo(committed.block());
        assertThat(event.origin().chain()).isEqualTo(committed.tx().chain());
        assertThat(event.proof().scheme()).isNotBlank();
    }

    private static List<VerifiedHtlcEvent> ofId(List<VerifiedHtlcEvent> events, HtlcId id) {
        return events.stream().filter(e -> e.event().id().equals(id)).toList();
    }

    private static List<EventOrigin> origins(List<VerifiedHtlcEvent> events) {
        return events.stream().map(VerifiedHtlcEvent::origin).toList();
    }

    /** The events at or below block {@code through}, keyed without their proofs. */
    private static List<EventKey> keys(List<VerifiedHtlcEvent> events, long through) {
        return events.stream()
                .filter(e -> e.origin().block().number() <= through)
                .map(e -> new EventKey(e.event(), e.origin()))
                .toList();
    }

    private Instant deadline() {
        return Instant.now().plus(timeout());
    }

    private void failAfter(Instant deadline, String message) {
        if (Instant.now().isAfter(deadline)) {
            fail(message + " (within " + timeout() + ")");
        }
    }
}
