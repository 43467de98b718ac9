/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import java.time.Duration;

/**
 * The adapter TCK against an in-memory chain that mines only when told (so blocks hold several transactions and
 * events), final three blocks later, drops reorged transactions, 12 s per block, and locks a token.
 */
class InMemoryManualMiningContractTest extends ChainAdapterContractTest {
    @Override
    protected TestChain testChain() {
        return new InMemoryTestChain(
                InMemoryChain.builder(ChainId.of("mem-manual"))
                        .finalityDepth(3)
                        .autoMine(false)
                        .blockTime(Duration.ofSeconds(12))
                        .reorgPolicy(InMemoryChain.ReorgPolicy.DROP)
                        .build(),
                Asset.of("USD"),
                Asset.of("TKN"));
    }

    @Override
    protected Duration pollInterval() {
        return Duration.ofMillis(5); // stages complete while a block is mined: no need to give them time
    }

    @Override
    protected boolean supportsReorg() {
        return true;
    }

    @Override
    protected boolean supportsTokens() {
        return true;
    }
}
