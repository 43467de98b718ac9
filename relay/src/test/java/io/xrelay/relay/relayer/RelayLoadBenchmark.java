/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.relayer;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.transfer.TransferView;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How much heap an idle transfer in flight costs: {@code N} transfers (default 10,000; {@code -Drelay-load.transfers})
 * from chain-a to chain-b on in-memory chains, each with its source lock and the relay's destination lock placed,
 * nobody claiming, timelocks an hour away. Prints the heap after a forced GC at three points (chains only, chains
 * with the source locks, the relay holding every transfer) and the heap per transfer, with the in-memory chains'
 * own cost per lock taken out; also how long the relay took to place the N destination locks.
 *
 * <p>Not a test: run with {@code ./mvnw -B -q -pl relay -am verify -Drelay-load.skip=false -DskipTests} (see
 * relay/pom.xml), or as a main class on the test class path.
 */
public final class RelayLoadBenchmark {
    private RelayLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("relay-load.transfers", 10_000);
        Path dataDir = Files.createTempDirectory("xrelay-load");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (TwoChains chains = new TwoChains()) {
            // twice the inventory needed: a lock between its send and its finality counts twice (see ChainActor), and
            // this harness measures memory, not how close to its inventory the relay can go
            chains.b.mint(TwoChains.OPERATOR, TwoChains.BBB, Amount.of(2L * n));
            long base = usedHeap(memory);

            for (int i = 0; i < n; i++) {
                Account sender = Account.of("sender-" + i);
                chains.a.mint(sender, TwoChains.AAA, Amount.of(1));
                chains.lock(TwoChains.A, sender, Account.of("recipient-" + i), 1, 1, Duration.ofHours(1));
            }
            long withSourceLocks = usedHeap(memory);
            double chainPerLock = (double) (withSourceLocks - base) / n;

            long start = System.nanoTime();
            Relay relay = Relay.start(chains.config(dataDir, ""), ChainActor.defaultAdapters(), TwoChains.clock());
            try {
                relay.ready().toCompletableFuture().get(120, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
                while (chains.b.escrowed(TwoChains.BBB).units().longValueExact() < n || countTargetLocked(relay) < n) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("only " + countTargetLocked(relay) + " of " + n
                                + " transfers reached TargetLocked in 20 minutes");
                    }
                    Thread.sleep(500);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long withTransfers = usedHeap(memory);
                double perTransfer = (double) (withTransfers - withSourceLocks) / n - chainPerLock;
                System.out.printf(
                        "relay-load: %d transfers TargetLocked in %.1f s (%.0f transfers/s)%n",
                        n, seconds, n / seconds);
                System.out.printf(
                        "relay-load: heap after GC: chains %,d B; with %d source locks %,d B (%.0f B per lock on an"
                                + " in-memory chain); with the relay holding every transfer %,d B%n",
                        base, n, withSourceLocks, chainPerLock, withTransfers);
                System.out.printf(
                        "relay-load: heap per idle transfer in flight: %.0f B (the relay's share, the destination"
                                + " chain's cost per lock taken out)%n",
                        perTransfer);
            } finally {
                relay.close();
            }
        }
    }

    private static long countTargetLocked(Relay relay) {
        List<TransferView> views = relay.transfers().toCompletableFuture().join();
        return views.stream().filter(v -> v.state().equals("TargetLocked")).count();
    }

    private static long usedHeap(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
