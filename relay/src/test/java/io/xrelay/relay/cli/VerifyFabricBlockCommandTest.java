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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xrelay verify fabric-block}, run in-process on the Fabric devnet fixtures and on bad input. */
class VerifyFabricBlockCommandTest {
    private static final Path FIXTURES = Path.of(
            System.getProperty("xrelay.root", ".."), "adapters", "fabric", "src", "test", "resources", "fabric-blocks");
    private static final String NL = System.lineSeparator();

    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {}

    private static Run xrelay(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = XRelay.run(InputStream.nullInputStream(), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String block(int n) {
        return FIXTURES.resolve(n + ".block").toString();
    }

    /** The fixtures, one block per file, as far as they go. */
    private static int last() {
        int n = 0;
        while (Files.exists(FIXTURES.resolve((n + 1) + ".block"))) {
            n++;
        }
        return n;
    }

    private static List<String> args(String... head) {
        return new ArrayList<>(List.of(head));
    }

    @Test
    void prints_ok_for_every_fixture_block_and_exits_0() {
        int last = last();
        assertThat(last).isGreaterThanOrEqualTo(4);
        List<String> args = args("verify", "fabric-block", "--config", block(0));
        StringBuilder expected = new StringBuilder();
        for (int n = 1; n <= last; n++) {
            args.add(block(n));
            expected.append("block ").append(n).append(" ok").append(NL);
        }

        Run run = xrelay(args.toArray(String[]::new));

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo(expected.toString());
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void prints_the_reason_of_a_tampered_block_checks_the_rest_and_exits_1() throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of(block(2)));
        bytes[dataHashOffset(bytes)] ^= 1;
        Path tampered = tmp.resolve("2.block");
        Files.write(tampered, bytes);

        Run run = xrelay("verify", "fabric-block", "--config", block(0), block(1), tampered.toString(), block(2));

        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .isEqualTo("block 1 ok" + NL
                        + "block 2 rejected: data hash does not match the transactions" + NL
                        + "block 2 ok" + NL);
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void a_block_out_of_order_is_rejected() {
        Run run = xrelay("verify", "fabric-block", "--config", block(0), block(2));

        assertThat(run.out()).isEqualTo("block 2 rejected: out of order, block 1 expected" + NL);
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void a_malformed_file_is_one_line_naming_it_and_exit_2() throws IOException {
        Path junk = tmp.resolve("junk.block");
        Files.writeString(junk, "not a block at all");

        Run run = xrelay("verify", "fabric-block", "--config", block(0), block(1), junk.toString());

        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .startsWith("xrelay: " + junk + ": not a Fabric block")
                .endsWith(NL);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void a_missing_file_is_one_line_naming_it_and_exit_2() {
        Path missing = tmp.resolve("missing.block");

        Run run = xrelay("verify", "fabric-block", "--config", block(0), missing.toString());

        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("xrelay: " + missing + ": no such file" + NL);
        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void a_config_file_that_is_no_trust_anchor_is_refused() {
        Run run = xrelay("verify", "fabric-block", "--config", block(1), block(2));

        assertThat(run.err())
                .isEqualTo("xrelay: " + block(1) + ": not a trust anchor: block 1: not a config block (its transaction"
                        + " is of type ENDORSER_TRANSACTION)" + NL);
        assertThat(run.exitCode()).isEqualTo(2);
    }

    @Test
    void the_config_option_is_required() {
        Run run = xrelay("verify", "fabric-block", block(1));

        assertThat(run.err()).contains("Missing required option: '--config=CONFIG_BLOCK'");
        assertThat(run.exitCode()).isEqualTo(2);
    }

    /**
     * Where the header's data hash starts in a block file: {@code Block.header} (field 1) comes first, holding
     * number (field 1, varint), previous_hash (field 2, 32 bytes) and data_hash (field 3, 32 bytes).
     */
    private static int dataHashOffset(byte[] b) {
        int at = 0;
        assertThat(b[at++]).as("Block.header tag").isEqualTo((byte) 0x0a);
        while ((b[at++] & 0x80) != 0) {
            // the header's length
        }
        if (b[at] == 0x08) {
            at++;
            while ((b[at++] & 0x80) != 0) {
                // the block number
            }
        }
        assertThat(b[at]).as("previous_hash tag").isEqualTo((byte) 0x12);
        at += 2 + (b[at + 1] & 0xff);
        assertThat(b[at]).as("data_hash tag").isEqualTo((byte) 0x1a);
        assertThat(b[at + 1]).as("data_hash length").isEqualTo((byte) 32);
        return at + 2;
    }
}
