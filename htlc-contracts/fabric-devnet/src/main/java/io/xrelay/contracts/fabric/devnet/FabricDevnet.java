/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A Fabric devnet started for a test: {@link #start(Path)} runs {@code fabric-devnet.sh up} on a state folder (the
 * script builds or finds the Fabric binaries through {@code scripts/fabric-tools.sh}), {@link #close()} runs
 * {@code down}, which stops exactly the processes the network started. A JVM shutdown hook runs {@code down} too,
 * so an interrupted test run leaves no node behind.
 *
 * <pre>{@code
 * try (FabricDevnet devnet = FabricDevnet.start(stateDir)) {
 *     String packageId = devnet.deployHtlc();           // the HTLC chaincode, served by a process of the network
 *     FabricNetwork net = devnet.network();             // now with net.chaincode("htlc")
 *     FabricNetwork.Identity alice = net.org("org1").issueClientIdentity("alice");
 *     ...
 * }
 * }</pre>
 *
 * <p>The script is {@code <xrelay.root>/integration-tests/devnet/fabric/fabric-devnet.sh}; the system property
 * {@code xrelay.root} (set by the build for tests) names the repository root, else it is searched for upwards from
 * the working directory.
 */
public final class FabricDevnet implements AutoCloseable {
    /** The default endorsement policy of {@link #deployCcaas(String, String)}: both organisations' peers. */
    public static final String BOTH_ORGS = "AND('Org1MSP.peer','Org2MSP.peer')";

    /** {@code up} may first build the Fabric binaries (minutes on a cold machine). */
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(20);

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private static final String SCRIPT = "integration-tests/devnet/fabric/fabric-devnet.sh";

    private final Path script;
    private final Path stateDir;
    private volatile FabricNetwork network;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private FabricDevnet(Path script, Path stateDir, FabricNetwork network) {
        this.script = script;
        this.stateDir = stateDir;
        this.network = network;
        this.shutdownHook = new Thread(this::downQuietly, "fabric-devnet-down");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** What one run of the devnet script printed: stdout carries results, stderr the progress and errors. */
    public record Result(int exitCode, String stdout, String stderr) {}

    /**
     * Starts the devnet in {@code stateDir} (created if needed; wiped when the network there is not up and healthy)
     * and waits until every node is healthy and has joined the channel.
     *
     * @throws IllegalStateException if the network did not start, with the script's output
     */
    public static FabricDevnet start(Path stateDir) {
        Path script = script();
        Path dir = stateDir.toAbsolutePath().normalize();
        Result up;
        try {
            up = run(script, dir, UP_TIMEOUT, List.of("up"));
        } catch (RuntimeException e) {
            runQuietly(script, dir, "down");
            throw e;
        }
        if (up.exitCode() != 0) {
            runQuietly(script, dir, "down");
            throw failure("up", up);
        }
        return new FabricDevnet(
                script, dir, FabricNetwork.read(Path.of(up.stdout().strip())));
    }

    /** The devnet script of this checkout: {@code <xrelay.root>/integration-tests/devnet/fabric/fabric-devnet.sh}. */
    public static Path script() {
        Path root = root();
        Path script = root.resolve(SCRIPT);
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("no executable devnet script at " + script + " (xrelay.root=" + root + ")");
        }
        return script;
    }

    /**
     * The repository root: the system property {@code xrelay.root}, else the nearest folder upwards from the working
     * directory that holds the devnet script.
     */
    static Path root() {
        String property = System.getProperty("xrelay.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath().normalize();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(SCRIPT))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the xrelay repository root: set the system property xrelay.root"
                + " (no " + SCRIPT + " above " + cwd + ")");
    }

    /** The network as {@code network.json} described it after the devnet started or last deployed a chaincode. */
    public FabricNetwork network() {
        return network;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** Runs {@code up} again: a no-op while the network is healthy. Returns the network it then describes. */
    public FabricNetwork up() {
        Result r = expectSuccess(run(script, stateDir, UP_TIMEOUT, List.of("up")), "up");
        FabricNetwork n = FabricNetwork.read(Path.of(r.stdout().strip()));
        network = n;
        return n;
    }

    /**
     * Deploys the HTLC chaincode as {@value HtlcChaincode#DEFAULT_NAME} with the endorsement policy
     * {@link #BOTH_ORGS}; see {@link #deployHtlc(String, String)}.
     */
    public String deployHtlc() {
        return deployHtlc(HtlcChaincode.DEFAULT_NAME, BOTH_ORGS);
    }

    /**
     * Deploys the HTLC chaincode as chaincode {@code name} with the endorsement policy {@code signaturePolicy}, the
     * peers reaching its server over TLS; see {@link #deployHtlc(String, String, boolean)}.
     */
    public String deployHtlc(String name, String signaturePolicy) {
        return deployHtlc(name, signaturePolicy, true);
    }

    /**
     * Deploys the HTLC chaincode of {@link HtlcChaincode#jar()} as chaincode {@code name} with the endorsement policy
     * {@code signaturePolicy} ({@code fabric-devnet.sh deploy-htlc}): packages it as a service on a free port,
     * starts its chaincode server as a process of this network (stopped by {@link #close()}), installs, approves and
     * commits it, and returns once both peers answer a query through it. {@link #network()} then lists it. Again
     * with the same jar, policy and TLS choice it only checks that the chaincode answers.
     *
     * @param tls whether the peers reach the server over TLS (a server certificate for 127.0.0.1 from Org1's TLS CA)
     * @return the package id ({@code name:sha256})
     * @throws IllegalStateException if the jar is missing or the deployment failed, with the script's output
     */
    public String deployHtlc(String name, String signaturePolicy, boolean tls) {
        Path jar = HtlcChaincode.jar();
        List<String> args =
                new ArrayList<>(List.of("deploy-htlc", jar.toString(), "--name", name, "--policy", signaturePolicy));
        if (!tls) {
            args.add("--no-tls");
        }
        Result r = expectSuccess(run(script, stateDir, COMMAND_TIMEOUT, args), "deploy-htlc " + name);
        network = FabricNetwork.read(stateDir.resolve("network.json"));
        return r.stdout().strip();
    }

    /** Whether {@code status} finds every node running and answering 200 on {@code /healthz}. */
    public boolean healthy() {
        return run(script, stateDir, COMMAND_TIMEOUT, List.of("status")).exitCode() == 0;
    }

    /** The output of {@code status}: one line per node, with its pid and health. */
    public Result status() {
        return run(script, stateDir, COMMAND_TIMEOUT, List.of("status"));
    }

    /**
     * Deploys chaincode {@code name} as a service reached at {@code address} ({@code host:port}, no TLS) with the
     * endorsement policy {@link #BOTH_ORGS}; see {@link #deployCcaas(String, String, String)}.
     */
    public String deployCcaas(String name, String address) {
        return deployCcaas(name, address, BOTH_ORGS);
    }

    /**
     * Packages chaincode {@code name} as a service listening at {@code address}, installs the package on both
     * peers, approves the definition (next sequence) for both organisations with {@code signaturePolicy} and
     * commits it.
     *
     * @return the package id ({@code label:sha256}), which the chaincode server takes as
     *     {@code CORE_CHAINCODE_ID_NAME}
     */
    public String deployCcaas(String name, String address, String signaturePolicy) {
        Result r = expectSuccess(
                run(
                        script,
                        stateDir,
                        COMMAND_TIMEOUT,
                        List.of("deploy-ccaas", name, address, "--policy", signaturePolicy)),
                "deploy-ccaas " + name);
        return r.stdout().strip();
    }

    /** {@code peer channel getinfo} on the organisation's peer: {@code {"height":N,"currentBlockHash":...}}. */
    public String channelInfo(String org) {
        return expectSuccess(
                        run(script, stateDir, COMMAND_TIMEOUT, List.of("channel-info", org)), "channel-info " + org)
                .stdout()
                .strip();
    }

    /** Runs the peer CLI as the organisation's admin against its peer, e.g. {@code peer("org1", "lifecycle", ...)}. */
    public Result peer(String org, String... args) {
        List<String> command = new ArrayList<>(List.of("peer", org));
        command.addAll(List.of(args));
        return run(script, stateDir, COMMAND_TIMEOUT, command);
    }

    /**
     * Runs {@code down}: stops the orderer, the peers and the chaincode servers and waits until they have exited.
     *
     * @throws IllegalStateException if {@code down} failed
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down; the hook runs down itself.
        }
        expectSuccess(run(script, stateDir, COMMAND_TIMEOUT, List.of("down")), "down");
    }

    private void downQuietly() {
        if (closed.compareAndSet(false, true)) {
            runQuietly(script, stateDir, "down");
        }
    }

    private static void runQuietly(Path script, Path stateDir, String command) {
        try {
            Result r = run(script, stateDir, COMMAND_TIMEOUT, List.of(command));
            if (r.exitCode() != 0) {
                System.err.println("fabric-devnet " + command + " failed: " + r.stderr());
            }
        } catch (RuntimeException e) {
            System.err.println("fabric-devnet " + command + " failed: " + e);
        }
    }

    private static Result expectSuccess(Result r, String what) {
        if (r.exitCode() != 0) {
            throw failure(what, r);
        }
        return r;
    }

    private static IllegalStateException failure(String what, Result r) {
        return new IllegalStateException("fabric-devnet.sh " + what + " exited with " + r.exitCode() + "; stderr:\n"
                + r.stderr() + (r.stdout().isBlank() ? "" : "\nstdout:\n" + r.stdout()));
    }

    /**
     * Runs the devnet script on a state folder; output goes through files, so a node that inherited nothing of ours
     * can never hold a pipe open.
     */
    static Result run(Path script, Path stateDir, Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>(List.of(script.toString(), "--state", stateDir.toString()));
        command.addAll(args);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("fabric-devnet", ".out");
            err = Files.createTempFile("fabric-devnet", ".err");
            Process p = new ProcessBuilder(command)
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("fabric-devnet.sh " + String.join(" ", args) + " did not finish in "
                        + timeout + "; stderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(@Nullable Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file left behind is harmless.
            }
        }
    }
}
