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

/** {@code xrelay run} refuses a bad configuration with one line naming the key and exit code 2. */
class RunCommandTest {
    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {}

    private static Run xrelay(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = XRelay.run(InputStream.nullInputStream(), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path config(String xrelayBody) throws IOException {
        Path file = tmp.resolve("relay.conf");
        Files.writeString(file, "xrelay {\n  data-dir = \"" + tmp.resolve("data") + "\"\n" + xrelayBody + "\n}\n");
        return file;
    }

    @Test
    void the_command_is_listed() {
        Run run = xrelay("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("run");
    }

    @Test
    void the_config_flag_is_required() {
        Run run = xrelay("run");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--config");
    }

    @Test
    void a_missing_file_is_one_line_and_exit_2() {
        Run run = xrelay("run", "--config", tmp.resolve("absent.conf").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("xrelay: config: no such file: " + tmp.resolve("absent.conf") + "\n");
    }

    @Test
    void a_bad_key_is_named_on_one_line_with_exit_2() throws IOException {
        Run run = xrelay(
                "run",
                "--config",
                config("chains = [ { id = x, type = bitcoin } ]").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("xrelay: xrelay.chains[0].type: unknown adapter type 'bitcoin'");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void a_key_the_adapter_refuses_is_named_with_its_chain_entry_and_exit_2() throws IOException {
        Path file = config("chains = [ { id = x, type = in-memory, ledger = \"run-command-test\","
                + " relay { finality-time = 1s, clock-tolerance = 1s } } ]");

        Run run = xrelay("run", "--config", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("xrelay: xrelay.chains[0].signer: is required");
        assertThat(run.out()).doesNotContain("relay ready");
    }
}
