/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.LockTerms;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The relay end to end, as its users meet it: {@code xrelay run} on anvil and a Fabric devnet (see {@link Devnets}
 * for the set-up and the timing), users who lock, watch and claim with their own keys. The tests run at the same
 * time (each with its own users), so that the waits for timelocks overlap; at the end the operator's holdings
 * across both chains are what they were (1:1 pairs, no fee) and no escrow is left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.CONCURRENT)
class RelayEndToEndIT {
    private static final Duration STEP = Duration.ofSeconds(90);
    /** A refund is sent at its timelock + clock tolerance (60 s on Fabric), then must become final. */
    private static final Duration REFUND_WAIT = Duration.ofMinutes(5);

    private static final BigInteger FUNDS = BigInteger.valueOf(100_000);

    private Devnets net;
    private RelayProcess relay;
    private BigInteger operatorTotalBefore;

    @BeforeAll
    void start() {
        net = Devnets.start("e2e");
        relay = RelayProcess.start(net.configFile(), net.dir().resolve("relay.log"));
        operatorTotalBefore = net.operatorBalance(Devnets.ETH).add(net.operatorBalance(Devnets.FABRIC));
    }

    @AfterAll
    void stop() {
        try {
            if (relay != null) {
                relay.close();
            }
            if (net != null && operatorTotalBefore != null) {
                assertThat(net.escrow(Devnets.ETH))
                        .as("RUSD left in the HTLC contract")
                        .isZero();
                assertThat(net.operatorBalance(Devnets.ETH).add(net.operatorBalance(Devnets.FABRIC)))
                        .as("the operator's RUSD + USD after every transfer completed or was refunded")
                        .isEqualTo(operatorTotalBefore);
            }
        } finally {
            if (net != null) {
                net.close();
            }
        }
    }

    @Test
    void transfers_complete_in_both_directions_with_exact_balances_on_both_chains() {
        List<ChainUser> ethUsers = net.newEthUsers(4, FUNDS);
        List<ChainUser> fabricUsers = net.newFabricUsers(4, FUNDS);
        List<Transfer> transfers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            transfers.add(Transfer.of(net, ethUsers.get(i), fabricUsers.get(i), 1_000 + i, Devnets.LONG_TIMELOCK));
            transfers.add(
                    Transfer.of(net, fabricUsers.get(2 + i), ethUsers.get(2 + i), 2_000 + i, Devnets.LONG_TIMELOCK));
        }

        runConcurrently(transfers, t -> () -> t.runToCompletion(STEP));

        for (Transfer t : transfers) {
            assertThat(balance(t.sender(), t.source()))
                    .as("%s: the sender paid", t)
                    .isEqualTo(FUNDS.subtract(t.amount()));
            assertThat(balance(t.recipient(), t.destination()))
                    .as("%s: the recipient got the amount", t)
                    .isEqualTo(FUNDS.add(t.amount()));
            LockTerms target = t.targetLock().terms();
            assertThat(target.sender()).isEqualTo(net.operator(t.destination()));
            assertThat(target.receiver()).isEqualTo(t.recipient().account());
            assertThat(target.hashLock()).isEqualTo(t.secret().hashLock());
            assertThat(target.asset()).isEqualTo(net.asset(t.destination()));
            assertThat(target.amount()).isEqualTo(Amount.of(t.amount()));
            assertThat(target.destinationChain()).isEqualTo(t.source());
            assertThat(target.destinationRecipient()).isEqualTo(t.sender().account());
            assertThat(net.watcher(t.destination()).locks(t.secret().hashLock()))
                    .as("%s: exactly one destination lock", t)
                    .hasSize(1);
            LockTerms source = net.watcher(t.source())
                    .awaitLock(t.sourceId(), STEP)
                    .event()
                    .terms();
            assertThat(source.timeLock().epochSecond() - target.timeLock().epochSecond())
                    .as("%s: T_S - T_D covers the relay's margin", t)
                    .isGreaterThanOrEqualTo(Devnets.MARGIN.toSeconds());
            relay.awaitLine(RelayProcess.stateLine(t.transferId(), "Completed"), STEP);
        }
        System.out.print(Transfer.figures("happy path, both directions", transfers));
    }

    @Test
    void a_destination_lock_nobody_claims_is_refunded_to_the_operator_and_the_source_lock_to_the_sender() {
        ChainUser ethUser = net.newEthUsers(1, FUNDS).get(0);
        ChainUser fabricUser = net.newFabricUsers(1, FUNDS).get(0);
        List<ChainUser> recipients = List.of(fabricUser, ethUser);
        List<Transfer> transfers = List.of(
                Transfer.of(net, ethUser, fabricUser, 3_000, Devnets.SHORT_TIMELOCK),
                Transfer.of(net, fabricUser, ethUser, 4_000, Devnets.SHORT_TIMELOCK));

        runConcurrently(transfers, t -> () -> {
            t.lock();
            HtlcEvent.Locked target = t.awaitTargetLock(STEP);
            net.watcher(t.destination()).awaitRefunded(target.id(), REFUND_WAIT);
            net.watcher(t.source()).awaitRefunded(t.sourceId(), REFUND_WAIT);
        });

        for (Transfer t : transfers) {
            assertThat(net.watcher(t.destination()).claimed(t.targetLock().id()))
                    .isEmpty();
            assertThat(net.watcher(t.source()).claimed(t.sourceId())).isEmpty();
            relay.awaitLine(RelayProcess.stateLine(t.transferId(), "SourceRefunded"), STEP);
        }
        for (ChainUser u : recipients) {
            assertThat(balance(u, u.chain()))
                    .as("%s got its own refund back and nothing else", u)
                    .isEqualTo(FUNDS);
        }
    }

    @Test
    void a_lock_with_too_short_a_timelock_or_an_unlisted_asset_is_rejected_and_refunded_to_the_sender() {
        List<ChainUser> ethUsers = net.newEthUsers(2, FUNDS);
        List<ChainUser> fabricUsers = net.newFabricUsers(2, FUNDS);
        Duration tooShort = Duration.ofSeconds(60);
        List<Transfer> transfers = List.of(
                Transfer.of(net, ethUsers.get(0), fabricUsers.get(0), 500, tooShort),
                Transfer.of(net, fabricUsers.get(0), ethUsers.get(0), 600, tooShort),
                Transfer.of(net, ethUsers.get(1), fabricUsers.get(1), 700, net.unlistedToken(), Devnets.SHORT_TIMELOCK),
                Transfer.of(net, fabricUsers.get(1), ethUsers.get(1), 800, Asset.of("EUR"), Devnets.SHORT_TIMELOCK));
        List<String> reasons = List.of("TimelockTooShort", "TimelockTooShort", "UnknownPair", "UnknownPair");

        runConcurrently(transfers, t -> () -> {
            t.lock();
            net.watcher(t.source()).awaitRefunded(t.sourceId(), REFUND_WAIT);
        });

        for (int i = 0; i < transfers.size(); i++) {
            Transfer t = transfers.get(i);
            String rejected = relay.awaitLine(RelayProcess.stateLine(t.transferId(), "Rejected"), STEP);
            assertThat(rejected).as("%s: the reason", t).contains(reasons.get(i));
            assertThat(net.watcher(t.destination()).locks(t.secret().hashLock()))
                    .as("%s: no destination lock", t)
                    .isEmpty();
        }
        for (ChainUser u : ethUsers) {
            assertThat(net.balance(Devnets.ETH, u.account(), net.token())).isEqualTo(FUNDS);
            assertThat(net.balance(Devnets.ETH, u.account(), net.unlistedToken()))
                    .isEqualTo(FUNDS);
        }
        for (ChainUser u : fabricUsers) {
            assertThat(net.balance(Devnets.FABRIC, u.account(), Devnets.USD)).isEqualTo(FUNDS);
            assertThat(net.balance(Devnets.FABRIC, u.account(), Asset.of("EUR")))
                    .isEqualTo(FUNDS);
        }
    }

    private BigInteger balance(ChainUser u, ChainId chain) {
        return net.balance(chain, u.account(), net.asset(chain));
    }

    /** Runs one task per transfer at the same time and rethrows the first failure. */
    static void runConcurrently(List<Transfer> transfers, Function<Transfer, Runnable> task) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Transfer t : transfers) {
            all.add(CompletableFuture.runAsync(task.apply(t), Executors.POOL));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }
}
