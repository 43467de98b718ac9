/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;

/**
 * The header hashes of the blocks this JVM's verifiers accepted lately (the newest {@value #SIZE}), with the config
 * each was verified under, so that a copy of a verified block (the same header, fetched again from some peer) can
 * be used as a {@link VerifiedBlock} without verifying its signatures again.
 */
final class VerifiedHashes {
    static final int SIZE = 65_536;

    private static final Map<ByteString, ChannelConfig> VERIFIED = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteString, ChannelConfig> eldest) {
            return size() > SIZE;
        }
    };

    private VerifiedHashes() {}

    static void add(byte[] headerHash, ChannelConfig config) {
        synchronized (VERIFIED) {
            VERIFIED.put(ByteString.copyFrom(headerHash), config);
        }
    }

    /**
     * The config block {@code number} with {@code headerHash} was verified under, after checking that {@code
     * block} is that block: its header hashes to {@code headerHash} and its data to its data hash.
     *
     * @throws io.xrelay.adapter.VerificationFailedException if it is not, or no verifier accepted that header
     */
    static ChannelConfig configOf(long number, byte[] headerHash, Block block) {
        String where = "block " + Long.toUnsignedString(number);
        BlockHeader h = block.getHeader();
        if (h.getNumber() != number) {
            throw Verification.failed(where + ": the block given is block " + Long.toUnsignedString(h.getNumber()));
        }
        if (!Arrays.equals(FabricCrypto.headerHash(h.getNumber(), h.getPreviousHash(), h.getDataHash()), headerHash)) {
            throw Verification.failed(where + ": its header does not hash to " + FabricCrypto.hex(headerHash));
        }
        if (!Arrays.equals(BlockVerifier.dataHash(block), h.getDataHash().toByteArray())) {
            throw Verification.failed(where + ": data hash does not match the transactions");
        }
        ChannelConfig config;
        synchronized (VERIFIED) {
            config = VERIFIED.get(ByteString.copyFrom(headerHash));
        }
        if (config == null) {
            throw Verification.failed(
                    where + ": header hash " + FabricCrypto.hex(headerHash) + " is not one of a block verified here");
        }
        return config;
    }
}
