/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xrelay.adapter.Bytes;

/**
 * Offline check of one Ethereum header, without web3j or Jackson types in the API: recomputes keccak256(RLP(header))
 * for the header's fork and compares it with the hash the JSON claims. Used by {@code xrelay verify eth-header}.
 */
public final class EthereumHeaderCheck {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EthereumHeaderCheck() {}

    /**
     * The outcome of a check.
     *
     * @param computedHash keccak256 of the header's RLP, recomputed from its fields
     * @param claimedHash the {@code hash} field of the JSON
     * @param fork the fork whose header layout the fields imply ({@code "frontier"}, {@code "london"}, {@code
     *     "shanghai"}, {@code "cancun"}, {@code "prague"}); forks that added no header field share their
     *     predecessor's layout
     * @param number the block number
     * @param matches whether the two hashes are equal
     */
    public record Result(Bytes computedHash, Bytes claimedHash, String fork, long number, boolean matches) {}

    /**
     * Checks one header given as the JSON result of {@code eth_getBlockByNumber} (or a whole JSON-RPC response whose
     * {@code result} is that object).
     *
     * @throws IllegalArgumentException if the input is not such a header; the message names the field and the
     *     problem, e.g. {@code "parentHash: 31 bytes, expected 32: \"0x…\""}
     */
    public static Result check(String headerJson) {
        EthHeader header = EthHeader.fromJson(unwrap(headerJson));
        Bytes computed = header.hash();
        return new Result(
                computed,
                header.claimedHash(),
                header.fork().displayName(),
                header.number(),
                computed.equals(header.claimedHash()));
    }

    /** The header object: the input itself, or the {@code result} of a JSON-RPC response. */
    private static JsonNode unwrap(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return parseError(json);
        }
        if (node != null && node.isObject() && !node.has("parentHash") && node.has("result")) {
            JsonNode result = node.get("result");
            if (result.isNull()) {
                throw new MalformedHeaderException("result", "null: the node has no such block");
            }
            return result;
        }
        if (node == null || node.isMissingNode()) {
            throw new MalformedHeaderException("header", "no JSON in the input");
        }
        return node;
    }

    /** Lets {@link HeaderJson} report the syntax error with its position. */
    private static JsonNode parseError(String json) {
        HeaderJson.parse(json);
        throw new IllegalStateException("JSON rejected by one parser but accepted by another");
    }
}
