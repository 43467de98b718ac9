/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    @Test
    void the_codes_are_the_spi_reasons_plus_bad_argument_and_unauthorized() {
        assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name))
                .containsExactly(
                        "LockExists",
                        "LockNotFound",
                        "NotLocked",
                        "Expired",
                        "NotExpired",
                        "WrongPreimage",
                        "InvalidAmount",
                        "InvalidReceiver",
                        "TimelockInPast",
                        "InsufficientFunds",
                        "TransferFailed",
                        "BadArgument",
                        "Unauthorized");
    }

    @Test
    void a_refusal_s_message_is_the_code_a_colon_and_the_text() {
        HtlcException e = new HtlcException(ErrorCode.NotExpired, "lock 0x01 can be refunded from 5");

        assertThat(e.getMessage()).isEqualTo("NotExpired: lock 0x01 can be refunded from 5");
        assertThat(e.code()).isEqualTo(ErrorCode.NotExpired);
    }

    @Test
    void quotes_long_values_cut() {
        assertThat(HtlcException.quote("abc")).isEqualTo("\"abc\"");
        assertThat(HtlcException.quote("x".repeat(500))).isEqualTo("\"" + "x".repeat(100) + "...\"");
    }
}
