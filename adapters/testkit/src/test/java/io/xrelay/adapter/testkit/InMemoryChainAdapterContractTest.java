/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import java.time.Duration;

/**
 * The adapter TCK against the in-memory chain as a relay test would use it: a block per transaction, final two
 * blocks later, reorged transactions requeued, native coin.
 */
class InMemoryChainAdapterContractTest extends ChainAdapterContractTest {
    @Override
    protected TestChain testChain() {
        return new InMemoryTestChain(
                InMemoryChain.builder(ChainId.of("mem-auto"))
                        .finalityDepth(2)
                        .autoMine(true)
                        .reorgPolicy(InMemoryChain.ReorgPolicy.REQUEUE)
                        .build(),
                Asset.NATIVE,
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
