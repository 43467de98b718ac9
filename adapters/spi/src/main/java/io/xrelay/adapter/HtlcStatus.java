/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/** Where a lock stands on its chain. */
public enum HtlcStatus {
    LOCKED,
    CLAIMED,
    REFUNDED
}
