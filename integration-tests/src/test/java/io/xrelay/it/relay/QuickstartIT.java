/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.xrelay.relay.devnet.LocalDevnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * README's first command end to end: {@code xrelay demo} as a process on a fresh folder brings the devnets up, runs the
 * relay, registers both chains over the API and completes one transfer each way; a second run on the same folder
 * reuses the devnets and completes two more. Needs the relay's API server ({@code io.xrelay.relay.api.ApiServer});
 * skipped on a build without it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuickstartIT {
    private Path dir;
    private LocalDevnet devnet;

    @BeforeAll
    void folder() throws IOException {
        Path base = Files.createDirectories(Devnets.root().resolve("integration-tests/target/it-relay"));
        dir = Files.createTempDirectory(base, "quickstart-");
        devnet = LocalDevnet.at(dir);
    }

    @AfterAll
    void down() {
        if (devnet != null) {
            devnet.down();
        }
    }

    private static boolean relayServesTheApi() {
        try {
            Class.forName("io.xrelay.relay.api.ApiServer");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Test
    void demo_completes_a_transfer_each_way_twice_and_leaves_the_devnets_up() throws IOException {
        assumeTrue(relayServesTheApi(), "the relay has no API server in this build");

        DevnetCommandIT.Cli first = DevnetCommandIT.xrelay("demo", "--dir", dir.toString());

        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(first.out())
                .containsPattern(Pattern.compile("Fabric -> Ethereum +COMPLETED"))
                .containsPattern(Pattern.compile("Ethereum -> Fabric +COMPLETED"))
                .contains("TARGET_LOCKED")
                .contains("devnets: still up; stop them with `./xrelay devnet down --dir " + dir + "`");
        assertThat(devnet.anvilPid()).isPresent();
        assertThat(Files.exists(dir.resolve("relay.pid")))
                .as("the relay was stopped")
                .isFalse();

        DevnetCommandIT.Cli second = DevnetCommandIT.xrelay("demo", "--dir", dir.toString());

        assertThat(second.exit()).as(second.out()).isZero();
        assertThat(second.out()).contains("devnet: already running").contains("already registered");
        assertThat(second.out()).containsPattern(Pattern.compile("Ethereum -> Fabric +COMPLETED"));
    }
}
