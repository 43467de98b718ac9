/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import io.xrelay.adapter.ethereum.EthereumHeaderCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xrelay verify eth-header FILE}: recomputes an Ethereum header's hash, keccak256 of the RLP of exactly its
 * fork's fields, and compares it with the hash the JSON claims. Prints {@code hash 0x… ok} (exit 0) or {@code hash
 * 0x… mismatch (header says 0x…)} (exit 1), the recomputed hash first; input that is not a header, or a file that
 * cannot be read, gets one line {@code xrelay: FILE: problem} on standard error and exit 2.
 */
@Command(
        name = "eth-header",
        mixinStandardHelpOptions = true,
        description = {
            "Recompute an Ethereum block header's hash from its fields (keccak256 of the RLP of its fork's fields)"
                    + " and compare it with the hash the header claims.",
            "FILE holds the JSON of eth_getBlockByNumber: the result object, or the whole JSON-RPC response."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:the recomputed hash is the claimed one",
            "1:the hashes differ",
            "2:the input is not a header, or cannot be read"
        })
final class VerifyEthHeaderCommand implements Callable<Integer> {
    static final int MISMATCH = 1;
    static final int BAD_INPUT = 2;

    private final InputStream stdin;

    @Spec
    private @Nullable CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the header's JSON file, or - for standard input")
    private String file = "-";

    VerifyEthHeaderCommand() {
        this(System.in);
    }

    VerifyEthHeaderCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        CommandSpec s = Objects.requireNonNull(spec, "picocli injects the command spec");
        PrintWriter out = s.commandLine().getOut();
        PrintWriter err = s.commandLine().getErr();
        String source = "-".equals(file) ? "(stdin)" : file;
        String json;
        try {
            json = read();
        } catch (IOException | InvalidPathException e) {
            err.println("xrelay: " + source + ": " + describe(e));
            return BAD_INPUT;
        }
        EthereumHeaderCheck.Result result;
        try {
            result = EthereumHeaderCheck.check(json);
        } catch (IllegalArgumentException e) {
            err.println("xrelay: " + source + ": " + e.getMessage());
            return BAD_INPUT;
        }
        if (result.matches()) {
            out.println("hash " + result.computedHash() + " ok");
            return CommandLine.ExitCode.OK;
        }
        out.println("hash " + result.computedHash() + " mismatch (header says " + result.claimedHash() + ")");
        return MISMATCH;
    }

    private String read() throws IOException {
        if ("-".equals(file)) {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(stdin.readAllBytes()))
                    .toString();
        }
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new IOException("is a directory");
        }
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof InvalidPathException) {
            return "not a valid path";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
