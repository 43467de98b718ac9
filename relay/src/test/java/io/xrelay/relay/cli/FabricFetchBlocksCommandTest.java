/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xrelay fabric fetch-blocks} refuses bad flags and configuration with one clear line and exit 2. */
class FabricFetchBlocksCommandTest {
    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {}

    private static Run xrelay(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = XRelay.run(InputStream.nullInputStream(), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void the_command_is_listed_under_fabric() {
        Run run = xrelay("fabric", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("fetch-blocks");
    }

    @Test
    void missing_required_flags_are_named() {
        Run run = xrelay("fabric", "fetch-blocks", "--from", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--config").contains("--out");
    }

    @Test
    void a_block_number_that_is_not_a_number_is_refused() {
        Run run = xrelay("fabric", "fetch-blocks", "--config", "x.conf", "--from", "one", "--out", tmp.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--from").contains("one");
    }

    @Test
    void a_negative_first_block_or_a_last_block_below_it_is_refused() {
        Run negative = xrelay("fabric", "fetch-blocks", "--config", "x.conf", "--from", "-1", "--out", tmp.toString());
        Run backwards = xrelay(
                "fabric", "fetch-blocks", "--config", "x.conf", "--from", "5", "--to", "4", "--out", tmp.toString());

        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).startsWith("xrelay: --from must not be negative, got -1");
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.err()).startsWith("xrelay: --to 4 is below --from 5");
    }

    @Test
    void a_missing_configuration_file_is_named() {
        Path missing = tmp.resolve("missing.conf");

        Run run = xrelay(
                "fabric", "fetch-blocks", "--config", missing.toString(), "--from", "0", "--out", tmp.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("xrelay: --config " + missing + ": no such file" + System.lineSeparator());
    }

    @Test
    void a_configuration_that_is_not_hocon_or_lacks_a_key_is_refused_naming_it() throws IOException {
        Path broken = Files.writeString(tmp.resolve("broken.conf"), "channel = {");
        Path incomplete = Files.writeString(tmp.resolve("incomplete.conf"), "id = fabric-a\nchannel = xrelay\n");
        Path wrongType = Files.writeString(tmp.resolve("eth.conf"), "type = ethereum\n");

        Run brokenRun =
                xrelay("fabric", "fetch-blocks", "--config", broken.toString(), "--from", "0", "--out", tmp.toString());
        Run incompleteRun = xrelay(
                "fabric", "fetch-blocks", "--config", incomplete.toString(), "--from", "0", "--out", tmp.toString());
        Run wrongTypeRun = xrelay(
                "fabric", "fetch-blocks", "--config", wrongType.toString(), "--from", "0", "--out", tmp.toString());

        assertThat(brokenRun.exitCode()).isEqualTo(2);
        assertThat(brokenRun.err()).startsWith("xrelay: --config " + broken + ": ");
        assertThat(incompleteRun.exitCode()).isEqualTo(2);
        assertThat(incompleteRun.err()).startsWith("xrelay: fabric-a: config 'endorsement-policy': is required");
        assertThat(wrongTypeRun.exitCode()).isEqualTo(2);
        assertThat(wrongTypeRun.err()).contains("config 'type': must be fabric");
    }
}
