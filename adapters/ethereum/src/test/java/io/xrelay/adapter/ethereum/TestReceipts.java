/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic pseudo-random receipts for tests and the benchmark: every type, failures, 0 to 4 logs. */
final class TestReceipts {
    private TestReceipts() {}

    static List<EthReceipt> block(int count, long seed) {
        Random random = new Random(seed);
        List<EthReceipt> receipts = new ArrayList<>(count);
        long gas = 0;
        for (int i = 0; i < count; i++) {
            gas += 21_000 + random.nextInt(200_000);
            int logCount = random.nextInt(5);
            List<EthLog> logs = new ArrayList<>(logCount);
            for (int l = 0; l < logCount; l++) {
                logs.add(log(random));
            }
            int type = random.nextInt(EthReceipt.MAX_TYPE + 1);
            boolean success = random.nextInt(10) != 0;
            receipts.add(EthReceipt.withStatus(type, success, gas, success ? logs : List.of()));
        }
        return receipts;
    }

    static EthLog log(Random random) {
        int topicCount = random.nextInt(EthLog.MAX_TOPICS + 1);
        List<Bytes> topics = new ArrayList<>(topicCount);
        for (int t = 0; t < topicCount; t++) {
            topics.add(randomBytes(random, EthLog.TOPIC_LENGTH));
        }
        return new EthLog(
                randomBytes(random, EthLog.ADDRESS_LENGTH), topics, randomBytes(random, 32 * random.nextInt(4)));
    }

    static Bytes randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return Bytes.wrap(bytes);
    }
}
