/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcReason;
import io.xrelay.adapter.HtlcRecord;
import io.xrelay.adapter.HtlcStatus;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.contracts.evm.HtlcDeployment;
import io.xrelay.contracts.evm.XRelayHtlc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.abi.DefaultFunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The contract's ABI as the adapter writes and reads it, checked against the compiled contract: topics and selectors
 * recomputed from the ABI JSON that solc produced, whole call data against the generated web3j wrapper, and event
 * decoding on crafted logs, well-formed and not.
 */
class HtlcAbiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> HTLC_SIGNATURES = signatures(HtlcDeployment.htlcAbi());
    private static final Map<String, String> TOKEN_SIGNATURES = signatures(HtlcDeployment.testTokenAbi());

    private static final String SENDER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    private static final String RECEIVER = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
    private static final String TOKEN = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private static final String CONTRACT = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
    private static final Preimage PREIMAGE = new Preimage(Bytes.fromHex("0x" + "42".repeat(32)));

    /** Only to encode calls with the generated wrapper; it never connects. */
    private static final Web3j OFFLINE = Web3j.build(new HttpService("http://127.0.0.1:9"));

    private static final XRelayHtlc WRAPPER = XRelayHtlc.load(
            CONTRACT,
            OFFLINE,
            Credentials.create("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"),
            new DefaultGasProvider());

    @AfterAll
    static void shutDownTheOfflineClient() {
        OFFLINE.shutdown();
    }

    /** name -> canonical signature of every function and event in an ABI. */
    private static Map<String, String> signatures(String abiJson) {
        JsonNode abi;
        try {
            abi = JSON.readTree(abiJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode entry : abi) {
            String type = entry.path("type").asText();
            if (type.equals("function") || type.equals("event") || type.equals("error")) {
                List<String> types = new ArrayList<>();
                for (JsonNode input : entry.path("inputs")) {
                    types.add(canonical(input));
                }
                out.put(
                        type + ":" + entry.path("name").asText(),
                        entry.path("name").asText() + "(" + String.join(",", types) + ")");
            }
        }
        return out;
    }

    private static String canonical(JsonNode parameter) {
        String type = parameter.path("type").asText();
        if (!type.startsWith("tuple")) {
            return type;
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode c : parameter.path("components")) {
            parts.add(canonical(c));
        }
        return "(" + String.join(",", parts) + ")" + type.substring("tuple".length());
    }

    private static String signature(Map<String, String> abi, String kind, String name) {
        String s = abi.get(kind + ":" + name);
        if (s == null) {
            throw new AssertionError("the compiled ABI has no " + kind + " " + name + ": " + abi.keySet());
        }
        return s;
    }

    private static Bytes keccak(String text) {
        return Bytes.wrap(Hash.sha3(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String selector(Map<String, String> abi, String function) {
        return keccak(signature(abi, "function", function)).toHex().substring(0, 10);
    }

    private static LockTerms terms(Asset asset) {
        return new LockTerms(
                new Account(SENDER),
                new Account(RECEIVER),
                PREIMAGE.hashLock(),
                new TimeLock(1_900_000_000L),
                asset,
                new Amount(new BigInteger("1000000000000000000")),
                ChainId.of("fabric-trade"),
                new Account("alice@org1"),
                new Amount(BigInteger.valueOf(990)));
    }

    private static Bytes word(BigInteger value) {
        byte[] b = value.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(b.length, 32);
        System.arraycopy(b, b.length - n, out, 32 - n, n);
        return Bytes.wrap(out);
    }

    private static Bytes word(String address) {
        return word(new BigInteger(1, Bytes.fromHex(address).toByteArray()));
    }

    @SuppressWarnings("rawtypes") // web3j's ABI types are raw in its own API
    private static Bytes abiEncode(Type... values) {
        return Bytes.fromHex("0x" + new DefaultFunctionEncoder().encodeParameters(Arrays.asList(values)));
    }

    // ---- the compiled ABI ---------------------------------------------------------------------------------------

    @Nested
    class Against_the_compiled_contract {
        @Test
        void the_contract_has_exactly_the_three_events_the_adapter_decodes() {
            assertThat(HTLC_SIGNATURES.keySet().stream().filter(k -> k.startsWith("event:")))
                    .containsExactlyInAnyOrder("event:Locked", "event:Claimed", "event:Refunded");
        }

        @Test
        void event_topics_are_the_hashes_of_the_compiled_event_signatures() {
            assertThat(HtlcAbi.LOCKED_TOPIC).isEqualTo(keccak(signature(HTLC_SIGNATURES, "event", "Locked")));
            assertThat(HtlcAbi.CLAIMED_TOPIC).isEqualTo(keccak(signature(HTLC_SIGNATURES, "event", "Claimed")));
            assertThat(HtlcAbi.REFUNDED_TOPIC).isEqualTo(keccak(signature(HTLC_SIGNATURES, "event", "Refunded")));
            assertThat(signature(HTLC_SIGNATURES, "event", "Locked"))
                    .isEqualTo("Locked(bytes32,address,address,bytes32,uint64,address,uint256,string,string,uint256)");
        }

        @Test
        void function_selectors_are_those_of_the_compiled_functions() {
            HtlcId id = HtlcAbi.lockId(terms(Asset.NATIVE));

            assertThat(HtlcAbi.encodeLock(terms(Asset.NATIVE))).startsWith(selector(HTLC_SIGNATURES, "lock"));
            assertThat(HtlcAbi.encodeClaim(id, PREIMAGE)).startsWith(selector(HTLC_SIGNATURES, "claim"));
            assertThat(HtlcAbi.encodeRefund(id)).startsWith(selector(HTLC_SIGNATURES, "refund"));
            assertThat(HtlcAbi.encodeGetLock(id)).startsWith(selector(HTLC_SIGNATURES, "getLock"));
            assertThat(selectorOf(signature(HTLC_SIGNATURES, "function", "lock"))
                            .toHex())
                    .isEqualTo(selector(HTLC_SIGNATURES, "lock"));
        }

        @Test
        void token_calls_use_the_selectors_of_the_compiled_test_token() {
            assertThat(HtlcAbi.encodeApprove(CONTRACT, BigInteger.TEN))
                    .startsWith(selector(TOKEN_SIGNATURES, "approve"));
            assertThat(HtlcAbi.encodeAllowance(SENDER, CONTRACT)).startsWith(selector(TOKEN_SIGNATURES, "allowance"));
            assertThat(HtlcAbi.encodeBalanceOf(SENDER)).startsWith(selector(TOKEN_SIGNATURES, "balanceOf"));
            assertThat(HtlcAbi.encodeBalanceOf(SENDER))
                    .isEqualTo("0x70a08231" + word(SENDER).toHex().substring(2));
        }

        @ParameterizedTest
        @ValueSource(booleans = {true, false})
        void lock_call_data_equals_the_generated_wrappers(boolean token) {
            LockTerms t = terms(token ? Asset.of(TOKEN) : Asset.NATIVE);

            String wrapper = WRAPPER.lock(
                            t.receiver().value(),
                            t.hashLock().hash().toByteArray(),
                            BigInteger.valueOf(t.timeLock().epochSecond()),
                            HtlcAbi.tokenAddress(t.asset()),
                            t.amount().units(),
                            t.destinationChain().value(),
                            t.destinationRecipient().value(),
                            t.minDestinationAmount().units(),
                            token ? BigInteger.ZERO : t.amount().units())
                    .encodeFunctionCall();

            assertThat(HtlcAbi.encodeLock(t)).isEqualTo(wrapper);
        }

        @Test
        void claim_refund_and_get_lock_call_data_equal_the_generated_wrappers() {
            HtlcId id = HtlcAbi.lockId(terms(Asset.NATIVE));
            byte[] idBytes = Bytes.fromHex(id.value()).toByteArray();

            assertThat(HtlcAbi.encodeClaim(id, PREIMAGE))
                    .isEqualTo(WRAPPER.claim(idBytes, PREIMAGE.secret().toByteArray())
                            .encodeFunctionCall());
            assertThat(HtlcAbi.encodeRefund(id))
                    .isEqualTo(WRAPPER.refund(idBytes).encodeFunctionCall());
            assertThat(HtlcAbi.encodeGetLock(id))
                    .isEqualTo(WRAPPER.getLock(idBytes).encodeFunctionCall());
        }

        @Test
        void an_id_that_is_not_32_bytes_of_hex_cannot_be_encoded() {
            for (String bad : List.of("0x1234", "lock-1", "0x" + "ab".repeat(33), "ab".repeat(32))) {
                assertThatThrownBy(() -> HtlcAbi.encodeRefund(HtlcId.of(bad)))
                        .as(bad)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(bad);
            }
        }
    }

    // ---- lock id ------------------------------------------------------------------------------------------------

    @Nested
    class Lock_id {
        @Test
        void is_the_keccak_of_the_abi_encoded_terms_with_the_strings_hashed() {
            LockTerms t = terms(Asset.of(TOKEN));
            ByteArrayOutputStream encoded = new ByteArrayOutputStream();
            for (Bytes w : List.of(
                    word(SENDER),
                    word(RECEIVER),
                    t.hashLock().hash(),
                    word(BigInteger.valueOf(t.timeLock().epochSecond())),
                    word(TOKEN),
                    word(t.amount().units()),
                    keccak("fabric-trade"),
                    keccak("alice@org1"),
                    word(BigInteger.valueOf(990)))) {
                encoded.writeBytes(w.toByteArray());
            }

            assertThat(HtlcAbi.lockId(t).value())
                    .isEqualTo(Bytes.wrap(Hash.sha3(encoded.toByteArray())).toHex());
        }

        @Test
        void a_native_lock_uses_the_zero_address_as_token() {
            LockTerms t = terms(Asset.NATIVE);
            LockTerms zeroToken = new LockTerms(
                    t.sender(),
                    t.receiver(),
                    t.hashLock(),
                    t.timeLock(),
                    Asset.of(HtlcAbi.ZERO_ADDRESS),
                    t.amount(),
                    t.destinationChain(),
                    t.destinationRecipient(),
                    t.minDestinationAmount());

            assertThat(HtlcAbi.lockId(t)).isEqualTo(HtlcAbi.lockId(zeroToken));
            assertThat(HtlcAbi.lockId(t)).isNotEqualTo(HtlcAbi.lockId(terms(Asset.of(TOKEN))));
        }

        @Test
        void is_lower_case_hex_of_32_bytes() {
            assertThat(HtlcAbi.lockId(terms(Asset.NATIVE)).value()).matches("0x[0-9a-f]{64}");
        }
    }

    // ---- events -------------------------------------------------------------------------------------------------

    private static Bytes topic(String address) {
        return word(address);
    }

    private static Bytes lockedData(LockTerms t) {
        return abiEncode(
                new Bytes32(t.hashLock().hash().toByteArray()),
                new Uint64(BigInteger.valueOf(t.timeLock().epochSecond())),
                new Address(HtlcAbi.tokenAddress(t.asset())),
                new Uint256(t.amount().units()),
                new Utf8String(t.destinationChain().value()),
                new Utf8String(t.destinationRecipient().value()),
                new Uint256(t.minDestinationAmount().units()));
    }

    private static List<Bytes> lockedTopics(HtlcId id, LockTerms t) {
        return List.of(
                HtlcAbi.LOCKED_TOPIC,
                Bytes.fromHex(id.value()),
                topic(t.sender().value()),
                topic(t.receiver().value()));
    }

    private static Bytes claimedData(Preimage preimage, BigInteger amount) {
        return abiEncode(
                new Bytes32(PREIMAGE.hashLock().hash().toByteArray()),
                new Bytes32(preimage.secret().toByteArray()),
                new Address(HtlcAbi.ZERO_ADDRESS),
                new Uint256(amount));
    }

    @Nested
    class Decoding_events {
        @ParameterizedTest
        @ValueSource(booleans = {true, false})
        void a_Locked_log_gives_every_term(boolean token) {
            LockTerms t = terms(token ? Asset.of(TOKEN) : Asset.NATIVE);
            HtlcId id = HtlcAbi.lockId(t);

            Optional<HtlcEvent> event = HtlcAbi.decodeEvent(lockedTopics(id, t), lockedData(t));

            assertThat(event).contains(new HtlcEvent.Locked(id, t));
        }

        @Test
        void a_Claimed_log_gives_the_preimage() {
            HtlcId id = HtlcAbi.lockId(terms(Asset.NATIVE));
            List<Bytes> topics = List.of(HtlcAbi.CLAIMED_TOPIC, Bytes.fromHex(id.value()), topic(RECEIVER));

            assertThat(HtlcAbi.decodeEvent(topics, claimedData(PREIMAGE, BigInteger.TEN)))
                    .contains(new HtlcEvent.Claimed(id, PREIMAGE));
        }

        @Test
        void a_Refunded_log_gives_the_id() {
            HtlcId id = HtlcAbi.lockId(terms(Asset.NATIVE));
            List<Bytes> topics = List.of(HtlcAbi.REFUNDED_TOPIC, Bytes.fromHex(id.value()), topic(SENDER));
            Bytes data = abiEncode(new Address(TOKEN), new Uint256(BigInteger.TEN));

            assertThat(HtlcAbi.decodeEvent(topics, data)).contains(new HtlcEvent.Refunded(id));
        }

        @Test
        void a_log_of_another_event_or_without_topics_is_none_of_the_contracts() {
            Bytes transfer = keccak("Transfer(address,address,uint256)");

            assertThat(HtlcAbi.decodeEvent(List.of(transfer, topic(SENDER), topic(RECEIVER)), Bytes.EMPTY))
                    .isEmpty();
            assertThat(HtlcAbi.decodeEvent(List.of(), Bytes.fromHex("0x1234"))).isEmpty();
        }

        @Test
        void a_Claimed_log_whose_preimage_does_not_open_its_hashlock_is_malformed() {
            HtlcId id = HtlcAbi.lockId(terms(Asset.NATIVE));
            List<Bytes> topics = List.of(HtlcAbi.CLAIMED_TOPIC, Bytes.fromHex(id.value()), topic(RECEIVER));
            Preimage other = new Preimage(Bytes.fromHex("0x" + "43".repeat(32)));

            assertThatThrownBy(() -> HtlcAbi.decodeEvent(topics, claimedData(other, BigInteger.TEN)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not open");
        }

        @Test
        void a_log_with_the_wrong_number_of_topics_is_malformed() {
            LockTerms t = terms(Asset.NATIVE);
            HtlcId id = HtlcAbi.lockId(t);
            List<Bytes> three = lockedTopics(id, t).subList(0, 3);
            List<Bytes> five = new ArrayList<>(lockedTopics(id, t));
            five.add(topic(TOKEN));

            assertThatThrownBy(() -> HtlcAbi.decodeEvent(three, lockedData(t)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3 topics, expected 4");
            assertThatThrownBy(() -> HtlcAbi.decodeEvent(five, lockedData(t)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("5 topics");
            assertThatThrownBy(() -> HtlcAbi.decodeEvent(List.of(HtlcAbi.REFUNDED_TOPIC), Bytes.EMPTY))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void a_log_with_a_topic_that_is_not_32_bytes_is_malformed() {
            LockTerms t = terms(Asset.NATIVE);
            List<Bytes> topics = new ArrayList<>(lockedTopics(HtlcAbi.lockId(t), t));
            topics.set(2, Bytes.fromHex(SENDER));

            assertThatThrownBy(() -> HtlcAbi.decodeEvent(topics, lockedData(t)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("topic 2 is not 32 bytes");
        }

        @Test
        void a_log_with_truncated_or_garbage_data_is_malformed() {
            LockTerms t = terms(Asset.NATIVE);
            List<Bytes> topics = lockedTopics(HtlcAbi.lockId(t), t);
            byte[] full = lockedData(t).toByteArray();
            byte[] garbage = new byte[7 * 32];
            Arrays.fill(garbage, (byte) 0xff);

            for (Bytes data : List.of(
                    Bytes.EMPTY,
                    Bytes.wrap(Arrays.copyOf(full, 3 * 32)),
                    Bytes.wrap(Arrays.copyOf(full, full.length - 32)),
                    Bytes.wrap(garbage))) {
                assertThatThrownBy(() -> HtlcAbi.decodeEvent(topics, data))
                        .as("data of %d bytes", data.length())
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }

        @Test
        void a_Locked_log_with_terms_the_relay_cannot_use_is_malformed() {
            LockTerms t = terms(Asset.NATIVE);
            List<Bytes> topics = lockedTopics(HtlcAbi.lockId(t), t);
            Bytes badChain = abiEncode(
                    new Bytes32(t.hashLock().hash().toByteArray()),
                    new Uint64(BigInteger.valueOf(t.timeLock().epochSecond())),
                    new Address(HtlcAbi.ZERO_ADDRESS),
                    new Uint256(BigInteger.TEN),
                    new Utf8String("Not A Chain Id!"),
                    new Utf8String("alice@org1"),
                    new Uint256(BigInteger.ONE));
            Bytes zeroAmount = abiEncode(
                    new Bytes32(t.hashLock().hash().toByteArray()),
                    new Uint64(BigInteger.valueOf(t.timeLock().epochSecond())),
                    new Address(HtlcAbi.ZERO_ADDRESS),
                    new Uint256(BigInteger.ZERO),
                    new Utf8String("fabric-trade"),
                    new Utf8String("alice@org1"),
                    new Uint256(BigInteger.ONE));

            assertThatThrownBy(() -> HtlcAbi.decodeEvent(topics, badChain))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Not A Chain Id!");
            assertThatThrownBy(() -> HtlcAbi.decodeEvent(topics, zeroAmount))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---- getLock ------------------------------------------------------------------------------------------------

    private static String record(LockTerms t, int status, byte[] preimage) {
        XRelayHtlc.LockRecord r = new XRelayHtlc.LockRecord(
                t.sender().value(),
                t.receiver().value(),
                HtlcAbi.tokenAddress(t.asset()),
                BigInteger.valueOf(t.timeLock().epochSecond()),
                BigInteger.valueOf(status),
                t.hashLock().hash().toByteArray(),
                t.amount().units(),
                t.minDestinationAmount().units(),
                preimage,
                t.destinationChain().value(),
                t.destinationRecipient().value());
        return abiEncode(r).toHex();
    }

    @Nested
    class Decoding_get_lock {
        private final LockTerms terms = terms(Asset.of(TOKEN));
        private final HtlcId id = HtlcAbi.lockId(terms);

        @Test
        void status_None_is_no_record() {
            assertThat(HtlcAbi.decodeGetLock(id, record(terms, 0, new byte[32])))
                    .isEmpty();
        }

        @Test
        void a_locked_record_has_its_terms_and_no_preimage() {
            assertThat(HtlcAbi.decodeGetLock(id, record(terms, 1, new byte[32])))
                    .contains(new HtlcRecord(id, terms, HtlcStatus.LOCKED, Optional.empty()));
        }

        @Test
        void a_claimed_record_has_its_preimage_and_a_refunded_one_none() {
            byte[] secret = PREIMAGE.secret().toByteArray();

            assertThat(HtlcAbi.decodeGetLock(id, record(terms, 2, secret)))
                    .contains(new HtlcRecord(id, terms, HtlcStatus.CLAIMED, Optional.of(PREIMAGE)));
            assertThat(HtlcAbi.decodeGetLock(id, record(terms, 3, new byte[32])))
                    .contains(new HtlcRecord(id, terms, HtlcStatus.REFUNDED, Optional.empty()));
        }

        @Test
        void an_unknown_status_or_no_data_is_refused() {
            assertThatThrownBy(() -> HtlcAbi.decodeGetLock(id, record(terms, 4, new byte[32])))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("status 4");
            assertThatThrownBy(() -> HtlcAbi.decodeGetLock(id, "0x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a lock record");
        }
    }

    // ---- errors -------------------------------------------------------------------------------------------------

    @Nested
    class Error_names {
        @ParameterizedTest
        @EnumSource(HtlcReason.class)
        void every_reason_is_a_custom_error_of_the_contract_named_from_its_revert_data(HtlcReason reason) {
            String sig = signature(HTLC_SIGNATURES, "error", reason.code());
            String revert = keccak(sig).toHex().substring(0, 10) + "00".repeat(64);

            assertThat(HtlcAbi.errorName(revert)).contains(reason.code());
            assertThat(HtlcAbi.errorName(revert.toUpperCase(Locale.ROOT).replace("0X", "0x")))
                    .contains(reason.code());
            assertThat(HtlcAbi.errorName('"' + revert + '"'))
                    .as("as a JSON string")
                    .contains(reason.code());
        }

        @Test
        void solidity_builtin_errors_are_named_too() {
            assertThat(HtlcAbi.errorName(keccak("Error(string)").toHex().substring(0, 10) + "00".repeat(64)))
                    .contains("Error");
            assertThat(HtlcAbi.errorName(keccak("Panic(uint256)").toHex().substring(0, 10) + "00".repeat(32)))
                    .contains("Panic");
        }

        @Test
        void no_data_short_data_non_hex_and_unknown_selectors_have_no_name() {
            assertThat(HtlcAbi.errorName(null)).isEmpty();
            assertThat(HtlcAbi.errorName("")).isEmpty();
            assertThat(HtlcAbi.errorName("0x")).isEmpty();
            assertThat(HtlcAbi.errorName("0x1234")).isEmpty();
            assertThat(HtlcAbi.errorName("execution reverted")).isEmpty();
            assertThat(HtlcAbi.errorName("0xdeadbeef")).isEmpty();
            assertThat(HtlcAbi.errorName("{\"message\":\"boom\"}")).isEmpty();
        }
    }

    private static Bytes selectorOf(String signature) {
        return Bytes.wrap(Arrays.copyOf(Keccak256.hash(signature.getBytes(StandardCharsets.UTF_8)), 4));
    }
}
