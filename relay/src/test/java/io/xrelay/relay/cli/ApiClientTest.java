/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ApiClient's one-line messages for failed calls, and how client commands find the relay. */
class ApiClientTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private static String describe(Status s) {
        return ApiClient.describe(s, "127.0.0.1:7000", DEADLINE);
    }

    @Test
    void each_status_becomes_one_line_in_the_operators_terms_with_the_servers_message() {
        assertThat(describe(Status.UNAVAILABLE.withDescription("io exception")))
                .isEqualTo("the relay at 127.0.0.1:7000 is not reachable (is `xrelay run` running there?)"
                        + " (io exception)");
        assertThat(describe(Status.DEADLINE_EXCEEDED))
                .isEqualTo("the relay at 127.0.0.1:7000 did not answer within 30 s");
        assertThat(describe(Status.UNAUTHENTICATED)).isEqualTo("the relay refused the credential (check --token-file)");
        assertThat(describe(Status.PERMISSION_DENIED.withDescription("needs role admin")))
                .isEqualTo("the credential lacks the role this call needs: needs role admin");
        assertThat(describe(Status.INVALID_ARGUMENT.withDescription("amount.units: not a decimal number")))
                .isEqualTo("invalid request: amount.units: not a decimal number");
        assertThat(describe(Status.NOT_FOUND.withDescription("no chain x"))).isEqualTo("not found: no chain x");
        assertThat(describe(Status.ALREADY_EXISTS.withDescription("chain eth-dev")))
                .isEqualTo("already exists: chain eth-dev");
        assertThat(describe(Status.FAILED_PRECONDITION.withDescription("chain eth-dev is paused")))
                .isEqualTo("refused: chain eth-dev is paused");
        assertThat(describe(Status.UNIMPLEMENTED))
                .isEqualTo("the relay at 127.0.0.1:7000 does not offer this call (an older relay?)");
        assertThat(describe(Status.INTERNAL.withDescription("boom")))
                .isEqualTo("the relay failed the call (INTERNAL): boom");
    }

    @Test
    void a_relay_that_is_not_listening_is_one_unavailable_line_and_exit_1() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        try (ApiClient client = ApiClient.connect("127.0.0.1:" + port, null, Duration.ofSeconds(5))) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = XRelay.run(
                    InputStream.nullInputStream(),
                    new PrintWriter(out),
                    new PrintWriter(err),
                    "chain",
                    "list",
                    "--api",
                    "127.0.0.1:" + port,
                    "--devnet-dir",
                    tmp.toString());
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString().strip())
                    .startsWith("xrelay: the relay at 127.0.0.1:" + port + " is not reachable")
                    .doesNotContain("\n");
            assertThat(client.health()).isEqualTo(io.grpc.health.v1.HealthCheckResponse.ServingStatus.UNKNOWN);
        }
    }

    @Test
    void without_api_the_devnets_api_address_file_is_read_and_its_absence_named() throws IOException {
        StringWriter err = new StringWriter();
        int exit = XRelay.run(
                InputStream.nullInputStream(),
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "chain",
                "list",
                "--devnet-dir",
                tmp.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("xrelay: no --api given and no " + tmp.resolve("relay-data/api.address")
                        + ": start the relay (xrelay run --config ...) or give --api HOST:PORT");

        Files.createDirectories(tmp.resolve("relay-data"));
        Files.writeString(tmp.resolve("relay-data/api.address"), "127.0.0.1:45123\n");
        ApiOptions options = new ApiOptions();
        options.devnetDir = tmp;
        assertThat(options.address()).isEqualTo("127.0.0.1:45123");
    }

    @Test
    void a_malformed_api_flag_or_token_file_is_named() throws IOException {
        StringWriter err = new StringWriter();
        int exit = XRelay.run(
                InputStream.nullInputStream(),
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "chain",
                "list",
                "--api",
                "localhost");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("xrelay: --api: expected HOST:PORT, got 'localhost'");

        Path token = tmp.resolve("token");
        Files.writeString(token, "two words\n");
        ApiOptions options = new ApiOptions();
        options.tokenFile = token;
        try {
            options.token();
            throw new AssertionError("a token with a space was accepted");
        } catch (ApiOptions.BadOption e) {
            assertThat(e.getMessage())
                    .isEqualTo("--token-file " + token + ": not a token (one line of printable ASCII)");
        }
    }
}
