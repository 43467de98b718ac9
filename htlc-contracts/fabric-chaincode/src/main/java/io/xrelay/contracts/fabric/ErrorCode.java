/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

/**
 * The code that starts the message of every refusal ({@code <Code>: <text>}): the names of the SPI's
 * {@code io.xrelay.adapter.HtlcReason}, which are also the Solidity contract's custom errors, plus
 * {@link #BadArgument} and {@link #Unauthorized}, which only the chaincode has.
 */
public enum ErrorCode {
    /** A lock with the same id (the same sender and terms) exists already. */
    LockExists,
    /** No lock has that id. */
    LockNotFound,
    /** The lock was claimed or refunded already. */
    NotLocked,
    /** A claim at or after the timelock. */
    Expired,
    /** A refund before the timelock. */
    NotExpired,
    /** The preimage's sha256 is not the hashlock. */
    WrongPreimage,
    /** An amount of zero, or one that would take a balance to 2^256 or beyond. */
    InvalidAmount,
    /** A receiver that is not an account ({@code <MSPID>:<64 hex digits>}). */
    InvalidReceiver,
    /** A timelock that is not after the transaction's timestamp. */
    TimelockInPast,
    /** The caller's balance is smaller than the amount. */
    InsufficientFunds,
    /** A payout that would take the payee's balance to 2^256 or beyond. */
    TransferFailed,
    /** A malformed argument, the wrong number of arguments, or an unknown function. */
    BadArgument,
    /** A mint by a caller whose certificate lacks the {@code admin} OU. */
    Unauthorized
}
