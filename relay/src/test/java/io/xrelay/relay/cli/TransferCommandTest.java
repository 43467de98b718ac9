/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.xrelay.relay.proto.v1.GetTransferRequest;
import io.xrelay.relay.proto.v1.ListTransfersRequest;
import io.xrelay.relay.proto.v1.ListTransfersResponse;
import io.xrelay.relay.proto.v1.StateChange;
import io.xrelay.relay.proto.v1.Transfer;
import io.xrelay.relay.proto.v1.TransferServiceGrpc;
import io.xrelay.relay.proto.v1.TransferState;
import io.xrelay.relay.proto.v1.TransferUpdate;
import io.xrelay.relay.proto.v1.WatchTransferRequest;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code transfer} commands against a stand-in TransferService on 127.0.0.1 (the real service is tested in
 * RelayApiTest): what they send, what they print, and one clear line and the right exit code on every failure.
 */
class TransferCommandTest {
    private static final String TOKEN = "test-token-0123456789";

    @TempDir
    Path dir;

    private Server server;
    private final List<String> authorizations = new ArrayList<>();
    private final List<Object> requests = new ArrayList<>();
    private Path tokenFile;
    private String address;

    /** Two transfers: eth-dev/0xaa completes, eth-dev/0xbb is refunded; anything else is NOT_FOUND. */
    private final class StandIn extends TransferServiceGrpc.TransferServiceImplBase {
        @Override
        public void getTransfer(GetTransferRequest request, StreamObserver<Transfer> response) {
            requests.add(request);
            String lock = request.getId().getLockId();
            if (lock.equals("0xaa") || lock.equals("0xbb")) {
                response.onNext(transfer(lock));
                response.onCompleted();
            } else {
                response.onError(Status.NOT_FOUND
                        .withDescription("transfer eth-dev/" + lock + ": the relay has not seen its source lock")
                        .asRuntimeException());
            }
        }

        @Override
        public void watchTransfer(WatchTransferRequest request, StreamObserver<TransferUpdate> response) {
            requests.add(request);
            Transfer t = transfer(request.getId().getLockId());
            for (StateChange c : t.getHistoryList()) {
                if (c.getRevision() > request.getAfterRevision()) {
                    response.onNext(TransferUpdate.newBuilder()
                            .setChange(c)
                            .setTransfer(t)
                            .build());
                }
            }
            response.onCompleted();
        }

        @Override
        public void listTransfers(ListTransfersRequest request, StreamObserver<ListTransfersResponse> response) {
            requests.add(request);
            response.onNext(ListTransfersResponse.newBuilder()
                    .addTransfers(transfer("0xaa"))
                    .setNextPageToken("next-1")
                    .build());
            response.onCompleted();
        }
    }

    private static Transfer transfer(String lock) {
        boolean completes = lock.equals("0xaa");
        List<TransferState> states = completes
                ? List.of(
                        TransferState.SOURCE_LOCKED,
                        TransferState.TARGET_LOCKING,
                        TransferState.TARGET_LOCKED,
                        TransferState.TARGET_CLAIMED,
                        TransferState.COMPLETED)
                : List.of(TransferState.SOURCE_LOCKED, TransferState.REJECTED, TransferState.SOURCE_REFUNDED);
        Transfer.Builder t = Transfer.newBuilder()
                .setId(io.xrelay.relay.proto.v1.TransferId.newBuilder()
                        .setSourceChain(
                                io.xrelay.relay.proto.v1.ChainRef.newBuilder().setId("eth-dev"))
                        .setLockId(lock))
                .setState(states.get(states.size() - 1));
        for (int i = 0; i < states.size(); i++) {
            t.addHistory(StateChange.newBuilder()
                    .setState(states.get(i))
                    .setRevision(i + 1)
                    .setAt(Timestamp.newBuilder().setSeconds(1_800_000_000L + i)));
        }
        return t.build();
    }

    @BeforeEach
    void start() throws Exception {
        ServerInterceptor recordAuth = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                authorizations.add(headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)));
                return next.startCall(call, headers);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))
                .addService(ServerInterceptors.intercept(new StandIn(), recordAuth))
                .build()
                .start();
        address = "127.0.0.1:" + server.getPort();
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TOKEN + "\n");
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private record Run(int code, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = XRelay.run(InputStream.nullInputStream(), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void status_prints_the_transfer_and_its_history_and_sends_the_bearer_token() {
        Run r = run("transfer", "status", "eth-dev/0xaa", "--api", address, "--token-file", tokenFile.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out().lines().limit(2))
                .satisfiesExactly(l -> assertThat(l).matches("transfer:\\s+eth-dev/0xaa"), l -> assertThat(l)
                        .matches("state:\\s+COMPLETED"));
        assertThat(r.out()).contains("TARGET_CLAIMED");
        assertThat(r.out()
                        .lines()
                        .filter(l -> l.matches("\\s+\\d+\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\\s+[A-Z_]+")))
                .hasSize(5);
        assertThat(authorizations).containsExactly("Bearer " + TOKEN);
    }

    @Test
    void watch_prints_one_line_per_change_and_exits_0_only_for_a_completed_transfer() {
        Run done = run("transfer", "watch", "eth-dev/0xaa", "--api", address, "--token-file", tokenFile.toString());
        assertThat(done.code()).isZero();
        assertThat(done.out().lines().toList())
                .hasSize(5)
                .last()
                .asString()
                .matches("5 \\d\\d:\\d\\d:\\d\\d COMPLETED");

        Run resumed = run(
                "transfer",
                "watch",
                "eth-dev/0xaa",
                "--after-revision",
                "3",
                "--api",
                address,
                "--token-file",
                tokenFile.toString());
        assertThat(resumed.out().lines().filter(l -> l.startsWith("4 ") || l.startsWith("5 ")))
                .hasSize(2);
        assertThat(resumed.out()).doesNotContain("SOURCE_LOCKED");

        Run refunded = run("transfer", "watch", "eth-dev/0xbb", "--api", address, "--token-file", tokenFile.toString());
        assertThat(refunded.code()).isEqualTo(1);
        assertThat(refunded.out()).endsWith(" SOURCE_REFUNDED\n");
    }

    @Test
    void list_sends_the_filters_and_prints_the_next_page_token() {
        Run r = run(
                "transfer",
                "list",
                "--state",
                "target-locked",
                "--source-chain",
                "eth-dev",
                "--page-size",
                "1",
                "--api",
                address,
                "--token-file",
                tokenFile.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("COMPLETED").contains("eth-dev/0xaa").contains("--page-token next-1");
        ListTransfersRequest sent = (ListTransfersRequest) requests.get(0);
        assertThat(sent.getStatesList()).containsExactly(TransferState.TARGET_LOCKED);
        assertThat(sent.getSourceChain()).isEqualTo("eth-dev");
        assertThat(sent.getPageSize()).isEqualTo(1);
    }

    @Test
    void every_failure_is_one_line_with_exit_1_from_the_relay_and_exit_2_for_the_command_line() throws Exception {
        Run notFound =
                run("transfer", "status", "eth-dev/0xcc", "--api", address, "--token-file", tokenFile.toString());
        assertThat(notFound.code()).isEqualTo(1);
        assertThat(notFound.err())
                .isEqualTo("xrelay: not found: transfer eth-dev/0xcc: the relay has not seen its source lock\n");

        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Run unreachable = run(
                "transfer",
                "status",
                "eth-dev/0xaa",
                "--api",
                "127.0.0.1:" + closedPort,
                "--token-file",
                tokenFile.toString());
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.err())
                .startsWith("xrelay: the relay at 127.0.0.1:" + closedPort + " is not reachable")
                .hasLineCount(1);

        Run badId = run("transfer", "status", "no-slash", "--api", address, "--token-file", tokenFile.toString());
        assertThat(badId.code()).isEqualTo(2);
        assertThat(badId.err())
                .isEqualTo("xrelay: transfer id: expected <source chain>/<lock id> (e.g. eth-dev/0x3f..a1), got"
                        + " 'no-slash'\n");

        Run noAddress = run(
                "transfer",
                "status",
                "eth-dev/0xaa",
                "--data-dir",
                dir.resolve("none").toString(),
                "--token-file",
                tokenFile.toString());
        assertThat(noAddress.code()).isEqualTo(2);
        assertThat(noAddress.err())
                .startsWith(
                        "xrelay: no --api given and no " + dir.resolve("none").resolve("api.address"))
                .hasLineCount(1);

        Run missingToken = run(
                "transfer",
                "status",
                "eth-dev/0xaa",
                "--api",
                address,
                "--token-file",
                dir.resolve("absent").toString());
        assertThat(missingToken.code()).isEqualTo(2);
        assertThat(missingToken.err()).startsWith("xrelay: --token-file " + dir.resolve("absent") + ": cannot read it");

        Run badState =
                run("transfer", "list", "--state", "flying", "--api", address, "--token-file", tokenFile.toString());
        assertThat(badState.code()).isEqualTo(2);
        assertThat(badState.err())
                .startsWith("xrelay: --state: unknown state 'flying' (one of ")
                .hasLineCount(1);
        assertThat(requests).hasSize(1); // only the NOT_FOUND call reached the service
    }

    @Test
    void the_address_is_read_from_the_relays_data_folder() throws Exception {
        Files.writeString(dir.resolve("api.address"), address + "\n");
        Run r = run(
                "transfer",
                "status",
                "eth-dev/0xaa",
                "--data-dir",
                dir.toString(),
                "--token-file",
                tokenFile.toString());
        assertThat(r.code()).isZero();
    }
}
