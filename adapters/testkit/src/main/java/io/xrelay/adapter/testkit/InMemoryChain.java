/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainHead;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ChainUnavailableException;
import io.xrelay.adapter.Checkpoint;
import io.xrelay.adapter.EventBatch;
import io.xrelay.adapter.EventOrigin;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcReason;
import io.xrelay.adapter.HtlcRecord;
import io.xrelay.adapter.HtlcStatus;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TransactionRejectedException;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerificationFailedException;
import io.xrelay.adapter.VerifiedHtlcEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A complete, deterministic chain in one JVM with the HTLC contract's semantics, for unit tests of the relay and as
 * the reference behaviour of real adapters. Adapters ({@link #newAdapter(Account)}, one per signing account) see it
 * through the {@link io.xrelay.adapter.ChainAdapter} SPI; tests drive it directly: time, mining, reorgs, faults.
 *
 * <h2>Ledger and HTLC</h2>
 *
 * Balances per account and {@link Asset} (native and tokens alike) are created with {@link #mint}; there are no
 * fees. The HTLC rules are those of the Solidity contract, checked in the same order: a lock is refused with
 * {@code InvalidAmount} (zero amount), {@code InvalidReceiver} (the receiver is {@link #ZERO_ACCOUNT}),
 * {@code TimelockInPast} (timelock at or before the block time), {@code LockExists} (the same terms from the same
 * sender), {@code InsufficientFunds} (balance below the amount); a claim with {@code LockNotFound},
 * {@code NotLocked} (claimed or refunded), {@code Expired} (block time at or after the timelock),
 * {@code WrongPreimage}; a refund with {@code LockNotFound}, {@code NotLocked}, {@code NotExpired} (block time
 * before the timelock). A claim pays the stored receiver, a refund the stored sender, whoever sends them. The lock
 * id is {@link InMemoryProofs#lockId(LockTerms)} of the terms.
 *
 * <h2>Transactions and refusals</h2>
 *
 * A submitted transaction is first checked against the current state at the time the next block will carry
 * ({@link #now()} plus the block time), as a node's gas estimation does: a refusal there fails the submission with
 * a {@link TransactionRejectedException} whose {@code reasonCode} is the {@link HtlcReason} name, and nothing is
 * recorded. An accepted transaction goes to the mempool and is executed again when a block includes it; if the
 * state changed in between (two claims of one lock in one block), it is included as failed: no effect, no event,
 * and its finality is {@link Finality.Failed} with the reason code as the reason. Blocks are made by
 * {@link #mineBlock()}, or for every submission when auto-mine is on (the default); a block includes the whole
 * mempool in order.
 *
 * <h2>Finality and reorgs</h2>
 *
 * A block is final once {@code finalityDepth} blocks are on top of it (with depth 0, at once). {@link #reorg(int)}
 * replaces the newest non-final blocks with empty ones of new hashes and undoes their effects; their transactions
 * go back to the front of the mempool or are dropped ({@link ReorgPolicy}). Final blocks are never replaced.
 *
 * <h2>Faults</h2>
 *
 * {@link #setUnavailable(boolean)} makes every adapter call fail with {@link ChainUnavailableException} (mining and
 * the test accessors still work); {@link #rejectNextTransaction(String)}, {@link #failNextTransactionAtInclusion}
 * and {@link #dropNextTransaction} queue a fault for the next submission (each submission takes one, whatever its
 * outcome).
 *
 * <p>Thread-safe: every method synchronizes on the chain; stages are completed after the lock is released.
 */
public final class InMemoryChain {
    /** The zero address: a lock for it is refused with {@code InvalidReceiver}, as on Ethereum. */
    public static final Account ZERO_ACCOUNT = Account.of("0x0000000000000000000000000000000000000000");

    /** The genesis time unless the builder sets another: 2026-01-01T00:00:00Z. */
    public static final Instant DEFAULT_GENESIS_TIME = Instant.parse("2026-01-01T00:00:00Z");

    /** What a reorg does with the transactions of the blocks it replaces. */
    public enum ReorgPolicy {
        /** Back to the front of the mempool, in their order: the next block includes them again. */
        REQUEUE,
        /** Dropped: their finality is {@link Finality.Dropped}. */
        DROP
    }

    /** A block of the canonical chain. */
    public record Block(
            long number,
            Bytes hash,
            Bytes parentHash,
            Instant timestamp,
            List<Receipt> receipts,
            List<VerifiedHtlcEvent> events) {
        public Block {
            receipts = List.copyOf(receipts);
            events = List.copyOf(events);
        }

        public BlockRef ref() {
            return new BlockRef(number, hash);
        }
    }

    /**
     * The outcome of a transaction in a block.
     *
     * @param failure the reason code when the transaction failed at inclusion; empty when it succeeded
     */
    public record Receipt(TxRef tx, Account sender, Optional<String> failure) {
        public boolean succeeded() {
            return failure.isEmpty();
        }
    }

    /** Settings of a new chain. */
    public static final class Builder {
        private final ChainId id;
        private int finalityDepth;
        private boolean autoMine = true;
        private ReorgPolicy reorgPolicy = ReorgPolicy.REQUEUE;
        private Instant genesisTime = DEFAULT_GENESIS_TIME;
        private Duration blockTime = Duration.ZERO;

        private Builder(ChainId id) {
            this.id = id;
        }

        /** Blocks on top of a block for it to be final. [Default: 0] */
        public Builder finalityDepth(int depth) {
            if (depth < 0) {
                throw new IllegalArgumentException("finality depth must not be negative, got " + depth);
            }
            this.finalityDepth = depth;
            return this;
        }

        /** Whether every submission mines a block at once. [Default: true] */
        public Builder autoMine(boolean autoMine) {
            this.autoMine = autoMine;
            return this;
        }

        /** [Default: REQUEUE] */
        public Builder reorgPolicy(ReorgPolicy policy) {
            this.reorgPolicy = policy;
            return this;
        }

        /** The timestamp of the genesis block and the clock's start. [Default: 2026-01-01T00:00:00Z] */
        public Builder genesisTime(Instant time) {
            if (time.getEpochSecond() <= 0) {
                throw new IllegalArgumentException("genesis time must be after 1970-01-01T00:00:00Z, got " + time);
            }
            this.genesisTime = time;
            return this;
        }

        /** How far the clock moves before each new block is stamped. [Default: 0s] */
        public Builder blockTime(Duration blockTime) {
            if (blockTime.isNegative()) {
                throw new IllegalArgumentException("block time must not be negative, got " + blockTime);
            }
            this.blockTime = blockTime;
            return this;
        }

        public InMemoryChain build() {
            return new InMemoryChain(this);
        }
    }

    private sealed interface Call permits LockCall, ClaimCall, RefundCall {}

    private record LockCall(LockTerms terms) implements Call {}

    private record ClaimCall(HtlcId id, Preimage preimage) implements Call {}

    private record RefundCall(HtlcId id) implements Call {}

    private record PendingTx(TxRef ref, Account sender, Call call, @Nullable String failAtInclusion) {}

    private record Refusal(HtlcReason reason, String message) {}

    private sealed interface Fault permits RejectAtSubmit, FailAtInclusion, Drop {}

    private record RejectAtSubmit(String reasonCode) implements Fault {}

    private record FailAtInclusion(String reason) implements Fault {}

    private record Drop(String reason) implements Fault {}

    /** A canonical block, the transactions it included and how to undo their effects. */
    private record MinedBlock(Block block, List<PendingTx> txs, List<Runnable> undo) {}

    private final ChainId id;
    private final int finalityDepth;
    private final Duration blockTime;
    private final Ledger ledger = new Ledger();
    private final List<MinedBlock> blocks = new ArrayList<>();
    private final ArrayDeque<PendingTx> mempool = new ArrayDeque<>();
    private final Map<String, CompletableFuture<Finality>> finalities = new HashMap<>();
    private final Map<Account, Long> nonces = new HashMap<>();
    private final ArrayDeque<Fault> faults = new ArrayDeque<>();
    private ReorgPolicy reorgPolicy;
    private boolean autoMine;
    private boolean unavailable;
    private Instant now;
    private long reorgs;
    /** Blocks up to this number had their transactions' finality completed. */
    private long notifiedThrough;

    private InMemoryChain(Builder b) {
        this.id = b.id;
        this.finalityDepth = b.finalityDepth;
        this.blockTime = b.blockTime;
        this.reorgPolicy = b.reorgPolicy;
        this.autoMine = b.autoMine;
        this.now = b.genesisTime;
        blocks.add(new MinedBlock(
                seal(0, Canonical.ZERO_HASH, b.genesisTime, 0, List.of(), List.of()), List.of(), List.of()));
    }

    /** A builder of a chain named {@code id}. */
    public static Builder builder(ChainId id) {
        return new Builder(id);
    }

    /** A chain named {@code id} with the defaults: finality depth 0, auto-mine, requeue on reorg. */
    public static InMemoryChain create(ChainId id) {
        return builder(id).build();
    }

    public ChainId id() {
        return id;
    }

    public int finalityDepth() {
        return finalityDepth;
    }

    public Duration blockTime() {
        return blockTime;
    }

    /** A new adapter signing with {@code signer}; any number of adapters may share this chain. */
    public InMemoryChainAdapter newAdapter(Account signer) {
        return new InMemoryChainAdapter(this, signer);
    }

    // ---------------------------------------------------------------- clock

    /** The chain clock: the time a block mined now gets, less the block time. */
    public synchronized Instant now() {
        return now;
    }

    /** Moves the clock forward by {@code duration}. */
    public synchronized void advanceTime(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward, got " + duration);
        }
        now = now.plus(duration);
    }

    /** Sets the clock; never before the newest block's timestamp. */
    public synchronized void setTime(Instant time) {
        Instant headTime = head().block().timestamp();
        if (time.isBefore(headTime)) {
            throw new IllegalArgumentException(
                    "time " + time + " is before the timestamp " + headTime + " of the newest block");
        }
        now = time;
    }

    // ---------------------------------------------------------------- mining

    public synchronized boolean autoMine() {
        return autoMine;
    }

    /** Turns auto-mine on or off; turning it on does not mine the mempool by itself. */
    public synchronized void setAutoMine(boolean autoMine) {
        this.autoMine = autoMine;
    }

    public synchronized ReorgPolicy reorgPolicy() {
        return reorgPolicy;
    }

    public synchronized void setReorgPolicy(ReorgPolicy policy) {
        this.reorgPolicy = policy;
    }

    /** Mines one block with every transaction of the mempool, in order; completes finalities that become due. */
    public Block mineBlock() {
        List<Runnable> completions = new ArrayList<>();
        Block block;
        synchronized (this) {
            block = mineLocked(completions);
        }
        completions.forEach(Runnable::run);
        return block;
    }

    /** Mines {@code count} blocks; the first includes the mempool. */
    public List<Block> mineBlocks(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("block count must not be negative, got " + count);
        }
        List<Runnable> completions = new ArrayList<>();
        List<Block> mined = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < count; i++) {
                mined.add(mineLocked(completions));
            }
        }
        completions.forEach(Runnable::run);
        return mined;
    }

    /** The transactions waiting for a block, in the order the next block includes them. */
    public synchronized List<TxRef> mempool() {
        return mempool.stream().map(PendingTx::ref).toList();
    }

    // ---------------------------------------------------------------- blocks

    /** The canonical chain from genesis to the head. */
    public synchronized List<Block> blocks() {
        return blocks.stream().map(MinedBlock::block).toList();
    }

    /** The canonical block {@code number}, if the chain is that long. */
    public synchronized Optional<Block> block(long number) {
        return number >= 0 && number < blocks.size()
                ? Optional.of(blocks.get((int) number).block())
                : Optional.empty();
    }

    public synchronized Block headBlock() {
        return head().block();
    }

    /** The newest final block. */
    public synchronized Block finalizedBlock() {
        return blocks.get((int) finalizedNumber()).block();
    }

    /** The genesis block's checkpoint, the trust anchor of every adapter of this chain. */
    public synchronized Checkpoint trustAnchor() {
        return new Checkpoint(id, blocks.get(0).block().ref());
    }

    /** The receipt of {@code tx} if a canonical block included it. */
    public synchronized Optional<Receipt> receipt(TxRef tx) {
        for (MinedBlock mined : blocks) {
            for (Receipt r : mined.block().receipts()) {
                if (r.tx().equals(tx)) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- faults

    /**
     * Replaces the newest {@code depth} blocks with empty blocks of new hashes (same numbers and timestamps) and
     * undoes their effects; their transactions are requeued or dropped by the {@link #reorgPolicy()}.
     *
     * @throws IllegalArgumentException if {@code depth} is not positive or would replace genesis or a final block
     */
    public void reorg(int depth) {
        List<Runnable> completions = new ArrayList<>();
        synchronized (this) {
            reorgLocked(depth, completions);
        }
        completions.forEach(Runnable::run);
    }

    /** While set, every adapter call fails with {@link ChainUnavailableException}. */
    public synchronized void setUnavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    public synchronized boolean unavailable() {
        return unavailable;
    }

    /** The next submission fails with a {@link TransactionRejectedException} of {@code reasonCode}. */
    public synchronized void rejectNextTransaction(String reasonCode) {
        faults.add(new RejectAtSubmit(reasonCode));
    }

    /** The next submission fails with a {@link TransactionRejectedException} of {@code reason}'s code. */
    public void rejectNextTransaction(HtlcReason reason) {
        rejectNextTransaction(reason.code());
    }

    /**
     * The next submission is accepted, then included as failed with {@code reason}, without effect (unless the
     * submit-time check refuses it first).
     */
    public synchronized void failNextTransactionAtInclusion(String reason) {
        faults.add(new FailAtInclusion(reason));
    }

    /** The next submission is accepted without checks, then never included: its finality is Dropped. */
    public synchronized void dropNextTransaction(String reason) {
        faults.add(new Drop(reason));
    }

    // ---------------------------------------------------------------- ledger

    /** The balance of {@code account} in {@code asset} as of the head. */
    public synchronized Amount balance(Account account, Asset asset) {
        return ledger.balance(account, asset);
    }

    /** What the HTLC contract holds of {@code asset} as of the head. */
    public synchronized Amount escrowed(Asset asset) {
        return ledger.escrowed(asset);
    }

    /** Creates {@code amount} of {@code asset} on {@code account} at once, outside any block: no reorg undoes it. */
    public synchronized void mint(Account account, Asset asset, Amount amount) {
        ledger.mint(account, asset, amount);
    }

    /** The lock as of the head. */
    public synchronized Optional<HtlcRecord> htlc(HtlcId htlcId) {
        return ledger.htlc(htlcId);
    }

    // ---------------------------------------------------------------- adapter side

    synchronized ChainHead viewHead() {
        requireAvailable();
        return chainHead();
    }

    synchronized Optional<HtlcRecord> viewHtlc(HtlcId htlcId) {
        requireAvailable();
        return ledger.htlc(htlcId);
    }

    synchronized CompletionStage<Finality> viewFinality(TxRef tx) {
        requireAvailable();
        CompletableFuture<Finality> finality = tx.chain().equals(id) ? finalities.get(tx.id()) : null;
        if (finality == null) {
            return CompletableFuture.completedStage(
                    new Finality.Dropped(tx, "chain " + id + " never received this transaction"));
        }
        return finality.minimalCompletionStage();
    }

    TxRef submitLock(Account sender, LockTerms terms) {
        return submit(sender, new LockCall(terms));
    }

    TxRef submitClaim(Account sender, HtlcId htlcId, Preimage preimage) {
        return submit(sender, new ClaimCall(htlcId, preimage));
    }

    TxRef submitRefund(Account sender, HtlcId htlcId) {
        return submit(sender, new RefundCall(htlcId));
    }

    /**
     * Final events after {@code after} in whole blocks (see {@link InMemoryChainAdapter#events}), pending events
     * of the non-final blocks, and those of {@code reportedPending} whose blocks left the canonical chain.
     */
    synchronized EventBatch viewEvents(Checkpoint after, int max, Collection<EventOrigin> reportedPending) {
        requireAvailable();
        if (!after.chain().equals(id)) {
            throw new VerificationFailedException(id, "checkpoint " + after + " is of another chain");
        }
        long from = after.block().number();
        if (!isCanonical(after.block())) {
            throw new VerificationFailedException(
                    id,
                    "checkpoint block " + after.block() + " is not on the chain ("
                            + (from < blocks.size()
                                    ? "its block #" + from + " is "
                                            + blocks.get((int) from).block().hash()
                                    : "its head is #" + (blocks.size() - 1))
                            + ")");
        }
        long finalized = finalizedNumber();
        List<VerifiedHtlcEvent> finalEvents = new ArrayList<>();
        long covered = from;
        for (long n = from + 1; n <= finalized; n++) {
            List<VerifiedHtlcEvent> blockEvents = blocks.get((int) n).block().events();
            if (!finalEvents.isEmpty() && finalEvents.size() + blockEvents.size() > max) {
                break;
            }
            finalEvents.addAll(blockEvents);
            covered = n;
        }
        List<VerifiedHtlcEvent> pending = new ArrayList<>();
        for (long n = Math.max(from, finalized) + 1; n < blocks.size(); n++) {
            pending.addAll(blocks.get((int) n).block().events());
        }
        List<EventOrigin> retracted = reportedPending.stream()
                .filter(origin -> !isCanonical(origin.block()))
                .toList();
        return new EventBatch(
                finalEvents,
                pending,
                retracted,
                new Checkpoint(id, blocks.get((int) covered).block().ref()),
                chainHead());
    }

    // ---------------------------------------------------------------- internals

    private TxRef submit(Account sender, Call call) {
        List<Runnable> completions = new ArrayList<>();
        TxRef ref;
        synchronized (this) {
            requireAvailable();
            @Nullable Fault fault = faults.poll();
            if (fault instanceof RejectAtSubmit reject) {
                throw new TransactionRejectedException(
                        id, null, reject.reasonCode(), "refused by an injected fault", null);
            }
            if (!(fault instanceof Drop)) {
                @Nullable Refusal refusal = check(sender, call, now.plus(blockTime));
                if (refusal != null) {
                    throw new TransactionRejectedException(
                            id, null, refusal.reason().code(), refusal.message(), null);
                }
            }
            long nonce = nonces.merge(sender, 1L, Long::sum) - 1;
            ref = new TxRef(
                    id,
                    new Canonical()
                            .string("xrelay.in-memory.tx.v1")
                            .string(id.value())
                            .string(sender.value())
                            .int64(nonce)
                            .sha256()
                            .toHex());
            CompletableFuture<Finality> finality = new CompletableFuture<>();
            finalities.put(ref.id(), finality);
            if (fault instanceof Drop drop) {
                TxRef dropped = ref;
                completions.add(() -> finality.complete(new Finality.Dropped(dropped, drop.reason())));
            } else {
                mempool.add(
                        new PendingTx(ref, sender, call, fault instanceof FailAtInclusion fail ? fail.reason() : null));
                if (autoMine) {
                    mineLocked(completions);
                }
            }
        }
        completions.forEach(Runnable::run);
        return ref;
    }

    private void requireAvailable() {
        if (unavailable) {
            throw new ChainUnavailableException(id, "the in-memory chain is set unavailable", null);
        }
    }

    private MinedBlock head() {
        return blocks.get(blocks.size() - 1);
    }

    private long finalizedNumber() {
        return Math.max(0L, blocks.size() - 1L - finalityDepth);
    }

    private boolean isCanonical(BlockRef ref) {
        return ref.number() < blocks.size()
                && blocks.get((int) ref.number()).block().hash().equals(ref.hash());
    }

    private ChainHead chainHead() {
        Block head = head().block();
        return new ChainHead(id, head.ref(), head.timestamp(), finalizedBlock().ref());
    }

    /** Why {@code call} from {@code sender} in a block of {@code time} would revert, or null if it would not. */
    private @Nullable Refusal check(Account sender, Call call, Instant time) {
        return switch (call) {
            case LockCall lock -> checkLock(sender, lock.terms(), time);
            case ClaimCall claim -> checkClaim(claim, time);
            case RefundCall refund -> checkRefund(refund, time);
        };
    }

    private @Nullable Refusal checkLock(Account sender, LockTerms terms, Instant time) {
        if (terms.amount().isZero()) {
            return new Refusal(HtlcReason.InvalidAmount, "a lock must lock a positive amount");
        }
        if (terms.receiver().equals(ZERO_ACCOUNT)) {
            return new Refusal(HtlcReason.InvalidReceiver, "receiver " + terms.receiver() + " is the zero account");
        }
        if (terms.timeLock().refundableAt(time)) {
            return new Refusal(
                    HtlcReason.TimelockInPast, "timelock " + terms.timeLock() + " is not after the block time " + time);
        }
        HtlcId lockId = InMemoryProofs.lockId(terms);
        if (ledger.htlc(lockId).isPresent()) {
            return new Refusal(HtlcReason.LockExists, "lock " + lockId + " exists already");
        }
        Amount balance = ledger.balance(sender, terms.asset());
        if (balance.compareTo(terms.amount()) < 0) {
            return new Refusal(
                    HtlcReason.InsufficientFunds,
                    sender + " has " + balance + " " + terms.asset() + ", cannot lock " + terms.amount());
        }
        return null;
    }

    private @Nullable Refusal checkClaim(ClaimCall claim, Instant time) {
        Optional<HtlcRecord> found = ledger.htlc(claim.id());
        if (found.isEmpty()) {
            return new Refusal(HtlcReason.LockNotFound, "no lock " + claim.id());
        }
        HtlcRecord lock = found.get();
        if (lock.status() != HtlcStatus.LOCKED) {
            return new Refusal(HtlcReason.NotLocked, "lock " + claim.id() + " is " + lock.status());
        }
        if (!lock.terms().timeLock().claimableAt(time)) {
            return new Refusal(
                    HtlcReason.Expired,
                    "lock " + claim.id() + " expired at " + lock.terms().timeLock() + ", block time " + time);
        }
        if (!claim.preimage().opens(lock.terms().hashLock())) {
            return new Refusal(
                    HtlcReason.WrongPreimage,
                    "the preimage does not open hashlock " + lock.terms().hashLock());
        }
        return null;
    }

    private @Nullable Refusal checkRefund(RefundCall refund, Instant time) {
        Optional<HtlcRecord> found = ledger.htlc(refund.id());
        if (found.isEmpty()) {
            return new Refusal(HtlcReason.LockNotFound, "no lock " + refund.id());
        }
        HtlcRecord lock = found.get();
        if (lock.status() != HtlcStatus.LOCKED) {
            return new Refusal(HtlcReason.NotLocked, "lock " + refund.id() + " is " + lock.status());
        }
        if (lock.terms().timeLock().claimableAt(time)) {
            return new Refusal(
                    HtlcReason.NotExpired,
                    "lock " + refund.id() + " expires at " + lock.terms().timeLock() + ", block time " + time);
        }
        return null;
    }

    /** Applies a call that {@link #check} accepted; returns its event. */
    private HtlcEvent apply(Account sender, Call call, List<Runnable> undo) {
        switch (call) {
            case LockCall lock -> {
                LockTerms terms = lock.terms();
                HtlcId lockId = InMemoryProofs.lockId(terms);
                ledger.escrowFrom(sender, terms.asset(), terms.amount(), undo);
                ledger.putHtlc(new HtlcRecord(lockId, terms, HtlcStatus.LOCKED, Optional.empty()), undo);
                return new HtlcEvent.Locked(lockId, terms);
            }
            case ClaimCall claim -> {
                HtlcRecord lock = ledger.htlc(claim.id()).orElseThrow();
                ledger.putHtlc(
                        new HtlcRecord(lock.id(), lock.terms(), HtlcStatus.CLAIMED, Optional.of(claim.preimage())),
                        undo);
                ledger.payOut(
                        lock.terms().receiver(),
                        lock.terms().asset(),
                        lock.terms().amount(),
                        undo);
                return new HtlcEvent.Claimed(lock.id(), claim.preimage());
            }
            case RefundCall refund -> {
                HtlcRecord lock = ledger.htlc(refund.id()).orElseThrow();
                ledger.putHtlc(new HtlcRecord(lock.id(), lock.terms(), HtlcStatus.REFUNDED, Optional.empty()), undo);
                ledger.payOut(
                        lock.terms().sender(),
                        lock.terms().asset(),
                        lock.terms().amount(),
                        undo);
                return new HtlcEvent.Refunded(lock.id());
            }
        }
    }

    private Block mineLocked(List<Runnable> completions) {
        now = now.plus(blockTime);
        long number = blocks.size();
        List<PendingTx> included = new ArrayList<>(mempool);
        mempool.clear();
        List<Runnable> undo = new ArrayList<>();
        List<Receipt> receipts = new ArrayList<>();
        List<Map.Entry<TxRef, HtlcEvent>> events = new ArrayList<>();
        for (PendingTx tx : included) {
            @Nullable String failure = tx.failAtInclusion();
            if (failure == null) {
                @Nullable Refusal refusal = check(tx.sender(), tx.call(), now);
                failure = refusal == null ? null : refusal.reason().code();
            }
            if (failure == null) {
                events.add(Map.entry(tx.ref(), apply(tx.sender(), tx.call(), undo)));
            }
            receipts.add(new Receipt(tx.ref(), tx.sender(), Optional.ofNullable(failure)));
        }
        Block block = seal(number, head().block().hash(), now, reorgs, receipts, events);
        blocks.add(new MinedBlock(block, included, undo));
        completeFinalities(completions);
        return block;
    }

    /** Hashes a block and proves its events (see {@link InMemoryProofs}). */
    private Block seal(
            long number,
            Bytes parentHash,
            Instant timestamp,
            long salt,
            List<Receipt> receipts,
            List<Map.Entry<TxRef, HtlcEvent>> events) {
        List<Bytes> receiptHashes = receipts.stream()
                .map(r -> new Canonical()
                        .string(r.tx().id())
                        .string(r.sender().value())
                        .string(r.failure().orElse(""))
                        .sha256())
                .toList();
        Bytes header =
                InMemoryProofs.header(number, id, parentHash, timestamp, salt, InMemoryProofs.root(receiptHashes));
        List<Bytes> leaves = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            leaves.add(InMemoryProofs.leaf(
                    events.get(i).getValue(), id, number, events.get(i).getKey(), i));
        }
        BlockRef ref = new BlockRef(number, InMemoryProofs.blockHash(header, InMemoryProofs.root(leaves)));
        List<VerifiedHtlcEvent> verified = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            verified.add(new VerifiedHtlcEvent(
                    events.get(i).getValue(),
                    new EventOrigin(id, ref, events.get(i).getKey(), i),
                    InMemoryProofs.proof(header, leaves, i)));
        }
        return new Block(number, ref.hash(), parentHash, timestamp, receipts, verified);
    }

    private void completeFinalities(List<Runnable> completions) {
        long finalized = finalizedNumber();
        while (notifiedThrough < finalized) {
            notifiedThrough++;
            Block block = blocks.get((int) notifiedThrough).block();
            for (Receipt receipt : block.receipts()) {
                Finality outcome = receipt.failure()
                        .<Finality>map(reason -> new Finality.Failed(receipt.tx(), block.ref(), reason))
                        .orElseGet(() -> new Finality.Committed(
                                receipt.tx(),
                                block.ref(),
                                block.events().stream()
                                        .filter(e -> e.origin().tx().equals(receipt.tx()))
                                        .toList()));
                CompletableFuture<Finality> finality =
                        finalities.get(receipt.tx().id());
                if (finality != null) {
                    completions.add(() -> finality.complete(outcome));
                }
            }
        }
    }

    private void reorgLocked(int depth, List<Runnable> completions) {
        long headNumber = blocks.size() - 1L;
        if (depth < 1) {
            throw new IllegalArgumentException("reorg depth must be positive, got " + depth);
        }
        if (depth > headNumber) {
            throw new IllegalArgumentException(
                    "a reorg of depth " + depth + " would replace genesis (head is #" + headNumber + ")");
        }
        long firstReplaced = headNumber - depth + 1;
        if (firstReplaced <= finalizedNumber()) {
            throw new IllegalArgumentException("a reorg of depth " + depth + " would replace final block #"
                    + firstReplaced + " (finality depth " + finalityDepth + ", head #" + headNumber + ")");
        }
        List<MinedBlock> removed = new ArrayList<>(blocks.subList((int) firstReplaced, blocks.size()));
        for (int i = removed.size() - 1; i >= 0; i--) {
            List<Runnable> undo = removed.get(i).undo();
            for (int j = undo.size() - 1; j >= 0; j--) {
                undo.get(j).run();
            }
        }
        blocks.subList((int) firstReplaced, blocks.size()).clear();
        List<PendingTx> orphaned =
                removed.stream().flatMap(m -> m.txs().stream()).toList();
        if (reorgPolicy == ReorgPolicy.REQUEUE) {
            for (int i = orphaned.size() - 1; i >= 0; i--) {
                mempool.addFirst(orphaned.get(i));
            }
        } else {
            for (PendingTx tx : orphaned) {
                CompletableFuture<Finality> finality = finalities.get(tx.ref().id());
                if (finality != null) {
                    completions.add(() ->
                            finality.complete(new Finality.Dropped(tx.ref(), "reorged out and dropped by the chain")));
                }
            }
        }
        reorgs++;
        for (MinedBlock old : removed) {
            Block replacement = seal(
                    old.block().number(), head().block().hash(), old.block().timestamp(), reorgs, List.of(), List.of());
            blocks.add(new MinedBlock(replacement, List.of(), List.of()));
        }
    }
}
