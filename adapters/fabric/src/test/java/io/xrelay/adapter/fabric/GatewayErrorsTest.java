/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.xrelay.adapter.ChainAdapterException;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ChainUnavailableException;
import io.xrelay.adapter.HtlcReason;
import io.xrelay.adapter.TransactionRejectedException;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerificationFailedException;
import java.util.List;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Gateway and gRPC failures become the SPI's exceptions, with the chaincode's code as reason code. */
class GatewayErrorsTest {
    private static final ChainId CHAIN = ChainId.of("fabric-test");
    private static final TxRef TX = new TxRef(CHAIN, "ab".repeat(32));

    private static ErrorDetail detail(String msp, String message) {
        return ErrorDetail.newBuilder()
                .setMspId(msp)
                .setAddress("127.0.0.1:7051")
                .setMessage(message)
                .build();
    }

    private static ChainAdapterException translate(Status status, List<ErrorDetail> details) {
        return GatewayErrors.translate(CHAIN, "lock 0x12", TX, status, details, null);
    }

    @ParameterizedTest
    @EnumSource(HtlcReason.class)
    void an_endorsement_refused_by_the_chaincode_carries_its_code(HtlcReason reason) {
        ChainAdapterException e = translate(
                Status.ABORTED.withDescription(
                        "failed to collect enough transaction endorsements, see attached details for more info"),
                List.of(detail(
                        "Org1MSP", "chaincode response 500, " + reason.code() + ": amount \"0\" is not positive")));

        assertThat(e).isInstanceOfSatisfying(TransactionRejectedException.class, r -> {
            assertThat(r.reasonCode()).isEqualTo(reason.code());
            assertThat(r.tx()).isEqualTo(TX);
            assertThat(r.getMessage()).contains("lock 0x12: amount \"0\" is not positive");
            assertThat(r.retryable()).isFalse();
        });
    }

    @Test
    void an_evaluation_refused_by_the_chaincode_carries_its_code() {
        ChainAdapterException e = translate(
                Status.UNKNOWN.withDescription(
                        "evaluate call to endorser returned error: chaincode response 500, LockNotFound: no lock 0x12"),
                List.of(detail("Org1MSP", "chaincode response 500, LockNotFound: no lock 0x12")));

        assertThat(e).isInstanceOf(TransactionRejectedException.class);
        assertThat(((TransactionRejectedException) e).reasonCode()).isEqualTo("LockNotFound");
    }

    @Test
    void bad_arguments_unauthorized_and_uncoded_chaincode_errors_are_refusals() {
        assertThat(((TransactionRejectedException) translate(
                                Status.ABORTED,
                                List.of(detail(
                                        "Org1MSP", "chaincode response 500, BadArgument: 3 arguments, 8 expected"))))
                        .reasonCode())
                .isEqualTo("BadArgument");
        assertThat(((TransactionRejectedException) translate(
                                Status.ABORTED,
                                List.of(detail("Org1MSP", "chaincode response 500, Unauthorized: not an admin"))))
                        .reasonCode())
                .isEqualTo("Unauthorized");
        assertThat(((TransactionRejectedException)
                                translate(Status.ABORTED, List.of(detail("Org1MSP", "chaincode response 500, boom"))))
                        .reasonCode())
                .isEqualTo(GatewayErrors.CHAINCODE_ERROR);
        assertThat(((TransactionRejectedException) translate(
                                Status.ABORTED,
                                List.of(detail("Org1MSP", "chaincode response 500, Nonsense: a code nobody defined"))))
                        .reasonCode())
                .isEqualTo(GatewayErrors.CHAINCODE_ERROR);
    }

    @Test
    void unreachable_or_slow_peers_and_mismatched_endorsements_are_retryable() {
        for (Status s : List.of(
                Status.UNAVAILABLE.withDescription("connection refused"),
                Status.DEADLINE_EXCEEDED,
                Status.ABORTED.withDescription("ProposalResponsePayloads do not match"),
                Status.RESOURCE_EXHAUSTED)) {
            ChainAdapterException e = translate(s, List.of());
            assertThat(e).as("%s", s).isInstanceOf(ChainUnavailableException.class);
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains(s.getCode().name());
        }
    }

    @Test
    void other_refusals_by_a_peer_name_the_grpc_status() {
        ChainAdapterException e = translate(
                Status.PERMISSION_DENIED.withDescription("access denied"),
                List.of(detail("Org2MSP", "creator unknown")));

        assertThat(e).isInstanceOfSatisfying(TransactionRejectedException.class, r -> {
            assertThat(r.reasonCode()).isEqualTo("PERMISSION_DENIED");
            assertThat(r.getMessage())
                    .contains("access denied")
                    .contains("Org2MSP peer 127.0.0.1:7051: creator unknown");
        });
    }

    @Test
    void a_grpc_exception_is_translated_and_others_pass_unchanged() {
        Throwable t = GatewayErrors.translate(
                CHAIN, "head", null, new StatusRuntimeException(Status.UNAVAILABLE.withDescription("down")));
        assertThat(t).isInstanceOf(ChainUnavailableException.class).hasMessageContaining("head: UNAVAILABLE down");

        VerificationFailedException v = new VerificationFailedException(CHAIN, "block 3: bad");
        assertThat(GatewayErrors.translate(CHAIN, "events", null, v)).isSameAs(v);
        IllegalStateException bug = new IllegalStateException("bug");
        assertThat(GatewayErrors.translate(CHAIN, "events", null, bug)).isSameAs(bug);
    }

    @Test
    void the_chaincode_codes_are_the_htlc_reasons_and_two_more() {
        assertThat(GatewayErrors.CHAINCODE_CODES)
                .contains("BadArgument", "Unauthorized")
                .hasSize(HtlcReason.values().length + 2);
    }
}
