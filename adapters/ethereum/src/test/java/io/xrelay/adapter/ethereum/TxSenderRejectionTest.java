/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HtlcReason;
import io.xrelay.adapter.TransactionRejectedException;
import io.xrelay.contracts.evm.HtlcErrors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How a node's refusal of a simulated or sent call becomes a reason code. */
class TxSenderRejectionTest {
    private static final ChainId CHAIN = ChainId.of("eth-test");

    private static TransactionRejectedException reject(String message, @Nullable String data) {
        return TxSender.rejection(CHAIN, "claim 0x01", new EthRpc.RpcError("eth_estimateGas", 3, message, data));
    }

    @ParameterizedTest
    @EnumSource(HtlcReason.class)
    void a_revert_with_a_custom_error_is_refused_with_its_name(HtlcReason reason) {
        TransactionRejectedException e =
                reject("execution reverted", HtlcErrors.selector(reason.code()) + "00".repeat(32));

        assertThat(e.reasonCode()).isEqualTo(reason.code());
        assertThat(e.getMessage()).contains("claim 0x01").contains("execution reverted");
        assertThat(e.retryable()).isFalse();
        assertThat(e.tx()).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Insufficient funds for gas * price + value",
                "insufficient funds for transfer",
                "insufficient balance for transfer"
            })
    void a_node_that_says_the_signer_cannot_pay_refuses_with_InsufficientFunds(String message) {
        assertThat(reject(message, null).reasonCode()).isEqualTo(HtlcReason.InsufficientFunds.code());
    }

    @Test
    void a_revert_without_a_known_error_is_Reverted_and_anything_else_NodeRejected() {
        assertThat(reject("execution reverted", null).reasonCode()).isEqualTo("Reverted");
        assertThat(reject("execution reverted", "0xdeadbeef").reasonCode()).isEqualTo("Reverted");
        assertThat(reject("gas required exceeds allowance", null).reasonCode()).isEqualTo("NodeRejected");
    }
}
