/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.devnet;

/** A devnet that cannot be started, read or stopped; the message is one line naming the problem. */
public final class DevnetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DevnetException(String message) {
        super(message);
    }

    public DevnetException(String message, Throwable cause) {
        super(message, cause);
    }
}
