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
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * N transfers through one relay on the devnets, half each way, kept {@code C} at a time: {@code C/2} pairs of users
 * (a fresh Ethereum user and a fresh Fabric identity), each pair with two lanes, one per direction, and each lane
 * running its transfers back to back until the N are done. On lane {@code (i, Ethereum -> Fabric)} Ethereum user
 * {@code i} sends {@code 100 + i} RUSD to Fabric user {@code i}; on lane {@code (i, Fabric -> Ethereum)} Fabric user
 * {@code i} sends {@code 300 + 2i} USD back. A transfer is the sender's lock, the relay's destination lock seen
 * final, the recipient's claim seen final and the relay's source claim seen final. The relay's Fabric side signs every
 * destination lock and source claim there as one operator identity, one transaction at a time, with the operations
 * that wait for it batched into the next.
 *
 * <p>{@code -Dxrelay.load.transfers=N} (even; 1,000 by default with the floor, 100 without, which is the test suite's
 * check) and {@code -Dxrelay.load.concurrency=C} (even; 100 by default). With {@code -Dxrelay.load.floor=true} the
 * same N transfers on the same lanes are then done by the harness itself without the relay (the chain-only floor),
 * and the relay's figures are printed against it. With C always in flight the run is saturated, and every
 * transfer's latency is C over the rate (Little's law): a relay that takes a share of the machine from the chains and
 * the harness shows as a lower rate and so as a longer latency; what the relay adds to each transfer shows unmasked
 * only without a queue (or with a smaller C). So the floor run also has an unloaded
 * probe, {@code -Dxrelay.load.probe=K} transfers each way (20 by default), one at a time in each direction, done
 * first through the relay and then without it: the difference of their latencies is the relay's added latency.
 * Each timed run, the relay's and the floor's, comes after {@code -Dxrelay.load.warmup=R} untimed rounds on every lane
 * (2 by default with the floor, none without): the relay is a fresh process whose code the JIT has yet to compile.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RelayLoadIT extends RelayFixture {
    private static final boolean FLOOR = Boolean.getBoolean("xrelay.load.floor");
    private static final int TRANSFERS = evenProperty("xrelay.load.transfers", FLOOR ? 1000 : 100);
    private static final int LANES = Math.min(evenProperty("xrelay.load.concurrency", 100), TRANSFERS);
    private static final int PAIRS = LANES / 2;
    private static final int PROBE = positiveProperty("xrelay.load.probe", 20);
    /**
     * Untimed rounds on every lane before each timed run, the relay's and the floor's: the relay is a fresh process
     * whose code the JIT has yet to compile, where the floor runs the same adapters in the harness, warm from the
     * relayed run. A long-running relay is warm.
     */
    private static final int WARMUP = nonNegativeProperty("xrelay.load.warmup", FLOOR ? 2 : 0);

    private static final Duration STEP = Duration.ofMinutes(6);
    /**
     * Each user's starting balance: enough for every transfer it sends in the relayed run, the floor run and the
     * probes (at most {@code 300 + 2 * PAIRS} each), whatever it gets back meanwhile.
     */
    private static final BigInteger FUNDS = BigInteger.valueOf(
            Math.max(10_000L, 2L * (TRANSFERS / LANES + 1 + WARMUP + PROBE + 1) * (300 + 2L * PAIRS)));

    RelayLoadIT() {
        super("load");
    }

    /** Transfers/s and the sorted end-to-end seconds of the relayed run, for the floor to compare. */
    private double relayRate;

    private double[] relayTotals = new double[0];

    /** The unloaded probe's transfers through the relay, both directions, for the floor's probe to compare. */
    private List<Transfer> relayProbe = List.of();

    /** The users, made by the relayed run and used again by the floor's, whose adapters have followed the chain. */
    private List<ChainUser> eth = List.of();

    private List<ChainUser> fabric = List.of();

    @Test
    @Order(1)
    void concurrent_transfers_in_both_directions_all_complete_and_conserve_balances() {
        eth = net.newEthUsers(PAIRS, FUNDS);
        fabric = net.newFabricUsers(PAIRS, FUNDS);
        runLanes(LANES, lane -> WARMUP, lane -> laneTransfer(lane).runToCompletion(STEP));
        List<BigInteger> before = balances();
        BigInteger operatorEth = net.operatorBalance(Devnets.ETH);
        BigInteger operatorFabric = net.operatorBalance(Devnets.FABRIC);

        List<Transfer> ethToFabric = Collections.synchronizedList(new ArrayList<>());
        List<Transfer> fabricToEth = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        runLanes(LANES, RelayLoadIT::rounds, lane -> {
            Transfer t = laneTransfer(lane);
            (lane % 2 == 0 ? ethToFabric : fabricToEth).add(t);
            t.runToCompletion(STEP);
        });
        double wall = (System.nanoTime() - start) / 1e9;

        List<Transfer> all = new ArrayList<>(ethToFabric);
        all.addAll(fabricToEth);
        assertThat(all).hasSize(TRANSFERS);
        BigInteger sumA = BigInteger.ZERO;
        BigInteger sumB = BigInteger.ZERO;
        for (int i = 0; i < PAIRS; i++) {
            sumA = sumA.add(sentToFabric(i));
            sumB = sumB.add(sentToEthereum(i));
        }
        assertUsersPaid(before);
        assertThat(net.operatorBalance(Devnets.ETH))
                .isEqualTo(operatorEth.add(sumA).subtract(sumB));
        assertThat(net.operatorBalance(Devnets.FABRIC))
                .isEqualTo(operatorFabric.subtract(sumA).add(sumB));
        assertThat(net.escrow(Devnets.ETH)).isZero();
        for (Transfer t : all) {
            assertThat(net.watcher(t.destination()).locks(t.secret().hashLock()))
                    .as("%s: one destination lock", t)
                    .hasSize(1);
        }
        relayRate = all.size() / wall;
        relayTotals = all.stream().mapToDouble(Transfer::total).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "load: %d transfers (%d each way, %d at a time) completed in %.1f s wall time, %.2f transfers/s;"
                        + " end to end p50 %.1f s, p99 %.1f s%n",
                all.size(),
                all.size() / 2,
                LANES,
                wall,
                relayRate,
                percentile(relayTotals, 0.50),
                percentile(relayTotals, 0.99));
        System.out.print(Transfer.figures("load, Ethereum -> Fabric", ethToFabric));
        System.out.print(Transfer.figures("load, Fabric -> Ethereum", fabricToEth));
    }

    /**
     * The unloaded probe through the relay: {@code K} transfers each way between the first pair of users, one at a
     * time in each direction, after the loaded run has drained. The floor run does the same without the relay.
     */
    @Test
    @Order(2)
    @EnabledIfSystemProperty(
            named = "xrelay.load.floor",
            matches = "true",
            disabledReason = "part of the benchmark; run with -Dxrelay.load.floor=true")
    void one_transfer_at_a_time_each_way_through_the_relay_for_its_added_latency() {
        List<BigInteger> before = balances();
        List<Transfer> probe = Collections.synchronizedList(new ArrayList<>());
        runLanes(2, lane -> PROBE, lane -> {
            Transfer t = probeTransfer(lane);
            probe.add(t);
            t.runToCompletion(STEP);
        });
        assertThat(probe).hasSize(2 * PROBE);
        assertProbePaid(before);
        relayProbe = List.copyOf(probe);
        System.out.print(
                Transfer.figures("probe through the relay, Ethereum -> Fabric", direction(probe, Devnets.ETH)));
        System.out.print(
                Transfer.figures("probe through the relay, Fabric -> Ethereum", direction(probe, Devnets.FABRIC)));
    }

    /**
     * The chain-only run: the same transfers on the same lanes with the same chain operations, done by the harness
     * itself (the relay stopped first) with the operator's signers through the same adapters the relay uses, each step
     * as soon as the one before is seen final. Prints its figures and the relay's against them. A benchmark, not a check of speed: run it with
     * {@code -Dxrelay.load.floor=true}.
     */
    @Test
    @Order(3)
    @EnabledIfSystemProperty(
            named = "xrelay.load.floor",
            matches = "true",
            disabledReason = "a benchmark as long as the relayed run; run with -Dxrelay.load.floor=true")
    void the_same_chain_operations_without_the_relay_give_the_floor_the_relay_is_measured_against() {
        relay.close();
        Map<ChainId, ChainUser> operators = Map.of(
                Devnets.ETH,
                net.operatorUser(Devnets.ETH, STEP),
                Devnets.FABRIC,
                net.operatorUser(Devnets.FABRIC, STEP));
        // one untimed transfer each way first: the operator's fresh adapters catch up with the chains, as the
        // relay's had before its run
        new FloorTransfer(net, Transfer.of(net, eth.get(0), fabric.get(0), 1, Devnets.LONG_TIMELOCK), operators)
                .run(STEP);
        new FloorTransfer(net, Transfer.of(net, fabric.get(0), eth.get(0), 1, Devnets.LONG_TIMELOCK), operators)
                .run(STEP);
        runLanes(LANES, lane -> WARMUP, lane -> new FloorTransfer(net, laneTransfer(lane), operators).run(STEP));
        List<BigInteger> before = balances();
        List<FloorTransfer> all = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        runLanes(LANES, RelayLoadIT::rounds, lane -> {
            FloorTransfer f = new FloorTransfer(net, laneTransfer(lane), operators);
            all.add(f);
            f.run(STEP);
        });
        double wall = (System.nanoTime() - start) / 1e9;
        assertThat(all).hasSize(TRANSFERS);
        assertUsersPaid(before);
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
        List<FloorTransfer> ethToFabric = all.stream()
                .filter(t -> t.transfer().source().equals(Devnets.ETH))
                .toList();
        List<FloorTransfer> fabricToEth = all.stream()
                .filter(t -> t.transfer().source().equals(Devnets.FABRIC))
                .toList();
        System.out.print(FloorTransfer.figures("chain-only, Ethereum -> Fabric", ethToFabric));
        System.out.print(FloorTransfer.figures("chain-only, Fabric -> Ethereum", fabricToEth));
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
        floorProbe(operators);
    }

    /** The unloaded probe without the relay, and the relay's added latency: the probes' difference. */
    private void floorProbe(Map<ChainId, ChainUser> operators) {
        List<BigInteger> before = balances();
        List<FloorTransfer> probe = Collections.synchronizedList(new ArrayList<>());
        runLanes(2, lane -> PROBE, lane -> {
            FloorTransfer f = new FloorTransfer(net, probeTransfer(lane), operators);
            probe.add(f);
            f.run(STEP);
        });
        assertThat(probe).hasSize(2 * PROBE);
        assertProbePaid(before);
        for (ChainId source : List.of(Devnets.ETH, Devnets.FABRIC)) {
            List<FloorTransfer> floor = probe.stream()
                    .filter(t -> t.transfer().source().equals(source))
                    .toList();
            String title = source.equals(Devnets.ETH) ? "Ethereum -> Fabric" : "Fabric -> Ethereum";
            System.out.print(FloorTransfer.figures("probe without the relay, " + title, floor));
            if (relayProbe.isEmpty()) {
                continue;
            }
            double[] f =
                    floor.stream().mapToDouble(FloorTransfer::total).sorted().toArray();
            double[] r = direction(relayProbe, source).stream()
                    .mapToDouble(Transfer::total)
                    .sorted()
                    .toArray();
            System.out.printf(
                    Locale.ROOT,
                    "added latency, unloaded, %s (%d each): end to end mean %.2f s (floor %.2f s), p50 %.2f s"
                            + " (floor %.2f s), p99 %.2f s (floor %.2f s): added mean %.3f s, p50 %.3f s,"
                            + " p99 %.3f s%n",
                    title,
                    PROBE,
                    mean(r),
                    mean(f),
                    percentile(r, 0.50),
                    percentile(f, 0.50),
                    percentile(r, 0.99),
                    percentile(f, 0.99),
                    mean(r) - mean(f),
                    percentile(r, 0.50) - percentile(f, 0.50),
                    percentile(r, 0.99) - percentile(f, 0.99));
        }
    }

    /**
     * The next transfer of load lane {@code lane}: on an even lane Ethereum user {@code i = lane / 2} sends
     * {@code 100 + i} to Fabric user {@code i}, on an odd one Fabric user {@code i} sends {@code 300 + 2i} back.
     */
    private Transfer laneTransfer(int lane) {
        int i = lane / 2;
        return lane % 2 == 0
                ? Transfer.of(net, eth.get(i), fabric.get(i), 100 + i, Devnets.LONG_TIMELOCK)
                : Transfer.of(net, fabric.get(i), eth.get(i), 300 + 2L * i, Devnets.LONG_TIMELOCK);
    }

    /** The next transfer of probe lane {@code lane}: 7 from the first Ethereum user on lane 0, 9 back on lane 1. */
    private Transfer probeTransfer(int lane) {
        return lane == 0
                ? Transfer.of(net, eth.get(0), fabric.get(0), 7, Devnets.LONG_TIMELOCK)
                : Transfer.of(net, fabric.get(0), eth.get(0), 9, Devnets.LONG_TIMELOCK);
    }

    private static List<Transfer> direction(List<Transfer> transfers, ChainId source) {
        return transfers.stream().filter(t -> t.source().equals(source)).toList();
    }

    /** The first pair's balances moved by exactly what a probe sent: 7 to Fabric and 9 back, K times. */
    private void assertProbePaid(List<BigInteger> before) {
        List<BigInteger> after = balances();
        BigInteger delta = BigInteger.valueOf(9 - 7).multiply(BigInteger.valueOf(PROBE));
        assertThat(after.get(0)).as("Ethereum user 0").isEqualTo(before.get(0).add(delta));
        assertThat(after.get(PAIRS))
                .as("Fabric user 0")
                .isEqualTo(before.get(PAIRS).subtract(delta));
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }

    /** What Ethereum user {@code i} sends to Fabric user {@code i} over the run. */
    private static BigInteger sentToFabric(int i) {
        return BigInteger.valueOf(100 + i).multiply(BigInteger.valueOf(rounds(2 * i)));
    }

    /** What Fabric user {@code i} sends to Ethereum user {@code i} over the run. */
    private static BigInteger sentToEthereum(int i) {
        return BigInteger.valueOf(300 + 2L * i).multiply(BigInteger.valueOf(rounds(2 * i + 1)));
    }

    /** Every user's balance: the Ethereum users' then the Fabric users'. */
    private List<BigInteger> balances() {
        List<BigInteger> b = new ArrayList<>();
        for (ChainUser u : eth) {
            b.add(net.balance(Devnets.ETH, u.account(), net.token()));
        }
        for (ChainUser u : fabric) {
            b.add(net.balance(Devnets.FABRIC, u.account(), Devnets.USD));
        }
        return b;
    }

    /** Each user's balance moved by exactly what the run's transfers sent and received. */
    private void assertUsersPaid(List<BigInteger> before) {
        List<BigInteger> after = balances();
        for (int i = 0; i < PAIRS; i++) {
            BigInteger delta = sentToEthereum(i).subtract(sentToFabric(i));
            assertThat(after.get(i))
                    .as("Ethereum user %d", i)
                    .isEqualTo(before.get(i).add(delta));
            assertThat(after.get(PAIRS + i))
                    .as("Fabric user %d", i)
                    .isEqualTo(before.get(PAIRS + i).subtract(delta));
        }
    }

    /** How many transfers lane {@code lane} runs: the N spread over the lanes, the first ones taking one more. */
    private static int rounds(int lane) {
        return TRANSFERS / LANES + (lane < TRANSFERS % LANES ? 1 : 0);
    }

    /**
     * Runs {@code lanes} lanes, each its {@code rounds} transfers back to back on a thread of its own, and waits for
     * all of them; the first failure fails the run.
     */
    private static void runLanes(int lanes, IntUnaryOperator rounds, IntConsumer transfer) {
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            int lane = i;
            tasks.add(CompletableFuture.runAsync(
                    () -> {
                        for (int r = 0; r < rounds.applyAsInt(lane); r++) {
                            transfer.accept(lane);
                        }
                    },
                    Executors.POOL));
        }
        CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).join();
    }

    private static int evenProperty(String name, int fallback) {
        String v = System.getProperty(name, "");
        int n;
        try {
            n = v.isBlank() ? fallback : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be a whole number, got '" + v + "'", e);
        }
        if (n < 2 || n % 2 != 0) {
            throw new IllegalArgumentException(
                    "-D" + name + " must be even and at least 2 (half go each way), got " + n);
        }
        return n;
    }

    private static int nonNegativeProperty(String name, int fallback) {
        return intProperty(name, fallback, 0);
    }

    private static int positiveProperty(String name, int fallback) {
        return intProperty(name, fallback, 1);
    }

    private static int intProperty(String name, int fallback, int least) {
        String v = System.getProperty(name, "");
        try {
            int n = v.isBlank() ? fallback : Integer.parseInt(v.strip());
            if (n >= least) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "-D" + name + " must be a whole number of at least " + least + ", got '" + v + "'");
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)];
    }
}
