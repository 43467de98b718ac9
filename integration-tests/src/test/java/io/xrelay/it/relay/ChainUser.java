/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainAdapterException;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ClaimRequest;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.RefundRequest;
import io.xrelay.adapter.Submitted;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A user of one chain, as a wallet would act for them: a chain adapter signing with the user's own key (Ethereum) or
 * client identity (Fabric). Calls block the calling test thread until the node accepted the transaction; that it
 * became final the test learns from the verified events of {@link ChainWatcher}. One adapter serialises its own
 * submissions (on Fabric: one transaction in flight per signer), so a user is driven from one thread at a time.
 */
final class ChainUser implements AutoCloseable {
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(90);

    private final Duration submitTimeout;

    private final ChainId chain;
    private final ChainAdapter adapter;
    private final Account account;

    ChainUser(ChainId chain, ChainAdapter adapter) {
        this(chain, adapter, SUBMIT_TIMEOUT);
    }

    /**
     * A user whose submissions may wait {@code submitTimeout} for the node's answer, queueing included: longer than the
     * default for a signer shared by many transfers at once, whose adapter queues them behind one another.
     */
    ChainUser(ChainId chain, ChainAdapter adapter, Duration submitTimeout) {
        this.submitTimeout = submitTimeout;
        this.chain = chain;
        this.adapter = adapter;
        this.account = adapter.signer();
    }

    ChainId chain() {
        return chain;
    }

    Account account() {
        return account;
    }

    /** The id the chain gives this user's lock of {@code request}: computed locally, before sending. */
    HtlcId lockId(LockRequest r) {
        return adapter.lockId(r.terms(account));
    }

    /** Locks from this user's account; returns the lock's id once the node accepted it. */
    HtlcId lock(LockRequest request) {
        HtlcId id = lockId(request);
        await(adapter.lock(request), "lock " + id);
        return id;
    }

    /** Claims lock {@code id} with {@code secret} (pays the lock's receiver). */
    Submitted claim(HtlcId id, Preimage secret) {
        return await(adapter.claim(new ClaimRequest(id, secret)), "claim " + id);
    }

    /** Refunds expired lock {@code id} (pays the lock's sender). */
    Submitted refund(HtlcId id) {
        return await(adapter.refund(new RefundRequest(id)), "refund " + id);
    }

    private <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(submitTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ChainAdapterException c) {
                throw c;
            }
            throw new IllegalStateException(chain + ": " + what + " by " + account + " failed", cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    chain + ": " + what + " by " + account + " got no answer in " + submitTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + what, e);
        }
    }

    @Override
    public void close() {
        adapter.close();
    }

    @Override
    public String toString() {
        return chain + " user " + account;
    }
}
