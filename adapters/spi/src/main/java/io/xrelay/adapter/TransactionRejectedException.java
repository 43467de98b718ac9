/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import org.jspecify.annotations.Nullable;

/**
 * The chain refused a transaction (a revert at simulation, an endorsement failure, an invalid argument), with the
 * chain's reason code (for the HTLC contract, the custom error's name such as {@code AlreadyClaimed}). Not
 * retryable: the same transaction would be refused again.
 */
public final class TransactionRejectedException extends ChainAdapterException {
    private static final long serialVersionUID = 1L;

    private final @Nullable TxRef tx;
    private final String reasonCode;

    public TransactionRejectedException(
            ChainId chain, @Nullable TxRef tx, String reasonCode, String message, @Nullable Throwable cause) {
        super(chain, reasonCode + ": " + message, cause);
        this.tx = tx;
        this.reasonCode = reasonCode;
    }

    public @Nullable TxRef tx() {
        return tx;
    }

    public String reasonCode() {
        return reasonCode;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
