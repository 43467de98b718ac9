/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ArgsTest {
    private static void refused(ThrowingCallable call, ErrorCode code, String... messageParts) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        HtlcException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageStartingWith(code.name() + ": ")
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void counts_arguments_and_names_the_parameters() {
        assertThat(Args.expect("Claim", List.of("a", "b"), "id", "preimage")).containsExactly("a", "b");
        refused(
                () -> Args.expect("Claim", List.of("a"), "id", "preimage"),
                ErrorCode.BadArgument,
                "Claim takes 2 arguments (id, preimage), got 1");
        refused(
                () -> Args.expect("Refund", List.of("a", "b"), "id"),
                ErrorCode.BadArgument,
                "Refund takes 1 argument (id), got 2");
        refused(
                () -> Args.expect("AccountOf", List.of("x"), new String[0]),
                ErrorCode.BadArgument,
                "AccountOf takes 0 arguments, got 1");
    }

    @Test
    void asset_ids_are_1_to_64_of_letters_digits_dot_underscore_dash() {
        assertThat(Args.asset("asset", "A.b_c-9")).isEqualTo("A.b_c-9");
        assertThat(Args.asset("asset", "x".repeat(64))).hasSize(64);
        for (String bad : new String[] {"", "x".repeat(65), "a b", "a:b", "a~b", "ü", "a\u0000b"}) {
            refused(() -> Args.asset("asset", bad), ErrorCode.BadArgument, "asset must be an asset id");
        }
    }

    @Test
    void amounts_are_canonical_decimals_below_2_to_the_256() {
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

        assertThat(Args.amount("amount", "0")).isZero();
        assertThat(Args.amount("amount", "1234567890")).isEqualTo(1234567890L);
        assertThat(Args.amount("amount", max.toString())).isEqualTo(max);
        for (String bad : new String[] {"", "01", "00", "-1", "+1", "1.0", "1e3", " 1", "1 ", "0x10", "١"}) {
            refused(
                    () -> Args.amount("amount", bad),
                    ErrorCode.BadArgument,
                    "amount must be a canonical decimal",
                    '"' + bad + '"');
        }
        refused(
                () -> Args.amount(
                        "minDestinationAmount", max.add(BigInteger.ONE).toString()),
                ErrorCode.BadArgument,
                "minDestinationAmount must be an amount below 2^256");
        refused(() -> Args.amount("amount", "9".repeat(79)), ErrorCode.BadArgument, "canonical decimal");
    }

    @Test
    void time_locks_are_canonical_decimal_seconds_below_2_to_the_63() {
        assertThat(Args.timeLock("timeLock", "0")).isZero();
        assertThat(Args.timeLock("timeLock", "1767225600")).isEqualTo(1_767_225_600L);
        assertThat(Args.timeLock("timeLock", Long.toString(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        for (String bad : new String[] {"", "-1", "01", "1.5", "9223372036854775808", "99999999999999999999", "x"}) {
            refused(
                    () -> Args.timeLock("timeLock", bad),
                    ErrorCode.BadArgument,
                    "timeLock must be canonical decimal unix seconds");
        }
    }

    @Test
    void hashes_are_0x_and_64_hex_digits_of_either_case_returned_in_lower_case() {
        assertThat(Args.bytes32("hashLock", "0x" + "aB".repeat(32))).isEqualTo("0x" + "ab".repeat(32));
        for (String bad : new String[] {
            "",
            "0x",
            "ab".repeat(32),
            "0X" + "ab".repeat(32),
            "0x" + "ab".repeat(31),
            "0x" + "ab".repeat(33),
            "0x" + "g".repeat(64)
        }) {
            refused(
                    () -> Args.bytes32("preimage", bad),
                    ErrorCode.BadArgument,
                    "preimage must be 0x followed by 64 hex digits");
        }
    }

    @Test
    void destination_texts_are_1_to_256_characters_without_surrounding_blanks() {
        assertThat(Args.text("destinationChain", "ethereum-sepolia")).isEqualTo("ethereum-sepolia");
        assertThat(Args.text("destinationRecipient", "a b")).isEqualTo("a b");
        assertThat(Args.text("destinationRecipient", "x".repeat(256))).hasSize(256);
        for (String bad : new String[] {"", " ", " x", "x ", "\tx", "x\n", "x".repeat(257)}) {
            refused(
                    () -> Args.text("destinationRecipient", bad),
                    ErrorCode.BadArgument,
                    "destinationRecipient must be 1-256 characters");
        }
    }

    @Test
    void accounts_are_refused_with_the_code_the_caller_names() {
        String ok = "Org1MSP:" + "ab".repeat(32);

        assertThat(Args.account("receiver", ok, ErrorCode.InvalidReceiver)).isEqualTo(ok);
        refused(
                () -> Args.account("receiver", "0xabc", ErrorCode.InvalidReceiver),
                ErrorCode.InvalidReceiver,
                "receiver must be an account",
                "\"0xabc\"");
        refused(
                () -> Args.account("account", ok.toUpperCase(java.util.Locale.ROOT), ErrorCode.BadArgument),
                ErrorCode.BadArgument,
                "account must be an account");
    }
}
