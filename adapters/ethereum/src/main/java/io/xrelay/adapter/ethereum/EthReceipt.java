/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xrelay.adapter.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A transaction receipt as consensus sees it: the part of a receipt that the receipts trie commits to.
 *
 * <p>The encoding is {@code RLP([statusOrRoot, cumulativeGasUsed, logsBloom, logs])} for a legacy receipt (type 0)
 * and {@code type || RLP([...])} for a typed one (EIP-2718: 1 EIP-2930, 2 EIP-1559, 3 EIP-4844, 4 EIP-7702).
 *
 * @param type the transaction type, 0 to 4
 * @param statusOrRoot since Byzantium the status: empty for failure (0), {@code 0x01} for success (1); before
 *     Byzantium the 32-byte post-transaction state root (legacy receipts only)
 * @param cumulativeGasUsed the gas used in the block up to and including this transaction
 * @param logsBloom the 256-byte bloom filter over the logs' addresses and topics
 * @param logs the logs in emission order
 */
record EthReceipt(int type, Bytes statusOrRoot, long cumulativeGasUsed, Bytes logsBloom, List<EthLog> logs) {
    static final int LEGACY = 0;
    static final int MAX_TYPE = 4;
    static final int BLOOM_LENGTH = 256;
    static final int ROOT_LENGTH = 32;
    static final Bytes STATUS_SUCCESS = Bytes.wrap(new byte[] {1});
    static final Bytes STATUS_FAILURE = Bytes.EMPTY;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUANTITY = Pattern.compile("0x[0-9a-fA-F]{1,16}");
    private static final Pattern DATA = Pattern.compile("0x([0-9a-fA-F]{2})*");

    EthReceipt {
        logs = List.copyOf(logs);
        if (type < LEGACY || type > MAX_TYPE) {
            throw new IllegalArgumentException("unsupported receipt type " + type
                    + " (known: 0 legacy, 1 EIP-2930, 2 EIP-1559, 3 EIP-4844, 4 EIP-7702)");
        }
        boolean status = statusOrRoot.equals(STATUS_SUCCESS) || statusOrRoot.equals(STATUS_FAILURE);
        if (!status && statusOrRoot.length() != ROOT_LENGTH) {
            throw new IllegalArgumentException("receipt status must be empty (0) or 0x01 (1), or a " + ROOT_LENGTH
                    + "-byte post-state root, got " + statusOrRoot);
        }
        if (!status && type != LEGACY) {
            throw new IllegalArgumentException(
                    "a typed receipt (type " + type + ") carries a status, not a post-state root");
        }
        if (cumulativeGasUsed < 0) {
            throw new IllegalArgumentException("cumulativeGasUsed must not be negative, got " + cumulativeGasUsed);
        }
        if (logsBloom.length() != BLOOM_LENGTH) {
            throw new IllegalArgumentException(
                    "logsBloom must be " + BLOOM_LENGTH + " bytes, got " + logsBloom.length());
        }
    }

    /** A post-Byzantium receipt whose bloom is computed from {@code logs}. */
    static EthReceipt withStatus(int type, boolean success, long cumulativeGasUsed, List<EthLog> logs) {
        return new EthReceipt(type, success ? STATUS_SUCCESS : STATUS_FAILURE, cumulativeGasUsed, bloomOf(logs), logs);
    }

    /** Whether this receipt carries a status (Byzantium and later) rather than a post-state root. */
    boolean hasStatus() {
        return statusOrRoot.length() != ROOT_LENGTH;
    }

    /**
     * Whether the transaction succeeded (status 1).
     *
     * @throws IllegalStateException for a pre-Byzantium receipt, which records no status
     */
    boolean succeeded() {
        if (!hasStatus()) {
            throw new IllegalStateException("a pre-Byzantium receipt records a post-state root, not a status");
        }
        return statusOrRoot.equals(STATUS_SUCCESS);
    }

    /** The post-transaction state root of a pre-Byzantium receipt. */
    Optional<Bytes> postStateRoot() {
        return hasStatus() ? Optional.empty() : Optional.of(statusOrRoot);
    }

    /** Whether {@link #logsBloom()} is exactly the bloom of {@link #logs()}, as consensus requires. */
    boolean bloomMatchesLogs() {
        return logsBloom.equals(bloomOf(logs));
    }

    /** The consensus encoding: {@code RLP(fields)} for type 0, {@code type || RLP(fields)} otherwise. */
    byte[] encode() {
        List<byte[]> encodedLogs = new ArrayList<>(logs.size());
        for (EthLog log : logs) {
            encodedLogs.add(log.encode());
        }
        byte[] body = StrictRlp.encodeList(List.of(
                StrictRlp.encodeString(statusOrRoot.toByteArray()),
                StrictRlp.encodeUnsigned(cumulativeGasUsed),
                StrictRlp.encodeString(logsBloom.toByteArray()),
                StrictRlp.encodeList(encodedLogs)));
        if (type == LEGACY) {
            return body;
        }
        byte[] typed = new byte[body.length + 1];
        typed[0] = (byte) type;
        System.arraycopy(body, 0, typed, 1, body.length);
        return typed;
    }

    /**
     * The inverse of {@link #encode()}, strict: only the canonical encoding of a known type is accepted.
     *
     * @throws IllegalArgumentException starting with "malformed receipt" and naming what is wrong
     */
    static EthReceipt decode(byte[] encoded) {
        if (encoded.length == 0) {
            throw new IllegalArgumentException("malformed receipt: the encoding is empty");
        }
        int first = encoded[0] & 0xff;
        int type;
        byte[] body;
        if (first >= 0xc0) {
            type = LEGACY;
            body = encoded;
        } else if (first >= 1 && first <= MAX_TYPE) {
            type = first;
            body = Arrays.copyOfRange(encoded, 1, encoded.length);
        } else if (first < 0x80) {
            throw new IllegalArgumentException(
                    "malformed receipt: unsupported receipt type 0x%02x (known: 0x01 to 0x%02x, or a legacy list)"
                            .formatted(first, MAX_TYPE));
        } else {
            throw new IllegalArgumentException(
                    "malformed receipt: starts with 0x%02x, neither a type byte below 0x80 nor an RLP list"
                            .formatted(first));
        }
        try {
            StrictRlp.Item list = StrictRlp.decode(body);
            List<StrictRlp.Item> fields = list.items();
            if (fields.size() != 4) {
                throw new IllegalArgumentException(
                        "a receipt is a list of 4 fields [status, cumulativeGasUsed, logsBloom, logs], got "
                                + fields.size());
            }
            List<EthLog> logs = new ArrayList<>();
            List<StrictRlp.Item> logItems = fields.get(3).items();
            for (int i = 0; i < logItems.size(); i++) {
                try {
                    logs.add(EthLog.fromRlp(logItems.get(i)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("log " + i + ": " + e.getMessage(), e);
                }
            }
            return new EthReceipt(
                    type,
                    Bytes.wrap(fields.get(0).bytes()),
                    fields.get(1).asUnsignedLong(),
                    Bytes.wrap(fields.get(2).bytes()),
                    logs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed receipt: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a JSON text holding one receipt object.
     *
     * @see #fromJson(JsonNode)
     */
    static EthReceipt fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("receipt is not valid JSON: " + e.getOriginalMessage(), e);
        }
        return fromJson(node);
    }

    /**
     * Reads the consensus fields of one element of {@code eth_getBlockReceipts} (or the result of
     * {@code eth_getTransactionReceipt}): {@code type} (absent means 0), {@code status} or, before Byzantium,
     * {@code root}, {@code cumulativeGasUsed}, {@code logsBloom} and {@code logs} ({@code address},
     * {@code topics}, {@code data}). Other fields are ignored: they are not committed to by the receipts trie.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    static EthReceipt fromJson(JsonNode receipt) {
        if (!receipt.isObject()) {
            throw new IllegalArgumentException("a receipt must be a JSON object, got " + receipt.getNodeType());
        }
        JsonNode typeNode = receipt.get("type");
        int type = LEGACY;
        if (typeNode != null && !typeNode.isNull()) {
            long value = quantity(typeNode, "type");
            if (value > MAX_TYPE) {
                throw new IllegalArgumentException("receipt field 'type' is " + typeNode
                        + ": unsupported (known: 0x0 legacy, 0x1 EIP-2930, 0x2 EIP-1559, 0x3 EIP-4844, 0x4 EIP-7702)");
            }
            type = (int) value;
        }
        Bytes statusOrRoot;
        JsonNode statusNode = receipt.get("status");
        if (statusNode != null && !statusNode.isNull()) {
            long status = quantity(statusNode, "status");
            if (status > 1) {
                throw new IllegalArgumentException("receipt field 'status' must be 0x0 or 0x1, got " + statusNode);
            }
            statusOrRoot = status == 1 ? STATUS_SUCCESS : STATUS_FAILURE;
        } else {
            JsonNode rootNode = receipt.get("root");
            if (rootNode == null || rootNode.isNull()) {
                throw new IllegalArgumentException("receipt has neither a 'status' nor a 'root' field");
            }
            statusOrRoot = data(rootNode, "root");
            if (statusOrRoot.length() != ROOT_LENGTH) {
                throw new IllegalArgumentException(
                        "receipt field 'root' must be " + ROOT_LENGTH + " bytes, got " + statusOrRoot.length());
            }
        }
        long cumulativeGasUsed =
                quantity(required(receipt, "cumulativeGasUsed", "cumulativeGasUsed"), "cumulativeGasUsed");
        Bytes bloom = data(required(receipt, "logsBloom", "logsBloom"), "logsBloom");
        if (bloom.length() != BLOOM_LENGTH) {
            throw new IllegalArgumentException(
                    "receipt field 'logsBloom' must be " + BLOOM_LENGTH + " bytes, got " + bloom.length());
        }
        JsonNode logsNode = required(receipt, "logs", "logs");
        if (!logsNode.isArray()) {
            throw new IllegalArgumentException("receipt field 'logs' must be an array, got " + logsNode.getNodeType());
        }
        List<EthLog> logs = new ArrayList<>(logsNode.size());
        for (int i = 0; i < logsNode.size(); i++) {
            logs.add(logFromJson(logsNode.get(i), "logs[" + i + "]"));
        }
        try {
            return new EthReceipt(type, statusOrRoot, cumulativeGasUsed, bloom, logs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("receipt is not valid: " + e.getMessage(), e);
        }
    }

    private static EthLog logFromJson(JsonNode log, String path) {
        if (!log.isObject()) {
            throw new IllegalArgumentException(
                    "receipt field '" + path + "' must be an object, got " + log.getNodeType());
        }
        JsonNode removed = log.get("removed");
        if (removed != null && removed.asBoolean(false)) {
            throw new IllegalArgumentException("receipt field '" + path
                    + ".removed' is true: the log belongs to a block that is no longer canonical");
        }
        Bytes address = data(required(log, "address", path + ".address"), path + ".address");
        if (address.length() != EthLog.ADDRESS_LENGTH) {
            throw new IllegalArgumentException("receipt field '" + path + ".address' must be " + EthLog.ADDRESS_LENGTH
                    + " bytes, got " + address.length());
        }
        JsonNode topicsNode = required(log, "topics", path + ".topics");
        if (!topicsNode.isArray() || topicsNode.size() > EthLog.MAX_TOPICS) {
            throw new IllegalArgumentException("receipt field '" + path + ".topics' must be an array of at most "
                    + EthLog.MAX_TOPICS + " topics, got " + abbreviate(topicsNode));
        }
        List<Bytes> topics = new ArrayList<>(topicsNode.size());
        for (int t = 0; t < topicsNode.size(); t++) {
            String topicPath = path + ".topics[" + t + "]";
            Bytes topic = data(topicsNode.get(t), topicPath);
            if (topic.length() != EthLog.TOPIC_LENGTH) {
                throw new IllegalArgumentException("receipt field '" + topicPath + "' must be " + EthLog.TOPIC_LENGTH
                        + " bytes, got " + topic.length());
            }
            topics.add(topic);
        }
        Bytes data = data(required(log, "data", path + ".data"), path + ".data");
        return new EthLog(address, topics, data);
    }

    private static JsonNode required(JsonNode object, String name, String path) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException("receipt field '" + path + "' is missing");
        }
        return node;
    }

    private static long quantity(JsonNode node, String path) {
        String text = node.isTextual() ? node.asText() : "";
        if (!QUANTITY.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "receipt field '" + path + "' must be a hex quantity like \"0x1a\", got " + abbreviate(node));
        }
        long value = Long.parseUnsignedLong(text.substring(2), 16);
        if (value < 0) {
            throw new IllegalArgumentException("receipt field '" + path + "' exceeds 2^63 - 1: " + text);
        }
        return value;
    }

    private static Bytes data(JsonNode node, String path) {
        String text = node.isTextual() ? node.asText() : "";
        if (!DATA.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "receipt field '" + path + "' must be 0x-prefixed hex bytes, got " + abbreviate(node));
        }
        return Bytes.wrap(HexFormat.of().parseHex(text, 2, text.length()));
    }

    private static String abbreviate(JsonNode node) {
        String s = node.toString();
        return s.length() <= 80 ? s : s.substring(0, 77) + "... (" + s.length() + " chars)";
    }

    /** The 2048-bit bloom filter of the logs' addresses and topics (Yellow Paper, section 4.3.1). */
    static Bytes bloomOf(List<EthLog> logs) {
        byte[] bloom = new byte[BLOOM_LENGTH];
        for (EthLog log : logs) {
            LogsBloom.add(bloom, log.address());
            for (Bytes topic : log.topics()) {
                LogsBloom.add(bloom, topic);
            }
        }
        return Bytes.wrap(bloom);
    }
}
