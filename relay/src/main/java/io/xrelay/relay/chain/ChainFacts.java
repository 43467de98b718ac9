/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.chain;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockTerms;
import java.time.Duration;
import java.util.Optional;

/**
 * The facts of one chain that other actors read synchronously: no I/O, thread-safe. A chain's actor publishes them
 * once its adapter is open and keeps {@link #finality()} up to date.
 */
public interface ChainFacts {
    ChainId chain();

    /** The operator's account on this chain: the adapter's signer, sender of the relay's locks. */
    Account operator();

    /** The id this chain's HTLC gives a lock with {@code terms} (computed locally). */
    HtlcId lockId(LockTerms terms);

    /** Why {@code account} cannot receive a payout on this chain, or empty if it can. */
    Optional<String> accountProblem(Account account);

    /** The larger of the configured finality time and the p99 of the last 100 measured submit-to-final latencies. */
    Duration finality();

    /** How far this chain's clock may differ from the relay's. */
    Duration clockTolerance();

    /** Whether the chain is paused by its admin: no new transfer starts from or to it. */
    default boolean paused() {
        return false;
    }
}
