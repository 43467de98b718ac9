/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.relay.config.RelayConfig;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The end-to-end tests' fixture without the relay: both devnets come up funded, a user of each chain locks to the
 * operator and gets the amount back by refunding after expiry, each step seen as a verified final event, and the
 * relay configuration file names both chains and pairs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevnetsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private Devnets net;

    @BeforeAll
    void start() {
        long t0 = System.nanoTime();
        net = Devnets.start("devnets");
        System.out.printf("devnets: both devnets up and set up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    void stop() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void the_operator_is_funded_on_both_chains() {
        assertThat(net.operatorBalance(Devnets.ETH)).isEqualTo(Devnets.OPERATOR_FUNDS);
        assertThat(net.operatorBalance(Devnets.FABRIC)).isEqualTo(Devnets.OPERATOR_FUNDS);
    }

    @Test
    void the_relay_configuration_names_both_chains_and_both_pairs() {
        Config c = ConfigFactory.parseFile(net.configFile().toFile()).resolve();
        assertThat(c.getConfigList("xrelay.chains"))
                .extracting(x -> x.getString("id"))
                .containsExactly("eth-dev", "fabric-dev");
        assertThat(c.getConfigList("xrelay.pairs"))
                .extracting(x -> x.getString("from.chain") + "->" + x.getString("to.chain"))
                .containsExactlyInAnyOrder("eth-dev->fabric-dev", "fabric-dev->eth-dev");
        assertThat(c.getConfigList("xrelay.chains").get(0).getString("relay.clock-tolerance"))
                .isEqualTo("15s");
        assertThat(c.getConfigList("xrelay.chains").get(1).getString("relay.clock-tolerance"))
                .isEqualTo("60s");
    }

    @Test
    void the_relay_reads_its_configuration_file_as_written() {
        RelayConfig config = RelayConfig.load(net.configFile());
        assertThat(config.chains()).extracting(c -> c.id()).containsExactly(Devnets.ETH, Devnets.FABRIC);
        assertThat(config.chains()).extracting(c -> c.type()).containsExactly("ethereum", "fabric");
        assertThat(config.chains().get(0).relay().clockTolerance()).isEqualTo(Devnets.ETH_CLOCK_TOLERANCE);
        assertThat(config.chains().get(1).relay().clockTolerance()).isEqualTo(Devnets.FABRIC_CLOCK_TOLERANCE);
        assertThat(config.pairs()).hasSize(2);
        assertThat(config.timing().safetyMargin()).isEqualTo(Devnets.SAFETY_MARGIN);
        assertThat(config.timing().minDestinationWindow()).isEqualTo(Devnets.MIN_DESTINATION_WINDOW);
        assertThat(config.dataDir()).isEqualTo(net.dataDir());
    }

    @Test
    void users_of_both_chains_lock_to_the_operator_and_refund_after_expiry() {
        ChainUser eth = net.newEthUsers(1, BigInteger.valueOf(5_000)).get(0);
        ChainUser fabric = net.newFabricUsers(1, BigInteger.valueOf(5_000)).get(0);
        assertThat(net.balance(Devnets.ETH, eth.account(), net.token())).isEqualTo(5_000);
        assertThat(net.balance(Devnets.FABRIC, fabric.account(), Devnets.USD)).isEqualTo(5_000);

        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> lockAndRefund(eth, fabric));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> lockAndRefund(fabric, eth));
        CompletableFuture.allOf(a, b).join();
        assertThat(net.escrow(Devnets.ETH)).isZero();
    }

    @Test
    void fifty_users_of_each_chain_are_funded_at_once() {
        long t0 = System.nanoTime();
        List<ChainUser> eth = net.newEthUsers(50, BigInteger.valueOf(777));
        long t1 = System.nanoTime();
        List<ChainUser> fabric = net.newFabricUsers(50, BigInteger.valueOf(888));
        long t2 = System.nanoTime();
        System.out.printf(
                "devnets: 50 Ethereum users funded in %.1f s, 50 Fabric users in %.1f s%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        assertThat(eth).extracting(ChainUser::account).doesNotHaveDuplicates();
        assertThat(fabric).extracting(ChainUser::account).doesNotHaveDuplicates();
        for (ChainUser u : eth) {
            assertThat(net.balance(Devnets.ETH, u.account(), net.token())).isEqualTo(777);
        }
        for (ChainUser u : fabric) {
            assertThat(net.balance(Devnets.FABRIC, u.account(), Devnets.USD)).isEqualTo(888);
        }
    }

    private void lockAndRefund(ChainUser sender, ChainUser recipient) {
        var chain = sender.chain();
        var asset = net.asset(chain);
        Preimage secret = Preimage.random();
        LockRequest request = new LockRequest(
                net.operator(chain),
                secret.hashLock(),
                TimeLock.at(Instant.now().plusSeconds(8)),
                asset,
                Amount.of(1_234),
                recipient.chain(),
                recipient.account(),
                Amount.of(1_234));
        HtlcId id = sender.lock(request);
        HtlcEvent.Locked locked = net.watcher(chain).awaitLock(id, WAIT).event();
        assertThat(locked.terms().sender()).isEqualTo(sender.account());
        assertThat(locked.terms().receiver()).isEqualTo(net.operator(chain));
        assertThat(locked.terms().destinationRecipient()).isEqualTo(recipient.account());
        assertThat(net.balance(chain, sender.account(), asset)).isEqualTo(5_000 - 1_234);

        sleepUntil(request.timeLock().instant().plusSeconds(2));
        sender.refund(id);
        net.watcher(chain).awaitRefunded(id, WAIT);
        assertThat(net.balance(chain, sender.account(), asset)).isEqualTo(5_000);
        assertThat(net.watcher(recipient.chain()).locks(secret.hashLock())).isEmpty();
    }

    private static void sleepUntil(Instant t) {
        long millis = Duration.between(Instant.now(), t).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
