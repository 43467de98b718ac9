/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm.devnet;

/** Anvil could not be found or started, or refused or failed a JSON-RPC request. */
public final class AnvilException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message that says what failed. */
    public AnvilException(String message) {
        super(message);
    }

    /** An exception with a message that says what failed, and the failure behind it. */
    public AnvilException(String message, Throwable cause) {
        super(message, cause);
    }
}
