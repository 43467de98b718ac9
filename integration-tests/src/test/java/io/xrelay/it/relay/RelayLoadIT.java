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
 * 100 transfers at once, 50 in each direction, from 50 Ethereum users and 50 Fabric identities (the Fabric adapter
 * has one transaction per signer in flight, so users each sign their own). Ethereum user {@code i} sends
 * {@code 100 + i} RUSD to Fabric user {@code i}, who sends {@code 300 + 2i} USD back. The relay's Fabric side
 * signs every destination lock and source claim there as one operator identity, one transaction at a time (about
 * two a second on the devnet): 100 of its transactions, so the source timelocks are 15 minutes.
 */
class RelayLoadIT extends RelayFixture {
    private static final int PAIRS = 50;
    private static final Duration STEP = Duration.ofMinutes(6);
    private static final BigInteger FUNDS = BigInteger.valueOf(10_000);

    RelayLoadIT() {
        super("load");
    }

    @Test
    void a_hundred_concurrent_transfers_in_both_directions_all_complete_and_conserve_balances() {
        List<ChainUser> eth = net.newEthUsers(PAIRS, FUNDS);
        List<ChainUser> fabric = net.newFabricUsers(PAIRS, FUNDS);
        BigInteger operatorEth = net.operatorBalance(Devnets.ETH);
        BigInteger operatorFabric = net.operatorBalance(Devnets.FABRIC);

        List<Transfer> ethToFabric = new ArrayList<>();
        List<Transfer> fabricToEth = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            ethToFabric.add(Transfer.of(net, eth.get(i), fabric.get(i), 100 + i, Devnets.LONG_TIMELOCK));
            fabricToEth.add(Transfer.of(net, fabric.get(i), eth.get(i), 300 + 2L * i, Devnets.LONG_TIMELOCK));
        }
        long start = System.nanoTime();
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            Transfer a = ethToFabric.get(i);
            Transfer b = fabricToEth.get(i);
            // one task per pair of users: each user's adapter is driven by one thread
            tasks.add(CompletableFuture.runAsync(
                    () -> {
                        a.lock();
                        b.lock();
                        a.awaitTargetLock(STEP);
                        b.awaitTargetLock(STEP);
                        a.claim(STEP);
                        b.claim(STEP);
                        a.awaitCompleted(STEP);
                        b.awaitCompleted(STEP);
                    },
                    Executors.POOL));
        }
        CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).join();
        double wall = (System.nanoTime() - start) / 1e9;

        BigInteger sumA = BigInteger.ZERO;
        BigInteger sumB = BigInteger.ZERO;
        for (int i = 0; i < PAIRS; i++) {
            BigInteger a = ethToFabric.get(i).amount();
            BigInteger b = fabricToEth.get(i).amount();
            sumA = sumA.add(a);
            sumB = sumB.add(b);
            assertThat(net.balance(Devnets.ETH, eth.get(i).account(), net.token()))
                    .as("Ethereum user %d", i)
                    .isEqualTo(FUNDS.subtract(a).add(b));
            assertThat(net.balance(Devnets.FABRIC, fabric.get(i).account(), Devnets.USD))
                    .as("Fabric user %d", i)
                    .isEqualTo(FUNDS.add(a).subtract(b));
        }
        assertThat(net.operatorBalance(Devnets.ETH))
                .isEqualTo(operatorEth.add(sumA).subtract(sumB));
        assertThat(net.operatorBalance(Devnets.FABRIC))
                .isEqualTo(operatorFabric.subtract(sumA).add(sumB));
        assertThat(net.escrow(Devnets.ETH)).isZero();
        List<Transfer> all = new ArrayList<>(ethToFabric);
        all.addAll(fabricToEth);
        for (Transfer t : all) {
            assertThat(net.watcher(t.destination()).locks(t.secret().hashLock()))
                    .as("%s: one destination lock", t)
                    .hasSize(1);
        }
        System.out.printf(
                "load: %d transfers (%d each way) completed in %.1f s wall time, %.2f transfers/s%n",
                all.size(), PAIRS, wall, all.size() / wall);
        System.out.print(Transfer.figures("load, Ethereum -> Fabric", ethToFabric));
        System.out.print(Transfer.figures("load, Fabric -> Ethereum", fabricToEth));
    }
}
