/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.xrelay.relay.config.ApiConfig;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Authenticates every call of the relay's own services, by its bearer token ({@link ApiConfig.AuthMode#TOKEN}) or by
 * its verified TLS client certificate's subject CN ({@link ApiConfig.AuthMode#MTLS}), and checks the credential's
 * role: {@code dapp} for {@code relay.v1.TransferService}, {@code admin} for {@code relay.v1.AdminService} (decided by
 * the called service's name, so a new service is covered without code of its own). Health checking and reflection
 * need no credential. The caller's credential name is put in the call's {@link #CALLER} context and the logging MDC
 * ({@code caller}); the token itself is never logged.
 */
final class ApiAuth implements ServerInterceptor {
    /** The name of the credential of the current call. */
    static final Context.Key<String> CALLER = Context.key("xrelay-caller");

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final Logger log = LoggerFactory.getLogger(ApiAuth.class);
    private static final String BEARER = "Bearer ";

    private final ApiConfig.AuthMode mode;
    private final List<ApiConfig.TokenCredential> tokens;
    private final List<ApiConfig.ClientCredential> clients;

    ApiAuth(ApiConfig config) {
        this.mode = config.mode();
        this.tokens = List.copyOf(config.tokens());
        this.clients = List.copyOf(config.clients());
    }

    /** A known credential: its name and roles. */
    private record Known(String name, Set<ApiConfig.Role> roles) {}

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
        Known found;
        if (mode == ApiConfig.AuthMode.MTLS) {
            Optional<String> cn = subjectCn(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
            if (cn.isEmpty()) {
                return refuse(
                        call,
                        Status.UNAUTHENTICATED.withDescription("no credential: present a TLS client certificate"));
            }
            found = clients.stream()
                    .filter(c -> c.subjectCn().equals(cn.get()))
                    .findFirst()
                    .map(c -> new Known(c.subjectCn(), c.roles()))
                    .orElse(null);
            if (found == null) {
                log.warn("api: {} refused: unknown client certificate CN={}", method, cn.get());
                return refuse(
                        call, Status.UNAUTHENTICATED.withDescription("unknown client certificate CN=" + cn.get()));
            }
        } else {
            @Nullable String header = headers.get(AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return refuse(
                        call,
                        Status.UNAUTHENTICATED.withDescription(
                                "no credential: send the metadata header \"authorization: Bearer <token>\""));
            }
            String token = header.substring(BEARER.length()).trim();
            found = null;
            for (ApiConfig.TokenCredential t : tokens) { // every digest is compared: the time does not tell which
                if (t.matches(token)) {
                    found = new Known(t.name(), t.roles());
                }
            }
            if (found == null) {
                log.warn("api: {} refused: unknown bearer token", method);
                return refuse(call, Status.UNAUTHENTICATED.withDescription("unknown bearer token"));
            }
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
        return new CallerMdc<>(Contexts.interceptCall(context, call, headers, next), found.name());
    }

    /** The subject CN of the verified client certificate of {@code session}, if there is one. */
    static Optional<String> subjectCn(@Nullable SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return Optional.empty();
        }
        try {
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Puts the caller's credential name in the MDC while the call's listener runs. */
    private static final class CallerMdc<Q> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final String caller;

        CallerMdc(ServerCall.Listener<Q> delegate, String caller) {
            super(delegate);
            this.caller = caller;
        }

        private void run(Runnable r) {
            MDC.put("caller", caller);
            try {
                r.run();
            } finally {
                MDC.remove("caller");
            }
        }

        @Override
        public void onMessage(Q message) {
            run(() -> super.onMessage(message));
        }

        @Override
        public void onHalfClose() {
            run(super::onHalfClose);
        }

        @Override
        public void onCancel() {
            run(super::onCancel);
        }

        @Override
        public void onComplete() {
            run(super::onComplete);
        }

        @Override
        public void onReady() {
            run(super::onReady);
        }
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
