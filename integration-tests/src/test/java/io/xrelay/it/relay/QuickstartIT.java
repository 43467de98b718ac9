/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.it.relay.DevnetCommandIT.Cli;
import io.xrelay.relay.devnet.LocalDevnet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * README's first command end to end: {@code ./xrelay demo}, through the launcher script as a user runs it, on a fresh
 * folder brings the devnets up, runs the relay, registers both chains over the API and completes one transfer each
 * way; a second run on the same folder reuses the devnets and completes two more.
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

    @Test
    void demo_completes_a_transfer_each_way_twice_and_leaves_the_devnets_up() throws IOException {
        Cli first = launcher("demo", "--dir", dir.toString());

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

        Cli second = DevnetCommandIT.xrelay("demo", "--dir", dir.toString());

        assertThat(second.exit()).as(second.out()).isZero();
        assertThat(second.out()).contains("devnet: already running").contains("already registered");
        assertThat(second.out()).containsPattern(Pattern.compile("Ethereum -> Fabric +COMPLETED"));
    }

    /** Runs {@code ./xrelay} (the launcher script, on the jar this build packaged); its exit code and output. */
    private static Cli launcher(String... args) throws IOException {
        List<String> command =
                new ArrayList<>(List.of(Devnets.root().resolve("xrelay").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("xrelay-demo", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(Devnets.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().put("XRELAY_NO_BUILD", "1"); // this build packaged the jar already
            Process p = pb.start();
            if (!p.waitFor(25, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("./xrelay " + String.join(" ", args) + " did not finish; output:\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Cli(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
