/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.ChainId;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * 100 transfers at once, 50 in each direction, from 50 Ethereum users and 50 Fabric identities (the Fabric adapter
 * has one transaction per signer in flight, so users each sign their own). Ethereum user {@code i} sends
 * {@code 100 + i} RUSD to Fabric user {@code i}, who sends {@code 300 + 2i} USD back. The relay's Fabric side
 * signs every destination lock and source claim there as one operator identity, one transaction at a time (about
 * two a second on the devnet): 100 of its transactions, so the source timelocks are 15 minutes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RelayLoadIT extends RelayFixture {
    private static final int PAIRS = 50;
    private static final Duration STEP = Duration.ofMinutes(6);
    private static final BigInteger FUNDS = BigInteger.valueOf(10_000);

    RelayLoadIT() {
        super("load");
    }

    /** Transfers/s and the median and p99 of the end-to-end seconds of the relayed run, for the floor to compare. */
    private double relayRate;

    private double[] relayTotals = new double[0];

    @Test
    @Order(1)
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
        relayRate = all.size() / wall;
        relayTotals = all.stream().mapToDouble(Transfer::total).sorted().toArray();
    }

    /**
     * The chain-only run: the same number of transfers with the same chain operations, done by the harness itself
     * with the operator's signers (the relay stopped first), each transfer on its own thread. Prints its figures and
     * the relay's against them. A benchmark, not a check of speed: run it with {@code -Dxrelay.load.floor=true}.
     */
    @Test
    @Order(2)
    @EnabledIfSystemProperty(
            named = "xrelay.load.floor",
            matches = "true",
            disabledReason = "a benchmark of about three minutes; run with -Dxrelay.load.floor=true")
    void the_same_chain_operations_without_the_relay_give_the_floor_the_relay_is_measured_against() {
        relay.close();
        List<ChainUser> eth = net.newEthUsers(PAIRS, FUNDS);
        List<ChainUser> fabric = net.newFabricUsers(PAIRS, FUNDS);
        Map<ChainId, ChainUser> operators =
                Map.of(Devnets.ETH, net.operatorUser(Devnets.ETH), Devnets.FABRIC, net.operatorUser(Devnets.FABRIC));
        List<FloorTransfer> all = new ArrayList<>();
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < PAIRS; i++) {
            FloorTransfer a = new FloorTransfer(
                    net, Transfer.of(net, eth.get(i), fabric.get(i), 100 + i, Devnets.LONG_TIMELOCK), operators);
            FloorTransfer b = new FloorTransfer(
                    net, Transfer.of(net, fabric.get(i), eth.get(i), 300 + 2L * i, Devnets.LONG_TIMELOCK), operators);
            all.add(a);
            all.add(b);
        }
        for (FloorTransfer t : all) {
            // one task per transfer: each step starts as soon as the one before is final
            tasks.add(CompletableFuture.runAsync(
                    () -> {
                        t.lock();
                        t.operatorLocks(STEP);
                        t.recipientClaims(STEP);
                        t.operatorClaims(STEP);
                        t.awaitDone(STEP);
                    },
                    Executors.POOL));
        }
        CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).join();
        double wall = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < PAIRS; i++) {
            BigInteger a = all.get(2 * i).transfer().amount();
            BigInteger b = all.get(2 * i + 1).transfer().amount();
            assertThat(net.balance(Devnets.ETH, eth.get(i).account(), net.token()))
                    .as("Ethereum user %d", i)
                    .isEqualTo(FUNDS.subtract(a).add(b));
            assertThat(net.balance(Devnets.FABRIC, fabric.get(i).account(), Devnets.USD))
                    .as("Fabric user %d", i)
                    .isEqualTo(FUNDS.add(a).subtract(b));
        }
        double floorRate = all.size() / wall;
        double[] floor = all.stream().mapToDouble(FloorTransfer::total).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "chain-only: %d transfers without the relay in %.1f s wall time, %.2f transfers/s;"
                        + " end to end p50 %.1f s, p99 %.1f s%n",
                all.size(),
                wall,
                floorRate,
                percentile(floor, 0.50),
                percentile(floor, 0.99));
        if (relayTotals.length > 0) {
            System.out.printf(
                    Locale.ROOT,
                    "relay: %.2f transfers/s = %.0f%% of the floor; end to end p50 %.1f s (floor %.1f s),"
                            + " p99 %.1f s (floor %.1f s): added p50 %.2f s, p99 %.2f s%n",
                    relayRate,
                    100 * relayRate / floorRate,
                    percentile(relayTotals, 0.50),
                    percentile(floor, 0.50),
                    percentile(relayTotals, 0.99),
                    percentile(floor, 0.99),
                    percentile(relayTotals, 0.50) - percentile(floor, 0.50),
                    percentile(relayTotals, 0.99) - percentile(floor, 0.99));
        }
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)];
    }
}
