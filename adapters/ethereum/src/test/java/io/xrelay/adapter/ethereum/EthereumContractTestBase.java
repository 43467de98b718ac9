/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.testkit.ChainAdapterContractTest;
import io.xrelay.adapter.testkit.TestChain;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The adapter TCK against the Ethereum adapter on a real anvil: one anvil per test class (automine), the HTLC
 * contract and test tokens deployed, adapters made through the registry with the genesis block as trust anchor and
 * a finality depth of 2, so a block stays pending for two blocks and a reorg can replace it. A subclass picks the
 * asset the TCK locks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EthereumContractTestBase extends ChainAdapterContractTest {
    private @Nullable AnvilTestChain chain;

    /** Whether the TCK's test asset is an ERC-20 token rather than ETH. */
    abstract boolean locksToken();

    @BeforeAll
    final void startAnvil() {
        chain = AnvilTestChain.start(ChainId.of(locksToken() ? "anvil-tck-token" : "anvil-tck"), locksToken());
    }

    @AfterAll
    final void stopAnvil() {
        AnvilTestChain c = chain;
        if (c != null) {
            c.close();
        }
    }

    @Override
    protected TestChain testChain() {
        AnvilTestChain c = chain;
        if (c == null) {
            throw new IllegalStateException("anvil is not running");
        }
        return c;
    }

    @Override
    protected boolean supportsReorg() {
        return true;
    }

    @Override
    protected boolean supportsTokens() {
        return true;
    }

    /** Gas is paid in ETH, so an ETH signer's balance moves by more than it locks; a token signer's does not. */
    @Override
    protected boolean signersPayFeesIn(Asset asset) {
        return asset.isNative();
    }

    @Override
    protected Duration pollInterval() {
        return Duration.ofMillis(50);
    }
}
