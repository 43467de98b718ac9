/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeSpec;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.jspecify.annotations.Nullable;

/**
 * Endorser transactions and blocks made in the test, shaped as a peer, a client and an orderer make them, signed
 * with certificates issued by the devnet's CAs; and edits of existing transactions.
 */
final class Transactions {
    private Transactions() {}

    /** What a synthetic transaction is made of; {@code event} may be null (no chaincode event). */
    record Spec(
            String channel,
            String chaincode,
            TestCa.Leaf creator,
            List<TestCa.Leaf> endorsers,
            Instant timestamp,
            List<String> args,
            @Nullable String eventName,
            ByteString eventPayload,
            ByteString nonce) {}

    static Envelope endorserTransaction(Spec s) {
        ByteString creator = s.creator().serialized();
        ByteString nonce = s.nonce();
        String txId = FabricCrypto.hex(FabricCrypto.sha256(nonce.toByteArray(), creator.toByteArray()));
        Instant time = s.timestamp();
        ByteString sh = SignatureHeader.newBuilder()
                .setCreator(creator)
                .setNonce(nonce)
                .build()
                .toByteString();
        ChaincodeID id = ChaincodeID.newBuilder().setName(s.chaincode()).build();
        ByteString ch = ChannelHeader.newBuilder()
                .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                .setChannelId(s.channel())
                .setTxId(txId)
                .setTimestamp(
                        Timestamp.newBuilder().setSeconds(time.getEpochSecond()).setNanos(time.getNano()))
                .setExtension(ChaincodeHeaderExtension.newBuilder()
                        .setChaincodeId(id)
                        .build()
                        .toByteString())
                .build()
                .toByteString();
        ChaincodeInput.Builder input = ChaincodeInput.newBuilder();
        for (String a : s.args()) {
            input.addArgs(ByteString.copyFromUtf8(a));
        }
        ByteString cpp = ChaincodeProposalPayload.newBuilder()
                .setInput(ChaincodeInvocationSpec.newBuilder()
                        .setChaincodeSpec(ChaincodeSpec.newBuilder()
                                .setType(ChaincodeSpec.Type.JAVA)
                                .setChaincodeId(id)
                                .setInput(input))
                        .build()
                        .toByteString())
                .build()
                .toByteString();
        ByteString proposalHash =
                ByteString.copyFrom(FabricCrypto.sha256(ch.toByteArray(), sh.toByteArray(), cpp.toByteArray()));
        ChaincodeAction.Builder action = ChaincodeAction.newBuilder()
                .setResults(ByteString.copyFromUtf8("read-write set of " + txId))
                .setResponse(Response.newBuilder().setStatus(200).setPayload(ByteString.copyFromUtf8("ok")))
                .setChaincodeId(id.toBuilder().setVersion("1"));
        if (s.eventName() != null) {
            action.setEvents(ChaincodeEvent.newBuilder()
                    .setChaincodeId(s.chaincode())
                    .setTxId(txId)
                    .setEventName(s.eventName())
                    .setPayload(s.eventPayload())
                    .build()
                    .toByteString());
        }
        ByteString prp = ProposalResponsePayload.newBuilder()
                .setProposalHash(proposalHash)
                .setExtension(action.build().toByteString())
                .build()
                .toByteString();
        ChaincodeEndorsedAction.Builder endorsed =
                ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(prp);
        for (TestCa.Leaf e : s.endorsers()) {
            ByteString endorser = e.serialized();
            endorsed.addEndorsements(
                    Endorsement.newBuilder().setEndorser(endorser).setSignature(e.sign(prp, endorser)));
        }
        ByteString cap = ChaincodeActionPayload.newBuilder()
                .setChaincodeProposalPayload(cpp)
                .setAction(endorsed)
                .build()
                .toByteString();
        ByteString tx = Transaction.newBuilder()
                .addActions(TransactionAction.newBuilder().setHeader(sh).setPayload(cap))
                .build()
                .toByteString();
        ByteString payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(ch).setSignatureHeader(sh))
                .setData(tx)
                .build()
                .toByteString();
        return Envelope.newBuilder()
                .setPayload(payload)
                .setSignature(s.creator().sign(payload))
                .build();
    }

    /**
     * The block after {@code previous} holding {@code envelopes}, every transaction marked VALID, signed by {@code
     * orderer} and naming {@code lastConfig} as the config in force.
     */
    static Block block(BlockHeader previous, List<Envelope> envelopes, long lastConfig, TestCa.Leaf orderer) {
        BlockData.Builder data = BlockData.newBuilder();
        for (Envelope e : envelopes) {
            data.addData(e.toByteString());
        }
        Block unsigned = Block.newBuilder()
                .setHeader(BlockHeader.newBuilder()
                        .setNumber(previous.getNumber() + 1)
                        .setPreviousHash(ByteString.copyFrom(FabricCrypto.headerHash(
                                previous.getNumber(), previous.getPreviousHash(), previous.getDataHash()))))
                .setData(data)
                .setMetadata(BlockMetadata.newBuilder()
                        .addMetadata(Metadata.newBuilder()
                                .setValue(OrdererBlockMetadata.newBuilder()
                                        .setLastConfig(LastConfig.newBuilder().setIndex(lastConfig))
                                        .build()
                                        .toByteString())
                                .build()
                                .toByteString())
                        .addMetadata(ByteString.EMPTY)
                        .addMetadata(ByteString.copyFrom(new byte[envelopes.size()]))
                        .addMetadata(ByteString.EMPTY)
                        .addMetadata(ByteString.EMPTY))
                .build();
        return Fixtures.signedBy(Fixtures.rehashed(unsigned), orderer);
    }

    static ByteString utf8(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------- edits

    /** {@code b} with transaction {@code index} replaced (header and signatures unchanged). */
    static Block withEnvelope(Block b, int index, UnaryOperator<Envelope> edit) {
        try {
            Envelope e = Envelope.parseFrom(b.getData().getData(index));
            return b.toBuilder()
                    .setData(
                            b.getData().toBuilder().setData(index, edit.apply(e).toByteString()))
                    .build();
        } catch (InvalidProtocolBufferException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    static UnaryOperator<Envelope> payload(UnaryOperator<Payload> edit) {
        return e -> {
            try {
                return e.toBuilder()
                        .setPayload(
                                edit.apply(Payload.parseFrom(e.getPayload())).toByteString())
                        .build();
            } catch (InvalidProtocolBufferException ex) {
                throw new IllegalArgumentException(ex);
            }
        };
    }

    static UnaryOperator<Envelope> channelHeader(UnaryOperator<ChannelHeader> edit) {
        return payload(p -> {
            try {
                ChannelHeader h = ChannelHeader.parseFrom(p.getHeader().getChannelHeader());
                return p.toBuilder()
                        .setHeader(p.getHeader().toBuilder()
                                .setChannelHeader(edit.apply(h).toByteString()))
                        .build();
            } catch (InvalidProtocolBufferException ex) {
                throw new IllegalArgumentException(ex);
            }
        });
    }

    /** Edits the (single) action's ChaincodeActionPayload. */
    static UnaryOperator<Envelope> actionPayload(UnaryOperator<ChaincodeActionPayload> edit) {
        return payload(p -> {
            try {
                Transaction tx = Transaction.parseFrom(p.getData());
                List<TransactionAction> actions = new ArrayList<>();
                for (TransactionAction a : tx.getActionsList()) {
                    ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(a.getPayload());
                    actions.add(a.toBuilder()
                            .setPayload(edit.apply(cap).toByteString())
                            .build());
                }
                return p.toBuilder()
                        .setData(tx.toBuilder()
                                .clearActions()
                                .addAllActions(actions)
                                .build()
                                .toByteString())
                        .build();
            } catch (InvalidProtocolBufferException ex) {
                throw new IllegalArgumentException(ex);
            }
        });
    }

    static UnaryOperator<Envelope> endorsedAction(UnaryOperator<ChaincodeEndorsedAction> edit) {
        return actionPayload(
                cap -> cap.toBuilder().setAction(edit.apply(cap.getAction())).build());
    }

    static UnaryOperator<Envelope> transaction(UnaryOperator<Transaction> edit) {
        return payload(p -> {
            try {
                return p.toBuilder()
                        .setData(edit.apply(Transaction.parseFrom(p.getData())).toByteString())
                        .build();
            } catch (InvalidProtocolBufferException ex) {
                throw new IllegalArgumentException(ex);
            }
        });
    }
}
