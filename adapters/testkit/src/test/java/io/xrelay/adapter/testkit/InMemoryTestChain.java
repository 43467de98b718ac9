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
import java.util.concurrent.atomic.AtomicInteger;

/** The contract test's driver over an {@link InMemoryChain}. */
final class InMemoryTestChain implements TestChain {
    private final InMemoryChain chain;
    private final Asset testAsset;
    private final Asset tokenAsset;
    private final AtomicInteger accounts = new AtomicInteger();

    InMemoryTestChain(InMemoryChain chain, Asset testAsset, Asset tokenAsset) {
        this.chain = chain;
        this.testAsset = testAsset;
        this.tokenAsset = tokenAsset;
    }

    InMemoryChain chain() {
        return chain;
    }

    @Override
    public ChainId chainId() {
        return chain.id();
    }

    @Override
    public Asset testAsset() {
        return testAsset;
    }

    @Override
    public Asset tokenAsset() {
        return tokenAsset;
    }

    @Override
    public Account newFundedAccount(Asset asset, Amount amount) {
        Account account = newAccount();
        chain.mint(account, asset, amount);
        return account;
    }

    @Override
    public Account newAccount() {
        return Account.of("account-" + accounts.incrementAndGet());
    }

    @Override
    public ChainAdapter adapterFor(Account account) {
        return chain.newAdapter(account);
    }

    @Override
    public Amount balance(Account account, Asset asset) {
        return chain.balance(account, asset);
    }

    @Override
    public Instant chainTime() {
        return chain.now();
    }

    @Override
    public void advanceTime(Duration duration) {
        chain.advanceTime(duration);
    }

    @Override
    public void produceBlocks(int count) {
        chain.mineBlocks(count);
    }

    @Override
    public Optional<Account> invalidReceiver() {
        return Optional.of(InMemoryChain.ZERO_ACCOUNT);
    }

    @Override
    public void reorg(int depth) {
        chain.reorg(depth);
    }
}
