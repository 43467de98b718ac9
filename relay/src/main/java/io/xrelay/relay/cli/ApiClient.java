/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.xrelay.relay.proto.v1.AdminServiceGrpc;
import io.xrelay.relay.proto.v1.TransferServiceGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The command line's client of the relay's API (relay.v1): one channel to {@code host:port} (plain gRPC: the API
 * listens on the loopback interface by default), the bearer token on every call, a deadline on every unary call, and
 * {@link #describe} to turn a failed call into one line for the operator.
 */
final class ApiClient implements AutoCloseable {
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel channel;
    private final String target;
    private final @Nullable String token;
    private final Duration deadline;

    ApiClient(ManagedChannel channel, String target, @Nullable String token, Duration deadline) {
        this.channel = channel;
        this.target = target;
        this.token = token;
        this.deadline = deadline;
    }

    /** A client of the API at {@code hostPort}; nothing is sent before the first call. */
    static ApiClient connect(String hostPort, @Nullable String token, Duration deadline) {
        ManagedChannel channel = Grpc.newChannelBuilder(hostPort, InsecureChannelCredentials.create())
                .build();
        return new ApiClient(channel, hostPort, token, deadline);
    }

    String target() {
        return target;
    }

    Duration deadline() {
        return deadline;
    }

    private Metadata headers() {
        Metadata m = new Metadata();
        if (token != null) {
            m.put(AUTHORIZATION, "Bearer " + token);
        }
        return m;
    }

    /** The dApp API, each call with the deadline. */
    TransferServiceGrpc.TransferServiceBlockingStub transfers() {
        return TransferServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers()))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The dApp API without a deadline, for streams that last as long as a transfer (WatchTransfer). */
    TransferServiceGrpc.TransferServiceBlockingStub transferStream() {
        return TransferServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers()));
    }

    /** The chain admin API, each call with the deadline. */
    AdminServiceGrpc.AdminServiceBlockingStub admin() {
        return AdminServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers()))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The relay's overall health ({@code grpc.health.v1}, service ""), or UNKNOWN if it cannot be asked. */
    HealthCheckResponse.ServingStatus health() {
        try {
            return HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(Math.min(deadline.toMillis(), 5_000), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus();
        } catch (StatusRuntimeException e) {
            return HealthCheckResponse.ServingStatus.UNKNOWN;
        }
    }

    /** One line for a failed call: what went wrong, in the operator's terms, and the server's own message. */
    String describe(StatusRuntimeException e) {
        return describe(e.getStatus(), target, deadline);
    }

    static String describe(Status status, String target, Duration deadline) {
        String said = status.getDescription() == null ? "" : status.getDescription();
        String detail = said.isEmpty() ? "" : ": " + said;
        return switch (status.getCode()) {
            case UNAVAILABLE ->
                "the relay at " + target + " is not reachable (is `xrelay run` running there?)"
                        + (said.isEmpty() ? "" : " (" + said + ")");
            case DEADLINE_EXCEEDED ->
                "the relay at " + target + " did not answer within " + deadline.toSeconds() + " s";
            case UNAUTHENTICATED -> "the relay refused the credential (check --token-file)" + detail;
            case PERMISSION_DENIED -> "the credential lacks the role this call needs" + detail;
            case INVALID_ARGUMENT -> "invalid request" + detail;
            case NOT_FOUND -> "not found" + detail;
            case ALREADY_EXISTS -> "already exists" + detail;
            case FAILED_PRECONDITION -> "refused" + detail;
            case RESOURCE_EXHAUSTED -> "the relay is overloaded or the client fell behind" + detail;
            case UNIMPLEMENTED -> "the relay at " + target + " does not offer this call (an older relay?)" + detail;
            case CANCELLED -> "cancelled" + detail;
            default -> "the relay failed the call (" + status.getCode() + ")" + detail;
        };
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
