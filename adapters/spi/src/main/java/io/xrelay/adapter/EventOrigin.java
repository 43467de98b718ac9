/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/**
 * Where an event was recorded: block, transaction and the event's index among the block's events. Together they
 * name the event uniquely on its chain.
 */
public record EventOrigin(ChainId chain, BlockRef block, TxRef tx, int indexInBlock) {
    public EventOrigin {
        if (indexInBlock < 0) {
            throw new IllegalArgumentException("event index must not be negative, got " + indexInBlock);
        }
    }
}
