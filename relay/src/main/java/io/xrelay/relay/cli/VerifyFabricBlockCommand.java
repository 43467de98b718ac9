/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import io.xrelay.adapter.fabric.FabricBlockCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xrelay verify fabric-block --config CONFIG_BLOCK BLOCK...}: verifies Fabric blocks in order from a trusted
 * config block, as the relay does (header chain, data hash, orderer signatures against the channel's
 * BlockValidation policy, config updates). Prints {@code block N ok} or {@code block N rejected: REASON} for each
 * block (exit 0 if all are accepted, 1 if any is rejected); a file that is missing, unreadable or not a block, or a
 * config block that cannot be a trust anchor, gets one line {@code xrelay: FILE: problem} on standard error and
 * exit 2, before any block is verified.
 */
@Command(
        name = "fabric-block",
        mixinStandardHelpOptions = true,
        description = {
            "Verify Hyperledger Fabric blocks in order from a trusted config block: header chain, data hash,"
                    + " orderer signatures against /Channel/Orderer/BlockValidation, and config updates.",
            "Block files hold the raw protobuf bytes of common.Block, as `peer channel fetch` writes them."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:every block verifies",
            "1:a block is rejected",
            "2:a file is missing, unreadable or not a block, or the config block is not a trust anchor"
        })
final class VerifyFabricBlockCommand implements Callable<Integer> {
    static final int REJECTED = 1;
    static final int BAD_INPUT = 2;

    @Spec
    private @Nullable CommandSpec spec;

    @Option(
            names = "--config",
            required = true,
            paramLabel = "CONFIG_BLOCK",
            description = "the trusted config block (e.g. the channel's genesis block)")
    private @Nullable Path config;

    @Parameters(arity = "1..*", paramLabel = "BLOCK", description = "the blocks to verify, in order")
    private List<Path> blocks = new ArrayList<>();

    @Override
    public Integer call() {
        CommandSpec s = Objects.requireNonNull(spec, "picocli injects the command spec");
        PrintWriter out = s.commandLine().getOut();
        PrintWriter err = s.commandLine().getErr();
        List<FabricBlockCheck.Result> results;
        try {
            results = FabricBlockCheck.verify(Objects.requireNonNull(config, "--config is required"), blocks);
        } catch (IllegalArgumentException e) {
            err.println("xrelay: " + e.getMessage());
            return BAD_INPUT;
        }
        int code = CommandLine.ExitCode.OK;
        for (FabricBlockCheck.Result r : results) {
            String number = Long.toUnsignedString(r.number());
            if (r.rejection().isEmpty()) {
                out.println("block " + number + " ok");
            } else {
                String reason = r.rejection().get();
                String prefix = "block " + number + ": ";
                out.println("block " + number + " rejected: "
                        + (reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason));
                code = REJECTED;
            }
        }
        return code;
    }
}
