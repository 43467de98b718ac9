/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import io.xrelay.contracts.fabric.devnet.FabricNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.protos.common.Block;

/**
 * The Fabric devnet of {@code integration-tests/devnet/fabric/fabric-devnet.sh}, driven from a test: {@code up} on a
 * state folder, the peer CLI through the script, blocks fetched from org1's peer (with their validation codes), and
 * {@code down} on close, also from a shutdown hook if the JVM stops first.
 */
final class DevnetScript implements AutoCloseable {
    static final String CHANNEL = "xrelay";
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern HEIGHT = Pattern.compile("\"height\":(\\d+)");

    private final Path script;
    private final Path state;
    private final String networkJson;
    private final Thread hook;

    private DevnetScript(Path root, Path state, String networkJson) {
        this.script = root.resolve("integration-tests/devnet/fabric/fabric-devnet.sh");
        this.state = state;
        this.networkJson = networkJson;
        this.hook = new Thread(this::downQuietly, "fabric-devnet-down");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static Path root() {
        return Path.of(System.getProperty("xrelay.root", "../.."))
                .toAbsolutePath()
                .normalize();
    }

    /** Starts a devnet in {@code state} (an empty or earlier devnet state folder). */
    static DevnetScript up(Path state) {
        Path root = root();
        Path script = root.resolve("integration-tests/devnet/fabric/fabric-devnet.sh");
        String out;
        try {
            out = run(script, state, UP_TIMEOUT, Map.of(), "up");
        } catch (RuntimeException e) {
            try {
                run(script, state, TIMEOUT, Map.of(), "down");
            } catch (RuntimeException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
        try {
            return new DevnetScript(root, state, Files.readString(Path.of(out.strip())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command of the devnet script; returns its standard output. */
    String script(String... args) {
        return run(script, state, TIMEOUT, Map.of(), args);
    }

    /** The value of the string field {@code key} that follows {@code after} in network.json. */
    String network(String after, String key) {
        int from = networkJson.indexOf(after);
        if (from < 0) {
            throw new IllegalStateException("network.json has no " + after);
        }
        Matcher m =
                Pattern.compile("\"" + Pattern.quote(key) + "\": \"([^\"]*)\"").matcher(networkJson);
        if (!m.find(from)) {
            throw new IllegalStateException("network.json has no " + key + " after " + after);
        }
        return m.group(1);
    }

    Path state() {
        return state;
    }

    Path bin() {
        return Path.of(network("\"binDir\"", "binDir"));
    }

    /** The channel height org1's peer reports. */
    long height() {
        Matcher m = HEIGHT.matcher(script("channel-info", "org1"));
        if (!m.find()) {
            throw new IllegalStateException("channel-info printed no height");
        }
        return Long.parseLong(m.group(1));
    }

    /** Block {@code number} as org1's peer serves it (with its TRANSACTIONS_FILTER), as raw bytes. */
    byte[] fetch(long number) {
        Path file = state.resolve("fetched-" + number + ".block");
        script("peer", "org1", "channel", "fetch", Long.toString(number), file.toString(), "-c", CHANNEL);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Block block(long number) {
        try {
            return Block.parseFrom(fetch(number));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deploys the HTLC chaincode as {@code htlc} (both orgs' peers must endorse) from the built jar. */
    void deployHtlc() {
        Path jar = root().resolve("htlc-contracts/fabric-chaincode/target/xrelay-htlc-chaincode.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no chaincode jar " + jar + ": build with -am so the reactor makes it");
        }
        script("deploy-htlc", jar.toString());
    }

    /** A Gateway client of {@code chaincode} as {@code user} (Admin or User1) of {@code org} (org1 or org2). */
    GatewayClient client(String org, String user, String chaincode) {
        Path orgDir = state.resolve("crypto/peerOrganizations/" + org + ".example.com");
        String name = user + "@" + org + ".example.com";
        Path msp = orgDir.resolve("users/" + name + "/msp");
        String orgJson = "\"name\": \"" + org + "\"";
        return new GatewayClient(
                network(orgJson, "address"),
                Path.of(network(orgJson, "tlsCaFile")),
                network(orgJson, "mspId"),
                msp.resolve("signcerts/" + name + "-cert.pem"),
                msp.resolve("keystore/priv_sk"),
                chaincode);
    }

    /** A Gateway client of {@code chaincode} as a new client identity {@code name} of {@code org}. */
    GatewayClient newClient(String org, String name, String chaincode) {
        FabricNetwork net = FabricNetwork.read(state.resolve("network.json"));
        FabricNetwork.Org o = net.org(org);
        FabricNetwork.Identity id = o.issueClientIdentity(name);
        return new GatewayClient(
                o.peer().address(), o.peer().tlsCaFile(), id.mspId(), id.certFile(), id.keyFile(), chaincode);
    }

    /** Waits until org1's peer has at least {@code height} blocks. */
    void awaitHeight(long height) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (height() < height) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the channel did not reach height " + height);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /**
     * Runs the peer CLI of the devnet's binaries as the orderer org's admin (for channel config updates), talking
     * to the orderer over TLS.
     */
    String peerAsOrdererAdmin(String... args) {
        Path crypto = state.resolve("crypto/ordererOrganizations/example.com");
        List<String> command = new ArrayList<>();
        command.add(bin().resolve("peer").toString());
        command.addAll(List.of(args));
        command.addAll(List.of(
                "-o", network("\"orderer\"", "address"), "--tls", "--cafile", network("\"orderer\"", "tlsCaFile")));
        Map<String, String> env = Map.of(
                "FABRIC_CFG_PATH", bin().toString(),
                "FABRIC_LOGGING_SPEC", "warning",
                "CORE_PEER_LOCALMSPID", "OrdererMSP",
                "CORE_PEER_MSPCONFIGPATH",
                        crypto.resolve("users/Admin@example.com/msp").toString(),
                "CORE_PEER_TLS_ENABLED", "true");
        return exec(command, state, TIMEOUT, env);
    }

    @Override
    public void close() {
        try {
            script("down");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private void downQuietly() {
        try {
            script("down");
        } catch (RuntimeException e) {
            System.err.println("fabric-devnet down failed: " + e.getMessage());
        }
    }

    private static String run(Path script, Path state, Duration timeout, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.add("--state");
        command.add(state.toString());
        command.addAll(List.of(args));
        return exec(command, state, timeout, env);
    }

    private static String exec(List<String> command, Path dir, Duration timeout, Map<String, String> env) {
        try {
            Files.createDirectories(dir);
            Path out = Files.createTempFile("devnet", ".out");
            Path err = Files.createTempFile("devnet", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(
                                Path.of("/dev/null").toFile()))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException(command + " did not finish within " + timeout + "; stderr:\n"
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(command + " exited with " + p.exitValue() + "; stderr:\n"
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }
}
