/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.chain;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.testkit.InMemoryChain;
import io.xrelay.relay.config.RelayConfig;
import java.time.Duration;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;

/** Chains, accounts and requests shared by the chain package's tests. */
final class ChainTestSupport {
    static final Account OPERATOR = Account.of("relay");
    static final Account ALICE = Account.of("alice");
    static final Account BOB = Account.of("bob");
    static final Asset TOKEN = Asset.of("TKN");
    static final ChainId OTHER = ChainId.of("other");

    private ChainTestSupport() {}

    /** An actor system config with the in-memory journal and snapshot store of the persistence testkit. */
    static Config persistenceTestKitConfig() {
        return PersistenceTestKitPlugin.getInstance()
                .config()
                .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config())
                .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
                .withFallback(RelayConfig.actorSystemDefaults())
                .withFallback(ConfigFactory.load());
    }

    /** A lock from the adapter's signer for {@code receiver}, one hour after the chain's clock, with a new secret. */
    static LockRequest lockFor(InMemoryChain chain, Account receiver, long amount) {
        return new LockRequest(
                receiver,
                Preimage.random().hashLock(),
                TimeLock.at(chain.now().plus(Duration.ofHours(1))),
                TOKEN,
                Amount.of(amount),
                OTHER,
                BOB,
                Amount.ZERO);
    }
}
