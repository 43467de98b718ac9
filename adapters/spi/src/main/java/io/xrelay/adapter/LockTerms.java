/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/**
 * Everything a lock commits to on chain: who pays whom, what, under which hashlock and until when, and the intent
 * on the other chain (destination chain, recipient there and the minimum amount the sender accepts there).
 *
 * @param sender the account that funded the lock; a refund pays it
 * @param receiver the account a claim pays
 * @param hashLock {@code sha256} of the 32-byte secret
 * @param timeLock claim strictly before, refund at or after
 * @param asset what is locked
 * @param amount how much is locked; positive
 * @param destinationChain the chain the value should reach
 * @param destinationRecipient who should receive it there, in that chain's account form
 * @param minDestinationAmount the least the recipient must receive there
 */
public record LockTerms(
        Account sender,
        Account receiver,
        HashLock hashLock,
        TimeLock timeLock,
        Asset asset,
        Amount amount,
        ChainId destinationChain,
        Account destinationRecipient,
        Amount minDestinationAmount) {
    public LockTerms {
        if (amount.isZero()) {
            throw new IllegalArgumentException("a lock must lock a positive amount");
        }
    }
}
