/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.web3j.abi.CustomErrorEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;

class HtlcErrorsTest {
    /** The error constants of the generated wrapper: web3j computes their selectors independently of HtlcErrors. */
    private static final List<CustomError> WRAPPER_ERRORS = List.of(
            XRelayHtlc.LOCKEXISTS_ERROR,
            XRelayHtlc.LOCKNOTFOUND_ERROR,
            XRelayHtlc.NOTLOCKED_ERROR,
            XRelayHtlc.EXPIRED_ERROR,
            XRelayHtlc.NOTEXPIRED_ERROR,
            XRelayHtlc.WRONGPREIMAGE_ERROR,
            XRelayHtlc.INVALIDAMOUNT_ERROR,
            XRelayHtlc.INVALIDRECEIVER_ERROR,
            XRelayHtlc.TIMELOCKINPAST_ERROR,
            XRelayHtlc.INSUFFICIENTFUNDS_ERROR,
            XRelayHtlc.TRANSFERFAILED_ERROR,
            XRelayHtlc.REENTRANCY_ERROR);

    @Test
    void knows_every_custom_error_of_the_contract_with_webj3s_selector() {
        for (CustomError error : WRAPPER_ERRORS) {
            String selector = CustomErrorEncoder.encode(error).substring(0, 10);
            assertThat(HtlcErrors.selector(error.getName())).isEqualTo(selector);
            assertThat(HtlcErrors.errorName(selector)).contains(error.getName());
        }
        assertThat(HtlcErrors.selectors()).hasSize(WRAPPER_ERRORS.size() + 2);
    }

    @Test
    void the_error_names_are_the_spi_reason_codes_plus_reentrancy() {
        assertThat(HtlcErrors.selectors().values())
                .containsExactlyInAnyOrder(
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
                        "Reentrancy",
                        "Error",
                        "Panic");
    }

    @Test
    void names_the_error_from_full_revert_data_with_or_without_prefix_in_either_case() {
        String data = HtlcErrors.selector("Expired") + "11".repeat(32);

        assertThat(HtlcErrors.errorName(data)).contains("Expired");
        assertThat(HtlcErrors.errorName(data.substring(2))).contains("Expired");
        assertThat(HtlcErrors.errorName(data.toUpperCase(Locale.ROOT).replace("0X", "0x")))
                .contains("Expired");
    }

    @Test
    void names_solidity_error_strings_and_panics() {
        String revertString = FunctionEncoder.encode(new Function("Error", List.of(new Utf8String("no")), List.of()));

        assertThat(HtlcErrors.errorName(revertString)).contains("Error");
        assertThat(HtlcErrors.errorName("0x4e487b71" + "00".repeat(31) + "11")).contains("Panic");
    }

    @Test
    void gives_nothing_for_short_empty_or_unknown_data() {
        assertThat(HtlcErrors.errorName("0x")).isEmpty();
        assertThat(HtlcErrors.errorName("")).isEmpty();
        assertThat(HtlcErrors.errorName("0x1234")).isEmpty();
        assertThat(HtlcErrors.errorName("0xdeadbeef")).isEmpty();
    }

    @Test
    void refuses_data_that_is_not_hex() {
        assertThatThrownBy(() -> HtlcErrors.errorName("0xnothex!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0xnothex!");
    }

    @Test
    void refuses_an_unknown_error_name_listing_the_known_ones() {
        assertThatThrownBy(() -> HtlcErrors.selector("Nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Nope")
                .hasMessageContaining("LockExists");
    }

    @Test
    void the_packaged_contract_matches_the_generated_wrapper() {
        assertThat(HtlcDeployment.htlcBytecode()).isEqualTo("0x" + XRelayHtlc.BINARY);
        assertThat(HtlcDeployment.htlcAbi()).startsWith("[").contains("\"name\":\"lockId\"");
        assertThat(HtlcDeployment.testTokenBytecode()).startsWith("0x6080");
    }
}
