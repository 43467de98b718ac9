/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.api;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.xrelay.relay.config.ApiConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's gRPC server: the given services behind {@link ApiAuth}, plus standard health checking
 * ({@code grpc.health.v1.Health}: NOT_SERVING until {@link #serving()}, for the server as a whole and per service)
 * and server reflection ({@code grpc.reflection.v1}), on {@link ApiConfig#host()} and {@link ApiConfig#port()}.
 * Once bound, the address is written to {@code <data-dir>/api.address} for scripts and the CLI.
 */
public final class ApiServer implements AutoCloseable {
    /** The file, in the data folder, that holds {@code host:port} of the running API. */
    public static final String ADDRESS_FILE = "api.address";

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final Server server;
    private final HealthStatusManager health;
    private final List<String> serviceNames;
    private final String address;
    private final Path addressFile;

    private ApiServer(
            Server server, HealthStatusManager health, List<String> serviceNames, String address, Path addressFile) {
        this.server = server;
        this.health = health;
        this.serviceNames = serviceNames;
        this.address = address;
        this.addressFile = addressFile;
    }

    /**
     * Binds and starts the server.
     *
     * @throws UncheckedIOException if the address cannot be bound or the address file cannot be written
     */
    public static ApiServer start(ApiConfig config, Path dataDir, List<BindableService> services) {
        HealthStatusManager health = new HealthStatusManager();
        ApiAuth auth = new ApiAuth(config);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()));
        if (config.tls().isPresent()) {
            builder.sslContext(sslContext(config.tls().get(), config.mode()));
        }
        builder.addService(health.getHealthService()).addService(ProtoReflectionServiceV1.newInstance());
        List<String> names = new ArrayList<>();
        for (BindableService service : services) {
            ServerServiceDefinition definition = service.bindService();
            names.add(definition.getServiceDescriptor().getName());
            builder.addService(ServerInterceptors.intercept(definition, auth));
        }
        health.setStatus("", ServingStatus.NOT_SERVING);
        names.forEach(n -> health.setStatus(n, ServingStatus.NOT_SERVING));
        Server server;
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) server.getListenSockets().get(0);
        String address = config.host() + ":" + bound.getPort();
        Path file = dataDir.resolve(ADDRESS_FILE);
        try {
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve(ADDRESS_FILE + ".tmp");
            Files.writeString(tmp, address + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            server.shutdownNow();
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        if (config.mode() == ApiConfig.AuthMode.TOKEN && config.tokens().isEmpty()) {
            log.warn("api: xrelay.api.auth.tokens is empty: every call but health checking and reflection is refused");
        }
        log.info("api listening on {} ({})", address, names);
        return new ApiServer(server, health, List.copyOf(names), address, file);
    }

    /**
     * The server's TLS context: its certificate and key; for mtls, client certificates required and verified against
     * the client CA.
     *
     * @throws UncheckedIOException naming the file that cannot be used
     */
    static SslContext sslContext(ApiConfig.Tls tls, ApiConfig.AuthMode mode) {
        try {
            SslContextBuilder b = GrpcSslContexts.forServer(
                    tls.certificateFile().toFile(), tls.privateKeyFile().toFile());
            if (mode == ApiConfig.AuthMode.MTLS) {
                Path ca = tls.clientCaFile().orElseThrow(() -> new IllegalArgumentException("no client CA file"));
                b.trustManager(ca.toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException(
                    "tls: cannot use " + tls.certificateFile() + ", " + tls.privateKeyFile()
                            + tls.clientCaFile().map(p -> ", " + p).orElse("") + ": " + e.getMessage(),
                    e));
        }
    }

    /** {@code host:port} the server listens on. */
    public String address() {
        return address;
    }

    /** The port the server listens on. */
    public int port() {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** Health checking answers SERVING from now on. */
    public void serving() {
        health.setStatus("", ServingStatus.SERVING);
        serviceNames.forEach(n -> health.setStatus(n, ServingStatus.SERVING));
    }

    /** Health checking answers NOT_SERVING from now on (the relay is stopping); calls are still served. */
    public void notServing() {
        health.setStatus("", ServingStatus.NOT_SERVING);
        serviceNames.forEach(n -> health.setStatus(n, ServingStatus.NOT_SERVING));
    }

    /** Health checking answers NOT_SERVING, the server stops taking calls and ends the running ones. Idempotent. */
    @Override
    public void close() {
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        try {
            Files.deleteIfExists(addressFile);
        } catch (IOException e) {
            log.warn("api: cannot delete {}: {}", addressFile, e.getMessage());
        }
    }
}
