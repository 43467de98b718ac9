/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import io.xrelay.relay.api.ApiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the relay's API is and the token to call it with: the options of every API client command. */
final class ApiOptions {
    /** The environment variable a token is read from when no {@code --token-file} is given. */
    static final String TOKEN_ENV = "XRELAY_API_TOKEN";

    @Option(
            names = "--api",
            paramLabel = "HOST:PORT",
            description = "The relay's API address. Default: the one the relay wrote to <data-dir>/api.address.")
    @Nullable
    String api;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "./data",
            description = "The relay's data folder, to read api.address from. Default: ${DEFAULT-VALUE}.")
    Path dataDir = Path.of("./data");

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "A file holding the API token. Default: the environment variable " + TOKEN_ENV + ".")
    @Nullable
    Path tokenFile;

    /** The API's {@code host:port}. */
    String address() {
        if (api != null) {
            if (!api.matches("[^:\\s]+:[0-9]{1,5}")) {
                throw new UsageException("--api: expected HOST:PORT, got \"" + api + "\"");
            }
            return api;
        }
        Path file = dataDir.resolve(ApiServer.ADDRESS_FILE);
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UsageException("no relay API address: " + file
                    + " cannot be read (is the relay running with this --data-dir?); give --api HOST:PORT");
        }
    }

    /** The token, from {@code --token-file} or {@link #TOKEN_ENV}. */
    String token(Map<String, String> env) {
        if (tokenFile != null) {
            try {
                String token =
                        Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
                if (token.isEmpty()) {
                    throw new UsageException("--token-file: " + tokenFile + " is empty");
                }
                return token;
            } catch (IOException e) {
                throw new UsageException("--token-file: cannot read " + tokenFile + ": " + e.getMessage());
            }
        }
        String token = env.get(TOKEN_ENV);
        if (token == null || token.isBlank()) {
            throw new UsageException("no API token: give --token-file FILE or set " + TOKEN_ENV);
        }
        return token.trim();
    }

    /** A problem with the command line or its files: one line, exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
