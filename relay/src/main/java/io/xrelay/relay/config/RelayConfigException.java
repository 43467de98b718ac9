/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.config;

import org.jspecify.annotations.Nullable;

/**
 * The relay's configuration is unusable: {@link #key()} is the full path of the bad key (such as
 * {@code xrelay.chains[1].relay.finality-time}) and {@link #problem()} says what is wrong with it. The message is
 * {@code <key>: <problem>}.
 */
public final class RelayConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;

    public RelayConfigException(String key, String problem, @Nullable Throwable cause) {
        super(key + ": " + problem, cause);
        this.key = key;
        this.problem = problem;
    }

    public RelayConfigException(String key, String problem) {
        this(key, problem, null);
    }

    /** The full path of the bad key. */
    public String key() {
        return key;
    }

    /** What is wrong with it. */
    public String problem() {
        return problem;
    }
}
