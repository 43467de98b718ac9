/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * One log entry as the consensus encoding of a receipt holds it: {@code [address, [topic...], data]}.
 *
 * @param address the 20-byte address of the contract that emitted it
 * @param topics zero to four 32-byte topics (LOG0 to LOG4)
 * @param data the unindexed data
 */
record EthLog(Bytes address, List<Bytes> topics, Bytes data) {
    static final int ADDRESS_LENGTH = 20;
    static final int TOPIC_LENGTH = 32;
    static final int MAX_TOPICS = 4;

    EthLog {
        topics = List.copyOf(topics);
        if (address.length() != ADDRESS_LENGTH) {
            throw new IllegalArgumentException(
                    "log address must be " + ADDRESS_LENGTH + " bytes, got " + address.length() + ": " + address);
        }
        if (topics.size() > MAX_TOPICS) {
            throw new IllegalArgumentException("a log has at most " + MAX_TOPICS + " topics, got " + topics.size());
        }
        for (int i = 0; i < topics.size(); i++) {
            Bytes topic = topics.get(i);
            if (topic.length() != TOPIC_LENGTH) {
                throw new IllegalArgumentException(
                        "log topic " + i + " must be " + TOPIC_LENGTH + " bytes, got " + topic.length() + ": " + topic);
            }
        }
    }

    /** {@code RLP([address, [topics], data])}. */
    byte[] encode() {
        List<byte[]> encodedTopics = new ArrayList<>(topics.size());
        for (Bytes topic : topics) {
            encodedTopics.add(StrictRlp.encodeString(topic.toByteArray()));
        }
        return StrictRlp.encodeList(List.of(
                StrictRlp.encodeString(address.toByteArray()),
                StrictRlp.encodeList(encodedTopics),
                StrictRlp.encodeString(data.toByteArray())));
    }

    /**
     * The log held by a decoded RLP item.
     *
     * @throws IllegalArgumentException naming the part that is not a valid log
     */
    static EthLog fromRlp(StrictRlp.Item item) {
        List<StrictRlp.Item> parts = item.items();
        if (parts.size() != 3) {
            throw new IllegalArgumentException(
                    "a log is a list of 3 items [address, topics, data], got " + parts.size() + " item(s)");
        }
        List<Bytes> topics = new ArrayList<>();
        for (StrictRlp.Item topic : parts.get(1).items()) {
            topics.add(Bytes.wrap(topic.bytes()));
        }
        return new EthLog(
                Bytes.wrap(parts.get(0).bytes()),
                topics,
                Bytes.wrap(parts.get(2).bytes()));
    }
}
