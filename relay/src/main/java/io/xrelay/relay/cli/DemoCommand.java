/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckResponse;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.relay.devnet.ChainSpecs;
import io.xrelay.relay.devnet.DevnetException;
import io.xrelay.relay.devnet.DevnetSetup;
import io.xrelay.relay.devnet.LocalDevnet;
import io.xrelay.relay.proto.v1.Amount;
import io.xrelay.relay.proto.v1.AssetRef;
import io.xrelay.relay.proto.v1.Chain;
import io.xrelay.relay.proto.v1.ChainRef;
import io.xrelay.relay.proto.v1.ChainState;
import io.xrelay.relay.proto.v1.GetChainRequest;
import io.xrelay.relay.proto.v1.RegisterChainRequest;
import io.xrelay.relay.proto.v1.RegisterChainResponse;
import io.xrelay.relay.proto.v1.TransferState;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xrelay demo} (alias {@code quickstart}): the first run. Brings the devnets up ({@code devnet up}), runs the
 * relay on them as a child process, registers both chains over the admin API, sends one transfer from Fabric to
 * Ethereum and one back, printing every state, and prints a summary. The relay is stopped at the end unless
 * {@code --keep-relay}; the devnets stay up ({@code xrelay devnet down} stops them). A second run reuses what runs.
 */
@Command(
        name = "demo",
        aliases = "quickstart",
        mixinStandardHelpOptions = true,
        description = {
            "The first run: start the devnets (anvil and Fabric), run the relay, register both chains over the API and"
                    + " send one transfer Fabric -> Ethereum and one Ethereum -> Fabric, printing every state.",
            "Leaves the devnets up (stop them with `xrelay devnet down`)."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:both transfers COMPLETED", "1:a transfer did not complete, or a step failed"})
final class DemoCommand implements Callable<Integer> {
    private static final Duration RELAY_START = Duration.ofMinutes(3);
    private static final Duration CHAINS_FOLLOWING = Duration.ofMinutes(3);

    @Spec
    @Nullable
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "The devnet's folder [Default: ./.xrelay/devnet].")
    @Nullable
    Path dir;

    @Option(names = "--amount", paramLabel = "N", description = "Base units per transfer [Default: 100].")
    String amount = "100";

    @Option(names = "--keep-relay", description = "Leave the relay running at the end.")
    boolean keepRelay;

    private record Leg(String name, TransferSender.Outcome outcome) {}

    @Override
    public Integer call() throws Exception {
        CommandSpec s = Objects.requireNonNull(spec, "picocli injects the spec");
        PrintWriter out = s.commandLine().getOut();
        PrintWriter err = s.commandLine().getErr();
        Amount units = ApiText.amount("--amount", amount);
        LocalDevnet devnet = LocalDevnet.at(dir == null ? LocalDevnet.DEFAULT_DIR : dir);
        String stop = "./xrelay devnet down" + DevnetCommand.dirFlag(devnet);
        try {
            LocalDevnet.UpResult up = devnet.up(line -> {
                out.println(line);
                out.flush();
            });
            if (up.alreadyRunning()) {
                out.println("devnet: already running in " + devnet.dir() + " (anvil at " + up.rpcUrl() + ")");
            }
        } catch (DevnetException e) {
            err.println("xrelay: devnet: " + e.getMessage());
            return 1;
        }
        String token =
                Files.readString(devnet.tokenFile(), StandardCharsets.UTF_8).strip();
        @Nullable Process started = null;
        try {
            String address = runningRelay(devnet, token);
            if (address != null) {
                out.println("relay: already running, api at " + address);
            } else {
                started = startRelay(devnet, out);
                address = awaitApi(devnet, started, token);
                out.println("relay: api at " + address + " (log " + devnet.dir().resolve("relay.log") + ")");
            }
            out.flush();
            List<Leg> legs = new ArrayList<>();
            try (ApiClient client = ApiClient.connect(address, token, Duration.ofSeconds(30))) {
                registerChains(client, devnet, out);
                awaitFollowing(client, out);
                TransferSender.User alice = TransferSender.loadUser(devnet.userConfig(LocalDevnet.ETH_USER));
                TransferSender.User bob = TransferSender.loadUser(devnet.userConfig(LocalDevnet.FABRIC_USER));
                String ethToken = Objects.requireNonNull(alice.asset(), "alice.conf names her asset");
                String aliceAccount = alice.settings().getString("account");
                String bobAccount = bob.settings().getString("account");
                legs.add(leg(
                        client,
                        "Fabric -> Ethereum",
                        bob,
                        asset(DevnetSetup.FABRIC.value(), DevnetSetup.USD.id()),
                        asset(DevnetSetup.ETH.value(), ethToken),
                        aliceAccount,
                        units,
                        out));
                legs.add(leg(
                        client,
                        "Ethereum -> Fabric",
                        alice,
                        asset(DevnetSetup.ETH.value(), ethToken),
                        asset(DevnetSetup.FABRIC.value(), DevnetSetup.USD.id()),
                        bobAccount,
                        units,
                        out));
            } catch (StatusRuntimeException e) {
                err.println("xrelay: " + ApiClient.describe(e.getStatus(), address, Duration.ofSeconds(30)));
                return 1;
            }
            out.println();
            out.println("summary:");
            boolean ok = true;
            for (Leg l : legs) {
                out.printf(
                        "  %-20s %-10s %6.1f s  %s%n",
                        l.name(),
                        l.outcome().state(),
                        l.outcome().took().toMillis() / 1000.0,
                        ApiText.text(l.outcome().id()));
                ok &= l.outcome().state() == TransferState.COMPLETED;
            }
            return ok ? 0 : 1;
        } finally {
            if (started != null && !keepRelay) {
                out.println("relay: stopping (pid " + started.pid() + ")");
                stopRelay(started, devnet);
            } else if (started != null) {
                out.println("relay: left running (pid " + started.pid() + "); `" + stop + "` stops it too");
            }
            out.println("devnets: still up; stop them with `" + stop + "`");
            out.flush();
        }
    }

    private static Leg leg(
            ApiClient client,
            String name,
            TransferSender.User user,
            AssetRef source,
            AssetRef destination,
            String recipient,
            Amount amount,
            PrintWriter out) {
        out.println();
        out.println("transfer " + name + ": " + amount.getUnits() + " " + ApiText.text(source) + " from "
                + user.settings().getString("account") + " to " + recipient);
        out.flush();
        try (ChainAdapter adapter = TransferSender.adapter(user)) {
            return new Leg(
                    name,
                    TransferSender.send(client, adapter, source, destination, recipient, amount, null, true, out));
        }
    }

    private static AssetRef asset(String chain, String asset) {
        return AssetRef.newBuilder()
                .setChain(ChainRef.newBuilder().setId(chain))
                .setAsset(asset)
                .build();
    }

    /** The API address of a relay this command left running before, if it still answers SERVING. */
    private static @Nullable String runningRelay(LocalDevnet devnet, String token) throws IOException {
        long pid = readPid(devnet.relayPidFile());
        if (pid <= 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return null;
        }
        if (!Files.isRegularFile(devnet.apiAddressFile())) {
            return null;
        }
        String address = Files.readString(devnet.apiAddressFile(), StandardCharsets.UTF_8)
                .strip();
        try (ApiClient c = ApiClient.connect(address, token, Duration.ofSeconds(5))) {
            return c.health() == HealthCheckResponse.ServingStatus.SERVING ? address : null;
        }
    }

    private static Process startRelay(LocalDevnet devnet, PrintWriter out) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path jar;
        try {
            jar = Path.of(XRelay.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot find the xrelay jar", e);
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "the relay runs from the packaged jar (./xrelay builds it); this is " + jar);
        }
        Files.deleteIfExists(devnet.apiAddressFile());
        Path log = devnet.dir().resolve("relay.log");
        List<String> command =
                new ArrayList<>(List.of(java.toString(), "-Xmx768m", "--enable-native-access=ALL-UNNAMED"));
        String root = System.getProperty("xrelay.root");
        if (root != null) {
            command.add("-Dxrelay.root=" + root);
        }
        command.addAll(List.of(
                "-jar", jar.toString(), "run", "--config", devnet.relayConfig().toString()));
        Files.writeString(
                log,
                "# started " + Instant.now() + ": " + String.join(" ", command) + System.lineSeparator(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        out.println("relay: starting xrelay run --config " + devnet.relayConfig());
        out.flush();
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        Files.writeString(devnet.relayPidFile(), p.pid() + "\n", StandardCharsets.UTF_8);
        return p;
    }

    private static String awaitApi(LocalDevnet devnet, Process relay, String token)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RELAY_START.toNanos();
        Path log = devnet.dir().resolve("relay.log");
        while (System.nanoTime() < deadline) {
            if (!relay.isAlive()) {
                throw new IllegalStateException(
                        "the relay exited with " + relay.exitValue() + ": " + lastLine(log) + " (log " + log + ")");
            }
            if (Files.isRegularFile(devnet.apiAddressFile())) {
                String address = Files.readString(devnet.apiAddressFile(), StandardCharsets.UTF_8)
                        .strip();
                if (!address.isEmpty()) {
                    try (ApiClient c = ApiClient.connect(address, token, Duration.ofSeconds(5))) {
                        if (c.health() == HealthCheckResponse.ServingStatus.SERVING) {
                            return address;
                        }
                    }
                }
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "the relay's API was not SERVING within " + RELAY_START.toMinutes() + " min (log " + log + ")");
    }

    private static void registerChains(ApiClient client, LocalDevnet devnet, PrintWriter out) throws IOException {
        for (var chain : List.of(DevnetSetup.ETH, DevnetSetup.FABRIC)) {
            try {
                Chain c = client.admin()
                        .getChain(GetChainRequest.newBuilder()
                                .setChainId(chain.value())
                                .build());
                out.println("chain " + c.getChainId() + ": already registered (" + c.getState() + ")");
                continue;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                    throw e;
                }
            }
            RegisterChainRequest request =
                    ChainSpecs.fromJson(Files.readString(devnet.chainSpec(chain), StandardCharsets.UTF_8));
            out.println("chain " + chain + ": registering from " + devnet.chainSpec(chain));
            RegisterChainResponse r = client.admin().registerChain(request);
            ChainCommand.printChecks(out, r.getChecksList());
            out.println("chain " + chain + ": registered (" + r.getChain().getState() + ")");
            out.flush();
        }
    }

    private static void awaitFollowing(ApiClient client, PrintWriter out) throws InterruptedException {
        long deadline = System.nanoTime() + CHAINS_FOLLOWING.toNanos();
        while (true) {
            List<Chain> chains = client.admin()
                    .listChains(io.xrelay.relay.proto.v1.ListChainsRequest.getDefaultInstance())
                    .getChainsList();
            boolean all = chains.size() >= 2 && chains.stream().allMatch(c -> c.getState() == ChainState.FOLLOWING);
            if (all) {
                for (Chain c : chains) {
                    out.println("chain " + c.getChainId() + ": FOLLOWING, verified #"
                            + c.getVerifiedHead().getNumber());
                }
                out.flush();
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the chains did not all follow within " + CHAINS_FOLLOWING.toMinutes()
                        + " min: "
                        + String.join(
                                ", ",
                                chains.stream()
                                        .map(c -> c.getChainId() + " " + c.getState() + " " + c.getProblem())
                                        .toList()));
            }
            Thread.sleep(500);
        }
    }

    private static void stopRelay(Process relay, LocalDevnet devnet) {
        relay.destroy();
        try {
            if (!relay.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                relay.destroyForcibly();
                relay.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            relay.destroyForcibly();
        }
        try {
            Files.deleteIfExists(devnet.relayPidFile());
        } catch (IOException e) {
            // a stale pid file is read as a dead relay
        }
    }

    private static long readPid(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return -1;
        }
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).strip();
            }
        }
        return "";
    }
}
