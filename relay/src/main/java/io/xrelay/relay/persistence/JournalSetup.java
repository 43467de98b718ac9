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
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /** The file that marks an H2 journal as in use; left behind, it says the last run did not stop cleanly. */
    static final String OPEN_MARKER = "xrelay.open";

    private static final Logger log = LoggerFactory.getLogger(JournalSetup.class);

    /**
     * Rebuilds an H2 journal the last run left open ({@link #rebuildIfLeftOpen}), creates the tables if absent,
     * marks the journal as in use until {@link #closed}, then returns {@link #actorSystemConfig}.
     */
    public static Config prepare(PersistenceConfig persistence, Config base) {
        if (persistence.backend() == PersistenceConfig.Backend.H2) {
            rebuildIfLeftOpen(persistence);
        }
        createTablesIfAbsent(persistence);
        if (persistence.backend() == PersistenceConfig.Backend.H2) {
            try {
                Files.writeString(
                        persistence.h2Folder().resolve(OPEN_MARKER),
                        "in use since " + Instant.now() + " by pid "
                                + ProcessHandle.current().pid() + "\n",
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new PersistenceSetupException(
                        "cannot write " + persistence.h2Folder().resolve(OPEN_MARKER) + ": " + e.getMessage(), e);
            }
        }
        return actorSystemConfig(persistence, base);
    }

    /** Marks the H2 journal as closed cleanly: call it once the actor system has terminated. */
    public static void closed(PersistenceConfig persistence) {
        if (persistence.backend() == PersistenceConfig.Backend.H2) {
            try {
                Files.deleteIfExists(persistence.h2Folder().resolve(OPEN_MARKER));
            } catch (IOException e) {
                log.warn("journal: cannot remove {}: {}", persistence.h2Folder().resolve(OPEN_MARKER), e.getMessage());
            }
        }
    }

    /**
     * If the last run left the H2 journal open (killed, or the machine stopped), rebuilds it from its committed rows.
     * H2 can come back from such a stop with a row of a transaction that was being committed neither visible nor
     * rolled back: every later insert of that key (the next event of one actor) then fails, and that actor can never
     * persist again. The rebuild exports what is committed ({@code SCRIPT}), loads it into a new file
     * ({@code RUNSCRIPT}) and only then replaces the old file with one atomic rename, so a stop during the rebuild
     * leaves the old file and the marker in place and the next start rebuilds again. Nothing committed is lost: an
     * event is acted on only after its commit returned.
     *
     * @throws PersistenceSetupException naming the file if the rebuild fails
     */
    static void rebuildIfLeftOpen(PersistenceConfig persistence) {
        Path folder = persistence.h2Folder().toAbsolutePath().normalize();
        Path marker = folder.resolve(OPEN_MARKER);
        Path db = folder.resolve("xrelay.mv.db");
        if (!Files.exists(marker) || !Files.exists(db)) {
            return;
        }
        long started = System.nanoTime();
        Path dump = folder.resolve("xrelay-rebuild.sql");
        Path rebuilt = folder.resolve("xrelay-rebuild.mv.db");
        try {
            Files.deleteIfExists(dump);
            Files.deleteIfExists(rebuilt);
            try (Connection c = DriverManager.getConnection(h2Url(persistence), "sa", "");
                    Statement s = c.createStatement()) {
                s.execute("SCRIPT TO '" + sqlPath(dump) + "'");
            }
            try (Connection c = DriverManager.getConnection(h2Url(folder.resolve("xrelay-rebuild")), "sa", "");
                    Statement s = c.createStatement()) {
                s.execute("RUNSCRIPT FROM '" + sqlPath(dump) + "'");
            }
            Files.move(rebuilt, db, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(dump);
            Files.deleteIfExists(marker);
        } catch (SQLException | IOException e) {
            throw new PersistenceSetupException(
                    "the journal " + db + " was left open by the last run and could not be rebuilt: " + e.getMessage(),
                    e);
        }
        log.warn(
                "journal: the last run did not stop cleanly; {} was rebuilt from its committed rows in {} ms",
                db,
                (System.nanoTime() - started) / 1_000_000);
    }

    private static String sqlPath(Path file) {
        return file.toString().replace('\\', '/').replace("'", "''");
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
        return h2Url(persistence.h2Folder().toAbsolutePath().normalize().resolve("xrelay"));
    }

    private static String h2Url(Path file) {
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
