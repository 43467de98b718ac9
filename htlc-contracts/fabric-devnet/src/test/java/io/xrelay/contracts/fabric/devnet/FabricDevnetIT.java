/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fabric devnet of {@code fabric-devnet.sh}, started and stopped through {@link FabricDevnet}: one orderer and
 * two peers as native processes on 127.0.0.1, a channel both peers joined, a chaincode-as-a-service deployment, the
 * HTLC chaincode served by a process of the network, and client identities issued from the organisations' CAs. The
 * steps run in order on one network; the last one stops it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FabricDevnetIT {
    private @Nullable FabricDevnet devnet;

    /** The state folder stays after a failure, with the nodes' logs. */
    @BeforeAll
    void start(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path stateDir) {
        long t0 = System.nanoTime();
        devnet = FabricDevnet.start(stateDir.resolve("devnet"));
        System.out.printf("fabric devnet: cold up (fresh state) in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    private FabricDevnet devnet() {
        return Objects.requireNonNull(devnet, "the devnet did not start");
    }

    /** The network as the devnet last described it. */
    private FabricNetwork network() {
        return devnet().network();
    }

    @Test
    @Order(1)
    void the_orderer_and_both_peers_run_and_answer_healthy_over_tls() throws Exception {
        FabricNetwork net = network();
        assertThat(net.channel()).isEqualTo("xrelay");
        assertThat(net.fabricVersion()).contains("3.1.1");
        assertThat(net.orgs()).extracting(FabricNetwork.Org::mspId).containsExactly("Org1MSP", "Org2MSP");
        assertThat(net.pids())
                .hasSize(3)
                .allSatisfy(pid -> assertThat(alive(pid)).as("process %d", pid).isTrue());
        assertThat(net.listenAddresses()).hasSize(9).doesNotHaveDuplicates().allSatisfy(a -> assertThat(a)
                .startsWith("127.0.0.1:"));

        assertThat(healthz(net.orderer().operationsAddress(), net.orderer().tlsCaFile()))
                .contains("\"status\":\"OK\"");
        for (FabricNetwork.Org org : net.orgs()) {
            assertThat(healthz(org.peer().operationsAddress(), org.tlsCaFile()))
                    .as(org.peer().name())
                    .contains("\"status\":\"OK\"");
        }
        FabricDevnet.Result status = devnet().status();
        assertThat(status.exitCode()).as(status.stdout()).isZero();
        assertThat(status.stdout()).contains("orderer.example.com", "peer0.org1.example.com", "peer0.org2.example.com");
    }

    @Test
    @Order(2)
    void both_peers_have_joined_the_channel() {
        for (FabricNetwork.Org org : network().orgs()) {
            Config info = json(devnet().channelInfo(org.name()));
            assertThat(info.getLong("height")).as(org.peer().name()).isGreaterThanOrEqualTo(1);
            assertThat(info.getString("currentBlockHash")).isNotBlank();
        }
    }

    @Test
    @Order(3)
    void a_chaincode_as_a_service_package_is_installed_approved_by_both_orgs_and_committed() {
        FabricNetwork net = network();
        long heightBefore = json(devnet().channelInfo("org1")).getLong("height");

        String packageId = devnet().deployCcaas("probe", "127.0.0.1:7999");

        assertThat(packageId).matches("probe:[0-9a-f]{64}");
        for (FabricNetwork.Org org : net.orgs()) {
            FabricDevnet.Result installed =
                    devnet().peer(org.name(), "lifecycle", "chaincode", "queryinstalled", "-O", "json");
            assertThat(installed.exitCode()).as(installed.stderr()).isZero();
            assertThat(json(installed.stdout()).getConfigList("installed_chaincodes"))
                    .extracting(c -> c.getString("package_id"))
                    .as("installed on %s", org.peer().name())
                    .contains(packageId);

            FabricDevnet.Result committed = devnet().peer(
                            org.name(),
                            "lifecycle",
                            "chaincode",
                            "querycommitted",
                            "-C",
                            net.channel(),
                            "-n",
                            "probe",
                            "-O",
                            "json");
            assertThat(committed.exitCode()).as(committed.stderr()).isZero();
            Config definition = json(committed.stdout());
            assertThat(definition.getLong("sequence")).isEqualTo(1);
            assertThat(definition.getBoolean("approvals.Org1MSP"))
                    .as("Org1MSP approved")
                    .isTrue();
            assertThat(definition.getBoolean("approvals.Org2MSP"))
                    .as("Org2MSP approved")
                    .isTrue();
        }
        // Two approvals and one commit, each in its own block.
        assertThat(json(devnet().channelInfo("org2")).getLong("height")).isGreaterThanOrEqualTo(heightBefore + 3);
    }

    @Test
    @Order(4)
    void deploy_htlc_serves_the_chaincode_from_a_process_of_the_network_and_records_it() throws Exception {
        long t0 = System.nanoTime();
        String packageId = devnet().deployHtlc();
        System.out.printf("fabric devnet: deploy-htlc in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        assertThat(packageId).matches("htlc:[0-9a-f]{64}");
        FabricNetwork.Chaincode cc = devnet().network().chaincode("htlc");
        assertThat(cc.packageId()).isEqualTo(packageId);
        assertThat(cc.policy()).isEqualTo(FabricDevnet.BOTH_ORGS);
        assertThat(cc.sequence()).isEqualTo(1);
        assertThat(cc.jar()).isEqualTo(HtlcChaincode.jar());
        assertThat(cc.address()).startsWith("127.0.0.1:");
        assertThat(bindable(cc.address()))
                .as("%s is taken by the server", cc.address())
                .isFalse();
        assertThat(alive(cc.pid())).isTrue();
        assertThat(cc.logFile()).exists();
        assertThat(devnet().network().pids()).hasSize(4).contains(cc.pid());
        assertThat(devnet().network().listenAddresses()).hasSize(10).contains(cc.address());
        FabricDevnet.Result status = devnet().status();
        assertThat(status.exitCode()).as(status.stdout()).isZero();
        assertThat(status.stdout()).contains("chaincode htlc", "pid " + cc.pid());
        FabricDevnet.Result query = devnet().peer(
                        "org2", "chaincode", "query", "-C", "xrelay", "-n", "htlc", "-c", "{\"Args\":[\"AccountOf\"]}");
        assertThat(query.exitCode()).as(query.stderr()).isZero();
        assertThat(query.stdout().strip()).startsWith("Org2MSP:").hasSize(72);
    }

    @Test
    @Order(5)
    void the_peers_reach_the_chaincode_server_over_tls_with_a_certificate_for_127_0_0_1() throws Exception {
        FabricNetwork.Chaincode cc = devnet().network().chaincode("htlc");
        Path tlsCa = Objects.requireNonNull(cc.tlsCaFile(), "the chaincode server has no TLS");
        assertThat(tlsCa).hasSameTextualContentAs(network().org("org1").tlsCaFile());
        int colon = cc.address().lastIndexOf(':');

        SSLContext tls = trusting(tlsCa);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory()
                .createSocket(
                        cc.address().substring(0, colon),
                        Integer.parseInt(cc.address().substring(colon + 1)))) {
            SSLParameters p = socket.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(p);
            socket.startHandshake();
            X509Certificate server = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertThat(server.getSubjectAlternativeNames())
                    .anySatisfy(san -> assertThat(san.get(1)).isEqualTo("127.0.0.1"));
        }
        String connection = Files.readString(devnet().stateDir().resolve("chaincode/htlc/code/connection.json"));
        assertThat(connection).contains("\"tls_required\":true", "\"root_cert\":\"-----BEGIN CERTIFICATE-----\\n");
    }

    @Test
    @Order(6)
    void deploy_htlc_again_with_the_same_jar_and_policy_changes_nothing() {
        FabricNetwork.Chaincode before = devnet().network().chaincode("htlc");
        long t0 = System.nanoTime();

        String packageId = devnet().deployHtlc();

        System.out.printf("fabric devnet: deploy-htlc again in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(packageId).isEqualTo(before.packageId());
        assertThat(devnet().network().chaincode("htlc")).isEqualTo(before);
    }

    @Test
    @Order(7)
    void deploy_htlc_with_another_policy_commits_the_next_sequence_of_the_same_package() {
        FabricNetwork.Chaincode before = devnet().network().chaincode("htlc");

        String packageId = devnet().deployHtlc("htlc", "OR('Org1MSP.peer','Org2MSP.peer')");

        FabricNetwork.Chaincode after = devnet().network().chaincode("htlc");
        assertThat(packageId).isEqualTo(before.packageId());
        assertThat(after.sequence()).isEqualTo(before.sequence() + 1);
        assertThat(after.policy()).isEqualTo("OR('Org1MSP.peer','Org2MSP.peer')");
        assertThat(after.pid()).isEqualTo(before.pid());
        FabricDevnet.Result committed = devnet().peer(
                        "org1", "lifecycle", "chaincode", "querycommitted", "-C", "xrelay", "-n", "htlc", "-O", "json");
        assertThat(json(committed.stdout()).getLong("sequence")).isEqualTo(after.sequence());

        devnet().deployHtlc();
        assertThat(devnet().network().chaincode("htlc").sequence()).isEqualTo(before.sequence() + 2);
    }

    @Test
    @Order(8)
    void deploy_htlc_with_another_jar_restarts_the_server_under_the_same_package(@TempDir Path tmp) throws Exception {
        FabricNetwork.Chaincode before = devnet().network().chaincode("htlc");
        Path jar = tmp.resolve("changed.jar");
        Files.copy(HtlcChaincode.jar(), jar);
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            Files.writeString(zip.getPath("xrelay-changed.txt"), "another build");
        }

        FabricDevnet.Result r = FabricDevnet.run(
                FabricDevnet.script(),
                devnet().stateDir(),
                Duration.ofMinutes(3),
                List.of("deploy-htlc", jar.toString()));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().strip()).isEqualTo(before.packageId());
        FabricNetwork.Chaincode after = devnet().up().chaincode("htlc");
        assertThat(after.pid()).isNotEqualTo(before.pid());
        assertThat(alive(before.pid())).isFalse();
        assertThat(after.sequence()).isEqualTo(before.sequence());
        assertThat(after.jar()).isEqualTo(jar);
        assertThat(after.address()).isEqualTo(before.address());
        assertThat(devnet().deployHtlc()).isEqualTo(before.packageId());
        assertThat(devnet().network().chaincode("htlc").jar()).isEqualTo(HtlcChaincode.jar());
    }

    @Test
    @Order(9)
    void issued_client_identities_chain_to_the_org_s_ca_with_the_client_ou() throws Exception {
        FabricNetwork.Org org2 = network().org("org2");

        FabricNetwork.Identity zoe = org2.issueClientIdentity("zoe");

        assertThat(zoe.name()).isEqualTo("zoe@org2.example.com");
        assertThat(zoe.mspId()).isEqualTo("Org2MSP");
        Path orgDir = org2.mspDir().resolve("..").normalize();
        X509Certificate ca = cert(orgDir.resolve("ca/ca.org2.example.com-cert.pem"));
        X509Certificate cert = cert(zoe.certFile());
        cert.verify(ca.getPublicKey());
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(cert.getSubjectX500Principal().getName()).contains("OU=client", "CN=zoe@org2.example.com");
        cert(zoe.tlsCertFile())
                .verify(cert(orgDir.resolve("tlsca/tlsca.org2.example.com-cert.pem"))
                        .getPublicKey());
        assertThat(zoe.mspDir().resolve("config.yaml")).exists();
        assertThat(zoe.mspDir().resolve("cacerts/ca.org2.example.com-cert.pem")).exists();
        assertThat(Files.readString(zoe.keyFile())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(zoe.keyFile()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThatThrownBy(() -> org2.issueClientIdentity("Admin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> org2.issueClientIdentity("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static X509Certificate cert(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    @Order(10)
    void up_on_a_healthy_network_changes_nothing() {
        long t0 = System.nanoTime();
        FabricNetwork before = network();
        FabricNetwork again = devnet().up();
        System.out.printf("fabric devnet: warm up (already running) in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        assertThat(again).isEqualTo(before);
        assertThat(again.chaincodes()).hasSize(1);
        assertThat(devnet().healthy()).isTrue();
    }

    @Test
    @Order(11)
    void down_stops_every_node_and_frees_its_ports() throws Exception {
        FabricNetwork net = network();
        assertThat(net.pids())
                .as("orderer, peers and the HTLC chaincode server")
                .hasSize(4);
        FabricDevnet d = devnet();
        devnet = null;

        d.close();

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<Long> left = new ArrayList<>(net.pids());
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            left.removeIf(pid -> !alive(pid));
            Thread.sleep(100);
        }
        assertThat(left).as("node processes still alive after down").isEmpty();
        for (String address : net.listenAddresses()) {
            assertThat(bindable(address)).as("%s is free", address).isTrue();
        }
        assertThat(d.healthy()).isFalse();
    }

    /** A live process (a zombie waiting for its parent to reap it counts as gone). */
    private static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = Files.readString(stat);
            return !s.substring(s.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException e) {
            return Files.exists(stat);
        }
    }

    private static boolean bindable(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(
                    InetAddress.getByName(hostPort.substring(0, colon)),
                    Integer.parseInt(hostPort.substring(colon + 1))));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String healthz(String hostPort, Path caPem) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(trusting(caPem))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("https://" + hostPort + "/healthz"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode())
                .as("GET https://%s/healthz: %s", hostPort, r.body())
                .isEqualTo(200);
        return r.body();
    }

    private static SSLContext trusting(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static Config json(String text) {
        return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
    }
}
