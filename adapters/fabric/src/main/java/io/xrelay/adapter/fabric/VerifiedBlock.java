/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.xrelay.adapter.VerificationFailedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/**
 * A block whose header chain, data hash and orderer signatures were verified, with {@code config} the channel
 * configuration it was verified under (for a config block, the one before it), which decides its transactions'
 * identities.
 */
// byte[] components as the shared design fixes them; the arrays are copied in and out
@SuppressWarnings("ArrayRecordComponent")
record VerifiedBlock(long number, byte[] headerHash, Block block, boolean configBlock, ChannelConfig config) {
    VerifiedBlock {
        headerHash = headerHash.clone();
    }

    /**
     * A copy of a block a {@link BlockVerifier} of this JVM verified lately (e.g. the same block fetched again from
     * another peer), with the config it was verified under.
     *
     * @throws VerificationFailedException unless {@code block} is block {@code number}, its header hashes to {@code
     *     headerHash}, its data to its data hash, and a verifier accepted that header hash
     * @throws IllegalArgumentException if {@code configBlock} is not whether it is a config block
     */
    VerifiedBlock(long number, byte[] headerHash, Block block, boolean configBlock) {
        this(number, headerHash, block, configBlock, VerifiedHashes.configOf(number, headerHash, block));
        if (configBlock != BlockVerifier.isConfigBlock(block)) {
            throw new IllegalArgumentException(
                    "block " + Long.toUnsignedString(number) + " is " + (configBlock ? "not " : "") + "a config block");
        }
    }

    @Override
    public byte[] headerHash() {
        return headerHash.clone();
    }

    /**
     * Verifies transaction {@code index}: the envelope's creator signature and identity, and that its endorsements
     * satisfy {@code policy} (each endorser valid in its MSP, signature over proposal_response_payload || endorser);
     * the chaincode must be {@code chaincode}.
     *
     * <p>In detail: an endorser transaction of this channel (epoch 0) with one action; tx id = hex(sha256(nonce ||
     * creator)); the creator a valid client or admin of an application org;
     * the action's header the transaction's; the proposal hash over channel header, signature header and chaincode
     * proposal payload the one the endorsers signed; the chaincode named in the header and in the endorsed action
     * {@code chaincode}; a chaincode event, if any, of this chaincode and transaction; the endorsements satisfying
     * {@code policy}; the creator's signature over the payload. Cheap checks come first, signatures last. Certificates must be valid at the transaction's timestamp, the time the endorsing peers
     * accepted (within their time window).
     *
     * @throws VerificationFailedException naming the block, the transaction and what is wrong
     * @throws IllegalArgumentException if there is no transaction {@code index}
     */
    EndorsedAction endorsedAction(int index, String chaincode, SignaturePolicy policy) {
        if (index < 0 || index >= transactionCount()) {
            throw new IllegalArgumentException("block " + Long.toUnsignedString(number) + " has no transaction " + index
                    + " (it has " + transactionCount() + ")");
        }
        String where = "block " + Long.toUnsignedString(number) + ": transaction " + index;
        try {
            return endorsedAction(index, chaincode, policy, where);
        } catch (InvalidProtocolBufferException e) {
            throw Verification.failed(where + ": malformed (" + e.getMessage() + ")", e);
        }
    }

    private EndorsedAction endorsedAction(int index, String chaincode, SignaturePolicy policy, String where)
            throws InvalidProtocolBufferException {
        Envelope envelope = Envelope.parseFrom(block.getData().getData(index));
        Payload payload = Payload.parseFrom(envelope.getPayload());
        ChannelHeader ch = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
        if (ch.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
            throw fail(where, "is not an endorser transaction (type " + ChannelConfig.headerType(ch.getType()) + ")");
        }
        if (!ch.getChannelId().equals(config.channelId())) {
            throw fail(where, "is for channel \"" + ch.getChannelId() + "\", not " + config.channelId());
        }
        if (ch.getEpoch() != 0) {
            throw fail(where, "has epoch " + Long.toUnsignedString(ch.getEpoch()) + ", 0 expected");
        }
        ByteString signatureHeaderBytes = payload.getHeader().getSignatureHeader();
        SignatureHeader sh = SignatureHeader.parseFrom(signatureHeaderBytes);
        if (sh.getNonce().isEmpty()) {
            throw fail(where, "has no nonce");
        }
        if (sh.getCreator().isEmpty()) {
            throw fail(where, "has no creator");
        }
        String txId = FabricCrypto.hex(
                FabricCrypto.sha256(sh.getNonce().toByteArray(), sh.getCreator().toByteArray()));
        if (!txId.equals(ch.getTxId())) {
            throw fail(where, "tx id " + ch.getTxId() + " is not sha256(nonce || creator) = " + txId);
        }
        Instant timestamp = Instant.ofEpochSecond(
                ch.getTimestamp().getSeconds(), ch.getTimestamp().getNanos());
        Identity creator;
        try {
            creator = Identity.parse(sh.getCreator());
        } catch (IllegalArgumentException e) {
            throw fail(where, "creator identity " + e.getMessage());
        }
        creatorMayTransact(creator, timestamp, where);

        Transaction tx = Transaction.parseFrom(payload.getData());
        if (tx.getActionsCount() != 1) {
            throw fail(where, "has " + tx.getActionsCount() + " actions, 1 expected");
        }
        TransactionAction action = tx.getActions(0);
        if (!action.getHeader().equals(signatureHeaderBytes)) {
            throw fail(where, "action header is not the transaction's signature header");
        }
        ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(action.getPayload());
        ByteString prpBytes = cap.getAction().getProposalResponsePayload();
        ProposalResponsePayload prp = ProposalResponsePayload.parseFrom(prpBytes);
        byte[] proposalHash = FabricCrypto.sha256(
                payload.getHeader().getChannelHeader().toByteArray(),
                signatureHeaderBytes.toByteArray(),
                cap.getChaincodeProposalPayload().toByteArray());
        if (!Arrays.equals(proposalHash, prp.getProposalHash().toByteArray())) {
            throw fail(where, "proposal hash does not match the transaction's header and proposal");
        }
        String headerChaincode = ChaincodeHeaderExtension.parseFrom(ch.getExtension())
                .getChaincodeId()
                .getName();
        ChaincodeAction cc = ChaincodeAction.parseFrom(prp.getExtension());
        String actionChaincode = cc.getChaincodeId().getName();
        if (!actionChaincode.equals(chaincode)) {
            throw fail(where, "is an action of chaincode \"" + actionChaincode + "\", not " + chaincode);
        }
        if (!headerChaincode.equals(chaincode)) {
            throw fail(where, "header names chaincode \"" + headerChaincode + "\", not " + chaincode);
        }
        Optional<ChaincodeEventData> event = Optional.empty();
        if (!cc.getEvents().isEmpty()) {
            ChaincodeEvent e = ChaincodeEvent.parseFrom(cc.getEvents());
            if (!e.getChaincodeId().equals(chaincode)) {
                throw fail(where, "event is from chaincode \"" + e.getChaincodeId() + "\", not " + chaincode);
            }
            if (!e.getTxId().equals(txId)) {
                throw fail(where, "event names transaction " + e.getTxId() + ", not " + txId);
            }
            if (!e.getEventName().isEmpty()) {
                event = Optional.of(
                        new ChaincodeEventData(e.getEventName(), e.getPayload().toByteArray()));
            }
        }

        List<SignatureSet.Signed> endorsements = new ArrayList<>(cap.getAction().getEndorsementsCount());
        for (Endorsement e : cap.getAction().getEndorsementsList()) {
            endorsements.add(
                    new SignatureSet.Signed(e.getEndorser(), e.getSignature(), List.of(prpBytes, e.getEndorser())));
        }
        SignatureSet set = new SignatureSet("endorsement", endorsements, config.msps());
        Optional<String> failure = set.evaluate(policy, config.msps(), timestamp);
        if (failure.isPresent()) {
            throw fail(where, "endorsement policy " + policy.describe() + " not satisfied: " + failure.get());
        }
        Optional<String> creatorSignature =
                FabricCrypto.verifyP256(creator.key(), envelope.getSignature(), envelope.getPayload());
        if (creatorSignature.isPresent()) {
            throw fail(where, "creator signature " + creatorSignature.get());
        }
        return new EndorsedAction(
                index,
                txId,
                timestamp,
                creator.mspId(),
                creator.der(),
                chaincode,
                cc.getResponse().getStatus(),
                cc.getResponse().getMessage(),
                event);
    }

    private void creatorMayTransact(Identity creator, Instant at, String where) {
        if (!config.applicationMspIds().contains(creator.mspId())) {
            throw fail(where, "creator MSP " + creator.mspId() + " is not an application org of the channel");
        }
        Msp msp = config.msps().get(creator.mspId());
        if (msp == null) {
            throw new IllegalStateException("application MSP " + creator.mspId() + " has no rules");
        }
        Optional<String> invalid = msp.validate(creator, at);
        if (invalid.isPresent()) {
            throw fail(where, "creator " + invalid.get());
        }
        if (msp.satisfies(creator, MspRole.CLIENT, at).isPresent()
                && msp.satisfies(creator, MspRole.ADMIN, at).isPresent()) {
            throw fail(
                    where,
                    "creator is neither a client nor an admin of " + creator.mspId() + " (OUs "
                            + creator.organizationalUnits() + ")");
        }
    }

    private static VerificationFailedException fail(String where, String what) {
        return Verification.failed(where + ": " + what);
    }

    int transactionCount() {
        return block.getData().getDataCount();
    }

    /**
     * The validation code the serving peer wrote (TRANSACTIONS_FILTER): NOT covered by any signature.
     *
     * @throws VerificationFailedException if the block has no code for transaction {@code index} (blocks served by
     *     an orderer have none)
     */
    int validationCode(int index) {
        var md = block.getMetadata();
        ByteString filter = md.getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
                ? md.getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE)
                : ByteString.EMPTY;
        if (index < 0 || index >= filter.size() || filter.size() != transactionCount()) {
            throw Verification.failed("block " + Long.toUnsignedString(number) + ": no validation code for transaction "
                    + index + " (TRANSACTIONS_FILTER has " + filter.size() + " entries for " + transactionCount()
                    + " transactions)");
        }
        return filter.byteAt(index) & 0xff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifiedBlock v
                && v.number == number
                && Arrays.equals(v.headerHash, headerHash)
                && v.block.equals(block)
                && v.configBlock == configBlock
                && v.config == config;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(number) * 31 + Arrays.hashCode(headerHash);
    }

    @Override
    public String toString() {
        return "VerifiedBlock[" + Long.toUnsignedString(number) + " " + FabricCrypto.hex(headerHash)
                + (configBlock ? " config" : "") + ", " + transactionCount() + " transactions]";
    }
}
