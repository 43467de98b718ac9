/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.xrelay.relay.devnet.ChainSpecs;
import io.xrelay.relay.devnet.LocalDevnet;
import io.xrelay.relay.proto.v1.RegisterChainRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code xrelay devnet up|status|down} as an operator runs them, each a process of the packaged jar on one folder:
 * {@code up} leaves both devnets running after it exits with the operator's files written, a second {@code up}
 * changes nothing, {@code status} shows every node up with its height, and {@code down} leaves no process running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevnetCommandIT {
    private Path dir;
    private LocalDevnet devnet;
    private Cli up;

    record Cli(int exit, String out) {}

    @BeforeAll
    void up() throws IOException {
        Path base = Files.createDirectories(Devnets.root().resolve("integration-tests/target/it-relay"));
        dir = Files.createTempDirectory(base, "devnet-cli-");
        devnet = LocalDevnet.at(dir);
        long t0 = System.nanoTime();
        up = xrelay("devnet", "up", "--dir", dir.toString());
        System.out.printf("devnet-cli: devnet up took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    void down() {
        if (devnet != null) {
            devnet.down();
        }
    }

    @Test
    @Order(1)
    void up_starts_both_devnets_and_writes_the_operators_files() throws IOException {
        assertThat(up.exit()).as(up.out()).isZero();
        assertThat(up.out()).contains("devnet: up in " + dir);
        assertThat(devnet.anvilPid()).isPresent();
        assertThat(devnet.fabricPids()).hasSizeGreaterThanOrEqualTo(4); // orderer, two peers, chaincode server

        String token =
                Files.readString(dir.resolve("token"), StandardCharsets.UTF_8).strip();
        assertThat(token).hasSize(64);
        assertThat(mode(dir.resolve("token"))).isEqualTo("rw-------");
        Config relay =
                ConfigFactory.parseFile(dir.resolve("relay.conf").toFile()).resolve();
        assertThat(relay.getString("xrelay.data-dir"))
                .isEqualTo(dir.resolve("relay-data").toString());
        assertThat(relay.getList("xrelay.chains")).isEmpty();
        assertThat(relay.getConfigList("xrelay.pairs")).hasSize(2);
        Config credential = relay.getConfigList("xrelay.api.auth.tokens").get(0);
        assertThat(credential.getString("sha256")).isEqualTo(LocalDevnet.sha256Hex(token));
        assertThat(credential.getStringList("roles")).containsExactlyInAnyOrder("admin", "dapp");
        assertThat(Files.readString(dir.resolve("relay.conf"))).doesNotContain(token);

        RegisterChainRequest eth = ChainSpecs.fromJson(Files.readString(dir.resolve("chains/eth-dev.json")));
        assertThat(eth.getChainId()).isEqualTo("eth-dev");
        assertThat(eth.getEthereum().getRpcUrl()).startsWith("http://127.0.0.1:");
        Path ethKey = Path.of(eth.getEthereum().getSignerKey().getFile());
        assertThat(ethKey).startsWith(dir.resolve("keys"));
        assertThat(mode(ethKey)).isEqualTo("rw-------");
        RegisterChainRequest fabric = ChainSpecs.fromJson(Files.readString(dir.resolve("chains/fabric-dev.json")));
        assertThat(fabric.getFabric().getConfirmingPeersList()).hasSize(2);
        Path fabricKey = Path.of(fabric.getFabric().getSignerPrivateKey().getFile());
        assertThat(mode(fabricKey)).isEqualTo("rw-------");
        assertThat(Path.of(fabric.getFabric().getTrustAnchorConfigBlock().getFile()))
                .isRegularFile();

        Config alice = ConfigFactory.parseFile(dir.resolve("users/alice.conf").toFile());
        assertThat(alice.getString("id")).isEqualTo("eth-dev");
        assertThat(mode(Path.of(alice.getString("signer-key-file")))).isEqualTo("rw-------");
        Config bob = ConfigFactory.parseFile(dir.resolve("users/bob.conf").toFile());
        assertThat(bob.getString("id")).isEqualTo("fabric-dev");
        assertThat(bob.getString("asset")).isEqualTo("USD");
        try (var setup = devnet.attach()) {
            assertThat(setup.balance(
                            Devnets.ETH, io.xrelay.adapter.Account.of(alice.getString("account")), setup.token()))
                    .isEqualTo(LocalDevnet.USER_FUNDS);
            assertThat(setup.balance(
                            Devnets.FABRIC, io.xrelay.adapter.Account.of(bob.getString("account")), Devnets.USD))
                    .isEqualTo(LocalDevnet.USER_FUNDS);
            assertThat(setup.operatorBalance(Devnets.ETH)).isEqualTo(Devnets.OPERATOR_FUNDS);
            assertThat(setup.operatorBalance(Devnets.FABRIC)).isEqualTo(Devnets.OPERATOR_FUNDS);
        }
    }

    @Test
    @Order(2)
    void status_shows_every_node_up_with_its_height() throws IOException {
        Cli status = xrelay("devnet", "status", "--dir", dir.toString());
        assertThat(status.exit()).as(status.out()).isZero();
        assertThat(status.out()).containsPattern("anvil +up +height \\d+");
        assertThat(status.out()).containsPattern("peer0.org1.example.com +up +height \\d+");
        assertThat(status.out()).contains("orderer.example.com").contains("peer0.org2.example.com");
    }

    @Test
    @Order(3)
    void up_on_a_running_devnet_changes_nothing() throws IOException {
        String token = Files.readString(dir.resolve("token"));
        long anvil = devnet.anvilPid().orElseThrow();
        List<Long> fabric = devnet.fabricPids();

        Cli again = xrelay("devnet", "up", "--dir", dir.toString());

        assertThat(again.exit()).as(again.out()).isZero();
        assertThat(again.out()).contains("already running").contains("nothing changed");
        assertThat(Files.readString(dir.resolve("token"))).isEqualTo(token);
        assertThat(devnet.anvilPid()).hasValue(anvil);
        assertThat(devnet.fabricPids()).containsExactlyInAnyOrderElementsOf(fabric);
    }

    @Test
    @Order(4)
    void down_stops_every_process_and_says_what_it_stopped() throws IOException {
        List<Long> pids = new ArrayList<>(devnet.fabricPids());
        pids.add(devnet.anvilPid().orElseThrow());

        Cli down = xrelay("devnet", "down", "--dir", dir.toString());

        assertThat(down.exit()).as(down.out()).isZero();
        assertThat(down.out()).contains("stopped anvil (pid").contains("stopped the Fabric devnet");
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("process %d", pid)
                    .isFalse();
        }
        Cli status = xrelay("devnet", "status", "--dir", dir.toString());
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.out()).containsPattern("anvil +down");
        Cli downAgain = xrelay("devnet", "down", "--dir", dir.toString());
        assertThat(downAgain.out()).contains("nothing was running");
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    /** Runs the packaged command line as a process; returns its exit code and its stdout and stderr together. */
    static Cli xrelay(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dxrelay.root=" + Devnets.root(),
                "-jar",
                RelayProcess.jar().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("xrelay-cli", ".out");
        try {
            Process p = new ProcessBuilder(command)
                    .directory(Devnets.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!p.waitFor(25, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("xrelay " + String.join(" ", args) + " did not finish");
            }
            return new Cli(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
