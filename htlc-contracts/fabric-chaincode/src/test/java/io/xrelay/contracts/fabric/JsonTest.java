/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writes_fields_in_their_order_without_blanks() {
        SequencedMap<String, String> f = new LinkedHashMap<>();
        f.put("z", "1");
        f.put("a", "two");

        assertThat(Json.write(f)).isEqualTo("{\"z\":\"1\",\"a\":\"two\"}");
        assertThat(Json.write(new LinkedHashMap<>())).isEqualTo("{}");
    }

    @Test
    void writes_arrays_of_objects_in_their_order_without_blanks() {
        SequencedMap<String, String> f = new LinkedHashMap<>();
        f.put("event", "Locked");
        f.put("s", "a\"b");

        assertThat(Json.writeArray(List.of(f, new LinkedHashMap<>(), f)))
                .isEqualTo("[{\"event\":\"Locked\",\"s\":\"a\\\"b\"},{},{\"event\":\"Locked\",\"s\":\"a\\\"b\"}]");
        assertThat(Json.writeArray(List.of())).isEqualTo("[]");
    }

    @Test
    void escapes_quotes_backslashes_and_control_characters() {
        SequencedMap<String, String> f = new LinkedHashMap<>();
        f.put("s", "a\"b\\c\nd\te\u0001f\u001fü✓");

        assertThat(Json.write(f)).isEqualTo("{\"s\":\"a\\\"b\\\\c\\nd\\te\\u0001f\\u001fü✓\"}");
    }

    @Test
    void reads_back_what_it_writes() {
        SequencedMap<String, String> f = new LinkedHashMap<>();
        f.put("id", "0xab");
        f.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 unicode ✓");

        assertThat(Json.read(Json.write(f))).containsExactlyEntriesOf(f);
    }

    @Test
    void reads_blanks_slash_and_unicode_escapes() {
        assertThat(Json.read(" { \"a\" : \"x\\/y\\u00fc\" , \"b\":\"\" } "))
                .containsExactly(java.util.Map.entry("a", "x/yü"), java.util.Map.entry("b", ""));
    }

    @Test
    void refuses_what_is_not_a_flat_object_of_strings() {
        for (String bad : new String[] {
            "",
            "[]",
            "{",
            "{\"a\":1}",
            "{\"a\":\"1\"",
            "{\"a\":\"1\",}",
            "{\"a\":\"1\"} x",
            "{\"a\":\"1\",\"a\":\"2\"}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12\"}",
            "{\"a\":\"line\nbreak\"}",
            "{a:\"1\"}"
        }) {
            assertThatThrownBy(() -> Json.read(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a flat JSON object of strings at offset");
        }
    }
}
