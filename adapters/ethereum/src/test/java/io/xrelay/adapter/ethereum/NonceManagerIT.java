/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static io.xrelay.adapter.ethereum.HtlcDevnet.GWEI;
import static io.xrelay.adapter.ethereum.HtlcDevnet.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainHead;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.TxRef;
import io.xrelay.contracts.evm.devnet.AnvilOptions;
import java.math.BigInteger;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The adapter's nonce manager against what a node and other users of the signer's key do to its transactions: a
 * lock dropped from the pool is broadcast again; a lock replaced by another transaction of the same key is reported
 * dropped; transactions sent with the key outside the adapter do not stop its next send. Anvil, finality depth
 * {@value #DEPTH}; the adapter talks to it through an honest {@link TamperingRpcProxy}, which counts its sends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NonceManagerIT {
    private static final int DEPTH = 2;

    private HtlcDevnet net;
    private TamperingRpcProxy proxy;
    private ChainAdapter adapter;

    @BeforeAll
    void start_anvil() {
        net = HtlcDevnet.start(AnvilOptions.defaults());
    }

    @AfterAll
    void stop_anvil() {
        net.close();
    }

    @BeforeEach
    void connect() throws Exception {
        proxy = TamperingRpcProxy.start(net.url());
        adapter = HtlcDevnet.adapter(net.config(proxy.url(), DEPTH));
    }

    @AfterEach
    void disconnect() {
        adapter.close();
        proxy.close();
        net.anvil.setAutomine(true);
    }

    @Test
    void a_lock_dropped_from_the_pool_is_broadcast_again_with_the_same_hash_and_committed() throws Exception {
        net.anvil.setAutomine(false);
        Sent lock = lock(6_000);
        CompletionStage<Finality> finality = adapter.awaitFinality(lock.tx());
        net.anvil.dropTransaction(lock.tx().id());
        assertThat(net.knows(lock.tx())).as("anvil still knows the transaction").isFalse();

        net.anvil.setAutomine(true); // mining resumes: only a rebroadcast can put the lock in a block
        Finality f = net.mineUntilDone(finality, "finality of the dropped lock");

        assertCommitted(lock, f);
        assertThat(proxy.calls("eth_sendRawTransaction"))
                .as("the lock and its rebroadcast")
                .isEqualTo(2);
    }

    @Test
    void a_lock_replaced_by_another_transaction_of_the_same_key_is_dropped_and_the_next_lock_succeeds()
            throws Exception {
        net.anvil.setAutomine(false);
        Sent lock = lock(6_100);
        long nonce = net.nonceOf(lock.tx());
        CompletionStage<Finality> finality = adapter.awaitFinality(lock.tx());
        JsonFees fees = JsonFees.of(net, lock.tx());
        String replacement = net.sendTransfer(
                net.operator.privateKey(),
                nonce,
                fees.priority().multiply(BigInteger.TWO),
                fees.max().multiply(BigInteger.TWO));
        assertThat(net.knows(lock.tx()))
                .as("the pool still holds the replaced lock")
                .isFalse();
        net.anvil.mine(1);
        long replacedIn = net.minedBlockOf(new TxRef(HtlcDevnet.CHAIN, replacement));

        Finality f = net.mineUntilDone(finality, "the outcome of the replaced lock");

        assertThat(f).isInstanceOf(Finality.Dropped.class);
        assertThat(((Finality.Dropped) f).reason())
                .isEqualTo("replaced: nonce " + nonce + " of "
                        + net.operator.address().toLowerCase(Locale.ROOT) + " was used by transaction " + replacement
                        + " in block #" + replacedIn);
        net.anvil.setAutomine(true);
        Sent next = lock(6_101);
        assertThat(net.nonceOf(next.tx())).isEqualTo(nonce + 1);
        assertCommitted(next, net.mineUntilDone(adapter.awaitFinality(next.tx()), "finality of the next lock"));
    }

    @Test
    void transactions_of_the_same_key_sent_outside_the_adapter_do_not_stop_its_next_lock() throws Exception {
        Sent first = lock(6_200);
        assertCommitted(first, net.mineUntilDone(adapter.awaitFinality(first.tx()), "finality of the first lock"));
        long pending = net.transactionCount(net.operator.address(), "pending");
        for (int i = 0; i < 3; i++) {
            String hash = net.sendTransfer(
                    net.operator.privateKey(), pending + i, GWEI, GWEI.multiply(BigInteger.valueOf(100)));
            net.minedBlockOf(new TxRef(HtlcDevnet.CHAIN, hash));
        }
        int sends = proxy.calls("eth_sendRawTransaction");

        Sent second = lock(6_201);

        assertThat(net.nonceOf(second.tx())).isEqualTo(pending + 3);
        assertThat(proxy.calls("eth_sendRawTransaction") - sends)
                .as("refused with nonce too low once, then sent with the nonce read again")
                .isEqualTo(2);
        assertCommitted(second, net.mineUntilDone(adapter.awaitFinality(second.tx()), "finality of the second lock"));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private record Sent(TxRef tx, LockRequest request) {}

    /** The fees a transaction anvil knows offers. */
    private record JsonFees(BigInteger priority, BigInteger max) {
        static JsonFees of(HtlcDevnet net, TxRef tx) {
            var t = net.call("eth_getTransactionByHash", tx.id());
            return new JsonFees(
                    new BigInteger(t.get("maxPriorityFeePerGas").asText().substring(2), 16),
                    new BigInteger(t.get("maxFeePerGas").asText().substring(2), 16));
        }
    }

    private Sent lock(long wei) throws Exception {
        ChainHead head = await(adapter.head());
        LockRequest r = net.lockRequest(wei, head.headTime());
        return new Sent(await(adapter.lock(r)).tx(), r);
    }

    private void assertCommitted(Sent lock, Finality f) {
        assertThat(f).isInstanceOf(Finality.Committed.class);
        Finality.Committed c = (Finality.Committed) f;
        long block = net.blockOf(lock.tx());
        assertThat(c.block()).isEqualTo(new BlockRef(block, net.header(block).hash()));
        assertThat(c.events()).singleElement().satisfies(e -> {
            HtlcEvent.Locked locked = (HtlcEvent.Locked) e.event();
            assertThat(locked.terms().amount()).isEqualTo(lock.request().amount());
            assertThat(locked.terms().hashLock()).isEqualTo(lock.request().hashLock());
            assertThat(e.origin().tx()).isEqualTo(lock.tx());
        });
        assertThat(net.htlcEvents(block, block))
                .extracting(HtlcDevnet.TrueEvent::event)
                .contains(c.events().get(0).event());
    }
}
