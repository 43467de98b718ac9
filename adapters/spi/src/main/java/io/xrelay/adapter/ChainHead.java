/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import java.time.Instant;

/**
 * The newest verified block of a chain and the newest block the adapter treats as final.
 *
 * @param head the newest verified block
 * @param headTime its chain time (block timestamp; on Fabric the newest transaction time seen)
 * @param finalized the newest block at or below which nothing can be reverted under the chain's finality rule
 */
public record ChainHead(ChainId chain, BlockRef head, Instant headTime, BlockRef finalized) {
    public ChainHead {
        if (finalized.number() > head.number()) {
            throw new IllegalArgumentException("finalized block " + finalized + " is above the head " + head);
        }
    }
}
