/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.InclusionProof;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * What the adapter reads from a Fabric block beside the verifier: header and data hashes, the validation codes a
 * peer wrote, a summary of each transaction, and the block inclusion proof {@value #PROOF_SCHEME}.
 *
 * <p>The proof of transaction {@code i}: key = {@code i} as 4 bytes big-endian; nodes = the DER bytes of the block
 * header, then every envelope's raw bytes in order. It holds when sha256 of the first node is the block's header
 * hash and sha256 of the concatenated envelopes is the header's data hash.
 */
final class FabricBlocks {
    static final String PROOF_SCHEME = "fabric-block-v1";

    private FabricBlocks() {}

    /** The DER bytes of a block header, which its hash is taken over. */
    static byte[] headerBytes(BlockHeader header) {
        return FabricCrypto.headerBytes(header.getNumber(), header.getPreviousHash(), header.getDataHash());
    }

    /** sha256 of the header's DER bytes: the hash the next block names as its previous hash. */
    static byte[] headerHash(BlockHeader header) {
        return FabricCrypto.sha256(headerBytes(header));
    }

    /** sha256 of the block's envelopes, concatenated as they are. */
    static byte[] dataHash(List<ByteString> envelopes) {
        MessageDigest d = FabricCrypto.sha256();
        for (ByteString e : envelopes) {
            d.update(e.asReadOnlyByteBuffer());
        }
        return d.digest();
    }

    /**
     * The validation code the peer that served {@code block} wrote for transaction {@code index}; a missing entry
     * is {@link TxValidationCode#NOT_VALIDATED}.
     */
    static int validationCode(Block block, int index) {
        if (block.getMetadata().getMetadataCount() <= BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) {
            return TxValidationCode.NOT_VALIDATED_VALUE;
        }
        ByteString filter = block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE);
        return index < filter.size() ? filter.byteAt(index) & 0xff : TxValidationCode.NOT_VALIDATED_VALUE;
    }

    /** The name of a validation code, e.g. {@code MVCC_READ_CONFLICT}, or {@code code <n>} for an unknown one. */
    static String codeName(int code) {
        TxValidationCode c = TxValidationCode.forNumber(code);
        return c == null ? "code " + code : c.name();
    }

    /** What the adapter needs of one transaction, read from its envelope without verifying anything. */
    record TxSummary(
            int index,
            int type,
            String txId,
            Instant timestamp,
            Optional<String> chaincode,
            Optional<String> responseMessage) {
        boolean isEndorserTransaction() {
            return type == HeaderType.ENDORSER_TRANSACTION_VALUE;
        }
    }

    /**
     * Summarises every transaction of {@code block}; a malformed envelope gives type {@code -1} and an empty id.
     */
    static List<TxSummary> transactions(Block block) {
        List<TxSummary> out = new ArrayList<>(block.getData().getDataCount());
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            out.add(summary(i, block.getData().getData(i)));
        }
        return out;
    }

    private static TxSummary summary(int index, ByteString envelope) {
        ChannelHeader header;
        Payload payload;
        try {
            payload = Payload.parseFrom(Envelope.parseFrom(envelope).getPayload());
            header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
        } catch (InvalidProtocolBufferException e) {
            return new TxSummary(index, -1, "", Instant.EPOCH, Optional.empty(), Optional.empty());
        }
        Instant time = Instant.ofEpochSecond(
                header.getTimestamp().getSeconds(), header.getTimestamp().getNanos());
        Optional<String> chaincode = Optional.empty();
        Optional<String> message = Optional.empty();
        if (header.getType() == HeaderType.ENDORSER_TRANSACTION_VALUE) {
            try {
                Transaction tx = Transaction.parseFrom(payload.getData());
                if (tx.getActionsCount() > 0) {
                    ChaincodeActionPayload cap =
                            ChaincodeActionPayload.parseFrom(tx.getActions(0).getPayload());
                    ChaincodeAction action = ChaincodeAction.parseFrom(
                            ProposalResponsePayload.parseFrom(cap.getAction().getProposalResponsePayload())
                                    .getExtension());
                    chaincode = Optional.of(action.getChaincodeId().getName());
                    message = action.getResponse().getMessage().isEmpty()
                            ? Optional.empty()
                            : Optional.of(action.getResponse().getMessage());
                }
            } catch (InvalidProtocolBufferException e) {
                // A malformed action: no chaincode.
            }
        }
        return new TxSummary(index, header.getType(), header.getTxId(), time, chaincode, message);
    }

    /** The inclusion proof of transaction {@code index} in {@code block}. */
    static InclusionProof prove(Block block, int index) {
        return prove(proofNodes(block), index);
    }

    /**
     * The nodes of every proof of {@code block}'s transactions: its header's DER bytes, then its envelopes. The proofs
     * of one block share them.
     */
    static List<Bytes> proofNodes(Block block) {
        List<Bytes> nodes = new ArrayList<>(block.getData().getDataCount() + 1);
        nodes.add(Bytes.wrap(headerBytes(block.getHeader())));
        for (ByteString e : block.getData().getDataList()) {
            nodes.add(Bytes.wrap(e.toByteArray()));
        }
        return List.copyOf(nodes);
    }

    /** The inclusion proof of transaction {@code index} over a block's {@link #proofNodes(Block)}. */
    static InclusionProof prove(List<Bytes> nodes, int index) {
        if (index < 0 || index >= nodes.size() - 1) {
            throw new IllegalArgumentException(
                    "a block of " + (nodes.size() - 1) + " transactions has no transaction " + index);
        }
        return new InclusionProof(
                PROOF_SCHEME, Bytes.wrap(ByteBuffer.allocate(4).putInt(index).array()), nodes);
    }

    /**
     * Checks {@code proof} against a block header hash and returns the proven envelope's bytes.
     *
     * @throws IllegalArgumentException naming what does not hold
     */
    static byte[] verifyProof(InclusionProof proof, Bytes headerHash) {
        if (!PROOF_SCHEME.equals(proof.scheme())) {
            throw new IllegalArgumentException("proof scheme " + proof.scheme() + " is not " + PROOF_SCHEME);
        }
        if (proof.key().length() != 4) {
            throw new IllegalArgumentException(
                    "proof key must be 4 bytes, got " + proof.key().length());
        }
        int index = ByteBuffer.wrap(proof.key().toByteArray()).getInt();
        List<Bytes> nodes = proof.nodes();
        if (index < 0 || nodes.size() < 2 || index >= nodes.size() - 1) {
            throw new IllegalArgumentException(
                    "proof of transaction " + index + " has " + Math.max(0, nodes.size() - 1) + " envelopes");
        }
        byte[] header = nodes.get(0).toByteArray();
        if (!Arrays.equals(sha256(header), headerHash.toByteArray())) {
            throw new IllegalArgumentException("the proof's header does not hash to " + headerHash);
        }
        byte[] dataHash = dataHashOf(header);
        MessageDigest d = FabricCrypto.sha256();
        for (int i = 1; i < nodes.size(); i++) {
            d.update(nodes.get(i).toByteArray());
        }
        if (!Arrays.equals(d.digest(), dataHash)) {
            throw new IllegalArgumentException("the proof's envelopes do not hash to the header's data hash");
        }
        return nodes.get(index + 1).toByteArray();
    }

    /** The data hash field of a DER block header. */
    private static byte[] dataHashOf(byte[] der) {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            if (seq.size() != 3) {
                throw new IllegalArgumentException("the proof's header is not a DER block header");
            }
            return ASN1OctetString.getInstance(seq.getObjectAt(2)).getOctets();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the proof's header is not a DER block header", e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        return FabricCrypto.sha256(bytes);
    }
}
