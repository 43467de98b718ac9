/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The driver of a test chain that {@link ChainAdapterContractTest} runs against: it makes accounts and adapters
 * and moves the chain (blocks, time) the way a devnet's control API does. A real adapter's test implements it
 * over its devnet (e.g. anvil's {@code evm_mine}, {@code evm_increaseTime}, {@code anvil_reorg}); the testkit's
 * own is over an {@link InMemoryChain}.
 *
 * <p>Every method returns once the chain reflects the change (a produced block is the node's head), or throws.
 */
public interface TestChain {
    /** The id every adapter of this chain reports. */
    ChainId chainId();

    /** The asset the contract tests lock: native or a token. */
    Asset testAsset();

    /**
     * A token asset distinct from {@link #testAsset()}, for the tests gated on
     * {@link ChainAdapterContractTest#supportsTokens()}.
     *
     * @throws UnsupportedOperationException if the chain has none (the default)
     */
    default Asset tokenAsset() {
        throw new UnsupportedOperationException(getClass().getName() + " has no token asset");
    }

    /**
     * A fresh account holding {@code amount} of {@code asset}, plus whatever the chain's fees need (native coin
     * for gas), which {@link #adapterFor(Account)} can sign for. Never returns an account returned before.
     */
    Account newFundedAccount(Asset asset, Amount amount);

    /** A fresh account holding nothing, used as a receiver; never returned before. */
    Account newAccount();

    /**
     * A new adapter instance signing with {@code account}, one returned by {@link #newFundedAccount}. The test
     * closes it.
     */
    ChainAdapter adapterFor(Account account);

    /** The balance of {@code account} in {@code asset} at the newest block, read directly from the chain. */
    Amount balance(Account account, Asset asset);

    /** The chain time: the newest block's timestamp (or the clock a new block will at least carry). */
    Instant chainTime();

    /** Moves the chain time forward by at least {@code duration} for the blocks produced from now on. */
    void advanceTime(Duration duration);

    /** Produces {@code count} blocks now, including pending transactions. */
    void produceBlocks(int count);

    /** A receiver the HTLC refuses with {@code InvalidReceiver} (the zero address), if the chain has one. */
    Optional<Account> invalidReceiver();

    /**
     * Replaces the newest {@code depth} blocks with other blocks, for the tests gated on
     * {@link ChainAdapterContractTest#supportsReorg()}; the replaced blocks' transactions may be included again
     * later or dropped.
     *
     * @throws UnsupportedOperationException if the chain cannot (the default)
     */
    default void reorg(int depth) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot reorg");
    }
}
