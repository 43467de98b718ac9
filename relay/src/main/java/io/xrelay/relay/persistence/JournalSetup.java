/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.xrelay.relay.config.PersistenceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the relay's persistence settings into the actor system's configuration for pekko-persistence-jdbc and
 * creates the journal's tables when they are absent. Call {@link #prepare} before the actor system starts:
 *
 * <pre>{@code
 * Config systemConfig = JournalSetup.prepare(relayConfig.persistence(), loadedConfig);
 * ActorSystem.create(guardian, "xrelay", systemConfig);
 * }</pre>
 */
public final class JournalSetup {
    /** The key of the shared database that the journal, snapshot store and read journal use. */
    public static final String SHARED_DB = "pekko-persistence-jdbc.shared-databases.xrelay";

    private JournalSetup() {}

    /** Creates the tables if absent, then returns {@link #actorSystemConfig}. */
    public static Config prepare(PersistenceConfig persistence, Config base) {
        createTablesIfAbsent(persistence);
        return actorSystemConfig(persistence, base);
    }

    /**
     * {@code base} with the shared database of pekko-persistence-jdbc set to {@code persistence}'s: the H2 file
     * {@code data-dir/journal/xrelay} or the PostgreSQL server. {@code base} should hold the relay's
     * library settings above the class path's {@code reference.conf}, as {@code RelayConfig.root()} does (or
     * {@code RelayConfig.actorSystemDefaults().withFallback(ConfigFactory.load())}); the result is resolved.
     */
    public static Config actorSystemConfig(PersistenceConfig persistence, Config base) {
        Map<String, Object> db =
                switch (persistence.backend()) {
                    case H2 ->
                        Map.of(
                                "profile", "slick.jdbc.H2Profile$",
                                "db.url", h2Url(persistence),
                                "db.user", "sa",
                                "db.password", "",
                                "db.driver", "org.h2.Driver");
                    case POSTGRES -> {
                        PersistenceConfig.Postgres pg = persistence.postgres().orElseThrow();
                        yield Map.of(
                                "profile", "slick.jdbc.PostgresProfile$",
                                "db.url", pg.url(),
                                "db.user", pg.user(),
                                "db.password", pg.password(),
                                "db.driver", "org.postgresql.Driver");
                    }
                };
        Config overrides = ConfigFactory.empty("xrelay.persistence");
        for (Map.Entry<String, Object> e : db.entrySet()) {
            overrides = overrides.withValue(
                    SHARED_DB + "." + e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue(), "xrelay.persistence"));
        }
        return overrides.withFallback(base).resolve();
    }

    /**
     * Creates the journal, tag and snapshot tables if they are absent (blocking JDBC; run it before the actor system
     * starts). For H2 the database's folder is created too.
     *
     * @throws PersistenceSetupException naming the database if it cannot be reached or refuses the statements
     */
    public static void createTablesIfAbsent(PersistenceConfig persistence) {
        String url;
        String user;
        String password;
        String script;
        switch (persistence.backend()) {
            case H2 -> {
                try {
                    Files.createDirectories(persistence.h2Folder());
                } catch (IOException e) {
                    throw new PersistenceSetupException(
                            "cannot create the journal folder " + persistence.h2Folder() + ": " + e.getMessage(), e);
                }
                url = h2Url(persistence);
                user = "sa";
                password = "";
                script = "h2-schema.sql";
            }
            case POSTGRES -> {
                PersistenceConfig.Postgres pg = persistence.postgres().orElseThrow();
                url = pg.url();
                user = pg.user();
                password = pg.password();
                script = "postgres-schema.sql";
            }
            default -> throw new IllegalStateException("unknown backend " + persistence.backend());
        }
        List<String> statements = statements(script);
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new PersistenceSetupException(
                    "cannot create the journal's tables in " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * The H2 URL of the journal under the data folder (absolute, so the working directory does not matter), with
     * {@code WRITE_DELAY=0}: every commit is written to the file before it returns. H2's default keeps commits in
     * memory for up to 500 ms, so a relay killed in that time would lose events it had already acted on (a
     * destination lock recorded and sent, then forgotten).
     */
    static String h2Url(PersistenceConfig persistence) {
        Path file = persistence.h2Folder().toAbsolutePath().normalize().resolve("xrelay");
        return "jdbc:h2:file:" + file.toString().replace('\\', '/') + ";WRITE_DELAY=0";
    }

    /** The statements of a schema script in this package: split at {@code ;} ending a line, comments dropped. */
    static List<String> statements(String script) {
        String text;
        try (InputStream in = JournalSetup.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("schema script " + script + " is missing from the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema script " + script, e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return List.copyOf(statements);
    }
}
