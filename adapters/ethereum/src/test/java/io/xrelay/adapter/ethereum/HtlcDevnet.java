/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.EventOrigin;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerifiedHtlcEvent;
import io.xrelay.contracts.evm.HtlcDeployment;
import io.xrelay.contracts.evm.devnet.Anvil;
import io.xrelay.contracts.evm.devnet.AnvilOptions;
import io.xrelay.contracts.evm.devnet.DevAccount;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * An anvil devnet for the adapter's integration tests: anvil started by the project's launcher on 127.0.0.1, the
 * HTLC contract deployed by dev account 0 (the adapter's signer), the genesis block as trust anchor. It makes
 * adapters through {@link EthereumAdapterProvider} from a Typesafe Config, and tells the truth about the chain: the
 * HTLC events anvil itself reports ({@code eth_getLogs}), which tests compare with what the adapter verified.
 */
final class HtlcDevnet implements AutoCloseable {
    static final ChainId CHAIN = ChainId.of("eth-it");
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final BigInteger GWEI = BigInteger.TEN.pow(9);

    private static final ObjectMapper JSON = new ObjectMapper();

    final Anvil anvil;
    final String htlc;
    final DevAccount operator;
    final DevAccount recipient;
    final DevAccount bystander;
    final BlockRef genesis;

    private HtlcDevnet(Anvil anvil) {
        this.anvil = anvil;
        List<DevAccount> accounts = anvil.accounts();
        this.operator = accounts.get(0);
        this.recipient = accounts.get(1);
        this.bystander = accounts.get(2);
        this.htlc = HtlcDeployment.deployHtlc(anvil.rpcUrl(), anvil.chainId(), operator.privateKey());
        JsonNode block0 = call("eth_getBlockByNumber", "0x0", false);
        this.genesis = new BlockRef(0, Bytes.fromHex(block0.get("hash").asText()));
    }

    /** Starts anvil (automine unless the options say otherwise) and deploys the HTLC contract. */
    static HtlcDevnet start(AnvilOptions options) {
        Anvil anvil = Anvil.start(options);
        try {
            return new HtlcDevnet(anvil);
        } catch (RuntimeException e) {
            anvil.close();
            throw e;
        }
    }

    /** The URL of anvil itself (honest). */
    URI url() {
        return URI.create(anvil.rpcUrl());
    }

    /**
     * A chain configuration for an adapter on {@code rpcUrl}: this devnet's chain id, contract, operator key and
     * genesis as trust anchor, anvil's header rules, quick polling. Tests change entries before creating.
     */
    Map<String, Object> config(URI rpcUrl, int finalityDepth) {
        Map<String, Object> m = new HashMap<>();
        m.put("rpc-url", rpcUrl.toString());
        m.put("evm-chain-id", anvil.chainId());
        m.put("htlc-contract", htlc);
        m.put("signer-key", operator.privateKey());
        m.put("trust-anchor.number", genesis.number());
        m.put("trust-anchor.hash", genesis.hash().toHex());
        m.put("finality-depth", finalityDepth);
        m.put("poll-interval", "100ms");
        m.put("request-timeout", "5s");
        m.put("rebroadcast-after", "1s");
        m.put("rules.preset", "anvil");
        return m;
    }

    /** An adapter made the way the relay makes one: the provider, from a Typesafe Config. */
    static ChainAdapter adapter(Map<String, Object> config) {
        return new EthereumAdapterProvider().create(CHAIN, ConfigFactory.parseMap(config));
    }

    /** A lock of {@code wei} for the recipient, timelocked an hour after {@code chainTime}, with a fresh secret. */
    LockRequest lockRequest(long wei, Instant chainTime) {
        return lockRequest(wei, TimeLock.at(chainTime.plus(Duration.ofHours(1))));
    }

    LockRequest lockRequest(long wei, TimeLock timeLock) {
        Amount amount = Amount.of(BigInteger.valueOf(wei));
        return new LockRequest(
                Account.of(recipient.address()),
                Preimage.random().hashLock(),
                timeLock,
                Asset.NATIVE,
                amount,
                ChainId.of("fabric-it"),
                Account.of("alice@org1"),
                amount);
    }

    /** Calls anvil directly; the result as JSON. */
    JsonNode call(String method, Object... params) {
        try {
            return JSON.readTree(anvil.rawCall(method, JSON.writeValueAsString(params)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("anvil's answer to " + method + " is not JSON", e);
        }
    }

    long blockNumber() {
        return anvil.blockNumber();
    }

    JsonNode block(long number) {
        return call("eth_getBlockByNumber", EthRpc.hex(number), false);
    }

    /** The verified-style header of block {@code number}, as anvil reports it. */
    EthHeader header(long number) {
        return EthHeader.fromJson(block(number));
    }

    /** The block a transaction is in, or -1 if anvil has it in no block. */
    long blockOf(TxRef tx) {
        JsonNode t = call("eth_getTransactionByHash", tx.id());
        if (t.isNull() || t.path("blockNumber").isNull()) {
            return -1;
        }
        return Long.decode(t.get("blockNumber").asText());
    }

    /**
     * The block anvil mines a transaction in: automine mines shortly after {@code eth_sendRawTransaction} answers,
     * not before, so this waits up to ten seconds.
     */
    long minedBlockOf(TxRef tx) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long block = blockOf(tx);
        while (block < 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            block = blockOf(tx);
        }
        assertThat(block).as("anvil mined %s", tx.id()).isPositive();
        return block;
    }

    /** The operator's nonce of a transaction anvil knows. */
    long nonceOf(TxRef tx) {
        return Long.decode(
                call("eth_getTransactionByHash", tx.id()).get("nonce").asText());
    }

    /** Whether anvil's pool or chain knows the transaction. */
    boolean knows(TxRef tx) {
        return !call("eth_getTransactionByHash", tx.id()).isNull();
    }

    /**
     * Signs and sends, outside any adapter, a transfer of 1 wei from {@code key}'s account to the bystander with
     * the given nonce and fees; returns its hash.
     */
    String sendTransfer(String key, long nonce, BigInteger priorityFee, BigInteger maxFee) {
        RawTransaction tx = RawTransaction.createTransaction(
                anvil.chainId(),
                BigInteger.valueOf(nonce),
                BigInteger.valueOf(21_000),
                bystander.address(),
                BigInteger.ONE,
                "0x",
                priorityFee,
                maxFee);
        String raw = Numeric.toHexString(TransactionEncoder.signMessage(tx, Credentials.create(key)));
        return call("eth_sendRawTransaction", raw).asText();
    }

    /** The transaction count of {@code address} at {@code tag}. */
    long transactionCount(String address, String tag) {
        return Long.decode(call("eth_getTransactionCount", address, tag).asText());
    }

    /** One HTLC event as anvil reports it: what happened and where. */
    record TrueEvent(HtlcEvent event, EventOrigin origin) {
        static TrueEvent of(VerifiedHtlcEvent e) {
            return new TrueEvent(e.event(), e.origin());
        }
    }

    /** Every HTLC contract event anvil has in blocks {@code from..to} of its canonical chain, in chain order. */
    List<TrueEvent> htlcEvents(long from, long to) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("fromBlock", EthRpc.hex(from));
        filter.put("toBlock", EthRpc.hex(to));
        filter.put("address", htlc);
        List<TrueEvent> out = new ArrayList<>();
        for (JsonNode l : call("eth_getLogs", filter)) {
            List<Bytes> topics = new ArrayList<>();
            l.get("topics").forEach(t -> topics.add(Bytes.fromHex(t.asText())));
            HtlcEvent event = HtlcAbi.decodeEvent(
                            topics, Bytes.fromHex(l.get("data").asText()))
                    .orElseThrow(() -> new IllegalStateException("not an HTLC event: " + l));
            EventOrigin origin = new EventOrigin(
                    CHAIN,
                    new BlockRef(
                            Long.decode(l.get("blockNumber").asText()),
                            Bytes.fromHex(l.get("blockHash").asText())),
                    new TxRef(CHAIN, l.get("transactionHash").asText()),
                    Integer.decode(l.get("logIndex").asText()));
            out.add(new TrueEvent(event, origin));
        }
        return out;
    }

    /** Mines one block at a time (a short pause between) until {@code done} holds; fails after {@link #TIMEOUT}. */
    void mineUntil(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s", what, TIMEOUT).isLessThan(deadline);
            anvil.mine(1);
            Thread.sleep(150);
        }
    }

    /** Mines until {@code stage} completes and returns its value. */
    <T> T mineUntilDone(CompletionStage<T> stage, String what) throws Exception {
        mineUntil(() -> stage.toCompletableFuture().isDone(), what);
        return await(stage);
    }

    /** The value of {@code stage}, waiting at most {@link #TIMEOUT}; a failure is rethrown as its cause. */
    static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** The exception {@code stage} fails with; fails the test if it completes normally. */
    static Throwable failure(CompletionStage<?> stage) throws InterruptedException, TimeoutException {
        try {
            Object value = stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause != null ? cause : e;
        }
    }

    @Override
    public void close() {
        anvil.close();
    }
}
