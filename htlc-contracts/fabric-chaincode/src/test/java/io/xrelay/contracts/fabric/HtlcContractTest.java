/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;

/** The shim glue: arguments from the stub, the caller from the creator certificate, state and events on the stub. */
class HtlcContractTest {
    private static final String ISSUER = "C=US,O=org1.example.com,CN=ca.org1.example.com";
    private static final X509Certificate ADMIN = TestCerts.cert("C=US,OU=admin,CN=Admin@org1.example.com", ISSUER);
    private static final X509Certificate USER = TestCerts.cert("C=US,OU=client,CN=User1@org1.example.com", ISSUER);
    private static final long NOW = 1_800_000_000L;

    private final Map<String, byte[]> state = new TreeMap<>();
    private final Map<String, byte[]> pending = new TreeMap<>();
    private final List<String> puts = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final HtlcContract contract = new HtlcContract();

    /** Whether {@code getState} sees only {@link #state}, as on a peer, and {@code putState} goes to {@link #pending}. */
    private boolean peerReads;

    /** A stub answering what the contract asks of a transaction; every other call fails the test. */
    private Context tx(X509Certificate creator, String function, String... args) {
        byte[] identity;
        try {
            identity = SerializedIdentity.newBuilder()
                    .setMspid("Org1MSP")
                    .setIdBytes(ByteString.copyFromUtf8(pem(creator)))
                    .build()
                    .toByteArray();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        ChaincodeStub stub = (ChaincodeStub) Proxy.newProxyInstance(
                ChaincodeStub.class.getClassLoader(), new Class<?>[] {ChaincodeStub.class}, (proxy, m, a) -> {
                    return switch (m.getName()) {
                        case "getCreator" -> identity;
                        case "getFunction" -> function;
                        case "getParameters" -> List.of(args);
                        case "getChannelId" -> "xrelay";
                        case "getTxTimestamp" -> Instant.ofEpochSecond(NOW);
                        case "getState" -> state.getOrDefault((String) a[0], new byte[0]);
                        case "putState" -> {
                            (peerReads ? pending : state).put((String) a[0], (byte[]) a[1]);
                            puts.add((String) a[0]);
                            yield null;
                        }
                        case "setEvent" -> {
                            events.add(a[0] + " " + new String((byte[]) a[1], StandardCharsets.UTF_8));
                            yield null;
                        }
                        case "toString" -> "test stub";
                        default -> throw new AssertionError("unexpected stub call " + m.getName());
                    };
                });
        return new Context(stub);
    }

    private static String pem(X509Certificate cert) throws CertificateEncodingException {
        return "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void is_the_default_contract_with_the_documented_function_names() {
        assertThat(HtlcContract.class.getAnnotation(Default.class)).isNotNull();
        assertThat(HtlcContract.class.getAnnotation(Contract.class).name()).isEqualTo("htlc");
        assertThat(Arrays.stream(HtlcContract.class.getMethods())
                        .filter(m -> m.isAnnotationPresent(Transaction.class))
                        .map(m -> m.getAnnotation(Transaction.class).name()))
                .containsExactlyInAnyOrderElementsOf(HtlcContract.FUNCTIONS);
    }

    @Test
    void reads_the_caller_s_account_from_the_creator_certificate() {
        assertThat(contract.accountOf(tx(USER, "AccountOf"))).isEqualTo(Accounts.of("Org1MSP", USER));
    }

    @Test
    void an_admin_certificate_mints_and_a_client_certificate_is_unauthorized() {
        String user = Accounts.of("Org1MSP", USER);

        assertThat(contract.mint(tx(ADMIN, "Mint", "USD", user, "50"))).isEqualTo("50");
        assertThat(state).containsOnlyKeys("\u0000balance\u0000USD\u0000" + user + "\u0000");
        assertThat(events).containsExactly("Minted {\"asset\":\"USD\",\"account\":\"" + user + "\",\"amount\":\"50\"}");
        assertThatThrownBy(() -> contract.mint(tx(USER, "Mint", "USD", user, "50")))
                .isInstanceOf(HtlcException.class)
                .hasMessageStartingWith("Unauthorized: ");
    }

    @Test
    void locks_on_the_stub_s_channel_at_its_timestamp() {
        String user = Accounts.of("Org1MSP", USER);
        String receiver = "Org2MSP:" + "b0".repeat(32);
        String hashLock = "0x" + "ab".repeat(32);
        contract.mint(tx(ADMIN, "Mint", "USD", user, "50"));

        String id = contract.lock(
                tx(USER, "Lock", receiver, hashLock, Long.toString(NOW + 1), "USD", "20", "eth", "0xaa", "19"));

        assertThat(id)
                .isEqualTo(LockIds.of(
                        "xrelay",
                        user,
                        receiver,
                        hashLock,
                        NOW + 1,
                        "USD",
                        java.math.BigInteger.valueOf(20),
                        "eth",
                        "0xaa",
                        java.math.BigInteger.valueOf(19)));
        assertThat(new String(state.get("\u0000lock\u0000" + id + "\u0000"), StandardCharsets.UTF_8))
                .isEqualTo(contract.getLock(tx(USER, "GetLock", id)));
        assertThat(events).last().asString().startsWith("Locked {\"id\":\"" + id + "\"");
        assertThatThrownBy(() -> contract.lock(
                        tx(USER, "Lock", receiver, hashLock, Long.toString(NOW), "USD", "20", "eth", "0xaa", "19")))
                .hasMessageStartingWith("TimelockInPast: ");
        assertThat(contract.balance(tx(USER, "Balance", "USD", user))).isEqualTo("30");
    }

    @Test
    void refuses_too_few_and_too_many_arguments_with_bad_argument() {
        String id = "0x" + "01".repeat(32);

        assertThatThrownBy(() -> contract.claim(tx(USER, "Claim", id)))
                .isInstanceOfSatisfying(
                        HtlcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BadArgument))
                .hasMessage("BadArgument: Claim takes 2 arguments (id, preimage), got 1");
        assertThatThrownBy(() -> contract.refund(tx(USER, "Refund", id, "extra")))
                .hasMessage("BadArgument: Refund takes 1 argument (id), got 2");
        assertThatThrownBy(() -> contract.accountOf(tx(USER, "AccountOf", "x")))
                .hasMessage("BadArgument: AccountOf takes 0 arguments, got 1");
        assertThatThrownBy(() -> contract.lock(tx(USER, "Lock")))
                .hasMessage("BadArgument: Lock takes 8 arguments (receiver, hashLock, timeLock, asset, amount,"
                        + " destinationChain, destinationRecipient, minDestinationAmount), got 0");
        assertThat(state).isEmpty();
    }

    @Test
    void an_unknown_function_is_a_bad_argument_naming_the_known_ones() {
        assertThatThrownBy(() -> contract.unknownTransaction(tx(USER, "Steal", "x")))
                .hasMessage("BadArgument: unknown function \"Steal\"; the functions are Mint, Transfer, Balance,"
                        + " AccountOf, LockId, Lock, Claim, Refund, Batch, GetLock");
    }

    @Test
    void batch_takes_its_operations_from_the_stub_and_reads_its_own_writes_where_a_peer_would_not() {
        String user = Accounts.of("Org1MSP", USER);
        String receiver = "Org2MSP:" + "b0".repeat(32);
        String hashLock = "0x" + "ab".repeat(32);
        String t1 = Long.toString(NOW + 1);
        String t2 = Long.toString(NOW + 2);
        contract.mint(tx(ADMIN, "Mint", "USD", user, "100"));
        String id = contract.lockId(tx(USER, "LockId", user, receiver, hashLock, t1, "USD", "60", "eth", "0xaa", "0"));
        peerReads = true;
        puts.clear();
        events.clear();

        String results = contract.batch(tx(
                USER, "Batch", "Lock", receiver, hashLock, t1, "USD", "60", "eth", "0xaa", "0", "Lock", receiver,
                hashLock, t2, "USD", "60", "eth", "0xaa", "0"));

        assertThat(results)
                .isEqualTo("[{\"ok\":\"" + id + "\"},{\"error\":\"InsufficientFunds: " + user
                        + " has 40 of USD, less than the amount 60\"}]");
        String balanceKey = "\u0000balance\u0000USD\u0000" + user + "\u0000";
        String lockKey = "\u0000lock\u0000" + id + "\u0000";
        assertThat(puts).containsExactly(balanceKey, lockKey);
        assertThat(new String(pending.get(balanceKey), StandardCharsets.UTF_8)).isEqualTo("40");
        state.putAll(pending);
        String lockJson = contract.getLock(tx(USER, "GetLock", id));
        assertThat(new String(pending.get(lockKey), StandardCharsets.UTF_8)).isEqualTo(lockJson);
        assertThat(events).containsExactly("Batch [{\"event\":\"Locked\"," + lockJson.substring(1) + "]");
        assertThatThrownBy(() -> contract.batch(tx(USER, "Batch", "Refund")))
                .hasMessage("BadArgument: Batch argument 1: Refund needs 1 argument, 0 left");
    }
}
