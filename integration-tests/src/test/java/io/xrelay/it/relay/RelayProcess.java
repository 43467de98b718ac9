/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The relay daemon as an operator runs it: {@code java -jar relay/target/xrelay.jar run --config FILE} as a child
 * process, on the JDK the tests run on. Its stdout and stderr are appended to one log file (every run of the same
 * relay to the same file, each started by a {@code # started} line), which {@link #awaitLine} reads.
 * {@link #kill()} ends it with SIGKILL (a crash: nothing runs in the process), {@link #stop()} with SIGTERM (the
 * relay's coordinated shutdown) and waits. A JVM shutdown hook kills a relay the test forgot.
 */
final class RelayProcess implements AutoCloseable {
    static final Pattern READY = Pattern.compile("xrelay: relay ready \\(chains: .*\\)");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Path config;
    private final Path logFile;
    private final Thread shutdownHook;
    private volatile @Nullable Process process;
    /** Where the current run's output starts in the log file. */
    private volatile long runStart;

    private RelayProcess(Path config, Path logFile) {
        this.config = config;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::killQuietly, "relay-kill");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the relay on {@code config}, logging to {@code logFile}, and waits for its ready line. */
    static RelayProcess start(Path config, Path logFile) {
        RelayProcess relay = new RelayProcess(config, logFile);
        try {
            relay.launch();
            return relay;
        } catch (RuntimeException | Error e) {
            relay.close();
            throw e;
        }
    }

    /** The runnable jar this build packaged. */
    static Path jar() {
        Path jar = Devnets.root().resolve("relay/target/xrelay.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no relay jar at " + jar + ": build the relay module first"
                    + " (./mvnw -pl integration-tests -am verify packages it)");
        }
        return jar;
    }

    /** Starts the relay again (after {@link #kill()} or {@link #stop()}) on the same configuration and data. */
    void restart() {
        if (isRunning()) {
            throw new IllegalStateException("the relay is still running (pid " + pid() + ")");
        }
        launch();
    }

    private void launch() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-Xmx768m",
                // Pauses, next to relay.log, for reading a latency tail.
                "-Xlog:gc:file=" + logFile.resolveSibling("gc.log") + ":uptime,time",
                "-Dxrelay.root=" + Devnets.root(),
                "-jar",
                jar().toString(),
                "run",
                "--config",
                config.toString()));
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(
                    logFile,
                    "# started " + Instant.now() + ": " + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            runStart = Files.size(logFile);
            Process p = new ProcessBuilder(command)
                    .directory(Devnets.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            process = p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the relay: " + String.join(" ", command), e);
        }
        awaitLine(READY, READY_TIMEOUT);
    }

    boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    Path logFile() {
        return logFile;
    }

    /**
     * Waits until the current run logs a line matching {@code pattern} (found anywhere in the line) and returns it.
     *
     * @throws AssertionError if the relay exits first or the time runs out, with the end of the log
     */
    String awaitLine(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> line = findLine(pattern);
            if (line.isPresent()) {
                return line.get();
            }
            Process p = process;
            if (p == null || !p.isAlive()) {
                throw new AssertionError(
                        "the relay exited (" + (p == null ? "never started" : "status " + p.exitValue())
                                + ") before logging /" + pattern + "/; its log " + logFile + " ends with:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the relay logged no line /" + pattern + "/ within " + timeout + "; its log "
                        + logFile + " ends with:\n" + tail());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for /" + pattern + "/", e);
            }
        }
    }

    /** Waits until any run so far logged a line matching {@code pattern} and returns it. */
    String awaitLineInAnyRun(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> lines = allLines(pattern);
            if (!lines.isEmpty()) {
                return lines.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the relay logged no line /" + pattern + "/ within " + timeout + "; its log "
                        + logFile + " ends with:\n" + tail());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for /" + pattern + "/", e);
            }
        }
    }

    /** The first line of the current run matching {@code pattern}, if any. */
    Optional<String> findLine(Pattern pattern) {
        for (String line : currentRun().split("\n", -1)) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    /** Every line of the current run that matches {@code pattern}, in order. */
    List<String> currentRunLines(Pattern pattern) {
        return currentRun().lines().filter(l -> pattern.matcher(l).find()).toList();
    }

    /**
     * The state transfer {@code transferId} last entered in the current run, as its {@code transfer <id> <State>}
     * lines tell (not its {@code recovered in} line), if any.
     */
    Optional<String> lastState(String transferId) {
        Pattern state = Pattern.compile("transfer " + Pattern.quote(transferId) + " ([A-Z][A-Za-z]+)\\b");
        List<String> lines = currentRunLines(state);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = state.matcher(lines.get(lines.size() - 1));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Every line of every run so far that matches {@code pattern}. */
    List<String> allLines(Pattern pattern) {
        return read(0).lines().filter(l -> pattern.matcher(l).find()).toList();
    }

    /** The line the relay logs when transfer {@code transferId} ({@code <source>/<htlcId>}) enters {@code state}. */
    static Pattern stateLine(String transferId, String state) {
        return Pattern.compile("transfer " + Pattern.quote(transferId) + " " + Pattern.quote(state) + "\\b");
    }

    private String currentRun() {
        return read(runStart);
    }

    private String read(long from) {
        try {
            byte[] all = Files.readAllBytes(logFile);
            int start = (int) Math.min(from, all.length);
            return new String(all, start, all.length - start, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String tail() {
        String run = currentRun();
        return run.length() <= 6000 ? run : "..." + run.substring(run.length() - 6000);
    }

    /** SIGKILL: the relay dies at once, as in a crash (Process.destroyForcibly sends SIGKILL on Linux). */
    void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the relay (pid " + p.pid() + ") outlived SIGKILL by 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing the relay", e);
        }
    }

    /**
     * SIGTERM and wait: the relay shuts down cleanly.
     *
     * @return the exit status
     */
    int stop() {
        Process p = process;
        if (p == null) {
            return -1;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError(
                        "the relay did not stop within " + STOP_TIMEOUT + " of SIGTERM; log " + logFile);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the relay", e);
        }
    }

    private void killQuietly() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
    }

    /** Stops the relay (SIGTERM, then SIGKILL if it hangs) and forgets the shutdown hook. */
    @Override
    public void close() {
        try {
            if (isRunning()) {
                stop();
            }
        } finally {
            killQuietly();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway
            }
        }
    }
}
