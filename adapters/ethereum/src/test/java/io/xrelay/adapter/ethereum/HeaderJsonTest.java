/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed header JSON is refused with a message that names the field and the problem. */
class HeaderJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode fixture(String name) {
        try {
            return (ObjectNode) MAPPER.readTree(Fixtures.json(name));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String edited(String name, Consumer<ObjectNode> edit) {
        ObjectNode node = fixture(name);
        edit.accept(node);
        return node.toString();
    }

    private static void assertRejected(String json, String field, String problem) {
        assertThatThrownBy(() -> EthHeader.fromJson(json))
                .isInstanceOf(MalformedHeaderException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field + ": ")
                .hasMessageContaining(problem)
                .satisfies(
                        e -> assertThat(((MalformedHeaderException) e).field()).isEqualTo(field));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "parentHash",
                "sha3Uncles",
                "miner",
                "stateRoot",
                "transactionsRoot",
                "receiptsRoot",
                "logsBloom",
                "difficulty",
                "number",
                "gasLimit",
                "gasUsed",
                "timestamp",
                "extraData",
                "mixHash",
                "nonce",
                "hash"
            })
    void rejects_a_header_without_a_required_field(String field) {
        assertRejected(edited("prague-23513000", n -> n.remove(field)), field, "missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parentHash", "number", "extraData", "nonce"})
    void rejects_a_required_field_that_is_null(String field) {
        assertRejected(edited("cancun-19426587", n -> n.putNull(field)), field, "null");
    }

    @Test
    void explains_that_a_pending_block_has_no_hash() {
        assertRejected(edited("london-12965000", n -> n.putNull("hash")), "hash", "a pending block has no hash");
    }

    @Test
    void rejects_a_31_byte_hash() {
        String short31 = "0x" + "ab".repeat(31);
        assertRejected(
                edited("prague-23513000", n -> n.put("parentHash", short31)), "parentHash", "31 bytes, expected 32");
    }

    @ParameterizedTest
    @CsvSource({
        "miner, 21, 20",
        "logsBloom, 255, 256",
        "nonce, 7, 8",
        "stateRoot, 33, 32",
        "withdrawalsRoot, 0, 32",
        "requestsHash, 20, 32",
    })
    void rejects_data_of_the_wrong_length(String field, int length, int expected) {
        String value = "0x" + "01".repeat(length);
        assertRejected(
                edited("prague-23513000", n -> n.put(field, value)), field, length + " bytes, expected " + expected);
    }

    @Test
    void rejects_a_value_that_is_not_hex() {
        String value = "0x" + "zz".repeat(32);
        assertRejected(edited("shanghai-17034870", n -> n.put("stateRoot", value)), "stateRoot", "not hex");
    }

    @Test
    void rejects_a_value_without_the_0x_prefix() {
        String value = "1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
        assertRejected(
                edited("shanghai-17034870", n -> n.put("sha3Uncles", value)),
                "sha3Uncles",
                "expected a 0x-prefixed hex string");
    }

    @Test
    void rejects_data_with_an_odd_number_of_digits() {
        assertRejected(
                edited("berlin-12244000", n -> n.put("extraData", "0xabc")), "extraData", "odd number of hex digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gasLimit", "number", "timestamp", "difficulty", "baseFeePerGas", "excessBlobGas"})
    void rejects_a_quantity_with_leading_zeros(String field) {
        String value = "0x0" + fixture("prague-23513000").get(field).textValue().substring(2);
        assertRejected(edited("prague-23513000", n -> n.put(field, value)), field, "quantity with leading zeros");
    }

    @Test
    void rejects_zero_written_with_two_digits() {
        assertRejected(
                edited("prague-23513000", n -> n.put("difficulty", "0x00")),
                "difficulty",
                "quantity with leading zeros");
    }

    @Test
    void rejects_a_quantity_without_digits() {
        assertRejected(edited("prague-23513000", n -> n.put("gasUsed", "0x")), "gasUsed", "quantity without digits");
    }

    @Test
    void rejects_a_quantity_given_as_a_json_number() {
        assertRejected(
                edited("london-12965000", n -> n.put("number", 12965000)),
                "number",
                "expected a 0x-prefixed hex string, got a JSON number 12965000");
    }

    @Test
    void rejects_a_64_bit_quantity_above_two_to_the_63_minus_one() {
        assertRejected(
                edited("london-12965000", n -> n.put("gasLimit", "0x8000000000000000")), "gasLimit", "above 2^63-1");
    }

    @Test
    void accepts_the_largest_64_bit_quantity_it_can_hold() {
        EthHeader header = EthHeader.fromJson(edited("london-12965000", n -> n.put("timestamp", "0x7fffffffffffffff")));

        assertThat(header.timestamp()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejects_a_difficulty_above_256_bits() {
        String value = "0x1" + "0".repeat(64);
        assertRejected(edited("frontier-1", n -> n.put("difficulty", value)), "difficulty", "above 2^256-1");
    }

    @ParameterizedTest
    @CsvSource({
        "prague-23513000,   parentBeaconBlockRoot, requestsHash,  'present without parentBeaconBlockRoot, which an earlier fork added'",
        "prague-23513000,   baseFeePerGas,         requestsHash,  'present without baseFeePerGas'",
        "prague-23513000,   withdrawalsRoot,       requestsHash,  'present without withdrawalsRoot'",
        "cancun-19426587,   parentBeaconBlockRoot, excessBlobGas, 'present without parentBeaconBlockRoot, which the same fork added'",
        "cancun-19426587,   excessBlobGas,         parentBeaconBlockRoot, 'present without excessBlobGas'",
        "shanghai-17034870, baseFeePerGas,         withdrawalsRoot, 'present without baseFeePerGas'",
    })
    void rejects_a_later_fork_field_without_an_earlier_one(
            String fixture, String removed, String reported, String problem) {
        assertRejected(edited(fixture, n -> n.remove(removed)), reported, problem);
    }

    @Test
    void rejects_requests_hash_on_a_shanghai_header() {
        String hash = "0x" + "00".repeat(32);
        assertRejected(
                edited("shanghai-17034870", n -> n.put("requestsHash", hash)),
                "requestsHash",
                "present without blobGasUsed");
    }

    @Test
    void rejects_text_that_is_not_json() {
        assertRejected("{\"parentHash\": ", "header", "not valid JSON at line 1");
    }

    @Test
    void rejects_json_that_is_not_an_object() {
        assertRejected("[1, 2]", "header", "expected a JSON object, got array");
    }

    @Test
    void rejects_empty_input() {
        assertRejected("", "header", "no JSON in the input");
    }

    @Test
    void ignores_the_fields_of_a_block_that_are_not_part_of_its_header() {
        String json = edited("shanghai-17034870", n -> {
            ArrayNode txs = n.putArray("transactions");
            txs.addObject().put("hash", "0x01").put("input", "0x").putArray("accessList");
            n.putArray("uncles");
            n.putArray("withdrawals").addObject().put("index", "0x0");
            n.put("size", "0x1234");
            n.put("totalDifficulty", "0xc70d815d562d3cfa955");
        });
        String hashesOnly =
                edited("cancun-19426587", n -> n.putArray("transactions").add("0x" + "11".repeat(32)));

        assertThat(EthHeader.fromJson(json).hashMatches()).isTrue();
        assertThat(EthHeader.fromJson(hashesOnly).hashMatches()).isTrue();
    }

    @Test
    void treats_a_null_fork_field_as_absent() {
        EthHeader header = EthHeader.fromJson(edited("london-12965000", n -> {
            n.putNull("withdrawalsRoot");
            n.putNull("requestsHash");
        }));

        assertThat(header.fork()).isEqualTo(EthFork.LONDON);
        assertThat(header.hashMatches()).isTrue();
    }

    @Test
    void accepts_upper_case_hex() {
        ObjectNode node = fixture("prague-23182607");
        node.properties().forEach(e -> {
            String value = e.getValue().textValue();
            e.setValue(node.textNode("0X" + value.substring(2).toUpperCase(Locale.ROOT)));
        });

        assertThat(EthHeader.fromJson(node).hashMatches()).isTrue();
    }

    @Test
    void rejects_a_header_built_with_a_negative_number() {
        EthHeader real = Fixtures.header("frontier-1");
        HeaderBuilder b = HeaderBuilder.from(real);
        b.number = -1;

        assertThatThrownBy(b::build)
                .isInstanceOf(MalformedHeaderException.class)
                .hasMessageStartingWith("number: ");
    }
}
