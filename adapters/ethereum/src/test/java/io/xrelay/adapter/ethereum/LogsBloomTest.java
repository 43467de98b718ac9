/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.xrelay.adapter.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The logs bloom the adapter scans blocks with, against real data: the header and receipts of Ethereum mainnet
 * block 21925176 (see {@link MainnetBlockReceiptsTest}), whose blooms mainnet computed and whose header hash covers
 * the block bloom.
 */
class LogsBloomTest {
    private static Bytes headerBloom;
    private static List<EthReceipt> receipts;

    @BeforeAll
    static void load() {
        JsonNode fixture = MainnetBlockReceiptsTest.fixture();
        headerBloom = Bytes.fromHex(fixture.get("header").get("logsBloom").asText());
        receipts = MainnetBlockReceiptsTest.receipts(fixture);
    }

    private static List<Bytes> valuesOf(EthLog log) {
        List<Bytes> values = new ArrayList<>();
        values.add(log.address());
        values.addAll(log.topics());
        return values;
    }

    @Test
    void every_address_and_topic_of_a_real_block_is_in_its_receipts_bloom_and_the_header_bloom() {
        int checked = 0;
        for (EthReceipt receipt : receipts) {
            for (EthLog log : receipt.logs()) {
                for (Bytes value : valuesOf(log)) {
                    assertThat(LogsBloom.mayContain(receipt.logsBloom(), value)).isTrue();
                    assertThat(LogsBloom.mayContain(headerBloom, value)).isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(463); // 463 logs, each an address and at least one topic
    }

    @Test
    void adding_a_real_receipts_logs_gives_the_bloom_mainnet_computed_for_it() {
        for (EthReceipt receipt : receipts) {
            byte[] bloom = new byte[LogsBloom.BYTES];
            for (EthLog log : receipt.logs()) {
                valuesOf(log).forEach(v -> LogsBloom.add(bloom, v));
            }
            assertThat(Bytes.wrap(bloom)).isEqualTo(receipt.logsBloom()).isEqualTo(EthReceipt.bloomOf(receipt.logs()));
        }
    }

    @Test
    void the_header_bloom_is_every_log_of_the_block_added() {
        byte[] bloom = new byte[LogsBloom.BYTES];
        receipts.forEach(r -> r.logs().forEach(l -> valuesOf(l).forEach(v -> LogsBloom.add(bloom, v))));

        assertThat(Bytes.wrap(bloom)).isEqualTo(headerBloom);
    }

    @Test
    void a_receipt_without_logs_has_an_empty_bloom_that_contains_nothing() {
        EthReceipt empty =
                receipts.stream().filter(r -> r.logs().isEmpty()).findFirst().orElseThrow();
        Bytes someAddress = receipts.stream()
                .flatMap(r -> r.logs().stream())
                .findFirst()
                .orElseThrow()
                .address();

        assertThat(empty.logsBloom()).isEqualTo(Bytes.wrap(new byte[LogsBloom.BYTES]));
        assertThat(LogsBloom.mayContain(empty.logsBloom(), someAddress)).isFalse();
    }

    @Test
    void each_of_the_three_bits_of_a_value_is_needed() {
        Bytes value = receipts.stream()
                .flatMap(r -> r.logs().stream())
                .findFirst()
                .orElseThrow()
                .address();
        byte[] bloom = new byte[LogsBloom.BYTES];
        LogsBloom.add(bloom, value);
        List<int[]> setBits = new ArrayList<>();
        for (int i = 0; i < bloom.length; i++) {
            for (int b = 0; b < 8; b++) {
                if ((bloom[i] & (1 << b)) != 0) {
                    setBits.add(new int[] {i, b});
                }
            }
        }
        assertThat(setBits).hasSizeBetween(1, 3);

        for (int[] bit : setBits) {
            byte[] cleared = Arrays.copyOf(bloom, bloom.length);
            cleared[bit[0]] &= (byte) ~(1 << bit[1]);
            assertThat(LogsBloom.mayContain(Bytes.wrap(cleared), value)).isFalse();
        }
    }

    @Test
    void a_sparse_bloom_rejects_most_values_that_are_not_in_it() {
        EthReceipt oneLog =
                receipts.stream().filter(r -> r.logs().size() == 1).findFirst().orElseThrow();
        Random random = new Random(21925176);
        int claimed = 0;
        for (int i = 0; i < 1000; i++) {
            if (LogsBloom.mayContain(oneLog.logsBloom(), TestReceipts.randomBytes(random, 20))) {
                claimed++;
            }
        }
        // at most 3 * (1 + topics) of 2048 bits are set: a random value hits all three of its bits very rarely
        assertThat(claimed).isLessThan(5);
    }

    @Test
    void a_bloom_that_is_not_256_bytes_is_refused() {
        assertThatThrownBy(() -> LogsBloom.mayContain(Bytes.wrap(new byte[255]), Bytes.fromHex("0x01")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("255");
    }
}
