/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcRecord;
import io.xrelay.adapter.HtlcStatus;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerifiedHtlcEvent;
import io.xrelay.contracts.evm.XRelayHtlc;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The lock id the adapter computes before sending ({@link HtlcAbi#lockId}) is the id the deployed contract gives:
 * its {@code lockId(...)} view answers the same through {@code eth_call} (via the generated wrapper, not the
 * adapter's encoder), and a real lock's {@code Locked} log, read from the node's receipt, carries it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtlcLockIdIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private @Nullable AnvilTestChain chain;
    private @Nullable Web3j web3j;
    private @Nullable XRelayHtlc contract;

    @BeforeAll
    void start_anvil() {
        AnvilTestChain c = AnvilTestChain.start(ChainId.of("anvil-lock-id"), false);
        chain = c;
        Web3j w = Web3j.build(new HttpService(c.anvil().rpcUrl()));
        web3j = w;
        contract = XRelayHtlc.load(
                c.htlcContract(),
                w,
                Credentials.create(c.anvil().accounts().get(0).privateKey()),
                new DefaultGasProvider());
    }

    @AfterAll
    void stop_anvil() {
        Web3j w = web3j;
        if (w != null) {
            w.shutdown();
        }
        AnvilTestChain c = chain;
        if (c != null) {
            c.close();
        }
    }

    private AnvilTestChain chain() {
        AnvilTestChain c = chain;
        if (c == null) {
            throw new IllegalStateException("anvil is not running");
        }
        return c;
    }

    /** The contract's own answer to lockId(...) for these terms, through eth_call. */
    private HtlcId contractLockId(LockTerms t) throws Exception {
        XRelayHtlc c = contract;
        if (c == null) {
            throw new IllegalStateException("anvil is not running");
        }
        byte[] id = c.lockId(
                        t.sender().value(),
                        t.receiver().value(),
                        t.hashLock().hash().toByteArray(),
                        BigInteger.valueOf(t.timeLock().epochSecond()),
                        HtlcAbi.tokenAddress(t.asset()),
                        t.amount().units(),
                        t.destinationChain().value(),
                        t.destinationRecipient().value(),
                        t.minDestinationAmount().units())
                .send();
        return new HtlcId(Bytes.wrap(id).toHex());
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private LockTerms terms(Asset asset, Amount amount, TimeLock timeLock, String chainId, String recipient) {
        return new LockTerms(
                chain().newAccount(),
                chain().newAccount(),
                Preimage.random().hashLock(),
                timeLock,
                asset,
                amount,
                ChainId.of(chainId),
                new Account(recipient),
                Amount.of(1));
    }

    @Test
    void the_contract_computes_the_same_id_for_every_kind_of_terms() throws Exception {
        AnvilTestChain c = chain();
        List<LockTerms> cases = List.of(
                terms(Asset.NATIVE, Amount.of(1), new TimeLock(1), "a", "b"),
                terms(c.tokenAsset(), Amount.of(1_000), new TimeLock(1_900_000_000L), "fabric-trade", "alice@org1"),
                terms(
                        Asset.NATIVE,
                        new Amount(UINT256_MAX),
                        new TimeLock(Long.MAX_VALUE),
                        "x".repeat(63),
                        "Zoë 🚀 \u4e2d\u6587 @org1 " + "r".repeat(200)),
                terms(
                        Asset.of("0xffffffffffffffffffffffffffffffffffffffff"),
                        Amount.of(42),
                        new TimeLock(4_102_444_800L),
                        "eth-sepolia",
                        "0x00"));

        for (LockTerms t : cases) {
            assertThat(HtlcAbi.lockId(t)).as("lock id of %s", t).isEqualTo(contractLockId(t));
        }
    }

    @Test
    void terms_that_differ_in_any_one_field_get_another_id_from_both() throws Exception {
        LockTerms t = terms(Asset.NATIVE, Amount.of(5), new TimeLock(1_900_000_000L), "fabric-trade", "alice");
        LockTerms otherRecipient = new LockTerms(
                t.sender(),
                t.receiver(),
                t.hashLock(),
                t.timeLock(),
                t.asset(),
                t.amount(),
                t.destinationChain(),
                new Account("alicf"),
                t.minDestinationAmount());
        LockTerms otherMin = new LockTerms(
                t.sender(),
                t.receiver(),
                t.hashLock(),
                t.timeLock(),
                t.asset(),
                t.amount(),
                t.destinationChain(),
                t.destinationRecipient(),
                Amount.of(2));

        for (LockTerms changed : List.of(otherRecipient, otherMin)) {
            assertThat(HtlcAbi.lockId(changed))
                    .isEqualTo(contractLockId(changed))
                    .isNotEqualTo(HtlcAbi.lockId(t));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void a_real_lock_is_stored_and_logged_under_the_id_the_adapter_computed(boolean token) throws Exception {
        AnvilTestChain c = chain();
        Asset asset = token ? c.tokenAsset() : Asset.NATIVE;
        Account sender = c.newFundedAccount(asset, Amount.of(1_000_000));
        Account receiver = c.newAccount();
        Preimage preimage = Preimage.random();
        TimeLock timeLock = TimeLock.at(c.chainTime().plus(Duration.ofHours(2)));
        LockRequest request = new LockRequest(
                receiver,
                preimage.hashLock(),
                timeLock,
                asset,
                Amount.of(777),
                ChainId.of("fabric-trade"),
                new Account("bob@org2"),
                Amount.of(700));
        LockTerms expected = new LockTerms(
                sender,
                receiver,
                preimage.hashLock(),
                timeLock,
                asset,
                Amount.of(777),
                ChainId.of("fabric-trade"),
                new Account("bob@org2"),
                Amount.of(700));
        HtlcId computed = HtlcAbi.lockId(expected);

        try (ChainAdapter adapter = c.adapterFor(sender)) {
            TxRef tx = await(adapter.lock(request)).tx();
            Finality finality = awaitFinality(adapter, tx);

            assertThat(finality).isInstanceOf(Finality.Committed.class);
            List<HtlcEvent> events = ((Finality.Committed) finality)
                    .events().stream().map(VerifiedHtlcEvent::event).toList();
            assertThat(events).containsExactly(new HtlcEvent.Locked(computed, expected));
            assertThat(logIdsOf(tx)).containsExactly(computed.value());
            assertThat(contractLockId(expected)).isEqualTo(computed);
            Optional<HtlcRecord> stored = await(adapter.htlc(computed));
            assertThat(stored).contains(new HtlcRecord(computed, expected, HtlcStatus.LOCKED, Optional.empty()));
        }
    }

    /** The ids (first indexed topic) of the Locked logs in the node's receipt of {@code tx}, read directly. */
    private List<String> logIdsOf(TxRef tx) {
        JsonNode receipt = chain().call("eth_getTransactionReceipt", "[\"" + tx.id() + "\"]");
        String locked = HtlcAbi.LOCKED_TOPIC.toHex();
        return StreamSupport.stream(receipt.path("logs").spliterator(), false)
                .filter(l -> l.path("address").asText().equalsIgnoreCase(chain().htlcContract()))
                .filter(l -> l.path("topics").path(0).asText().equals(locked))
                .map(l -> l.path("topics").path(1).asText())
                .toList();
    }

    private Finality awaitFinality(ChainAdapter adapter, TxRef tx) throws Exception {
        CompletableFuture<Finality> stage = adapter.awaitFinality(tx).toCompletableFuture();
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!stage.isDone()) {
            assertThat(Instant.now()).as("finality of %s", tx).isBefore(deadline);
            chain().produceBlocks(1);
            Thread.sleep(50);
        }
        return stage.get();
    }
}
