/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import org.jspecify.annotations.Nullable;

/** The chain's node could not be reached or did not answer in time. Retryable. */
public final class ChainUnavailableException extends ChainAdapterException {
    private static final long serialVersionUID = 1L;

    public ChainUnavailableException(ChainId chain, String message, @Nullable Throwable cause) {
        super(chain, message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
