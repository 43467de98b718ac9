/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm.devnet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.utils.Numeric;

/**
 * A running anvil devnet on 127.0.0.1, started from the native binary that {@code scripts/npm-tools.sh} installs
 * (see {@link #start(AnvilOptions)} for where it is looked for). Anvil binds a free port chosen by the operating
 * system ({@code --port 0}) and reports it in its output, which goes to a log file, never to the console.
 *
 * <p>The chain is controlled over JSON-RPC with plain HTTP: mining, time, snapshots, reorgs, balances, and any
 * other method through {@link #rawCall(String, String)}. {@link #close()} ends the process and its descendants and
 * waits for them; a JVM shutdown hook does the same if the owner never closes it, so no anvil outlives a test run.
 * Instances are safe to use from several threads.
 *
 * <pre>{@code
 * try (Anvil anvil = Anvil.start(AnvilOptions.defaults().withHardfork("cancun"))) {
 *     DevAccount deployer = anvil.accounts().get(0);
 *     String htlc = HtlcDeployment.deployHtlc(anvil.rpcUrl(), anvil.chainId(), deployer.privateKey());
 *     anvil.increaseTime(Duration.ofHours(1));
 *     anvil.mine(1);
 * }
 * }</pre>
 */
public final class Anvil implements AutoCloseable {
    /** The public test mnemonic anvil derives its dev accounts from unless told otherwise. */
    private static final String DEFAULT_MNEMONIC = "test test test test test test test test test test test junk";

    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 25;

    private final AnvilOptions options;
    private final Path binary;
    private final Path logFile;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong requestIds = new AtomicLong();
    private final Thread shutdownHook;
    private final Object lock = new Object();

    private volatile @Nullable Process process;
    private volatile int port;
    private volatile @Nullable List<DevAccount> accounts;
    private @Nullable String savedState;
    private boolean closed;

    private Anvil(AnvilOptions options, Path binary, Path logFile) {
        this.options = options;
        this.binary = binary;
        this.logFile = logFile;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.shutdownHook = new Thread(this::killQuietly, "anvil-shutdown");
    }

    /** Starts anvil with {@link AnvilOptions#defaults()}. */
    public static Anvil start() {
        return start(AnvilOptions.defaults());
    }

    /**
     * Starts anvil and returns once it answers {@code eth_chainId} with the configured chain id.
     *
     * <p>The binary is the system property {@code xrelay.anvil}, else the environment variable {@code XRELAY_ANVIL},
     * else {@code <root>/node_modules/@foundry-rs/anvil-<os>-<arch>/bin/anvil} where the root is the system property
     * {@code xrelay.root}, the environment variable {@code XRELAY_ROOT}, or the nearest folder at or above the
     * working directory holding {@code package.json} and {@code mvnw}.
     *
     * @throws AnvilException if the binary is not found (naming every place tried), or anvil does not come up in
     *     time (with the end of its log)
     */
    public static Anvil start(AnvilOptions options) {
        Path binary = AnvilBinary.locate();
        Path logFile = options.logFile() != null ? options.logFile() : newLogFile();
        Anvil anvil = new Anvil(options, binary, logFile);
        Runtime.getRuntime().addShutdownHook(anvil.shutdownHook);
        try {
            synchronized (anvil.lock) {
                anvil.launch(0);
            }
            return anvil;
        } catch (RuntimeException e) {
            anvil.close();
            throw e;
        }
    }

    /**
     * The native anvil binary {@link #start(AnvilOptions)} runs, for callers that run anvil as a process of their
     * own (a devnet that outlives the JVM).
     *
     * @throws AnvilException if the binary is not found, naming every place tried
     */
    public static Path binary() {
        return AnvilBinary.locate();
    }

    /** The JSON-RPC endpoint, {@code http://127.0.0.1:<port>}. */
    public String rpcUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The port anvil listens on (kept across {@link #restart()}). */
    public int port() {
        return port;
    }

    /** The chain id anvil reports and signs for. */
    public long chainId() {
        return options.chainId();
    }

    /** The options anvil was started with. */
    public AnvilOptions options() {
        return options;
    }

    /** The file anvil's output is appended to. */
    public Path logFile() {
        return logFile;
    }

    /** The process id of the running anvil, or empty if it is not running. */
    public OptionalLong pid() {
        Process current = process;
        return current != null && current.isAlive() ? OptionalLong.of(current.pid()) : OptionalLong.empty();
    }

    /** Whether the anvil process is alive. */
    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /**
     * The funded dev accounts (10 unless {@code --accounts} says otherwise), in anvil's order, derived from anvil's
     * default test mnemonic at {@code m/44'/60'/0'/0/i}.
     *
     * @throws AnvilException if anvil's accounts do not come from the default mnemonic (a {@code --mnemonic} option)
     */
    public List<DevAccount> accounts() {
        List<DevAccount> known = accounts;
        if (known != null) {
            return known;
        }
        JsonNode reported = call("eth_accounts");
        List<DevAccount> derived = deriveDevAccounts(reported.size());
        for (int i = 0; i < derived.size(); i++) {
            String address = reported.get(i).asText();
            if (!address.equalsIgnoreCase(derived.get(i).address())) {
                throw new AnvilException(
                        "anvil's account " + i + " is " + address + ", not "
                                + derived.get(i).address()
                                + " of the default test mnemonic: a custom mnemonic in extraArgs is not supported by accounts()");
            }
        }
        List<DevAccount> result = List.copyOf(derived);
        accounts = result;
        return result;
    }

    /**
     * The first {@code count} accounts of anvil's default test mnemonic at {@code m/44'/60'/0'/0/i}, without a
     * running anvil.
     */
    public static List<DevAccount> deriveDevAccounts(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        byte[] seed = MnemonicUtils.generateSeed(DEFAULT_MNEMONIC, "");
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(seed);
        List<DevAccount> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int[] path = {
                44 | Bip32ECKeyPair.HARDENED_BIT, 60 | Bip32ECKeyPair.HARDENED_BIT, Bip32ECKeyPair.HARDENED_BIT, 0, i
            };
            Bip32ECKeyPair key = Bip32ECKeyPair.deriveKeyPair(master, path);
            String address = "0x" + Keys.getAddress(key.getPublicKey());
            String privateKey = Numeric.toHexStringWithPrefixZeroPadded(key.getPrivateKey(), 64);
            result.add(new DevAccount(i, address, privateKey));
        }
        return List.copyOf(result);
    }

    /** The number of the latest block. */
    public long blockNumber() {
        return Numeric.decodeQuantity(call("eth_blockNumber").asText()).longValueExact();
    }

    /** The timestamp (unix seconds) of the latest block. */
    public long latestBlockTimestamp() {
        JsonNode block = call("eth_getBlockByNumber", "latest", false);
        return Numeric.decodeQuantity(block.get("timestamp").asText()).longValueExact();
    }

    /** Mines {@code blocks} blocks at once ({@code anvil_mine}). */
    public void mine(int blocks) {
        if (blocks <= 0) {
            throw new IllegalArgumentException("blocks must be positive, got " + blocks);
        }
        call("anvil_mine", Numeric.encodeQuantity(BigInteger.valueOf(blocks)));
    }

    /** Moves the chain's clock forward by {@code by} (whole seconds) for the next block ({@code evm_increaseTime}). */
    public void increaseTime(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("increaseTime needs a non-negative duration, got " + by);
        }
        call("evm_increaseTime", by.toSeconds());
    }

    /** Sets the timestamp (unix seconds) of the next block ({@code evm_setNextBlockTimestamp}). */
    public void setNextBlockTimestamp(long epochSeconds) {
        if (epochSeconds <= 0) {
            throw new IllegalArgumentException("epochSeconds must be positive, got " + epochSeconds);
        }
        call("evm_setNextBlockTimestamp", epochSeconds);
    }

    /** Turns mining of one block per transaction on or off ({@code evm_setAutomine}). */
    public void setAutomine(boolean enabled) {
        call("evm_setAutomine", enabled);
    }

    /** Mines a block every {@code interval} (whole seconds); zero turns interval mining off. */
    public void setIntervalMining(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative, got " + interval);
        }
        call("evm_setIntervalMining", interval.toSeconds());
    }

    /** Takes a snapshot of the chain ({@code evm_snapshot}) and returns its id for {@link #revert(String)}. */
    public String snapshot() {
        return call("evm_snapshot").asText();
    }

    /**
     * Returns the chain to a snapshot ({@code evm_revert}); the snapshot is used up.
     *
     * @return whether the snapshot existed
     */
    public boolean revert(String snapshotId) {
        return call("evm_revert", snapshotId).asBoolean();
    }

    /**
     * Replaces the last {@code depth} blocks with as many new, empty blocks ({@code anvil_reorg}): the head keeps
     * its number and gets another hash; transactions of the replaced blocks are gone.
     */
    public void reorg(int depth) {
        if (depth <= 0) {
            throw new IllegalArgumentException("depth must be positive, got " + depth);
        }
        call("anvil_reorg", depth, json.createArrayNode());
    }

    /** Removes a pending transaction from the pool ({@code anvil_dropTransaction}). */
    public void dropTransaction(String transactionHash) {
        if (!transactionHash.matches("0x[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("transactionHash must be 0x and 64 hex digits, got " + transactionHash);
        }
        call("anvil_dropTransaction", transactionHash);
    }

    /** Sets the ETH balance of {@code address} to {@code wei} ({@code anvil_setBalance}). */
    public void setBalance(String address, BigInteger wei) {
        if (!address.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("address must be 0x and 40 hex digits, got " + address);
        }
        if (wei.signum() < 0) {
            throw new IllegalArgumentException("wei must not be negative, got " + wei);
        }
        call("anvil_setBalance", address, Numeric.encodeQuantity(wei));
    }

    /**
     * Calls any JSON-RPC method and returns its raw JSON result.
     *
     * @param method the method, such as {@code eth_getBlockByNumber}
     * @param paramsJson the parameters as a JSON array, such as {@code ["latest", false]}
     * @return the result as JSON text, such as {@code "0x1"} (with quotes) or {@code null}
     * @throws IllegalArgumentException if {@code paramsJson} is not a JSON array
     * @throws AnvilException if anvil answers with an error (its code and message are in the message) or not at all
     */
    public String rawCall(String method, String paramsJson) {
        JsonNode params;
        try {
            params = json.readTree(paramsJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("paramsJson is not JSON: " + paramsJson, e);
        }
        if (params == null || !params.isArray()) {
            throw new IllegalArgumentException("paramsJson must be a JSON array, got " + paramsJson);
        }
        JsonNode result = request(method, (ArrayNode) params);
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new AnvilException("cannot write the result of " + method, e);
        }
    }

    /**
     * Stops anvil, keeping its chain state (taken with {@code anvil_dumpState}) for {@link #restart()}. Does nothing
     * if anvil is not running.
     */
    public void stop() {
        synchronized (lock) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                return;
            }
            try {
                savedState = call("anvil_dumpState").asText();
            } catch (AnvilException e) {
                savedState = null; // anvil does not answer: restart with a fresh chain
            }
            kill(current);
            process = null;
        }
    }

    /**
     * Starts anvil again on the same port and URL, with the chain state it had when {@link #stop()} stopped it (or
     * when this method stopped it, if it was running): blocks, balances and contracts survive. Waits until anvil
     * answers again.
     *
     * @throws AnvilException if anvil does not come up on its port in time
     * @throws IllegalStateException after {@link #close()}
     */
    public void restart() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("anvil was closed; start a new one");
            }
            stop();
            launch(port);
            String state = savedState;
            if (state != null) {
                call("anvil_loadState", state);
            }
        }
    }

    /**
     * Stops anvil and every process it started, waits for them to exit and forgets the shutdown hook. Calls after
     * this fail; closing again does nothing.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            killQuietly();
            process = null;
            savedState = null;
            http.shutdownNow();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) anyway
        }
    }

    @Override
    public String toString() {
        return "anvil at " + rpcUrl() + " (chain " + options.chainId() + ", log " + logFile + ")";
    }

    /** Starts the process on {@code wantedPort} (0: any free port) and waits until it answers. */
    private void launch(int wantedPort) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            long logStart = logSize();
            Process started = spawn(wantedPort);
            process = started;
            int boundPort = awaitListening(started, logStart, deadline);
            if (boundPort > 0) {
                port = boundPort;
                awaitChainId(started, deadline);
                return;
            }
            // The process exited before listening. A port taken after a restart's stop may come free: retry.
            String tail = logSince(logStart);
            if (wantedPort != 0 && tail.contains("in use") && System.nanoTime() < deadline) {
                sleep(200);
                continue;
            }
            throw new AnvilException("anvil exited with status " + started.exitValue() + " before listening" + " (port "
                    + wantedPort + "); its log " + logFile + " ends with:\n" + tail);
        }
    }

    private Process spawn(int wantedPort) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--host");
        command.add("127.0.0.1");
        command.add("--port");
        command.add(Integer.toString(wantedPort));
        command.add("--chain-id");
        command.add(Long.toString(options.chainId()));
        Duration blockTime = options.blockTime();
        if (blockTime != null) {
            command.add("--block-time");
            command.add(
                    blockTime.toMillis() % 1000 == 0
                            ? Long.toString(blockTime.toSeconds())
                            : Double.toString(blockTime.toMillis() / 1000.0));
        }
        String hardfork = options.hardfork();
        if (hardfork != null) {
            command.add("--hardfork");
            command.add(hardfork);
        }
        command.add("--color");
        command.add("never");
        command.addAll(options.extraArgs());
        try {
            Files.writeString(
                    logFile,
                    "# " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Process started = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            started.getOutputStream().close(); // anvil reads no input
            return started;
        } catch (IOException e) {
            throw new AnvilException("cannot start " + binary + " (log " + logFile + "): " + e.getMessage(), e);
        }
    }

    /** The port anvil reports, or 0 if the process exited first. */
    private int awaitListening(Process started, long logStart, long deadline) {
        while (true) {
            Matcher matcher = LISTENING.matcher(logSince(logStart));
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            if (!started.isAlive()) {
                return 0;
            }
            if (System.nanoTime() > deadline) {
                kill(started);
                throw new AnvilException("anvil did not report its port within " + START_TIMEOUT.toSeconds()
                        + " s; its log " + logFile + " ends with:\n" + logSince(logStart));
            }
            sleep(POLL_MILLIS);
        }
    }

    private void awaitChainId(Process started, long deadline) {
        AnvilException last = new AnvilException("the process exited");
        while (System.nanoTime() < deadline && started.isAlive()) {
            long answered;
            try {
                answered = Numeric.decodeQuantity(call("eth_chainId").asText()).longValueExact();
            } catch (AnvilException e) {
                last = e;
                sleep(POLL_MILLIS);
                continue;
            }
            if (answered != options.chainId()) {
                kill(started);
                throw new AnvilException("anvil answers chain id " + answered + ", expected " + options.chainId());
            }
            return;
        }
        kill(started);
        throw new AnvilException(
                "anvil at " + rpcUrl() + " did not answer eth_chainId within " + START_TIMEOUT.toSeconds()
                        + " s; its log is " + logFile,
                last);
    }

    private JsonNode call(String method, Object... params) {
        ArrayNode array = json.createArrayNode();
        for (Object param : params) {
            array.add(json.valueToTree(param));
        }
        return request(method, array);
    }

    private JsonNode request(String method, ArrayNode params) {
        ObjectNode body = json.createObjectNode();
        body.put("jsonrpc", "2.0");
        body.put("id", requestIds.incrementAndGet());
        body.put("method", method);
        body.set("params", params);
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(rpcUrl()))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new AnvilException("anvil at " + rpcUrl() + " refused the connection for " + method, e);
        } catch (IOException e) {
            throw new AnvilException("anvil at " + rpcUrl() + " did not answer " + method + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnvilException("interrupted while calling " + method, e);
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AnvilException("anvil answered " + method + " with HTTP " + response.statusCode()
                    + " and no JSON: " + abbreviate(response.body()));
        }
        if (answer == null || !answer.isObject()) {
            throw new AnvilException("anvil answered " + method + " with HTTP " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
        JsonNode error = answer.get("error");
        if (error != null && !error.isNull()) {
            throw new AnvilException("anvil refused " + method + ": " + abbreviate(error.toString()));
        }
        JsonNode result = answer.get("result");
        if (result == null) {
            throw new AnvilException("anvil answered " + method + " without a result: " + abbreviate(response.body()));
        }
        return result;
    }

    private void killQuietly() {
        Process current = process;
        if (current != null) {
            kill(current);
        }
    }

    /** Ends {@code target} and its descendants (SIGTERM, then SIGKILL after a grace period) and waits for them. */
    private static void kill(Process target) {
        List<ProcessHandle> descendants = target.descendants().toList();
        target.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!target.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                target.destroyForcibly();
                target.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            for (ProcessHandle descendant : descendants) {
                if (descendant.isAlive()) {
                    descendant.destroyForcibly();
                    descendant.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            target.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
        } catch (ExecutionException | TimeoutException e) {
            // a descendant that does not exit after SIGKILL is beyond our reach
        }
    }

    private long logSize() {
        try {
            return Files.exists(logFile) ? Files.size(logFile) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + logFile, e);
        }
    }

    private String logSince(long offset) {
        if (!Files.exists(logFile)) {
            return "";
        }
        try (SeekableByteChannel channel = Files.newByteChannel(logFile, StandardOpenOption.READ)) {
            long size = channel.size();
            if (offset >= size) {
                return "";
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - offset, 1 << 20));
            channel.position(offset);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // read up to 1 MiB of what anvil wrote since offset
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    private static Path newLogFile() {
        try {
            Path target = Path.of("target");
            Path dir = Files.isDirectory(target)
                    ? Files.createDirectories(target.resolve("anvil"))
                    : Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "xrelay-anvil"));
            return Files.createTempFile(dir.toAbsolutePath(), "anvil-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a log file for anvil", e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnvilException("interrupted while waiting for anvil", e);
        }
    }
}
