/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
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
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcRecord;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.PreflightCheck;
import io.xrelay.adapter.RefundRequest;
import io.xrelay.adapter.Submitted;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerifiedHtlcEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A {@link ChainAdapter} of an {@link InMemoryChain}, signing with one account. Every stage it returns is already
 * complete, except {@link #awaitFinality}, which completes when the chain mines the block that makes the
 * transaction final (or drops it). Refusals happen at submission (see {@link InMemoryChain}).
 *
 * <p>{@link #events} returns final events in whole blocks only, since a {@link Checkpoint} names a block: it adds
 * blocks after the checkpoint while their events fit in {@code max}, always at least one block, so a single block
 * with more than {@code max} events is returned whole; the returned checkpoint is the last block added (or the
 * newest final block when the rest is empty). Pending events are those of every non-final block; retracted are
 * pending events this instance reported earlier whose block is no longer canonical, each reported once.
 *
 * <p>Thread-safe. After {@link #close()} every call fails with {@link ChainUnavailableException}.
 */
public final class InMemoryChainAdapter implements ChainAdapter {
    private final InMemoryChain chain;
    private final Account signer;
    private final Set<EventOrigin> reportedPending = new LinkedHashSet<>();
    private volatile boolean closed;

    InMemoryChainAdapter(InMemoryChain chain, Account signer) {
        this.chain = chain;
        this.signer = signer;
    }

    /** The chain this adapter sees, for tests to drive. */
    public InMemoryChain chain() {
        return chain;
    }

    @Override
    public ChainId chainId() {
        return chain.id();
    }

    @Override
    public Account signer() {
        return signer;
    }

    @Override
    public CompletionStage<ChainHead> head() {
        return call(chain::viewHead);
    }

    @Override
    public CompletionStage<Submitted> lock(LockRequest request) {
        LockTerms terms = request.terms(signer);
        return call(() -> new Submitted(chain.submitLock(signer, terms)));
    }

    @Override
    public CompletionStage<Submitted> claim(ClaimRequest request) {
        return call(() -> new Submitted(chain.submitClaim(signer, request.id(), request.preimage())));
    }

    @Override
    public CompletionStage<Submitted> refund(RefundRequest request) {
        return call(() -> new Submitted(chain.submitRefund(signer, request.id())));
    }

    @Override
    public CompletionStage<Finality> awaitFinality(TxRef tx) {
        try {
            ensureOpen();
            return chain.viewFinality(tx);
        } catch (ChainAdapterException e) {
            return CompletableFuture.failedStage(e);
        }
    }

    @Override
    public CompletionStage<Optional<HtlcRecord>> htlc(HtlcId id) {
        return call(() -> chain.viewHtlc(id));
    }

    @Override
    public HtlcId lockId(LockTerms terms) {
        return InMemoryProofs.lockId(terms);
    }

    @Override
    public Optional<String> accountProblem(Account account) {
        return account.equals(InMemoryChain.ZERO_ACCOUNT)
                ? Optional.of("account " + account + " is the zero account, which the HTLC refuses as a receiver")
                : Optional.empty();
    }

    @Override
    public CompletionStage<Amount> balance(Asset asset) {
        return call(() -> chain.balance(signer, asset));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code max} is not positive
     */
    @Override
    public CompletionStage<EventBatch> events(Checkpoint after, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        return call(() -> {
            synchronized (reportedPending) {
                EventBatch batch = chain.viewEvents(after, max, reportedPending);
                batch.retracted().forEach(reportedPending::remove);
                long finalized = batch.head().finalized().number();
                reportedPending.removeIf(origin -> origin.block().number() <= finalized);
                for (VerifiedHtlcEvent pending : batch.pending()) {
                    reportedPending.add(pending.origin());
                }
                return batch;
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>In memory: reachable unless the chain is {@linkplain InMemoryChain#setUnavailable(boolean) unavailable} or
     * this adapter is closed; the chain's id is the adapter's; the HTLC is built in; the trust anchor is the
     * chain's block at its number; any account name is a usable key; transactions cost no fee, so the signer needs
     * no funds to send.
     */
    @Override
    public CompletionStage<List<PreflightCheck>> preflight() {
        List<PreflightCheck> checks = new ArrayList<>();
        ChainHead head;
        try {
            ensureOpen();
            head = chain.viewHead();
        } catch (ChainAdapterException e) {
            String why = String.valueOf(e.getMessage());
            checks.add(PreflightCheck.fail(PreflightCheck.REACHABLE, why));
            for (String name : List.of(
                    PreflightCheck.CHAIN_ID,
                    PreflightCheck.HTLC_CODE,
                    PreflightCheck.TRUST_ANCHOR,
                    PreflightCheck.SIGNER_KEY,
                    PreflightCheck.SIGNER_FUNDS)) {
                checks.add(PreflightCheck.fail(name, "not checked: the chain is not reachable"));
            }
            return CompletableFuture.completedStage(List.copyOf(checks));
        }
        checks.add(PreflightCheck.pass(
                PreflightCheck.REACHABLE, "head #" + head.head().number()));
        checks.add(PreflightCheck.pass(PreflightCheck.CHAIN_ID, "in-memory chain " + chain.id()));
        checks.add(PreflightCheck.pass(PreflightCheck.HTLC_CODE, "the in-memory chain's built-in HTLC"));
        Checkpoint anchor = chain.trustAnchor();
        checks.add(chain.block(anchor.block().number())
                .filter(b -> b.hash().equals(anchor.block().hash()))
                .map(b -> PreflightCheck.pass(
                        PreflightCheck.TRUST_ANCHOR, "block " + anchor.block() + " is on the chain"))
                .orElseGet(() -> PreflightCheck.fail(
                        PreflightCheck.TRUST_ANCHOR, "block " + anchor.block() + " is not on the chain")));
        checks.add(PreflightCheck.pass(PreflightCheck.SIGNER_KEY, "account " + signer));
        checks.add(PreflightCheck.pass(PreflightCheck.SIGNER_FUNDS, "no fees on the in-memory chain"));
        return CompletableFuture.completedStage(List.copyOf(checks));
    }

    @Override
    public Checkpoint trustAnchor() {
        return chain.trustAnchor();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "InMemoryChainAdapter[" + chain.id() + " as " + signer + "]";
    }

    private <T> CompletionStage<T> call(Supplier<T> operation) {
        try {
            ensureOpen();
            return CompletableFuture.completedStage(operation.get());
        } catch (ChainAdapterException e) {
            return CompletableFuture.failedStage(e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ChainUnavailableException(chain.id(), "adapter " + this + " is closed", null);
        }
    }
}
