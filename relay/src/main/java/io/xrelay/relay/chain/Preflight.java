/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.chain;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.PreflightCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The pre-flight of a runtime registration: writes the inline files under {@code <data-dir>/chains/<chain-id>/},
 * makes the chain's adapter from its entry and runs its {@link ChainAdapter#preflight() checks}; the adapter is
 * closed afterwards whatever the outcome (the chain's actor makes its own).
 */
public final class Preflight {
    private Preflight() {}

    /**
     * The outcome of a pre-flight.
     *
     * @param entry the chain's entry with the written files' paths
     * @param checks every check in order
     * @param folder the chain's folder, if this pre-flight created it (to remove when nothing is registered)
     */
    public record Outcome(Config entry, List<PreflightCheck> checks, java.util.Optional<Path> folder) {
        public Outcome {
            checks = List.copyOf(checks);
        }

        /** Whether every check passed. */
        public boolean passed() {
            return checks.stream().allMatch(PreflightCheck::passed);
        }

        /** The failed checks, {@code name: detail}, joined by {@code "; "}. */
        public String failures() {
            return String.join(
                    "; ",
                    checks.stream()
                            .filter(c -> !c.passed())
                            .map(c -> c.name() + ": " + c.detail())
                            .toList());
        }
    }

    /**
     * Runs the pre-flight of {@code registration} on {@code blocking} (file writes, the adapter's construction).
     *
     * @return the outcome; fails with an {@link AdapterConfigException} naming the key when the entry is unusable
     */
    public static CompletionStage<Outcome> run(
            ChainRegistration registration, Path dataDir, ChainActor.AdapterFactory adapters, Executor blocking) {
        Path folder = chainFolder(dataDir, registration);
        boolean existed = Files.isDirectory(folder);
        java.util.Optional<Path> created = existed ? java.util.Optional.empty() : java.util.Optional.of(folder);
        return CompletableFuture.supplyAsync(() -> prepare(registration, folder, adapters), blocking)
                .thenCompose(p -> {
                    ChainAdapter adapter = p.adapter();
                    if (adapter == null) {
                        return CompletableFuture.completedFuture(new Outcome(p.entry(), p.refused(), created));
                    }
                    return adapter.preflight().handle((checks, err) -> {
                        adapter.close();
                        if (err != null) {
                            throw err instanceof CompletionException c ? c : new CompletionException(err);
                        }
                        return new Outcome(p.entry(), checks, created);
                    });
                })
                .whenComplete((outcome, err) -> {
                    if (err != null && !existed) {
                        removeFolder(folder);
                    }
                });
    }

    private static Prepared prepare(ChainRegistration registration, Path folder, ChainActor.AdapterFactory adapters) {
        Config entry = writeFiles(registration, folder);
        try {
            return new Prepared(entry, adapters.create(registration.chain(), entry), List.of());
        } catch (AdapterConfigException e) {
            String check = checkOf(e.key());
            if (check == null) {
                throw e;
            }
            return new Prepared(entry, null, List.of(PreflightCheck.fail(check, problemOf(e))));
        }
    }

    /** {@code <data-dir>/chains/<chain-id>}. */
    public static Path chainFolder(Path dataDir, ChainRegistration registration) {
        return dataDir.resolve("chains").resolve(registration.chain().value());
    }

    /** Removes a chain's folder and what it holds (best effort). */
    public static void removeFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a stale folder holds no secret (inline files are certificates and config blocks)
        }
    }

    /** The adapter, or the failed checks of an entry it refused (then no adapter). */
    private record Prepared(Config entry, @Nullable ChainAdapter adapter, List<PreflightCheck> refused) {}

    /**
     * The check that an adapter's refusal of {@code key} fails: an unreadable or malformed key or certificate is a
     * failed signer-key check, an unusable trust anchor a failed trust-anchor check; other keys are invalid input.
     */
    static @Nullable String checkOf(String key) {
        if (key.startsWith("signer")) {
            return PreflightCheck.SIGNER_KEY;
        }
        if (key.startsWith("trust-anchor")) {
            return PreflightCheck.TRUST_ANCHOR;
        }
        return null;
    }

    private static String problemOf(AdapterConfigException e) {
        String message = String.valueOf(e.getMessage());
        String prefix = e.chain() + ": config '" + e.key() + "': ";
        return e.key() + ": " + (message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }

    private static Config writeFiles(ChainRegistration registration, Path folder) {
        Config entry = registration.entry();
        if (registration.files().isEmpty()) {
            return entry;
        }
        java.util.Map<String, String> paths = new java.util.HashMap<>();
        try {
            Files.createDirectories(folder);
            for (ChainRegistration.InlineFile file : registration.files()) {
                Path target = folder.resolve(file.fileName());
                Path tmp = folder.resolve("." + file.fileName() + ".tmp");
                Files.write(tmp, file.content().toByteArray());
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                paths.put(
                        ChainRegistration.inlineRef(file.fileName()),
                        target.toAbsolutePath().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chain's files under " + folder, e);
        }
        return ((com.typesafe.config.ConfigObject) substitute(entry.root(), paths)).toConfig();
    }

    /** {@code value} with every string that is a key of {@code paths} replaced by its value. */
    private static com.typesafe.config.ConfigValue substitute(
            com.typesafe.config.ConfigValue value, java.util.Map<String, String> paths) {
        return switch (value.valueType()) {
            case OBJECT -> {
                java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
                ((com.typesafe.config.ConfigObject) value).forEach((k, v) -> out.put(k, substitute(v, paths)));
                yield ConfigValueFactory.fromMap(out);
            }
            case LIST ->
                ConfigValueFactory.fromIterable(((com.typesafe.config.ConfigList) value)
                        .stream().map(v -> substitute(v, paths)).toList());
            case STRING -> {
                String path = paths.get(String.valueOf(value.unwrapped()));
                yield path == null ? value : ConfigValueFactory.fromAnyRef(path);
            }
            default -> value;
        };
    }
}
