/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.relayer;

import static io.xrelay.relay.relayer.TwoChains.A;
import static io.xrelay.relay.relayer.TwoChains.AAA;
import static io.xrelay.relay.relayer.TwoChains.B;
import static io.xrelay.relay.relayer.TwoChains.BBB;
import static io.xrelay.relay.relayer.TwoChains.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.relay.api.ApiServer;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.config.ApiConfig;
import io.xrelay.relay.proto.v1.AssetRef;
import io.xrelay.relay.proto.v1.ChainRef;
import io.xrelay.relay.proto.v1.GetTransferRequest;
import io.xrelay.relay.proto.v1.ListTransfersRequest;
import io.xrelay.relay.proto.v1.ListTransfersResponse;
import io.xrelay.relay.proto.v1.QuoteTransferRequest;
import io.xrelay.relay.proto.v1.QuoteTransferResponse;
import io.xrelay.relay.proto.v1.RevealSecretRequest;
import io.xrelay.relay.proto.v1.Transfer;
import io.xrelay.relay.proto.v1.TransferServiceGrpc;
import io.xrelay.relay.proto.v1.TransferState;
import io.xrelay.relay.proto.v1.TransferUpdate;
import io.xrelay.relay.proto.v1.WatchTransferRequest;
import io.xrelay.relay.transfer.TransferId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's gRPC API over a real Netty server on 127.0.0.1 and a real client channel, with the relay running on
 * two in-memory chains: credentials and roles, health and reflection, validation, quotes, and transfers followed by
 * WatchTransfer and completed with RevealSecret.
 */
class RelayApiTest {
    private static final String DAPP_TOKEN = "dapp-token-0123456789abcdef";
    private static final String ADMIN_TOKEN = "admin-token-0123456789abcdef";
    private static final Account ALICE = Account.of("alice");
    private static final Account BOB = Account.of("bob");

    @TempDir
    Path dataDir;

    private TwoChains chains;
    private Relay relay;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        chains = new TwoChains();
        chains.a.mint(OPERATOR, AAA, Amount.of(100_000));
        chains.b.mint(OPERATOR, BBB, Amount.of(100_000));
        chains.a.mint(ALICE, AAA, Amount.of(10_000));
        String api = "api.auth.tokens = [\n"
                + "  { name = wallet, sha256 = \"" + sha256(DAPP_TOKEN) + "\", roles = [dapp] }\n"
                + "  { name = ops, sha256 = \"" + sha256(ADMIN_TOKEN) + "\", roles = [admin] }\n"
                + "]";
        relay = Relay.start(chains.config(dataDir, api), ChainActor.defaultAdapters(), TwoChains.clock());
        relay.ready().toCompletableFuture().get(60, TimeUnit.SECONDS);
        String address = relay.apiAddress().orElseThrow();
        assertThat(address).startsWith("127.0.0.1:");
        assertThat(Files.readString(dataDir.resolve(ApiServer.ADDRESS_FILE)).trim())
                .isEqualTo(address);
        channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        relay.close();
        chains.close();
    }

    private static String sha256(String token) {
        return HexFormat.of().formatHex(ApiConfig.sha256(token));
    }

    private TransferServiceGrpc.TransferServiceBlockingStub transfers(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return TransferServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private TransferServiceGrpc.TransferServiceStub transfersAsync() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + DAPP_TOKEN);
        return TransferServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static QuoteTransferRequest quote(String amount) {
        return QuoteTransferRequest.newBuilder()
                .setSource(AssetRef.newBuilder()
                        .setChain(ChainRef.newBuilder().setId(A.value()))
                        .setAsset(AAA.id()))
                .setDestination(AssetRef.newBuilder()
                        .setChain(ChainRef.newBuilder().setId(B.value()))
                        .setAsset(BBB.id()))
                .setAmount(io.xrelay.relay.proto.v1.Amount.newBuilder().setUnits(amount))
                .setRecipient(BOB.value())
                .build();
    }

    private static io.xrelay.relay.proto.v1.TransferId protoId(TransferId id) {
        return io.xrelay.relay.proto.v1.TransferId.newBuilder()
                .setSourceChain(ChainRef.newBuilder().setId(id.source().value()))
                .setLockId(id.sourceLock().value())
                .build();
    }

    private static Status.Code code(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void
            a_call_without_a_credential_or_with_an_unknown_token_is_unauthenticated_and_a_token_without_the_role_is_denied() {
        TransferServiceGrpc.TransferServiceBlockingStub anonymous =
                TransferServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> anonymous.quoteTransfer(quote("100")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("authorization: Bearer");
                });
        assertThat(code(() -> transfers("not-a-known-token-at-all").quoteTransfer(quote("100"))))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThatThrownBy(() -> transfers(ADMIN_TOKEN).quoteTransfer(quote("100")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription()).contains("ops").contains("dapp");
                });
        assertThat(transfers(DAPP_TOKEN)
                        .quoteTransfer(quote("100"))
                        .getDestinationAmount()
                        .getUnits())
                .isEqualTo("100");
    }

    @Test
    void health_is_serving_once_ready_and_reflection_lists_the_services_without_a_credential() throws Exception {
        HealthCheckResponse overall = HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance());
        assertThat(overall.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        HealthCheckResponse service = HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder()
                        .setService("relay.v1.TransferService")
                        .build());
        assertThat(service.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        List<String> names = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse r) {
                        r.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName)
                                .forEach(names::add);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        requests.onCompleted();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(names).contains("relay.v1.TransferService", "relay.v1.AdminService", "grpc.health.v1.Health");
    }

    @Test
    void a_quote_gives_the_operator_the_amounts_and_timelocks_the_relay_accepts() {
        Instant before = Instant.now();
        QuoteTransferResponse q = transfers(DAPP_TOKEN).quoteTransfer(quote("250"));

        assertThat(q.getOperator().getAccount()).isEqualTo(OPERATOR.value());
        assertThat(q.getOperator().getChain().getId()).isEqualTo(A.value());
        assertThat(q.getDestinationAmount().getUnits()).isEqualTo("250");
        assertThat(q.getFee().getUnits()).isEqualTo("0");
        assertThat(q.getRate()).isEqualTo("1");
        assertThat(q.getMinAmount().getUnits()).isEqualTo("1");
        assertThat(q.getMaxAmount().getUnits()).isEqualTo("1000000");
        assertThat(q.getInventorySufficient()).isTrue();
        assertThat(q.getRecipientProblem()).isEmpty();
        // margin 5s + lock final 1s + window 2s + claim stop (finality 1s + tolerance 1s): T_S is about 10s away
        assertThat(q.getMinTimeLock().getSeconds())
                .isBetween(before.getEpochSecond() + 9, Instant.now().getEpochSecond() + 11);
        assertThat(q.getRecommendedTimeLock().getSeconds())
                .isGreaterThanOrEqualTo(q.getMinTimeLock().getSeconds());
        assertThat(q.getRecommendedTimeLock().getSeconds() % 60).isZero();
        assertThat(q.getMaxTimeLock().getSeconds())
                .isGreaterThan(q.getRecommendedTimeLock().getSeconds());

        QuoteTransferResponse tooMuch = transfers(DAPP_TOKEN).quoteTransfer(quote("999999"));
        assertThat(tooMuch.getInventorySufficient()).isFalse();
    }

    @Test
    void a_bad_request_is_invalid_argument_naming_the_field_and_an_unknown_pair_is_a_failed_precondition() {
        assertThatThrownBy(() -> transfers(DAPP_TOKEN).quoteTransfer(quote("12x")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("amount.units: ");
                });
        assertThatThrownBy(() -> transfers(DAPP_TOKEN).quoteTransfer(quote("0")))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).isEqualTo("amount.units: must be positive"));
        QuoteTransferRequest badChain = quote("5").toBuilder()
                .setSource(AssetRef.newBuilder()
                        .setChain(ChainRef.newBuilder().setId("Chain_A"))
                        .setAsset("AAA"))
                .build();
        assertThatThrownBy(() -> transfers(DAPP_TOKEN).quoteTransfer(badChain))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("source.chain.id: ");
                });
        QuoteTransferRequest noPair = quote("5").toBuilder()
                .setDestination(AssetRef.newBuilder()
                        .setChain(ChainRef.newBuilder().setId(B.value()))
                        .setAsset("ZZZ"))
                .build();
        assertThatThrownBy(() -> transfers(DAPP_TOKEN).quoteTransfer(noPair))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription())
                            .contains("no pair")
                            .contains("ZZZ");
                });
        assertThatThrownBy(() -> transfers(DAPP_TOKEN)
                        .listTransfers(ListTransfersRequest.newBuilder()
                                .setPageSize(5000)
                                .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).startsWith("page_size: "));
        assertThatThrownBy(() -> transfers(DAPP_TOKEN)
                        .getTransfer(GetTransferRequest.newBuilder()
                                .setId(io.xrelay.relay.proto.v1.TransferId.newBuilder()
                                        .setSourceChain(ChainRef.newBuilder().setId(A.value())))
                                .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).isEqualTo("id.lock_id: required"));
    }

    @Test
    void an_unknown_transfer_is_not_found() {
        TransferId unknown = new TransferId(A, io.xrelay.adapter.HtlcId.of("no-such-lock"));
        assertThat(code(() -> transfers(DAPP_TOKEN)
                        .getTransfer(GetTransferRequest.newBuilder()
                                .setId(protoId(unknown))
                                .build())))
                .isEqualTo(Status.Code.NOT_FOUND);
        Iterator<TransferUpdate> updates = transfers(DAPP_TOKEN)
                .watchTransfer(WatchTransferRequest.newBuilder()
                        .setId(protoId(unknown))
                        .build());
        assertThat(code(() -> assertThat(updates.hasNext()).isFalse())).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void a_watched_transfer_streams_every_state_to_completed_and_a_watch_resumes_after_a_revision() throws Exception {
        TwoChains.UserLock lock = chains.lock(A, ALICE, BOB, 300, 300, Duration.ofMinutes(2));
        List<TransferUpdate> seen = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        CountDownLatch completed = new CountDownLatch(1);
        CountDownLatch targetLocked = new CountDownLatch(1);
        transfersAsync()
                .watchTransfer(
                        WatchTransferRequest.newBuilder()
                                .setId(protoId(lock.transfer()))
                                .setWaitForLock(true)
                                .build(),
                        new StreamObserver<>() {
                            @Override
                            public void onNext(TransferUpdate u) {
                                synchronized (seen) {
                                    seen.add(u);
                                }
                                if (u.getChange().getState() == TransferState.TARGET_LOCKED) {
                                    targetLocked.countDown();
                                }
                            }

                            @Override
                            public void onError(Throwable t) {
                                failed.set(t);
                                completed.countDown();
                            }

                            @Override
                            public void onCompleted() {
                                completed.countDown();
                            }
                        });
        assertThat(targetLocked.await(30, TimeUnit.SECONDS)).isTrue();
        transfers(DAPP_TOKEN)
                .revealSecret(RevealSecretRequest.newBuilder()
                        .setId(protoId(lock.transfer()))
                        .setSecret(ByteString.copyFrom(lock.secret().secret().toByteArray()))
                        .build());
        assertThat(completed.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(failed.get()).isNull();

        List<TransferState> states;
        synchronized (seen) {
            states = seen.stream().map(u -> u.getChange().getState()).toList();
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i).getChange().getRevision()).isEqualTo(i + 1L);
            }
        }
        assertThat(states)
                .containsExactly(
                        TransferState.SOURCE_LOCKED,
                        TransferState.TARGET_LOCKING,
                        TransferState.TARGET_LOCKED,
                        TransferState.TARGET_CLAIMED,
                        TransferState.COMPLETED);
        assertThat(chains.balance(B, BOB)).isEqualTo(Amount.of(300));

        Transfer t = transfers(DAPP_TOKEN)
                .getTransfer(GetTransferRequest.newBuilder()
                        .setId(protoId(lock.transfer()))
                        .build());
        assertThat(t.getState()).isEqualTo(TransferState.COMPLETED);
        assertThat(t.getHistoryCount()).isEqualTo(5);
        assertThat(t.getTerms().getSender().getAccount()).isEqualTo(ALICE.value());
        assertThat(t.getTerms().getDestinationRecipient().getAccount()).isEqualTo(BOB.value());
        assertThat(t.getTerms().getHashLock().getSha256().toByteArray())
                .isEqualTo(lock.terms().hashLock().hash().toByteArray());
        assertThat(t.getTargetAmount().getUnits()).isEqualTo("300");

        Iterator<TransferUpdate> resumed = transfers(DAPP_TOKEN)
                .watchTransfer(WatchTransferRequest.newBuilder()
                        .setId(protoId(lock.transfer()))
                        .setAfterRevision(3)
                        .build());
        List<Long> revisions = new ArrayList<>();
        resumed.forEachRemaining(u -> revisions.add(u.getChange().getRevision()));
        assertThat(revisions).containsExactly(4L, 5L);
    }

    @Test
    void a_wrong_secret_is_refused_and_changes_nothing() {
        TwoChains.UserLock lock = chains.lock(A, ALICE, BOB, 40, 40, Duration.ofMinutes(2));
        TwoChains.awaitState(relay, lock.transfer(), "TargetLocked", Duration.ofSeconds(30));
        byte[] wrong = new byte[32];
        assertThatThrownBy(() -> transfers(DAPP_TOKEN)
                        .revealSecret(RevealSecretRequest.newBuilder()
                                .setId(protoId(lock.transfer()))
                                .setSecret(ByteString.copyFrom(wrong))
                                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("secret: ");
                });
        assertThat(TwoChains.view(relay, lock.transfer()).state()).isEqualTo("TargetLocked");
        assertThat(code(() -> transfers(DAPP_TOKEN)
                        .revealSecret(RevealSecretRequest.newBuilder()
                                .setId(protoId(lock.transfer()))
                                .setSecret(ByteString.copyFrom("short", StandardCharsets.US_ASCII))
                                .build())))
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void list_filters_by_state_chain_and_account_and_pages_newest_first_without_repeats() {
        List<TransferId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(chains.lock(A, ALICE, BOB, 10 + i, 1, Duration.ofMinutes(2)).transfer());
        }
        for (TransferId id : ids) {
            TwoChains.awaitState(relay, id, "TargetLocked", Duration.ofSeconds(30));
        }
        List<String> paged = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListTransfersResponse page = transfers(DAPP_TOKEN)
                    .listTransfers(ListTransfersRequest.newBuilder()
                            .setPageSize(2)
                            .setPageToken(token)
                            .addStates(TransferState.TARGET_LOCKED)
                            .setSourceChain(A.value())
                            .setAccount(ALICE.value())
                            .build());
            assertThat(page.getTransfersCount()).isLessThanOrEqualTo(2);
            page.getTransfersList().forEach(t -> paged.add(t.getId().getLockId()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty() && pages < 10);
        assertThat(paged)
                .containsExactlyInAnyOrderElementsOf(
                        ids.stream().map(id -> id.sourceLock().value()).toList());
        assertThat(pages).isEqualTo(3);

        assertThat(transfers(DAPP_TOKEN)
                        .listTransfers(ListTransfersRequest.newBuilder()
                                .setSourceChain(B.value())
                                .build())
                        .getTransfersCount())
                .isZero();
        assertThat(transfers(DAPP_TOKEN)
                        .listTransfers(ListTransfersRequest.newBuilder()
                                .addStates(TransferState.COMPLETED)
                                .build())
                        .getTransfersCount())
                .isZero();
        assertThat(code(() -> transfers(DAPP_TOKEN)
                        .listTransfers(ListTransfersRequest.newBuilder()
                                .setPageToken("%%%")
                                .build())))
                .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
}
