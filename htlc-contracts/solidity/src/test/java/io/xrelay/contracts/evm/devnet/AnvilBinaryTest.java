/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnvilBinaryTest {
    @TempDir
    Path dir;

    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();

    private @Nullable String property(String name) {
        return properties.get(name);
    }

    private Path locate(Path workingDir) {
        return AnvilBinary.locate(this::property, env, workingDir, "Linux", "amd64");
    }

    private static Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static Path installed(Path root) throws IOException {
        return executable(root.resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"));
    }

    @Test
    void the_system_property_wins_over_everything() throws IOException {
        Path chosen = executable(dir.resolve("custom/anvil"));
        installed(dir.resolve("root"));
        properties.put("xrelay.anvil", chosen.toString());
        env.put("XRELAY_ANVIL", dir.resolve("elsewhere").toString());
        properties.put("xrelay.root", dir.resolve("root").toString());

        assertThat(locate(dir)).isEqualTo(chosen);
    }

    @Test
    void the_environment_variable_comes_next() throws IOException {
        Path chosen = executable(dir.resolve("env/anvil"));
        env.put("XRELAY_ANVIL", chosen.toString());

        assertThat(locate(dir)).isEqualTo(chosen);
    }

    @Test
    void a_configured_binary_that_does_not_exist_is_an_error_naming_the_setting() {
        properties.put("xrelay.anvil", dir.resolve("missing").toString());

        assertThatThrownBy(() -> locate(dir))
                .isInstanceOf(AnvilException.class)
                .hasMessageContaining("system property xrelay.anvil")
                .hasMessageContaining("missing");
    }

    @Test
    void the_root_property_points_at_node_modules() throws IOException {
        Path binary = installed(dir.resolve("root"));
        properties.put("xrelay.root", dir.resolve("root").toString());

        assertThat(locate(dir)).isEqualTo(binary);
    }

    @Test
    void the_root_environment_variable_is_used_when_the_property_is_not_set() throws IOException {
        Path binary = installed(dir.resolve("root"));
        env.put("XRELAY_ROOT", dir.resolve("root").toString());

        assertThat(locate(dir)).isEqualTo(binary);
    }

    @Test
    void walks_up_to_the_folder_with_package_json_and_mvnw() throws IOException {
        Path root = dir.resolve("repo");
        Path binary = installed(root);
        Files.writeString(root.resolve("package.json"), "{}");
        Files.writeString(root.resolve("mvnw"), "");
        Path module = Files.createDirectories(root.resolve("htlc-contracts/solidity"));

        assertThat(locate(module)).isEqualTo(binary);
    }

    @Test
    void names_every_place_tried_and_how_to_install_when_nothing_is_found() {
        properties.put("xrelay.root", dir.resolve("root").toString());

        assertThatThrownBy(() -> locate(dir))
                .isInstanceOf(AnvilException.class)
                .hasMessageContaining("system property xrelay.anvil (not set)")
                .hasMessageContaining("environment variable XRELAY_ANVIL (not set)")
                .hasMessageContaining("environment variable XRELAY_ROOT (not set)")
                .hasMessageContaining("a folder with package.json and mvnw at or above " + dir)
                .hasMessageContaining(dir.resolve("root/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil")
                        .toString())
                .hasMessageContaining("scripts/npm-tools.sh");
    }

    @Test
    void maps_the_platform_to_the_npm_package_suffix() {
        assertThat(AnvilBinary.platform("Linux", "amd64")).isEqualTo("linux-amd64");
        assertThat(AnvilBinary.platform("Linux", "aarch64")).isEqualTo("linux-arm64");
        assertThat(AnvilBinary.platform("Mac OS X", "aarch64")).isEqualTo("darwin-arm64");
        assertThat(AnvilBinary.platform("Mac OS X", "x86_64")).isEqualTo("darwin-amd64");
        assertThat(AnvilBinary.platform("Windows 11", "amd64")).isEqualTo("win32-amd64");
        assertThatThrownBy(() -> AnvilBinary.platform("SunOS", "sparcv9"))
                .isInstanceOf(AnvilException.class)
                .hasMessageContaining("SunOS");
    }
}
