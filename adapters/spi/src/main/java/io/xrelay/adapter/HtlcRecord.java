/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import java.util.Optional;

/** A lock as the chain stores it now, read through {@link ChainAdapter#htlc(HtlcId)}. */
public record HtlcRecord(HtlcId id, LockTerms terms, HtlcStatus status, Optional<Preimage> preimage) {
    public HtlcRecord {
        if (preimage.isPresent() != (status == HtlcStatus.CLAIMED)) {
            throw new IllegalArgumentException(
                    "a preimage is known exactly when the lock is claimed, status " + status);
        }
        if (preimage.isPresent() && !preimage.get().opens(terms.hashLock())) {
            throw new IllegalArgumentException("preimage does not open hashlock " + terms.hashLock());
        }
    }
}
