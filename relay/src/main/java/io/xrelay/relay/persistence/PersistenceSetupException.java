/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.persistence;

/** The journal's database cannot be reached or set up; the message names the database. */
public final class PersistenceSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PersistenceSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
