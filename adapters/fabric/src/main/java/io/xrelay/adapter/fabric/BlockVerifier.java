/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import org.hyperledger.fabric.protos.common.Block;

/** Verifies the blocks of one channel in order, from a trusted state. */
final class BlockVerifier {
    private ChannelTrust trust;

    BlockVerifier(ChannelTrust start) {
        this.trust = start;
    }

    /**
     * Verifies the next block (number == last + 1): header chain, data hash and well-formed envelopes, orderer
     * signatures against /Channel/Orderer/BlockValidation and the orderer MSPs (P-256, low-S). A config block's
     * config is applied after it is verified. Returns the block, now trusted.
     *
     * @throws io.xrelay.adapter.VerificationFailedException naming the block number and what is wrong
     */
    VerifiedBlock verify(Block block) {
        return NotYet.value();
    }

    ChannelTrust trust() {
        return trust;
    }
}
