/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm.devnet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Finds the native anvil binary: the system property {@value #PROPERTY}, else the environment variable
 * {@value #ENV}, else {@code <root>/node_modules/@foundry-rs/anvil-<os>-<arch>/bin/anvil} where the root is the
 * system property {@value #ROOT_PROPERTY}, the environment variable {@value #ROOT_ENV}, or the nearest folder at or
 * above the working directory that holds both {@code package.json} and {@code mvnw}.
 */
final class AnvilBinary {
    static final String PROPERTY = "xrelay.anvil";
    static final String ENV = "XRELAY_ANVIL";
    static final String ROOT_PROPERTY = "xrelay.root";
    static final String ROOT_ENV = "XRELAY_ROOT";

    private AnvilBinary() {}

    /** Finds the binary for this JVM's system properties, environment, working directory and platform. */
    static Path locate() {
        return locate(
                System::getProperty,
                System.getenv(),
                Path.of("").toAbsolutePath(),
                System.getProperty("os.name", ""),
                System.getProperty("os.arch", ""));
    }

    /**
     * Finds the binary from the given sources.
     *
     * @throws AnvilException naming every place tried, if none holds an executable anvil
     */
    static Path locate(
            Function<String, @Nullable String> properties,
            Map<String, String> env,
            Path workingDir,
            String osName,
            String osArch) {
        Path explicit = configured(properties.apply(PROPERTY), "system property " + PROPERTY);
        if (explicit == null) {
            explicit = configured(env.get(ENV), "environment variable " + ENV);
        }
        if (explicit != null) {
            return explicit;
        }

        String platform = platform(osName, osArch);
        String binaryName = osName.toLowerCase(Locale.ROOT).startsWith("windows") ? "anvil.exe" : "anvil";
        Set<String> roots = new LinkedHashSet<>();
        List<String> tried = new ArrayList<>();
        tried.add("system property " + PROPERTY + " (not set)");
        tried.add("environment variable " + ENV + " (not set)");
        String rootProperty = properties.apply(ROOT_PROPERTY);
        if (rootProperty != null && !rootProperty.isBlank()) {
            roots.add(rootProperty);
        } else {
            tried.add("system property " + ROOT_PROPERTY + " (not set)");
        }
        String rootEnv = env.get(ROOT_ENV);
        if (rootEnv != null && !rootEnv.isBlank()) {
            roots.add(rootEnv);
        } else {
            tried.add("environment variable " + ROOT_ENV + " (not set)");
        }
        Path walked = findRoot(workingDir);
        if (walked != null) {
            roots.add(walked.toString());
        } else {
            tried.add("a folder with package.json and mvnw at or above " + workingDir + " (none)");
        }
        for (String root : roots) {
            Path candidate = Path.of(root)
                    .resolve("node_modules")
                    .resolve("@foundry-rs")
                    .resolve("anvil-" + platform)
                    .resolve("bin")
                    .resolve(binaryName)
                    .toAbsolutePath()
                    .normalize();
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
            tried.add(candidate + " (missing or not executable)");
        }
        throw new AnvilException("anvil binary not found; tried: " + String.join("; ", tried)
                + ". Run scripts/npm-tools.sh at the repository root to install it, or set the system property "
                + PROPERTY + " or the environment variable " + ENV + " to the anvil binary.");
    }

    /** The npm platform suffix of the anvil package, such as {@code linux-amd64}. */
    static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String npmOs;
        if (os.startsWith("linux")) {
            npmOs = "linux";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            npmOs = "darwin";
        } else if (os.startsWith("windows")) {
            npmOs = "win32";
        } else {
            throw new AnvilException("no anvil package for operating system '" + osName + "'; set the system property "
                    + PROPERTY + " to an anvil binary");
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        String npmArch;
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            npmArch = "amd64";
        } else if (arch.equals("aarch64") || arch.equals("arm64")) {
            npmArch = "arm64";
        } else {
            throw new AnvilException("no anvil package for architecture '" + osArch + "'; set the system property "
                    + PROPERTY + " to an anvil binary");
        }
        return npmOs + "-" + npmArch;
    }

    private static @Nullable Path configured(@Nullable String value, String where) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new AnvilException(where + " names " + path + ", which is not an executable file");
        }
        return path;
    }

    private static @Nullable Path findRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("package.json")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        return null;
    }
}
