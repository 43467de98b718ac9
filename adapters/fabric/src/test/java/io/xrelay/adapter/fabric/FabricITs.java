/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the Fabric ITs share. */
final class FabricITs {
    private FabricITs() {}

    /**
     * A new, empty state folder for a devnet under this module's {@code target/}, where its logs stay for a look
     * after a failed run.
     */
    static Path newStateDir(String prefix) {
        Path root = Path.of(System.getProperty("xrelay.root", "../.."))
                .toAbsolutePath()
                .normalize();
        Path target = root.resolve("adapters/fabric/target");
        try {
            Files.createDirectories(target);
            return Files.createTempDirectory(target, prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
