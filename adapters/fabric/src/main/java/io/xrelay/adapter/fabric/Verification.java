/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.VerificationFailedException;
import org.jspecify.annotations.Nullable;

/**
 * How the block verifier reports a failure. The verifier does not know the relay's name for the chain, so its
 * exceptions carry the chain id {@code fabric}; the adapter rethrows them under its own id, keeping the reason.
 */
final class Verification {
    static final ChainId CHAIN = ChainId.of("fabric");

    private Verification() {}

    static VerificationFailedException failed(String reason) {
        return new VerificationFailedException(CHAIN, reason);
    }

    static VerificationFailedException failed(String reason, @Nullable Throwable cause) {
        return new VerificationFailedException(CHAIN, reason, cause);
    }
}
