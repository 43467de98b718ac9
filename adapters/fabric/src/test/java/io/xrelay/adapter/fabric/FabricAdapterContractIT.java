/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.testkit.ChainAdapterContractTest;
import io.xrelay.adapter.testkit.TestChain;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The adapter TCK against the Fabric adapter on a real devnet: one network per class, started in a fresh state
 * folder under {@code target/} with the HTLC chaincode deployed, and stopped after the last test (also when a test
 * fails). The test asset and the token are two asset ids of the chaincode's ledger; nobody pays fees.
 *
 * <p>Timelocks are {@value #LOCK_SECONDS} s ahead: Fabric's time is the transaction timestamp and cannot be moved, so
 * the refund and expiry tests wait their timelocks out in real time (plus {@value #SLACK_SECONDS} s), while a claim,
 * committed within about a second, stays far inside the period.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FabricAdapterContractIT extends ChainAdapterContractTest {
    static final int LOCK_SECONDS = 30;
    static final int SLACK_SECONDS = 2;

    private @Nullable FabricTestChain chain;

    @BeforeAll
    void startDevnet() {
        chain = FabricTestChain.start(ChainId.of("fabric-tck"), FabricITs.newStateDir("fabric-tck"));
    }

    @AfterAll
    void stopDevnet() {
        FabricTestChain c = chain;
        if (c != null) {
            c.close();
        }
    }

    @Override
    protected TestChain testChain() {
        FabricTestChain c = chain;
        if (c == null) {
            throw new IllegalStateException("the devnet is not running");
        }
        return c;
    }

    @Override
    protected boolean supportsTokens() {
        return true;
    }

    @Override
    protected Duration lockPeriod() {
        return Duration.ofSeconds(LOCK_SECONDS);
    }

    @Override
    protected Duration expirySlack() {
        return Duration.ofSeconds(SLACK_SECONDS);
    }
}
