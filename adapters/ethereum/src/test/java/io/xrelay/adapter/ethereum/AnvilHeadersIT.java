/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xrelay.adapter.ChainId;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Headers of a real anvil node (Prague layout, every fork from genesis) pass the hash check and the chain rules, over
 * 50 blocks whose base fee moves both ways: blocks with a transaction that burns 20M gas (above the 15M target),
 * blocks with a few transfers and empty blocks. Anvil gives every block mined in the same second the same timestamp
 * and block 1 the genesis base fee, so the rules are those of {@link HeaderRules.Config#ANVIL}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnvilHeadersIT {
    private static final int BLOCKS = 50;
    /** Init code that loops (22 gas a turn) until less than 100,000 gas is left, then stops: a gas burner. */
    private static final String BURN_GAS = "0x5b5a620186a01060005700";

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private @Nullable Process anvil;
    private URI endpoint = URI.create("http://127.0.0.1:0");
    private int rpcId;
    private final List<EthHeader> headers = new ArrayList<>();

    @BeforeAll
    void start_anvil_and_mine() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Path.of("target", "anvil-headers-it.log");
        Files.createDirectories(log.getParent());
        anvil = new ProcessBuilder(anvilBinary().toString(), "--host", "127.0.0.1", "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        endpoint = URI.create("http://127.0.0.1:" + port);
        awaitReady();

        String from = call("eth_accounts").get(0).textValue();
        String to = call("eth_accounts").get(1).textValue();
        call("evm_setAutomine", false);
        for (int i = 1; i <= BLOCKS; i++) {
            switch (i % 3) {
                case 0 -> send(tx(from, null, BURN_GAS, 20_000_000L));
                case 1 -> {
                    for (int k = 0; k < 3; k++) {
                        send(tx(from, to, null, 21_000L).put("value", "0x" + Integer.toHexString(1000 + k)));
                    }
                }
                default -> {} // an empty block
            }
            call("evm_mine");
        }
        for (long n = 0; n <= BLOCKS; n++) {
            JsonNode block = call("eth_getBlockByNumber", "0x" + Long.toHexString(n), false);
            headers.add(EthHeader.fromJson(block));
        }
    }

    @AfterAll
    void stop_anvil() throws InterruptedException {
        Process p = anvil;
        if (p != null) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void every_anvil_header_hashes_to_its_claimed_hash_and_follows_its_parent() {
        HeaderRules rules = new HeaderRules(ChainId.of("anvil"), HeaderRules.Config.ANVIL);

        assertThat(headers).hasSize(BLOCKS + 1);
        assertThatCode(() -> rules.verifyHash(headers.get(0))).doesNotThrowAnyException();
        for (int i = 1; i < headers.size(); i++) {
            EthHeader parent = headers.get(i - 1);
            EthHeader child = headers.get(i);
            assertThatCode(() -> rules.verify(parent, child))
                    .as("block %d", child.number())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void the_headers_have_the_prague_layout_and_a_base_fee_that_moved_both_ways() {
        int rises = 0;
        int falls = 0;
        for (int i = 1; i < headers.size(); i++) {
            int c = fee(headers.get(i)).compareTo(fee(headers.get(i - 1)));
            rises += c > 0 ? 1 : 0;
            falls += c < 0 ? 1 : 0;
        }

        assertThat(headers).allSatisfy(h -> assertThat(h.fork()).isEqualTo(EthFork.PRAGUE));
        assertThat(headers).anySatisfy(h -> assertThat(h.gasUsed()).isGreaterThan(h.gasLimit() / 2));
        assertThat(rises).isPositive();
        assertThat(falls).isPositive();
    }

    private static BigInteger fee(EthHeader h) {
        BigInteger fee = h.baseFeePerGas();
        return fee == null ? BigInteger.ZERO : fee;
    }

    private ObjectNode tx(String from, @Nullable String to, @Nullable String data, long gas) {
        ObjectNode tx = mapper.createObjectNode().put("from", from).put("gas", "0x" + Long.toHexString(gas));
        if (to != null) {
            tx.put("to", to);
        }
        if (data != null) {
            tx.put("data", data);
        }
        return tx;
    }

    private void send(ObjectNode tx) throws IOException, InterruptedException {
        call("eth_sendTransaction", tx);
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Process p = anvil;
            if (p != null && !p.isAlive()) {
                throw new IllegalStateException(
                        "anvil exited with " + p.exitValue() + "; see target/anvil-headers-it.log");
            }
            try {
                call("eth_chainId");
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("anvil did not answer on " + endpoint + " within 30 s", e);
                }
                Thread.sleep(100);
            }
        }
    }

    private JsonNode call(String method, Object... params) throws IOException, InterruptedException {
        ObjectNode request = mapper.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", ++rpcId)
                .put("method", method);
        ArrayNode array = request.putArray("params");
        for (Object p : params) {
            array.add(mapper.valueToTree(p));
        }
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(endpoint)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = mapper.readTree(response.body());
        if (body.has("error")) {
            throw new IllegalStateException(method + " failed: " + body.get("error"));
        }
        return body.get("result");
    }

    private static Path anvilBinary() {
        String root = System.getProperty("xrelay.root", "../..");
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "arm64" : "amd64";
        Path binary = Path.of(root, "node_modules", "@foundry-rs", "anvil-" + os + "-" + arch, "bin", "anvil");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(
                    binary + " is missing: run scripts/npm-tools.sh to install the pinned anvil");
        }
        return binary;
    }
}
