/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's mechanics against a stub upstream that answers every call with {@code {"method": m, "params": p}}.
 * Its use against a real node is in {@code ReceiptProofsAnvilIT}.
 */
class TamperingRpcProxyTest {
    private HttpServer stub;
    private TamperingRpcProxy proxy;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            try (exchange) {
                JsonNode request = TamperingRpcProxy.json().readTree(exchange.getRequestBody());
                JsonNode answer;
                if (request.isArray()) {
                    ArrayNode answers = TamperingRpcProxy.json().createArrayNode();
                    request.forEach(r -> answers.add(echo(r)));
                    answer = answers;
                } else {
                    answer = echo(request);
                }
                byte[] body = TamperingRpcProxy.json().writeValueAsBytes(answer);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        stub.start();
        proxy = TamperingRpcProxy.start(
                URI.create("http://127.0.0.1:" + stub.getAddress().getPort() + "/"));
    }

    @AfterEach
    void stop() {
        proxy.close();
        stub.stop(0);
        client.close();
    }

    private static JsonNode echo(JsonNode request) {
        ObjectNode response = TamperingRpcProxy.json().createObjectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        ObjectNode result = response.putObject("result");
        result.set("method", request.get("method"));
        result.set("params", request.get("params"));
        return response;
    }

    private JsonNode send(String body) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(proxy.url())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return TamperingRpcProxy.json().readTree(response.body());
    }

    private static String call(int id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    @Test
    void passes_requests_through_unchanged_without_rules() throws Exception {
        JsonNode answer = send(call(7, "eth_blockNumber", "[]"));
        assertThat(answer.get("id").asInt()).isEqualTo(7);
        assertThat(answer.at("/result/method").asText()).isEqualTo("eth_blockNumber");
        assertThat(proxy.calls("eth_blockNumber")).isEqualTo(1);
    }

    @Test
    void rewrites_the_result_of_one_method_only_in_a_batch() throws Exception {
        proxy.rewrite("eth_getBlockByNumber", (params, result) -> {
            ((ObjectNode) result).put("receiptsRoot", "0x00");
            ((ObjectNode) result).set("seenParams", params);
            return result;
        });

        JsonNode answers = send(
                "[" + call(1, "eth_getBlockByNumber", "[\"0x1\",false]") + "," + call(2, "eth_chainId", "[]") + "]");

        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).at("/result/receiptsRoot").asText()).isEqualTo("0x00");
        assertThat(answers.get(0).at("/result/seenParams/0").asText()).isEqualTo("0x1");
        assertThat(answers.get(1).at("/result/method").asText()).isEqualTo("eth_chainId");
        assertThat(answers.get(1).at("/result/receiptsRoot").isMissingNode()).isTrue();
    }

    @Test
    void chains_rules_in_order_and_clears_them() throws Exception {
        proxy.rewrite("m", (params, result) -> new TextNode("first"))
                .rewrite("m", (params, result) -> new TextNode(result.asText() + "+second"));
        assertThat(send(call(1, "m", "[]")).get("result").asText()).isEqualTo("first+second");

        proxy.clearRules();
        assertThat(send(call(2, "m", "[]")).at("/result/method").asText()).isEqualTo("m");
    }

    @Test
    void answers_with_an_error_without_asking_upstream() throws Exception {
        proxy.fail("eth_getBlockReceipts", -32000, "header not found");

        JsonNode answers = send("[" + call(1, "eth_getBlockReceipts", "[\"0x1\"]") + "," + call(2, "x", "[]") + "]");

        assertThat(answers.get(0).at("/error/code").asInt()).isEqualTo(-32000);
        assertThat(answers.get(0).at("/error/message").asText()).isEqualTo("header not found");
        assertThat(answers.get(0).get("id").asInt()).isEqualTo(1);
        assertThat(answers.get(1).at("/result/method").asText()).isEqualTo("x");
    }

    @Test
    void turns_a_throwing_rule_into_an_internal_error_naming_the_method() throws Exception {
        proxy.rewrite("m", (params, result) -> {
            throw new IllegalStateException("boom");
        });
        JsonNode answer = send(call(3, "m", "[]"));
        assertThat(answer.at("/error/code").asInt()).isEqualTo(-32603);
        assertThat(answer.at("/error/message").asText())
                .contains("rule for m failed")
                .contains("boom");
    }

    @Test
    void rewrites_whole_responses_and_delays() throws Exception {
        proxy.delay("m", Duration.ofMillis(300)).rewriteResponse("m", (params, response) -> {
            ObjectNode lie = ((ObjectNode) response).deepCopy();
            lie.remove("result");
            lie.putObject("error").put("code", 1).put("message", "lie");
            return lie;
        });
        long start = System.nanoTime();
        JsonNode answer = send(call(4, "m", "[]"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(answer.at("/error/message").asText()).isEqualTo("lie");
    }

    @Test
    void lets_a_rule_ask_upstream_for_other_data() throws Exception {
        proxy.rewrite(
                "eth_getBlockByNumber",
                (params, result) -> proxy.upstream(
                        "eth_getBlockByNumber",
                        TamperingRpcProxy.json().createArrayNode().add("0x99").add(false)));
        JsonNode answer = send(call(5, "eth_getBlockByNumber", "[\"0x1\",false]"));
        assertThat(answer.at("/result/params/0").asText()).isEqualTo("0x99");
    }
}
