/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/** Refund lock {@code id} at or after its timelock; the contract pays the lock's stored sender. */
public record RefundRequest(HtlcId id) {}
