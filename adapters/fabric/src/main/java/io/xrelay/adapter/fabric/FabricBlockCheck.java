/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Public, for the CLI: {@code ./xrelay verify fabric-block --config CONFIG_BLOCK BLOCK...}. */
public final class FabricBlockCheck {
    private FabricBlockCheck() {}

    /** One block's outcome: its number and, if it was refused, why. */
    public record Result(long number, Optional<String> rejection) {}

    /**
     * Verifies each block in order from the config block; after a rejection the following blocks are checked
     * against the last accepted state.
     *
     * @throws IllegalArgumentException naming the file for a malformed file
     */
    public static List<Result> verify(Path configBlock, List<Path> blocks) {
        return NotYet.value();
    }
}
