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

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.HashLock;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.config.ApiConfig;
import io.xrelay.relay.proto.v1.AccountRef;
import io.xrelay.relay.proto.v1.AssetRef;
import io.xrelay.relay.proto.v1.ChainRef;
import io.xrelay.relay.proto.v1.LockTerms;
import io.xrelay.relay.proto.v1.RequestTransferRequest;
import io.xrelay.relay.proto.v1.TransferServiceGrpc;
import io.xrelay.relay.proto.v1.TransferUpdate;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A relay on {@link TwoChains} with its API, a dApp token and an admin token, and a client channel; restartable on
 * the same data folder.
 */
final class ApiFixture {
    static final String DAPP_TOKEN = "dapp-token-0123456789abcdef";
    static final String ADMIN_TOKEN = "admin-token-0123456789abcdef";
    static final Account ALICE = Account.of("alice");
    static final Account BOB = Account.of("bob");

    final TwoChains chains = new TwoChains();
    private final Path dataDir;
    private final String extra;
    Relay relay;
    ManagedChannel channel;

    ApiFixture(Path dataDir) throws Exception {
        this(dataDir, "");
    }

    ApiFixture(Path dataDir, String extra) throws Exception {
        this.dataDir = dataDir;
        this.extra = extra;
        chains.a.mint(OPERATOR, AAA, Amount.of(100_000));
        chains.b.mint(OPERATOR, BBB, Amount.of(100_000));
        chains.a.mint(ALICE, AAA, Amount.of(10_000));
        relay = startRelay();
        channel = NettyChannelBuilder.forTarget(relay.apiAddress().orElseThrow())
                .usePlaintext()
                .build();
    }

    private Relay startRelay() throws Exception {
        String api = "api.auth.tokens = [\n"
                + "  { name = wallet, sha256 = \"" + sha256(DAPP_TOKEN) + "\", roles = [dapp] }\n"
                + "  { name = ops, sha256 = \"" + sha256(ADMIN_TOKEN) + "\", roles = [admin] }\n"
                + "]\n" + extra;
        Relay r = Relay.start(chains.config(dataDir, api), ChainActor.defaultAdapters(), TwoChains.clock());
        r.ready().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return r;
    }

    /** Stops the relay and starts it again on the same journal, with a new channel to its new port. */
    void restart() throws Exception {
        relay.close(); // first, so that open streams see the relay stop
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        relay = startRelay();
        channel = NettyChannelBuilder.forTarget(relay.apiAddress().orElseThrow())
                .usePlaintext()
                .build();
    }

    /** Stops the client, the relay and the chains. */
    void close() throws Exception {
        try {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            relay.close();
        } finally {
            chains.close();
        }
    }

    static String sha256(String token) {
        return HexFormat.of().formatHex(ApiConfig.sha256(token));
    }

    TransferServiceGrpc.TransferServiceBlockingStub dapp() {
        return TransferServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(DAPP_TOKEN)))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    TransferServiceGrpc.TransferServiceStub dappAsync() {
        return TransferServiceGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(DAPP_TOKEN)));
    }

    static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return headers;
    }

    static ChainRef chain(String id) {
        return ChainRef.newBuilder().setId(id).build();
    }

    static io.xrelay.relay.proto.v1.Amount units(String units) {
        return io.xrelay.relay.proto.v1.Amount.newBuilder().setUnits(units).build();
    }

    /** An announcement of ALICE's lock of {@code amount} AAA on chain A for BOB on chain B, T_S at {@code timeLock}. */
    static RequestTransferRequest announcement(String key, Preimage secret, long amount, Instant timeLock) {
        return RequestTransferRequest.newBuilder()
                .setIdempotencyKey(key)
                .setTerms(LockTerms.newBuilder()
                        .setSender(AccountRef.newBuilder()
                                .setChain(chain(A.value()))
                                .setAccount(ALICE.value()))
                        .setHashLock(io.xrelay.relay.proto.v1.HashLock.newBuilder()
                                .setSha256(ByteString.copyFrom(
                                        secret.hashLock().hash().toByteArray())))
                        .setTimeLock(Timestamp.newBuilder().setSeconds(timeLock.getEpochSecond()))
                        .setAsset(
                                AssetRef.newBuilder().setChain(chain(A.value())).setAsset(AAA.id()))
                        .setAmount(units(Long.toString(amount)))
                        .setDestinationRecipient(AccountRef.newBuilder()
                                .setChain(chain(B.value()))
                                .setAccount(BOB.value()))
                        .setMinDestinationAmount(units(Long.toString(amount))))
                .setDestination(AssetRef.newBuilder().setChain(chain(B.value())).setAsset(BBB.id()))
                .build();
    }

    /** ALICE sends the lock {@code terms} describe (as answered by RequestTransfer) on chain A. */
    void sendLock(LockTerms terms) {
        chains.a
                .newAdapter(ALICE)
                .lock(new LockRequest(
                        Account.of(terms.getReceiver().getAccount()),
                        new HashLock(io.xrelay.adapter.Bytes.of(
                                terms.getHashLock().getSha256().toByteArray())),
                        new TimeLock(terms.getTimeLock().getSeconds()),
                        AAA,
                        Amount.of(new java.math.BigInteger(terms.getAmount().getUnits())),
                        B,
                        Account.of(terms.getDestinationRecipient().getAccount()),
                        Amount.of(new java.math.BigInteger(
                                terms.getMinDestinationAmount().getUnits()))))
                .toCompletableFuture()
                .join();
    }

    static Status.Code code(Runnable call) {
        return status(call).getCode();
    }

    static Status status(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
        throw new AssertionError("the call succeeded");
    }

    /** Collects a watch stream's updates and how it ended. */
    static final class Collector implements StreamObserver<TransferUpdate> {
        final List<TransferUpdate> updates = new ArrayList<>();
        final AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public synchronized void onNext(TransferUpdate u) {
            updates.add(u);
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
            ended.countDown();
        }

        @Override
        public void onCompleted() {
            ended.countDown();
        }

        synchronized List<TransferUpdate> snapshot() {
            return List.copyOf(updates);
        }
    }
}
