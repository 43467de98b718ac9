/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ChainUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EthRpc#batch}: against a stub node whose answers each test shapes. An honest call is answered with its
 * first parameter, so each result shows which call it belongs to.
 */
class EthRpcBatchTest {
    private static final ChainId CHAIN = ChainId.of("eth-test");

    private final AtomicInteger posts = new AtomicInteger();
    private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    private @Nullable HttpServer stub;
    private @Nullable EthRpc rpc;

    /** Starts the stub; {@code shape} turns the honest answer to a batch into the one sent. */
    private void start(boolean takesBatches, UnaryOperator<ArrayNode> shape) throws IOException {
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            try (exchange) {
                posts.incrementAndGet();
                JsonNode request = TamperingRpcProxy.json().readTree(exchange.getRequestBody());
                JsonNode answer;
                if (request.isArray() && takesBatches) {
                    batchSizes.add(request.size());
                    ArrayNode answers = TamperingRpcProxy.json().createArrayNode();
                    request.forEach(r -> answers.add(echo(r)));
                    answer = shape.apply(answers);
                } else if (request.isArray()) {
                    ObjectNode refusal =
                            TamperingRpcProxy.json().createObjectNode().put("jsonrpc", "2.0");
                    refusal.putNull("id");
                    refusal.putObject("error").put("code", -32600).put("message", "batches are not supported");
                    answer = refusal;
                } else {
                    answer = echo(request);
                }
                byte[] body = TamperingRpcProxy.json().writeValueAsBytes(answer);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        stub.start();
        this.stub = stub;
        rpc = new EthRpc(CHAIN, "http://127.0.0.1:" + stub.getAddress().getPort() + "/", Duration.ofSeconds(5));
    }

    private EthRpc rpc() {
        return Objects.requireNonNull(rpc, "the stub is not started");
    }

    @AfterEach
    void stop() {
        EthRpc r = rpc;
        if (r != null) {
            r.close();
        }
        HttpServer s = stub;
        if (s != null) {
            s.stop(0);
        }
    }

    private static JsonNode echo(JsonNode request) {
        ObjectNode response = TamperingRpcProxy.json().createObjectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        response.set("result", request.get("params").get(0));
        return response;
    }

    private static List<List<Object>> calls(int n) {
        List<List<Object>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(List.of("call-" + i, EthRpc.hex(i)));
        }
        return calls;
    }

    private static List<String> texts(List<JsonNode> results) {
        return results.stream().map(JsonNode::asText).toList();
    }

    private static List<String> expected(int n) {
        return calls(n).stream().map(c -> (String) c.get(0)).toList();
    }

    @Test
    void answers_given_in_any_order_are_matched_to_their_calls_by_id() throws IOException {
        start(true, answers -> {
            ArrayNode reversed = TamperingRpcProxy.json().createArrayNode();
            for (int i = answers.size() - 1; i >= 0; i--) {
                reversed.add(answers.get(i));
            }
            return reversed;
        });

        List<JsonNode> results = rpc().batch("eth_test", calls(5));

        assertThat(texts(results)).containsExactlyElementsOf(expected(5));
        assertThat(posts).hasValue(1);
    }

    @Test
    void more_calls_than_one_batch_holds_go_in_several_batches() throws IOException {
        start(true, UnaryOperator.identity());

        List<JsonNode> results = rpc().batch("eth_test", calls(EthRpc.MAX_BATCH + 7));

        assertThat(texts(results)).containsExactlyElementsOf(expected(EthRpc.MAX_BATCH + 7));
        assertThat(batchSizes).containsExactly(EthRpc.MAX_BATCH, 7);
    }

    @Test
    void a_node_without_batches_is_asked_one_call_at_a_time_from_then_on() throws IOException {
        start(false, UnaryOperator.identity());

        List<JsonNode> first = rpc().batch("eth_test", calls(3));
        assertThat(texts(first)).containsExactlyElementsOf(expected(3));
        assertThat(posts).hasValue(1 + 3);

        List<JsonNode> second = rpc().batch("eth_test", calls(2));
        assertThat(texts(second)).containsExactlyElementsOf(expected(2));
        assertThat(posts).hasValue(1 + 3 + 2);
    }

    @Test
    void an_error_for_one_call_fails_the_batch_naming_the_method_and_the_error() throws IOException {
        start(true, answers -> {
            ObjectNode failed = (ObjectNode) answers.get(1);
            failed.remove("result");
            failed.putObject("error").put("code", -32000).put("message", "header not found");
            return answers;
        });

        assertThatThrownBy(() -> rpc().batch("eth_test", calls(3)))
                .isInstanceOf(EthRpc.RpcError.class)
                .hasMessageContaining("eth_test failed: header not found (code -32000)");
    }

    @Test
    void a_call_left_unanswered_fails_the_batch_naming_the_call() throws IOException {
        start(true, answers -> {
            answers.remove(2);
            return answers;
        });

        assertThatThrownBy(() -> rpc().batch("eth_test", calls(3)))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageContaining("no answer for call 2 [call-2, 0x2]");
    }

    @Test
    void one_call_is_sent_alone_and_none_sends_nothing() throws IOException {
        start(true, UnaryOperator.identity());

        assertThat(rpc().batch("eth_test", List.of())).isEmpty();
        assertThat(texts(rpc().batch("eth_test", calls(1)))).containsExactly("call-0");
        assertThat(posts).hasValue(1);
        assertThat(batchSizes).isEmpty();
    }
}
