/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/**
 * Why an HTLC contract or chaincode refuses a call. Every adapter reports its chain's refusal with one of these codes
 * as {@link TransactionRejectedException#reasonCode()}; the code is the name of the Solidity contract's custom error
 * and of the Fabric chaincode's error, so one vocabulary serves both chains.
 */
public enum HtlcReason {
    /** A lock with the same id (the same terms) exists already. */
    LockExists,
    /** No lock has that id. */
    LockNotFound,
    /** The lock was claimed or refunded already. */
    NotLocked,
    /** A claim at or after the timelock. */
    Expired,
    /** A refund before the timelock. */
    NotExpired,
    /** The preimage's sha256 is not the hashlock, or the preimage is not 32 bytes. */
    WrongPreimage,
    /** Zero amount, or value sent that does not match the amount. */
    InvalidAmount,
    /** A receiver of zero or otherwise unusable. */
    InvalidReceiver,
    /** A timelock that is not in the future. */
    TimelockInPast,
    /** The sender lacks the balance or allowance to lock. */
    InsufficientFunds,
    /** A token transfer failed or delivered a different amount. */
    TransferFailed;

    /** The code as carried by {@link TransactionRejectedException#reasonCode()}. */
    public String code() {
        return name();
    }
}
