/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.SignatureHeader;

/**
 * The devnet blocks of {@code src/test/resources/fabric-blocks} (see its README): 0 genesis config; 1-3 _lifecycle
 * approve (Org1), approve (Org2), commit of chaincode {@code basic}; 4 a config update of BatchTimeout; 5-7 the same
 * for {@code basic2}; 8-10 for {@code htlc}; 11 Mint, 12 Lock, 13 Claim, 14 Lock, 15 Refund, 16 a Lock endorsed by
 * one org only (invalid), 17 ten Mints, 18 ten Locks. And ways to change a block as an attacker would.
 */
final class Fixtures {
    static final int LAST = 18;
    static final int CONFIG_UPDATE = 4;

    private Fixtures() {}

    static byte[] resource(String name) {
        InputStream in = Fixtures.class.getResourceAsStream("/fabric-blocks/" + name);
        if (in == null) {
            throw new IllegalStateException("no test resource fabric-blocks/" + name);
        }
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path path(long number) {
        return DevnetScript.root().resolve("adapters/fabric/src/test/resources/fabric-blocks/" + number + ".block");
    }

    static Block block(long number) {
        try {
            return Block.parseFrom(resource(number + ".block"));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    static ChannelTrust anchor() {
        return ChannelTrust.fromConfigBlock(block(0));
    }

    /** A verifier that has verified blocks 1 to {@code upTo}. */
    static BlockVerifier verifiedUpTo(long upTo) {
        BlockVerifier v = new BlockVerifier(anchor());
        for (long n = 1; n <= upTo; n++) {
            v.verify(block(n));
        }
        return v;
    }

    static ByteString headerBytes(BlockHeader h) {
        return ByteString.copyFrom(FabricCrypto.headerBytes(h.getNumber(), h.getPreviousHash(), h.getDataHash()));
    }

    static Block withHeader(Block b, BlockHeader header) {
        return b.toBuilder().setHeader(header).build();
    }

    /** {@code b} with its data hash recomputed over its (changed) data. */
    static Block rehashed(Block b) {
        return withHeader(
                b,
                b.getHeader().toBuilder()
                        .setDataHash(ByteString.copyFrom(BlockVerifier.dataHash(b)))
                        .build());
    }

    static Metadata signatures(Block b) {
        try {
            return Metadata.parseFrom(b.getMetadata().getMetadata(0));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    static Block withSignatures(Block b, Metadata md) {
        return b.toBuilder()
                .setMetadata(b.getMetadata().toBuilder().setMetadata(0, md.toByteString()))
                .build();
    }

    /** {@code b} with its orderer signatures replaced by one of {@code signers} each, made correctly. */
    static Block signedBy(Block b, TestCa.Leaf... signers) {
        Metadata md = signatures(b);
        List<MetadataSignature> sigs = new ArrayList<>();
        for (TestCa.Leaf s : signers) {
            ByteString sh = SignatureHeader.newBuilder()
                    .setCreator(s.serialized())
                    .setNonce(ByteString.copyFromUtf8("nonce-" + sigs.size()))
                    .build()
                    .toByteString();
            sigs.add(MetadataSignature.newBuilder()
                    .setSignatureHeader(sh)
                    .setSignature(s.sign(md.getValue(), sh, headerBytes(b.getHeader())))
                    .build());
        }
        return withSignatures(
                b, md.toBuilder().clearSignatures().addAllSignatures(sigs).build());
    }

    static ByteString flip(ByteString bytes, int index) {
        byte[] b = bytes.toByteArray();
        b[index] ^= 0x01;
        return ByteString.copyFrom(b);
    }
}
