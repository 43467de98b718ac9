/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.xrelay.adapter.VerificationFailedException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;

/** The verified state of one channel: last verified block number and header hash, and the current config. */
final class ChannelTrust {
    private static final int MAGIC = 0x58524654; // "XRFT"
    private static final int VERSION = 1;
    /** The deprecated LAST_CONFIG metadata entry, still read for blocks of orderers before v1.4.1. */
    private static final int LAST_CONFIG = 1;

    private final long number;
    private final byte[] headerHash;
    private final ChannelConfig config;

    ChannelTrust(long number, byte[] headerHash, ChannelConfig config) {
        this.number = number;
        this.headerHash = headerHash.clone();
        this.config = config;
    }

    /**
     * The trust anchor: a config block whose last_config index is its own number and whose header commits to its
     * data. Its orderer signatures are not checked (a genesis block has none): it is trusted as configured.
     *
     * @throws VerificationFailedException if it is not such a block
     */
    static ChannelTrust fromConfigBlock(Block configBlock) {
        BlockHeader header = configBlock.getHeader();
        String where = "block " + Long.toUnsignedString(header.getNumber());
        ChannelConfig config = ChannelConfig.fromConfigBlock(configBlock);
        long lastConfig = lastConfigIndex(configBlock);
        if (lastConfig != header.getNumber()) {
            throw Verification.failed(where + ": as a trust anchor its last config index must be its own number, it is "
                    + Long.toUnsignedString(lastConfig));
        }
        if (!Arrays.equals(
                BlockVerifier.dataHash(configBlock), header.getDataHash().toByteArray())) {
            throw Verification.failed(where + ": data hash does not match the transactions");
        }
        return new ChannelTrust(
                header.getNumber(),
                FabricCrypto.headerHash(header.getNumber(), header.getPreviousHash(), header.getDataHash()),
                config);
    }

    /**
     * The last config index a block's orderer metadata names (from {@code SIGNATURES}, or the deprecated {@code
     * LAST_CONFIG} entry when the former has no value).
     *
     * @throws VerificationFailedException if the metadata is missing or malformed
     */
    static long lastConfigIndex(Block block) {
        String where = "block " + Long.toUnsignedString(block.getHeader().getNumber());
        try {
            Metadata signatures = Metadata.parseFrom(metadata(block, BlockMetadataIndex.SIGNATURES_VALUE, where));
            if (!signatures.getValue().isEmpty()) {
                return OrdererBlockMetadata.parseFrom(signatures.getValue())
                        .getLastConfig()
                        .getIndex();
            }
            Metadata last = Metadata.parseFrom(metadata(block, LAST_CONFIG, where));
            return LastConfig.parseFrom(last.getValue()).getIndex();
        } catch (InvalidProtocolBufferException e) {
            throw Verification.failed(where + ": malformed orderer metadata (" + e.getMessage() + ")", e);
        }
    }

    private static ByteString metadata(Block block, int index, String where) {
        if (block.getMetadata().getMetadataCount() <= index) {
            throw Verification.failed(where + ": has no metadata entry " + index);
        }
        return block.getMetadata().getMetadata(index);
    }

    /** The number of the last verified block. */
    long number() {
        return number;
    }

    /** The header hash of the last verified block. */
    byte[] headerHash() {
        return headerHash.clone();
    }

    boolean headerHashEquals(ByteString hash) {
        return hash.size() == headerHash.length && Arrays.equals(hash.toByteArray(), headerHash);
    }

    ChannelConfig config() {
        return config;
    }

    /** For a persisted checkpoint: last number, header hash and the current config block. */
    byte[] serialize() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(number);
            out.writeInt(headerHash.length);
            out.write(headerHash);
            byte[] block = config.block().toByteArray();
            out.writeInt(block.length);
            out.write(block);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #serialize()} wrote.
     *
     * @throws IllegalArgumentException if the bytes are not a serialized channel trust
     */
    static ChannelTrust deserialize(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a serialized Fabric channel trust (bad magic)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(
                        "serialized Fabric channel trust has version " + version + ", " + VERSION + " expected");
            }
            long number = in.readLong();
            byte[] hash = readBytes(in, 32, "header hash");
            byte[] blockBytes = readBytes(in, bytes.length, "config block");
            if (in.available() != 0) {
                throw new IllegalArgumentException("serialized Fabric channel trust has trailing bytes");
            }
            Block block = Block.parseFrom(blockBytes);
            ChannelConfig config;
            try {
                config = ChannelConfig.fromConfigBlock(block);
            } catch (VerificationFailedException e) {
                throw new IllegalArgumentException("serialized Fabric channel trust: " + e.reason(), e);
            }
            if (Long.compareUnsigned(config.blockNumber(), number) > 0) {
                throw new IllegalArgumentException("serialized Fabric channel trust is at block "
                        + Long.toUnsignedString(number) + ", before its config block " + config.blockNumber());
            }
            BlockHeader h = block.getHeader();
            if (config.blockNumber() == number
                    && !Arrays.equals(
                            hash, FabricCrypto.headerHash(h.getNumber(), h.getPreviousHash(), h.getDataHash()))) {
                throw new IllegalArgumentException(
                        "serialized Fabric channel trust: header hash is not the config block's");
            }
            return new ChannelTrust(number, hash, config);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("serialized Fabric channel trust: malformed config block", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("serialized Fabric channel trust is truncated", e);
        }
    }

    private static byte[] readBytes(DataInputStream in, int max, String what) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("serialized Fabric channel trust: bad " + what + " length " + length);
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    @Override
    public String toString() {
        return "ChannelTrust[" + config.channelId() + " at block " + Long.toUnsignedString(number) + " "
                + FabricCrypto.hex(headerHash) + "]";
    }
}
