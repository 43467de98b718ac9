/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;

/**
 * The adapter TCK against an in-memory chain with the defaults: a block per transaction, final at once (so no
 * reorg can happen), native coin.
 */
class InMemoryInstantFinalityContractTest extends ChainAdapterContractTest {
    @Override
    protected TestChain testChain() {
        return new InMemoryTestChain(InMemoryChain.create(ChainId.of("mem-instant")), Asset.NATIVE, Asset.of("TKN"));
    }
}
