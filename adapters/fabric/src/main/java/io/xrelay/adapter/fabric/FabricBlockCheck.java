/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import io.xrelay.adapter.VerificationFailedException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Public, for the CLI: {@code ./xrelay verify fabric-block --config CONFIG_BLOCK BLOCK...}. Blocks are files holding
 * the raw protobuf bytes of {@code common.Block}, as {@code peer channel fetch} writes them.
 */
public final class FabricBlockCheck {
    private FabricBlockCheck() {}

    /** One block's outcome: its number and, if it was refused, why. */
    public record Result(long number, Optional<String> rejection) {}

    /**
     * Verifies each block in order from the config block; after a rejection the following blocks are checked
     * against the last accepted state. Every file is read before any block is verified.
     *
     * @throws IllegalArgumentException naming the file for a malformed or unreadable file, or a config block that
     *     cannot be a trust anchor
     */
    public static List<Result> verify(Path configBlock, List<Path> blocks) {
        Block anchor = read(configBlock);
        List<Block> parsed = new ArrayList<>(blocks.size());
        for (Path p : blocks) {
            parsed.add(read(p));
        }
        ChannelTrust trust;
        try {
            trust = ChannelTrust.fromConfigBlock(anchor);
        } catch (VerificationFailedException e) {
            throw new IllegalArgumentException(configBlock + ": not a trust anchor: " + e.reason(), e);
        }
        BlockVerifier verifier = new BlockVerifier(trust);
        List<Result> results = new ArrayList<>(parsed.size());
        for (Block b : parsed) {
            try {
                verifier.verify(b);
                results.add(new Result(b.getHeader().getNumber(), Optional.empty()));
            } catch (VerificationFailedException e) {
                results.add(new Result(b.getHeader().getNumber(), Optional.of(e.reason())));
            }
        }
        return List.copyOf(results);
    }

    private static Block read(Path file) {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException(file + ": is a directory, not a block file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException(file + ": permission denied", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        Block block;
        try {
            block = Block.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(file + ": not a Fabric block (" + e.getMessage() + ")", e);
        }
        if (!block.hasHeader() || !block.hasData() || !block.hasMetadata()) {
            throw new IllegalArgumentException(file + ": not a Fabric block (no header, data or metadata)");
        }
        return block;
    }
}
