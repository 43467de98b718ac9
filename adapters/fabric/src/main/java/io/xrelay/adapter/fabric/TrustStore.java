/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import io.xrelay.adapter.ChainId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verified state of one channel kept in the adapter's state folder, {@code <state-dir>/<chain>-<channel>.trust},
 * written atomically (a temporary file moved over the old one), so a restart resumes from the last verified block
 * instead of the trust anchor. A file that cannot be read is ignored with a warning: following then starts again
 * from the trust anchor, which is always safe.
 */
final class TrustStore {
    private static final Logger log = LoggerFactory.getLogger(TrustStore.class);

    private final Path file;

    TrustStore(ChainId chain, Path dir, String channel) {
        this.file = dir.resolve(chain.value() + "-" + channel + ".trust");
    }

    Path file() {
        return file;
    }

    /** The persisted trust, if there is a readable one. */
    Optional<ChannelTrust> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.warn("cannot read {}, following from the trust anchor: {}", file, e.getMessage());
            return Optional.empty();
        }
        try {
            return Optional.of(ChannelTrust.deserialize(bytes));
        } catch (RuntimeException e) {
            log.warn("{} is not a verified checkpoint, following from the trust anchor: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Replaces the persisted trust with {@code trust}. */
    void save(ChannelTrust trust) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                Files.write(tmp, trust.serialize());
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
