/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.xrelay.adapter.VerificationFailedException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;

/**
 * Verifies the blocks of one channel in order, from a trusted state, as Fabric's deliver client does (v3 rules):
 * the block must be the next one and link to the last verified header; its metadata must have every entry; its
 * header's data hash must be SHA-256 over the raw envelope bytes; every envelope of a non-config block must be
 * canonically encoded with a payload and a signature; the orderer metadata must name the config in force; and the
 * orderer signatures (over {@code metadata.value || signature_header || DER header}) must satisfy {@code
 * /Channel/Orderer/BlockValidation}, each signer valid in its MSP now. A config block is verified under the old
 * config; its new config (same channel, higher sequence) governs the blocks after it.
 *
 * <p>Not thread-safe: one verifier follows one channel.
 */
final class BlockVerifier {
    private static final int METADATA_ENTRIES = 5;

    private final Clock clock;
    private ChannelTrust trust;

    BlockVerifier(ChannelTrust start) {
        this(start, Clock.systemUTC());
    }

    /** With the clock against which orderer certificates must be within their validity. */
    BlockVerifier(ChannelTrust start, Clock clock) {
        this.trust = start;
        this.clock = clock;
    }

    /**
     * Verifies the next block (number == last + 1): header chain, data hash and well-formed envelopes, orderer
     * signatures against /Channel/Orderer/BlockValidation and the orderer MSPs (P-256, low-S). A config block's
     * config is applied after it is verified. Returns the block, now trusted.
     *
     * @throws VerificationFailedException naming the block number and what is wrong; the trusted state is then
     *     unchanged
     */
    VerifiedBlock verify(Block block) {
        ChannelConfig config = trust.config();
        BlockHeader header = block.getHeader();
        long number = header.getNumber();
        String where = "block " + Long.toUnsignedString(number);
        if (!block.hasHeader()) {
            throw Verification.failed("block without a header");
        }
        long expected = trust.number() + 1;
        if (number != expected) {
            throw Verification.failed(where + ": out of order, block " + Long.toUnsignedString(expected) + " expected");
        }
        if (!trust.headerHashEquals(header.getPreviousHash())) {
            throw Verification.failed(where + ": previous hash "
                    + FabricCrypto.hex(header.getPreviousHash().toByteArray())
                    + " is not the header hash of block " + Long.toUnsignedString(trust.number()) + " ("
                    + FabricCrypto.hex(trust.headerHash()) + ")");
        }
        if (block.getMetadata().getMetadataCount() < METADATA_ENTRIES) {
            throw Verification.failed(where + ": has " + block.getMetadata().getMetadataCount() + " metadata entries, "
                    + METADATA_ENTRIES + " expected");
        }
        int count = block.getData().getDataCount();
        if (count == 0) {
            throw Verification.failed(where + ": has no transactions");
        }
        if (!ByteString.copyFrom(dataHash(block)).equals(header.getDataHash())) {
            throw Verification.failed(where + ": data hash does not match the transactions");
        }
        boolean configBlock = isConfigBlock(block);
        if (!configBlock) {
            for (int i = 0; i < count; i++) {
                wellFormed(block.getData().getData(i), where + ": transaction " + i);
            }
        }
        long lastConfig = ChannelTrust.lastConfigIndex(block);
        long configIndex = configBlock ? number : config.blockNumber();
        if (lastConfig != configIndex) {
            throw Verification.failed(where + ": names config block " + Long.toUnsignedString(lastConfig)
                    + ", the config in force is block " + Long.toUnsignedString(configIndex));
        }
        byte[] headerBytes = FabricCrypto.headerBytes(number, header.getPreviousHash(), header.getDataHash());
        verifySignatures(block, ByteString.copyFrom(headerBytes), config, where);
        byte[] headerHash = FabricCrypto.sha256(headerBytes);
        ChannelConfig next = config;
        if (configBlock) {
            next = ChannelConfig.fromConfigBlock(block);
            if (!next.channelId().equals(config.channelId())) {
                throw Verification.failed(where + ": config block changes the channel id from " + config.channelId()
                        + " to " + next.channelId());
            }
            if (Long.compareUnsigned(next.sequence(), config.sequence()) <= 0) {
                throw Verification.failed(where + ": config sequence " + Long.toUnsignedString(next.sequence())
                        + " does not increase (it is " + Long.toUnsignedString(config.sequence()) + ")");
            }
        }
        trust = new ChannelTrust(number, headerHash, next);
        VerifiedHashes.add(headerHash, config);
        return new VerifiedBlock(number, headerHash, block, configBlock, config);
    }

    ChannelTrust trust() {
        return trust;
    }

    private void verifySignatures(Block block, ByteString headerBytes, ChannelConfig config, String where) {
        Metadata md;
        try {
            md = Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
        } catch (InvalidProtocolBufferException e) {
            throw Verification.failed(where + ": malformed SIGNATURES metadata", e);
        }
        List<SignatureSet.Signed> signed = new ArrayList<>(md.getSignaturesCount());
        List<String> malformed = new ArrayList<>();
        for (int i = 0; i < md.getSignaturesCount(); i++) {
            MetadataSignature s = md.getSignatures(i);
            if (s.getSignatureHeader().isEmpty()) {
                malformed.add("orderer signature " + i + " has no signature header"
                        + (s.getIdentifierHeader().isEmpty() ? "" : " (BFT identifier headers are not supported)"));
                continue;
            }
            ByteString creator;
            try {
                creator = SignatureHeader.parseFrom(s.getSignatureHeader()).getCreator();
            } catch (InvalidProtocolBufferException e) {
                malformed.add("orderer signature " + i + " has a malformed signature header");
                continue;
            }
            signed.add(new SignatureSet.Signed(
                    creator, s.getSignature(), List.of(md.getValue(), s.getSignatureHeader(), headerBytes)));
        }
        SignatureSet set = new SignatureSet("orderer signature", signed, config.msps());
        Optional<String> failure = set.evaluate(config.blockValidation(), config.msps(), clock.instant());
        if (failure.isPresent()) {
            List<String> details = new ArrayList<>(malformed);
            details.add(failure.get());
            throw Verification.failed(
                    where + ": " + ChannelConfig.BLOCK_VALIDATION + " not satisfied: " + String.join("; ", details));
        }
    }

    /** SHA-256 over the concatenated raw envelope bytes. */
    static byte[] dataHash(Block block) {
        MessageDigest d = FabricCrypto.sha256();
        for (ByteString tx : block.getData().getDataList()) {
            d.update(tx.asReadOnlyByteBuffer());
        }
        return d.digest();
    }

    /** Whether the block holds exactly one envelope, of type CONFIG. */
    static boolean isConfigBlock(Block block) {
        if (block.getData().getDataCount() != 1) {
            return false;
        }
        try {
            Payload p = Payload.parseFrom(
                    Envelope.parseFrom(block.getData().getData(0)).getPayload());
            return p.hasHeader()
                    && ChannelHeader.parseFrom(p.getHeader().getChannelHeader()).getType() == HeaderType.CONFIG_VALUE;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    private static void wellFormed(ByteString raw, String where) {
        Envelope e;
        try {
            e = Envelope.parseFrom(raw);
        } catch (InvalidProtocolBufferException ex) {
            throw Verification.failed(where + " is not an envelope", ex);
        }
        if (e.getPayload().isEmpty()) {
            throw Verification.failed(where + " has no payload");
        }
        if (e.getSignature().isEmpty()) {
            throw Verification.failed(where + " has no signature");
        }
        if (!e.toByteString().equals(raw)) {
            throw Verification.failed(where + " is not canonically encoded");
        }
    }
}
