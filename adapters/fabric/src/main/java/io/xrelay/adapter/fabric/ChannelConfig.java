/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import org.hyperledger.fabric.protos.common.Block;

/** The parsed channel configuration: MSPs (orderer and application orgs) and policies. */
final class ChannelConfig {
    private ChannelConfig() {}

    /**
     * Parses the configuration carried by a config block.
     *
     * @throws io.xrelay.adapter.VerificationFailedException if the block is not a well-formed config block
     */
    static ChannelConfig fromConfigBlock(Block block) {
        return NotYet.value();
    }

    String channelId() {
        return NotYet.value();
    }

    long sequence() {
        return NotYet.value();
    }
}
