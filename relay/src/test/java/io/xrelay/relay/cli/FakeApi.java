/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.xrelay.relay.proto.v1.AdminServiceGrpc;
import io.xrelay.relay.proto.v1.Chain;
import io.xrelay.relay.proto.v1.DeregisterChainRequest;
import io.xrelay.relay.proto.v1.DeregisterChainResponse;
import io.xrelay.relay.proto.v1.GetChainRequest;
import io.xrelay.relay.proto.v1.GetTransferRequest;
import io.xrelay.relay.proto.v1.ListChainsRequest;
import io.xrelay.relay.proto.v1.ListChainsResponse;
import io.xrelay.relay.proto.v1.ListTransfersRequest;
import io.xrelay.relay.proto.v1.ListTransfersResponse;
import io.xrelay.relay.proto.v1.PauseChainRequest;
import io.xrelay.relay.proto.v1.QuoteTransferRequest;
import io.xrelay.relay.proto.v1.QuoteTransferResponse;
import io.xrelay.relay.proto.v1.RegisterChainRequest;
import io.xrelay.relay.proto.v1.RegisterChainResponse;
import io.xrelay.relay.proto.v1.ResumeChainRequest;
import io.xrelay.relay.proto.v1.Transfer;
import io.xrelay.relay.proto.v1.TransferServiceGrpc;
import io.xrelay.relay.proto.v1.TransferUpdate;
import io.xrelay.relay.proto.v1.WatchTransferRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * In-process fakes of the relay's two services: each call's request and authorization header are recorded, and
 * its answer is what the test set in {@link #answer} (a message, a list of stream updates, or a
 * StatusRuntimeException to fail with).
 */
final class FakeApi implements AutoCloseable {
    final List<Object> requests = new CopyOnWriteArrayList<>();
    final List<@Nullable String> authorizations = new CopyOnWriteArrayList<>();
    volatile @Nullable Object answer;
    private final String name = "fake-api-" + UUID.randomUUID();
    private final Server server;

    record Run(int exit, String out, String err) {}

    FakeApi() {
        ServerInterceptor recordAuth = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                authorizations.add(headers.get(ApiClient.AUTHORIZATION));
                return next.startCall(call, headers);
            }
        };
        try {
            server = InProcessServerBuilder.forName(name)
                    .directExecutor()
                    .addService(ServerInterceptors.intercept(new Admin(), recordAuth))
                    .addService(ServerInterceptors.intercept(new Transfers(), recordAuth))
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code xrelay ARGS} with its API client commands connected to this fake. */
    Run xrelay(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = XRelay.run(
                InputStream.nullInputStream(),
                new PrintWriter(out),
                new PrintWriter(err),
                options -> new ApiClient(
                        InProcessChannelBuilder.forName(name).directExecutor().build(),
                        "in-process",
                        options.token(),
                        Duration.ofSeconds(5)),
                args);
        return new Run(exit, out.toString(), err.toString());
    }

    @SuppressWarnings("unchecked")
    private <T> void reply(Object request, StreamObserver<T> observer) {
        requests.add(request);
        Object a = answer;
        if (a instanceof StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        if (a instanceof List<?> updates) {
            for (Object u : updates) {
                if (u instanceof StatusRuntimeException e) {
                    observer.onError(e);
                    return;
                }
                observer.onNext((T) u);
            }
        } else if (a != null) {
            observer.onNext((T) a);
        }
        observer.onCompleted();
    }

    final class Admin extends AdminServiceGrpc.AdminServiceImplBase {
        @Override
        public void registerChain(RegisterChainRequest r, StreamObserver<RegisterChainResponse> o) {
            reply(r, o);
        }

        @Override
        public void listChains(ListChainsRequest r, StreamObserver<ListChainsResponse> o) {
            reply(r, o);
        }

        @Override
        public void getChain(GetChainRequest r, StreamObserver<Chain> o) {
            reply(r, o);
        }

        @Override
        public void pauseChain(PauseChainRequest r, StreamObserver<Chain> o) {
            reply(r, o);
        }

        @Override
        public void resumeChain(ResumeChainRequest r, StreamObserver<Chain> o) {
            reply(r, o);
        }

        @Override
        public void deregisterChain(DeregisterChainRequest r, StreamObserver<DeregisterChainResponse> o) {
            reply(r, o);
        }
    }

    final class Transfers extends TransferServiceGrpc.TransferServiceImplBase {
        @Override
        public void quoteTransfer(QuoteTransferRequest r, StreamObserver<QuoteTransferResponse> o) {
            reply(r, o);
        }

        @Override
        public void getTransfer(GetTransferRequest r, StreamObserver<Transfer> o) {
            reply(r, o);
        }

        @Override
        public void listTransfers(ListTransfersRequest r, StreamObserver<ListTransfersResponse> o) {
            reply(r, o);
        }

        @Override
        public void watchTransfer(WatchTransferRequest r, StreamObserver<TransferUpdate> o) {
            reply(r, o);
        }
    }

    List<Object> requests() {
        return new ArrayList<>(requests);
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
