/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/**
 * Ask the adapter to lock {@code amount} of {@code asset} from the adapter's own signing account for
 * {@code receiver}. The sender is the adapter's signer; the destination fields state the intent carried on chain.
 */
public record LockRequest(
        Account receiver,
        HashLock hashLock,
        TimeLock timeLock,
        Asset asset,
        Amount amount,
        ChainId destinationChain,
        Account destinationRecipient,
        Amount minDestinationAmount) {
    public LockRequest {
        if (amount.isZero()) {
            throw new IllegalArgumentException("a lock must lock a positive amount");
        }
    }

    /** The terms of this lock when {@code sender} sends it (the adapter's signer, for the adapter's own locks). */
    public LockTerms terms(Account sender) {
        return new LockTerms(
                sender,
                receiver,
                hashLock,
                timeLock,
                asset,
                amount,
                destinationChain,
                destinationRecipient,
                minDestinationAmount);
    }
}
