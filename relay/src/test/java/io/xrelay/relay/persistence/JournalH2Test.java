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
import java.nio.file.Files;
import java.nio.file.Path;
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
        Config c = JournalSetup.actorSystemConfig(PersistenceConfig.h2(dataDir), ConfigFactory.load());
        assertThat(c.getString("pekko.persistence.journal.plugin")).isEqualTo("jdbc-journal");
        assertThat(c.getString("jdbc-journal.use-shared-db")).isEqualTo("xrelay");
        assertThat(c.getString(JournalSetup.SHARED_DB + ".db.url"))
                .isEqualTo("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("journal/xrelay"));
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
}
