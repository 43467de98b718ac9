/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import io.xrelay.relay.api.ApiServer;
import io.xrelay.relay.devnet.LocalDevnet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options every API client command takes: where the relay's API is, the credential, the deadline, the format. */
final class ApiOptions {
    /** The environment variable a token is read from when no {@code --token-file} is given. */
    static final String TOKEN_ENV = "XRELAY_API_TOKEN";

    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-]+:\\d{1,5}|\\[[0-9a-fA-F:]+]:\\d{1,5}");

    @Option(
            names = "--api",
            paramLabel = "HOST:PORT",
            description = "The relay's API [Default: the address in <data dir>/api.address].")
    @Nullable
    String api;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "The relay's data folder, where it writes api.address [Default: <devnet dir>/relay-data].")
    @Nullable
    Path dataDir;

    @Option(
            names = "--devnet-dir",
            paramLabel = "DIR",
            description = "The devnet folder whose relay and token to use [Default: ./.xrelay/devnet].")
    @Nullable
    Path devnetDir;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "A file holding the API token [Default: the environment variable " + TOKEN_ENV
                    + ", else <devnet dir>/token if it exists].")
    @Nullable
    Path tokenFile;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "The deadline of each call, e.g. 30s or 2m [Default: 30s].")
    @Nullable
    String timeout;

    @Option(names = "--json", description = "Print protobuf JSON instead of text.")
    boolean json;

    /** A usage problem of these options: one line, exit code 2. */
    static final class BadOption extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadOption(String message) {
            super(message);
        }
    }

    LocalDevnet devnet() {
        return LocalDevnet.at(devnetDir == null ? LocalDevnet.DEFAULT_DIR : devnetDir);
    }

    /** The API's address: {@code --api}, else the devnet relay's api.address. */
    String address() {
        if (api != null) {
            if (!HOST_PORT.matcher(api).matches()) {
                throw new BadOption("--api: expected HOST:PORT, got '" + api + "'");
            }
            return api;
        }
        Path file = dataDir != null ? dataDir.resolve(ApiServer.ADDRESS_FILE) : devnet().apiAddressFile();
        if (!Files.isRegularFile(file)) {
            throw new BadOption("no --api given and no " + file
                    + ": start the relay (xrelay run --config ...) or give --api HOST:PORT");
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!HOST_PORT.matcher(text).matches()) {
                throw new BadOption(file + ": expected HOST:PORT, got '" + text + "'");
            }
            return text;
        } catch (IOException e) {
            throw new BadOption("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The token: {@code --token-file}, else {@link #TOKEN_ENV}, else the devnet's token if there is one, else none. */
    @Nullable
    String token() {
        return token(System.getenv());
    }

    @Nullable
    String token(Map<String, String> env) {
        Path file = tokenFile;
        String fromEnv = env.get(TOKEN_ENV);
        if (file == null && fromEnv != null && !fromEnv.isBlank()) {
            String token = fromEnv.strip();
            if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new BadOption(TOKEN_ENV + ": not a token (printable ASCII, no spaces)");
            }
            return token;
        }
        if (file == null) {
            Path def = devnet().tokenFile();
            if (!Files.isRegularFile(def)) {
                return null;
            }
            file = def;
        }
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new BadOption("--token-file " + file + ": not a token (one line of printable ASCII)");
            }
            return token;
        } catch (IOException e) {
            throw new BadOption("--token-file " + file + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    Duration deadline() {
        if (timeout == null) {
            return Duration.ofSeconds(30);
        }
        Duration d = parseDuration("--timeout", timeout);
        if (d.isZero() || d.isNegative()) {
            throw new BadOption("--timeout: must be positive, got '" + timeout + "'");
        }
        return d;
    }

    ApiClient connect() {
        return ApiClient.connect(address(), token(), deadline());
    }

    /** {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT15M}). */
    static Duration parseDuration(String option, String text) {
        var m = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)").matcher(text.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new BadOption(option + ": expected a duration such as 90s, 15m or 2h, got '" + text + "'");
        }
    }
}
