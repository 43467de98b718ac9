/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm.devnet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How to start anvil. Start from {@link #defaults()} and change what you need with the {@code with...} methods.
 *
 * @param chainId the chain id anvil reports and signs for ({@value #DEFAULT_CHAIN_ID} by default)
 * @param blockTime the interval between blocks, or {@code null} to mine one block per transaction (automine)
 * @param hardfork the EVM hardfork by anvil's name ({@code "cancun"}, {@code "prague"}, ...), or {@code null} for
 *     anvil's latest
 * @param extraArgs more command-line arguments for anvil; host, port, chain id, block time and hardfork are set
 *     through the other options and refused here
 * @param logFile where anvil's output goes (appended), or {@code null} for a new file under {@code target/anvil}
 *     when the working directory has a {@code target} folder, else under the temporary directory
 */
public record AnvilOptions(
        long chainId,
        @Nullable Duration blockTime,
        @Nullable String hardfork,
        List<String> extraArgs,
        @Nullable Path logFile) {

    /** The chain id anvil uses unless told otherwise. */
    public static final long DEFAULT_CHAIN_ID = 31337;

    private static final Set<String> RESERVED = Set.of(
            "--host",
            "--port",
            "-p",
            "--chain-id",
            "--block-time",
            "--blockTime",
            "-b",
            "--hardfork",
            "--ipc",
            "--ipcpath");

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException naming the option and its value if it is unusable
     */
    public AnvilOptions {
        if (chainId <= 0) {
            throw new IllegalArgumentException("chainId must be positive, got " + chainId);
        }
        if (blockTime != null && (blockTime.isNegative() || blockTime.isZero())) {
            throw new IllegalArgumentException("blockTime must be positive, got " + blockTime);
        }
        if (hardfork != null && !hardfork.matches("[A-Za-z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("hardfork must be a name like cancun or prague, got '" + hardfork + "'");
        }
        extraArgs = List.copyOf(extraArgs);
        for (String arg : extraArgs) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("extraArgs must not contain " + arg
                        + ": the launcher sets host, port, chain id, block time and hardfork itself");
            }
        }
    }

    /** Chain id 31337, automine, anvil's latest hardfork, no extra arguments, a log file of the launcher's choice. */
    public static AnvilOptions defaults() {
        return new AnvilOptions(DEFAULT_CHAIN_ID, null, null, List.of(), null);
    }

    /** These options with another chain id. */
    public AnvilOptions withChainId(long newChainId) {
        return new AnvilOptions(newChainId, blockTime, hardfork, extraArgs, logFile);
    }

    /** These options with interval mining every {@code interval} instead of automine. */
    public AnvilOptions withBlockTime(Duration interval) {
        return new AnvilOptions(chainId, interval, hardfork, extraArgs, logFile);
    }

    /** These options with automine (one block per transaction), the default. */
    public AnvilOptions withAutomine() {
        return new AnvilOptions(chainId, null, hardfork, extraArgs, logFile);
    }

    /** These options with another EVM hardfork, by anvil's name ({@code "cancun"}, {@code "prague"}, ...). */
    public AnvilOptions withHardfork(String name) {
        return new AnvilOptions(chainId, blockTime, name, extraArgs, logFile);
    }

    /** These options with these extra command-line arguments (replacing earlier ones). */
    public AnvilOptions withExtraArgs(List<String> args) {
        return new AnvilOptions(chainId, blockTime, hardfork, args, logFile);
    }

    /** These options with anvil's output appended to {@code file}. */
    public AnvilOptions withLogFile(Path file) {
        return new AnvilOptions(chainId, blockTime, hardfork, extraArgs, file);
    }
}
