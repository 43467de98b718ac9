/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.testkit.InMemoryChain;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.config.RelayConfig;
import io.xrelay.relay.proto.v1.AdminServiceGrpc;
import io.xrelay.relay.proto.v1.Chain;
import io.xrelay.relay.proto.v1.ChainState;
import io.xrelay.relay.proto.v1.DeregisterChainRequest;
import io.xrelay.relay.proto.v1.EthereumChainSpec;
import io.xrelay.relay.proto.v1.ListChainsRequest;
import io.xrelay.relay.proto.v1.RegisterChainRequest;
import io.xrelay.relay.proto.v1.SecretRef;
import io.xrelay.relay.relayer.Relay;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DeregisterChain over in-process gRPC while a transfer is open: a relay started with no chain (its pairs name chains
 * not registered yet) whose adapter factory serves Ethereum registrations by two in-memory chains; a user's lock
 * between them keeps both chains in use, so retiring either is refused with the count of open transfers.
 */
class AdminGrpcDeregisterTest {
    private static final ChainId A = ChainId.of("eth-a");
    private static final ChainId B = ChainId.of("eth-b");
    private static final Asset AAA = Asset.of("AAA");
    private static final Asset BBB = Asset.of("BBB");
    private static final Account OPERATOR = Account.of("relay");
    private static final Account ALICE = Account.of("alice");

    @TempDir
    Path dataDir;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private Map<ChainId, InMemoryChain> chains = Map.of();
    private java.util.concurrent.@org.jspecify.annotations.Nullable ScheduledFuture<?> clockSync;
    private Relay relay;
    private Server server;
    private ManagedChannel channel;
    private AdminServiceGrpc.AdminServiceBlockingStub admin;

    @BeforeEach
    void start() throws Exception {
        Instant now = Instant.now();
        chains = Map.of(
                A, InMemoryChain.builder(A).genesisTime(now.minusSeconds(1)).build(),
                B, InMemoryChain.builder(B).genesisTime(now.minusSeconds(1)).build());
        chain(A).mint(ALICE, AAA, Amount.of(1_000));
        chain(B).mint(OPERATOR, BBB, Amount.of(1_000));
        clockSync = ticker.scheduleAtFixedRate(
                () -> chains.values().forEach(c -> {
                    Instant t = Instant.now();
                    if (t.isAfter(c.now())) {
                        c.setTime(t);
                    }
                }),
                0,
                20,
                TimeUnit.MILLISECONDS);
        String text = "xrelay {\n"
                + "  data-dir = \"" + dataDir.toString().replace("\\", "/") + "\"\n"
                + "  chains = []\n"
                + "  pairs = [ { from { chain = eth-a, asset = AAA }, to { chain = eth-b, asset = BBB },"
                + " max = 1000000 } ]\n"
                + "  timing { safety-margin = 1s, min-destination-window = 2s, retry-interval = 200ms,"
                + " poll-interval = 50ms }\n}\n";
        ChainActor.AdapterFactory adapters = (id, config) -> {
            InMemoryChain chain = chains.get(id);
            if (chain == null || !"ethereum".equals(config.getString("type"))) {
                throw new AdapterConfigException(id, "type", "no in-memory chain stands for it");
            }
            return chain.newAdapter(OPERATOR);
        };
        relay = Relay.start(RelayConfig.parse(ConfigFactory.parseString(text)), adapters, Clock.systemUTC());
        assertThat(relay.ready().toCompletableFuture().get(60, TimeUnit.SECONDS).line())
                .isEqualTo("xrelay: relay ready (chains: )");
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(
                        new AdminGrpcService(relay.guardian(), relay.system().scheduler()))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        admin = AdminServiceGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES);
    }

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (relay != null) {
            relay.close();
        }
        if (clockSync != null) {
            clockSync.cancel(false);
        }
        ticker.shutdownNow();
    }

    private static RegisterChainRequest request(ChainId id) {
        return RegisterChainRequest.newBuilder()
                .setChainId(id.value())
                .setEthereum(EthereumChainSpec.newBuilder()
                        .setRpcUrl("http://127.0.0.1:8545")
                        .setEvmChainId(31337)
                        .setHtlcContract("0x5FbDB2315678afecb367f032d93F642f64180aa3")
                        .setSignerKey(SecretRef.newBuilder().setEnv("XRELAY_TEST_SIGNER_KEY"))
                        .setTrustAnchorNumber(0)
                        .setTrustAnchorHash(ByteString.copyFrom(new byte[32]))
                        .setFinalityDepth(1)
                        .setRulesPreset("anvil"))
                .build();
    }

    @Test
    void deregistration_is_refused_while_an_open_transfer_touches_the_chain() {
        admin.registerChain(request(A));
        admin.registerChain(request(B));
        eventually(() -> {
            assertThat(admin.listChains(ListChainsRequest.getDefaultInstance()).getChainsList())
                    .extracting(Chain::getState)
                    .containsOnly(ChainState.FOLLOWING);
            return true;
        });
        Preimage secret = Preimage.random();
        chain(A).newAdapter(ALICE)
                .lock(new LockRequest(
                        OPERATOR,
                        secret.hashLock(),
                        TimeLock.at(Instant.now().plus(Duration.ofMinutes(2))),
                        AAA,
                        Amount.of(100),
                        B,
                        Account.of("bob"),
                        Amount.of(100)))
                .toCompletableFuture()
                .join();
        eventually(() -> {
            assertThat(admin.listChains(ListChainsRequest.getDefaultInstance()).getChainsList())
                    .extracting(Chain::getOpenTransfers)
                    .containsExactly(1, 1);
            return true;
        });
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> admin.deregisterChain(
                        DeregisterChainRequest.newBuilder().setChainId("eth-b").build()));
        assertThat(e).isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(e.getStatus().getDescription()).contains("1 open transfer");
        assertThat(admin.listChains(ListChainsRequest.getDefaultInstance()).getChainsList())
                .extracting(Chain::getChainId)
                .containsExactly("eth-a", "eth-b");
    }

    private InMemoryChain chain(ChainId id) {
        return java.util.Objects.requireNonNull(chains.get(id), id.value());
    }

    private static <T> T eventually(java.util.function.Supplier<T> check) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return check.get();
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
