/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ChainUnavailableException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * JSON-RPC to one Ethereum node, through web3j's HTTP transport, with results as raw JSON: the adapter verifies
 * what it reads, so it needs every field as the node sent it (web3j's typed blocks drop {@code requestsHash}).
 * Synchronous and stateless (thread-safe): called on the adapter's worker thread, and for balances on its reader
 * thread. An unreachable node is a {@link ChainUnavailableException}; a JSON-RPC error is an {@link RpcError}.
 */
final class EthRpc implements AutoCloseable {
    /** The most calls sent in one JSON-RPC batch: nodes cap batches (geth at 1,000, some providers at 100). */
    static final int MAX_BATCH = 100;

    private static final Logger log = LoggerFactory.getLogger(EthRpc.class);
    private final ChainId chain;
    private final String url;
    private final OkHttpClient client;
    private final HttpService service;
    private volatile boolean batches = true;

    EthRpc(ChainId chain, String url, Duration timeout) {
        this.chain = chain;
        this.url = url;
        this.client = new OkHttpClient.Builder()
                .callTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .retryOnConnectionFailure(false)
                .build();
        this.service = new HttpService(url, client);
    }

    /** A JSON-RPC response whose result is kept as a JSON tree. */
    static final class JsonResponse extends Response<JsonNode> {}

    /** The node answered with a JSON-RPC error. */
    static final class RpcError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;
        private final @Nullable String data;

        RpcError(String method, int code, String message, @Nullable String data) {
            super(method + " failed: " + message + " (code " + code + (data == null ? "" : ", data " + data) + ")");
            this.code = code;
            this.data = data;
        }

        int code() {
            return code;
        }

        @Nullable
        String data() {
            return data;
        }

        String nodeMessage() {
            String m = getMessage();
            return m == null ? "" : m;
        }
    }

    /** Calls {@code method}; the result, {@link NullNode} for a JSON null. */
    JsonNode call(String method, Object... params) {
        Request<Object, JsonResponse> request = new Request<>(method, List.of(params), service, JsonResponse.class);
        JsonResponse response;
        try {
            response = service.send(request, JsonResponse.class);
        } catch (IOException | RuntimeException e) {
            throw new ChainUnavailableException(chain, method + " to " + url + " failed: " + e.getMessage(), e);
        }
        if (response.hasError()) {
            Response.Error error = response.getError();
            throw new RpcError(method, error.getCode(), String.valueOf(error.getMessage()), error.getData());
        }
        JsonNode result = response.getResult();
        return result == null ? NullNode.getInstance() : result;
    }

    /**
     * Calls {@code method} once per parameter list, in JSON-RPC batches of at most {@value #MAX_BATCH}; the results
     * in the order of {@code calls}, each matched to its call by id (a node may answer a batch in any order). A node
     * that does not take batches (its answer is not a list) is asked one call at a time from then on.
     */
    List<JsonNode> batch(String method, List<List<Object>> calls) {
        List<JsonNode> results = new ArrayList<>(calls.size());
        for (int from = 0; from < calls.size(); from += MAX_BATCH) {
            List<List<Object>> chunk = calls.subList(from, Math.min(calls.size(), from + MAX_BATCH));
            if (batches && chunk.size() > 1) {
                List<JsonNode> answered = sendBatch(method, chunk);
                if (answered != null) {
                    results.addAll(answered);
                    continue;
                }
                batches = false;
            }
            for (List<Object> params : chunk) {
                results.add(call(method, params.toArray()));
            }
        }
        return results;
    }

    /** One batch of calls; null if the node answered it with something other than a list. */
    private @Nullable List<JsonNode> sendBatch(String method, List<List<Object>> calls) {
        BatchRequest batch = new BatchRequest(service);
        for (List<Object> params : calls) {
            batch.add(new Request<>(method, params, service, JsonResponse.class));
        }
        BatchResponse answer;
        try {
            answer = service.sendBatch(batch);
        } catch (ClassCastException e) {
            log.warn("{}: {} does not answer JSON-RPC batches; calls go one at a time", chain, url);
            return null;
        } catch (IOException | RuntimeException e) {
            throw new ChainUnavailableException(
                    chain, method + " batch of " + calls.size() + " to " + url + " failed: " + e.getMessage(), e);
        }
        Map<Long, Response<?>> byId = new HashMap<>();
        for (Response<?> r : answer.getResponses()) {
            byId.put(r.getId(), r);
        }
        List<JsonNode> results = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            Request<?, ?> request = batch.getRequests().get(i);
            Response<?> response = byId.get(request.getId());
            if (response == null) {
                throw new ChainUnavailableException(
                        chain,
                        method + " batch to " + url + ": no answer for call " + i + " " + request.getParams(),
                        null);
            }
            if (response.hasError()) {
                Response.Error error = response.getError();
                throw new RpcError(method, error.getCode(), String.valueOf(error.getMessage()), error.getData());
            }
            Object result = response.getResult();
            results.add(result instanceof JsonNode json ? json : NullNode.getInstance());
        }
        return results;
    }

    long blockNumber() {
        return quantity(call("eth_blockNumber"), "eth_blockNumber").longValueExact();
    }

    long chainId() {
        return quantity(call("eth_chainId"), "eth_chainId").longValueExact();
    }

    /** The block's header (transactions as hashes), or {@link NullNode} if the node has no such block. */
    JsonNode blockByNumber(long number) {
        return call("eth_getBlockByNumber", hex(number), false);
    }

    JsonNode blockByTag(String tag) {
        return call("eth_getBlockByNumber", tag, false);
    }

    JsonNode blockReceipts(long number) {
        return call("eth_getBlockReceipts", hex(number));
    }

    JsonNode transactionReceipt(String txHash) {
        return call("eth_getTransactionReceipt", txHash);
    }

    JsonNode transactionByHash(String txHash) {
        return call("eth_getTransactionByHash", txHash);
    }

    BigInteger transactionCount(String address, String blockTag) {
        return quantity(call("eth_getTransactionCount", address, blockTag), "eth_getTransactionCount");
    }

    BigInteger balance(String address, String blockTag) {
        return quantity(call("eth_getBalance", address, blockTag), "eth_getBalance");
    }

    String code(String address, String blockTag) {
        return call("eth_getCode", address, blockTag).asText();
    }

    BigInteger estimateGas(Map<String, String> tx) {
        return quantity(call("eth_estimateGas", tx), "eth_estimateGas");
    }

    String ethCall(Map<String, String> tx, String blockTag) {
        return call("eth_call", tx, blockTag).asText();
    }

    BigInteger maxPriorityFeePerGas() {
        return quantity(call("eth_maxPriorityFeePerGas"), "eth_maxPriorityFeePerGas");
    }

    String sendRawTransaction(String signedHex) {
        return call("eth_sendRawTransaction", signedHex).asText();
    }

    static String hex(long n) {
        return "0x" + Long.toHexString(n);
    }

    static String hex(BigInteger n) {
        return "0x" + n.toString(16);
    }

    /** Parses a hex quantity; a missing or malformed one is the node's fault and names the method. */
    BigInteger quantity(JsonNode node, String what) {
        String s = node.isTextual() ? node.asText() : "";
        if (!s.startsWith("0x") || s.length() < 3) {
            throw new ChainUnavailableException(chain, what + " returned " + node + ", not a hex quantity", null);
        }
        try {
            return new BigInteger(s.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new ChainUnavailableException(chain, what + " returned " + node + ", not a hex quantity", e);
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
