/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code xrelay verify eth-header}, run in-process on the mainnet fixtures and on bad input. */
class VerifyEthHeaderCommandTest {
    private static final Path FIXTURES = Path.of(
            System.getProperty("xrelay.root", ".."),
            "adapters",
            "ethereum",
            "src",
            "test",
            "resources",
            "headers",
            "mainnet");
    private static final Pattern CLAIMED_HASH = Pattern.compile("\"hash\"\\s*:\\s*\"(0x[0-9a-f]{64})\"");

    @TempDir
    Path tmp;

    private record Run(int exitCode, String out, String err) {}

    private static Run xrelay(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = XRelay.run(stdin, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run xrelay(String... args) {
        return xrelay(InputStream.nullInputStream(), args);
    }

    static List<Path> fixtures() {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String claimedHash(String json) {
        Matcher m = CLAIMED_HASH.matcher(json);
        assertThat(m.find()).as("a hash field in %s", json).isTrue();
        return m.group(1);
    }

    @Test
    void there_are_mainnet_fixtures_to_check() {
        assertThat(fixtures()).hasSizeGreaterThanOrEqualTo(12);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void prints_the_recomputed_hash_and_ok_for_a_mainnet_header(Path fixture) throws IOException {
        String hash = claimedHash(Files.readString(fixture));

        Run run = xrelay("verify", "eth-header", fixture.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("hash " + hash + " ok" + System.lineSeparator());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void prints_both_hashes_and_exits_1_when_the_hash_does_not_match() throws IOException {
        String json = Files.readString(FIXTURES.resolve("prague-23513000.json"))
                .replace("\"gasUsed\": \"0x14204dd\"", "\"gasUsed\": \"0x14204de\"");
        Path file = Files.writeString(tmp.resolve("changed.json"), json);

        Run run = xrelay("verify", "eth-header", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .matches("hash 0x[0-9a-f]{64} mismatch \\(header says "
                        + "0x65407618ec1f44bd793f024f9ce855d7287ea4a9d7ae4c9e672362a372b9ded4\\)\\R")
                .doesNotStartWith("hash 0x65407618ec1f44bd793f024f9ce855d7287ea4a9d7ae4c9e672362a372b9ded4");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void reads_standard_input_for_a_dash() throws IOException {
        byte[] json = Files.readAllBytes(FIXTURES.resolve("cancun-19426587.json"));

        Run run = xrelay(new ByteArrayInputStream(json), "verify", "eth-header", "-");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .isEqualTo("hash 0xf8e2f40d98fe5862bc947c8c83d34799c50fb344d7445d020a8a946d891b62ee ok"
                        + System.lineSeparator());
    }

    @Test
    void a_missing_file_is_one_line_on_stderr_and_exit_2() {
        String missing = tmp.resolve("nope.json").toString();

        Run run = xrelay("verify", "eth-header", missing);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("xrelay: " + missing + ": no such file" + System.lineSeparator());
    }

    @Test
    void a_directory_is_refused() {
        Run run = xrelay("verify", "eth-header", tmp.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("xrelay: " + tmp + ": is a directory" + System.lineSeparator());
    }

    @Test
    void malformed_json_is_one_line_naming_the_problem() throws IOException {
        Path file = Files.writeString(tmp.resolve("broken.json"), "{\"parentHash\": \"0x12\",");

        Run run = xrelay("verify", "eth-header", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .startsWith("xrelay: " + file + ": header: not valid JSON at line 1")
                .hasLineCount(1);
    }

    @Test
    void a_hash_of_the_wrong_length_names_the_field() throws IOException {
        String json = Files.readString(FIXTURES.resolve("london-12965000.json"))
                .replace(
                        "\"parentHash\": \"0x3de6bb3849a138e6ab0b83a3a00dc7433f1e83f7fd488e4bba78f2fe2631a633\"",
                        "\"parentHash\": \"0x3de6bb3849a138e6ab0b83a3a00dc7433f1e83f7fd488e4bba78f2fe2631a6\"");
        Path file = Files.writeString(tmp.resolve("short.json"), json);

        Run run = xrelay("verify", "eth-header", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("xrelay: " + file + ": parentHash: 31 bytes, expected 32")
                .hasLineCount(1);
    }

    @Test
    void a_later_fork_field_without_an_earlier_one_is_refused() throws IOException {
        String json = Files.readString(FIXTURES.resolve("prague-23513000.json"))
                .replaceAll("\\s*\"parentBeaconBlockRoot\": \"0x[0-9a-f]+\",", "");
        Path file = Files.writeString(tmp.resolve("no-beacon-root.json"), json);

        Run run = xrelay("verify", "eth-header", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("xrelay: " + file + ": requestsHash: present without parentBeaconBlockRoot, which an"
                        + " earlier fork added" + System.lineSeparator());
    }

    @Test
    void text_that_is_not_utf8_is_refused() throws IOException {
        Path file = Files.write(tmp.resolve("binary.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x7b});

        Run run = xrelay("verify", "eth-header", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("xrelay: " + file + ": not UTF-8 text" + System.lineSeparator());
    }

    @Test
    void empty_standard_input_is_refused() {
        Run run = xrelay(new ByteArrayInputStream(new byte[0]), "verify", "eth-header", "-");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("xrelay: (stdin): header: no JSON in the input" + System.lineSeparator());
    }

    @Test
    void a_missing_file_argument_is_a_usage_error() {
        Run run = xrelay("verify", "eth-header");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'FILE'");
    }

    @Test
    void verify_lists_the_eth_header_command() {
        Run run = xrelay("verify", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("eth-header");
    }

    @Test
    void the_help_of_eth_header_explains_the_exit_codes() {
        Run run = xrelay("verify", "eth-header", "--help");

        assertThat(run.out()).contains("Exit codes:").contains("the hashes differ");
        assertThat(new String(run.out().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .contains("FILE");
    }
}
