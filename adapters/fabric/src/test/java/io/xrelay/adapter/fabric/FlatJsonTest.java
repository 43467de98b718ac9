/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict reader of the chaincode's flat JSON objects of strings. */
class FlatJsonTest {
    @Test
    void reads_names_and_string_values_in_order_with_escapes() {
        assertThat(FlatJson.parse(" { \"a\" : \"1\", \"b\":\"x\\\"y\\\\z\\u00fc\\n\" , \"c\":\"\"}\n"))
                .containsExactly(
                        java.util.Map.entry("a", "1"),
                        java.util.Map.entry("b", "x\"y\\zü\n"),
                        java.util.Map.entry("c", ""));
        assertThat(FlatJson.parse("{}")).isEmpty();
        assertThat(FlatJson.parse("{\"k\":\"Zürich ✓\"}")).containsEntry("k", "Zürich ✓");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "[]",
                "{\"a\":1}",
                "{\"a\":null}",
                "{\"a\":{\"b\":\"c\"}}",
                "{\"a\":\"1\",\"a\":\"2\"}",
                "{\"a\":\"1\"} x",
                "{\"a\":\"1\",}",
                "{\"a\" \"1\"}",
                "{\"a\":\"1\"",
                "{\"a\":\"\\x\"}",
                "{\"a\":\"\\u12\"}",
                "{'a':'1'}"
            })
    void refuses_anything_else(String json) {
        assertThatThrownBy(() -> FlatJson.parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a flat JSON object of strings");
    }

    @Test
    void refuses_a_raw_control_character_in_a_string() {
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":\"x\ny\"}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reads_an_array_of_flat_objects_in_order() {
        var objects = FlatJson.parseArray(" [ {\"event\":\"Locked\",\"id\":\"0x1\"} , {\"ok\":\"\"},{} ]\n");

        assertThat(objects).hasSize(3);
        assertThat(objects.get(0))
                .containsExactly(java.util.Map.entry("event", "Locked"), java.util.Map.entry("id", "0x1"));
        assertThat(objects.get(1)).containsExactly(java.util.Map.entry("ok", ""));
        assertThat(objects.get(2)).isEmpty();
        assertThat(FlatJson.parseArray("[]")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{}",
                "[",
                "[{}",
                "[{},]",
                "[{}{}]",
                "[\"a\"]",
                "[[]]",
                "[{\"a\":[]}]",
                "[{\"a\":\"1\",\"a\":\"2\"}]",
                "[{}] x"
            })
    void refuses_anything_else_as_an_array(String json) {
        assertThatThrownBy(() -> FlatJson.parseArray(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a JSON array of flat objects of strings");
    }
}
