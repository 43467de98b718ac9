/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ChainUnavailableException;
import io.xrelay.adapter.VerificationFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.protos.common.Block;

/**
 * Public, for the CLI ({@code ./xrelay fabric fetch-blocks}): saves a channel's blocks as the gateway peer of an
 * adapter configuration serves them, each as the raw protobuf bytes of its {@code common.Block} in
 * {@code <number>.block} (what {@code peer channel fetch} writes). Nothing is verified here: the files are evidence
 * to check offline, e.g. with {@code ./xrelay verify fabric-block}.
 */
public final class FabricBlockFetch {
    /** The chain id used in messages when the configuration has no {@code id}. */
    static final ChainId DEFAULT_CHAIN = ChainId.of("fabric");

    private FabricBlockFetch() {}

    /** One saved block: its number and file. */
    public record Saved(long number, Path file) {}

    /**
     * Fetches blocks {@code from} to {@code to} (inclusive; by default the newest block) and writes them to
     * {@code outDir} (created if needed). A file is written whole or not at all.
     *
     * @param configFile a HOCON file holding one Fabric chain's settings at its root, as under
     *     {@code relay.chains} (an {@code id} key, if present, names the chain in messages; {@code type}, if
     *     present, must be {@code fabric})
     * @throws IllegalArgumentException naming the file or the block numbers when the request cannot be met
     * @throws AdapterConfigException naming the key of a bad setting
     * @throws ChainUnavailableException if the gateway peer cannot be reached or does not answer in time
     * @throws UncheckedIOException if a block cannot be written
     */
    public static List<Saved> fetch(Path configFile, long from, OptionalLong to, Path outDir) {
        if (from < 0) {
            throw new IllegalArgumentException("--from must not be negative, got " + from);
        }
        if (to.isPresent() && to.getAsLong() < from) {
            throw new IllegalArgumentException(
                    "--to " + to.getAsLong() + " is below --from " + from + ": no blocks to fetch");
        }
        Config raw = read(configFile);
        ChainId chain = chainId(raw);
        FabricConfig config = FabricConfig.parse(chain, raw);
        try (FabricPeers peers = new FabricPeers(chain, config, UnaryOperator.identity())) {
            long newest = peers.height() - 1;
            if (from > newest) {
                throw new IllegalArgumentException(
                        "--from " + from + " is above the newest block " + newest + " of channel " + config.channel());
            }
            long last = to.orElse(newest);
            if (last > newest) {
                throw new IllegalArgumentException(
                        "--to " + last + " is above the newest block " + newest + " of channel " + config.channel());
            }
            try {
                Files.createDirectories(outDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the folder " + outDir, e);
            }
            List<Saved> saved = new ArrayList<>();
            BlockSource source = peers.gatewayBlocks();
            for (long start = from; start <= last; start += config.maxBlocksPerPull()) {
                long end = Math.min(last, start + config.maxBlocksPerPull() - 1);
                long expected = start;
                for (Block b : source.blocks(start, end)) {
                    if (b.getHeader().getNumber() != expected) {
                        throw new VerificationFailedException(
                                chain,
                                "asked " + source.name() + " for block " + expected + ", it sent block "
                                        + b.getHeader().getNumber());
                    }
                    saved.add(new Saved(expected, write(outDir, expected, b)));
                    expected++;
                }
            }
            return saved;
        }
    }

    private static Path write(Path dir, long number, Block block) {
        Path file = dir.resolve(number + ".block");
        try {
            Path tmp = Files.createTempFile(dir, number + ".", ".tmp");
            try {
                Files.write(tmp, block.toByteArray());
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static Config read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--config " + file + ": no such file");
        }
        try {
            return ConfigFactory.parseFile(
                            file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--config " + file + ": " + e.getMessage(), e);
        }
    }

    private static ChainId chainId(Config c) {
        ChainId chain = DEFAULT_CHAIN;
        try {
            if (c.hasPath("id")) {
                chain = ChainId.of(c.getString("id"));
            }
            if (c.hasPath("type") && !FabricAdapterProvider.TYPE.equals(c.getString("type"))) {
                throw new AdapterConfigException(
                        chain,
                        "type",
                        "must be " + FabricAdapterProvider.TYPE + ", got \"" + c.getString("type") + '"');
            }
        } catch (ConfigException.WrongType e) {
            throw new AdapterConfigException(chain, "id", "must be a string", e);
        } catch (IllegalArgumentException e) {
            throw new AdapterConfigException(DEFAULT_CHAIN, "id", String.valueOf(e.getMessage()), e);
        }
        return chain;
    }
}
