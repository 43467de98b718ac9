/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/**
 * The last block an adapter verified and treated as final on one chain; following resumes after it. Persisting a
 * checkpoint and resuming from it must neither lose nor repeat an event.
 */
public record Checkpoint(ChainId chain, BlockRef block) {
    @Override
    public String toString() {
        return chain + block.toString();
    }
}
