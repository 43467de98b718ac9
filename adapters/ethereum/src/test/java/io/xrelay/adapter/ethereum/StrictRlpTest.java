/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictRlpTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String digits) {
        return HEX.parseHex(digits);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // The examples of the Yellow Paper's appendix B and the RLP page of ethereum.org.
    @Test
    void encodes_the_reference_examples() {
        assertThat(StrictRlp.encodeString(ascii("dog"))).isEqualTo(hex("83646f67"));
        assertThat(StrictRlp.encodeList(
                        List.of(StrictRlp.encodeString(ascii("cat")), StrictRlp.encodeString(ascii("dog")))))
                .isEqualTo(hex("c88363617483646f67"));
        assertThat(StrictRlp.encodeString(new byte[0])).isEqualTo(hex("80"));
        assertThat(StrictRlp.encodeList(List.of())).isEqualTo(hex("c0"));
        assertThat(StrictRlp.encodeUnsigned(0)).isEqualTo(hex("80"));
        assertThat(StrictRlp.encodeString(new byte[] {0})).isEqualTo(hex("00"));
        assertThat(StrictRlp.encodeUnsigned(15)).isEqualTo(hex("0f"));
        assertThat(StrictRlp.encodeUnsigned(1024)).isEqualTo(hex("820400"));
        byte[] lorem = ascii("Lorem ipsum dolor sit amet, consectetur adipisicing elit");
        assertThat(StrictRlp.encodeString(lorem)).startsWith(hex("b838")).hasSize(58);
        // [ [], [[]], [ [], [[]] ] ]: the set-theoretical representation of three.
        byte[] empty = StrictRlp.encodeList(List.of());
        byte[] one = StrictRlp.encodeList(List.of(empty));
        assertThat(StrictRlp.encodeList(List.of(empty, one, StrictRlp.encodeList(List.of(empty, one)))))
                .isEqualTo(hex("c7c0c1c0c3c0c1c0"));
    }

    @Test
    void decodes_what_it_encodes() {
        byte[] longString = new byte[1000];
        Arrays.fill(longString, (byte) 0xab);
        byte[] encoded = StrictRlp.encodeList(List.of(
                StrictRlp.encodeString(ascii("dog")),
                StrictRlp.encodeString(longString),
                StrictRlp.encodeUnsigned(0x1234_5678_9abcL),
                StrictRlp.encodeList(List.of(StrictRlp.encodeString(new byte[] {0x7f})))));

        StrictRlp.Item item = StrictRlp.decode(encoded);

        assertThat(item.isList()).isTrue();
        assertThat(item.encodedLength()).isEqualTo(encoded.length);
        List<StrictRlp.Item> items = item.items();
        assertThat(items).hasSize(4);
        assertThat(items.get(0).bytes()).isEqualTo(ascii("dog"));
        assertThat(items.get(1).bytes()).isEqualTo(longString);
        assertThat(items.get(2).asUnsignedLong()).isEqualTo(0x1234_5678_9abcL);
        assertThat(items.get(3).items().get(0).bytes()).isEqualTo(new byte[] {0x7f});
        assertThat(items.get(3).encoded()).isEqualTo(hex("c17f"));
    }

    @Test
    void rejects_a_single_low_byte_in_the_short_string_form() {
        assertThatThrownBy(() -> StrictRlp.decode(hex("8105")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 0")
                .hasMessageContaining("must be encoded as itself");
    }

    @Test
    void rejects_a_short_length_in_the_long_form() {
        byte[] input = new byte[2 + 10];
        input[0] = (byte) 0xb8;
        input[1] = 10;
        assertThatThrownBy(() -> StrictRlp.decode(input)).hasMessageContaining("must use the short form");
        byte[] list = new byte[2 + 3];
        list[0] = (byte) 0xf8;
        list[1] = 3;
        assertThatThrownBy(() -> StrictRlp.decode(list)).hasMessageContaining("must use the short form");
    }

    @Test
    void rejects_a_length_with_a_leading_zero_byte() {
        byte[] input = new byte[3 + 60];
        input[0] = (byte) 0xb9;
        input[1] = 0;
        input[2] = 60;
        assertThatThrownBy(() -> StrictRlp.decode(input)).hasMessageContaining("leading zero byte");
    }

    @Test
    void rejects_trailing_bytes() {
        assertThatThrownBy(() -> StrictRlp.decode(hex("83646f6700")))
                .hasMessageContaining("1 trailing byte(s)")
                .hasMessageContaining("offset 4");
    }

    @Test
    void rejects_a_payload_that_runs_past_the_input() {
        assertThatThrownBy(() -> StrictRlp.decode(hex("83646f")))
                .hasMessageContaining("claims 3 payload byte(s) but only 2 remain");
        assertThatThrownBy(() -> StrictRlp.decode(hex("b90100"))).hasMessageContaining("claims 256");
        assertThatThrownBy(() -> StrictRlp.decode(hex(""))).hasMessageContaining("input ends");
    }

    @Test
    void rejects_a_list_item_that_runs_past_its_list() {
        // c2 says two payload bytes, the string inside claims three.
        StrictRlp.Item list = StrictRlp.decode(hex("c28364"));
        assertThatThrownBy(list::items).hasMessageContaining("in the enclosing list");
    }

    @Test
    void rejects_integers_with_leading_zeros_or_more_than_63_bits() {
        assertThatThrownBy(() -> StrictRlp.decode(hex("00")).asUnsignedLong())
                .hasMessageContaining("leading zero byte");
        assertThatThrownBy(() -> StrictRlp.decode(hex("820001")).asUnsignedLong())
                .hasMessageContaining("leading zero byte");
        assertThatThrownBy(() -> StrictRlp.decode(hex("888000000000000000")).asUnsignedLong())
                .hasMessageContaining("does not fit 63 bits");
        assertThat(StrictRlp.decode(hex("887fffffffffffffff")).asUnsignedLong()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void says_which_kind_was_expected() {
        assertThatThrownBy(() -> StrictRlp.decode(hex("c0")).bytes()).hasMessageContaining("found a list");
        assertThatThrownBy(() -> StrictRlp.decode(hex("80")).items()).hasMessageContaining("found a byte string");
    }
}
