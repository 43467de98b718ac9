/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A lying Ethereum node for tests: an HTTP JSON-RPC server on 127.0.0.1 that forwards every request (single or
 * batch) to an honest upstream node and lets the test rewrite what comes back, per method.
 *
 * <pre>{@code
 * try (TamperingRpcProxy proxy = TamperingRpcProxy.start(anvilUrl)) {
 *     proxy.rewrite("eth_getBlockReceipts", (params, result) -> {
 *         ((ObjectNode) result.get(0).get("logs").get(0)).put("data", "0x1234");
 *         return result;
 *     });
 *     adapterUnderTest(proxy.url()) ...
 *     proxy.clearRules(); // honest again
 * }
 * }</pre>
 *
 * <p>Rules for a method apply in the order they were added: {@link #rewrite} changes the {@code result} (an error
 * answer is left alone), {@link #rewriteResponse} the whole response object (to turn a result into an error or the
 * reverse), {@link #fail} answers with a JSON-RPC error without asking upstream, {@link #delay} waits before
 * answering. A rule that throws turns the answer into the JSON-RPC error -32603 naming the method. Rules may call
 * {@link #upstream(String, JsonNode)}, e.g. to return another block's header. Thread-safe.
 */
final class TamperingRpcProxy implements AutoCloseable {
    /**
     * A rewrite: from the request's params and the upstream JSON (the result, or the whole response) to what to
     * return instead ({@code NullNode.getInstance()} for JSON null). It may change its argument and return it.
     */
    @FunctionalInterface
    interface Rewrite {
        JsonNode apply(JsonNode params, JsonNode upstream) throws Exception;
    }

    private sealed interface Rule permits ResultRule, ResponseRule, FailRule, DelayRule {}

    private record ResultRule(Rewrite rewrite) implements Rule {}

    private record ResponseRule(Rewrite rewrite) implements Rule {}

    private record FailRule(int code, String message) implements Rule {}

    private record DelayRule(Duration delay) implements Rule {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;
    private final Map<String, List<Rule>> rules = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private TamperingRpcProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a proxy in front of {@code upstream} on a free port of 127.0.0.1. */
    static TamperingRpcProxy start(URI upstream) throws IOException {
        return new TamperingRpcProxy(upstream);
    }

    /** The proxy's URL, to hand to the client under test. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** The shared Jackson mapper, to build replacement JSON in rules. */
    static ObjectMapper json() {
        return JSON;
    }

    /** Replaces the {@code result} of every successful answer to {@code method} by {@code rewrite}'s value. */
    TamperingRpcProxy rewrite(String method, Rewrite rewrite) {
        return add(method, new ResultRule(rewrite));
    }

    /** Replaces the whole response object ({@code jsonrpc}, {@code id}, {@code result} or {@code error}). */
    TamperingRpcProxy rewriteResponse(String method, Rewrite rewrite) {
        return add(method, new ResponseRule(rewrite));
    }

    /** Answers {@code method} with the JSON-RPC error {@code code}/{@code message}, without asking upstream. */
    TamperingRpcProxy fail(String method, int code, String message) {
        return add(method, new FailRule(code, message));
    }

    /** Waits {@code delay} before answering {@code method} (several delays add up). */
    TamperingRpcProxy delay(String method, Duration delay) {
        return add(method, new DelayRule(delay));
    }

    /** Removes every rule: the proxy is an honest pass-through again. */
    TamperingRpcProxy clearRules() {
        rules.clear();
        return this;
    }

    /** How many requests for {@code method} the proxy has received (batch elements count one each). */
    int calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    /**
     * Calls {@code method} on the upstream node directly (no rules) and returns its result.
     *
     * @throws IllegalStateException if the upstream answers with an error
     */
    JsonNode upstream(String method, JsonNode params) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", 1)
                .put("method", method)
                .set("params", params);
        JsonNode response = JSON.readTree(post(JSON.writeValueAsBytes(request)));
        if (response.hasNonNull("error")) {
            throw new IllegalStateException(method + " failed upstream: " + response.get("error"));
        }
        return response.path("result");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        client.close();
    }

    private TamperingRpcProxy add(String method, Rule rule) {
        rules.computeIfAbsent(method, m -> new CopyOnWriteArrayList<>()).add(rule);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            byte[] answer;
            int status = 200;
            try {
                answer = answer(body);
            } catch (IOException e) {
                status = 502;
                answer = ("upstream " + upstream + " failed: " + e).getBytes(StandardCharsets.UTF_8);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 503;
                answer = "interrupted".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    private byte[] answer(byte[] body) throws IOException, InterruptedException {
        JsonNode request = JSON.readTree(body);
        boolean batch = request.isArray();
        List<JsonNode> requests = batch ? List.copyOf(toList((ArrayNode) request)) : List.of(request);
        for (JsonNode r : requests) {
            calls.computeIfAbsent(r.path("method").asText(), m -> new AtomicInteger())
                    .incrementAndGet();
        }
        // Requests that a fail rule answers are not forwarded.
        ArrayNode forwarded = JSON.createArrayNode();
        for (JsonNode r : requests) {
            if (failRule(r.path("method").asText()) == null) {
                forwarded.add(r);
            }
        }
        Map<String, JsonNode> upstreamById = new HashMap<>();
        if (!forwarded.isEmpty()) {
            JsonNode answered = JSON.readTree(post(JSON.writeValueAsBytes(batch ? forwarded : forwarded.get(0))));
            for (JsonNode response : answered.isArray() ? toList((ArrayNode) answered) : List.of(answered)) {
                upstreamById.put(response.path("id").toString(), response);
            }
        }
        ArrayNode responses = JSON.createArrayNode();
        for (JsonNode r : requests) {
            if (!r.has("id")) {
                continue; // a notification gets no answer
            }
            JsonNode response = upstreamById.get(r.get("id").toString());
            responses.add(applyRules(r, response));
        }
        return JSON.writeValueAsBytes(batch ? responses : responses.get(0));
    }

    private JsonNode applyRules(JsonNode request, @Nullable JsonNode response) throws InterruptedException {
        String method = request.path("method").asText();
        JsonNode params = request.has("params") ? request.get("params") : JSON.createArrayNode();
        JsonNode current = response == null ? error(request, -32603, "no upstream answer for this id") : response;
        for (Rule rule : rules.getOrDefault(method, List.of())) {
            try {
                switch (rule) {
                    case DelayRule d -> Thread.sleep(d.delay());
                    case FailRule f -> current = error(request, f.code(), f.message());
                    case ResponseRule r -> current = r.rewrite().apply(params, current.deepCopy());
                    case ResultRule r -> {
                        if (current.has("result")) {
                            JsonNode result = r.rewrite()
                                    .apply(params, current.get("result").deepCopy());
                            ObjectNode copy = ((ObjectNode) current).deepCopy();
                            copy.set("result", result);
                            current = copy;
                        }
                    }
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                current = error(request, -32603, "tampering rule for " + method + " failed: " + e);
            }
        }
        return current;
    }

    private @Nullable FailRule failRule(String method) {
        for (Rule rule : rules.getOrDefault(method, List.of())) {
            if (rule instanceof FailRule f) {
                return f;
            }
        }
        return null;
    }

    private static ObjectNode error(JsonNode request, int code, String message) {
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        response.putObject("error").put("code", code).put("message", message);
        return response;
    }

    private byte[] post(byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(upstream)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + upstream);
        }
        return response.body();
    }

    private static List<JsonNode> toList(ArrayNode array) {
        List<JsonNode> out = new ArrayList<>(array.size());
        array.forEach(out::add);
        return out;
    }
}
