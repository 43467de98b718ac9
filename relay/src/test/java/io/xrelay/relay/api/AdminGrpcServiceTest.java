/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.typesafe.config.ConfigFactory;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.testkit.InMemoryChain;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.config.RelayConfig;
import io.xrelay.relay.proto.v1.AdminServiceGrpc;
import io.xrelay.relay.proto.v1.Blob;
import io.xrelay.relay.proto.v1.Chain;
import io.xrelay.relay.proto.v1.ChainState;
import io.xrelay.relay.proto.v1.DeregisterChainRequest;
import io.xrelay.relay.proto.v1.EthereumChainSpec;
import io.xrelay.relay.proto.v1.FabricChainSpec;
import io.xrelay.relay.proto.v1.GetChainRequest;
import io.xrelay.relay.proto.v1.ListChainsRequest;
import io.xrelay.relay.proto.v1.PauseChainRequest;
import io.xrelay.relay.proto.v1.PreflightCheck;
import io.xrelay.relay.proto.v1.RegisterChainRequest;
import io.xrelay.relay.proto.v1.RegisterChainResponse;
import io.xrelay.relay.proto.v1.RelaySettings;
import io.xrelay.relay.proto.v1.ResumeChainRequest;
import io.xrelay.relay.proto.v1.SecretRef;
import io.xrelay.relay.relayer.Relay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AdminService over in-process gRPC on a relay with no chain in its file. Chains whose {@code rpc_url} host is
 * {@code in-memory.test} are served by an in-memory chain (the adapter factory routes them); every other Ethereum
 * registration gets the real Ethereum adapter.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AdminGrpcServiceTest {
    private static final ChainId CHAIN = ChainId.of("eth-mem");
    private static final Account OPERATOR = Account.of("relay");
    private static final String KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    @TempDir
    Path dataDir;

    private InMemoryChain chain;
    private Relay relay;
    private Server server;
    private ManagedChannel channel;
    private AdminServiceGrpc.AdminServiceBlockingStub admin;

    @BeforeEach
    void start() throws Exception {
        chain = InMemoryChain.builder(CHAIN).build();
        ChainActor.AdapterFactory defaults = ChainActor.defaultAdapters();
        ChainActor.AdapterFactory adapters = (id, config) ->
                config.hasPath("rpc-url") && config.getString("rpc-url").contains("in-memory.test")
                        ? chain.newAdapter(OPERATOR)
                        : defaults.create(id, config);
        RelayConfig config = RelayConfig.parse(ConfigFactory.parseString("xrelay { data-dir = \""
                + dataDir.toString().replace("\\", "/") + "\", timing { poll-interval = 50ms } }"));
        relay = Relay.start(config, adapters, Clock.systemUTC());
        relay.ready().toCompletableFuture().get(60, TimeUnit.SECONDS);
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
        channel.shutdownNow();
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        relay.close();
    }

    private EthereumChainSpec.Builder inMemoryEthereum() {
        return EthereumChainSpec.newBuilder()
                .setRpcUrl("http://in-memory.test:8545")
                .setEvmChainId(31337)
                .setHtlcContract("0x5fbdb2315678afecb367f032d93f642f64180aa3")
                .setSignerKey(SecretRef.newBuilder().setEnv("XRELAY_TEST_UNUSED_KEY"))
                .setTrustAnchorNumber(0)
                .setTrustAnchorHash(ByteString.copyFrom(new byte[32]));
    }

    private static RegisterChainRequest.Builder request(String id, EthereumChainSpec.Builder spec) {
        return RegisterChainRequest.newBuilder().setChainId(id).setEthereum(spec);
    }

    private static FabricChainSpec.Builder fabric() {
        Blob ca = Blob.newBuilder().setInline(ByteString.copyFromUtf8("ca")).build();
        FabricChainSpec.Peer peer = FabricChainSpec.Peer.newBuilder()
                .setMspId("Org1MSP")
                .setAddress("127.0.0.1:7051")
                .setTlsCa(ca)
                .build();
        return FabricChainSpec.newBuilder()
                .setChannel("xrelay")
                .setEndorsementPolicy("AND('Org1MSP.peer')")
                .setGateway(peer)
                .addConfirmingPeers(peer)
                .setSignerMspId("Org1MSP")
                .setSignerCertificate(Blob.newBuilder().setFile("/tmp/cert.pem"))
                .setSignerPrivateKey(SecretRef.newBuilder().setFile("/tmp/key.pem"))
                .setTrustAnchorConfigBlock(Blob.newBuilder().setFile("/tmp/xrelay.block"));
    }

    static Stream<Arguments> invalid_requests() {
        UnaryOperator<EthereumChainSpec.Builder> same = UnaryOperator.identity();
        return Stream.of(
                Arguments.of("chain_id", "is required", request("", EthereumChainSpec.newBuilder())),
                Arguments.of("chain_id", "Bad_Id", request("Bad_Id", EthereumChainSpec.newBuilder())),
                Arguments.of(
                        "spec",
                        "ethereum or fabric",
                        RegisterChainRequest.newBuilder().setChainId("x")),
                Arguments.of("ethereum.rpc_url", "http(s)", eth(b -> b.setRpcUrl("ftp://node"))),
                Arguments.of("ethereum.evm_chain_id", "required", eth(b -> b.setEvmChainId(0))),
                Arguments.of(
                        "ethereum.htlc_contract", "not a 20-byte hex address", eth(b -> b.setHtlcContract("0x1234"))),
                Arguments.of("ethereum.signer_key", "required", eth(EthereumChainSpec.Builder::clearSignerKey)),
                Arguments.of(
                        "ethereum.signer_key.env",
                        "environment variable name",
                        eth(b -> b.setSignerKey(SecretRef.newBuilder().setEnv("NOT A NAME")))),
                Arguments.of(
                        "ethereum.trust_anchor_hash",
                        "32 bytes",
                        eth(b -> b.setTrustAnchorHash(ByteString.copyFrom(new byte[31])))),
                Arguments.of("ethereum.finality_depth", "1 to 1000", eth(b -> b.setFinalityDepth(1001))),
                Arguments.of("ethereum.rules_preset", "\"shanghai\"", eth(b -> b.setRulesPreset("shanghai"))),
                Arguments.of(
                        "relay.max_in_flight",
                        "1 to 10000",
                        eth(same).setRelay(RelaySettings.newBuilder().setMaxInFlight(10_001))),
                Arguments.of("fabric.channel", "required", fab(FabricChainSpec.Builder::clearChannel)),
                Arguments.of("fabric.gateway", "required", fab(FabricChainSpec.Builder::clearGateway)),
                Arguments.of(
                        "fabric.confirming_peers", "at least one", fab(FabricChainSpec.Builder::clearConfirmingPeers)),
                Arguments.of(
                        "fabric.gateway.address",
                        "host:port",
                        fab(b -> b.setGateway(b.getGateway().toBuilder().setAddress("no-port")))),
                Arguments.of(
                        "fabric.signer_private_key", "required", fab(FabricChainSpec.Builder::clearSignerPrivateKey)),
                Arguments.of(
                        "fabric.trust_anchor_config_block",
                        "required",
                        fab(FabricChainSpec.Builder::clearTrustAnchorConfigBlock)));
    }

    private static RegisterChainRequest.Builder eth(UnaryOperator<EthereumChainSpec.Builder> change) {
        EthereumChainSpec.Builder spec = EthereumChainSpec.newBuilder()
                .setRpcUrl("http://127.0.0.1:8545")
                .setEvmChainId(1)
                .setHtlcContract("0x5fbdb2315678afecb367f032d93f642f64180aa3")
                .setSignerKey(SecretRef.newBuilder().setEnv("KEY"))
                .setTrustAnchorHash(ByteString.copyFrom(new byte[32]));
        return request("eth-x", change.apply(spec));
    }

    private static RegisterChainRequest.Builder fab(UnaryOperator<FabricChainSpec.Builder> change) {
        return RegisterChainRequest.newBuilder().setChainId("fab-x").setFabric(change.apply(fabric()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid_requests")
    void each_invalid_field_is_named_in_an_invalid_argument(
            String field, String problem, RegisterChainRequest.Builder request) {
        assertThatThrownBy(() -> admin.registerChain(request.build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .startsWith(field + ": ")
                            .contains(problem);
                });
        assertThat(admin.listChains(ListChainsRequest.getDefaultInstance()).getChainsList())
                .isEmpty();
    }

    @Test
    void a_failed_pre_flight_lists_every_failed_check_and_records_nothing() throws Exception {
        Path key = dataDir.resolve("eth.key");
        Files.writeString(key, KEY);
        RegisterChainRequest request = request(
                        "eth-down",
                        inMemoryEthereum()
                                .setRpcUrl("http://127.0.0.1:1")
                                .setSignerKey(SecretRef.newBuilder().setFile(key.toString())))
                .build();

        assertThatThrownBy(() -> admin.registerChain(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    String message = String.valueOf(e.getStatus().getDescription());
                    assertThat(message).contains("reachable: ").contains("; chain-id: ");
                    RegisterChainResponse details = details(e);
                    assertThat(details.getChecksList())
                            .extracting(PreflightCheck::getName)
                            .containsExactly(
                                    "reachable", "chain-id", "htlc-code", "trust-anchor", "signer-key", "signer-funds");
                    assertThat(details.getChecks(0).getPassed()).isFalse();
                    assertThat(details.getChecks(4).getPassed()).isTrue();
                    assertThat(Arrays.stream(message.split("; "))).hasSize(5);
                });
        assertThat(admin.listChains(ListChainsRequest.getDefaultInstance()).getChainsList())
                .isEmpty();
        assertThat(dataDir.resolve("chains").resolve("eth-down")).doesNotExist();
    }

    @Test
    void a_signer_key_that_cannot_be_read_fails_the_signer_key_check() {
        RegisterChainRequest request = request(
                        "eth-nokey",
                        inMemoryEthereum()
                                .setRpcUrl("http://127.0.0.1:1")
                                .setSignerKey(SecretRef.newBuilder()
                                        .setFile(dataDir.resolve("missing.key").toString())))
                .build();
        assertThatThrownBy(() -> admin.registerChain(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("signer-key: signer-key-file: cannot read");
                    assertThat(details(e).getChecksList()).singleElement().satisfies(c -> assertThat(c.getName())
                            .isEqualTo("signer-key"));
                });
    }

    @Test
    void a_chain_is_registered_listed_paused_resumed_and_deregistered() {
        RegisterChainRequest request = request(CHAIN.value(), inMemoryEthereum())
                .setRelay(RelaySettings.newBuilder()
                        .setFinalityTime(
                                com.google.protobuf.Duration.newBuilder().setSeconds(2)))
                .build();
        RegisterChainResponse validated =
                admin.registerChain(request.toBuilder().setValidateOnly(true).build());
        assertThat(validated.hasChain()).isFalse();
        assertThat(validated.getChecksList()).isNotEmpty().allMatch(PreflightCheck::getPassed);
        assertThat(admin.listChains(ListChainsRequest.getDefaultInstance()).getChainsList())
                .isEmpty();

        RegisterChainResponse registered = admin.registerChain(request);
        Chain chain = registered.getChain();
        assertThat(chain.getChainId()).isEqualTo(CHAIN.value());
        assertThat(chain.getType()).isEqualTo("ethereum");
        assertThat(chain.getSource()).isEqualTo("api");
        assertThat(chain.getRegistration()).isEqualTo(request);
        assertThat(chain.getRegisteredAt().getSeconds()).isPositive();

        assertThatThrownBy(() -> admin.registerChain(request))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));

        Chain following = awaitState(ChainState.FOLLOWING);
        assertThat(following.getOperator().getAccount()).isEqualTo(OPERATOR.value());
        assertThat(following.getVerifiedHead().getChain().getId()).isEqualTo(CHAIN.value());
        assertThat(following.getFinality().getSeconds()).isEqualTo(2);
        assertThat(admin.listChains(ListChainsRequest.getDefaultInstance()).getChainsList())
                .extracting(Chain::getChainId)
                .containsExactly(CHAIN.value());

        Chain paused = admin.pauseChain(PauseChainRequest.newBuilder()
                .setChainId(CHAIN.value())
                .setReason("upgrade")
                .build());
        assertThat(paused.getState()).isEqualTo(ChainState.PAUSED);
        Chain resumed = admin.resumeChain(
                ResumeChainRequest.newBuilder().setChainId(CHAIN.value()).build());
        assertThat(resumed.getState()).isEqualTo(ChainState.FOLLOWING);

        admin.deregisterChain(
                DeregisterChainRequest.newBuilder().setChainId(CHAIN.value()).build());
        assertThat(admin.listChains(ListChainsRequest.getDefaultInstance()).getChainsList())
                .isEmpty();
        for (Runnable call : List.<Runnable>of(
                () -> admin.getChain(
                        GetChainRequest.newBuilder().setChainId(CHAIN.value()).build()),
                () -> admin.pauseChain(
                        PauseChainRequest.newBuilder().setChainId(CHAIN.value()).build()),
                () -> admin.deregisterChain(DeregisterChainRequest.newBuilder()
                        .setChainId(CHAIN.value())
                        .build()))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(
                            e.getStatus().getCode())
                    .isEqualTo(Status.Code.NOT_FOUND));
        }
        assertThatThrownBy(() -> admin.getChain(
                        GetChainRequest.newBuilder().setChainId("").build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).startsWith("chain_id: "));
    }

    private Chain awaitState(ChainState state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Chain c = admin.getChain(
                    GetChainRequest.newBuilder().setChainId(CHAIN.value()).build());
            if (c.getState() == state || System.nanoTime() > deadline) {
                assertThat(c.getState()).isEqualTo(state);
                return c;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static RegisterChainResponse details(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            throw new AssertionError("no status details in " + e);
        }
        try {
            return status.getDetails(0).unpack(RegisterChainResponse.class);
        } catch (InvalidProtocolBufferException x) {
            throw new AssertionError(x);
        }
    }
}
