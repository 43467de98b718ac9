/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.InclusionProof;
import io.xrelay.adapter.ethereum.ProofException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.AccessListObject;
import org.web3j.crypto.AuthorizationTuple;
import org.web3j.crypto.Blob;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;

/**
 * Receipts proofs against a real node: anvil (the native binary from npm) mines blocks holding transactions of
 * every type (legacy, EIP-2930, EIP-1559, EIP-4844 and EIP-7702), contract deployments whose constructor emits a
 * LOG1, calls that emit LOG2 and a failed transaction; the receipts root recomputed from
 * {@code eth_getBlockReceipts} must equal the header's and every proof must verify. Through
 * {@link TamperingRpcProxy} a lying node's receipts no longer match the header.
 */
class ReceiptProofsAnvilIT {
    /** Anvil's first dev account: a public, well-known test key that holds test ether only on a dev node. */
    private static final String DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private static final BigInteger MAX_FEE = GWEI.multiply(BigInteger.valueOf(20));
    private static final BigInteger TIP = GWEI;
    private static final Bytes DEPLOYED_TOPIC = keccak("xrelay.test.Deployed()");
    private static final Bytes EMITTED_TOPIC = keccak("xrelay.test.Emitted(bytes)");

    private static Process anvil;
    private static Path anvilLog;
    private static URI url;
    private static HttpClient http;
    private static Credentials sender;
    private static long chainId;
    private static String emitter;
    private static String authority;
    private static JsonNode mixedHeader;
    private static JsonNode mixedReceipts;
    private static JsonNode bigHeader;
    private static JsonNode bigReceipts;

    @BeforeAll
    static void startAnvilAndMineBlocks() throws Exception {
        Path root = Path.of(System.getProperty("xrelay.root", "../.."));
        Path binary = anvilBinary(root);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(Path.of("target"));
        anvilLog = Path.of("target", "anvil-receipts-it.log");
        // Prague: every transaction type up to EIP-7702, with the EIP-4844 network form web3j signs.
        anvil = new ProcessBuilder(
                        binary.toString(),
                        "--host",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(port),
                        "--hardfork",
                        "prague")
                .redirectErrorStream(true)
                .redirectOutput(anvilLog.toFile())
                .start();
        url = URI.create("http://127.0.0.1:" + port + "/");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        awaitReady();
        chainId = Long.decode(rpc("eth_chainId").asText());
        sender = Credentials.create(DEV_KEY);

        long nonce = nonce();
        emitter = contractAddress(sender.getAddress(), nonce);
        ECKeyPair authorityKey = ECKeyPair.create(
                new BigInteger(1, keccak("xrelay.test.authority").toByteArray()));
        authority = "0x" + Keys.getAddress(authorityKey);
        mixedHeader = mine(mixedTransactions(nonce, authorityKey));
        mixedReceipts = rpc("eth_getBlockReceipts", mixedHeader.get("number").asText());
        bigHeader = mine(bigTransactions(nonce()));
        bigReceipts = rpc("eth_getBlockReceipts", bigHeader.get("number").asText());
    }

    @AfterAll
    static void stopAnvil() throws InterruptedException {
        if (http != null) {
            http.close();
        }
        if (anvil != null) {
            anvil.destroy();
            if (!anvil.waitFor(10, TimeUnit.SECONDS)) {
                anvil.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Path anvilBinary(Path root) throws IOException, InterruptedException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "arm64" : "amd64";
        Path binary = root.resolve("node_modules/@foundry-rs/anvil-" + os + "-" + arch + "/bin/anvil");
        if (!Files.isExecutable(binary)) {
            // The pinned npm tools install idempotently; a fresh checkout has none yet.
            Process install = new ProcessBuilder(
                            "bash", root.resolve("scripts/npm-tools.sh").toString())
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target", "npm-tools.log").toFile())
                    .start();
            assertThat(install.waitFor(5, TimeUnit.MINUTES))
                    .as("scripts/npm-tools.sh finishes")
                    .isTrue();
        }
        assertThat(binary).as("anvil from scripts/npm-tools.sh").isExecutable();
        return binary;
    }

    private static void awaitReady() throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                rpc("eth_chainId");
                return;
            } catch (IOException e) {
                if (!anvil.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(
                            "anvil did not start; its output:\n" + Files.readString(anvilLog), e);
                }
                Thread.sleep(100);
            }
        }
    }

    // --- the two blocks ---

    private static List<byte[]> mixedTransactions(long nonce, ECKeyPair authorityKey) {
        String hello = "0x" + HEX.formatHex("hello".getBytes(StandardCharsets.US_ASCII));
        List<byte[]> txs = new ArrayList<>();
        // 0: legacy deployment whose constructor emits LOG1.
        txs.add(TransactionEncoder.signMessage(
                RawTransaction.createContractTransaction(
                        big(nonce), MAX_FEE, big(200_000), BigInteger.ZERO, emitterInitCode()),
                chainId,
                sender));
        // 1: EIP-2930 call (with an access list) that emits LOG2.
        txs.add(sign(RawTransaction.createTransaction(
                chainId,
                big(nonce + 1),
                MAX_FEE,
                big(100_000),
                emitter,
                BigInteger.ZERO,
                "0x01",
                List.of(new AccessListObject(emitter, List.of())))));
        // 2: EIP-1559 call that emits LOG2.
        txs.add(sign(RawTransaction.createTransaction(
                chainId, big(nonce + 2), big(100_000), emitter, BigInteger.ZERO, hello, TIP, MAX_FEE)));
        // 3: EIP-1559 deployment (LOG1).
        txs.add(sign(RawTransaction.createTransaction(
                chainId, big(nonce + 3), big(200_000), "", BigInteger.ZERO, emitterInitCode(), TIP, MAX_FEE)));
        // 4: legacy ether transfer, no log.
        txs.add(TransactionEncoder.signMessage(
                RawTransaction.createEtherTransaction(big(nonce + 4), MAX_FEE, big(21_000), authority, BigInteger.ONE),
                chainId,
                sender));
        // 5: EIP-1559 call with too little gas for its LOG2: included, status 0.
        txs.add(sign(RawTransaction.createTransaction(
                chainId, big(nonce + 5), big(21_300), emitter, BigInteger.ZERO, hello, TIP, MAX_FEE)));
        // 6: EIP-7702: the authority delegates to the emitter; the call runs its code, LOG2 from the authority.
        txs.add(sign(RawTransaction.createTransaction(
                chainId,
                big(nonce + 6),
                TIP,
                MAX_FEE,
                big(150_000),
                authority,
                BigInteger.ZERO,
                "0x0702",
                List.of(),
                List.of(authorization(authorityKey, emitter, 0)))));
        // 7: EIP-4844 blob transaction calling the emitter.
        txs.add(sign(RawTransaction.createTransaction(
                List.of(new Blob(new byte[131_072])),
                chainId,
                big(nonce + 7),
                TIP,
                MAX_FEE,
                big(100_000),
                emitter,
                BigInteger.ZERO,
                "0x04",
                MAX_FEE)));
        return txs;
    }

    private static List<byte[]> bigTransactions(long nonce) {
        List<byte[]> txs = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            String data = "0x" + HEX.toHexDigits(i);
            BigInteger n = big(nonce + i);
            txs.add(
                    switch (i % 3) {
                        case 0 ->
                            TransactionEncoder.signMessage(
                                    RawTransaction.createTransaction(n, MAX_FEE, big(60_000), emitter, data),
                                    chainId,
                                    sender);
                        case 1 ->
                            sign(RawTransaction.createTransaction(
                                    chainId, n, MAX_FEE, big(60_000), emitter, BigInteger.ZERO, data, List.of()));
                        default ->
                            sign(RawTransaction.createTransaction(
                                    chainId, n, big(60_000), emitter, BigInteger.ZERO, data, TIP, MAX_FEE));
                    });
        }
        return txs;
    }

    private static JsonNode mine(List<byte[]> signedTransactions) throws Exception {
        rpc("evm_setAutomine", false);
        for (byte[] tx : signedTransactions) {
            rpc("eth_sendRawTransaction", "0x" + HEX.formatHex(tx));
        }
        rpc("evm_mine");
        JsonNode header = rpc("eth_getBlockByNumber", "latest", false);
        assertThat(header.get("transactions"))
                .as("all transactions in one block")
                .hasSize(signedTransactions.size());
        return header;
    }

    // --- the tests ---

    @Test
    void recomputes_the_receipts_root_of_a_block_with_every_transaction_type() {
        List<EthReceipt> receipts = parse(mixedReceipts);

        assertThat(receipts).extracting(EthReceipt::type).containsExactly(0, 1, 2, 2, 0, 2, 4, 3);
        assertThat(receipts)
                .extracting(EthReceipt::succeeded)
                .containsExactly(true, true, true, true, true, false, true, true);
        assertThat(receipts.get(0).logs()).singleElement().satisfies(log -> {
            assertThat(log.address()).isEqualTo(Bytes.fromHex(emitter));
            assertThat(log.topics()).containsExactly(DEPLOYED_TOPIC);
        });
        assertThat(receipts.get(2).logs()).singleElement().satisfies(log -> {
            assertThat(log.topics()).containsExactly(EMITTED_TOPIC, leftPadded(sender.getAddress()));
            assertThat(log.data()).isEqualTo(Bytes.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
        });
        assertThat(receipts.get(5).logs()).isEmpty();
        assertThat(receipts.get(6).logs()).singleElement().satisfies(log -> assertThat(log.address())
                .isEqualTo(Bytes.fromHex(authority)));
        assertThat(receipts).allMatch(EthReceipt::bloomMatchesLogs);

        assertThat(ReceiptProofs.receiptsRoot(receipts)).isEqualTo(receiptsRoot(mixedHeader));
    }

    @Test
    void proves_every_receipt_against_the_header() {
        for (JsonNode[] block : new JsonNode[][] {{mixedHeader, mixedReceipts}, {bigHeader, bigReceipts}}) {
            List<EthReceipt> receipts = parse(block[1]);
            Bytes root = receiptsRoot(block[0]);
            MerklePatriciaTrie trie = ReceiptProofs.receiptsTrie(receipts);
            assertThat(trie.rootHash()).isEqualTo(root);
            for (int i = 0; i < receipts.size(); i++) {
                assertThat(ReceiptProofs.verify(root, ReceiptProofs.prove(trie, i), i))
                        .isEqualTo(receipts.get(i));
            }
        }
        assertThat(bigReceipts).hasSize(130);
    }

    @Test
    void an_honest_proxy_changes_nothing() throws Exception {
        try (TamperingRpcProxy proxy = TamperingRpcProxy.start(url)) {
            String number = bigHeader.get("number").asText();
            JsonNode header = rpc(proxy.url(), "eth_getBlockByNumber", number, false);
            JsonNode receipts = rpc(proxy.url(), "eth_getBlockReceipts", number);
            assertThat(header).isEqualTo(bigHeader);
            assertThat(receipts).isEqualTo(bigReceipts);
            assertThat(ReceiptProofs.receiptsRoot(parse(receipts))).isEqualTo(receiptsRoot(header));
            assertThat(proxy.calls("eth_getBlockReceipts")).isEqualTo(1);
        }
    }

    @Test
    void a_rewritten_receipt_no_longer_matches_the_header() throws Exception {
        String number = mixedHeader.get("number").asText();
        Bytes root = receiptsRoot(mixedHeader);
        try (TamperingRpcProxy proxy = TamperingRpcProxy.start(url)) {
            List<TamperingRpcProxy.Rewrite> lies = List.of(
                    // The amount-like data of a log changes.
                    (params, result) -> {
                        ((ObjectNode) result.get(2).get("logs").get(0)).put("data", "0x676f6f64627965");
                        return result;
                    },
                    // A receipt disappears.
                    (params, result) -> {
                        ((ArrayNode) result).remove(4);
                        return result;
                    },
                    // Two receipts swap places.
                    (params, result) -> {
                        JsonNode first = result.get(1);
                        ((ArrayNode) result).set(1, result.get(2));
                        ((ArrayNode) result).set(2, first);
                        return result;
                    },
                    // A log is invented (with a matching bloom, so only the root can tell).
                    (params, result) -> {
                        ObjectNode receipt = (ObjectNode) result.get(4);
                        ObjectNode log = ((ArrayNode) receipt.get("logs")).addObject();
                        log.put("address", emitter);
                        log.putArray("topics").add(EMITTED_TOPIC.toHex());
                        log.put("data", "0x");
                        EthReceipt parsed = EthReceipt.fromJson(receipt);
                        receipt.put(
                                "logsBloom", EthReceipt.bloomOf(parsed.logs()).toHex());
                        return result;
                    },
                    // The status of the failed transaction turns to success.
                    (params, result) -> {
                        ((ObjectNode) result.get(5)).put("status", "0x1");
                        return result;
                    });
            for (TamperingRpcProxy.Rewrite lie : lies) {
                proxy.clearRules().rewrite("eth_getBlockReceipts", lie);
                List<EthReceipt> lied = parse(rpc(proxy.url(), "eth_getBlockReceipts", number));

                Bytes liedRoot = ReceiptProofs.receiptsRoot(lied);
                assertThat(liedRoot).isNotEqualTo(root);
                // The check the adapter does: a proof built from the lie fails against the verified header.
                ProofException e = catchThrowableOfType(
                        ProofException.class, () -> ReceiptProofs.verify(root, ReceiptProofs.prove(lied, 2)));
                assertThat(e.reason()).isEqualTo(Reason.HASH_MISMATCH);
                assertThat(e.getMessage()).startsWith("node 0 hash mismatch: the root is " + root);
            }
            assertThat(proxy.calls("eth_getBlockReceipts")).isEqualTo(lies.size());
        }
    }

    @Test
    void a_lying_header_no_longer_matches_the_honest_receipts() throws Exception {
        String number = mixedHeader.get("number").asText();
        try (TamperingRpcProxy proxy = TamperingRpcProxy.start(url)) {
            // Another block's header in place of the one asked for.
            proxy.rewrite(
                    "eth_getBlockByNumber",
                    (params, result) -> proxy.upstream(
                            "eth_getBlockByNumber",
                            JSON.createArrayNode()
                                    .add(bigHeader.get("number").asText())
                                    .add(false)));
            JsonNode header = rpc(proxy.url(), "eth_getBlockByNumber", number, false);
            assertThat(header.get("hash")).isEqualTo(bigHeader.get("hash"));

            List<EthReceipt> honest = parse(rpc(proxy.url(), "eth_getBlockReceipts", number));
            InclusionProof proof = ReceiptProofs.prove(honest, 0);
            assertThat(catchThrowableOfType(
                                    ProofException.class, () -> ReceiptProofs.verify(receiptsRoot(header), proof))
                            .reason())
                    .isEqualTo(Reason.HASH_MISMATCH);
            assertThat(ReceiptProofs.verify(receiptsRoot(mixedHeader), proof)).isEqualTo(honest.get(0));
        }
    }

    @Test
    void the_proxy_forwards_batches_to_a_real_node() throws Exception {
        try (TamperingRpcProxy proxy = TamperingRpcProxy.start(url)) {
            proxy.fail("eth_getBlockReceipts", -32000, "unavailable");
            String batch = "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]},"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_getBlockReceipts\",\"params\":[\"latest\"]}]";
            JsonNode answers = JSON.readTree(post(proxy.url(), batch.getBytes(StandardCharsets.UTF_8)));
            assertThat(answers.get(0).get("result").asText()).isEqualTo("0x" + Long.toHexString(chainId));
            assertThat(answers.get(1).at("/error/message").asText()).isEqualTo("unavailable");
        }
    }

    // --- helpers ---

    private static List<EthReceipt> parse(JsonNode receipts) {
        List<EthReceipt> out = new ArrayList<>();
        for (JsonNode receipt : receipts) {
            out.add(EthReceipt.fromJson(receipt));
        }
        return out;
    }

    private static Bytes receiptsRoot(JsonNode header) {
        return Bytes.fromHex(header.get("receiptsRoot").asText());
    }

    private static long nonce() throws Exception {
        return Long.decode(
                rpc("eth_getTransactionCount", sender.getAddress(), "pending").asText());
    }

    private static byte[] sign(RawTransaction transaction) {
        return TransactionEncoder.signMessage(transaction, sender);
    }

    private static BigInteger big(long value) {
        return BigInteger.valueOf(value);
    }

    private static Bytes keccak(String text) {
        return Bytes.wrap(Keccak256.hash(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static Bytes leftPadded(String address) {
        byte[] word = new byte[32];
        byte[] raw = Bytes.fromHex(address).toByteArray();
        System.arraycopy(raw, 0, word, 32 - raw.length, raw.length);
        return Bytes.wrap(word);
    }

    /** The address a contract created by {@code deployer} at {@code nonce} gets: keccak(RLP([sender, nonce]))[12..]. */
    private static String contractAddress(String deployer, long nonce) {
        byte[] rlp = StrictRlp.encodeList(List.of(
                StrictRlp.encodeString(Bytes.fromHex(deployer).toByteArray()), StrictRlp.encodeUnsigned(nonce)));
        byte[] hash = Keccak256.hash(rlp);
        return "0x" + HEX.formatHex(hash, 12, 32);
    }

    /** An EIP-7702 authorization signed by {@code key}: sign(keccak(0x05 || RLP([chainId, address, nonce]))). */
    private static AuthorizationTuple authorization(ECKeyPair key, String address, long nonce) {
        byte[] rlp = StrictRlp.encodeList(List.of(
                StrictRlp.encodeUnsigned(chainId),
                StrictRlp.encodeString(Bytes.fromHex(address).toByteArray()),
                StrictRlp.encodeUnsigned(nonce)));
        byte[] message = new byte[rlp.length + 1];
        message[0] = 0x05;
        System.arraycopy(rlp, 0, message, 1, rlp.length);
        Sign.SignatureData signature = Sign.signMessage(Keccak256.hash(message), key, false);
        return new AuthorizationTuple(
                big(chainId),
                address,
                big(nonce),
                big(signature.getV()[0] - 27L),
                new BigInteger(1, signature.getR()),
                new BigInteger(1, signature.getS()));
    }

    /**
     * Hand-assembled bytecode. Constructor: LOG1(DEPLOYED_TOPIC) with no data, then return the runtime code.
     * Runtime: copy the calldata to memory and LOG2(EMITTED_TOPIC, caller) with it as data.
     */
    private static String emitterInitCode() {
        ByteArrayOutputStream runtime = new ByteArrayOutputStream();
        runtime.writeBytes(HEX.parseHex("36" + "6000" + "6000" + "37" + "33" + "7f")); // CALLDATACOPY(0, 0, size)
        runtime.writeBytes(EMITTED_TOPIC.toByteArray()); // CALLER and PUSH32 topic: the two topics
        runtime.writeBytes(HEX.parseHex("36" + "6000" + "a2" + "00")); // LOG2(0, size, topic, caller); STOP
        byte[] code = runtime.toByteArray();

        ByteArrayOutputStream init = new ByteArrayOutputStream();
        init.write(0x7f);
        init.writeBytes(DEPLOYED_TOPIC.toByteArray());
        init.writeBytes(HEX.parseHex("6000" + "6000" + "a1")); // LOG1(0, 0, topic)
        int prefixLength = init.size() + 11; // the 11 bytes below, after which the runtime code starts
        init.writeBytes(HEX.parseHex("60" + HEX.toHexDigits((byte) code.length) + "80" + "60"
                + HEX.toHexDigits((byte) prefixLength) + "6000" + "39" + "6000" + "f3")); // CODECOPY; RETURN
        init.writeBytes(code);
        return "0x" + HEX.formatHex(init.toByteArray());
    }

    private static JsonNode rpc(String method, Object... params) throws IOException, InterruptedException {
        return rpc(url, method, params);
    }

    private static JsonNode rpc(URI endpoint, String method, Object... params)
            throws IOException, InterruptedException {
        ObjectNode request =
                JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method);
        request.set("params", JSON.valueToTree(List.of(params)));
        JsonNode response = JSON.readTree(post(endpoint, JSON.writeValueAsBytes(request)));
        if (response.hasNonNull("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.get("result");
    }

    private static byte[] post(URI endpoint, byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(endpoint)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + endpoint);
        }
        return response.body();
    }
}
