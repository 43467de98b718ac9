/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/** What happened to a lock, as its chain recorded it. */
public sealed interface HtlcEvent {
    HtlcId id();

    /** A new lock with all its terms. */
    record Locked(HtlcId id, LockTerms terms) implements HtlcEvent {}

    /** A lock was claimed; the preimage is public from now on. */
    record Claimed(HtlcId id, Preimage preimage) implements HtlcEvent {}

    /** A lock was refunded to its sender. */
    record Refunded(HtlcId id) implements HtlcEvent {}
}
