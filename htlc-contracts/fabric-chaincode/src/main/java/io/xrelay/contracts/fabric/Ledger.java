/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the HTLC rules need of a transaction: its channel, its timestamp, its caller, the world state and the one
 * chaincode event it may set. The contract implements it over the shim's stub; tests implement it in memory.
 */
interface Ledger {
    /** The channel the transaction runs on. */
    String channelId();

    /** The transaction's timestamp, chosen by its client and the same for every endorser. */
    Instant txTimestamp();

    /** Who sent the transaction. */
    Caller caller();

    /** The value at {@code key}, or null if there is none. */
    @Nullable
    String get(String key);

    /** Writes {@code value} at {@code key}. */
    void put(String key, String value);

    /** Sets the transaction's chaincode event (there is at most one per transaction). */
    void emit(String name, String payload);
}
