/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

/** Why the relay did not lock on the destination chain for a source lock; the sender's lock is refunded. */
public enum RejectionReason {
    /** No configured pair goes from the lock's chain and asset to its destination chain. */
    UnknownPair,
    /** The locked amount is below the pair's minimum. */
    AmountBelowMinimum,
    /** The locked amount is above the pair's maximum. */
    AmountAboveMaximum,
    /** After rate and fee the destination amount is not positive or below the lock's minimum destination amount. */
    BelowMinDestinationAmount,
    /** The destination chain cannot pay the lock's recipient. */
    InvalidRecipient,
    /** The lock names a destination chain the relay does not serve. */
    UnknownDestinationChain,
    /** The source timelock leaves the recipient too little time on the destination chain. */
    TimelockTooShort,
    /** The source timelock is further away than the relay accepts. */
    TimelockTooLong,
    /** The operator lacks the destination asset for this amount. */
    InsufficientInventory,
    /** The destination chain refused the relay's lock. */
    TargetLockRefused,
    /** The source or the destination chain is paused by its admin. */
    ChainPaused
}
