/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.xrelay.relay.config.PersistenceConfig;
import io.xrelay.relay.config.RelayConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalH2Test {
    @TempDir
    Path dataDir;

    @Test
    void a_transfer_survives_a_restart_of_the_actor_system_on_the_h2_file_journal() {
        PersistenceConfig h2 = PersistenceConfig.h2(dataDir);
        JournalRestartScenario.run(h2);
        assertThat(dataDir.resolve("journal").resolve("xrelay.mv.db")).exists();
    }

    @Test
    void creating_the_tables_twice_is_harmless() {
        PersistenceConfig h2 = PersistenceConfig.h2(dataDir);
        JournalSetup.createTablesIfAbsent(h2);
        JournalSetup.createTablesIfAbsent(h2);
        assertThat(Files.exists(dataDir.resolve("journal"))).isTrue();
    }

    @Test
    void the_actor_system_config_points_the_journal_at_the_data_dir() {
        Config c = JournalSetup.actorSystemConfig(
                PersistenceConfig.h2(dataDir), RelayConfig.actorSystemDefaults().withFallback(ConfigFactory.load()));
        assertThat(c.getString("pekko.persistence.journal.plugin")).isEqualTo("jdbc-journal");
        assertThat(c.getString("jdbc-journal.use-shared-db")).isEqualTo("xrelay");
        assertThat(c.getString(JournalSetup.SHARED_DB + ".db.url"))
                .isEqualTo("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("journal/xrelay") + ";WRITE_DELAY=0");
        assertThat(c.getString(JournalSetup.SHARED_DB + ".profile")).isEqualTo("slick.jdbc.H2Profile$");
    }

    @Test
    void an_unreachable_postgres_is_reported_with_its_url() {
        PersistenceConfig pg = PersistenceConfig.postgres(
                dataDir, new PersistenceConfig.Postgres("jdbc:postgresql://127.0.0.1:1/none", "x", "y"));
        assertThatThrownBy(() -> JournalSetup.createTablesIfAbsent(pg))
                .isInstanceOf(PersistenceSetupException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/none");
    }

    @Test
    void a_commit_survives_the_process_being_killed_right_after_it() throws Exception {
        PersistenceConfig h2 = PersistenceConfig.h2(dataDir);
        JournalSetup.createTablesIfAbsent(h2);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CommitThenHalt.class.getName(),
                        JournalSetup.h2Url(h2)))
                .redirectErrorStream(true)
                .start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS))
                .as("the child process ended")
                .isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue())
                .as("the child's exit status; its output: %s", output)
                .isEqualTo(CommitThenHalt.HALTED);

        try (Connection c = DriverManager.getConnection(JournalSetup.h2Url(h2), "sa", "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM committed_then_killed")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getInt(1)).as("rows committed before the kill").isEqualTo(CommitThenHalt.ROWS);
        }
    }

    /** Commits rows on the journal's database and halts at once, the connection still open, as SIGKILL would. */
    static final class CommitThenHalt {
        static final int ROWS = 5;
        static final int HALTED = 3;

        private CommitThenHalt() {}

        public static void main(String[] args) throws SQLException {
            Connection c = DriverManager.getConnection(args[0], "sa", "");
            Statement s = c.createStatement();
            s.execute("CREATE TABLE committed_then_killed (n INT)");
            for (int i = 0; i < ROWS; i++) {
                s.execute("INSERT INTO committed_then_killed VALUES (" + i + ")");
            }
            Runtime.getRuntime().halt(HALTED);
        }
    }

    @Test
    void a_journal_left_open_by_a_killed_run_is_rebuilt_from_its_committed_rows_before_the_next_start()
            throws Exception {
        PersistenceConfig h2 = PersistenceConfig.h2(dataDir);
        Config base = RelayConfig.actorSystemDefaults().withFallback(ConfigFactory.load());
        JournalSetup.prepare(h2, base);
        Path marker = h2.h2Folder().resolve(JournalSetup.OPEN_MARKER);
        assertThat(marker).as("the journal is marked in use").exists();

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        EventsThenHalt.class.getName(),
                        JournalSetup.h2Url(h2)))
                .redirectErrorStream(true)
                .start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS))
                .as("the child process ended")
                .isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as("the child's output: %s", output).isEqualTo(EventsThenHalt.HALTED);

        JournalSetup.prepare(h2, base);

        assertThat(marker).as("marked in use again by this start").exists();
        assertThat(h2.h2Folder().resolve("xrelay-rebuild.sql")).doesNotExist();
        assertThat(h2.h2Folder().resolve("xrelay-rebuild.mv.db")).doesNotExist();
        try (Connection c = DriverManager.getConnection(JournalSetup.h2Url(h2), "sa", "");
                Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT \"sequence_number\", \"ordering\" FROM \"event_journal\""
                    + " WHERE \"persistence_id\" = 'p' ORDER BY \"sequence_number\"")) {
                long lastOrdering = 0;
                for (int seq = 1; seq <= EventsThenHalt.COMMITTED; seq++) {
                    assertThat(r.next()).as("committed event %d kept", seq).isTrue();
                    assertThat(r.getLong(1)).isEqualTo(seq);
                    lastOrdering = r.getLong(2);
                }
                assertThat(r.next()).as("the uncommitted event is gone").isFalse();
                // the next event of that actor can be written, and the ordering column continues after the old rows
                s.execute(EventsThenHalt.insert(EventsThenHalt.COMMITTED + 1));
                try (ResultSet next = s.executeQuery("SELECT \"ordering\" FROM \"event_journal\" WHERE"
                        + " \"persistence_id\" = 'p' AND \"sequence_number\" = " + (EventsThenHalt.COMMITTED + 1))) {
                    assertThat(next.next()).isTrue();
                    assertThat(next.getLong(1)).isGreaterThan(lastOrdering);
                }
            }
        }

        JournalSetup.closed(h2);
        assertThat(marker).as("a clean stop removes the mark").doesNotExist();
    }

    /** Commits events of one actor, starts the next one's insert without committing, and halts as SIGKILL would. */
    static final class EventsThenHalt {
        static final int COMMITTED = 4;
        static final int HALTED = 3;

        private EventsThenHalt() {}

        static String insert(int seq) {
            return "INSERT INTO \"event_journal\" (\"deleted\", \"persistence_id\", \"sequence_number\", \"writer\","
                    + " \"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\","
                    + " \"event_ser_manifest\") VALUES (FALSE, 'p', " + seq + ", 'w', 1, '', X'00', 1, '')";
        }

        public static void main(String[] args) throws SQLException {
            Connection c = DriverManager.getConnection(args[0], "sa", "");
            Statement s = c.createStatement();
            for (int seq = 1; seq <= COMMITTED; seq++) {
                s.execute(insert(seq));
            }
            Connection open = DriverManager.getConnection(args[0], "sa", "");
            open.setAutoCommit(false);
            open.createStatement().execute(insert(COMMITTED + 1));
            Runtime.getRuntime().halt(HALTED);
        }
    }
}
