/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static io.xrelay.adapter.ethereum.HtlcDevnet.await;
import static io.xrelay.adapter.ethereum.HtlcDevnet.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainHead;
import io.xrelay.adapter.ChainUnavailableException;
import io.xrelay.adapter.EventBatch;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Submitted;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.TxRef;
import io.xrelay.contracts.evm.devnet.AnvilOptions;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The adapter while its node is down: anvil is stopped ({@code Anvil.stop()}, which keeps the chain) while a lock
 * waits in the pool for finality. Every call fails as retryable {@link ChainUnavailableException}; after
 * {@code Anvil.restart()} the adapter goes on from the blocks it had verified, the pending wait completes and head
 * moves again. Anvil's restart keeps its blocks (same hashes) but not its pool: the lock lands only because the
 * nonce manager broadcasts it again. And while the node is slow: a balance read, which needs no verified state, is
 * answered while the worker still waits on the node. Finality depth {@value #DEPTH}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeOutageIT {
    private static final int DEPTH = 2;

    private HtlcDevnet net;

    @BeforeAll
    void start_anvil() {
        net = HtlcDevnet.start(AnvilOptions.defaults());
    }

    @AfterAll
    void stop_anvil() {
        net.close();
    }

    @Test
    void calls_fail_as_unavailable_while_the_node_is_down_and_everything_resumes_after_its_restart() throws Exception {
        try (ChainAdapter adapter = HtlcDevnet.adapter(net.config(net.url(), DEPTH))) {
            EventFollower follower = new EventFollower(adapter, 10);
            follower.drain();
            ChainHead before = await(adapter.head());
            LockRequest r = net.lockRequest(7_000, before.headTime());
            net.anvil.setAutomine(false);
            TxRef tx = await(adapter.lock(r)).tx();
            CompletionStage<Finality> finality = adapter.awaitFinality(tx);
            assertThat(net.knows(tx)).isTrue();

            net.anvil.stop();

            for (CompletionStage<?> call : List.of(
                    adapter.head(),
                    adapter.events(follower.checkpoint(), 10),
                    adapter.lock(net.lockRequest(7_001, before.headTime())),
                    adapter.htlc(lockedEvent(r).id()))) {
                Throwable t = failure(call);
                assertThat(t).isInstanceOf(ChainUnavailableException.class);
                assertThat(((ChainUnavailableException) t).retryable()).isTrue();
                assertThat(t).hasMessageContaining(net.anvil.rpcUrl());
            }
            Thread.sleep(1_000); // ten polls against a dead node
            assertThat(finality.toCompletableFuture()).isNotDone();

            net.anvil.restart();
            assertThat(net.header(before.head().number()).hash())
                    .as("the restarted node has the blocks the adapter verified")
                    .isEqualTo(before.head().hash());

            Finality f = net.mineUntilDone(finality, "finality of the lock sent before the outage");
            assertThat(f).isInstanceOf(Finality.Committed.class);
            long block = net.blockOf(tx);
            assertThat(((Finality.Committed) f).block())
                    .isEqualTo(new BlockRef(block, net.header(block).hash()));
            assertThat(((Finality.Committed) f).events()).singleElement().satisfies(e -> assertThat(e.event())
                    .isEqualTo(lockedEvent(r)));

            ChainHead after = await(adapter.head());
            assertThat(after.head().number()).isGreaterThan(before.head().number());
            assertThat(after.finalized().number()).isGreaterThanOrEqualTo(block);
            follower.drain();
            assertThat(follower.finalsOf(lockedEvent(r).id())).hasSize(1);
            follower.assertTruthful(net, List.of());
        } finally {
            if (net.anvil.isRunning()) {
                net.anvil.setAutomine(true);
            }
        }
    }

    @Test
    void a_balance_read_does_not_wait_behind_a_slow_node_call_of_the_event_follower() throws Exception {
        try (TamperingRpcProxy proxy = TamperingRpcProxy.start(net.url());
                ChainAdapter adapter = HtlcDevnet.adapter(net.config(proxy.url(), DEPTH))) {
            await(adapter.head()); // verified from the anchor while the node is quick
            proxy.delay("eth_blockNumber", Duration.ofSeconds(4));
            CompletionStage<ChainHead> slow = adapter.head(); // holds the event follower for 4 s

            Amount balance = await(adapter.balance(Asset.NATIVE));

            assertThat(slow.toCompletableFuture())
                    .as("the balance was read while the worker still waited for the node")
                    .isNotDone();
            BigInteger onChain = new BigInteger(
                    net.call("eth_getBalance", net.operator.address(), "latest")
                            .asText()
                            .substring(2),
                    16);
            assertThat(balance).isEqualTo(Amount.of(onChain));
            assertThat(await(slow).head().number()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void an_event_pull_does_not_wait_behind_a_slow_send_nor_a_send_behind_a_slow_event_pull() throws Exception {
        try (TamperingRpcProxy proxy = TamperingRpcProxy.start(net.url());
                ChainAdapter adapter = HtlcDevnet.adapter(net.config(proxy.url(), DEPTH))) {
            Instant chainTime = await(adapter.head()).headTime();
            proxy.delay("eth_estimateGas", Duration.ofSeconds(4));
            CompletionStage<Submitted> slowSend = adapter.lock(net.lockRequest(1_100, chainTime));

            EventBatch pulled = await(adapter.events(adapter.trustAnchor(), 1_000));

            assertThat(slowSend.toCompletableFuture())
                    .as("events were pulled while the send still waited for the node")
                    .isNotDone();
            TxRef sent = await(slowSend).tx();
            long block = net.minedBlockOf(sent);
            proxy.clearRules();
            proxy.delay("eth_getBlockReceipts", Duration.ofSeconds(4));
            // The lock's block is new to the follower, which reads its receipts for its (pending) events.
            CompletionStage<EventBatch> slowPull = adapter.events(pulled.checkpoint(), 1_000);

            TxRef next = await(adapter.lock(net.lockRequest(1_101, chainTime))).tx();

            assertThat(slowPull.toCompletableFuture())
                    .as("a lock was sent while the event pull still waited for the node")
                    .isNotDone();
            assertThat(next).isNotEqualTo(sent);
            assertThat(await(slowPull).pending()).anySatisfy(e -> assertThat(e.origin())
                    .satisfies(o -> assertThat(o.tx()).isEqualTo(sent))
                    .satisfies(o -> assertThat(o.block().number()).isEqualTo(block)));
        }
    }

    @Test
    void an_awaited_transaction_is_asked_about_once_then_found_in_the_new_final_blocks() throws Exception {
        Map<String, Object> config = net.config(URI.create("http://placeholder"), DEPTH);
        config.put("rebroadcast-after", "30s"); // no periodic pass of every waiter during the test
        config.put("finality-depth", 10); // anvil mines each lock in a block of its own: none of them final yet
        net.anvil.mine(10); // the blocks of earlier tests (some without HTLC logs) final before the locks
        try (TamperingRpcProxy proxy = TamperingRpcProxy.start(net.url())) {
            config.put("rpc-url", proxy.url().toString());
            try (ChainAdapter adapter = HtlcDevnet.adapter(config)) {
                Instant chainTime = await(adapter.head()).headTime();
                List<TxRef> sent = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    sent.add(await(adapter.lock(net.lockRequest(1_000 + i, chainTime)))
                            .tx());
                }
                int before = proxy.calls("eth_getTransactionReceipt");
                List<CompletableFuture<Finality>> outcomes = sent.stream()
                        .map(tx -> adapter.awaitFinality(tx).toCompletableFuture())
                        .toList();

                Thread.sleep(1_500); // some 15 polls; anvil mines only on demand, so the final block stays

                assertThat(outcomes).noneMatch(CompletableFuture::isDone);
                assertThat(proxy.calls("eth_getTransactionReceipt") - before)
                        .as("one receipt per awaited transaction while the final block stands")
                        .isEqualTo(sent.size());
                for (int i = 0; i < sent.size(); i++) {
                    Finality f = net.mineUntilDone(outcomes.get(i), "the lock's finality");
                    assertThat(f).isInstanceOf(Finality.Committed.class);
                    assertThat(f.tx()).isEqualTo(sent.get(i));
                    assertThat(((Finality.Committed) f).events())
                            .singleElement()
                            .satisfies(e -> assertThat(e.event()).isInstanceOf(HtlcEvent.Locked.class));
                }
                assertThat(proxy.calls("eth_getTransactionReceipt") - before)
                        .as("settled from the proven transactions of the new final blocks, with no receipt asked")
                        .isEqualTo(sent.size());
            }
        }
    }

    @Test
    void a_transaction_awaited_in_a_block_without_htlc_logs_is_asked_about_and_settled() throws Exception {
        Map<String, Object> config = net.config(URI.create("http://placeholder"), DEPTH);
        // No periodic pass of every waiter within the test's timeout: only the final block's moving settles it.
        config.put("rebroadcast-after", "5m");
        try (TamperingRpcProxy proxy = TamperingRpcProxy.start(net.url())) {
            config.put("rpc-url", proxy.url().toString());
            try (ChainAdapter adapter = HtlcDevnet.adapter(config)) {
                // A lock mined after its timelock reverts (TimelockInPast): its block holds no HTLC log.
                TimeLock soon = TimeLock.at(await(adapter.head()).headTime().plusSeconds(600));
                net.anvil.setAutomine(false);
                TxRef tx;
                try {
                    tx = await(adapter.lock(net.lockRequest(1_200, soon))).tx();
                    net.anvil.setNextBlockTimestamp(soon.epochSecond() + 1);
                    net.anvil.mine(1);
                } finally {
                    net.anvil.setAutomine(true);
                }
                long block = net.minedBlockOf(tx);
                CompletionStage<Finality> outcome = adapter.awaitFinality(tx);
                Thread.sleep(500); // asked about once, while not final

                Finality f = net.mineUntilDone(outcome, "the reverted lock's finality");

                assertThat(f)
                        .isEqualTo(new Finality.Failed(
                                tx, new BlockRef(block, net.header(block).hash()), "reverted"));
                assertThat(proxy.calls("eth_getTransactionReceipt"))
                        .as("asked about when new, and again once its block is final")
                        .isGreaterThanOrEqualTo(2);
            }
        }
    }

    /** The Locked event a lock with these terms, sent by the operator, makes the contract emit. */
    private HtlcEvent.Locked lockedEvent(LockRequest r) {
        LockTerms terms = r.terms(Account.of(net.operator.address()));
        return new HtlcEvent.Locked(HtlcAbi.lockId(terms), terms);
    }
}
