/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainAdapterException;
import io.xrelay.adapter.ChainHead;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ChainUnavailableException;
import io.xrelay.adapter.Checkpoint;
import io.xrelay.adapter.ClaimRequest;
import io.xrelay.adapter.EventBatch;
import io.xrelay.adapter.EventOrigin;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcReason;
import io.xrelay.adapter.HtlcRecord;
import io.xrelay.adapter.InclusionProof;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.PreflightCheck;
import io.xrelay.adapter.RefundRequest;
import io.xrelay.adapter.Submitted;
import io.xrelay.adapter.TransactionRejectedException;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerificationFailedException;
import io.xrelay.adapter.VerifiedHtlcEvent;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Fabric adapter: the HTLC chaincode through a Fabric Gateway peer, and HTLC events from blocks it verifies
 * itself from a trusted config block.
 *
 * <p>What it checks before it reports anything: every block from the trust anchor on with a {@link BlockVerifier}
 * (header chain, data hash, orderer signatures under the channel's current configuration); for every endorser
 * transaction of a block, that the gateway peer and a peer of each configured organisation wrote the same
 * validation code into the same block (same header hash), since no signature covers those codes; and for every
 * valid HTLC transaction, that its endorsements satisfy the configured endorsement policy. HTLC events are read from
 * the endorsed chaincode action, never from a peer's event stream, and each carries the block inclusion proof
 * {@value FabricBlocks#PROOF_SCHEME}. Raft has no forks: a verified block is final ({@code finalized == head}).
 *
 * <p>All peer I/O runs on one worker thread of its own, but for {@link #balance(Asset)}, which evaluates on the
 * gateway peer and needs nothing the worker owns: it runs on a reader thread of its own, so a balance read never waits
 * behind block verification or a submission, nor delays the signer's next transaction. Every method returns at once
 * with a stage completed there. {@link #htlc(HtlcId)} evaluates {@code GetLock} on the gateway peer: the peer's word,
 * checked only for consistency (the terms hash to the id); the relay acts on verified events only.
 */
final class FabricAdapter implements ChainAdapter {
    private static final Logger log = LoggerFactory.getLogger(FabricAdapter.class);
    /** Results of processed blocks kept in memory; older ones are fetched and checked again when asked for. */
    private static final int KEEP_RESULTS = 4096;
    /** Transactions whose block is remembered. */
    private static final int KEEP_TX_INDEX = 500_000;
    /** How long a submitted transaction is waited for in verified blocks before the gateway peer is asked. */
    private static final Duration IN_FLIGHT_ASK_GATEWAY_AFTER = Duration.ofSeconds(5);
    /** Header hashes of verified blocks kept; the oldest half is dropped beyond this. */
    private static final int KEEP_HASHES = 1 << 21;

    private final ChainId chain;
    private final FabricConfig config;
    private final SignaturePolicy policy;
    private final Account signer;
    private final Clock clock;
    private final FabricPeers peers;
    private final Checkpoint anchor;
    private final ChannelTrust anchorTrust;
    private final Optional<TrustStore> store;
    private final ScheduledExecutorService worker;
    /** Endorses and submits the signer's transactions, so the worker follows the chain meanwhile. */
    private final ExecutorService submitter;

    private final ExecutorService reader;

    // ---- owned by the worker thread ----
    private @Nullable BlockVerifier verifier;
    /**
     * The channel configurations seen since following started, by the number of the config block that brought
     * each: the configuration in force at block n is the entry at or below n.
     */
    private final TreeMap<Long, ChannelConfig> configs = new TreeMap<>();
    /** Header hashes of the verified blocks {@code hashesBase, hashesBase + 1, ...}. */
    private final ArrayList<Bytes> hashes = new ArrayList<>();

    private long hashesBase;
    /** The previous hash of block {@code hashesBase}, once fetched: following the chain back starts there. */
    private @Nullable Bytes basePreviousHash;
    /** Verified blocks whose transactions are not yet checked with the confirming peers. */
    private final ArrayDeque<VerifiedBlock> unprocessed = new ArrayDeque<>();
    /** Whether the unprocessed blocks are to be fetched again before they are processed (a try failed). */
    private boolean refreshUnprocessed;
    /** The newest block verified and processed: the head. */
    private long processedTip = -1;

    private Instant headTime = Instant.EPOCH;
    private final Map<Long, BlockResult> results = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, BlockResult> eldest) {
            return size() > KEEP_RESULTS;
        }
    };
    private final Map<String, Long> txIndex = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > KEEP_TX_INDEX;
        }
    };
    private final Map<String, Waiter> waiters = new LinkedHashMap<>();
    private @Nullable ScheduledFuture<?> poller;
    /** Submissions waiting for the signer's transaction in flight to be settled. */
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    /** The signer's last submitted transaction while it is in no processed block yet, and since when. */
    private @Nullable String inFlight;
    /** Whether the submitter is endorsing or submitting a transaction of the signer's (none is in flight yet). */
    private boolean submitting;

    private Instant inFlightSince = Instant.EPOCH;
    private volatile boolean closed;

    /** What one processed block holds for the adapter's callers. */
    private record BlockResult(
            BlockRef block, List<VerifiedHtlcEvent> events, Map<String, Finality> outcomes, Instant newestTime) {}

    /** A lock, claim or refund: what it is (for messages), its chaincode function and arguments, a lock's id. */
    private record Operation(String what, String function, List<String> arguments, @Nullable HtlcId lockId) {}

    /** An operation waiting its turn, and its caller. */
    private record Queued(Operation op, CompletableFuture<Submitted> result) {}

    /** Whether the chaincode has {@code Batch}; false once it said it has not. */
    private boolean batching = true;

    /** A caller awaiting the outcome of a transaction. */
    private static final class Waiter {
        final CompletableFuture<Finality> result = new CompletableFuture<>();
        final Instant since;
        boolean askedGateway;

        Waiter(Instant since) {
            this.since = since;
        }
    }

    FabricAdapter(ChainId chain, FabricConfig config) {
        this(chain, config, UnaryOperator.identity(), Clock.systemUTC());
    }

    /**
     * @param blockSources applied to every block source (gateway and confirming peers): the seam through which a test
     *     makes a peer lie
     */
    FabricAdapter(ChainId chain, FabricConfig config, UnaryOperator<BlockSource> blockSources, Clock clock) {
        this.chain = chain;
        this.config = config;
        this.clock = clock;
        this.policy = config.policy();
        try {
            this.signer =
                    FabricAccounts.of(config.signer().mspId(), config.signer().certificate());
        } catch (IllegalArgumentException e) {
            throw new io.xrelay.adapter.AdapterConfigException(
                    chain, "signer.certificate-file", e.getMessage() == null ? "unusable" : e.getMessage(), e);
        }
        Block anchorBlock = config.trustAnchor();
        try {
            this.anchorTrust = ChannelTrust.fromConfigBlock(anchorBlock);
        } catch (VerificationFailedException e) {
            throw new io.xrelay.adapter.AdapterConfigException(
                    chain,
                    "trust-anchor.config-block-file",
                    config.trustAnchorFile() + " is not a usable config block: " + e.reason(),
                    e);
        }
        this.anchor = new Checkpoint(
                chain,
                new BlockRef(
                        anchorBlock.getHeader().getNumber(),
                        Bytes.wrap(FabricBlocks.headerHash(anchorBlock.getHeader()))));
        this.store = config.stateDir().map(dir -> new TrustStore(chain, dir, config.channel()));
        this.peers = new FabricPeers(chain, config, blockSources);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xrelay-fabric-" + chain);
            t.setDaemon(true);
            return t;
        });
        this.submitter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "xrelay-fabric-submit-" + chain);
            t.setDaemon(true);
            return t;
        });
        this.reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "xrelay-fabric-reads-" + chain);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public ChainId chainId() {
        return chain;
    }

    @Override
    public Account signer() {
        return signer;
    }

    @Override
    public Checkpoint trustAnchor() {
        return anchor;
    }

    @Override
    public CompletionStage<ChainHead> head() {
        return onWorker("head", () -> {
            sync();
            return headNow();
        });
    }

    @Override
    public CompletionStage<Submitted> lock(LockRequest r) {
        if (!FabricAccounts.isAccount(r.receiver().value())) {
            return CompletableFuture.failedFuture(new TransactionRejectedException(
                    chain,
                    null,
                    HtlcReason.InvalidReceiver.code(),
                    "receiver \"" + r.receiver() + "\" is not an account <MSPID>:<64 lower case hex digits>",
                    null));
        }
        LockTerms terms = r.terms(signer);
        HtlcId id = HtlcChaincode.lockId(config.channel(), terms);
        return submission(new Operation("lock " + id, HtlcChaincode.LOCK, HtlcChaincode.lockArguments(r), id));
    }

    @Override
    public CompletionStage<Submitted> claim(ClaimRequest r) {
        return submission(new Operation(
                "claim " + r.id(), HtlcChaincode.CLAIM, HtlcChaincode.claimArguments(r.id(), r.preimage()), null));
    }

    @Override
    public CompletionStage<Submitted> refund(RefundRequest r) {
        return submission(new Operation("refund " + r.id(), HtlcChaincode.REFUND, List.of(r.id().value()), null));
    }

    @Override
    public HtlcId lockId(LockTerms terms) {
        return HtlcChaincode.lockId(config.channel(), terms);
    }

    @Override
    public Optional<String> accountProblem(Account account) {
        return FabricAccounts.isAccount(account.value())
                ? Optional.empty()
                : Optional.of("account \"" + account + "\" is not a Fabric account <MSPID>:<64 lower case hex digits>");
    }

    @Override
    public CompletionStage<Amount> balance(Asset asset) {
        if (!HtlcChaincode.ASSET_ID.matcher(asset.id()).matches()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "asset \"" + asset + "\" is not a chaincode asset id of 1-64 letters, digits, '.', '_' or '-'"));
        }
        return on(reader, "balance of " + asset, () -> {
            byte[] answer;
            try {
                answer = peers.htlc().evaluateTransaction(HtlcChaincode.BALANCE, asset.id(), signer.value());
            } catch (GatewayException e) {
                throw rethrow(GatewayErrors.translate(chain, "balance of " + asset, null, e));
            }
            String text = new String(answer, StandardCharsets.UTF_8);
            try {
                return Amount.of(new BigInteger(text));
            } catch (IllegalArgumentException e) {
                throw new VerificationFailedException(
                        chain, "the gateway peer's balance of " + asset + " is not an amount: \"" + text + '"', e);
            }
        });
    }

    @Override
    public CompletionStage<Optional<HtlcRecord>> htlc(HtlcId id) {
        return onWorker("htlc", () -> {
            if (!HtlcChaincode.LOCK_ID.matcher(id.value()).matches()) {
                return Optional.empty(); // no lock can have an id of another form
            }
            byte[] answer;
            try {
                answer = peers.htlc().evaluateTransaction(HtlcChaincode.GET_LOCK, id.value());
            } catch (GatewayException e) {
                Throwable t = GatewayErrors.translate(chain, "htlc " + id, null, e);
                if (t instanceof TransactionRejectedException rejected
                        && rejected.reasonCode().equals(HtlcReason.LockNotFound.code())) {
                    return Optional.empty();
                }
                throw rethrow(t);
            }
            HtlcJson.Lock lock;
            HtlcRecord record;
            try {
                lock = HtlcJson.lock(answer);
                record = lock.record();
            } catch (IllegalArgumentException e) {
                throw new VerificationFailedException(
                        chain, "the gateway peer's lock " + id + " is malformed: " + e.getMessage(), e);
            }
            if (!lock.id().equals(id)
                    || !HtlcChaincode.lockId(config.channel(), lock.terms()).equals(id)) {
                throw new VerificationFailedException(
                        chain,
                        "the gateway peer answered lock " + id + " with lock " + lock.id() + " whose terms hash to "
                                + HtlcChaincode.lockId(config.channel(), lock.terms()));
            }
            return Optional.of(record);
        });
    }

    @Override
    public CompletionStage<Finality> awaitFinality(TxRef tx) {
        if (!tx.chain().equals(chain)) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("transaction " + tx + " is not on chain " + chain));
        }
        CompletableFuture<Finality> result = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                try {
                    register(tx, result);
                } catch (Throwable t) {
                    result.completeExceptionally(ours(GatewayErrors.translate(chain, "finality of " + tx, tx, t)));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ChainUnavailableException(chain, "adapter closed", e));
        }
        return result;
    }

    @Override
    public CompletionStage<EventBatch> events(Checkpoint after, int max) {
        if (max <= 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("max must be positive, got " + max));
        }
        if (!after.chain().equals(chain)) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("checkpoint " + after + " is not of chain " + chain));
        }
        return onWorker("events", () -> pullEvents(after, max));
    }

    /**
     * The oldest block whose verified hash this adapter holds: the trust anchor, or the persisted checkpoint it
     * resumed from, or older once it followed the chain back to an older checkpoint. For tests.
     */
    CompletionStage<Long> verifiedSince() {
        return onWorker("verifiedSince", () -> {
            verifier();
            return hashesBase;
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            worker.execute(() -> {
                ChainUnavailableException e = new ChainUnavailableException(chain, "adapter closed", null);
                waiters.values().forEach(w -> w.result.completeExceptionally(e));
                waiters.clear();
                queue.forEach(q -> q.result().completeExceptionally(e));
                queue.clear();
            });
        } catch (RejectedExecutionException e) {
            // already shut down
        }
        List<ExecutorService> threads = List.of(worker, submitter, reader);
        threads.forEach(ExecutorService::shutdown);
        try {
            for (ExecutorService thread : threads) {
                if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                    thread.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            threads.forEach(ExecutorService::shutdownNow);
        }
        peers.close();
    }

    @Override
    public String toString() {
        return "fabric adapter " + chain + " (" + signer + " on " + config.channel() + "/" + config.chaincode()
                + " via " + config.gateway() + ")";
    }

    // ---- transactions -----------------------------------------------------------------------------------------

    /**
     * Runs a lock, claim or refund once the signer has no transaction in flight: every one of them writes the
     * signer's or the lock's state, and two transactions endorsed against the same state before either is committed
     * would leave the later one invalid (MVCC_READ_CONFLICT). So the adapter, the signer's only client, submits one
     * transaction at a time and the next once the previous is in a processed block, failed, or gone. The operations
     * that arrive meanwhile go together in the next one, up to {@code max-batch} of them (see {@link #drain()}).
     */
    private CompletionStage<Submitted> submission(Operation op) {
        if (closed) {
            return CompletableFuture.failedFuture(new ChainUnavailableException(chain, "adapter closed", null));
        }
        CompletableFuture<Submitted> result = new CompletableFuture<>();
        try {
            worker.execute(() -> {
                queue.addLast(new Queued(op, result));
                drain();
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ChainUnavailableException(chain, "adapter closed", e));
        }
        return result;
    }

    /**
     * Submits queued operations while none of the signer's transactions is in flight: one alone as its own function,
     * several (up to {@code max-batch}) as one {@code Batch} transaction, in which the chaincode runs each as it would
     * alone, against the state the ones before it left, and refuses each on its own. Each operation's caller gets the
     * transaction, or the chaincode's refusal of that operation. Endorsing and submitting run on the submitter thread
     * while the worker goes on following the chain; the transaction is in flight once the submitter hands it back.
     */
    private void drain() {
        if (inFlight != null || submitting || queue.isEmpty()) {
            return;
        }
        int size = batching ? Math.min(queue.size(), config.maxBatch()) : 1;
        List<Queued> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(queue.removeFirst());
        }
        submitting = true;
        try {
            submitter.execute(() -> {
                Optional<Submitted> s = Optional.empty();
                boolean noBatchFunction = false;
                try {
                    s = batch.size() == 1 ? Optional.of(submitAlone(batch.getFirst())) : submitBatch(batch);
                } catch (NoBatchFunction e) {
                    noBatchFunction = true;
                } catch (Throwable t) {
                    for (Queued q : batch) {
                        q.result().completeExceptionally(ours(GatewayErrors.translate(chain, q.op().what(), null, t)));
                    }
                }
                Optional<Submitted> sent = s;
                boolean again = noBatchFunction;
                try {
                    worker.execute(() -> submitted(batch, sent, again));
                } catch (RejectedExecutionException e) {
                    // closed meanwhile: every caller of the batch has its answer, or gets "adapter closed" below
                    if (again) {
                        closedWhileSubmitting(batch);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            submitting = false;
            closedWhileSubmitting(batch);
        }
    }

    /** Back on the worker once the submitter is done with {@code batch}: the signer's transaction is in flight. */
    private void submitted(List<Queued> batch, Optional<Submitted> s, boolean noBatchFunction) {
        submitting = false;
        if (noBatchFunction) {
            log.warn(
                    "{}: chaincode {} has no Batch function; sending operations one at a time",
                    chain,
                    config.chaincode());
            batching = false;
            for (Queued q : batch.reversed()) {
                queue.addFirst(q);
            }
        }
        if (s.isPresent()) {
            inFlight = s.get().tx().id();
            inFlightSince = clock.instant();
            ensurePolling();
        }
        drain();
    }

    private void closedWhileSubmitting(List<Queued> batch) {
        ChainUnavailableException e = new ChainUnavailableException(chain, "adapter closed", null);
        batch.forEach(q -> q.result().completeExceptionally(e));
    }

    /** The chaincode has no {@code Batch} function (an older one): nothing was submitted. */
    private static final class NoBatchFunction extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoBatchFunction() {
            super(null, null, false, false);
        }
    }

    /** Endorses and submits one operation as its own function; completes its caller. */
    private Submitted submitAlone(Queued q) {
        Operation op = q.op();
        Transaction endorsed = endorse(op.what(), op.function(), op.arguments());
        HtlcId id = op.lockId();
        if (id != null) {
            String answered = new String(endorsed.getResult(), StandardCharsets.UTF_8);
            if (!answered.equals(id.value())) {
                throw new VerificationFailedException(
                        chain,
                        "the chaincode's lock id " + abbreviate(answered) + " for transaction "
                                + endorsed.getTransactionId() + " is not the lock id of its terms, " + id
                                + "; not submitted");
            }
        }
        Submitted s = submit(op.what(), endorsed);
        q.result().complete(s);
        return s;
    }

    /**
     * Endorses {@code batch} as one {@code Batch} transaction and submits it if the chaincode did at least one of its
     * operations; completes every caller: the refused ones with the chaincode's refusal, the others with the
     * transaction. Empty when the chaincode refused them all (nothing was submitted). A chaincode without
     * {@code Batch} (an older one) gets the operations one by one from then on.
     */
    private Optional<Submitted> submitBatch(List<Queued> batch) {
        List<String> arguments = new ArrayList<>();
        for (Queued q : batch) {
            arguments.add(q.op().function());
            arguments.addAll(q.op().arguments());
        }
        String what = "batch of " + batch.size() + " (" + batch.getFirst().op().what() + ", ...)";
        Transaction endorsed;
        try {
            endorsed = endorse(what, HtlcChaincode.BATCH, arguments);
        } catch (TransactionRejectedException e) {
            if (e.getMessage() != null && e.getMessage().contains("unknown function \"" + HtlcChaincode.BATCH + "\"")) {
                throw new NoBatchFunction();
            }
            throw e;
        }
        List<HtlcJson.BatchResult> results;
        try {
            results = HtlcJson.batchResults(endorsed.getResult(), batch.size());
        } catch (IllegalArgumentException e) {
            throw new VerificationFailedException(
                    chain,
                    "the chaincode's answer to " + what + " in transaction " + endorsed.getTransactionId()
                            + " is not a Batch answer: " + e.getMessage() + "; not submitted");
        }
        boolean any = false;
        for (int i = 0; i < batch.size(); i++) {
            HtlcId id = batch.get(i).op().lockId();
            if (results.get(i) instanceof HtlcJson.BatchResult.Done done) {
                any = true;
                if (id != null && !done.value().equals(id.value())) {
                    throw new VerificationFailedException(
                            chain,
                            "the chaincode's lock id " + abbreviate(done.value()) + " for operation " + i + " of "
                                    + "transaction " + endorsed.getTransactionId() + " is not the lock id of its "
                                    + "terms, " + id + "; not submitted");
                }
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            if (results.get(i) instanceof HtlcJson.BatchResult.Refused refused) {
                Queued q = batch.get(i);
                GatewayErrors.ChaincodeRefusal r = GatewayErrors.chaincodeRefusal(refused.message());
                q.result()
                        .completeExceptionally(new TransactionRejectedException(
                                chain, null, r.code(), q.op().what() + ": " + r.text(), null));
            }
        }
        if (!any) {
            return Optional.empty();
        }
        Submitted s;
        try {
            s = submit(what, endorsed);
        } catch (RuntimeException e) {
            for (int i = 0; i < batch.size(); i++) {
                if (results.get(i) instanceof HtlcJson.BatchResult.Done) {
                    Queued q = batch.get(i);
                    q.result().completeExceptionally(ours(GatewayErrors.translate(chain, q.op().what(), null, e)));
                }
            }
            return Optional.empty();
        }
        for (int i = 0; i < batch.size(); i++) {
            if (results.get(i) instanceof HtlcJson.BatchResult.Done) {
                batch.get(i).result().complete(s);
            }
        }
        log.debug("{}: {} operations in {}", chain, batch.size(), s.tx().id());
        return Optional.of(s);
    }

    /**
     * Whether the transaction in flight is settled: in a processed block; or, when that takes long (e.g. while blocks
     * fail verification), in a block by the gateway peer's word (only the pacing of submissions relies on it); or
     * unknown after {@code dropped-after}.
     */
    private void settleInFlight() {
        String txId = inFlight;
        if (txId == null) {
            return;
        }
        boolean settled = txIndex.containsKey(txId);
        Duration waited = Duration.between(inFlightSince, clock.instant());
        if (!settled && waited.compareTo(IN_FLIGHT_ASK_GATEWAY_AFTER) > 0) {
            try {
                settled = peers.blockOfTransaction(txId).isPresent();
            } catch (ChainAdapterException e) {
                log.debug("{}: cannot ask the gateway peer about {}: {}", chain, txId, e.getMessage());
            }
        }
        if (!settled && waited.compareTo(config.droppedAfter()) > 0) {
            log.warn("{}: transaction {} in no block after {}; submitting the next one", chain, txId, waited);
            settled = true;
        }
        if (settled) {
            inFlight = null;
            drain();
        }
    }

    private Transaction endorse(String what, String function, List<String> arguments) {
        Proposal proposal = peers.htlc()
                .newProposal(function)
                .addArguments(arguments.toArray(String[]::new))
                .build();
        try {
            return proposal.endorse();
        } catch (EndorseException e) {
            throw rethrow(GatewayErrors.translate(chain, what, new TxRef(chain, proposal.getTransactionId()), e));
        }
    }

    private Submitted submit(String what, Transaction endorsed) {
        TxRef tx = new TxRef(chain, endorsed.getTransactionId());
        try {
            var unused = endorsed.submitAsync();
        } catch (SubmitException e) {
            throw rethrow(GatewayErrors.translate(chain, what, tx, e));
        }
        log.debug("{}: {} submitted as {}", chain, what, tx.id());
        return new Submitted(tx);
    }

    // ---- following the chain ----------------------------------------------------------------------------------

    /** Starts following from the persisted trust, if there is one past the anchor, else from the anchor. */
    private BlockVerifier verifier() {
        BlockVerifier v = verifier;
        if (v != null) {
            return v;
        }
        Optional<ChannelTrust> persisted = store.flatMap(TrustStore::load);
        ChannelTrust trust;
        if (persisted.isPresent() && persisted.get().number() >= anchor.block().number()) {
            trust = persisted.get();
            log.info("{}: resuming from verified block #{} ({})", chain, trust.number(), store.orElseThrow());
        } else {
            trust = anchorTrust;
        }
        return startFrom(trust);
    }

    private BlockVerifier startFrom(ChannelTrust trust) {
        BlockVerifier v = new BlockVerifier(trust);
        verifier = v;
        hashes.clear();
        hashes.add(Bytes.of(trust.headerHash()));
        hashesBase = trust.number();
        basePreviousHash = null;
        unprocessed.clear();
        refreshUnprocessed = false;
        processedTip = trust.number();
        results.clear();
        txIndex.clear();
        configs.clear();
        configs.put(trust.config().blockNumber(), trust.config());
        return v;
    }

    /** Verifies and processes the blocks the gateway peer has beyond the head, at most a pull's worth. */
    private void sync() {
        BlockVerifier v = verifier();
        long newest = peers.height() - 1;
        long verifiedTip = hashesBase + hashes.size() - 1;
        if (newest > verifiedTip) {
            long to = Math.min(newest, verifiedTip + config.maxBlocksPerPull());
            BlockSource source = peers.gatewayBlocks();
            List<Block> blocks = source.blocks(verifiedTip + 1, to);
            long expected = verifiedTip + 1;
            for (Block b : blocks) {
                if (b.getHeader().getNumber() != expected) {
                    throw new VerificationFailedException(
                            chain,
                            "asked " + source.name() + " for block " + expected + ", it sent block "
                                    + b.getHeader().getNumber());
                }
                VerifiedBlock vb = v.verify(b);
                if (vb.configBlock()) {
                    configs.put(vb.number(), v.trust().config());
                }
                addHash(vb.number(), Bytes.of(vb.headerHash()));
                unprocessed.addLast(vb);
                expected++;
            }
        }
        processUnprocessed();
        persist(v);
    }

    private void addHash(long number, Bytes hash) {
        if (number != hashesBase + hashes.size()) {
            throw new IllegalStateException(
                    "verified block " + number + " does not follow " + (hashesBase + hashes.size() - 1));
        }
        hashes.add(hash);
        if (hashes.size() > KEEP_HASHES) {
            int drop = hashes.size() / 2;
            hashes.subList(0, drop).clear();
            hashesBase += drop;
            basePreviousHash = null;
        }
    }

    private Bytes hashAt(long number) {
        if (number < hashesBase || number >= hashesBase + hashes.size()) {
            throw new IllegalStateException("no verified hash of block " + number);
        }
        return hashes.get((int) (number - hashesBase));
    }

    private BlockRef ref(long number) {
        return new BlockRef(number, hashAt(number));
    }

    private void persist(BlockVerifier v) {
        if (store.isEmpty() || !unprocessed.isEmpty()) {
            return;
        }
        try {
            store.get().save(v.trust());
        } catch (RuntimeException e) {
            log.warn("{}: cannot persist the verified checkpoint: {}", chain, e.getMessage());
        }
    }

    /**
     * Processes the verified blocks not yet processed, with one range of blocks fetched per confirming peer. When
     * that fails, the next attempt fetches the blocks from the gateway peer again: the validation codes it wrote are
     * covered by no signature, so they may be the wrong ones, and the headers already verified must not change.
     */
    private void processUnprocessed() {
        if (unprocessed.isEmpty()) {
            return;
        }
        if (refreshUnprocessed) {
            refreshUnprocessed();
        }
        List<VerifiedBlock> batch = List.copyOf(unprocessed);
        refreshUnprocessed = true;
        List<Long> needed = batch.stream()
                .filter(vb -> hasEndorserTransactions(vb.block()))
                .map(VerifiedBlock::number)
                .toList();
        Map<BlockSource, Map<Long, Block>> confirmations = confirmations(needed);
        for (VerifiedBlock vb : batch) {
            Map<BlockSource, Block> theirs = new HashMap<>();
            for (Map.Entry<BlockSource, Map<Long, Block>> e : confirmations.entrySet()) {
                Block b = e.getValue().get(vb.number());
                if (b != null) {
                    theirs.put(e.getKey(), b);
                }
            }
            record(process(vb, theirs));
            unprocessed.removeFirst();
            processedTip = vb.number();
        }
        refreshUnprocessed = false;
    }

    /** Replaces the unprocessed blocks with the gateway peer's blocks of the same header hashes, served again. */
    private void refreshUnprocessed() {
        List<VerifiedBlock> stale = List.copyOf(unprocessed);
        long from = stale.get(0).number();
        long to = stale.get(stale.size() - 1).number();
        BlockSource source = peers.gatewayBlocks();
        List<Block> again = source.blocks(from, to);
        if (again.size() != stale.size()) {
            throw new ChainUnavailableException(
                    chain, source.name() + " sent " + again.size() + " of blocks " + from + ".." + to, null);
        }
        List<VerifiedBlock> fresh = new ArrayList<>();
        for (int i = 0; i < stale.size(); i++) {
            VerifiedBlock old = stale.get(i);
            Block b = again.get(i);
            byte[] hash = FabricBlocks.headerHash(b.getHeader());
            if (b.getHeader().getNumber() != old.number() || !Arrays.equals(hash, old.headerHash())) {
                throw new VerificationFailedException(
                        chain,
                        "block " + old.number() + ": " + source.name() + " now serves a block with header hash "
                                + Bytes.wrap(hash) + ", the verified block's is " + Bytes.of(old.headerHash()));
            }
            if (!Arrays.equals(
                    FabricBlocks.dataHash(b.getData().getDataList()),
                    b.getHeader().getDataHash().toByteArray())) {
                throw new VerificationFailedException(
                        chain,
                        "block " + old.number() + " from " + source.name()
                                + ": its data does not hash to its data hash");
            }
            fresh.add(new VerifiedBlock(old.number(), hash, b, old.configBlock(), old.config()));
        }
        unprocessed.clear();
        unprocessed.addAll(fresh);
        refreshUnprocessed = false;
    }

    /** The blocks {@code numbers} (ascending) as each confirming peer serves them. */
    private Map<BlockSource, Map<Long, Block>> confirmations(List<Long> numbers) {
        Map<BlockSource, Map<Long, Block>> out = new LinkedHashMap<>();
        if (numbers.isEmpty()) {
            return out;
        }
        long from = numbers.get(0);
        long to = numbers.get(numbers.size() - 1);
        for (BlockSource s : peers.confirmingBlocks()) {
            Map<Long, Block> blocks = new HashMap<>();
            long n = from;
            for (Block b : s.blocks(from, to)) {
                if (b.getHeader().getNumber() != n) {
                    throw new VerificationFailedException(
                            chain,
                            "asked " + s.name() + " for block " + n + ", it sent block "
                                    + b.getHeader().getNumber());
                }
                if (numbers.contains(n)) {
                    blocks.put(n, b);
                }
                n++;
            }
            out.put(s, blocks);
        }
        return out;
    }

    private static boolean hasEndorserTransactions(Block block) {
        return FabricBlocks.transactions(block).stream().anyMatch(FabricBlocks.TxSummary::isEndorserTransaction);
    }

    private void record(BlockResult r) {
        results.put(r.block().number(), r);
        for (String txId : r.outcomes().keySet()) {
            txIndex.putIfAbsent(txId, r.block().number());
        }
        if (r.newestTime().isAfter(headTime)) {
            headTime = r.newestTime();
        }
    }

    /**
     * The events and transaction outcomes of a verified block. Every endorser transaction's validation code must be
     * the same in the block of each confirming peer ({@code theirs}) as in the served block; every valid HTLC
     * transaction must be endorsed as the policy requires.
     */
    private BlockResult process(VerifiedBlock vb, Map<BlockSource, Block> theirs) {
        long n = vb.number();
        BlockRef block = new BlockRef(n, Bytes.of(vb.headerHash()));
        List<FabricBlocks.TxSummary> txs = FabricBlocks.transactions(vb.block());
        List<FabricBlocks.TxSummary> endorser = txs.stream()
                .filter(FabricBlocks.TxSummary::isEndorserTransaction)
                .toList();
        if (!endorser.isEmpty()) {
            for (BlockSource s : peers.confirmingBlocks()) {
                Block other = theirs.get(s);
                if (other == null) {
                    throw new IllegalStateException("block " + n + " of " + s.name() + " was not fetched");
                }
                confirm(vb, endorser, s, other);
            }
        }
        Instant newest = Instant.EPOCH;
        for (FabricBlocks.TxSummary tx : txs) {
            if (tx.timestamp().isAfter(newest)) {
                newest = tx.timestamp();
            }
        }
        List<VerifiedHtlcEvent> events = new ArrayList<>();
        Map<String, Finality> outcomes = new LinkedHashMap<>();
        List<Bytes> proofNodes = List.of();
        for (FabricBlocks.TxSummary tx : endorser) {
            TxRef ref = new TxRef(chain, tx.txId().isEmpty() ? "(no id)" : tx.txId());
            int code = vb.validationCode(tx.index());
            if (code != TxValidationCode.VALID_VALUE) {
                String reason = FabricBlocks.codeName(code)
                        + tx.responseMessage().map(m -> ": " + m).orElse("");
                outcomes.putIfAbsent(ref.id(), new Finality.Failed(ref, block, reason));
                continue;
            }
            List<VerifiedHtlcEvent> ofTx = List.of();
            if (tx.chaincode().filter(config.chaincode()::equals).isPresent()) {
                EndorsedAction action = vb.endorsedAction(tx.index(), config.chaincode(), policy);
                if (proofNodes.isEmpty()) {
                    proofNodes = FabricBlocks.proofNodes(vb.block());
                }
                ofTx = htlcEvents(proofNodes, block, ref, action);
                events.addAll(ofTx);
            }
            outcomes.putIfAbsent(ref.id(), new Finality.Committed(ref, block, ofTx));
        }
        return new BlockResult(block, List.copyOf(events), Map.copyOf(outcomes), newest);
    }

    /** Checks that {@code other}, block {@code vb.number()} of peer {@code s}, is the same block with the same codes. */
    private void confirm(VerifiedBlock vb, List<FabricBlocks.TxSummary> endorser, BlockSource s, Block other) {
        long n = vb.number();
        byte[] theirHash = FabricBlocks.headerHash(other.getHeader());
        if (!Arrays.equals(theirHash, vb.headerHash())) {
            throw new VerificationFailedException(
                    chain,
                    "block " + n + ": " + s.name() + " serves a block with header hash " + Bytes.wrap(theirHash)
                            + ", the verified block's is " + Bytes.of(vb.headerHash()));
        }
        for (FabricBlocks.TxSummary tx : endorser) {
            int ours = vb.validationCode(tx.index());
            int theirs = FabricBlocks.validationCode(other, tx.index());
            if (ours != theirs) {
                throw new VerificationFailedException(
                        chain,
                        "block " + n + " transaction " + tx.index() + " (" + tx.txId() + "): "
                                + peers.gatewayBlocks().name() + " reports " + FabricBlocks.codeName(ours)
                                + " but " + s.name() + " reports " + FabricBlocks.codeName(theirs));
            }
        }
    }

    /**
     * The HTLC events of an endorsed HTLC transaction, with its proof: none, its chaincode event's, or, for a
     * {@code Batch}, each of its elements'. A {@code Locked} event whose id is not its terms' is left out.
     */
    private List<VerifiedHtlcEvent> htlcEvents(
            List<Bytes> proofNodes, BlockRef block, TxRef tx, EndorsedAction action) {
        if (action.event().isEmpty()) {
            return List.of();
        }
        ChaincodeEventData data = action.event().get();
        List<HtlcEvent> events;
        try {
            events = HtlcJson.events(data.name(), data.payload());
        } catch (IllegalArgumentException e) {
            // Endorsed and valid, but not an event the relay can act on (e.g. a destination chain that is not a
            // chain id): the sender refunds such a lock after its timelock.
            log.warn(
                    "{}: block #{} transaction {} ({}): the {} event is not usable: {}",
                    chain,
                    block.number(),
                    action.index(),
                    tx.id(),
                    data.name(),
                    e.getMessage());
            return List.of();
        }
        if (events.isEmpty()) {
            return List.of();
        }
        InclusionProof proof = FabricBlocks.prove(proofNodes, action.index());
        FabricBlocks.verifyProof(proof, block.hash());
        List<VerifiedHtlcEvent> verified = new ArrayList<>(events.size());
        for (HtlcEvent event : events) {
            if (event instanceof HtlcEvent.Locked locked) {
                HtlcId computed = HtlcChaincode.lockId(config.channel(), locked.terms());
                if (!computed.equals(locked.id())) {
                    log.error(
                            "{}: block #{} transaction {} ({}): the Locked event names lock {} but its terms hash to"
                                    + " {}; not reported",
                            chain,
                            block.number(),
                            action.index(),
                            tx.id(),
                            locked.id(),
                            computed);
                    continue;
                }
            }
            verified.add(new VerifiedHtlcEvent(event, new EventOrigin(chain, block, tx, action.index()), proof));
        }
        return List.copyOf(verified);
    }

    /**
     * The result of processed block {@code number}: kept, or the block fetched again, checked to be the verified one
     * (header hash, data hash) and processed again.
     */
    private BlockResult result(long number) {
        BlockResult kept = results.get(number);
        if (kept != null) {
            return kept;
        }
        refetch(number, number);
        BlockResult r = results.get(number);
        if (r == null) {
            throw new IllegalStateException("block " + number + " was processed but its result is not kept");
        }
        return r;
    }

    /**
     * Fetches blocks {@code from..to} (processed before, their results no longer kept) again in one range from the
     * gateway peer and from each confirming peer, checks each against its verified header hash and its data hash,
     * and processes it again. Blocks whose results are kept are skipped.
     */
    private void refetch(long from, long to) {
        if (to > processedTip) {
            throw new IllegalStateException("block " + to + " is above the head " + processedTip);
        }
        long first = from;
        while (first <= to && results.containsKey(first)) {
            first++;
        }
        if (first > to) {
            return;
        }
        if (first < hashesBase) {
            extendBackTo(first);
        }
        BlockSource source = peers.gatewayBlocks();
        List<VerifiedBlock> blocks = new ArrayList<>();
        long n = first;
        for (Block b : source.blocks(first, to)) {
            if (b.getHeader().getNumber() != n) {
                throw new VerificationFailedException(
                        chain,
                        "asked " + source.name() + " for block " + n + ", it sent block "
                                + b.getHeader().getNumber());
            }
            byte[] hash = FabricBlocks.headerHash(b.getHeader());
            if (!Bytes.wrap(hash).equals(hashAt(n))) {
                throw new VerificationFailedException(
                        chain,
                        "block " + n + ": " + source.name() + " serves a block with header hash " + Bytes.wrap(hash)
                                + ", the verified block's is " + hashAt(n));
            }
            if (!Arrays.equals(
                    FabricBlocks.dataHash(b.getData().getDataList()),
                    b.getHeader().getDataHash().toByteArray())) {
                throw new VerificationFailedException(
                        chain, "block " + n + " from " + source.name() + ": its data does not hash to its data hash");
            }
            blocks.add(new VerifiedBlock(n, hash, b, BlockVerifier.isConfigBlock(b), configAt(n)));
            n++;
        }
        List<Long> needed = blocks.stream()
                .filter(vb -> hasEndorserTransactions(vb.block()))
                .map(VerifiedBlock::number)
                .toList();
        Map<BlockSource, Map<Long, Block>> confirmations = confirmations(needed);
        for (VerifiedBlock vb : blocks) {
            Map<BlockSource, Block> theirs = new HashMap<>();
            for (Map.Entry<BlockSource, Map<Long, Block>> e : confirmations.entrySet()) {
                Block b = e.getValue().get(vb.number());
                if (b != null) {
                    theirs.put(e.getKey(), b);
                }
            }
            record(process(vb, theirs));
        }
    }

    /**
     * The channel configuration a block's identities are checked under: the one in force at that block. A block
     * older than every configuration seen since following started (reached back by the header chain after a
     * restart) gets the oldest one seen, which is wrong only if a config block lies between the two.
     */
    private ChannelConfig configAt(long number) {
        Map.Entry<Long, ChannelConfig> e = configs.floorEntry(number);
        return e != null ? e.getValue() : configs.firstEntry().getValue();
    }

    private Block single(BlockSource source, long number) {
        List<Block> blocks = source.blocks(number, number);
        if (blocks.size() != 1 || blocks.get(0).getHeader().getNumber() != number) {
            throw new VerificationFailedException(
                    chain,
                    "asked " + source.name() + " for block " + number + ", it sent "
                            + (blocks.isEmpty()
                                    ? "nothing"
                                    : "block " + blocks.get(0).getHeader().getNumber()));
        }
        return blocks.get(0);
    }

    /**
     * Extends the verified hashes back to block {@code number} by the header chain: each older header must hash to
     * the previous hash its successor names, starting at the oldest verified block.
     */
    private void extendBackTo(long number) {
        BlockSource source = peers.gatewayBlocks();
        while (hashesBase > number) {
            Bytes previous = basePreviousHash;
            if (previous == null) {
                Block base = single(source, hashesBase);
                if (!Bytes.wrap(FabricBlocks.headerHash(base.getHeader())).equals(hashAt(hashesBase))) {
                    throw new VerificationFailedException(
                            chain,
                            "block " + hashesBase + ": " + source.name()
                                    + " serves a block that is not the verified one");
                }
                previous = Bytes.of(base.getHeader().getPreviousHash().toByteArray());
            }
            long to = hashesBase - 1;
            long from = Math.max(number, to - config.maxBlocksPerPull() + 1);
            List<Block> blocks = source.blocks(from, to);
            if (blocks.size() != to - from + 1) {
                throw new ChainUnavailableException(
                        chain, source.name() + " sent " + blocks.size() + " of blocks " + from + ".." + to, null);
            }
            List<Bytes> older = new ArrayList<>();
            for (int i = blocks.size() - 1; i >= 0; i--) {
                Block b = blocks.get(i);
                long n = from + i;
                Bytes hash = Bytes.wrap(FabricBlocks.headerHash(b.getHeader()));
                if (b.getHeader().getNumber() != n || !hash.equals(previous)) {
                    throw new VerificationFailedException(
                            chain,
                            "block " + n + " from " + source.name() + " hashes to " + hash + " but block " + (n + 1)
                                    + " names " + previous + " as its previous block");
                }
                older.add(0, hash);
                previous = Bytes.of(b.getHeader().getPreviousHash().toByteArray());
            }
            hashes.addAll(0, older);
            hashesBase = from;
            basePreviousHash = previous;
        }
    }

    private ChainHead headNow() {
        if (headTime.equals(Instant.EPOCH)) {
            result(processedTip); // the time of the block following started from
        }
        BlockRef tip = ref(processedTip);
        return new ChainHead(chain, tip, headTime, tip);
    }

    // ---- events -----------------------------------------------------------------------------------------------

    private EventBatch pullEvents(Checkpoint after, int max) {
        sync();
        long n = after.block().number();
        if (n < hashesBase) {
            extendBackTo(n);
        }
        long verifiedTip = hashesBase + hashes.size() - 1;
        if (n <= verifiedTip && !hashAt(n).equals(after.block().hash())) {
            throw new VerificationFailedException(
                    chain,
                    "checkpoint " + after.block() + " is not on the verified chain, whose block #" + n + " is "
                            + hashAt(n));
        }
        if (n >= processedTip) {
            return new EventBatch(List.of(), List.of(), List.of(), after, headNow());
        }
        List<VerifiedHtlcEvent> finals = new ArrayList<>();
        BlockRef checkpoint = after.block();
        refetch(n + 1, Math.min(processedTip, n + config.maxBlocksPerPull()));
        for (long k = n + 1; k <= processedTip; k++) {
            List<VerifiedHtlcEvent> blockEvents = result(k).events();
            if (!finals.isEmpty() && finals.size() + blockEvents.size() > max) {
                break;
            }
            finals.addAll(blockEvents);
            checkpoint = ref(k);
            if (finals.size() >= max) {
                break;
            }
        }
        return new EventBatch(finals, List.of(), List.of(), new Checkpoint(chain, checkpoint), headNow());
    }

    // ---- transaction outcomes ---------------------------------------------------------------------------------

    private void register(TxRef tx, CompletableFuture<Finality> result) {
        Waiter first = waiters.get(tx.id());
        if (first != null) {
            // A second wait for the same transaction shares the first one's outcome.
            var unused = first.result.whenComplete((f, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(f);
                }
            });
            return;
        }
        Finality known = known(tx.id());
        if (known != null) {
            result.complete(known);
            return;
        }
        Waiter w = new Waiter(clock.instant());
        waiters.put(tx.id(), w);
        var unused = w.result.whenComplete((f, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(f);
            }
        });
        ensurePolling();
    }

    /** The outcome of {@code txId} if a processed block holds it. */
    private @Nullable Finality known(String txId) {
        Long number = txIndex.get(txId);
        if (number == null || number > processedTip) {
            return null;
        }
        return result(number).outcomes().get(txId);
    }

    private void ensurePolling() {
        if (poller == null && !closed) {
            poller = worker.scheduleWithFixedDelay(
                    this::poll, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void poll() {
        if (waiters.isEmpty() && inFlight == null) {
            ScheduledFuture<?> p = poller;
            if (p != null) {
                p.cancel(false);
                poller = null;
            }
            return;
        }
        try {
            sync();
        } catch (ChainAdapterException e) {
            log.warn("{}: following the chain failed, will retry: {}", chain, ours(e).getMessage());
        } catch (RuntimeException e) {
            log.warn("{}: following the chain failed, will retry", chain, e);
        }
        try {
            settleInFlight();
            for (Map.Entry<String, Waiter> e : List.copyOf(waiters.entrySet())) {
                String txId = e.getKey();
                Waiter w = e.getValue();
                Finality f = known(txId);
                if (f == null && !w.askedGateway) {
                    f = askGateway(txId);
                    w.askedGateway = true;
                }
                if (f == null && clock.instant().isAfter(w.since.plus(config.droppedAfter()))) {
                    Optional<Long> number = peers.blockOfTransaction(txId);
                    f = number.isPresent() ? outcomeIn(txId, number.get()) : null;
                    if (number.isEmpty()) {
                        // In no block the gateway peer knows. (One it names but this adapter has not verified yet
                        // keeps the wait going.)
                        f = new Finality.Dropped(
                                new TxRef(chain, txId),
                                "in no block up to #" + processedTip + " and unknown to the gateway peer "
                                        + config.droppedAfter().toSeconds() + " s after it was awaited");
                    }
                }
                if (f != null) {
                    waiters.remove(txId);
                    w.result.complete(f);
                }
            }
        } catch (ChainAdapterException e) {
            log.warn("{}: following transaction outcomes failed, will retry: {}", chain, ours(e).getMessage());
        } catch (RuntimeException e) {
            log.warn("{}: following transaction outcomes failed, will retry", chain, e);
        }
    }

    /**
     * The outcome of {@code txId} in the block the gateway peer names for it, if that block is processed: for a
     * transaction committed before the blocks this adapter has followed.
     */
    private @Nullable Finality askGateway(String txId) {
        Optional<Long> number = peers.blockOfTransaction(txId);
        return number.isEmpty() ? null : outcomeIn(txId, number.get());
    }

    /** The outcome of {@code txId} in processed block {@code number}, if that block holds it. */
    private @Nullable Finality outcomeIn(String txId, long number) {
        if (number > processedTip) {
            return null;
        }
        Finality f = result(number).outcomes().get(txId);
        if (f == null) {
            log.warn(
                    "{}: the gateway peer says transaction {} is in block #{}, which does not hold it",
                    chain,
                    txId,
                    number);
        }
        return f;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Fabric: reachable (the gateway peer reports the channel's height), chain-id (the trust anchor is a config
     * block of {@code channel}, and the gateway peer serves that channel), htlc-code (the chaincode answers a
     * read-only {@code Balance} query), trust-anchor (the gateway peer's block at the anchor's number has the anchor's
     * header hash), signer-key (the key is the certificate's, checked when the adapter was made) and signer-funds
     * (the signer's certificate is valid now and is a valid identity of its organisation's MSP in the channel
     * configuration of the anchor). Reads only: nothing is verified into the adapter's state.
     */
    @Override
    public CompletionStage<List<PreflightCheck>> preflight() {
        return onWorker("preflight", () -> {
            List<PreflightCheck> checks = new ArrayList<>();
            long height;
            try {
                height = peers.height();
            } catch (RuntimeException e) {
                String why = "the gateway peer " + config.gateway().address() + " does not serve channel "
                        + config.channel() + ": " + describe(e);
                checks.add(PreflightCheck.fail(PreflightCheck.REACHABLE, why));
                checks.add(PreflightCheck.fail(PreflightCheck.CHAIN_ID, why));
                checks.add(PreflightCheck.fail(PreflightCheck.HTLC_CODE, "not checked: the peer is not reachable"));
                checks.add(PreflightCheck.fail(PreflightCheck.TRUST_ANCHOR, "not checked: the peer is not reachable"));
                checks.add(PreflightCheck.pass(PreflightCheck.SIGNER_KEY, "identity " + signer));
                checks.add(signerCheck());
                return List.copyOf(checks);
            }
            checks.add(PreflightCheck.pass(
                    PreflightCheck.REACHABLE,
                    "the gateway peer " + config.gateway().address() + " is at height " + height + " of channel "
                            + config.channel()));
            String anchorChannel = anchorTrust.config().channelId();
            checks.add(
                    anchorChannel.equals(config.channel())
                            ? PreflightCheck.pass(
                                    PreflightCheck.CHAIN_ID,
                                    "channel " + config.channel() + " (the trust anchor is its config block #"
                                            + anchor.block().number() + ")")
                            : PreflightCheck.fail(
                                    PreflightCheck.CHAIN_ID,
                                    "the trust anchor is a config block of channel " + anchorChannel + ", not "
                                            + config.channel()));
            checks.add(preflightCheck(PreflightCheck.HTLC_CODE, () -> {
                try {
                    byte[] answer =
                            peers.htlc().evaluateTransaction(HtlcChaincode.BALANCE, "xrelay-preflight", signer.value());
                    return PreflightCheck.pass(
                            PreflightCheck.HTLC_CODE,
                            "chaincode " + config.chaincode() + " answers Balance ("
                                    + new String(answer, StandardCharsets.UTF_8) + ")");
                } catch (GatewayException e) {
                    return PreflightCheck.fail(
                            PreflightCheck.HTLC_CODE,
                            "chaincode " + config.chaincode() + " on channel " + config.channel()
                                    + " does not answer a read-only query: " + describe(e));
                }
            }));
            checks.add(preflightCheck(PreflightCheck.TRUST_ANCHOR, () -> {
                long n = anchor.block().number();
                if (n >= height) {
                    return PreflightCheck.fail(
                            PreflightCheck.TRUST_ANCHOR,
                            "the gateway peer has no block #" + n + " (height " + height + ")");
                }
                List<Block> blocks = peers.gatewayBlocks().blocks(n, n);
                if (blocks.isEmpty()) {
                    return PreflightCheck.fail(PreflightCheck.TRUST_ANCHOR, "the gateway peer sent no block #" + n);
                }
                Bytes hash = Bytes.wrap(FabricBlocks.headerHash(blocks.get(0).getHeader()));
                return hash.equals(anchor.block().hash())
                        ? PreflightCheck.pass(
                                PreflightCheck.TRUST_ANCHOR,
                                "config block #" + n + " of " + anchorChannel + " is the peer's block #" + n + " ("
                                        + hash + ")")
                        : PreflightCheck.fail(
                                PreflightCheck.TRUST_ANCHOR,
                                "the peer's block #" + n + " hashes to " + hash + ", the trust anchor to "
                                        + anchor.block().hash());
            }));
            checks.add(PreflightCheck.pass(
                    PreflightCheck.SIGNER_KEY, "identity " + signer + ", key matches its certificate"));
            checks.add(signerCheck());
            return List.copyOf(checks);
        });
    }

    /** The signer's certificate is valid now and an identity of its MSP in the anchor's channel configuration. */
    private PreflightCheck signerCheck() {
        return preflightCheck(PreflightCheck.SIGNER_FUNDS, () -> {
            String mspId = config.signer().mspId();
            Msp msp = anchorTrust.config().msps().get(mspId);
            if (msp == null) {
                return PreflightCheck.fail(
                        PreflightCheck.SIGNER_FUNDS,
                        "MSP " + mspId + " is not an organisation of channel "
                                + anchorTrust.config().channelId() + " ("
                                + anchorTrust.config().msps().keySet() + ")");
            }
            byte[] pem;
            try {
                pem = ("-----BEGIN CERTIFICATE-----\n"
                                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                                        .encodeToString(
                                                config.signer().certificate().getEncoded())
                                + "\n-----END CERTIFICATE-----\n")
                        .getBytes(StandardCharsets.US_ASCII);
            } catch (java.security.cert.CertificateEncodingException e) {
                return PreflightCheck.fail(
                        PreflightCheck.SIGNER_FUNDS, "the certificate cannot be encoded: " + describe(e));
            }
            Identity identity = Identity.parse(org.hyperledger.fabric.protos.msp.SerializedIdentity.newBuilder()
                    .setMspid(mspId)
                    .setIdBytes(com.google.protobuf.ByteString.copyFrom(pem))
                    .build()
                    .toByteString());
            Optional<String> problem = msp.validate(identity, clock.instant());
            return problem.isEmpty()
                    ? PreflightCheck.pass(
                            PreflightCheck.SIGNER_FUNDS,
                            "the certificate of " + signer + " is valid until "
                                    + config.signer()
                                            .certificate()
                                            .getNotAfter()
                                            .toInstant() + " and chains to MSP "
                                    + mspId)
                    : PreflightCheck.fail(
                            PreflightCheck.SIGNER_FUNDS,
                            "the certificate of " + signer + " is not a valid identity of MSP " + mspId + ": "
                                    + problem.get());
        });
    }

    private static PreflightCheck preflightCheck(String name, Supplier<PreflightCheck> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            return PreflightCheck.fail(name, describe(e));
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private <T> CompletionStage<T> onWorker(String op, Supplier<T> body) {
        return on(worker, op, body);
    }

    private <T> CompletionStage<T> on(ExecutorService thread, String op, Supplier<T> body) {
        if (closed) {
            return CompletableFuture.failedFuture(new ChainUnavailableException(chain, "adapter closed", null));
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    f.complete(body.get());
                } catch (Throwable t) {
                    f.completeExceptionally(ours(GatewayErrors.translate(chain, op, null, t)));
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new ChainUnavailableException(chain, "adapter closed", e));
        }
        return f;
    }

    /** The block verifier names no chain in its failures: they are reported under this adapter's chain id. */
    private Throwable ours(Throwable t) {
        if (t instanceof VerificationFailedException v && !v.chain().equals(chain)) {
            return new VerificationFailedException(chain, v.reason(), v);
        }
        return t;
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? '"' + s + '"' : '"' + s.substring(0, 77) + "...\"";
    }
}
