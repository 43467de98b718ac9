/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A chain node down for 30 s in the middle of transfers: anvil is stopped (its chain kept with
 * {@code anvil_dumpState}) once the relay has seen both source locks, and started again on the same port with that
 * state ({@code anvil_loadState}; blocks keep their hashes, the pool is lost). The relay waits, catches up from its
 * checkpoint and completes both transfers.
 *
 * <p>Likewise Fabric's orderer, stopped and started again through {@code fabric-devnet.sh stop-node/start-node}
 * (its data kept): nothing is ordered meanwhile, the peers still serve the blocks there are.
 */
class RelayOutageIT extends RelayFixture {
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration STEP = Duration.ofMinutes(3);
    private static final BigInteger FUNDS = BigInteger.valueOf(100_000);

    RelayOutageIT() {
        super("outage");
    }

    @Test
    void the_relay_waits_out_an_anvil_outage_and_completes_the_transfers() {
        outage("anvil", () -> net.anvil().stop(), () -> net.anvil().restart());
    }

    @Test
    void the_relay_waits_out_an_orderer_outage_and_completes_the_transfers() {
        outage(
                "the Fabric orderer",
                () -> net.fabricNode("stop-node", "orderer"),
                () -> net.fabricNode("start-node", "orderer"));
    }

    private void outage(String node, Runnable stopNode, Runnable startNode) {
        List<ChainUser> eth = net.newEthUsers(2, FUNDS);
        List<ChainUser> fabric = net.newFabricUsers(2, FUNDS);
        List<Transfer> transfers = List.of(
                Transfer.of(net, eth.get(0), fabric.get(0), 9_001, Devnets.LONG_TIMELOCK),
                Transfer.of(net, fabric.get(1), eth.get(1), 9_002, Devnets.LONG_TIMELOCK));
        assertThat(relay.isRunning()).as("the relay runs").isTrue();
        BigInteger operatorEth = net.operatorBalance(Devnets.ETH);
        BigInteger operatorFabric = net.operatorBalance(Devnets.FABRIC);

        List<CompletableFuture<Void>> flows = new ArrayList<>();
        for (Transfer t : transfers) {
            t.lock();
        }
        for (Transfer t : transfers) {
            relay.awaitLine(RelayProcess.stateLine(t.transferId(), "SourceLocked"), STEP);
        }
        stopNode.run();
        long stoppedAt = System.nanoTime();
        for (Transfer t : transfers) {
            flows.add(CompletableFuture.runAsync(
                    () -> {
                        t.awaitTargetLock(STEP);
                        t.claim(STEP);
                        t.awaitCompleted(STEP);
                    },
                    Executors.POOL));
        }
        sleep(OUTAGE.toMillis());
        assertThat(relay.isRunning()).as("the relay survives the outage").isTrue();
        startNode.run();
        long restartedAt = System.nanoTime();

        CompletableFuture.allOf(flows.toArray(CompletableFuture[]::new)).join();
        long doneAt = System.nanoTime();

        for (Transfer t : transfers) {
            assertThat(net.balance(t.source(), t.sender().account(), net.asset(t.source())))
                    .isEqualTo(FUNDS.subtract(t.amount()));
            assertThat(net.balance(t.destination(), t.recipient().account(), net.asset(t.destination())))
                    .isEqualTo(FUNDS.add(t.amount()));
            relay.awaitLine(RelayProcess.stateLine(t.transferId(), "Completed"), STEP);
        }
        BigInteger a = transfers.get(0).amount();
        BigInteger b = transfers.get(1).amount();
        assertThat(net.operatorBalance(Devnets.ETH))
                .isEqualTo(operatorEth.add(a).subtract(b));
        assertThat(net.operatorBalance(Devnets.FABRIC))
                .isEqualTo(operatorFabric.subtract(a).add(b));
        System.out.printf(
                "outage: %s down %.1f s; both transfers completed %.1f s after its restart%n",
                node, (restartedAt - stoppedAt) / 1e9, (doneAt - restartedAt) / 1e9);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
