/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xrelay.adapter.Bytes;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Reads a header from the JSON of {@code eth_getBlockByNumber}, strictly: the JSON-RPC encoding of the execution API
 * says DATA is {@code 0x} and an even number of hex digits, QUANTITY is {@code 0x} and the shortest hex form ({@code
 * 0x0} for zero, never {@code 0x} or {@code 0x01}). A value that breaks this, a missing field or a field of the
 * wrong length is reported by its JSON name. Raw JSON is read with Jackson because web3j's {@code EthBlock.Block}
 * has no {@code requestsHash}.
 */
final class HeaderJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_LONG_DIGITS = 16;

    private HeaderJson() {}

    static EthHeader parse(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new MalformedHeaderException("header", "not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new MalformedHeaderException("header", "no JSON in the input");
        }
        return parse(node);
    }

    static EthHeader parse(JsonNode node) {
        if (!node.isObject()) {
            throw new MalformedHeaderException(
                    "header",
                    "expected a JSON object, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return new EthHeader(
                data(node, "parentHash", EthHeader.HASH_LENGTH),
                data(node, "sha3Uncles", EthHeader.HASH_LENGTH),
                data(node, "miner", EthHeader.ADDRESS_LENGTH),
                data(node, "stateRoot", EthHeader.HASH_LENGTH),
                data(node, "transactionsRoot", EthHeader.HASH_LENGTH),
                data(node, "receiptsRoot", EthHeader.HASH_LENGTH),
                data(node, "logsBloom", EthHeader.BLOOM_LENGTH),
                bigQuantity(node, "difficulty"),
                quantity(node, "number"),
                quantity(node, "gasLimit"),
                quantity(node, "gasUsed"),
                quantity(node, "timestamp"),
                data(node, "extraData", -1),
                data(node, "mixHash", EthHeader.HASH_LENGTH),
                data(node, "nonce", EthHeader.NONCE_LENGTH),
                present(node, "baseFeePerGas") ? bigQuantity(node, "baseFeePerGas") : null,
                present(node, "withdrawalsRoot") ? data(node, "withdrawalsRoot", EthHeader.HASH_LENGTH) : null,
                present(node, "blobGasUsed") ? quantity(node, "blobGasUsed") : null,
                present(node, "excessBlobGas") ? quantity(node, "excessBlobGas") : null,
                present(node, "parentBeaconBlockRoot")
                        ? data(node, "parentBeaconBlockRoot", EthHeader.HASH_LENGTH)
                        : null,
                present(node, "requestsHash") ? data(node, "requestsHash", EthHeader.HASH_LENGTH) : null,
                data(node, "hash", EthHeader.HASH_LENGTH));
    }

    /** An optional field counts as absent when missing or {@code null}, as clients write either. */
    private static boolean present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new MalformedHeaderException(field, "missing");
        }
        if (value.isNull()) {
            throw new MalformedHeaderException(
                    field, "null" + ("hash".equals(field) ? " (a pending block has no hash)" : ""));
        }
        if (!value.isTextual()) {
            throw new MalformedHeaderException(
                    field,
                    "expected a 0x-prefixed hex string, got a JSON "
                            + value.getNodeType().name().toLowerCase(Locale.ROOT) + " " + abbreviate(value.toString()));
        }
        String s = value.textValue();
        if (s.length() < 2 || s.charAt(0) != '0' || (s.charAt(1) != 'x' && s.charAt(1) != 'X')) {
            throw new MalformedHeaderException(field, "expected a 0x-prefixed hex string, got " + quote(s));
        }
        for (int i = 2; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                throw new MalformedHeaderException(field, "not hex: " + quote(s));
            }
        }
        return s;
    }

    /** DATA of exactly {@code length} bytes, or of any length when {@code length < 0}. */
    private static Bytes data(JsonNode node, String field, int length) {
        String s = text(node, field);
        int digits = s.length() - 2;
        if (digits % 2 != 0) {
            throw new MalformedHeaderException(field, "odd number of hex digits: " + quote(s));
        }
        int n = digits / 2;
        if (length >= 0 && n != length) {
            throw new MalformedHeaderException(field, n + " bytes, expected " + length + ": " + quote(s));
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] =
                    (byte) ((Character.digit(s.charAt(2 + 2 * i), 16) << 4) | Character.digit(s.charAt(3 + 2 * i), 16));
        }
        return Bytes.wrap(out);
    }

    /** The hex digits of a QUANTITY, checked for the shortest form. */
    private static String quantityDigits(JsonNode node, String field) {
        String s = text(node, field);
        String digits = s.substring(2);
        if (digits.isEmpty()) {
            throw new MalformedHeaderException(field, "quantity without digits: " + quote(s) + " (zero is \"0x0\")");
        }
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            throw new MalformedHeaderException(field, "quantity with leading zeros: " + quote(s));
        }
        return digits;
    }

    /** A QUANTITY the protocol keeps in 64 bits, here at most 2^63-1. */
    private static long quantity(JsonNode node, String field) {
        String digits = quantityDigits(node, field);
        if (digits.length() > MAX_LONG_DIGITS
                || (digits.length() == MAX_LONG_DIGITS && Character.digit(digits.charAt(0), 16) > 7)) {
            throw new MalformedHeaderException(field, "0x" + digits + " is above 2^63-1");
        }
        return Long.parseLong(digits, 16);
    }

    /** A QUANTITY of up to 256 bits. */
    private static BigInteger bigQuantity(JsonNode node, String field) {
        String digits = quantityDigits(node, field);
        if (digits.length() > EthHeader.MAX_QUANTITY_BITS / 4) {
            throw new MalformedHeaderException(field, "0x" + digits + " is above 2^256-1");
        }
        return new BigInteger(digits, 16);
    }

    private static String quote(String s) {
        return abbreviate('"' + s + '"');
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "... (" + s.length() + " chars)";
    }
}
