/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * One chain, seen through one node that is not trusted: every header or block the adapter relies on is verified
 * from the trust anchor in its configuration, and every event it reports comes with its inclusion proof.
 *
 * <p>Asynchronous: no method blocks the caller. A stage fails with a {@link ChainAdapterException} only. An
 * instance need not be thread-safe: exactly one actor owns it and is its only signer.
 */
public interface ChainAdapter extends AutoCloseable {
    ChainId chainId();

    /** The account this adapter signs with: the sender of its locks, the operator's account on this chain. */
    Account signer();

    /** The newest verified head and the newest final block. */
    CompletionStage<ChainHead> head();

    /** Locks from the signer's account; accepted by the node, not yet final. */
    CompletionStage<Submitted> lock(LockRequest request);

    /** Claims a lock with its preimage; pays the lock's stored receiver. */
    CompletionStage<Submitted> claim(ClaimRequest request);

    /** Refunds an expired lock; pays the lock's stored sender. */
    CompletionStage<Submitted> refund(RefundRequest request);

    /** Completes once {@code tx} is in a final block (or will never be), with the HTLC events it emitted. */
    CompletionStage<Finality> awaitFinality(TxRef tx);

    /**
     * The id this chain's HTLC gives a lock with {@code terms}, computed locally (lock ids are a hash of the terms),
     * so that a caller can record a lock's id before sending it and find out afterwards whether it landed.
     */
    HtlcId lockId(LockTerms terms);

    /**
     * Why {@code account} cannot receive a payout on this chain (its form is wrong for this chain, or the HTLC
     * refuses it as a receiver), or empty if it can.
     */
    Optional<String> accountProblem(Account account);

    /**
     * The signer's balance of {@code asset} at the newest block the node reports: the node's word, not verified
     * (a lock the balance cannot cover is refused with {@code InsufficientFunds} anyway).
     */
    CompletionStage<Amount> balance(Asset asset);

    /** The lock as the chain stores it now, or empty if the chain has no lock with that id. */
    CompletionStage<Optional<HtlcRecord>> htlc(HtlcId id);

    /**
     * Verified HTLC events after {@code after}, at most {@code max} final ones; resume with the returned checkpoint.
     * Never loses or repeats a final event across pulls.
     */
    CompletionStage<EventBatch> events(Checkpoint after, int max);

    /** The checkpoint this adapter's trust anchor defines: following starts after it. */
    Checkpoint trustAnchor();

    /**
     * Checks, before the relay relies on this adapter, that its configuration works against the chain: the node
     * answers, it serves the configured chain, the HTLC is there, the trust anchor is on the chain and verifies, the
     * signer's key is usable and its account can pay. Every check runs (a failed one does not stop the others,
     * unless it makes them meaningless: then they fail saying why) and is reported in order; the stage itself fails
     * only for a bug, never for a failed check. Reads only: sends nothing, changes no state of the adapter.
     */
    CompletionStage<List<PreflightCheck>> preflight();

    /** Releases connections and threads. Idempotent. */
    @Override
    void close();
}
