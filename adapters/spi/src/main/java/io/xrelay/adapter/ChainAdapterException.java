/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import org.jspecify.annotations.Nullable;

/**
 * The one family of infrastructure failures an adapter reports. No vendor exception (web3j, gRPC, I/O) leaves an
 * adapter: each is translated into a subclass, whose {@link #retryable()} tells the caller whether the same call
 * may succeed later.
 */
public abstract class ChainAdapterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ChainId chain;

    protected ChainAdapterException(ChainId chain, String message, @Nullable Throwable cause) {
        super(chain + ": " + message, cause);
        this.chain = chain;
    }

    public ChainId chain() {
        return chain;
    }

    /** Whether repeating the same call later may succeed. */
    public abstract boolean retryable();
}
