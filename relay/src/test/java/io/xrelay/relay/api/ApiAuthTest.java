/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.MetadataUtils;
import io.xrelay.relay.config.ApiConfig;
import io.xrelay.relay.proto.v1.AdminServiceGrpc;
import io.xrelay.relay.proto.v1.ChainRef;
import io.xrelay.relay.proto.v1.GetChainRequest;
import io.xrelay.relay.proto.v1.GetTransferRequest;
import io.xrelay.relay.proto.v1.TransferId;
import io.xrelay.relay.proto.v1.TransferServiceGrpc;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's credentials on a real Netty server on 127.0.0.1 with a real client channel, independent of a relay: the
 * interceptor decides by the called service's name, so AdminService (served here unimplemented) needs {@code admin}
 * and TransferService {@code dapp}; an authenticated call reaches the service (UNIMPLEMENTED here). Bearer tokens, and
 * TLS client certificates from a test CA made with BouncyCastle.
 */
class ApiAuthTest {
    private static final String DAPP_TOKEN = "dapp-token-0123456789abcdef";
    private static final String ADMIN_TOKEN = "admin-token-0123456789abcdef";
    private static final List<BindableService> SERVICES = List.of(
            new TransferServiceGrpc.TransferServiceImplBase() {}, new AdminServiceGrpc.AdminServiceImplBase() {});

    @TempDir
    Path dir;

    private @Nullable ApiServer server;
    private @Nullable ManagedChannel channel;

    @AfterEach
    void stop() throws InterruptedException {
        ManagedChannel ch = channel;
        if (ch != null) {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        ApiServer s = server;
        if (s != null) {
            s.close();
        }
    }

    /** Replaces the channel (the old one is shut down). */
    private ManagedChannel use(ManagedChannel ch) throws InterruptedException {
        ManagedChannel old = channel;
        if (old != null) {
            old.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        channel = ch;
        return ch;
    }

    private static GetTransferRequest getTransfer() {
        return GetTransferRequest.newBuilder()
                .setId(TransferId.newBuilder()
                        .setSourceChain(ChainRef.newBuilder().setId("chain-a"))
                        .setLockId("ab"))
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

    private static String hex(String token) {
        return HexFormat.of().formatHex(ApiConfig.sha256(token));
    }

    private TransferServiceGrpc.TransferServiceBlockingStub transfers(ManagedChannel ch, Optional<String> token) {
        TransferServiceGrpc.TransferServiceBlockingStub stub =
                TransferServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
        return token.map(t -> stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(t))))
                .orElse(stub);
    }

    private AdminServiceGrpc.AdminServiceBlockingStub admin(ManagedChannel ch, Optional<String> token) {
        AdminServiceGrpc.AdminServiceBlockingStub stub =
                AdminServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
        return token.map(t -> stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(t))))
                .orElse(stub);
    }

    private static Metadata bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return headers;
    }

    @Test
    void tokens_are_checked_and_a_dapp_token_on_an_admin_method_is_permission_denied() throws Exception {
        ApiServer api = ApiServer.start(
                ApiConfig.tokens(
                        "127.0.0.1",
                        0,
                        List.of(
                                new ApiConfig.TokenCredential("wallet", hex(DAPP_TOKEN), Set.of(ApiConfig.Role.DAPP)),
                                new ApiConfig.TokenCredential("ops", hex(ADMIN_TOKEN), Set.of(ApiConfig.Role.ADMIN)))),
                dir,
                SERVICES);
        server = api;
        ManagedChannel channel =
                use(NettyChannelBuilder.forTarget(api.address()).usePlaintext().build());

        assertThat(code(() -> transfers(channel, Optional.empty()).getTransfer(getTransfer())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(code(() -> transfers(channel, Optional.of("wrong-token-0123456789"))
                        .getTransfer(getTransfer())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(code(() -> transfers(channel, Optional.of(DAPP_TOKEN)).getTransfer(getTransfer())))
                .isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(code(() -> admin(channel, Optional.of(DAPP_TOKEN)).getChain(GetChainRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(code(() -> admin(channel, Optional.of(ADMIN_TOKEN)).getChain(GetChainRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(code(() -> transfers(channel, Optional.of(ADMIN_TOKEN)).getTransfer(getTransfer())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    // --- mTLS -------------------------------------------------------------------------------------------------------

    /** A key pair and its certificate, written as PEM files. */
    private record Issued(KeyPair keys, X509Certificate certificate, Path certificateFile, Path keyFile) {}

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private Issued issue(String cn, KeyPair keys, X500Name issuer, KeyPair issuerKeys, boolean ca, boolean server)
            throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                issuer,
                BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(cn.hashCode() & 0xffff)),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=" + cn),
                keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (server) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
            }));
        }
        X509CertificateHolder holder =
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate()));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
        String file = cn + "-" + java.util.UUID.randomUUID();
        Path certificateFile = dir.resolve(file + ".pem");
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(certificateFile, StandardCharsets.US_ASCII))) {
            w.writeObject(certificate);
        }
        Path keyFile = dir.resolve(file + ".key");
        Files.writeString(
                keyFile,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'})
                                .encodeToString(keys.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n",
                StandardCharsets.US_ASCII);
        return new Issued(keys, certificate, certificateFile, keyFile);
    }

    private Issued ca(String cn) throws Exception {
        KeyPair keys = keyPair();
        return issue(cn, keys, new X500Name("CN=" + cn), keys, true, false);
    }

    private Issued signedBy(Issued ca, String cn, boolean server) throws Exception {
        X500Name issuer =
                new X500Name(ca.certificate().getSubjectX500Principal().getName());
        return issue(cn, keyPair(), issuer, ca.keys(), false, server);
    }

    private ManagedChannel tlsChannel(ApiServer api, Issued serverCa, Optional<Issued> client)
            throws SSLException, InterruptedException {
        SslContextBuilder ssl = GrpcSslContexts.forClient()
                .trustManager(serverCa.certificateFile().toFile());
        client.ifPresent(
                c -> ssl.keyManager(c.certificateFile().toFile(), c.keyFile().toFile()));
        return use(NettyChannelBuilder.forTarget(api.address())
                .overrideAuthority("localhost")
                .sslContext(ssl.build())
                .build());
    }

    @Test
    void client_certificates_are_verified_against_the_client_ca_and_their_subject_cn_gives_the_roles()
            throws Exception {
        Issued serverCa = ca("server-ca");
        Issued serverCert = signedBy(serverCa, "relay-api", true);
        Issued clientCa = ca("clients-ca");
        Issued wallet = signedBy(clientCa, "wallet-app", false);
        Issued ops = signedBy(clientCa, "ops-admin", false);
        Issued stranger = signedBy(clientCa, "stranger", false);
        Issued otherCa = ca("other-ca");
        Issued forged = signedBy(otherCa, "ops-admin", false);
        ApiConfig config = new ApiConfig(
                true,
                "127.0.0.1",
                0,
                ApiConfig.AuthMode.MTLS,
                List.of(),
                List.of(
                        new ApiConfig.ClientCredential("wallet-app", Set.of(ApiConfig.Role.DAPP)),
                        new ApiConfig.ClientCredential("ops-admin", Set.of(ApiConfig.Role.ADMIN))),
                Optional.of(new ApiConfig.Tls(
                        serverCert.certificateFile(), serverCert.keyFile(), Optional.of(clientCa.certificateFile()))),
                16);
        ApiServer api = ApiServer.start(config, dir, SERVICES);
        server = api;
        api.serving();

        ManagedChannel walletChannel = tlsChannel(api, serverCa, Optional.of(wallet));
        assertThat(code(() -> transfers(walletChannel, Optional.empty()).getTransfer(getTransfer())))
                .isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(code(() -> admin(walletChannel, Optional.empty()).getChain(GetChainRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(HealthGrpc.newBlockingStub(walletChannel)
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance())
                        .getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        ManagedChannel opsChannel = tlsChannel(api, serverCa, Optional.of(ops));
        assertThat(code(() -> admin(opsChannel, Optional.empty()).getChain(GetChainRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(code(() -> transfers(opsChannel, Optional.empty()).getTransfer(getTransfer())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        // a bearer token means nothing in mtls mode
        assertThat(code(() -> transfers(opsChannel, Optional.of(DAPP_TOKEN)).getTransfer(getTransfer())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);

        ManagedChannel strangerChannel = tlsChannel(api, serverCa, Optional.of(stranger));
        assertThat(code(() -> transfers(strangerChannel, Optional.empty()).getTransfer(getTransfer())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);

        // a certificate of another CA, or none, does not get through the handshake
        ManagedChannel forgedChannel = tlsChannel(api, serverCa, Optional.of(forged));
        assertThat(code(() -> admin(forgedChannel, Optional.empty()).getChain(GetChainRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.UNAVAILABLE);
        ManagedChannel anonymousChannel = tlsChannel(api, serverCa, Optional.empty());
        assertThat(code(() -> transfers(anonymousChannel, Optional.empty()).getTransfer(getTransfer())))
                .isEqualTo(Status.Code.UNAVAILABLE);
    }
}
