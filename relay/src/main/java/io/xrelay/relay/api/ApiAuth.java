/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.xrelay.relay.config.ApiConfig;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every call of the relay's own services by its bearer token and checks the token's role: {@code dapp}
 * for {@code relay.v1.TransferService}, {@code admin} for {@code relay.v1.AdminService}. Health checking and
 * reflection need no credential. The caller's credential name is put in the call's {@link #CALLER} context; the token
 * itself is never logged.
 */
final class ApiAuth implements ServerInterceptor {
    /** The name of the credential of the current call. */
    static final Context.Key<String> CALLER = Context.key("xrelay-caller");

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final Logger log = LoggerFactory.getLogger(ApiAuth.class);
    private static final String BEARER = "Bearer ";

    private final List<ApiConfig.TokenCredential> tokens;

    ApiAuth(List<ApiConfig.TokenCredential> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /** The role a method of {@code service} needs, or empty for a service open to all (health, reflection). */
    static Optional<ApiConfig.Role> roleOf(String service) {
        return switch (service) {
            case "relay.v1.TransferService" -> Optional.of(ApiConfig.Role.DAPP);
            case "relay.v1.AdminService" -> Optional.of(ApiConfig.Role.ADMIN);
            default -> service.startsWith("relay.") ? Optional.of(ApiConfig.Role.ADMIN) : Optional.empty();
        };
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String service = call.getMethodDescriptor().getServiceName();
        Optional<ApiConfig.Role> needed = roleOf(service == null ? "" : service);
        if (needed.isEmpty()) {
            return next.startCall(call, headers);
        }
        String method = call.getMethodDescriptor().getFullMethodName();
        @Nullable String header = headers.get(AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return refuse(
                    call,
                    Status.UNAUTHENTICATED.withDescription(
                            "no credential: send the metadata header \"authorization: Bearer <token>\""));
        }
        String token = header.substring(BEARER.length()).trim();
        ApiConfig.TokenCredential found = null;
        for (ApiConfig.TokenCredential t : tokens) {
            if (t.matches(token)) {
                found = t;
            }
        }
        if (found == null) {
            log.warn("api: {} refused: unknown bearer token", method);
            return refuse(call, Status.UNAUTHENTICATED.withDescription("unknown bearer token"));
        }
        if (!found.roles().contains(needed.get())) {
            log.warn(
                    "api: {} refused: credential {} lacks the role {}",
                    method,
                    found.name(),
                    needed.get().configName());
            return refuse(
                    call,
                    Status.PERMISSION_DENIED.withDescription("credential " + found.name() + " lacks the role "
                            + needed.get().configName() + " that " + service + " needs"));
        }
        Context context = Context.current().withValue(CALLER, found.name());
        return Contexts.interceptCall(context, call, headers, next);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
