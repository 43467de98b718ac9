/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static io.xrelay.adapter.ethereum.HtlcDevnet.await;
import static io.xrelay.adapter.ethereum.HtlcDevnet.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainHead;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.InclusionProof;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerificationFailedException;
import io.xrelay.adapter.VerifiedHtlcEvent;
import io.xrelay.adapter.ethereum.ProofException.Reason;
import io.xrelay.contracts.evm.devnet.AnvilOptions;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Hash;

/**
 * The adapter against a lying node: it talks to anvil through a {@link TamperingRpcProxy} that alters headers,
 * receipts, raw transactions, transaction receipts and the chain id. Every lie must be refused with a
 * {@link VerificationFailedException} whose reason names it; no altered or invented event may ever be reported,
 * final or pending; and once the node is honest again the adapter reports the true events, each exactly once (an
 * {@link EventFollower} reads them from the trust anchor and is compared with anvil's own logs).
 *
 * <p>One anvil (automine) serves the class; each test has its own proxy and adapter, which starts from the genesis
 * block. Finality depth {@value #DEPTH}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LyingNodeIT {
    private static final int DEPTH = 2;

    private HtlcDevnet net;
    private TamperingRpcProxy proxy;
    private ChainAdapter adapter;
    private EventFollower follower;

    @BeforeAll
    void start_anvil() {
        net = HtlcDevnet.start(AnvilOptions.defaults());
    }

    @AfterAll
    void stop_anvil() {
        net.close();
    }

    @BeforeEach
    void connect_through_a_proxy() throws Exception {
        proxy = TamperingRpcProxy.start(net.url());
        adapter = HtlcDevnet.adapter(net.config(proxy.url(), DEPTH));
        follower = new EventFollower(adapter, 2);
        follower.drain(); // honest so far: the lies below start mid-chain
    }

    @AfterEach
    void disconnect() {
        adapter.close();
        proxy.close();
    }

    // ---- headers ---------------------------------------------------------------------------------------------

    @Test
    void a_header_field_altered_under_the_claimed_hash_is_refused() throws Exception {
        Lock lock = lock(1_000);
        proxy.rewrite("eth_getBlockByNumber", (params, block) -> {
            if (isBlock(params, lock.block())) {
                ((ObjectNode) block)
                        .put("timestamp", bump(block.get("timestamp").asText()));
            }
            return block;
        });

        VerificationFailedException refused = refusedEverywhere(lock);

        assertThat(refused.reason())
                .startsWith("block " + lock.block() + ": hash "
                        + net.header(lock.block()).hash() + " claimed, but")
                .contains("header's fields hash to");
        recovers(lock);
    }

    @Test
    void a_forged_header_with_a_consistent_hash_is_refused_at_its_child() throws Exception {
        Lock lock = lock(1_001);
        Bytes trueHash = net.header(lock.block()).hash();
        UnaryOperator<JsonNode> forge = block -> rehashed(((ObjectNode) block).put("extraData", hex("forged")));
        proxy.rewrite(
                "eth_getBlockByNumber", (params, block) -> isBlock(params, lock.block()) ? forge.apply(block) : block);
        Bytes forgedHash = hashIn(forge.apply(net.block(lock.block())));
        net.anvil.mine(1); // the honest child links to the true header, not to the forged one

        VerificationFailedException refused = refusedEverywhere(lock);

        assertThat(refused.reason())
                .isEqualTo("block " + (lock.block() + 1) + " has parent hash " + trueHash + " but the verified block "
                        + lock.block() + " is " + forgedHash);
        recovers(lock);
    }

    @Test
    void a_forged_header_with_a_wrong_base_fee_is_refused() throws Exception {
        Lock lock = lock(1_002);
        BigInteger trueFee = Objects.requireNonNull(net.header(lock.block()).baseFeePerGas());
        proxy.rewrite("eth_getBlockByNumber", (params, block) -> {
            if (isBlock(params, lock.block())) {
                ((ObjectNode) block).put("baseFeePerGas", EthRpc.hex(BigInteger.TWO.multiply(trueFee)));
                return rehashed(block);
            }
            return block;
        });

        VerificationFailedException refused = refusedEverywhere(lock);

        assertThat(refused.reason())
                .startsWith("block " + lock.block() + ": base fee " + BigInteger.TWO.multiply(trueFee) + ", expected "
                        + trueFee);
        recovers(lock);
    }

    @Test
    void a_forged_header_older_than_its_parent_is_refused() throws Exception {
        Lock lock = lock(1_003);
        long parentTime = net.header(lock.block() - 1).timestamp();
        proxy.rewrite("eth_getBlockByNumber", (params, block) -> {
            if (isBlock(params, lock.block())) {
                ((ObjectNode) block).put("timestamp", EthRpc.hex(parentTime - 1));
                return rehashed(block);
            }
            return block;
        });

        VerificationFailedException refused = refusedEverywhere(lock);

        assertThat(refused.reason())
                .isEqualTo("block " + lock.block() + ": timestamp " + (parentTime - 1)
                        + ", expected at least the parent's " + parentTime);
        recovers(lock);
    }

    @Test
    void the_header_of_another_height_is_refused() throws Exception {
        Lock lock = lock(1_004);
        proxy.rewrite(
                "eth_getBlockByNumber",
                (params, block) -> isBlock(params, lock.block())
                        ? proxy.upstream("eth_getBlockByNumber", params(EthRpc.hex(lock.block() - 1), false))
                        : block);

        VerificationFailedException refused = refusedEverywhere(lock);

        assertThat(refused.reason())
                .isEqualTo("asked for block " + lock.block() + ", the node sent block " + (lock.block() - 1));
        recovers(lock);
    }

    // ---- receipts --------------------------------------------------------------------------------------------

    @Test
    void a_receipt_whose_locked_amount_was_altered_is_refused() throws Exception {
        Lock[] locks = twoLocksInOneBlock(2_000, 2_001);
        long block = locks[0].block();
        proxy.rewrite("eth_getBlockReceipts", (params, receipts) -> {
            if (isBlock(params, block)) {
                ObjectNode log = (ObjectNode) receipts.get(1).get("logs").get(0);
                String data = log.get("data").asText();
                // Word 3 of the Locked data is the amount: claim 1 ether instead of 2001 wei.
                String amount = String.format("%064x", BigInteger.TEN.pow(18));
                log.put("data", data.substring(0, 2 + 3 * 64) + amount + data.substring(2 + 4 * 64));
            }
            return receipts;
        });

        assertReceiptsRefused(block, locks);
    }

    @Test
    void a_receipt_whose_locked_receiver_was_altered_is_refused() throws Exception {
        Lock[] locks = twoLocksInOneBlock(2_010, 2_011);
        long block = locks[0].block();
        proxy.rewrite("eth_getBlockReceipts", (params, receipts) -> {
            if (isBlock(params, block)) {
                ArrayNode topics =
                        (ArrayNode) receipts.get(0).get("logs").get(0).get("topics");
                topics.set(
                        3,
                        TextNode.valueOf("0x000000000000000000000000"
                                + net.bystander.address().substring(2)));
            }
            return receipts;
        });

        assertReceiptsRefused(block, locks);
    }

    @Test
    void an_invented_htlc_log_added_to_a_receipt_is_refused() throws Exception {
        Lock[] locks = twoLocksInOneBlock(2_020, 2_021);
        long block = locks[0].block();
        proxy.rewrite("eth_getBlockReceipts", (params, receipts) -> {
            if (isBlock(params, block)) {
                ArrayNode logs = (ArrayNode) receipts.get(0).get("logs");
                ObjectNode invented = logs.get(0).deepCopy();
                ((ArrayNode) invented.get("topics")).set(1, TextNode.valueOf(Hash.sha3String("an invented lock")));
                invented.put("logIndex", "0x2");
                logs.add(invented);
            }
            return receipts;
        });

        assertReceiptsRefused(block, locks);
    }

    @Test
    void an_invented_htlc_log_in_a_block_whose_bloom_excludes_the_contract_is_never_read() throws Exception {
        Lock lock = lock(2_025);
        JsonNode realLog = net.call("eth_getBlockReceipts", EthRpc.hex(lock.block()))
                .get(0)
                .get("logs")
                .get(0);
        String transfer = net.sendTransfer(
                net.bystander.privateKey(),
                net.transactionCount(net.bystander.address(), "pending"),
                HtlcDevnet.GWEI,
                HtlcDevnet.GWEI.multiply(BigInteger.valueOf(100)));
        long plain = net.minedBlockOf(new TxRef(HtlcDevnet.CHAIN, transfer));
        AtomicInteger asked = new AtomicInteger();
        proxy.rewrite("eth_getBlockReceipts", (params, receipts) -> {
            if (isBlock(params, plain)) {
                asked.incrementAndGet();
                ObjectNode invented = realLog.deepCopy();
                ((ArrayNode) invented.get("topics")).set(1, TextNode.valueOf(Hash.sha3String("an invented lock")));
                ((ArrayNode) receipts.get(0).get("logs")).add(invented);
            }
            return receipts;
        });
        net.anvil.mine(DEPTH);

        follower.drain();

        assertThat(LogsBloom.mayContain(net.header(plain).logsBloom(), Bytes.fromHex(net.htlc)))
                .as("the verified bloom of the transfer's block admits the HTLC contract")
                .isFalse();
        assertThat(asked)
                .as("requests for the receipts of the transfer's block")
                .hasValue(0);
        assertThat(follower.checkpoint().block().number()).isGreaterThanOrEqualTo(plain);
        follower.assertTruthful(net, List.of());
        assertThat(follower.finalsOf(HtlcId.of(Hash.sha3String("an invented lock"))))
                .isEmpty();
    }

    @Test
    void a_dropped_receipt_is_refused() throws Exception {
        Lock[] locks = twoLocksInOneBlock(2_030, 2_031);
        long block = locks[0].block();
        proxy.rewrite("eth_getBlockReceipts", (params, receipts) -> {
            if (isBlock(params, block)) {
                ((ArrayNode) receipts).remove(0);
            }
            return receipts;
        });

        assertReceiptsRefused(block, locks);
    }

    @Test
    void reordered_receipts_are_refused() throws Exception {
        Lock[] locks = twoLocksInOneBlock(2_040, 2_041);
        long block = locks[0].block();
        proxy.rewrite("eth_getBlockReceipts", (params, receipts) -> {
            if (isBlock(params, block)) {
                ArrayNode list = (ArrayNode) receipts;
                JsonNode first = list.get(0);
                list.set(0, list.get(1));
                list.set(1, first);
            }
            return receipts;
        });

        assertReceiptsRefused(block, locks);
    }

    @Test
    void the_receipts_of_another_block_are_refused() throws Exception {
        Lock other = lock(2_050);
        Lock[] locks = twoLocksInOneBlock(2_051, 2_052);
        long block = locks[0].block();
        proxy.rewrite(
                "eth_getBlockReceipts",
                (params, receipts) -> isBlock(params, block)
                        ? proxy.upstream("eth_getBlockReceipts", params(EthRpc.hex(other.block())))
                        : receipts);

        assertReceiptsRefused(block, locks);
    }

    @Test
    void a_replaced_raw_transaction_is_refused_by_the_transactions_root() throws Exception {
        Lock other = lock(2_060);
        Lock[] locks = twoLocksInOneBlock(2_061, 2_062);
        long block = locks[0].block();
        proxy.rewrite(
                "eth_getRawTransactionByBlockNumberAndIndex",
                (params, raw) -> isBlock(params, block)
                                && params.get(1).asText().equals("0x1")
                        ? proxy.upstream(
                                "eth_getRawTransactionByBlockNumberAndIndex", params(EthRpc.hex(other.block()), "0x0"))
                        : raw);
        Bytes trueRoot = net.header(block).transactionsRoot();

        Throwable refused = follower.pullUntilRefused();

        assertThat(refused).isInstanceOf(VerificationFailedException.class);
        assertThat(((VerificationFailedException) refused).reason())
                .startsWith("transactions of block #" + block + " "
                        + net.header(block).hash() + " do not match its transactionsRoot: they hash to ")
                .endsWith(", the verified header says " + trueRoot);
        assertNotCompletedWhileLying(locks);
        recovers(locks);
    }

    // ---- eth_getTransactionReceipt ---------------------------------------------------------------------------
    // A transaction awaited once it is final is looked up by its receipt, which these lies target; one awaited
    // before it is final is found in the new final blocks' proven transactions, with no receipt asked (the last test).

    @Test
    void a_reverted_lock_the_node_calls_successful_is_reported_failed() throws Exception {
        // A lock whose timelock has passed when it is mined reverts (TimelockInPast).
        ChainHead head = await(adapter.head());
        TimeLock soon = TimeLock.at(head.headTime().plusSeconds(600));
        net.anvil.setAutomine(false);
        TxRef tx;
        try {
            tx = await(adapter.lock(net.lockRequest(3_000, soon))).tx();
            net.anvil.setNextBlockTimestamp(soon.epochSecond() + 1);
            net.anvil.mine(1);
        } finally {
            net.anvil.setAutomine(true);
        }
        long block = net.minedBlockOf(tx);
        net.anvil.mine(DEPTH + 1);
        JsonNode trueReceipt = net.call("eth_getTransactionReceipt", tx.id());
        assertThat(trueReceipt.get("status").asText()).as("anvil's receipt").isEqualTo("0x0");
        proxy.rewrite("eth_getTransactionReceipt", (params, receipt) -> {
            if (params.get(0).asText().equals(tx.id())) {
                ((ObjectNode) receipt).put("status", "0x1");
            }
            return receipt;
        });

        Finality f = net.mineUntilDone(adapter.awaitFinality(tx), "finality of the reverted lock");

        assertThat(f).isEqualTo(new Finality.Failed(tx, new BlockRef(block, hashOf(block)), "reverted"));
        assertThat(proxy.calls("eth_getTransactionReceipt")).isPositive();
        follower.drain();
        assertThat(follower.finals()).noneMatch(e -> e.origin().tx().equals(tx));
        follower.assertTruthful(net, List.of());
    }

    @Test
    void a_successful_lock_the_node_calls_reverted_is_reported_committed() throws Exception {
        Lock lock = lock(3_010);
        net.anvil.mine(DEPTH + 1);
        proxy.rewrite("eth_getTransactionReceipt", (params, receipt) -> {
            if (params.get(0).asText().equals(lock.tx().id())) {
                ((ObjectNode) receipt).put("status", "0x0");
                ((ObjectNode) receipt).set("logs", TamperingRpcProxy.json().createArrayNode());
            }
            return receipt;
        });

        Finality f = net.mineUntilDone(adapter.awaitFinality(lock.tx()), "finality of the lock");

        assertCommittedOnce(lock, f);
    }

    @Test
    void a_receipt_that_names_another_block_does_not_make_a_transaction_final() throws Exception {
        Lock earlier = lock(3_020);
        Lock lock = lock(3_021);
        net.anvil.mine(DEPTH + 1);
        proxy.rewrite("eth_getTransactionReceipt", (params, receipt) -> {
            if (params.get(0).asText().equals(lock.tx().id())) {
                ((ObjectNode) receipt).put("blockNumber", EthRpc.hex(earlier.block()));
                ((ObjectNode) receipt).put("blockHash", hashOf(earlier.block()).toHex());
                ((ObjectNode) receipt).put("transactionIndex", "0x0");
            }
            return receipt;
        });
        CompletionStage<Finality> finality = adapter.awaitFinality(lock.tx());

        assertNotCompletedWhileLying(lock);
        assertThat(finality.toCompletableFuture()).isNotDone();

        proxy.clearRules();
        Finality f = net.mineUntilDone(finality, "finality of the lock");
        assertCommittedOnce(lock, f);
    }

    @Test
    void a_committed_lock_whose_receipt_the_node_hides_is_proven_committed_not_dropped() throws Exception {
        Lock lock = lock(3_030);
        net.anvil.mine(DEPTH + 1);
        proxy.rewrite(
                "eth_getTransactionReceipt",
                (params, receipt) -> params.get(0).asText().equals(lock.tx().id()) ? NullNode.getInstance() : receipt);
        proxy.rewrite(
                "eth_getTransactionByHash",
                (params, tx) -> params.get(0).asText().equals(lock.tx().id()) ? NullNode.getInstance() : tx);

        // The node now says the lock's nonce is used but knows no such transaction: "replaced", in its words.
        Finality f = net.mineUntilDone(adapter.awaitFinality(lock.tx()), "the outcome of the hidden lock");

        assertCommittedOnce(lock, f);
    }

    @Test
    void a_transaction_awaited_before_it_is_final_is_settled_from_the_proven_block_whatever_its_receipt_says()
            throws Exception {
        Lock earlier = lock(3_040);
        Lock lock = lock(3_041);
        proxy.rewrite("eth_getTransactionReceipt", (params, receipt) -> {
            if (params.get(0).asText().equals(lock.tx().id())) {
                ((ObjectNode) receipt).put("status", "0x0");
                ((ObjectNode) receipt).put("blockNumber", EthRpc.hex(earlier.block()));
                ((ObjectNode) receipt).put("blockHash", hashOf(earlier.block()).toHex());
            }
            return receipt;
        });

        Finality f = net.mineUntilDone(adapter.awaitFinality(lock.tx()), "finality of the lock");

        assertCommittedOnce(lock, f);
    }

    // ---- proofs, chain id, trust anchor ----------------------------------------------------------------------

    @Test
    void a_wrong_inclusion_proof_is_rejected_by_the_receipts_proof_check() throws Exception {
        Lock[] locks = twoLocksInOneBlock(4_000, 4_001);
        Lock other = lock(4_002);
        Finality f = net.mineUntilDone(adapter.awaitFinality(locks[1].tx()), "finality of the lock");
        VerifiedHtlcEvent event = ((Finality.Committed) f).events().get(0);
        // Two receipts: a branch at the root, and the leaf of transaction 1.
        assertThat(event.proof().nodes()).hasSize(2);
        EthHeader header = net.header(event.origin().block().number());
        assertThat(header.hash()).isEqualTo(event.origin().block().hash());
        EthReceipt proven = ReceiptProofs.verify(header.receiptsRoot(), event.proof());
        assertThat(proven.logs())
                .anyMatch(
                        l -> l.topics().get(1).toHex().equals(event.event().id().value()));

        List<Bytes> nodes = new ArrayList<>(event.proof().nodes());
        byte[] last = nodes.getLast().toByteArray();
        last[last.length - 1] ^= 0x01;
        nodes.set(nodes.size() - 1, Bytes.wrap(last));
        InclusionProof tampered =
                new InclusionProof(event.proof().scheme(), event.proof().key(), nodes);
        ProofException changedNode =
                catchThrowableOfType(ProofException.class, () -> ReceiptProofs.verify(header.receiptsRoot(), tampered));
        assertThat(changedNode.reason()).isEqualTo(Reason.HASH_MISMATCH);
        assertThat(changedNode).hasMessageStartingWith("node 1 hash mismatch: node 0 references ");

        Bytes otherRoot = net.header(other.block()).receiptsRoot();
        ProofException otherBlock =
                catchThrowableOfType(ProofException.class, () -> ReceiptProofs.verify(otherRoot, event.proof()));
        assertThat(otherBlock.reason()).isEqualTo(Reason.HASH_MISMATCH);
        assertThat(otherBlock).hasMessageContaining("node 0 hash mismatch: the root is " + otherRoot.toHex());
    }

    @Test
    void a_node_of_another_chain_id_is_refused_at_start_naming_the_key() throws Exception {
        proxy.rewrite("eth_chainId", (params, id) -> TextNode.valueOf("0x1"));
        try (ChainAdapter fresh = HtlcDevnet.adapter(net.config(proxy.url(), DEPTH))) {
            AdapterConfigException refused = (AdapterConfigException) failure(fresh.head());
            assertThat(refused.key()).isEqualTo("evm-chain-id");
            assertThat(refused)
                    .hasMessageContaining("is " + net.anvil.chainId())
                    .hasMessageContaining("serves chain 1");
            assertThat(refused.retryable()).isFalse();
            int sent = proxy.calls("eth_sendRawTransaction");
            assertThat(failure(fresh.lock(net.lockRequest(4_010, Instant.now()))))
                    .isInstanceOf(AdapterConfigException.class);
            assertThat(proxy.calls("eth_sendRawTransaction"))
                    .as("nothing signed for chain 1")
                    .isEqualTo(sent);

            proxy.clearRules();
            EventFollower honest = new EventFollower(fresh, 2);
            honest.drain();
            honest.assertTruthful(net, List.of());
        }
    }

    @Test
    void a_trust_anchor_the_nodes_block_does_not_match_is_refused() throws Exception {
        Map<String, Object> config = net.config(proxy.url(), DEPTH);
        Bytes notGenesis = Bytes.fromHex(Hash.sha3String("not the genesis block"));
        config.put("trust-anchor.hash", notGenesis.toHex());
        try (ChainAdapter wrongAnchor = HtlcDevnet.adapter(config)) {
            VerificationFailedException refused = (VerificationFailedException) failure(wrongAnchor.head());
            assertThat(refused.reason())
                    .isEqualTo("trusted block #0 is " + notGenesis + " but the node's block #0 hashes to "
                            + net.genesis.hash());
        }
    }

    @Test
    void a_forged_trust_anchor_block_is_refused() throws Exception {
        UnaryOperator<JsonNode> forge =
                block -> rehashed(((ObjectNode) block).put("extraData", hex("another genesis")));
        proxy.rewrite("eth_getBlockByNumber", (params, block) -> isBlock(params, 0) ? forge.apply(block) : block);
        try (ChainAdapter fresh = HtlcDevnet.adapter(net.config(proxy.url(), DEPTH))) {
            VerificationFailedException refused = (VerificationFailedException) failure(fresh.head());
            assertThat(refused.reason())
                    .isEqualTo("trusted block #0 is " + net.genesis.hash() + " but the node's block #0 hashes to "
                            + hashIn(forge.apply(net.block(0))));

            proxy.clearRules();
            EventFollower honest = new EventFollower(fresh, 2);
            honest.drain();
            honest.assertTruthful(net, List.of());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** A lock sent through the adapter (honest at that moment) and the block anvil mined it in. */
    private record Lock(TxRef tx, LockRequest request, long block) {}

    private Lock lock(long wei) throws Exception {
        ChainHead head = await(adapter.head());
        LockRequest r = net.lockRequest(wei, head.headTime());
        TxRef tx = await(adapter.lock(r)).tx();
        return new Lock(tx, r, net.minedBlockOf(tx));
    }

    /** Two locks in one block, the first at transaction index 0. */
    private Lock[] twoLocksInOneBlock(long wei1, long wei2) throws Exception {
        ChainHead head = await(adapter.head());
        LockRequest r1 = net.lockRequest(wei1, head.headTime());
        LockRequest r2 = net.lockRequest(wei2, head.headTime());
        net.anvil.setAutomine(false);
        TxRef tx1;
        TxRef tx2;
        try {
            tx1 = await(adapter.lock(r1)).tx();
            tx2 = await(adapter.lock(r2)).tx();
            net.anvil.mine(1);
        } finally {
            net.anvil.setAutomine(true);
        }
        long block = net.minedBlockOf(tx1);
        assertThat(net.minedBlockOf(tx2)).isEqualTo(block);
        return new Lock[] {new Lock(tx1, r1, block), new Lock(tx2, r2, block)};
    }

    /** The lie is in force: head, events and awaitFinality all refuse or wait; returns head's refusal. */
    private VerificationFailedException refusedEverywhere(Lock lock) throws Exception {
        Throwable head = failure(adapter.head());
        assertThat(head).isInstanceOf(VerificationFailedException.class);
        Throwable events = follower.pullUntilRefused();
        assertThat(events).isInstanceOf(VerificationFailedException.class);
        assertThat(((VerificationFailedException) events).reason())
                .isEqualTo(((VerificationFailedException) head).reason());
        assertNotCompletedWhileLying(lock);
        return (VerificationFailedException) head;
    }

    private void assertReceiptsRefused(long block, Lock... locks) throws Exception {
        Bytes trueRoot = net.header(block).receiptsRoot();
        net.anvil.mine(DEPTH); // final, so the follower reaches it through final blocks
        Throwable refused = follower.pullUntilRefused();

        assertThat(refused).isInstanceOf(VerificationFailedException.class);
        assertThat(((VerificationFailedException) refused).reason())
                .startsWith("receipts of block #" + block + " "
                        + net.header(block).hash() + " do not match its receiptsRoot: they hash to ")
                .endsWith(", the verified header says " + trueRoot);
        assertNotCompletedWhileLying(locks);
        recovers(locks);
    }

    /** While the proxy lies, the locks' finality is not reported, however deep their blocks get. */
    private void assertNotCompletedWhileLying(Lock... locks) throws InterruptedException {
        List<CompletionStage<Finality>> waits = new ArrayList<>();
        for (Lock l : locks) {
            waits.add(adapter.awaitFinality(l.tx()));
        }
        net.anvil.mine(DEPTH + 1);
        Thread.sleep(1_000); // ten polls
        for (CompletionStage<Finality> w : waits) {
            assertThat(w.toCompletableFuture()).isNotDone();
        }
    }

    /** The node is honest again: each lock is final exactly once, and the follower reads the truth. */
    private void recovers(Lock... locks) throws Exception {
        proxy.clearRules();
        for (Lock l : locks) {
            Finality f = net.mineUntilDone(adapter.awaitFinality(l.tx()), "finality of " + l.tx());
            assertCommittedOnce(l, f);
        }
    }

    private void assertCommittedOnce(Lock lock, Finality f) throws Exception {
        assertThat(f).isInstanceOf(Finality.Committed.class);
        Finality.Committed c = (Finality.Committed) f;
        assertThat(c.block()).isEqualTo(new BlockRef(lock.block(), hashOf(lock.block())));
        assertThat(c.events()).hasSize(1);
        HtlcEvent.Locked locked = (HtlcEvent.Locked) c.events().get(0).event();
        assertThat(locked.terms().amount()).isEqualTo(lock.request().amount());
        assertThat(locked.terms().receiver()).isEqualTo(lock.request().receiver());
        assertThat(locked.terms().hashLock()).isEqualTo(lock.request().hashLock());

        follower.drain();
        follower.assertTruthful(net, List.of());
        assertThat(follower.finalsOf(locked.id())).containsExactly(c.events().get(0));
        assertThat(follower.pendingSeen())
                .allMatch(p -> !p.event().id().equals(locked.id())
                        || p.origin().equals(c.events().get(0).origin()));
    }

    private Bytes hashOf(long block) {
        return net.header(block).hash();
    }

    private static Bytes hashIn(JsonNode block) {
        return Bytes.fromHex(block.get("hash").asText());
    }

    private static boolean isBlock(JsonNode params, long number) {
        return params.path(0).asText().equals(EthRpc.hex(number));
    }

    private static JsonNode rehashed(JsonNode block) {
        ((ObjectNode) block).put("hash", EthHeader.fromJson(block).hash().toHex());
        return block;
    }

    private static String hex(String text) {
        return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8)).toHex();
    }

    private static String bump(String quantity) {
        return EthRpc.hex(Long.decode(quantity) + 1);
    }

    private static ArrayNode params(Object... values) {
        ArrayNode a = TamperingRpcProxy.json().createArrayNode();
        for (Object v : values) {
            a.add(TamperingRpcProxy.json().valueToTree(v));
        }
        return a;
    }
}
