/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real mainnet headers under {@code src/test/resources/headers/mainnet}, named {@code <fork>-<number>.json}. */
final class Fixtures {
    static final String DIR = "headers/mainnet/";

    private Fixtures() {}

    /** The JSON text of fixture {@code name} (without {@code .json}). */
    static String json(String name) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(DIR + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + DIR + name + ".json");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EthHeader header(String name) {
        return EthHeader.fromJson(json(name));
    }

    /** Every fixture's name, sorted. */
    static List<String> names() {
        URL dir = Fixtures.class.getClassLoader().getResource(DIR);
        if (dir == null) {
            throw new IllegalStateException("no " + DIR + " on the test class path");
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".json"))
                    .map(f -> f.substring(0, f.length() - ".json".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The block number in a fixture's name. */
    static long numberOf(String name) {
        return Long.parseLong(name.substring(name.indexOf('-') + 1));
    }
}
