/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.config;

import com.typesafe.config.Config;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the relay keeps its journal: an embedded H2 file database under {@code data-dir/journal} (the default) or a
 * PostgreSQL server.
 *
 * <pre>{@code
 * xrelay {
 *   data-dir = "./data"
 *   persistence { backend = h2, postgres { url = "jdbc:postgresql://127.0.0.1:5432/xrelay", user = xrelay,
 *                                          password = ${?XRELAY_PG_PASSWORD} } }
 * }
 * }</pre>
 *
 * @param backend which database
 * @param dataDir the relay's data folder (the H2 database is {@code dataDir/journal/xrelay.mv.db})
 * @param postgres the server's connection, present exactly when the backend is PostgreSQL
 */
public record PersistenceConfig(Backend backend, Path dataDir, Optional<Postgres> postgres) {
    /** The database behind the journal. */
    public enum Backend {
        H2,
        POSTGRES
    }

    /**
     * A PostgreSQL connection. {@link #toString()} hides the password.
     *
     * @param url a {@code jdbc:postgresql://} URL
     * @param user the role
     * @param password the role's password (empty for trust or peer authentication)
     */
    public record Postgres(String url, String user, String password) {
        public Postgres {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("postgres url must start with jdbc:postgresql:, got " + url);
            }
        }

        @Override
        public String toString() {
            return "Postgres[url=" + url + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***") + "]";
        }
    }

    public PersistenceConfig {
        if (postgres.isPresent() != (backend == Backend.POSTGRES)) {
            throw new IllegalArgumentException("postgres settings are required exactly for the postgres backend");
        }
    }

    /** The H2 backend under {@code dataDir}. */
    public static PersistenceConfig h2(Path dataDir) {
        return new PersistenceConfig(Backend.H2, dataDir, Optional.empty());
    }

    /** The PostgreSQL backend; {@code dataDir} still holds the adapters' state. */
    public static PersistenceConfig postgres(Path dataDir, Postgres postgres) {
        return new PersistenceConfig(Backend.POSTGRES, dataDir, Optional.of(postgres));
    }

    /** The folder of the H2 database files. */
    public Path h2Folder() {
        return dataDir.resolve("journal");
    }

    /**
     * Parses {@code data-dir} and {@code persistence} of the {@code xrelay} block.
     *
     * @param xrelay the {@code xrelay} block
     * @param path its full key, for messages ({@code xrelay})
     * @throws com.typesafe.config.ConfigException naming a missing or bad key
     */
    public static PersistenceConfig fromConfig(Config xrelay, String path) {
        String dir = Hocon.string(xrelay, path, "data-dir");
        Path dataDir;
        try {
            dataDir = Path.of(dir);
        } catch (InvalidPathException e) {
            throw Hocon.bad(xrelay, path, "data-dir", "not a usable path: " + e.getMessage());
        }
        Config persistence = Hocon.block(xrelay, path, "persistence");
        String persistencePath = Hocon.path(path, "persistence");
        String backend = Hocon.string(persistence, persistencePath, "backend").toLowerCase(Locale.ROOT);
        if (backend.equals("h2")) {
            return h2(dataDir);
        }
        if (!backend.equals("postgres") && !backend.equals("postgresql")) {
            throw Hocon.bad(persistence, persistencePath, "backend", "must be h2 or postgres, got " + backend);
        }
        Config pg = Hocon.block(persistence, persistencePath, "postgres");
        String pgPath = Hocon.path(persistencePath, "postgres");
        String url = Hocon.string(pg, pgPath, "url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw Hocon.bad(pg, pgPath, "url", "must start with jdbc:postgresql:, got " + url);
        }
        String user = Hocon.string(pg, pgPath, "user");
        String password = pg.hasPath("password") ? Hocon.string(pg, pgPath, "password") : "";
        return postgres(dataDir, new Postgres(url, user, password));
    }
}
