/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import org.jspecify.annotations.Nullable;

/**
 * Chain data failed verification: a header whose hash does not match, a broken parent link, a proof that does not
 * lead to the verified root, a signature that does not verify. The node that served it is lying or broken; the data
 * is never used. Retryable, since another attempt (or another node) may serve the true data.
 */
public final class VerificationFailedException extends ChainAdapterException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public VerificationFailedException(ChainId chain, String reason, @Nullable Throwable cause) {
        super(chain, "verification failed: " + reason, cause);
        this.reason = reason;
    }

    public VerificationFailedException(ChainId chain, String reason) {
        this(chain, reason, null);
    }

    /** The reason alone, without the chain prefix. */
    public String reason() {
        return reason;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
