/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xrelay.adapter.Bytes;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EthReceiptTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String ZERO_BLOOM = "00".repeat(256);
    private static final Bytes TOPIC = Bytes.fromHex("0x" + "11".repeat(32));
    private static final Bytes ADDRESS = Bytes.fromHex("0x" + "22".repeat(20));

    private static EthReceipt simple(int type, boolean success) {
        return EthReceipt.withStatus(type, success, 21_000, List.of());
    }

    @Test
    void encodes_a_legacy_receipt_as_a_bare_rlp_list_with_status_one_as_0x01() {
        byte[] encoded = simple(0, true).encode();
        // f9 0108: a list of 264 payload bytes; 01: status 1; 825208: 21000; b9 0100: the 256-byte bloom; c0: no log.
        assertThat(HEX.formatHex(encoded)).isEqualTo("f90108" + "01" + "825208" + "b90100" + ZERO_BLOOM + "c0");
    }

    @Test
    void encodes_status_zero_as_the_empty_string() {
        assertThat(HEX.formatHex(simple(0, false).encode()))
                .isEqualTo("f90108" + "80" + "825208" + "b90100" + ZERO_BLOOM + "c0");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void prefixes_a_typed_receipt_with_its_type_byte(int type) {
        byte[] legacy = simple(0, true).encode();
        byte[] typed = simple(type, true).encode();
        assertThat(typed[0]).isEqualTo((byte) type);
        assertThat(java.util.Arrays.copyOfRange(typed, 1, typed.length)).isEqualTo(legacy);
    }

    @Test
    void round_trips_every_type_with_logs() {
        List<EthReceipt> receipts = TestReceipts.block(300, 7);
        for (EthReceipt receipt : receipts) {
            assertThat(EthReceipt.decode(receipt.encode())).isEqualTo(receipt);
        }
        assertThat(receipts).extracting(EthReceipt::type).contains(0, 1, 2, 3, 4);
    }

    @Test
    void round_trips_a_pre_byzantium_receipt_with_a_post_state_root() {
        Bytes root = Bytes.fromHex("0x" + "ab".repeat(32));
        EthLog log = new EthLog(ADDRESS, List.of(TOPIC), Bytes.fromHex("0x01"));
        EthReceipt receipt = new EthReceipt(0, root, 50_000, EthReceipt.bloomOf(List.of(log)), List.of(log));
        assertThat(receipt.hasStatus()).isFalse();
        assertThat(receipt.postStateRoot()).contains(root);
        assertThatThrownBy(receipt::succeeded).isInstanceOf(IllegalStateException.class);
        assertThat(EthReceipt.decode(receipt.encode())).isEqualTo(receipt);
    }

    @Test
    void rejects_a_post_state_root_in_a_typed_receipt() {
        assertThatThrownBy(() -> new EthReceipt(
                        2, Bytes.fromHex("0x" + "ab".repeat(32)), 1, Bytes.wrap(new byte[256]), List.of()))
                .hasMessageContaining("typed receipt (type 2) carries a status");
    }

    @Test
    void rejects_trailing_bytes_after_the_receipt() {
        byte[] encoded = simple(2, true).encode();
        byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 1);
        assertThatThrownBy(() -> EthReceipt.decode(longer))
                .hasMessageStartingWith("malformed receipt")
                .hasMessageContaining("trailing byte");
    }

    @Test
    void rejects_unknown_types_and_a_zero_type_prefix() {
        byte[] body = simple(0, true).encode();
        for (int type : new int[] {0, 5, 0x7e, 0x7f}) {
            byte[] typed = new byte[body.length + 1];
            typed[0] = (byte) type;
            System.arraycopy(body, 0, typed, 1, body.length);
            assertThatThrownBy(() -> EthReceipt.decode(typed))
                    .hasMessageContaining("unsupported receipt type 0x%02x".formatted(type));
        }
        assertThatThrownBy(() -> EthReceipt.decode(HEX.parseHex("8180")))
                .hasMessageContaining("neither a type byte below 0x80 nor an RLP list");
        assertThatThrownBy(() -> EthReceipt.decode(new byte[0])).hasMessageContaining("empty");
    }

    @Test
    void rejects_a_status_byte_of_zero() {
        // 00 is canonical RLP for the one-byte string 0x00, but consensus encodes status 0 as the empty string.
        String body = "00" + "825208" + "b90100" + ZERO_BLOOM + "c0";
        assertThatThrownBy(() -> EthReceipt.decode(HEX.parseHex("f90108" + body)))
                .hasMessageContaining("status must be empty (0) or 0x01 (1)");
    }

    @Test
    void rejects_a_cumulative_gas_with_a_leading_zero() {
        String body = "01" + "83005208" + "b90100" + ZERO_BLOOM + "c0";
        assertThatThrownBy(() -> EthReceipt.decode(HEX.parseHex("f90109" + body)))
                .hasMessageContaining("leading zero byte");
    }

    @Test
    void rejects_a_wrong_number_of_fields_a_short_bloom_and_a_bad_log() {
        String five = "01" + "825208" + "b90100" + ZERO_BLOOM + "c0" + "80";
        assertThatThrownBy(() -> EthReceipt.decode(HEX.parseHex("f90109" + five)))
                .hasMessageContaining("list of 4 fields")
                .hasMessageContaining("got 5");
        String shortBloom = "01" + "825208" + "b8ff" + "00".repeat(255) + "c0";
        assertThatThrownBy(() -> EthReceipt.decode(HEX.parseHex("f90106" + shortBloom)))
                .hasMessageContaining("logsBloom must be 256 bytes, got 255");
        // One log [address(19 bytes), [], ""].
        String log = "d6" + "93" + "22".repeat(19) + "c0" + "80";
        String badLog = "01" + "825208" + "b90100" + ZERO_BLOOM + "d7" + log;
        assertThatThrownBy(() -> EthReceipt.decode(HEX.parseHex("f9011f" + badLog)))
                .hasMessageContaining("log 0")
                .hasMessageContaining("address must be 20 bytes, got 19");
    }

    @Test
    void recomputes_the_bloom_and_tells_when_it_does_not_match_the_logs() {
        EthLog log = new EthLog(ADDRESS, List.of(TOPIC), Bytes.EMPTY);
        EthReceipt receipt = EthReceipt.withStatus(2, true, 30_000, List.of(log));
        assertThat(receipt.bloomMatchesLogs()).isTrue();
        // Three bits per address and topic (fewer when two of them collide).
        int bits = 0;
        for (byte b : receipt.logsBloom().toByteArray()) {
            bits += Integer.bitCount(b & 0xff);
        }
        assertThat(bits).isBetween(2, 6);

        EthLog other = new EthLog(ADDRESS, List.of(Bytes.fromHex("0x" + "33".repeat(32))), Bytes.EMPTY);
        EthReceipt lying = new EthReceipt(2, receipt.statusOrRoot(), 30_000, receipt.logsBloom(), List.of(other));
        assertThat(lying.bloomMatchesLogs()).isFalse();
    }

    @Test
    void reads_a_receipt_from_json() {
        String json =
                """
                {"type":"0x2","status":"0x1","cumulativeGasUsed":"0x5208","logsBloom":"0x%s",
                 "transactionIndex":"0x0","gasUsed":"0x5208",
                 "logs":[{"address":"0x%s","topics":["0x%s"],"data":"0xCAFE","removed":false}]}"""
                        .formatted(ZERO_BLOOM, "22".repeat(20), "11".repeat(32));

        EthReceipt receipt = EthReceipt.fromJson(json);

        assertThat(receipt.type()).isEqualTo(2);
        assertThat(receipt.succeeded()).isTrue();
        assertThat(receipt.cumulativeGasUsed()).isEqualTo(21_000);
        assertThat(receipt.logs()).containsExactly(new EthLog(ADDRESS, List.of(TOPIC), Bytes.fromHex("0xcafe")));
    }

    @Test
    void reads_a_receipt_without_type_as_legacy_and_a_root_receipt() {
        String json = """
                {"root":"0x%s","cumulativeGasUsed":"0x0","logsBloom":"0x%s","logs":[]}"""
                .formatted("ab".repeat(32), ZERO_BLOOM);
        EthReceipt receipt = EthReceipt.fromJson(json);
        assertThat(receipt.type()).isZero();
        assertThat(receipt.postStateRoot()).contains(Bytes.fromHex("0x" + "ab".repeat(32)));
    }

    @Test
    void names_the_field_that_is_missing_or_malformed_in_json() {
        String base =
                """
                {"type":"0x2","status":"0x1","cumulativeGasUsed":"0x5208","logsBloom":"0x%s",
                 "logs":[{"address":"0x%s","topics":["0x%s"],"data":"0x"}]}"""
                        .formatted(ZERO_BLOOM, "22".repeat(20), "11".repeat(32));
        assertThatThrownBy(() -> EthReceipt.fromJson(base.replace("\"cumulativeGasUsed\":\"0x5208\",", "")))
                .hasMessage("receipt field 'cumulativeGasUsed' is missing");
        assertThatThrownBy(() -> EthReceipt.fromJson(base.replace("0x5208", "21000")))
                .hasMessageContaining("receipt field 'cumulativeGasUsed' must be a hex quantity");
        assertThatThrownBy(() -> EthReceipt.fromJson(base.replace("\"0x" + "11".repeat(32), "\"0x11")))
                .hasMessageContaining("receipt field 'logs[0].topics[0]' must be 32 bytes, got 1");
        assertThatThrownBy(() -> EthReceipt.fromJson(base.replace("\"data\":\"0x\"", "\"data\":\"0xabc\"")))
                .hasMessageContaining("receipt field 'logs[0].data' must be 0x-prefixed hex bytes");
        assertThatThrownBy(() -> EthReceipt.fromJson(base.replace("\"type\":\"0x2\"", "\"type\":\"0x7e\"")))
                .hasMessageContaining("receipt field 'type' is \"0x7e\": unsupported");
        assertThatThrownBy(() -> EthReceipt.fromJson(base.replace("\"status\":\"0x1\"", "\"status\":\"0x2\"")))
                .hasMessageContaining("receipt field 'status' must be 0x0 or 0x1");
        assertThatThrownBy(() -> EthReceipt.fromJson(base.replace("\"status\":\"0x1\",", "")))
                .hasMessageContaining("neither a 'status' nor a 'root'");
        assertThatThrownBy(
                        () -> EthReceipt.fromJson(base.replace("\"data\":\"0x\"", "\"data\":\"0x\",\"removed\":true")))
                .hasMessageContaining("'logs[0].removed' is true");
        assertThatThrownBy(() -> EthReceipt.fromJson(base.replace("0x" + ZERO_BLOOM, "0x00")))
                .hasMessageContaining("receipt field 'logsBloom' must be 256 bytes, got 1");
        assertThatThrownBy(() -> EthReceipt.fromJson("[1]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> EthReceipt.fromJson("{")).hasMessageContaining("not valid JSON");
    }

    @Test
    void validates_logs() {
        Random random = new Random(1);
        List<Bytes> fiveTopics = List.of(TOPIC, TOPIC, TOPIC, TOPIC, TOPIC);
        assertThatThrownBy(() -> new EthLog(ADDRESS, fiveTopics, Bytes.EMPTY)).hasMessageContaining("at most 4");
        assertThatThrownBy(() -> new EthLog(ADDRESS, List.of(TestReceipts.randomBytes(random, 31)), Bytes.EMPTY))
                .hasMessageContaining("log topic 0 must be 32 bytes, got 31");
    }
}
