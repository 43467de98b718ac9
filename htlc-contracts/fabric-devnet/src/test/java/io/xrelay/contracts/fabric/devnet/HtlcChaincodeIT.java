/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTLC chaincode on the devnet, through the Fabric Gateway as its clients use it: accounts, minting, transfers,
 * lock/claim/refund between users of different organisations, every refusal code, both-organisation endorsement, the
 * transaction timestamp as the clock, and the chaincode events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtlcChaincodeIT {
    private static final String ASSET = "USD";
    private static final String CHAIN = "ethereum-sepolia";
    private static final String RECIPIENT = "0x00000000000000000000000000000000000000aa";
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private @Nullable FabricDevnet devnet;
    private final List<HtlcClient> clients = new ArrayList<>();
    private final List<Long> commitMillis = new ArrayList<>();
    private final List<Long> endorseMillis = new ArrayList<>();
    private HtlcClient admin1;
    private HtlcClient admin2;
    private HtlcClient alice;
    private HtlcClient bob;
    private HtlcClient carol;

    /** The state folder stays after a failure, with the nodes' logs. */
    @BeforeAll
    void start(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path stateDir) {
        long t0 = System.nanoTime();
        devnet = FabricDevnet.start(stateDir.resolve("devnet"));
        long t1 = System.nanoTime();
        String packageId = devnet.deployHtlc();
        long t2 = System.nanoTime();
        System.out.printf(
                "fabric devnet: up in %d ms, deploy-htlc in %d ms (%s)%n",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, packageId);
        FabricNetwork net = devnet.network();
        FabricNetwork.Org org1 = net.org("org1");
        FabricNetwork.Org org2 = net.org("org2");
        admin1 = client(net, org1, org1.admin());
        admin2 = client(net, org2, org2.admin());
        alice = client(net, org1, org1.issueClientIdentity("alice"));
        bob = client(net, org2, org2.issueClientIdentity("bob"));
        // A user of Org2 whose gateway is Org1's peer.
        carol = client(net, org1, org2.issueClientIdentity("carol"));
    }

    private HtlcClient client(FabricNetwork net, FabricNetwork.Org org, FabricNetwork.Identity identity) {
        HtlcClient c = new HtlcClient(net, org, identity, HtlcChaincode.DEFAULT_NAME);
        clients.add(c);
        return c;
    }

    @AfterAll
    void stop() {
        clients.forEach(HtlcClient::close);
        if (!commitMillis.isEmpty()) {
            System.out.printf(
                    "fabric devnet: endorsement by both orgs: %s ms (mean %d ms)%n",
                    endorseMillis,
                    endorseMillis.stream().mapToLong(Long::longValue).sum() / endorseMillis.size());
            System.out.printf(
                    "fabric devnet: submit to commit status: %s ms (mean %d ms over %d transactions)%n",
                    commitMillis,
                    commitMillis.stream().mapToLong(Long::longValue).sum() / commitMillis.size(),
                    commitMillis.size());
        }
        if (devnet != null) {
            FabricNetwork.Chaincode cc = devnet.network().chaincode(HtlcChaincode.DEFAULT_NAME);
            System.out.printf("fabric devnet: chaincode server RSS %d kB%n", rssKb(cc.pid()));
            devnet.close();
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private HtlcClient.Committed submit(HtlcClient c, String function, String... args) {
        HtlcClient.Committed r = c.submit(function, args);
        endorseMillis.add(r.endorseMillis());
        commitMillis.add(r.commitMillis());
        return r;
    }

    private static String balance(HtlcClient via, HtlcClient who) {
        return via.evaluate("Balance", ASSET, who.expectedAccount());
    }

    private void mint(HtlcClient who, long amount) {
        submit(admin1, "Mint", ASSET, who.expectedAccount(), Long.toString(amount));
    }

    /** A fresh secret: the preimage and its sha256 hash lock, both as 0x + 64 hex digits. */
    private record Secret(String preimage, String hashLock) {
        static Secret random() {
            byte[] p = new byte[32];
            RANDOM.nextBytes(p);
            return new Secret(
                    "0x" + HexFormat.of().formatHex(p), "0x" + HexFormat.of().formatHex(sha256(p)));
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] lockArgs(HtlcClient receiver, Secret s, long timeLock, long amount) {
        return new String[] {
            receiver.expectedAccount(),
            s.hashLock(),
            Long.toString(timeLock),
            ASSET,
            Long.toString(amount),
            CHAIN,
            RECIPIENT,
            "7"
        };
    }

    private static long inMinutes(int minutes) {
        return Instant.now().getEpochSecond() + 60L * minutes;
    }

    /** Asserts that {@code call} is refused by the chaincode with {@code <code>: <text>}, text containing parts. */
    private static void refused(Runnable call, String code, String... parts) {
        assertThatThrownBy(call::run).isInstanceOf(HtlcClient.Refused.class).satisfies(e -> {
            String m = Objects.requireNonNull(e.getMessage());
            assertThat(m).as("refusal message").contains(code + ": ");
            String text = m.substring(m.indexOf(code + ": "));
            for (String p : parts) {
                assertThat(text).contains(p);
            }
        });
    }

    /** The chaincode events of {@code txIds}, read from block {@code from} on; waits for all of them. */
    private static Map<String, ChaincodeEvent> events(HtlcClient via, long from, List<String> txIds) {
        Map<String, ChaincodeEvent> found = new HashMap<>();
        try (CloseableIterator<ChaincodeEvent> it = via.network()
                .newChaincodeEventsRequest(HtlcChaincode.DEFAULT_NAME)
                .startBlock(from)
                .build()
                .getEvents(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))) {
            while (found.size() < txIds.size() && it.hasNext()) {
                ChaincodeEvent e = it.next();
                if (txIds.contains(e.getTransactionId())) {
                    found.put(e.getTransactionId(), e);
                }
            }
        }
        assertThat(found).as("events of %s", txIds).hasSize(txIds.size());
        return found;
    }

    /** The chaincode event of transaction {@code c}. */
    private static ChaincodeEvent event(HtlcClient via, HtlcClient.Committed c) {
        return Objects.requireNonNull(
                events(via, c.blockNumber(), List.of(c.txId())).get(c.txId()));
    }

    private static String payload(ChaincodeEvent e) {
        return new String(e.getPayload(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void an_account_is_the_msp_id_and_the_hash_of_the_certificate_s_subject_and_issuer() {
        for (HtlcClient c : List.of(admin1, alice, bob, carol)) {
            assertThat(c.evaluate("AccountOf"))
                    .as(c.identity().name())
                    .isEqualTo(c.expectedAccount())
                    .matches("Org[12]MSP:[0-9a-f]{64}");
        }
        assertThat(carol.expectedAccount()).startsWith("Org2MSP:");
        assertThat(alice.expectedAccount()).isNotEqualTo(bob.expectedAccount());
    }

    @Test
    void a_renewed_certificate_keeps_the_account() throws Exception {
        FabricNetwork net = Objects.requireNonNull(devnet).network();
        FabricNetwork.Identity first = net.org("org2").issueClientIdentity("dave");
        String firstCert = Files.readString(first.certFile());
        String account;
        try (HtlcClient dave = new HtlcClient(net, net.org("org2"), first, HtlcChaincode.DEFAULT_NAME)) {
            account = dave.evaluate("AccountOf");
        }
        FabricNetwork.Identity renewed = net.org("org2").issueClientIdentity("dave");

        assertThat(Files.readString(renewed.certFile())).isNotEqualTo(firstCert);
        try (HtlcClient dave = new HtlcClient(net, net.org("org2"), renewed, HtlcChaincode.DEFAULT_NAME)) {
            assertThat(dave.evaluate("AccountOf")).isEqualTo(account);
        }
    }

    @Test
    void an_org_admin_mints_and_a_client_is_unauthorized() {
        HtlcClient.Committed minted = submit(admin1, "Mint", "GOLD", carol.expectedAccount(), "40");
        HtlcClient.Committed more = submit(admin2, "Mint", "GOLD", carol.expectedAccount(), "2");

        assertThat(minted.result()).isEqualTo("40");
        assertThat(more.result()).isEqualTo("42");
        assertThat(carol.evaluate("Balance", "GOLD", carol.expectedAccount())).isEqualTo("42");
        refused(
                () -> alice.submit("Mint", "GOLD", alice.expectedAccount(), "1"),
                "Unauthorized",
                alice.expectedAccount());
        refused(() -> carol.submit("Mint", "GOLD", carol.expectedAccount(), "1"), "Unauthorized");
        assertThat(Map.of("Minted", payload(event(admin1, minted))))
                .containsEntry(
                        "Minted",
                        "{\"asset\":\"GOLD\",\"account\":\"" + carol.expectedAccount() + "\",\"amount\":\"40\"}");
    }

    @Test
    void transfer_moves_between_users_of_different_orgs() {
        submit(admin1, "Mint", "SILVER", alice.expectedAccount(), "100");

        HtlcClient.Committed t = submit(alice, "Transfer", "SILVER", bob.expectedAccount(), "35");

        assertThat(t.result()).isEmpty();
        assertThat(bob.evaluate("Balance", "SILVER", alice.expectedAccount())).isEqualTo("65");
        assertThat(alice.evaluate("Balance", "SILVER", bob.expectedAccount())).isEqualTo("35");
        assertThat(payload(event(bob, t)))
                .isEqualTo("{\"asset\":\"SILVER\",\"from\":\"" + alice.expectedAccount() + "\",\"to\":\""
                        + bob.expectedAccount() + "\",\"amount\":\"35\"}");
        refused(() -> bob.submit("Transfer", "SILVER", alice.expectedAccount(), "36"), "InsufficientFunds", "has 35");
    }

    @Test
    void lock_then_claim_pays_the_receiver_and_emits_locked_and_claimed() {
        mint(alice, 500);
        String aliceBefore = balance(alice, alice);
        String bobBefore = balance(bob, bob);
        Secret s = Secret.random();
        long timeLock = inMinutes(10);

        HtlcClient.Committed lock = submit(alice, "Lock", lockArgs(bob, s, timeLock, 120));
        String id = lock.result();
        String lockJson = bob.evaluate("GetLock", id);
        HtlcClient.Committed claim = submit(
                bob,
                "Claim",
                id,
                s.preimage().toUpperCase(java.util.Locale.ROOT).replace("0X", "0x"));

        assertThat(id)
                .isEqualTo(alice.evaluate(
                        "LockId",
                        alice.expectedAccount(),
                        bob.expectedAccount(),
                        s.hashLock(),
                        Long.toString(timeLock),
                        ASSET,
                        "120",
                        CHAIN,
                        RECIPIENT,
                        "7"))
                .isEqualTo(expectedLockId(alice, bob, s.hashLock(), timeLock, 120));
        assertThat(lockJson)
                .isEqualTo("{\"id\":\"" + id + "\",\"sender\":\"" + alice.expectedAccount() + "\",\"receiver\":\""
                        + bob.expectedAccount() + "\",\"hashLock\":\"" + s.hashLock() + "\",\"timeLock\":\"" + timeLock
                        + "\",\"asset\":\"USD\",\"amount\":\"120\",\"destinationChain\":\"" + CHAIN
                        + "\",\"destinationRecipient\":\"" + RECIPIENT
                        + "\",\"minDestinationAmount\":\"7\",\"status\":\"LOCKED\"}");
        assertThat(new BigInteger(balance(alice, alice)))
                .isEqualTo(new BigInteger(aliceBefore).subtract(BigInteger.valueOf(120)));
        assertThat(new BigInteger(balance(bob, bob))).isEqualTo(new BigInteger(bobBefore).add(BigInteger.valueOf(120)));
        assertThat(alice.evaluate("GetLock", id))
                .isEqualTo(lockJson.replace(
                        "\"status\":\"LOCKED\"}", "\"status\":\"CLAIMED\",\"preimage\":\"" + s.preimage() + "\"}"));

        Map<String, ChaincodeEvent> events = events(carol, lock.blockNumber(), List.of(lock.txId(), claim.txId()));
        ChaincodeEvent locked = Objects.requireNonNull(events.get(lock.txId()));
        ChaincodeEvent claimed = Objects.requireNonNull(events.get(claim.txId()));
        assertThat(locked.getEventName()).isEqualTo("Locked");
        assertThat(payload(locked)).isEqualTo(lockJson);
        assertThat(claimed.getEventName()).isEqualTo("Claimed");
        assertThat(payload(claimed))
                .isEqualTo("{\"id\":\"" + id + "\",\"receiver\":\"" + bob.expectedAccount()
                        + "\",\"asset\":\"USD\",\"amount\":\"120\",\"preimage\":\"" + s.preimage() + "\"}");
        assertThat(claim.blockNumber()).isGreaterThan(lock.blockNumber());
    }

    /** The documented lock id, computed here from its definition. */
    private String expectedLockId(HtlcClient sender, HtlcClient receiver, String hashLock, long timeLock, long amount) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        for (String f : new String[] {
            "xrelay-htlc-v1",
            Objects.requireNonNull(devnet).network().channel(),
            sender.expectedAccount(),
            receiver.expectedAccount(),
            hashLock,
            Long.toString(timeLock),
            ASSET,
            Long.toString(amount),
            CHAIN,
            RECIPIENT,
            "7"
        }) {
            byte[] b = f.getBytes(StandardCharsets.UTF_8);
            e.writeBytes(new byte[] {
                (byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length
            });
            e.writeBytes(b);
        }
        return "0x" + HexFormat.of().formatHex(sha256(e.toByteArray()));
    }

    @Test
    void the_transaction_timestamp_is_the_clock_of_refund_and_claim() throws Exception {
        mint(alice, 300);
        long timeLock = Instant.now().getEpochSecond() + 8;
        Secret s = Secret.random();
        String refundable =
                submit(alice, "Lock", lockArgs(bob, s, timeLock, 50)).result();
        String unclaimed =
                submit(alice, "Lock", lockArgs(carol, s, timeLock, 60)).result();
        String before = balance(alice, alice);

        assertThat(Instant.now().getEpochSecond())
                .as("the locks committed before their time lock")
                .isLessThan(timeLock);
        refused(() -> carol.submit("Refund", refundable), "NotExpired", refundable, "from " + timeLock);
        refused(
                () -> alice.submit(
                        "Lock", lockArgs(bob, Secret.random(), Instant.now().getEpochSecond() - 1, 1)),
                "TimelockInPast");

        Duration wait = Duration.between(Instant.now(), Instant.ofEpochSecond(timeLock + 1));
        if (!wait.isNegative()) {
            Thread.sleep(wait.toMillis());
        }
        HtlcClient.Committed refund = submit(carol, "Refund", refundable);
        refused(() -> carol.submit("Claim", unclaimed, s.preimage()), "Expired", unclaimed, "expired at " + timeLock);

        assertThat(new BigInteger(balance(alice, alice))).isEqualTo(new BigInteger(before).add(BigInteger.valueOf(50)));
        assertThat(bob.evaluate("GetLock", refundable)).endsWith("\"status\":\"REFUNDED\"}");
        assertThat(payload(event(alice, refund)))
                .isEqualTo("{\"id\":\"" + refundable + "\",\"sender\":\"" + alice.expectedAccount()
                        + "\",\"asset\":\"USD\",\"amount\":\"50\"}");
        refused(() -> alice.submit("Refund", refundable), "NotLocked", "REFUNDED");
        submit(bob, "Refund", unclaimed);
    }

    @Test
    void every_refusal_code_comes_back_as_code_colon_text() {
        mint(alice, 100);
        Secret s = Secret.random();
        long timeLock = inMinutes(10);
        String id = submit(alice, "Lock", lockArgs(bob, s, timeLock, 10)).result();

        refused(() -> alice.submit("Lock", lockArgs(bob, s, timeLock, 10)), "LockExists", id);
        refused(
                () -> bob.submit("Claim", "0x" + "00".repeat(32), s.preimage()),
                "LockNotFound",
                "0x" + "00".repeat(32));
        refused(() -> bob.submit("Claim", id, Secret.random().preimage()), "WrongPreimage", id, s.hashLock());
        refused(
                () -> alice.submit("Lock", lockArgs(bob, Secret.random(), inMinutes(10), 0)),
                "InvalidAmount",
                "greater than 0");
        refused(
                () -> alice.submit(
                        "Lock", "bob", s.hashLock(), Long.toString(inMinutes(10)), ASSET, "1", CHAIN, RECIPIENT, "0"),
                "InvalidReceiver",
                "\"bob\"");
        refused(
                () -> carol.submit("Lock", lockArgs(bob, Secret.random(), inMinutes(10), 1)),
                "InsufficientFunds",
                carol.expectedAccount());
        refused(() -> alice.evaluate("GetLock", "0x" + "11".repeat(32)), "LockNotFound");
        submit(bob, "Claim", id, s.preimage());
        refused(() -> bob.submit("Claim", id, s.preimage()), "NotLocked", "CLAIMED");
        refused(() -> alice.submit("Refund", id), "NotLocked", "CLAIMED");

        refused(() -> alice.submit("Claim", id), "BadArgument", "Claim takes 2 arguments (id, preimage), got 1");
        refused(() -> alice.evaluate("AccountOf", "extra"), "BadArgument", "AccountOf takes 0 arguments, got 1");
        refused(
                () -> alice.submit("Lock", lockArgs(bob, new Secret("0x", "0x1234"), inMinutes(10), 1)),
                "BadArgument",
                "hashLock");
        refused(() -> alice.submit("Steal", id), "BadArgument", "unknown function \"Steal\"");
    }

    @Test
    void a_payout_that_would_overflow_the_receiver_fails_with_transfer_failed() {
        HtlcClient erin = client(
                Objects.requireNonNull(devnet).network(),
                devnet.network().org("org1"),
                devnet.network().org("org1").issueClientIdentity("erin"));
        submit(admin1, "Mint", "ZINC", erin.expectedAccount(), MAX.toString());
        submit(admin1, "Mint", "ZINC", alice.expectedAccount(), "5");
        Secret s = Secret.random();
        String id = submit(
                        alice,
                        "Lock",
                        erin.expectedAccount(),
                        s.hashLock(),
                        Long.toString(inMinutes(10)),
                        "ZINC",
                        "5",
                        CHAIN,
                        RECIPIENT,
                        "0")
                .result();

        refused(() -> erin.submit("Claim", id, s.preimage()), "TransferFailed", erin.expectedAccount());
        refused(() -> admin1.submit("Mint", "ZINC", erin.expectedAccount(), "1"), "InvalidAmount", "2^256");
        assertThat(erin.evaluate("GetLock", id)).contains("\"status\":\"LOCKED\"");
    }

    @Test
    void a_transaction_endorsed_by_one_org_only_is_invalid_at_commit() {
        submit(admin1, "Mint", "IRON", alice.expectedAccount(), "10");

        Status status = alice.submitEndorsedBy(List.of("Org1MSP"), "Transfer", "IRON", bob.expectedAccount(), "4");
        CommitException invalid =
                alice.submitInvalidEndorsedBy(List.of("Org2MSP"), "Transfer", "IRON", bob.expectedAccount(), "3");

        assertThat(status.isSuccessful()).isFalse();
        assertThat(status.getCode()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        assertThat(invalid.getCode()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        assertThat(alice.evaluate("Balance", "IRON", alice.expectedAccount())).isEqualTo("10");
        assertThat(alice.evaluate("Balance", "IRON", bob.expectedAccount())).isEqualTo("0");
        HtlcClient.Committed both = submit(alice, "Transfer", "IRON", bob.expectedAccount(), "4");
        assertThat(both.result()).isEmpty();
        assertThat(bob.evaluate("Balance", "IRON", bob.expectedAccount())).isEqualTo("4");
    }
}
