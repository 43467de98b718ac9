/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.devnet;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import io.xrelay.adapter.ChainId;
import io.xrelay.contracts.evm.devnet.Anvil;
import io.xrelay.contracts.evm.devnet.AnvilOptions;
import io.xrelay.contracts.fabric.devnet.FabricDevnet;
import io.xrelay.contracts.fabric.devnet.FabricNetwork;
import io.xrelay.contracts.fabric.devnet.HtlcChaincode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The devnets of {@code xrelay devnet}, kept in one folder and running on after the command exits: anvil (one block a
 * second, its pid in {@code anvil.pid}, its log in {@code anvil.log}) and the Fabric devnet ({@code fabric-devnet.sh}
 * on the state folder {@code fabric/}), set up by {@link DevnetSetup}, with what an operator needs to run the relay on
 * them:
 *
 * <ul>
 *   <li>{@code relay.conf}: data-dir {@code relay-data}, an API credential with roles admin and dapp (its sha256 only),
 *       both pairs, no chains (they are registered over the API);
 *   <li>{@code token}: that credential (mode 600);
 *   <li>{@code chains/eth-dev.json}, {@code chains/fabric-dev.json}: the chains' RegisterChainRequest, secrets as
 *       files under {@code keys/} (mode 600);
 *   <li>{@code users/alice.conf} (Ethereum, RUSD) and {@code users/bob.conf} (Fabric, USD): a funded demo user's
 *       chain entry for {@code xrelay transfer send}.
 * </ul>
 *
 * {@link #up} on a devnet that runs changes nothing; a devnet that runs only in part is stopped and started afresh.
 */
public final class LocalDevnet {
    /** The default folder, relative to the working directory. */
    public static final Path DEFAULT_DIR = Path.of(".xrelay", "devnet");

    /** What each demo user gets: RUSD on Ethereum, USD on Fabric. */
    public static final BigInteger USER_FUNDS = BigInteger.valueOf(1_000_000L);

    /** The demo users: alice on Ethereum, bob on Fabric. */
    public static final String ETH_USER = "alice";

    public static final String FABRIC_USER = "bob";

    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration ANVIL_START = Duration.ofSeconds(60);
    private static final Duration FABRIC_UP = Duration.ofMinutes(20);
    private static final Duration FABRIC_COMMAND = Duration.ofMinutes(3);

    private final Path dir;

    private LocalDevnet(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The devnet kept in {@code dir} (nothing is read or started yet). */
    public static LocalDevnet at(Path dir) {
        return new LocalDevnet(dir);
    }

    /** One node's state for {@link #status}. */
    public record NodeStatus(String name, boolean up, long height, String detail) {
        /** {@code anvil  up  height 42  http://127.0.0.1:PORT}. */
        public String line() {
            return String.format(
                    "%-24s %-4s %s%s",
                    name, up ? "up" : "down", up && height >= 0 ? "height " + height + "  " : "", detail);
        }
    }

    /** What {@link #up} did. */
    public record UpResult(boolean alreadyRunning, String rpcUrl, Path relayConfig) {}

    public Path dir() {
        return dir;
    }

    public Path relayConfig() {
        return dir.resolve("relay.conf");
    }

    public Path tokenFile() {
        return dir.resolve("token");
    }

    public Path relayDataDir() {
        return dir.resolve("relay-data");
    }

    /** Where the relay writes its API address once it listens. */
    public Path apiAddressFile() {
        return relayDataDir().resolve("api.address");
    }

    public Path chainSpec(ChainId chain) {
        return dir.resolve("chains").resolve(chain.value() + ".json");
    }

    public Path userConfig(String name) {
        return dir.resolve("users").resolve(name + ".conf");
    }

    /** The pid file of a relay a caller started on this devnet and left running ({@code demo --keep-relay}). */
    public Path relayPidFile() {
        return dir.resolve("relay.pid");
    }

    private Path stateFile() {
        return dir.resolve("devnet.conf");
    }

    private Path anvilPidFile() {
        return dir.resolve("anvil.pid");
    }

    private Path fabricState() {
        return dir.resolve("fabric");
    }

    // ---- up ------------------------------------------------------------------------------------------------------

    /**
     * Starts and sets up both devnets and writes the operator's files, unless they already run (then nothing
     * changes). {@code progress} gets one line per step.
     *
     * @throws DevnetException if a tool is missing or a devnet does not start, in one line
     */
    public UpResult up(Consumer<String> progress) {
        Optional<Config> state = readState();
        if (state.isPresent() && allUp(state.get())) {
            return new UpResult(true, state.get().getString("rpc-url"), relayConfig());
        }
        if (state.isPresent()
                || Files.exists(anvilPidFile())
                || Files.exists(fabricState().resolve("ports.env"))) {
            progress.accept("devnet: a previous devnet in " + dir + " runs only in part; stopping what is left");
            down();
        }
        Path anvilBinary = locateAnvil();
        Path script = locateScript();
        Path jar = locateChaincode();
        mkdirs(dir);
        long anvilPid = -1;
        try {
            progress.accept("devnet: starting anvil (1-second blocks) ...");
            int port;
            anvilPid = startAnvil(anvilBinary);
            port = awaitAnvilPort(anvilPid);
            String rpcUrl = "http://127.0.0.1:" + port;
            progress.accept(
                    "devnet: anvil at " + rpcUrl + " (pid " + anvilPid + ", log " + dir.resolve("anvil.log") + ")");
            progress.accept("devnet: starting the Fabric devnet (orderer, two peers; minutes the first time) ...");
            runScript(script, FABRIC_UP, "up");
            progress.accept("devnet: deploying the HTLC chaincode ...");
            runScript(script, FABRIC_COMMAND, "deploy-htlc", jar.toString());
            FabricNetwork network = FabricNetwork.read(fabricState().resolve("network.json"));
            progress.accept("devnet: deploying the HTLC contract and the RUSD token, funding the operator ...");
            try (DevnetSetup setup = DevnetSetup.deploy(rpcUrl, AnvilOptions.DEFAULT_CHAIN_ID, network)) {
                progress.accept("devnet: funding the demo users " + ETH_USER + " (Ethereum) and " + FABRIC_USER
                        + " (Fabric) ...");
                DevnetSetup.EthUser alice = setup.newEthUser(USER_FUNDS);
                FabricNetwork.Identity bob = setup.newFabricUser(FABRIC_USER, USER_FUNDS);
                writeFiles(setup, alice, bob);
                writeState(setup.deployment(), anvilPid);
            }
            return new UpResult(false, rpcUrl, relayConfig());
        } catch (RuntimeException e) {
            try {
                down();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof DevnetException d ? d : new DevnetException(oneLine(e), e);
        }
    }

    private long startAnvil(Path binary) {
        Path log = dir.resolve("anvil.log");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // its own session: a Ctrl-C in the terminal does not reach it
        }
        command.addAll(List.of(
                binary.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--chain-id",
                Long.toString(AnvilOptions.DEFAULT_CHAIN_ID),
                "--block-time",
                Long.toString(DevnetSetup.BLOCK_TIME.toSeconds()),
                "--color",
                "never"));
        try {
            Files.deleteIfExists(log);
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            writeString(anvilPidFile(), Long.toString(p.pid()) + "\n");
            return p.pid();
        } catch (IOException e) {
            throw new DevnetException("cannot start anvil (" + binary + "): " + e.getMessage(), e);
        }
    }

    private int awaitAnvilPort(long pid) {
        Path log = dir.resolve("anvil.log");
        long deadline = System.nanoTime() + ANVIL_START.toNanos();
        while (System.nanoTime() < deadline) {
            String text = readOr(log, "");
            Matcher m = LISTENING.matcher(text);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!alive(pid)) {
                throw new DevnetException("anvil exited before listening: " + lastLine(text) + " (log " + log + ")");
            }
            sleep(50);
        }
        throw new DevnetException("anvil did not listen within " + ANVIL_START.toSeconds() + " s (log " + log + ")");
    }

    private void writeFiles(DevnetSetup setup, DevnetSetup.EthUser alice, FabricNetwork.Identity bob) {
        Path keys = mkdirs(dir.resolve("keys"));
        Path ethKey = writeSecret(keys.resolve("eth-operator.key"), DevnetSetup.operatorEthKey());
        Path fabricKey = copySecret(setup.deployment().operatorFabric().keyFile(), keys.resolve("fabric-operator.key"));
        Path aliceKey = writeSecret(keys.resolve(ETH_USER + ".key"), alice.privateKey());
        Path bobKey = copySecret(bob.keyFile(), keys.resolve(FABRIC_USER + ".key"));

        mkdirs(dir.resolve("chains"));
        writeString(chainSpec(DevnetSetup.ETH), ChainSpecs.toJson(ChainSpecs.ethereum(setup, ethKey)));
        writeString(chainSpec(DevnetSetup.FABRIC), ChainSpecs.toJson(ChainSpecs.fabric(setup, fabricKey)));

        mkdirs(dir.resolve("users"));
        Map<String, Object> aliceEntry = new LinkedHashMap<>();
        aliceEntry.put("id", DevnetSetup.ETH.value());
        aliceEntry.put("type", "ethereum");
        aliceEntry.put("account", alice.account().value());
        aliceEntry.put("asset", setup.token().id());
        aliceEntry.putAll(setup.ethSettings(null));
        aliceEntry.put("signer-key-file", aliceKey.toString());
        writeString(
                userConfig(ETH_USER),
                render(
                        "# " + ETH_USER + ", a demo user on " + DevnetSetup.ETH + " holding RUSD: a chain entry for"
                                + " `xrelay transfer send --user`.",
                        ConfigFactory.parseMap(aliceEntry)));
        Map<String, Object> bobEntry = new LinkedHashMap<>();
        bobEntry.put("id", DevnetSetup.FABRIC.value());
        bobEntry.put("type", "fabric");
        bobEntry.put("account", setup.fabricAccount(bob).value());
        bobEntry.put("asset", DevnetSetup.USD.id());
        Map<String, Object> bobSettings = new LinkedHashMap<>(setup.fabricSettings(bob));
        bobSettings.put(
                "signer",
                Map.of(
                        "msp-id", bob.mspId(),
                        "certificate-file", bob.certFile().toString(),
                        "private-key-file", bobKey.toString()));
        bobEntry.putAll(bobSettings);
        writeString(
                userConfig(FABRIC_USER),
                render(
                        "# " + FABRIC_USER + ", a demo user on " + DevnetSetup.FABRIC + " holding USD: a chain entry"
                                + " for `xrelay transfer send --user`.",
                        ConfigFactory.parseMap(bobEntry)));

        String token = newToken();
        writeSecret(tokenFile(), token + "\n");
        Map<String, Object> xrelay = new LinkedHashMap<>();
        xrelay.put("data-dir", relayDataDir().toString());
        xrelay.put("persistence", Map.of("backend", "h2"));
        xrelay.put(
                "api",
                Map.of(
                        "auth",
                        Map.of(
                                "mode",
                                "token",
                                "tokens",
                                List.of(Map.of(
                                        "name",
                                        "devnet-operator",
                                        "sha256",
                                        sha256Hex(token),
                                        "roles",
                                        List.of("admin", "dapp"))))));
        xrelay.put("chains", List.of());
        xrelay.put("pairs", setup.pairs());
        xrelay.put("timing", DevnetSetup.timing());
        mkdirs(relayDataDir());
        writeString(
                relayConfig(),
                render(
                        "# The relay's configuration for the devnets in this folder (written by `xrelay devnet up`)."
                                + "\n# The chains are registered over the API: xrelay chain register --file"
                                + " chains/<id>.json",
                        ConfigFactory.empty().withValue("xrelay", ConfigValueFactory.fromMap(xrelay))));
    }

    private void writeState(DevnetSetup.Deployment d, long anvilPid) {
        FabricNetwork.Identity op = d.operatorFabric();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rpc-url", d.rpcUrl());
        m.put("evm-chain-id", d.evmChainId());
        m.put("htlc", d.htlc());
        m.put("token", d.token());
        m.put("unlisted-token", d.unlistedToken());
        m.put("genesis-hash", d.genesisHash());
        m.put("anvil-pid", anvilPid);
        m.put(
                "operator-fabric",
                Map.of(
                        "name", op.name(),
                        "msp-id", op.mspId(),
                        "msp-dir", op.mspDir().toString(),
                        "cert-file", op.certFile().toString(),
                        "key-file", op.keyFile().toString(),
                        "tls-cert-file", op.tlsCertFile().toString(),
                        "tls-key-file", op.tlsKeyFile().toString()));
        writeString(stateFile(), render("# The running devnets (xrelay devnet).", ConfigFactory.parseMap(m)));
    }

    /** The set-up of the running devnets, for callers that act on them (balances, users). */
    public DevnetSetup attach() {
        Config s = readState()
                .orElseThrow(() -> new DevnetException("no devnet in " + dir + ": run `xrelay devnet up` first"));
        Config op = s.getConfig("operator-fabric");
        FabricNetwork.Identity identity = new FabricNetwork.Identity(
                op.getString("name"),
                op.getString("msp-id"),
                Path.of(op.getString("msp-dir")),
                Path.of(op.getString("cert-file")),
                Path.of(op.getString("key-file")),
                Path.of(op.getString("tls-cert-file")),
                Path.of(op.getString("tls-key-file")));
        DevnetSetup.Deployment d = new DevnetSetup.Deployment(
                s.getString("rpc-url"),
                s.getLong("evm-chain-id"),
                s.getString("htlc"),
                s.getString("token"),
                s.getString("unlisted-token"),
                s.getString("genesis-hash"),
                identity);
        return DevnetSetup.attach(d, FabricNetwork.read(fabricState().resolve("network.json")));
    }

    // ---- status --------------------------------------------------------------------------------------------------

    /** Each node: anvil, the orderer, the two peers, the chaincode server, and a relay left running, if any. */
    public List<NodeStatus> status() {
        List<NodeStatus> nodes = new ArrayList<>();
        Optional<Config> state = readState();
        long anvilPid = pidFrom(anvilPidFile());
        if (state.isEmpty()) {
            nodes.add(
                    new NodeStatus("anvil", anvilPid > 0 && alive(anvilPid), -1, "(no devnet set up in " + dir + ")"));
        } else {
            String rpcUrl = state.get().getString("rpc-url");
            long height = anvilPid > 0 && alive(anvilPid) ? ethHeight(rpcUrl) : -1;
            nodes.add(new NodeStatus("anvil", height >= 0, height, rpcUrl + (anvilPid > 0 ? "  pid " + anvilPid : "")));
        }
        if (!Files.exists(fabricState().resolve("ports.env"))) {
            nodes.add(new NodeStatus("fabric", false, -1, "(not started)"));
        } else {
            ScriptResult r = runScriptQuietly(locateScript(), FABRIC_COMMAND, "status");
            long height = -1;
            if (r.exitCode() == 0) {
                ScriptResult info = runScriptQuietly(locateScript(), FABRIC_COMMAND, "channel-info", "org1");
                Matcher m = Pattern.compile("\"height\"\\s*:\\s*(\\d+)").matcher(info.stdout());
                if (m.find()) {
                    height = Long.parseLong(m.group(1));
                }
            }
            for (String line : r.stdout().strip().lines().toList()) {
                if (line.isBlank()) {
                    continue;
                }
                String name = line.length() > 24 ? line.substring(0, 24).strip() : line.strip();
                String rest = line.length() > 24 ? line.substring(24).strip() : "";
                boolean up = rest.startsWith("pid") && !rest.contains("UNHEALTHY");
                nodes.add(new NodeStatus(name, up, name.startsWith("peer0.org1") ? height : -1, rest));
            }
        }
        long relayPid = pidFrom(relayPidFile());
        if (relayPid > 0) {
            boolean up = alive(relayPid);
            String address = readOr(apiAddressFile(), "").strip();
            nodes.add(
                    new NodeStatus("relay", up, -1, "pid " + relayPid + (address.isEmpty() ? "" : "  api " + address)));
        }
        return nodes;
    }

    private boolean allUp(Config state) {
        long anvilPid = pidFrom(anvilPidFile());
        if (anvilPid <= 0 || !alive(anvilPid) || ethHeight(state.getString("rpc-url")) < 0) {
            return false;
        }
        return Files.exists(fabricState().resolve("ports.env"))
                && runScriptQuietly(locateScript(), FABRIC_COMMAND, "status").exitCode() == 0
                && Files.isRegularFile(relayConfig())
                && Files.isRegularFile(tokenFile());
    }

    private static long ethHeight(String rpcUrl) {
        try {
            String answer = DevnetSetup.rpc(rpcUrl, "eth_blockNumber", "[]");
            Matcher m =
                    Pattern.compile("\"result\"\\s*:\\s*\"0x([0-9a-fA-F]+)\"").matcher(answer);
            return m.find() ? Long.parseLong(m.group(1), 16) : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    // ---- down ----------------------------------------------------------------------------------------------------

    /**
     * Stops every process of the devnet (a relay left running, anvil, the Fabric nodes and chaincode server) and
     * returns one line per thing it stopped; the folder stays (logs, keys), but {@link #up} starts afresh after it.
     */
    public List<String> down() {
        List<String> stopped = new ArrayList<>();
        long relayPid = pidFrom(relayPidFile());
        if (relayPid > 0 && alive(relayPid)) {
            kill(relayPid, Duration.ofSeconds(30));
            stopped.add("relay (pid " + relayPid + ")");
        }
        deleteQuietly(relayPidFile());
        long anvilPid = pidFrom(anvilPidFile());
        if (anvilPid > 0 && alive(anvilPid) && isAnvil(anvilPid)) {
            kill(anvilPid, Duration.ofSeconds(10));
            stopped.add("anvil (pid " + anvilPid + ")");
        }
        deleteQuietly(anvilPidFile());
        if (Files.exists(fabricState().resolve("ports.env"))) {
            List<Long> pids = fabricPids();
            ScriptResult r = runScriptQuietly(locateScript(), FABRIC_COMMAND, "down");
            if (r.exitCode() != 0) {
                throw new DevnetException("fabric-devnet.sh down failed: " + lastLine(r.stderr()));
            }
            for (long pid : pids) {
                awaitExit(pid, Duration.ofSeconds(15));
            }
            if (!pids.isEmpty()) {
                stopped.add("the Fabric devnet (" + pids.size() + " processes: pids "
                        + String.join(", ", pids.stream().map(String::valueOf).toList()) + ")");
            }
        }
        deleteQuietly(stateFile());
        return stopped;
    }

    /** The live processes the Fabric devnet's state folder records (nodes and chaincode servers). */
    public List<Long> fabricPids() {
        List<Long> pids = new ArrayList<>();
        Path nodes = fabricState().resolve("nodes");
        if (!Files.isDirectory(nodes)) {
            return pids;
        }
        try (var dirs = Files.list(nodes)) {
            for (Path node : dirs.toList()) {
                long pid = pidFrom(node.resolve("pid"));
                if (pid > 0 && alive(pid)) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    /** The anvil process of this devnet, if it runs. */
    public OptionalLong anvilPid() {
        long pid = pidFrom(anvilPidFile());
        return pid > 0 && alive(pid) ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    // ---- tools ---------------------------------------------------------------------------------------------------

    private static Path locateAnvil() {
        try {
            return Anvil.binary();
        } catch (RuntimeException e) {
            throw new DevnetException("anvil is missing (install it with scripts/npm-tools.sh): " + oneLine(e), e);
        }
    }

    private static Path locateScript() {
        try {
            return FabricDevnet.script();
        } catch (RuntimeException e) {
            throw new DevnetException("the Fabric devnet script is missing: " + oneLine(e), e);
        }
    }

    private static Path locateChaincode() {
        try {
            return HtlcChaincode.jar();
        } catch (RuntimeException e) {
            throw new DevnetException(oneLine(e), e);
        }
    }

    record ScriptResult(int exitCode, String stdout, String stderr) {}

    private void runScript(Path script, Duration timeout, String... args) {
        ScriptResult r = runScriptQuietly(script, timeout, args);
        if (r.exitCode() != 0) {
            throw new DevnetException("fabric-devnet.sh " + args[0] + " failed: " + lastLine(r.stderr()) + " (log "
                    + dir.resolve("fabric-devnet.log") + ")");
        }
    }

    /** Runs the devnet script on this devnet's state folder; its stderr is appended to {@code fabric-devnet.log}. */
    private ScriptResult runScriptQuietly(Path script, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(
                List.of(script.toString(), "--state", fabricState().toString()));
        command.addAll(List.of(args));
        Path out = null;
        Path err = null;
        try {
            mkdirs(dir);
            out = Files.createTempFile(dir, "fabric-devnet", ".out");
            err = Files.createTempFile(dir, "fabric-devnet", ".err");
            Process p = new ProcessBuilder(command)
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new DevnetException("fabric-devnet.sh " + args[0] + " did not finish in " + timeout.toMinutes()
                        + " min (log " + dir.resolve("fabric-devnet.log") + ")");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            Files.writeString(
                    dir.resolve("fabric-devnet.log"),
                    "# " + String.join(" ", args) + "\n" + stderr,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return new ScriptResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr);
        } catch (IOException e) {
            throw new DevnetException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevnetException("interrupted while running fabric-devnet.sh " + args[0], e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    // ---- processes and files -------------------------------------------------------------------------------------

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static boolean isAnvil(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(h -> h.info().command())
                .map(c -> c.endsWith("anvil"))
                .orElse(true);
    }

    /** SIGTERM, then SIGKILL after {@code grace}; waits until the process is gone. */
    static void kill(long pid, Duration grace) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return;
        }
        ProcessHandle p = h.get();
        p.destroy();
        try {
            p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // beyond reach after SIGKILL
            }
        }
    }

    /** Waits until the process is gone (the script's {@code down} signals and waits, the reaping may lag). */
    private static void awaitExit(long pid, Duration timeout) {
        ProcessHandle.of(pid).ifPresent(h -> {
            try {
                h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }

    /** The pid a pid file holds: its first word (the Fabric devnet's files add the process's start time). */
    static long pidFrom(Path file) {
        String text = readOr(file, "").strip().replaceFirst("\\s.*", "");
        try {
            return text.isEmpty() ? -1 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Optional<Config> readState() {
        if (!Files.isRegularFile(stateFile())) {
            return Optional.empty();
        }
        return Optional.of(ConfigFactory.parseFile(stateFile().toFile()));
    }

    private static String render(String comment, Config config) {
        return comment + "\n"
                + config.root()
                        .render(ConfigRenderOptions.defaults()
                                .setOriginComments(false)
                                .setJson(false));
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The lower-case hex sha256 of a token's UTF-8 bytes, as the relay's api.auth.tokens hold it. */
    public static String sha256Hex(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path mkdirs(Path d) {
        try {
            return Files.createDirectories(d);
        } catch (IOException e) {
            throw new DevnetException("cannot create " + d + ": " + e.getMessage(), e);
        }
    }

    private static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DevnetException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a secret readable by its owner only (mode 600, set before anything is written). */
    static Path writeSecret(Path file, String text) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new DevnetException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path copySecret(Path from, Path to) {
        try {
            writeSecret(to, "");
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
            return to;
        } catch (IOException e) {
            throw new DevnetException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static String readOr(Path file, String otherwise) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : otherwise;
        } catch (IOException e) {
            return otherwise;
        }
    }

    private static void deleteQuietly(@Nullable Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale file is read as absent or dead next time
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        return m == null
                ? e.getClass().getSimpleName()
                : lastLine(m.lines().findFirst().orElse(m));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevnetException("interrupted", e);
        }
    }
}
