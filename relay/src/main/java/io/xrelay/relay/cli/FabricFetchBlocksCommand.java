/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.ChainAdapterException;
import io.xrelay.adapter.fabric.FabricBlockFetch;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xrelay fabric fetch-blocks --config ADAPTER_CONF --from N [--to M] --out DIR}: saves blocks N..M of a Fabric
 * channel, as the gateway peer of an adapter configuration serves them, as {@code DIR/<number>.block} (the raw
 * protobuf bytes of each {@code common.Block}). Prints one line per run; bad flags or configuration get one line
 * {@code xrelay: problem} and exit 2, a peer that cannot be reached or sends a wrong block exit 1.
 */
@Command(
        name = "fetch-blocks",
        mixinStandardHelpOptions = true,
        description = {
            "Save blocks of a Fabric channel, as the gateway peer of an adapter configuration serves them, as"
                    + " DIR/<number>.block (raw protobuf common.Block, as `peer channel fetch` writes).",
            "Nothing is verified: check the files with `xrelay verify fabric-block`."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:the blocks were saved",
            "1:the gateway peer could not be reached, or sent a block other than the one asked for",
            "2:bad flags or configuration"
        })
final class FabricFetchBlocksCommand implements Callable<Integer> {
    static final int UNAVAILABLE = 1;
    static final int BAD_INPUT = 2;

    @Spec
    private @Nullable CommandSpec spec;

    @Option(
            names = "--config",
            required = true,
            paramLabel = "ADAPTER_CONF",
            description = "A HOCON file with one Fabric chain's adapter settings at its root (the keys under"
                    + " xrelay.adapter.fabric.defaults; `id`, if present, names the chain).")
    private Path config = Path.of("");

    @Option(names = "--from", required = true, paramLabel = "N", description = "The first block to save.")
    private long from;

    @Option(names = "--to", paramLabel = "M", description = "The last block to save [Default: the newest block].")
    private @Nullable Long to;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "The folder to write the blocks to (created if needed).")
    private Path out = Path.of("");

    @Override
    public Integer call() {
        CommandSpec s = Objects.requireNonNull(spec, "picocli injects the command spec");
        PrintWriter stdout = s.commandLine().getOut();
        PrintWriter err = s.commandLine().getErr();
        Long last = to;
        List<FabricBlockFetch.Saved> saved;
        try {
            saved = FabricBlockFetch.fetch(
                    config, from, last == null ? OptionalLong.empty() : OptionalLong.of(last), out);
        } catch (IllegalArgumentException | AdapterConfigException e) {
            err.println("xrelay: " + e.getMessage());
            return BAD_INPUT;
        } catch (ChainAdapterException | UncheckedIOException e) {
            err.println("xrelay: " + e.getMessage());
            return UNAVAILABLE;
        }
        stdout.println("saved " + saved.size() + " block" + (saved.size() == 1 ? "" : "s") + " (#"
                + saved.get(0).number() + ".." + "#"
                + saved.get(saved.size() - 1).number() + ") to " + out);
        return CommandLine.ExitCode.OK;
    }
}
