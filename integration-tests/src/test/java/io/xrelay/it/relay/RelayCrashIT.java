/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The relay killed with SIGKILL at each step of a transfer and started again on the same data: every transfer
 * completes, nobody is paid twice (each balance moves by exactly the amount, on both chains, the operator's
 * included) and there is one destination lock per transfer. The steps, one test each, in one relay's life:
 *
 * <ol>
 *   <li>after the source lock was seen: at the relay's {@code SourceLocked} line of an Ethereum -> Fabric transfer
 *       (a Fabric -> Ethereum one runs alongside);
 *   <li>after the destination lock was sent: a Fabric -> Ethereum transfer alone, killed as soon as the operator's
 *       lock is in anvil's pool (the operator's pending nonce grew);
 *   <li>after the destination claim was seen: at the relay's {@code TargetClaimed} line of an Ethereum -> Fabric
 *       transfer (a Fabric -> Ethereum one alongside);
 *   <li>after the source claim was sent: an Ethereum -> Fabric transfer alone, killed as soon as the operator's
 *       claim is in anvil's pool.
 * </ol>
 */
class RelayCrashIT extends RelayFixture {
    private static final Duration STEP = Duration.ofMinutes(3);
    private static final BigInteger FUNDS = BigInteger.valueOf(100_000);
    private static final List<String> HAPPY_PATH =
            List.of("SourceLocked", "TargetLocking", "TargetLocked", "TargetClaimed", "Completed");
    private static final List<String> FINAL = List.of("Completed", "SourceRefunded", "SourceClaimMissed");

    private final List<String> restarts = new ArrayList<>();

    RelayCrashIT() {
        super("crash");
    }

    @AfterAll
    void printRestarts() {
        System.out.print("crash: " + String.join("; ", restarts) + System.lineSeparator());
    }

    @Test
    void killed_after_the_source_lock_was_seen_the_relay_completes_both_transfers_after_a_restart() {
        Pair p = pair(5_001, 5_002);
        crashAt(List.of(p.ethToFabric, p.fabricToEth), () -> relay.findLine(
                        RelayProcess.stateLine(p.ethToFabric.transferId(), "SourceLocked"))
                .isPresent());
    }

    @Test
    void killed_after_the_destination_lock_was_sent_the_relay_completes_the_transfer_after_a_restart() {
        Pair p = pair(6_001, 6_002);
        long nonce = net.operatorPendingNonce();
        crashAt(List.of(p.fabricToEth), () -> net.operatorPendingNonce() > nonce);
    }

    @Test
    void killed_after_the_destination_claim_was_seen_the_relay_completes_both_transfers_after_a_restart() {
        Pair p = pair(7_001, 7_002);
        crashAt(List.of(p.ethToFabric, p.fabricToEth), () -> relay.findLine(
                        RelayProcess.stateLine(p.ethToFabric.transferId(), "TargetClaimed"))
                .isPresent());
    }

    @Test
    void killed_after_the_source_claim_was_sent_the_relay_completes_the_transfer_after_a_restart() {
        Pair p = pair(8_001, 8_002);
        long nonce = net.operatorPendingNonce();
        crashAt(List.of(p.ethToFabric), () -> net.operatorPendingNonce() > nonce);
    }

    private record Pair(Transfer ethToFabric, Transfer fabricToEth) {}

    private Pair pair(long ethToFabric, long fabricToEth) {
        List<ChainUser> eth = net.newEthUsers(2, FUNDS);
        List<ChainUser> fabric = net.newFabricUsers(2, FUNDS);
        return new Pair(
                Transfer.of(net, eth.get(0), fabric.get(0), ethToFabric, Devnets.LONG_TIMELOCK),
                Transfer.of(net, fabric.get(1), eth.get(1), fabricToEth, Devnets.LONG_TIMELOCK));
    }

    /**
     * Runs the transfers as their users would, kills the relay once {@code killNow} holds (polled every 20 ms), starts
     * it again, and checks that every transfer completed with exact balances.
     */
    private void crashAt(List<Transfer> transfers, BooleanSupplier killNow) {
        BigInteger operatorEth = net.operatorBalance(Devnets.ETH);
        BigInteger operatorFabric = net.operatorBalance(Devnets.FABRIC);
        List<CompletableFuture<Void>> flows = new ArrayList<>();
        for (Transfer t : transfers) {
            t.lock();
            flows.add(CompletableFuture.runAsync(
                    () -> {
                        t.awaitTargetLock(STEP);
                        t.claim(STEP);
                        t.awaitCompleted(STEP);
                    },
                    Executors.POOL));
        }
        long deadline = System.nanoTime() + STEP.toNanos();
        while (!killNow.getAsBoolean()) {
            assertThat(System.nanoTime())
                    .as("the step to kill at came within %s", STEP)
                    .isLessThan(deadline);
            assertThat(flows).as("no transfer finished before the kill").noneMatch(CompletableFuture::isDone);
            sleep(20);
        }
        relay.kill();
        long killedAt = System.nanoTime();
        Map<Transfer, String> loggedBeforeKill = new LinkedHashMap<>();
        for (Transfer t : transfers) {
            relay.lastState(t.transferId()).ifPresent(state -> loggedBeforeKill.put(t, state));
        }
        relay.restart();
        restarts.add(
                String.format(java.util.Locale.ROOT, "restart to ready %.1f s", (System.nanoTime() - killedAt) / 1e9));
        // Whatever the relay logged was persisted first: an open transfer is recovered at boot (before the ready
        // line, which restart() awaited) in that state or a later one (the kill may fall between a persist and
        // its log line).
        loggedBeforeKill.forEach((t, state) -> {
            if (FINAL.contains(state)) {
                return;
            }
            Optional<String> recovered = relay.currentRunLines(recoveredLine(t.transferId())).stream()
                    .findFirst();
            assertThat(recovered)
                    .as("%s, %s when killed, is recovered at boot from the journal", t, state)
                    .isPresent();
            Matcher m = recoveredLine(t.transferId()).matcher(recovered.orElseThrow());
            assertThat(m.find()).isTrue();
            assertThat(HAPPY_PATH.indexOf(m.group(1)))
                    .as("%s: recovered in %s, logged %s before the kill", t, m.group(1), state)
                    .isGreaterThanOrEqualTo(HAPPY_PATH.indexOf(state));
        });

        CompletableFuture.allOf(flows.toArray(CompletableFuture[]::new)).join();

        BigInteger ethDelta = BigInteger.ZERO;
        BigInteger fabricDelta = BigInteger.ZERO;
        for (Transfer t : transfers) {
            assertThat(net.balance(t.source(), t.sender().account(), net.asset(t.source())))
                    .as("%s: the sender paid once", t)
                    .isEqualTo(FUNDS.subtract(t.amount()));
            assertThat(net.balance(t.destination(), t.recipient().account(), net.asset(t.destination())))
                    .as("%s: the recipient was paid once", t)
                    .isEqualTo(FUNDS.add(t.amount()));
            assertThat(net.watcher(t.destination()).locks(t.secret().hashLock()))
                    .as("%s: one destination lock", t)
                    .hasSize(1);
            relay.awaitLineInAnyRun(RelayProcess.stateLine(t.transferId(), "Completed"), STEP);
            boolean fromEth = t.source().equals(Devnets.ETH);
            ethDelta = fromEth ? ethDelta.add(t.amount()) : ethDelta.subtract(t.amount());
            fabricDelta = fromEth ? fabricDelta.subtract(t.amount()) : fabricDelta.add(t.amount());
        }
        assertThat(net.operatorBalance(Devnets.ETH)).as("the operator's RUSD").isEqualTo(operatorEth.add(ethDelta));
        assertThat(net.operatorBalance(Devnets.FABRIC))
                .as("the operator's USD")
                .isEqualTo(operatorFabric.add(fabricDelta));
        assertThat(net.escrow(Devnets.ETH)).isZero();
    }

    private static Pattern recoveredLine(String transferId) {
        return Pattern.compile("transfer " + Pattern.quote(transferId) + " recovered in ([A-Za-z]+)");
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
