/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.security.SignatureException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;

/**
 * The Ethereum adapter: follows one chain through one untrusted JSON-RPC node from a trust anchor, and uses the
 * XRelayHtlc contract.
 *
 * <p>What it verifies before it relies on anything: every header's hash for its fork and the chain rules between
 * parent and child, from the trust anchor on ({@link HeaderChain}); finality by depth; for every block whose logs it
 * uses, that the node's receipts rebuild the header's receiptsRoot and its raw transactions the transactionsRoot, so
 * a log, its status and the transaction it belongs to are proven, not told. Blocks are scanned through the verified
 * header's logs bloom, so a node cannot hide an HTLC log by leaving it out of a log query.
 *
 * <p>Node I/O runs on three threads of the adapter's own. The worker sends transactions and settles the ones
 * awaited; the follower pulls events and answers {@link #head()} and {@link #htlc(HtlcId)}; each keeps its own
 * verified view of the chain ({@link ChainView}), so an event pull never waits behind a submission, nor a submission
 * behind an event pull. {@link #balance(Asset)} asks the node's word at its latest block and needs no view: it runs
 * on a reader thread, so a balance read waits behind neither. Every method returns at once with a stage completed
 * there. {@link #htlc(HtlcId)} reads contract state through {@code eth_call} at the verified
 * tip: that answer is the node's word, for display and reconciliation; the relay acts on verified events only.
 */
final class EthereumAdapter implements ChainAdapter {
    private static final Logger log = LoggerFactory.getLogger(EthereumAdapter.class);
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
    private static final BigInteger LOCK_GAS_AFTER_APPROVE = BigInteger.valueOf(400_000);
    private static final int VERIFIED_BLOCK_CACHE = 64;
    private static final int MAX_FINAL_BLOCKS_READ_PER_POLL = 16;
    private static final int KEEP_HEADERS = 4096;

    private final ChainId chain;
    private final EthereumConfig config;
    private final EthRpc rpc;
    private final HeaderRules rules;
    private final TxSender sender;
    /**
     * The allowance a token lock gives the HTLC contract: unlimited. An exact allowance per lock races with locks
     * still pending (a lock sent on an allowance that an earlier pending lock will use up fails); the contract only
     * ever pulls tokens in a lock the signer itself sends. An allowance below the floor is raised again.
     */
    private static final BigInteger UNLIMITED_ALLOWANCE =
            BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private static final BigInteger UNLIMITED_ALLOWANCE_FLOOR = BigInteger.TWO.pow(255);
    /**
     * Tokens whose allowance to the HTLC contract was seen at or above {@link #UNLIMITED_ALLOWANCE_FLOOR}, so it is
     * not asked for again before each lock: only the signer can lower it (locks use it up by at most their amounts,
     * 2^255 units away). A lock refused for want of funds asks again. Worker thread only.
     */
    private final Set<String> approvedTokens = new HashSet<>();

    private final Account signer;
    private final ScheduledExecutorService worker;
    private final ExecutorService follower;
    private final ExecutorService reader;
    private final Map<String, CompletableFuture<Finality>> waiters = new LinkedHashMap<>();
    private final Map<String, Instant> unknownSince = new HashMap<>();
    /** Each awaited transaction's final block number when it was last asked about (see {@link #poll()}). */
    private final Map<String, Long> checkedAtFinal = new HashMap<>();
    /** The final block number of the last reconciliation of pending transactions. */
    private long reconciledAtFinal = -1;
    /** The final block up to which blocks were read for waiters, -1 when none was. Worker thread only. */
    private long scannedFinal = -1;
    /** When every awaited transaction was last asked about. */
    private Instant lastFullPoll = Instant.EPOCH;

    /** The chain as the worker sees it: for sends and transaction outcomes. Worker thread only. */
    private final ChainView sends = new ChainView(true);
    /** The chain as the event follower sees it: for events, the head and lock reads. Follower thread only. */
    private final ChainView follows = new ChainView(false);

    private @Nullable ScheduledFuture<?> poller;
    private volatile boolean closed;

    EthereumAdapter(ChainId chain, EthereumConfig config, Clock clock) {
        this.chain = chain;
        this.config = config;
        this.rpc = new EthRpc(chain, config.rpcUrl().toString(), config.requestTimeout());
        this.rules = new HeaderRules(chain, config.headerRules());
        Credentials credentials = Credentials.create(config.signerKey());
        long evmChainId = config.evmChainId().orElse(-1);
        this.sender = new TxSender(chain, rpc, credentials, evmChainId, clock, config.rebroadcastAfter());
        this.signer = new Account(sender.from());
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xrelay-eth-" + chain);
            t.setDaemon(true);
            return t;
        });
        this.follower = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "xrelay-eth-events-" + chain);
            t.setDaemon(true);
            return t;
        });
        this.reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "xrelay-eth-reads-" + chain);
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
        return new Checkpoint(chain, config.trustAnchor());
    }

    @Override
    public CompletionStage<ChainHead> head() {
        return onFollower("head", () -> headOf(follows.sync()));
    }

    @Override
    public CompletionStage<Submitted> lock(LockRequest r) {
        return onWorker("lock", () -> {
            HeaderChain h = sends.syncForSend();
            String receiver = address(r.receiver().value(), HtlcReason.InvalidReceiver, "receiver");
            LockTerms terms = new LockTerms(
                    signer,
                    new Account(receiver),
                    r.hashLock(),
                    r.timeLock(),
                    r.asset(),
                    r.amount(),
                    r.destinationChain(),
                    r.destinationRecipient(),
                    r.minDestinationAmount());
            if (r.timeLock().epochSecond() <= h.tip().timestamp()) {
                throw new TransactionRejectedException(
                        chain,
                        null,
                        HtlcReason.TimelockInPast.code(),
                        "timelock " + r.timeLock() + " is not after the chain's time "
                                + Instant.ofEpochSecond(h.tip().timestamp()),
                        null);
            }
            EthHeader tip = h.tip();
            String data = HtlcAbi.encodeLock(terms);
            String what = "lock " + HtlcAbi.lockId(terms);
            if (r.asset().isNative()) {
                return new Submitted(
                        sender.send(config.htlcContract(), r.amount().units(), data, what, tip, null));
            }
            String token = address(r.asset().id(), HtlcReason.TransferFailed, "asset");
            if (approvedTokens.contains(token)) {
                try {
                    return new Submitted(sender.send(config.htlcContract(), BigInteger.ZERO, data, what, tip, null));
                } catch (TransactionRejectedException e) {
                    if (!e.reasonCode().equals(HtlcReason.InsufficientFunds.code())) {
                        throw e;
                    }
                    approvedTokens.remove(token); // the allowance may be what is missing: asked below
                }
            }
            if (unlimitedAllowance(token)) {
                approvedTokens.add(token);
                return new Submitted(sender.send(config.htlcContract(), BigInteger.ZERO, data, what, tip, null));
            }
            refuseTokenLockBeforeApprove(token, r, data, what);
            sender.send(
                    token,
                    BigInteger.ZERO,
                    HtlcAbi.encodeApprove(config.htlcContract(), UNLIMITED_ALLOWANCE),
                    "approve the HTLC contract for " + token,
                    tip,
                    null);
            return new Submitted(
                    sender.send(config.htlcContract(), BigInteger.ZERO, data, what, tip, LOCK_GAS_AFTER_APPROVE));
        });
    }

    /** Whether the signer has given the HTLC contract an allowance of {@code token} that locks cannot use up. */
    private boolean unlimitedAllowance(String token) {
        BigInteger allowance = new BigInteger(
                1,
                Bytes.fromHex(rpc.ethCall(
                                call(token, HtlcAbi.encodeAllowance(signer.value(), config.htlcContract())), "latest"))
                        .toByteArray());
        return allowance.compareTo(UNLIMITED_ALLOWANCE_FLOOR) >= 0;
    }

    /**
     * A token lock without allowance is sent as approve + lock, and the lock cannot be simulated before the approve
     * is mined: its gas is fixed, and a refusal would only show as a reverted transaction. So the contract's checks
     * are run first: the lock simulated without allowance must fail for the missing allowance only (the contract
     * says InsufficientFunds when its transferFrom fails), any other custom error (LockExists, TimelockInPast, ...)
     * refuses the lock here; and the signer must hold the tokens.
     */
    private void refuseTokenLockBeforeApprove(String token, LockRequest r, String data, String what) {
        Map<String, String> simulated = call(config.htlcContract(), data);
        simulated.put("value", "0x0");
        try {
            rpc.estimateGas(simulated);
        } catch (EthRpc.RpcError e) {
            TransactionRejectedException refusal = TxSender.rejection(chain, what, e);
            if (!refusal.reasonCode().equals(HtlcReason.InsufficientFunds.code())) {
                throw refusal;
            }
        }
        BigInteger balance = new BigInteger(
                1,
                Bytes.fromHex(rpc.ethCall(call(token, HtlcAbi.encodeBalanceOf(signer.value())), "latest"))
                        .toByteArray());
        if (balance.compareTo(r.amount().units()) < 0) {
            throw new TransactionRejectedException(
                    chain,
                    null,
                    HtlcReason.InsufficientFunds.code(),
                    what + ": " + signer + " holds " + balance + " of token " + token + ", less than " + r.amount(),
                    null);
        }
    }

    @Override
    public CompletionStage<Submitted> claim(ClaimRequest r) {
        return onWorker("claim", () -> {
            HeaderChain h = sends.syncForSend();
            return new Submitted(sender.send(
                    config.htlcContract(),
                    BigInteger.ZERO,
                    HtlcAbi.encodeClaim(r.id(), r.preimage()),
                    "claim " + r.id(),
                    h.tip(),
                    null));
        });
    }

    @Override
    public CompletionStage<Submitted> refund(RefundRequest r) {
        return onWorker("refund", () -> {
            HeaderChain h = sends.syncForSend();
            return new Submitted(sender.send(
                    config.htlcContract(),
                    BigInteger.ZERO,
                    HtlcAbi.encodeRefund(r.id()),
                    "refund " + r.id(),
                    h.tip(),
                    null));
        });
    }

    @Override
    public CompletionStage<Optional<HtlcRecord>> htlc(HtlcId id) {
        return onFollower("htlc", () -> {
            HeaderChain h = follows.sync();
            String result = rpc.ethCall(
                    call(config.htlcContract(), HtlcAbi.encodeGetLock(id)),
                    EthRpc.hex(h.tip().number()));
            return HtlcAbi.decodeGetLock(id, result);
        });
    }

    @Override
    public HtlcId lockId(LockTerms terms) {
        return HtlcAbi.lockId(terms);
    }

    @Override
    public Optional<String> accountProblem(Account account) {
        String a = account.value().toLowerCase(Locale.ROOT);
        if (!ADDRESS.matcher(a).matches()) {
            return Optional.of("account \"" + account + "\" is not a 0x address of 40 hex digits");
        }
        if (a.equals(HtlcAbi.ZERO_ADDRESS)) {
            return Optional.of("account " + account + " is the zero address, which the HTLC refuses as a receiver");
        }
        return Optional.empty();
    }

    @Override
    public CompletionStage<Amount> balance(Asset asset) {
        if (asset.isNative()) {
            return on(reader, "balance of " + asset, () -> Amount.of(rpc.balance(signer.value(), "latest")));
        }
        String token = asset.id().toLowerCase(Locale.ROOT);
        if (!ADDRESS.matcher(token).matches()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "asset \"" + asset + "\" is neither native nor a 0x token address of 40 hex digits"));
        }
        return on(
                reader,
                "balance of " + asset,
                () -> Amount.of(new BigInteger(
                        1,
                        Bytes.fromHex(rpc.ethCall(call(token, HtlcAbi.encodeBalanceOf(signer.value())), "latest"))
                                .toByteArray())));
    }

    @Override
    public CompletionStage<Finality> awaitFinality(TxRef tx) {
        if (!tx.chain().equals(chain)) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("transaction " + tx + " is not on chain " + chain));
        }
        CompletableFuture<Finality> result = new CompletableFuture<>();
        worker.execute(() -> {
            // A second wait for the same transaction shares the first one's outcome instead of replacing it.
            CompletableFuture<Finality> first = waiters.putIfAbsent(tx.id().toLowerCase(Locale.ROOT), result);
            if (first != null) {
                CompletableFuture<Finality> unused = first.whenComplete((f, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(f);
                    }
                });
            }
            ensurePolling();
        });
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
        return onFollower("events", () -> follows.pullEvents(after, max));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        worker.execute(() -> {
            ChainUnavailableException e = new ChainUnavailableException(chain, "adapter closed", null);
            waiters.values().forEach(f -> f.completeExceptionally(e));
            waiters.clear();
        });
        List<ExecutorService> threads = List.of(worker, follower, reader);
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
        rpc.close();
    }

    // ---- following and verifying -------------------------------------------------------------------------------

    private EthHeader fetchHeader(long number) {
        JsonNode json = rpc.blockByNumber(number);
        if (json.isNull()) {
            throw new ChainUnavailableException(chain, "node has no block " + number + " yet", null);
        }
        EthHeader header = parseHeader(json, "block " + number);
        if (header.number() != number) {
            throw new VerificationFailedException(
                    chain, "asked for block " + number + ", the node sent block " + header.number());
        }
        rules.verifyHash(header);
        return header;
    }

    private EthHeader parseHeader(JsonNode json, String what) {
        try {
            return EthHeader.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new VerificationFailedException(chain, what + " from the node is malformed: " + e.getMessage(), e);
        }
    }

    /** Fetches the header of a trusted block and checks that it is that block; the start of following. */
    private EthHeader trustedHeader(BlockRef trusted) {
        EthHeader header = fetchHeader(trusted.number());
        if (!header.hash().equals(trusted.hash())) {
            throw new VerificationFailedException(
                    chain,
                    "trusted block #" + trusted.number() + " is " + trusted.hash() + " but the node's block #"
                            + trusted.number() + " hashes to " + header.hash());
        }
        return header;
    }

    /**
     * Receipts and transaction hashes of a verified block, proven against its receiptsRoot and transactionsRoot; the
     * receipts trie they were proven with (each event's proof comes from it), and the block's verified HTLC events
     * once computed (every waiter on a transaction of the block, and every pull, asks for them).
     */
    private record VerifiedBlock(
            EthHeader header,
            List<EthReceipt> receipts,
            List<Bytes> rawTxs,
            List<String> txHashes,
            MerklePatriciaTrie receiptsTrie,
            EventsMemo events) {}

    /** The verified HTLC events of one block, computed once, on the thread of the view that holds the block. */
    private static final class EventsMemo {
        private @Nullable List<VerifiedHtlcEvent> events;
    }

    private Optional<VerifiedHtlcEvent> htlcEvent(VerifiedBlock vb, int txIndex, int logIndex, EthLog l) {
        Optional<HtlcEvent> event;
        try {
            event = HtlcAbi.decodeEvent(l.topics(), l.data());
        } catch (IllegalArgumentException e) {
            // Proven to be in the block, but not a lock the relay can act on (e.g. a destination chain id that is
            // not a valid chain id): the sender refunds it after its timelock.
            log.warn(
                    "{}: block #{} log {} of the HTLC contract is not usable: {}",
                    chain,
                    vb.header().number(),
                    logIndex,
                    e.getMessage());
            return Optional.empty();
        }
        if (event.isEmpty()) {
            return Optional.empty();
        }
        // The proof travels with the event; it is checked here against the verified header before the event is
        // reported, so that what the relay stores is known to verify.
        InclusionProof proof = ReceiptProofs.prove(vb.receiptsTrie(), txIndex);
        EthReceipt proven = ReceiptProofs.verify(vb.header().receiptsRoot(), proof, txIndex);
        if (!proven.logs().contains(l)) {
            throw new VerificationFailedException(
                    chain,
                    "block #" + vb.header().number() + ": the proven receipt " + txIndex + " does not hold log "
                            + logIndex);
        }
        return Optional.of(new VerifiedHtlcEvent(
                event.get(),
                new EventOrigin(
                        chain, ref(vb.header()), new TxRef(chain, vb.txHashes().get(txIndex)), logIndex),
                proof));
    }

    /** The root of the transactions trie: key RLP(index), value the transaction as signed (typed or legacy). */
    private static Bytes transactionsRoot(List<Bytes> rawTxs) {
        Map<Bytes, Bytes> entries = new HashMap<>();
        for (int i = 0; i < rawTxs.size(); i++) {
            entries.put(ReceiptProofs.key(i), rawTxs.get(i));
        }
        return MerklePatriciaTrie.of(entries).rootHash();
    }

    private EthHeader headerAt(HeaderChain h, long n) {
        EthHeader header = h.at(n);
        if (header == null) {
            throw new IllegalStateException("verified header #" + n + " missing from "
                    + h.base().number() + ".." + h.tip().number());
        }
        return header;
    }

    // ---- transaction outcomes -----------------------------------------------------------------------------------

    private void ensurePolling() {
        if (poller == null && !closed) {
            poller = worker.scheduleWithFixedDelay(
                    this::poll, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Settles the transactions awaited. A waiter is asked about (a receipt from the node) when it is new; after that,
     * an outcome can only become final when the final block moves, and each new final block's proven transactions
     * are read once for every waiter, which needs no question per waiter (and the blocks are the ones the event pull
     * reads too). Every {@code rebroadcast-after} all waiters are asked about and the pending ones reconciled anyway,
     * which is what notices a transaction the node lost, or one replaced, while the chain does not move. Only blocks
     * whose logs bloom may hold an HTLC log are read (a block with no transaction needs no reading); when a new final
     * block holds transactions but no HTLC log, or more final blocks arrived since the last poll than are read at
     * once, each waiter is asked about once for that final block instead.
     */
    private void poll() {
        if (waiters.isEmpty()) {
            checkedAtFinal.clear();
            scannedFinal = -1;
            return;
        }
        try {
            HeaderChain h = sends.sync();
            EthHeader fin = h.finalized();
            Instant now = Instant.now();
            boolean everyone = !now.isBefore(lastFullPoll.plus(config.rebroadcastAfter()));
            boolean scanned = scannedFinal >= 0
                    && scannedFinal >= h.base().number()
                    && fin.number() - scannedFinal <= MAX_FINAL_BLOCKS_READ_PER_POLL;
            if (scanned) {
                for (long n = scannedFinal + 1; n <= fin.number(); n++) {
                    EthHeader header = headerAt(h, n);
                    if (header.transactionsRoot().equals(MerklePatriciaTrie.EMPTY_ROOT)) {
                        continue; // proven to hold no transaction
                    }
                    if (!LogsBloom.mayContain(header.logsBloom(), Bytes.fromHex(config.htlcContract()))) {
                        // A block with no HTLC log is not read (on a public chain most are not, and they are
                        // large): a waiter in it, such as a reverted or an approve transaction, is asked about.
                        scanned = false;
                        continue;
                    }
                    VerifiedBlock vb = sends.verifiedBlock(header);
                    for (int i = 0; i < vb.txHashes().size(); i++) {
                        String hash = vb.txHashes().get(i);
                        CompletableFuture<Finality> waiter = waiters.get(hash);
                        if (waiter != null) {
                            settle(hash, waiter, outcomeIn(new TxRef(chain, hash), vb, i));
                        }
                    }
                }
            }
            scannedFinal = fin.number();
            // After the scan: what it settled is no longer pending, and needs no receipt to tell it was not replaced.
            if (everyone || fin.number() != reconciledAtFinal) {
                long finalNonce = rpc.transactionCount(signer.value(), EthRpc.hex(fin.number()))
                        .longValueExact();
                sender.reconcile(finalNonce);
                reconciledAtFinal = fin.number();
            }
            for (Map.Entry<String, CompletableFuture<Finality>> w : List.copyOf(waiters.entrySet())) {
                Long checked = checkedAtFinal.get(w.getKey());
                if (!everyone && checked != null && (scanned || checked == fin.number())) {
                    checkedAtFinal.put(w.getKey(), fin.number());
                    continue;
                }
                Finality f = outcome(h, w.getKey());
                if (f != null) {
                    settle(w.getKey(), w.getValue(), f);
                } else {
                    checkedAtFinal.put(w.getKey(), fin.number());
                }
            }
            if (everyone) {
                lastFullPoll = now;
            }
        } catch (ChainAdapterException e) {
            log.warn("{}: polling transaction outcomes failed, will retry: {}", chain, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("{}: polling transaction outcomes failed, will retry", chain, e);
        }
    }

    private void settle(String hash, CompletableFuture<Finality> waiter, Finality f) {
        waiters.remove(hash);
        unknownSince.remove(hash);
        checkedAtFinal.remove(hash);
        sender.settled(hash);
        waiter.complete(f);
    }

    private @Nullable Finality outcome(HeaderChain h, String hash) {
        TxRef tx = new TxRef(chain, hash);
        String replaced = sender.replacedReason(hash);
        TxSender.Pending sent = sender.pending(hash);
        if (replaced != null && sent != null) {
            return nonceOutcome(h, tx, sent.nonce);
        }
        JsonNode receipt = rpc.transactionReceipt(hash);
        if (receipt.isNull()) {
            if (sender.pending(hash) == null && rpc.transactionByHash(hash).isNull()) {
                Instant since = unknownSince.computeIfAbsent(hash, k -> Instant.now());
                if (Instant.now().isAfter(since.plus(config.rebroadcastAfter().multipliedBy(3)))) {
                    return new Finality.Dropped(tx, "the node does not know this transaction");
                }
            }
            return null;
        }
        long number =
                rpc.quantity(receipt.path("blockNumber"), "receipt blockNumber").longValueExact();
        if (number > h.finalized().number()) {
            return null;
        }
        EthHeader header = h.at(number);
        if (header == null) {
            return null; // older than the kept headers: cannot be proven here
        }
        if (!Bytes.fromHex(receipt.path("blockHash").asText("0x")).equals(header.hash())) {
            return null; // a receipt from a block that is not (or no longer) on the verified chain
        }
        VerifiedBlock vb = sends.verifiedBlock(header);
        int index = vb.txHashes().indexOf(hash);
        if (index < 0) {
            log.warn(
                    "{}: the node says {} is in block #{}, but the block's proven transactions do not include it",
                    chain,
                    hash,
                    number);
            return null;
        }
        return outcomeIn(tx, vb, index);
    }

    /** The outcome of the transaction at {@code index} of a verified final block, from its proven receipt. */
    private Finality outcomeIn(TxRef tx, VerifiedBlock vb, int index) {
        if (!vb.receipts().get(index).succeeded()) {
            return new Finality.Failed(tx, ref(vb.header()), "reverted");
        }
        List<VerifiedHtlcEvent> events = sends.eventsOf(vb.header()).stream()
                .filter(e -> e.origin().tx().id().equals(tx.id()))
                .toList();
        return new Finality.Committed(tx, ref(vb.header()), events);
    }

    /**
     * The outcome of the signer's transaction {@code tx} with {@code nonce}, which the node calls replaced: the
     * nonce is used at the final block, yet the node has no receipt of {@code tx}. That is the node's word, so it is
     * checked: the block where the signer's nonce count passes {@code nonce} is found through the node's counts
     * (searching back from the final block), and that block's proven transactions must hold the signer's
     * transaction with this nonce. If it is {@code tx}, the node hid its receipt and the proven receipt decides;
     * if it is another, {@code tx} was replaced. Null while neither can be shown.
     */
    private @Nullable Finality nonceOutcome(HeaderChain h, TxRef tx, long nonce) {
        long base = h.base().number();
        long hi = h.finalized().number();
        long lo = hi;
        for (long step = 1; ; step *= 2) {
            lo = Math.max(base, hi - step);
            if (nonceAt(lo) <= nonce) {
                break;
            }
            if (lo == base) {
                return null; // used before the kept headers: cannot be proven here
            }
            hi = lo;
        }
        while (hi - lo > 1) { // nonceAt(lo) <= nonce < nonceAt(hi)
            long mid = (lo + hi) >>> 1;
            if (nonceAt(mid) > nonce) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        VerifiedBlock vb = sends.verifiedBlock(headerAt(h, hi));
        for (int i = 0; i < vb.rawTxs().size(); i++) {
            if (signedWithNonce(vb.rawTxs().get(i), nonce)) {
                String used = vb.txHashes().get(i);
                if (used.equals(tx.id())) {
                    log.warn("{}: the node hid the receipt of {}, proven in block #{}", chain, tx.id(), hi);
                    return outcomeIn(tx, vb, i);
                }
                return new Finality.Dropped(
                        tx,
                        "replaced: nonce " + nonce + " of " + signer.value() + " was used by transaction " + used
                                + " in block #" + hi);
            }
        }
        log.warn(
                "{}: the node's nonce counts put nonce {} of {} in block #{}, whose proven transactions do not use it",
                chain,
                nonce,
                signer,
                hi);
        return null;
    }

    private long nonceAt(long block) {
        return rpc.transactionCount(signer.value(), EthRpc.hex(block)).longValueExact();
    }

    /** Whether a proven raw transaction is the signer's with {@code nonce}; one that does not decode is not. */
    private boolean signedWithNonce(Bytes raw, long nonce) {
        try {
            return TransactionDecoder.decode(raw.toHex()) instanceof SignedRawTransaction signed
                    && signed.getNonce().longValueExact() == nonce
                    && signer.value().equalsIgnoreCase(signed.getFrom());
        } catch (SignatureException | RuntimeException e) {
            return false;
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Ethereum: reachable ({@code eth_blockNumber}), chain-id ({@code eth_chainId} against {@code evm-chain-id}),
     * htlc-code ({@code eth_getCode} at the contract: not empty, and XRelayHtlc's runtime code when the compiled
     * artifact is on the class path), trust-anchor (the node's block at the anchor's number hashes, by the chain's
     * header rules, to the anchor's hash), signer-key (parsed when the adapter was made: its address) and
     * signer-funds (the signer's native balance is above zero, so it can pay gas).
     */
    @Override
    public CompletionStage<List<PreflightCheck>> preflight() {
        return onWorker("preflight", () -> {
            List<PreflightCheck> checks = new ArrayList<>();
            long head;
            try {
                head = rpc.blockNumber();
            } catch (RuntimeException e) {
                String why = "the node at " + config.rpcUrl() + " does not answer: " + describe(e);
                checks.add(PreflightCheck.fail(PreflightCheck.REACHABLE, why));
                for (String name :
                        List.of(PreflightCheck.CHAIN_ID, PreflightCheck.HTLC_CODE, PreflightCheck.TRUST_ANCHOR)) {
                    checks.add(PreflightCheck.fail(name, "not checked: the node is not reachable"));
                }
                checks.add(PreflightCheck.pass(PreflightCheck.SIGNER_KEY, "operator " + signer));
                checks.add(PreflightCheck.fail(PreflightCheck.SIGNER_FUNDS, "not checked: the node is not reachable"));
                return List.copyOf(checks);
            }
            checks.add(PreflightCheck.pass(
                    PreflightCheck.REACHABLE, "the node at " + config.rpcUrl() + " is at block " + head));
            checks.add(check(PreflightCheck.CHAIN_ID, () -> {
                long nodeChainId = rpc.chainId();
                if (config.evmChainId().isEmpty()) {
                    return PreflightCheck.pass(
                            PreflightCheck.CHAIN_ID, "eth_chainId is " + nodeChainId + " (evm-chain-id not set)");
                }
                long expected = config.evmChainId().getAsLong();
                return nodeChainId == expected
                        ? PreflightCheck.pass(PreflightCheck.CHAIN_ID, "eth_chainId is " + nodeChainId)
                        : PreflightCheck.fail(
                                PreflightCheck.CHAIN_ID, "eth_chainId is " + nodeChainId + ", expected " + expected);
            }));
            checks.add(check(PreflightCheck.HTLC_CODE, this::htlcCodeCheck));
            checks.add(check(PreflightCheck.TRUST_ANCHOR, () -> {
                EthHeader header = fetchHeader(config.trustAnchor().number());
                return header.hash().equals(config.trustAnchor().hash())
                        ? PreflightCheck.pass(
                                PreflightCheck.TRUST_ANCHOR,
                                "block #" + header.number() + " hashes to " + header.hash())
                        : PreflightCheck.fail(
                                PreflightCheck.TRUST_ANCHOR,
                                "the node's block #" + header.number() + " hashes to " + header.hash() + ", not "
                                        + config.trustAnchor().hash());
            }));
            checks.add(PreflightCheck.pass(PreflightCheck.SIGNER_KEY, "operator " + signer));
            checks.add(check(PreflightCheck.SIGNER_FUNDS, () -> {
                BigInteger balance = rpc.balance(signer.value(), "latest");
                return balance.signum() > 0
                        ? PreflightCheck.pass(
                                PreflightCheck.SIGNER_FUNDS, "operator " + signer + " holds " + balance + " wei")
                        : PreflightCheck.fail(
                                PreflightCheck.SIGNER_FUNDS,
                                "operator " + signer + " holds 0 wei: it cannot pay for gas");
            }));
            return List.copyOf(checks);
        });
    }

    private PreflightCheck htlcCodeCheck() {
        String code = rpc.code(config.htlcContract(), "latest");
        Bytes onChain = Bytes.fromHex(code == null || code.isEmpty() ? "0x" : code);
        if (onChain.length() == 0) {
            return PreflightCheck.fail(PreflightCheck.HTLC_CODE, "no contract code at " + config.htlcContract());
        }
        if (!HtlcArtifact.available()) {
            return PreflightCheck.pass(
                    PreflightCheck.HTLC_CODE,
                    onChain.length() + " bytes of code at " + config.htlcContract()
                            + " (XRelayHtlc's artifact is not on the class path to compare)");
        }
        return HtlcArtifact.isRuntimeCode(onChain)
                ? PreflightCheck.pass(
                        PreflightCheck.HTLC_CODE,
                        "the code at " + config.htlcContract() + " is XRelayHtlc's runtime code (" + onChain.length()
                                + " bytes)")
                : PreflightCheck.fail(
                        PreflightCheck.HTLC_CODE,
                        "the code at " + config.htlcContract() + " (" + onChain.length()
                                + " bytes) is not XRelayHtlc's runtime code");
    }

    private static PreflightCheck check(String name, Supplier<PreflightCheck> body) {
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

    private <T> CompletionStage<T> onFollower(String op, Supplier<T> body) {
        return on(follower, op, body);
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
                    f.completeExceptionally(translate(op, t));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new ChainUnavailableException(chain, "adapter closed", e));
        }
        return f;
    }

    private Throwable translate(String op, Throwable t) {
        if (t instanceof ChainAdapterException || t instanceof Error) {
            return t;
        }
        if (t instanceof EthRpc.RpcError e) {
            return new ChainUnavailableException(chain, op + ": " + e.getMessage(), e);
        }
        if (t instanceof ProofException e) {
            return new VerificationFailedException(chain, e.getMessage() == null ? "proof failed" : e.getMessage(), e);
        }
        return t;
    }

    private ChainHead headOf(HeaderChain h) {
        EthHeader tip = h.tip();
        return new ChainHead(chain, ref(tip), Instant.ofEpochSecond(tip.timestamp()), ref(h.finalized()));
    }

    private static BlockRef ref(EthHeader h) {
        return new BlockRef(h.number(), h.hash());
    }

    private String address(String value, HtlcReason reason, String what) {
        String a = value.toLowerCase(Locale.ROOT);
        if (!ADDRESS.matcher(a).matches() || a.equals(HtlcAbi.ZERO_ADDRESS)) {
            throw new TransactionRejectedException(
                    chain,
                    null,
                    reason.code(),
                    what + " \"" + value + "\" is not a non-zero 0x address of 40 hex digits",
                    null);
        }
        return a;
    }

    private Map<String, String> call(String to, String data) {
        Map<String, String> m = new HashMap<>();
        m.put("from", signer.value());
        m.put("to", to);
        m.put("data", data);
        return m;
    }

    private static String abbreviate(JsonNode json) {
        String s = json.toString();
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /**
     * One verified view of the chain: its header chain from the trust anchor, and the blocks whose receipts and
     * transactions were proven. The worker and the event follower each keep their own, on their own thread, so
     * neither waits behind the other's node calls: sends and outcomes on one, the event pull on the other.
     */
    private final class ChainView {
        private final boolean signs;
        private final Map<Bytes, VerifiedBlock> verifiedBlocks = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Bytes, VerifiedBlock> eldest) {
                return size() > VERIFIED_BLOCK_CACHE;
            }
        };
        private Map<EventOrigin, VerifiedHtlcEvent> reportedPending = Map.of();
        private @Nullable HeaderChain headers;

        /** @param signs whether this is the signer's view, which tells the sender the chain id it signs for */
        ChainView(boolean signs) {
            this.signs = signs;
        }

        /** Brings the verified chain up to the node's head (at most {@code maxHeadersPerPull} headers per call). */
        private HeaderChain sync() {
            return syncTo(start(), rpc.blockNumber());
        }

        /**
         * The verified chain at the node's height, for a send: the tip is only the base fee and the chain's time there,
         * so a tip already at that height is not fetched again to see whether a sibling replaced it ({@link #sync()}
         * does that, for what reads events and outcomes).
         */
        private HeaderChain syncForSend() {
            HeaderChain h = start();
            long latest = rpc.blockNumber();
            return latest == h.tip().number() ? h : syncTo(h, latest);
        }

        private HeaderChain syncTo(HeaderChain h, long latest) {
            if (latest < h.tip().number()) {
                // The node is behind our verified tip, or its chain got shorter: check the block at its head.
                if (latest < h.finalized().number()) {
                    throw new ChainUnavailableException(
                            chain,
                            "node is at block " + latest + ", behind the verified final block "
                                    + h.finalized().number(),
                            null);
                }
                reorgTo(h, latest);
                return h;
            }
            if (latest == h.tip().number()) {
                // Nothing new above: the tip may still have been replaced at its height. (Above it, the next header's
                // parent link shows a replaced tip.)
                EthHeader atTip = fetchHeader(h.tip().number());
                if (!atTip.hash().equals(h.tip().hash())) {
                    reorgTo(h, h.tip().number());
                }
            }
            long until = Math.min(latest, h.tip().number() + config.maxHeadersPerPull());
            while (h.tip().number() < until) {
                EthHeader next = fetchHeader(h.tip().number() + 1);
                if (!next.parentHash().equals(h.tip().hash())) {
                    EthHeader tipNow = fetchHeader(h.tip().number());
                    if (tipNow.hash().equals(h.tip().hash())) {
                        // The node still serves our tip, yet its child does not link to it.
                        throw new VerificationFailedException(
                                chain,
                                "block " + next.number() + " has parent hash "
                                        + next.parentHash() + " but the verified block "
                                        + h.tip().number() + " is "
                                        + h.tip().hash());
                    }
                    reorgTo(h, h.tip().number());
                    continue;
                }
                h.append(next);
            }
            if (h.size() > 2 * KEEP_HEADERS) {
                h.pruneBelow(h.tip().number() - KEEP_HEADERS);
            }
            return h;
        }

        /** Walks back from {@code from} to the newest block the node and the verified chain agree on. */
        private void reorgTo(HeaderChain h, long from) {
            long n = Math.min(from, h.tip().number());
            while (n >= h.base().number()) {
                EthHeader ours = h.at(n);
                EthHeader theirs = fetchHeader(n);
                if (ours != null && ours.hash().equals(theirs.hash())) {
                    if (n < h.tip().number()) {
                        log.warn(
                                "{}: reorg: blocks above #{} replaced (verified tip was #{} {})",
                                chain,
                                n,
                                h.tip().number(),
                                h.tip().hash());
                    }
                    h.truncateAbove(n);
                    return;
                }
                if (n <= h.finalized().number()) {
                    h.truncateAbove(n - 1); // throws: a final block differs
                }
                n--;
            }
            throw new VerificationFailedException(
                    chain, "the node's chain does not contain the trusted block " + ref(h.base()));
        }

        private HeaderChain start() {
            HeaderChain h = headers;
            if (h != null) {
                return h;
            }
            long nodeChainId = rpc.chainId();
            if (config.evmChainId().isPresent() && config.evmChainId().getAsLong() != nodeChainId) {
                throw new io.xrelay.adapter.AdapterConfigException(
                        chain,
                        "evm-chain-id",
                        "is "
                                + config.evmChainId().getAsLong() + " but the node at " + config.rpcUrl()
                                + " serves chain "
                                + nodeChainId);
            }
            if (signs) {
                sender.useChainId(nodeChainId);
            }
            h = new HeaderChain(chain, rules, config.finalityDepth(), trustedHeader(config.trustAnchor()));
            headers = h;
            return h;
        }

        private VerifiedBlock verifiedBlock(EthHeader header) {
            VerifiedBlock cached = verifiedBlocks.get(header.hash());
            if (cached != null) {
                return cached;
            }
            String where = "block #" + header.number() + " " + header.hash();
            JsonNode json = rpc.blockReceipts(header.number());
            if (!json.isArray()) {
                throw new VerificationFailedException(
                        chain, "receipts of " + where + " are not a list: " + abbreviate(json));
            }
            List<EthReceipt> receipts = new ArrayList<>(json.size());
            try {
                for (JsonNode r : json) {
                    receipts.add(EthReceipt.fromJson(r));
                }
            } catch (IllegalArgumentException e) {
                throw new VerificationFailedException(
                        chain, "receipts of " + where + " are malformed: " + e.getMessage(), e);
            }
            MerklePatriciaTrie trie = ReceiptProofs.receiptsTrie(receipts);
            Bytes root = trie.rootHash();
            if (!root.equals(header.receiptsRoot())) {
                throw new VerificationFailedException(
                        chain,
                        "receipts of " + where + " do not match its receiptsRoot: they" + " hash to " + root
                                + ", the verified header says " + header.receiptsRoot());
            }
            List<List<Object>> calls = new ArrayList<>(receipts.size());
            for (int i = 0; i < receipts.size(); i++) {
                calls.add(List.of(EthRpc.hex(header.number()), EthRpc.hex(i)));
            }
            List<JsonNode> raws = rpc.batch("eth_getRawTransactionByBlockNumberAndIndex", calls);
            List<Bytes> rawTxs = new ArrayList<>(receipts.size());
            for (int i = 0; i < receipts.size(); i++) {
                JsonNode raw = raws.get(i);
                try {
                    rawTxs.add(Bytes.fromHex(raw.asText()));
                } catch (IllegalArgumentException e) {
                    throw new VerificationFailedException(
                            chain, "transaction " + i + " of " + where + " is not hex", e);
                }
            }
            Bytes txRoot = transactionsRoot(rawTxs);
            if (!txRoot.equals(header.transactionsRoot())) {
                throw new VerificationFailedException(
                        chain,
                        "transactions of " + where + " do not match its"
                                + " transactionsRoot: they hash to " + txRoot + ", the verified header says "
                                + header.transactionsRoot());
            }
            List<String> hashes = rawTxs.stream()
                    .map(b -> org.web3j.crypto.Hash.sha3(b.toHex()).toLowerCase(Locale.ROOT))
                    .toList();
            VerifiedBlock vb = new VerifiedBlock(
                    header, List.copyOf(receipts), List.copyOf(rawTxs), hashes, trie, new EventsMemo());
            verifiedBlocks.put(header.hash(), vb);
            return vb;
        }

        /** The verified HTLC events of one verified block, in log order. */
        private List<VerifiedHtlcEvent> eventsOf(EthHeader header) {
            if (!LogsBloom.mayContain(header.logsBloom(), Bytes.fromHex(config.htlcContract()))) {
                return List.of();
            }
            VerifiedBlock vb = verifiedBlock(header);
            List<VerifiedHtlcEvent> known = vb.events().events;
            if (known != null) {
                return known;
            }
            List<VerifiedHtlcEvent> out = new ArrayList<>();
            int logIndex = 0;
            for (int i = 0; i < vb.receipts().size(); i++) {
                EthReceipt receipt = vb.receipts().get(i);
                for (EthLog l : receipt.logs()) {
                    int index = logIndex++;
                    if (receipt.succeeded() && l.address().toHex().equals(config.htlcContract())) {
                        htlcEvent(vb, i, index, l).ifPresent(out::add);
                    }
                }
            }
            List<VerifiedHtlcEvent> events = List.copyOf(out);
            vb.events().events = events;
            return events;
        }

        private EventBatch pullEvents(Checkpoint after, int max) {
            HeaderChain h = sync();
            if (!h.contains(after.block())) {
                EthHeader at = h.at(after.block().number());
                if (at != null || after.block().number() > h.tip().number()) {
                    if (at != null) {
                        throw new VerificationFailedException(
                                chain,
                                "checkpoint " + after.block() + " is not on the verified chain, which has " + ref(at)
                                        + " at that height");
                    }
                    // The node has not reached the checkpoint yet.
                    return new EventBatch(List.of(), List.of(), List.of(), after, headOf(h));
                }
                // Older than what is kept: restart verification from the checkpoint, which the caller got from us.
                h = new HeaderChain(chain, rules, config.finalityDepth(), trustedHeader(after.block()));
                headers = h;
                h = sync();
            }
            long finalNumber = h.finalized().number();
            List<VerifiedHtlcEvent> finals = new ArrayList<>();
            BlockRef checkpoint = after.block();
            for (long n = after.block().number() + 1; n <= finalNumber; n++) {
                EthHeader header = headerAt(h, n);
                List<VerifiedHtlcEvent> blockEvents = eventsOf(header);
                if (!finals.isEmpty() && finals.size() + blockEvents.size() > max) {
                    break;
                }
                finals.addAll(blockEvents);
                checkpoint = ref(header);
                if (finals.size() >= max) {
                    break;
                }
            }
            Map<EventOrigin, VerifiedHtlcEvent> pending = new LinkedHashMap<>();
            for (long n = Math.max(finalNumber, checkpoint.number()) + 1;
                    n <= h.tip().number();
                    n++) {
                for (VerifiedHtlcEvent e : eventsOf(headerAt(h, n))) {
                    pending.put(e.origin(), e);
                }
            }
            List<EventOrigin> retracted = new ArrayList<>();
            for (EventOrigin o : reportedPending.keySet()) {
                if (!pending.containsKey(o) && !h.contains(o.block())) {
                    retracted.add(o);
                }
            }
            reportedPending = pending;
            return new EventBatch(
                    finals, List.copyOf(pending.values()), retracted, new Checkpoint(chain, checkpoint), headOf(h));
        }
    }
}
