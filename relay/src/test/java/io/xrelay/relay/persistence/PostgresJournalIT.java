/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.relay.config.PersistenceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The journal on a real PostgreSQL server started by the project's devnet script. */
class PostgresJournalIT {
    static Path root;
    static Path state;
    static PersistenceConfig.Postgres pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        root = Path.of(System.getProperty("xrelay.root", "..")).toAbsolutePath().normalize();
        state = root.resolve("relay/target/postgres-it-" + UUID.randomUUID());
        Files.createDirectories(state);
        devnet("up");
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(state.resolve("postgres.env"), StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                String value = line.substring(eq + 1).strip();
                if (value.length() >= 2 && (value.startsWith("'") || value.startsWith("\""))) {
                    value = value.substring(1, value.length() - 1);
                }
                env.put(line.substring(0, eq).replaceFirst("^export ", "").strip(), value);
            }
        }
        pg = new PersistenceConfig.Postgres(need(env, "JDBC_URL"), need(env, "PGUSER"), need(env, "PGPASSWORD"));
    }

    static String need(Map<String, String> env, String key) {
        String value = env.get(key);
        if (value == null) {
            throw new IllegalStateException("postgres.env has no " + key);
        }
        return value;
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (state != null) {
            devnet("down");
        }
    }

    static void devnet(String command) throws IOException, InterruptedException {
        Path script = root.resolve("integration-tests/devnet/postgres/postgres-devnet.sh");
        Process p = new ProcessBuilder("bash", script.toString(), "--state", state.toString(), command)
                .redirectErrorStream(true)
                .redirectOutput(state.resolveSibling(state.getFileName() + "-" + command + ".log")
                        .toFile())
                .start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("postgres-devnet.sh " + command + " did not finish in 180 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("postgres-devnet.sh " + command + " failed, exit " + p.exitValue() + ": "
                    + Files.readString(state.resolveSibling(state.getFileName() + "-" + command + ".log")));
        }
    }

    @Test
    void a_transfer_survives_a_restart_of_the_actor_system_on_postgres() throws SQLException {
        PersistenceConfig config = PersistenceConfig.postgres(state.resolve("data"), pg);
        JournalRestartScenario.run(config);
        try (Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT count(*) FROM event_journal WHERE persistence_id LIKE 'Transfer|%'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(2);
        }
        // The tables exist now: creating them again is harmless.
        JournalSetup.createTablesIfAbsent(config);
    }
}
