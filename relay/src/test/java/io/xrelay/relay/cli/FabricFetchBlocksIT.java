/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.fabric.FabricBlockCheck;
import io.xrelay.contracts.fabric.devnet.FabricDevnet;
import io.xrelay.contracts.fabric.devnet.FabricNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xrelay fabric fetch-blocks} against a real devnet (the HTLC chaincode deployed, so the channel has blocks
 * beyond its genesis block): the saved files are the channel's blocks, and they verify from the genesis block.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FabricFetchBlocksIT {
    private @Nullable FabricDevnet devnet;
    private @Nullable Path config;

    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {}

    private static Run xrelay(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = XRelay.run(InputStream.nullInputStream(), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    void startDevnet() throws IOException {
        Path root = Path.of(System.getProperty("xrelay.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path target = root.resolve("relay/target");
        Files.createDirectories(target);
        FabricDevnet d = FabricDevnet.start(Files.createTempDirectory(target, "fabric-fetch-"));
        devnet = d;
        d.deployHtlc();
        config = writeConfig(d.network(), d.network().org("Org1MSP").peer().address(), target);
    }

    @AfterAll
    void stopDevnet() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void saves_every_block_of_the_channel_and_they_verify_from_the_genesis_block() {
        Path out = tmp.resolve("blocks");

        Run run = xrelay(
                "fabric", "fetch-blocks", "--config", config().toString(), "--from", "0", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        long height = height();
        assertThat(run.out())
                .isEqualTo(
                        "saved " + height + " blocks (#0..#" + (height - 1) + ") to " + out + System.lineSeparator());
        List<Path> later = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        for (long n = 1; n < height; n++) {
            later.add(out.resolve(n + ".block"));
            numbers.add(n);
        }
        assertThat(out.resolve("0.block")).isRegularFile();
        assertThat(later).hasSizeGreaterThanOrEqualTo(3);
        List<FabricBlockCheck.Result> checked = FabricBlockCheck.verify(out.resolve("0.block"), later);
        assertThat(checked).extracting(FabricBlockCheck.Result::number).containsExactlyElementsOf(numbers);
        assertThat(checked).allSatisfy(r -> assertThat(r.rejection()).isEmpty());
    }

    @Test
    void saves_the_range_asked_for() throws IOException {
        Path out = tmp.resolve("range");

        Run run = xrelay(
                "fabric",
                "fetch-blocks",
                "--config",
                config().toString(),
                "--from",
                "1",
                "--to",
                "2",
                "--out",
                out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("saved 2 blocks (#1..#2)");
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly("1.block", "2.block");
        }
    }

    @Test
    void a_block_beyond_the_newest_is_refused_naming_the_newest() {
        long newest = height() - 1;

        Run from = xrelay(
                "fabric", "fetch-blocks", "--config", config().toString(), "--from", "1000", "--out", tmp.toString());
        Run to = xrelay(
                "fabric",
                "fetch-blocks",
                "--config",
                config().toString(),
                "--from",
                "0",
                "--to",
                "1000",
                "--out",
                tmp.toString());

        assertThat(from.exitCode()).isEqualTo(2);
        assertThat(from.err()).startsWith("xrelay: --from 1000 is above the newest block " + newest);
        assertThat(to.exitCode()).isEqualTo(2);
        assertThat(to.err()).startsWith("xrelay: --to 1000 is above the newest block " + newest);
    }

    @Test
    void an_unreachable_gateway_peer_exits_with_1() throws IOException {
        Path unreachable = writeConfig(devnet().network(), "127.0.0.1:1", tmp);

        Run run = xrelay(
                "fabric", "fetch-blocks", "--config", unreachable.toString(), "--from", "0", "--out", tmp.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .startsWith("xrelay: fabric-devnet: channel height: ")
                .contains("UNAVAILABLE");
    }

    private FabricDevnet devnet() {
        return Objects.requireNonNull(devnet, "devnet");
    }

    private Path config() {
        return Objects.requireNonNull(config, "config");
    }

    private long height() {
        String info = devnet().channelInfo("org1");
        return Long.parseLong(info.replaceAll(".*\"height\":([0-9]+).*", "$1"));
    }

    /** An adapter configuration signing as Org1's User1, with its gateway at {@code gatewayAddress}. */
    private static Path writeConfig(FabricNetwork net, String gatewayAddress, Path dir) throws IOException {
        FabricNetwork.Org org1 = net.org("Org1MSP");
        FabricNetwork.Org org2 = net.org("Org2MSP");
        String conf = String.join(
                "\n",
                "id = fabric-devnet",
                "type = fabric",
                "channel = " + net.channel(),
                "endorsement-policy = \"AND('Org1MSP.peer','Org2MSP.peer')\"",
                "signer { msp-id = Org1MSP, certificate-file = \"" + org1.user().certFile()
                        + "\", private-key-file = \"" + org1.user().keyFile() + "\" }",
                "gateway { address = \"" + gatewayAddress + "\", tls-ca-file = \""
                        + org1.peer().tlsCaFile() + "\" }",
                "confirming-peers = [",
                "  { msp-id = Org1MSP, address = \"" + org1.peer().address() + "\", tls-ca-file = \""
                        + org1.peer().tlsCaFile() + "\" }",
                "  { msp-id = Org2MSP, address = \"" + org2.peer().address() + "\", tls-ca-file = \""
                        + org2.peer().tlsCaFile() + "\" }",
                "]",
                "trust-anchor.config-block-file = \"" + net.stateDir().resolve("config/" + net.channel() + ".block")
                        + "\"",
                "request-timeout = 5s",
                "");
        Path file = Files.createTempFile(dir, "fabric-", ".conf");
        Files.writeString(file, conf, StandardCharsets.UTF_8);
        return file;
    }
}
