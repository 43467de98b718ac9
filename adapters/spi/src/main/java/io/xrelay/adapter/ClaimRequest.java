/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/** Claim lock {@code id} with its preimage; the contract pays the lock's stored receiver, never the caller. */
public record ClaimRequest(HtlcId id, Preimage preimage) {}
