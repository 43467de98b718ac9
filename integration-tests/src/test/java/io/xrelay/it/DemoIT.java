/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's first command, {@code ./xrelay demo}, run as a user runs it: through the launcher script, as its own
 * process, on the jar this build packaged.
 */
class DemoIT {
    private static final Pattern ANVIL = Pattern.compile("anvil at http://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void demo_locks_and_claims_on_a_devnet_it_starts_and_stops() throws Exception {
        Path root = Path.of(System.getProperty("xrelay.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path out = Files.createTempFile("xrelay-demo", ".log");
        ProcessBuilder pb = new ProcessBuilder(root.resolve("xrelay").toString(), "demo", "--block-time", "1")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("XRELAY_NO_BUILD", "1"); // this build packaged the jar already
        Process p = pb.start();
        boolean exited = p.waitFor(4, TimeUnit.MINUTES);
        if (!exited) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);

        assertThat(exited).as("demo finished in time; output:%n%s", output).isTrue();
        assertThat(p.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(output)
                .contains("devnet: HTLC contract deployed at 0x")
                .contains("trust anchor: block #0 0x")
                .containsPattern("lock: final in block #\\d+ 0x[0-9a-f]{64}")
                .containsPattern("Locked 0x[0-9a-f]{64}: 1000000000000000000 of native")
                .contains("eth-receipts-mpt proof")
                .containsPattern("events: 1 verified final HTLC event")
                .containsPattern("claim: final in block #\\d+")
                .containsPattern("Claimed 0x[0-9a-f]{64}: secret of 0x[0-9a-f]{64} now public")
                .contains("(+1000000000000000000)")
                .contains("demo: done");
        Matcher m = ANVIL.matcher(output);
        assertThat(m.find()).as("anvil address in the output").isTrue();
        assertThat(listening(Integer.parseInt(m.group(1))))
                .as("the demo stops the devnet it started")
                .isFalse();
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
