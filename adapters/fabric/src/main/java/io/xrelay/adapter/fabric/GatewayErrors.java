/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.xrelay.adapter.ChainAdapterException;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ChainUnavailableException;
import io.xrelay.adapter.HtlcReason;
import io.xrelay.adapter.TransactionRejectedException;
import io.xrelay.adapter.TxRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.TransactionException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.jspecify.annotations.Nullable;

/**
 * The one place where Fabric Gateway and gRPC failures become the SPI's exceptions.
 *
 * <ul>
 *   <li>A refusal by the HTLC chaincode (the gateway reports {@code chaincode response 500, <Code>: <text>} for an
 *       endorser) is a {@link TransactionRejectedException} whose reason code is {@code Code}: an
 *       {@link HtlcReason} name, {@code BadArgument} or {@code Unauthorized}; a chaincode error without such a code
 *       gets {@value #CHAINCODE_ERROR}.
 *   <li>A peer or orderer that cannot be reached or does not answer in time ({@code UNAVAILABLE},
 *       {@code DEADLINE_EXCEEDED}), and endorsements that could not be collected or did not match ({@code ABORTED}),
 *       are a retryable {@link ChainUnavailableException}.
 *   <li>Any other refusal by a peer or the orderer (permission denied, bad request) is a
 *       {@link TransactionRejectedException} with the gRPC status name as reason code.
 * </ul>
 */
final class GatewayErrors {
    /** The reason code of a chaincode error whose message carries no known code. */
    static final String CHAINCODE_ERROR = "ChaincodeError";

    /** The codes the HTLC chaincode puts in front of its error messages. */
    static final Set<String> CHAINCODE_CODES = codes();

    private static final Pattern CHAINCODE_RESPONSE =
            Pattern.compile("chaincode response (\\d+), (.*)", Pattern.DOTALL);
    private static final Pattern CODED = Pattern.compile("([A-Za-z]+): (.*)", Pattern.DOTALL);

    private GatewayErrors() {}

    /** A chaincode's refusal: its code and its text. */
    record ChaincodeRefusal(String code, String text) {}

    /**
     * Translates a failure of {@code operation} (e.g. {@code "lock 0x12.."}) into the SPI's exceptions; exceptions
     * of the SPI and errors pass unchanged.
     */
    static Throwable translate(ChainId chain, String operation, @Nullable TxRef tx, Throwable t) {
        if (t instanceof ChainAdapterException || t instanceof Error) {
            return t;
        }
        Status status;
        List<ErrorDetail> details;
        if (t instanceof GatewayException e) {
            status = e.getStatus();
            details = e.getDetails();
            if (tx == null
                    && e instanceof TransactionException te
                    && !te.getTransactionId().isEmpty()) {
                tx = new TxRef(chain, te.getTransactionId());
            }
        } else if (t instanceof GatewayRuntimeException e) {
            status = e.getStatus();
            details = e.getDetails();
        } else if (t instanceof StatusRuntimeException e) {
            status = e.getStatus();
            details = List.of();
        } else {
            return t;
        }
        return translate(chain, operation, tx, status, details, t);
    }

    static ChainAdapterException translate(
            ChainId chain,
            String operation,
            @Nullable TxRef tx,
            Status status,
            List<ErrorDetail> details,
            @Nullable Throwable cause) {
        Optional<ChaincodeRefusal> refusal = chaincodeRefusal(status, details);
        if (refusal.isPresent()) {
            return new TransactionRejectedException(
                    chain,
                    tx,
                    refusal.get().code(),
                    operation + ": " + refusal.get().text(),
                    cause);
        }
        String described = describe(status, details);
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, RESOURCE_EXHAUSTED, CANCELLED, UNKNOWN, INTERNAL ->
                new ChainUnavailableException(chain, operation + ": " + described, cause);
            default ->
                new TransactionRejectedException(
                        chain, tx, status.getCode().name(), operation + ": " + described, cause);
        };
    }

    /** The chaincode's refusal in the status or its details, if an endorser's chaincode refused. */
    static Optional<ChaincodeRefusal> chaincodeRefusal(Status status, List<ErrorDetail> details) {
        List<String> messages = new ArrayList<>();
        for (ErrorDetail d : details) {
            messages.add(d.getMessage());
        }
        if (status.getDescription() != null) {
            messages.add(status.getDescription());
        }
        for (String m : messages) {
            Matcher response = CHAINCODE_RESPONSE.matcher(m);
            if (response.find()) {
                return Optional.of(chaincodeRefusal(response.group(2)));
            }
        }
        return Optional.empty();
    }

    /** The code and text of a chaincode error message {@code <Code>: <text>}. */
    static ChaincodeRefusal chaincodeRefusal(String message) {
        Matcher coded = CODED.matcher(message.strip());
        if (coded.matches() && CHAINCODE_CODES.contains(coded.group(1))) {
            return new ChaincodeRefusal(coded.group(1), coded.group(2));
        }
        return new ChaincodeRefusal(CHAINCODE_ERROR, message.strip());
    }

    private static String describe(Status status, List<ErrorDetail> details) {
        StringBuilder b = new StringBuilder(status.getCode().name());
        if (status.getDescription() != null) {
            b.append(' ').append(status.getDescription());
        }
        for (ErrorDetail d : details) {
            b.append("; ")
                    .append(d.getMspId())
                    .append(" peer ")
                    .append(d.getAddress())
                    .append(": ")
                    .append(d.getMessage());
        }
        return b.toString();
    }

    private static Set<String> codes() {
        Set<String> codes = new TreeSet<>();
        for (HtlcReason r : HtlcReason.values()) {
            codes.add(r.code());
        }
        codes.add("BadArgument");
        codes.add("Unauthorized");
        return Set.copyOf(codes);
    }
}
