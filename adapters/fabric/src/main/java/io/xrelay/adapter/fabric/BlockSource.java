/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import java.util.List;
import org.hyperledger.fabric.protos.common.Block;

/**
 * A peer that serves blocks: the gateway peer, or a confirming peer. Nothing it serves is trusted; the adapter
 * verifies every block and compares the peers' validation codes. Tests wrap a source to make a peer lie.
 */
interface BlockSource {
    /** The peer, for messages: e.g. {@code gateway peer 127.0.0.1:7051} or {@code Org2MSP peer 127.0.0.1:9051}. */
    String name();

    /** The peer's address ({@code host:port}). */
    String address();

    /**
     * Blocks {@code from} to {@code to} (inclusive) as the peer serves them, in the order served, waiting for a block
     * the peer does not have yet at most the adapter's request timeout.
     *
     * @throws io.xrelay.adapter.ChainUnavailableException if the peer cannot be reached or does not answer in time
     */
    List<Block> blocks(long from, long to);
}
