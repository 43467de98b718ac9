/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.xrelay.adapter.VerificationFailedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.junit.jupiter.api.Test;

/**
 * Endorsed actions: the _lifecycle transactions of the devnet fixtures, and transactions made here with
 * certificates of the devnet's CAs, each tampered with in one way and refused for that reason.
 */
class VerifiedBlockTest {
    private static final TestCa ORDERER_CA = TestCa.devnet("OrdererMSP");
    private static final TestCa ORG1_CA = TestCa.devnet("Org1MSP");
    private static final TestCa ORG2_CA = TestCa.devnet("Org2MSP");
    private static final TestCa.Leaf ORDERER = ORDERER_CA.issue("orderer.example.com", "orderer");
    private static final TestCa.Leaf PEER1 = ORG1_CA.issue("peer0.org1.example.com", "peer");
    private static final TestCa.Leaf PEER2 = ORG2_CA.issue("peer0.org2.example.com", "peer");
    private static final TestCa.Leaf CLIENT1 = ORG1_CA.issue("User1@org1.example.com", "client");
    private static final SignaturePolicy BOTH = SignaturePolicy.parse("AND('Org1MSP.peer','Org2MSP.peer')");
    private static final SignaturePolicy ORG1 = SignaturePolicy.parse("OR('Org1MSP.peer')");
    private static final String LOCKED = "{\"id\":\"0x01\",\"status\":\"LOCKED\"}";

    private static String reason(VerifiedBlock b, int index, String chaincode, SignaturePolicy policy) {
        try {
            b.endorsedAction(index, chaincode, policy);
        } catch (VerificationFailedException e) {
            return e.reason();
        }
        throw new AssertionError("transaction " + index + " of block " + b.number() + " was accepted");
    }

    /** A block whose transactions were changed after the orderer signed it, as if it had passed anyway. */
    private static VerifiedBlock unchecked(Block b, ChannelConfig config) {
        return new VerifiedBlock(b.getHeader().getNumber(), new byte[32], b, false, config);
    }

    private static VerifiedBlock commitBlock() {
        return Fixtures.verifiedUpTo(2).verify(Fixtures.block(3));
    }

    private static ChannelConfig genesisConfig() {
        return Fixtures.anchor().config();
    }

    private static Transactions.Spec spec(TestCa.Leaf creator, List<TestCa.Leaf> endorsers) {
        return new Transactions.Spec(
                "xrelay",
                "htlc",
                creator,
                endorsers,
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                List.of("Lock", "Org2MSP:ab", "0x11"),
                "Locked",
                Transactions.utf8(LOCKED),
                Transactions.utf8("nonce-" + System.nanoTime()));
    }

    private static Transactions.Spec withCreator(Transactions.Spec s, TestCa.Leaf creator) {
        return new Transactions.Spec(
                s.channel(),
                s.chaincode(),
                creator,
                s.endorsers(),
                s.timestamp(),
                s.args(),
                s.eventName(),
                s.eventPayload(),
                s.nonce());
    }

    /** Blocks 1-7 verified, then a block of {@code envelopes} made here and verified. */
    private static VerifiedBlock synthetic(Envelope... envelopes) {
        BlockVerifier v = Fixtures.verifiedUpTo(Fixtures.LAST);
        return v.verify(Transactions.block(Fixtures.block(Fixtures.LAST).getHeader(), List.of(envelopes), 4, ORDERER));
    }

    @Test
    void reads_the_endorsed_commit_of_a_chaincode_definition() throws Exception {
        VerifiedBlock b = commitBlock();
        Envelope e = Envelope.parseFrom(b.block().getData().getData(0));
        ChannelHeader ch = ChannelHeader.parseFrom(
                Payload.parseFrom(e.getPayload()).getHeader().getChannelHeader());

        EndorsedAction a = b.endorsedAction(0, "_lifecycle", BOTH);

        assertThat(a.index()).isZero();
        assertThat(a.txId()).isEqualTo(ch.getTxId());
        assertThat(a.timestamp())
                .isEqualTo(Instant.ofEpochSecond(
                        ch.getTimestamp().getSeconds(), ch.getTimestamp().getNanos()));
        assertThat(a.creatorMspId()).isEqualTo("Org1MSP");
        assertThat(Identity.x509(a.creatorCertDer()).getSubjectX500Principal().getName())
                .contains("CN=Admin@org1.example.com");
        assertThat(a.chaincode()).isEqualTo("_lifecycle");
        assertThat(a.responseStatus()).isEqualTo(200);
        assertThat(b.transactionCount()).isEqualTo(1);
        assertThat(b.validationCode(0)).as("VALID").isZero();
    }

    @Test
    void each_approval_is_endorsed_by_its_own_org_only() {
        BlockVerifier v = new BlockVerifier(Fixtures.anchor());
        VerifiedBlock approve1 = v.verify(Fixtures.block(1));
        VerifiedBlock approve2 = v.verify(Fixtures.block(2));

        assertThat(approve1.endorsedAction(0, "_lifecycle", ORG1).creatorMspId())
                .isEqualTo("Org1MSP");
        assertThat(reason(approve1, 0, "_lifecycle", BOTH))
                .isEqualTo("block 1: transaction 0: endorsement policy AND('Org1MSP.peer','Org2MSP.peer') not"
                        + " satisfied: only endorsements by Org1MSP");
        assertThat(reason(approve2, 0, "_lifecycle", ORG1))
                .isEqualTo("block 2: transaction 0: endorsement policy OR('Org1MSP.peer') not satisfied: endorsement 0"
                        + " (Org2MSP) matches no principal of the policy");
    }

    @Test
    void refuses_a_changed_creator_signature() {
        Block b = Transactions.withEnvelope(Fixtures.block(3), 0, e -> e.toBuilder()
                .setSignature(Fixtures.flip(e.getSignature(), 12))
                .build());

        assertThat(reason(unchecked(b, genesisConfig()), 0, "_lifecycle", BOTH))
                .isEqualTo("block 3: transaction 0: creator signature does not verify");
    }

    @Test
    void refuses_a_changed_endorsement_byte() {
        Block b = Transactions.withEnvelope(Fixtures.block(3), 0, Transactions.endorsedAction(a -> {
            Endorsement second = a.getEndorsements(1);
            return a.toBuilder()
                    .setEndorsements(1, second.toBuilder().setSignature(Fixtures.flip(second.getSignature(), 20)))
                    .build();
        }));

        assertThat(reason(unchecked(b, genesisConfig()), 0, "_lifecycle", BOTH))
                .isEqualTo("block 3: transaction 0: endorsement policy AND('Org1MSP.peer','Org2MSP.peer') not"
                        + " satisfied: endorsement 1 does not verify");
    }

    @Test
    void refuses_endorsements_that_do_not_satisfy_the_policy_when_one_of_two_is_dropped() {
        Block b = Transactions.withEnvelope(Fixtures.block(3), 0, Transactions.endorsedAction(a -> a.toBuilder()
                .removeEndorsements(1)
                .build()));

        assertThat(reason(unchecked(b, genesisConfig()), 0, "_lifecycle", BOTH))
                .isEqualTo("block 3: transaction 0: endorsement policy AND('Org1MSP.peer','Org2MSP.peer') not"
                        + " satisfied: only endorsements by Org1MSP");
    }

    @Test
    void refuses_an_action_of_another_chaincode() {
        assertThat(reason(commitBlock(), 0, "htlc", BOTH))
                .isEqualTo("block 3: transaction 0: is an action of chaincode \"_lifecycle\", not htlc");
    }

    @Test
    void refuses_a_tx_id_that_is_not_the_hash_of_nonce_and_creator() throws Exception {
        Block original = Fixtures.block(3);
        String txId = ChannelHeader.parseFrom(
                        Payload.parseFrom(Envelope.parseFrom(original.getData().getData(0))
                                        .getPayload())
                                .getHeader()
                                .getChannelHeader())
                .getTxId();
        String forged = "00" + txId.substring(2);
        Block b = Transactions.withEnvelope(original, 0, Transactions.channelHeader(h -> h.toBuilder()
                .setTxId(forged)
                .build()));

        assertThat(reason(unchecked(b, genesisConfig()), 0, "_lifecycle", BOTH))
                .isEqualTo("block 3: transaction 0: tx id " + forged + " is not sha256(nonce || creator) = " + txId);
    }

    @Test
    void refuses_endorsements_of_another_proposal() {
        Block b = Transactions.withEnvelope(Fixtures.block(3), 0, Transactions.actionPayload(cap -> cap.toBuilder()
                .setChaincodeProposalPayload(cap.getChaincodeProposalPayload().concat(ByteString.copyFromUtf8("x")))
                .build()));

        assertThat(reason(unchecked(b, genesisConfig()), 0, "_lifecycle", BOTH))
                .isEqualTo("block 3: transaction 0: proposal hash does not match the transaction's header and"
                        + " proposal");
    }

    @Test
    void refuses_a_config_transaction() {
        VerifiedBlock config = Fixtures.verifiedUpTo(3).verify(Fixtures.block(4));

        assertThat(reason(config, 0, "_lifecycle", BOTH))
                .isEqualTo("block 4: transaction 0: is not an endorser transaction (type CONFIG)");
    }

    @Test
    void has_no_transaction_beyond_its_last() {
        assertThatThrownBy(() -> commitBlock().endorsedAction(1, "_lifecycle", BOTH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("block 3 has no transaction 1 (it has 1)");
    }

    @Test
    void reads_an_htlc_transaction_with_its_chaincode_event() {
        Transactions.Spec s = spec(CLIENT1, List.of(PEER1, PEER2));
        VerifiedBlock b = synthetic(Transactions.endorserTransaction(s));

        EndorsedAction a = b.endorsedAction(0, "htlc", BOTH);

        assertThat(a.txId())
                .isEqualTo(FabricCrypto.hex(FabricCrypto.sha256(
                        s.nonce().toByteArray(), CLIENT1.serialized().toByteArray())));
        assertThat(a.timestamp()).isEqualTo(s.timestamp());
        assertThat(a.creatorMspId()).isEqualTo("Org1MSP");
        assertThat(a.creatorCertDer()).isEqualTo(CLIENT1.identity().der());
        assertThat(a.responseStatus()).isEqualTo(200);
        assertThat(a.event()).contains(new ChaincodeEventData("Locked", LOCKED.getBytes(StandardCharsets.UTF_8)));
        assertThat(b.validationCode(0)).isZero();
    }

    @Test
    void a_transaction_without_event_has_none() {
        Transactions.Spec s = spec(CLIENT1, List.of(PEER1, PEER2));
        Transactions.Spec quiet = new Transactions.Spec(
                s.channel(),
                s.chaincode(),
                s.creator(),
                s.endorsers(),
                s.timestamp(),
                s.args(),
                null,
                ByteString.EMPTY,
                s.nonce());

        assertThat(synthetic(Transactions.endorserTransaction(quiet))
                        .endorsedAction(0, "htlc", BOTH)
                        .event())
                .isEmpty();
    }

    @Test
    void accepts_an_admin_as_creator_and_refuses_a_peer() {
        TestCa.Leaf admin = ORG1_CA.issue("Admin@org1.example.com", "admin");
        VerifiedBlock b = synthetic(
                Transactions.endorserTransaction(spec(admin, List.of(PEER1, PEER2))),
                Transactions.endorserTransaction(spec(PEER1, List.of(PEER1, PEER2))));

        assertThat(b.endorsedAction(0, "htlc", BOTH).creatorMspId()).isEqualTo("Org1MSP");
        assertThat(reason(b, 1, "htlc", BOTH))
                .isEqualTo("block 19: transaction 1: creator is neither a client nor an admin of Org1MSP (OUs [peer])");
    }

    @Test
    void refuses_a_creator_of_the_orderer_org() {
        TestCa.Leaf ordererClient = ORDERER_CA.issue("Admin@example.com", "admin");
        VerifiedBlock b = synthetic(Transactions.endorserTransaction(spec(ordererClient, List.of(PEER1, PEER2))));

        assertThat(reason(b, 0, "htlc", BOTH))
                .isEqualTo("block 19: transaction 0: creator MSP OrdererMSP is not an application org of the channel");
    }

    @Test
    void refuses_a_creator_certificate_of_another_ca() {
        TestCa.Leaf impostor =
                TestCa.generate("Org1MSP", "ca.org1.example.com").issue("User1@org1.example.com", "client");
        VerifiedBlock b = synthetic(Transactions.endorserTransaction(spec(impostor, List.of(PEER1, PEER2))));

        assertThat(reason(b, 0, "htlc", BOTH))
                .isEqualTo("block 19: transaction 0: creator certificate does not chain to a root CA of Org1MSP");
    }

    @Test
    void refuses_an_endorsement_by_a_client_where_a_peer_is_required() {
        VerifiedBlock b = synthetic(Transactions.endorserTransaction(spec(CLIENT1, List.of(CLIENT1, PEER2))));

        assertThat(reason(b, 0, "htlc", BOTH))
                .isEqualTo("block 19: transaction 0: endorsement policy AND('Org1MSP.peer','Org2MSP.peer') not"
                        + " satisfied: endorsement 0 (Org1MSP) is not a peer of Org1MSP (OUs [client])");
    }

    @Test
    void refuses_an_endorsement_by_a_certificate_of_another_ca() {
        TestCa.Leaf impostor =
                TestCa.generate("Org2MSP", "ca.org2.example.com").issue("peer0.org2.example.com", "peer");
        VerifiedBlock b = synthetic(Transactions.endorserTransaction(spec(CLIENT1, List.of(PEER1, impostor))));

        assertThat(reason(b, 0, "htlc", BOTH))
                .isEqualTo("block 19: transaction 0: endorsement policy AND('Org1MSP.peer','Org2MSP.peer') not"
                        + " satisfied: endorsement 1 (Org2MSP) certificate does not chain to a root CA of Org2MSP");
    }

    @Test
    void refuses_an_endorsement_by_a_certificate_expired_at_the_transaction_time() {
        Instant now = Instant.now();
        Instant notAfter = now.minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        TestCa.Leaf expired =
                ORG2_CA.issue("peer0.org2.example.com", List.of("peer"), now.minus(2, ChronoUnit.HOURS), notAfter);
        VerifiedBlock b = synthetic(Transactions.endorserTransaction(spec(CLIENT1, List.of(PEER1, expired))));

        assertThat(reason(b, 0, "htlc", BOTH))
                .isEqualTo("block 19: transaction 0: endorsement policy AND('Org1MSP.peer','Org2MSP.peer') not"
                        + " satisfied: endorsement 1 (Org2MSP) certificate chain expired at " + notAfter);
    }

    @Test
    void counts_an_endorser_once_however_often_it_signs() {
        SignaturePolicy twoOfOrg1 = SignaturePolicy.parse("OutOf(2, 'Org1MSP.peer', 'Org1MSP.peer')");
        TestCa.Leaf otherPeer1 = ORG1_CA.issue("peer1.org1.example.com", "peer");
        VerifiedBlock b = synthetic(
                Transactions.endorserTransaction(spec(CLIENT1, List.of(PEER1, PEER1))),
                Transactions.endorserTransaction(spec(CLIENT1, List.of(PEER1, otherPeer1))));

        assertThat(reason(b, 0, "htlc", twoOfOrg1))
                .isEqualTo("block 19: transaction 0: endorsement policy OutOf(2, 'Org1MSP.peer', 'Org1MSP.peer') not"
                        + " satisfied: endorsement 1: repeats the identity of an earlier one");
        assertThat(b.endorsedAction(1, "htlc", twoOfOrg1).index()).isEqualTo(1);
    }

    @Test
    void refuses_a_transaction_of_another_channel() {
        Transactions.Spec s = spec(CLIENT1, List.of(PEER1, PEER2));
        Transactions.Spec other = new Transactions.Spec(
                "other",
                s.chaincode(),
                s.creator(),
                s.endorsers(),
                s.timestamp(),
                s.args(),
                s.eventName(),
                s.eventPayload(),
                s.nonce());
        VerifiedBlock b = synthetic(Transactions.endorserTransaction(other));

        assertThat(reason(b, 0, "htlc", BOTH))
                .isEqualTo("block 19: transaction 0: is for channel \"other\", not xrelay");
    }

    @Test
    void refuses_a_transaction_with_two_actions() {
        Envelope tx = Transactions.endorserTransaction(spec(CLIENT1, List.of(PEER1, PEER2)));
        Envelope doubled = signedByClient1(Transactions.transaction(
                        t -> t.toBuilder().addActions(t.getActions(0)).build())
                .apply(tx));

        assertThat(reason(synthetic(doubled), 0, "htlc", BOTH))
                .isEqualTo("block 19: transaction 0: has 2 actions, 1 expected");
    }

    @Test
    void refuses_an_event_that_names_another_chaincode() {
        Transactions.Spec s = spec(CLIENT1, List.of(PEER1, PEER2));
        Envelope tx = Transactions.endorserTransaction(new Transactions.Spec(
                s.channel(),
                "htlc",
                s.creator(),
                s.endorsers(),
                s.timestamp(),
                s.args(),
                s.eventName(),
                s.eventPayload(),
                s.nonce()));
        // the same transaction, but the chaincode named in the event is changed (and everything re-signed)
        Envelope changed = signedByClient1(
                Transactions.actionPayload(cap -> resignedEvent(cap, "other")).apply(tx));

        assertThat(reason(synthetic(changed), 0, "htlc", BOTH))
                .isEqualTo("block 19: transaction 0: event is from chaincode \"other\", not htlc");
    }

    @Test
    void the_creator_is_checked_at_the_transaction_time() {
        Transactions.Spec s = withCreator(spec(CLIENT1, List.of(PEER1, PEER2)), CLIENT1);
        Transactions.Spec early = new Transactions.Spec(
                s.channel(),
                s.chaincode(),
                s.creator(),
                s.endorsers(),
                Instant.parse("2020-01-01T00:00:00Z"),
                s.args(),
                s.eventName(),
                s.eventPayload(),
                s.nonce());
        VerifiedBlock b = synthetic(Transactions.endorserTransaction(early));

        assertThat(reason(b, 0, "htlc", BOTH))
                .startsWith("block 19: transaction 0: creator certificate chain is not valid before ");
    }

    @Test
    void a_copy_of_a_verified_block_is_a_verified_block_under_the_same_config() {
        VerifiedBlock verified = commitBlock();
        Block copy = Fixtures.block(3);

        VerifiedBlock again = new VerifiedBlock(3, verified.headerHash(), copy, false);

        assertThat(again.config()).isSameAs(verified.config());
        assertThat(again.endorsedAction(0, "_lifecycle", BOTH))
                .isEqualTo(verified.endorsedAction(0, "_lifecycle", BOTH));
    }

    @Test
    void a_block_that_is_not_the_verified_one_cannot_pass_for_it() {
        VerifiedBlock verified = commitBlock();
        Block other = Transactions.withEnvelope(Fixtures.block(3), 0, e -> e.toBuilder()
                .setSignature(Fixtures.flip(e.getSignature(), 3))
                .build());
        byte[] unknown = new byte[32];

        assertThatThrownBy(() -> new VerifiedBlock(3, verified.headerHash(), other, false))
                .isInstanceOf(VerificationFailedException.class)
                .extracting(e -> ((VerificationFailedException) e).reason())
                .isEqualTo("block 3: data hash does not match the transactions");
        assertThatThrownBy(() -> new VerifiedBlock(2, verified.headerHash(), Fixtures.block(3), false))
                .isInstanceOf(VerificationFailedException.class)
                .extracting(e -> ((VerificationFailedException) e).reason())
                .isEqualTo("block 2: the block given is block 3");
        assertThatThrownBy(() -> new VerifiedBlock(3, unknown, Fixtures.block(3), false))
                .isInstanceOf(VerificationFailedException.class)
                .extracting(e -> ((VerificationFailedException) e).reason())
                .isEqualTo("block 3: its header does not hash to " + FabricCrypto.hex(unknown));
        Block never = Transactions.block(
                Fixtures.block(Fixtures.LAST).getHeader(),
                List.of(Transactions.endorserTransaction(spec(CLIENT1, List.of(PEER1, PEER2)))),
                4,
                ORDERER);
        var h = never.getHeader();
        byte[] hash = FabricCrypto.headerHash(h.getNumber(), h.getPreviousHash(), h.getDataHash());
        assertThatThrownBy(() -> new VerifiedBlock(19, hash, never, false))
                .isInstanceOf(VerificationFailedException.class)
                .extracting(e -> ((VerificationFailedException) e).reason())
                .isEqualTo("block 19: header hash " + FabricCrypto.hex(hash) + " is not one of a block verified here");
    }

    /** {@code e} signed again by CLIENT1 (its creator). */
    private static Envelope signedByClient1(Envelope e) {
        return e.toBuilder().setSignature(CLIENT1.sign(e.getPayload())).build();
    }

    private static ChaincodeActionPayload resignedEvent(ChaincodeActionPayload cap, String chaincode) {
        try {
            var prp = org.hyperledger.fabric.protos.peer.ProposalResponsePayload.parseFrom(
                    cap.getAction().getProposalResponsePayload());
            var action = org.hyperledger.fabric.protos.peer.ChaincodeAction.parseFrom(prp.getExtension());
            var event = org.hyperledger.fabric.protos.peer.ChaincodeEvent.parseFrom(action.getEvents()).toBuilder()
                    .setChaincodeId(chaincode)
                    .build();
            ByteString newPrp = prp.toBuilder()
                    .setExtension(action.toBuilder()
                            .setEvents(event.toByteString())
                            .build()
                            .toByteString())
                    .build()
                    .toByteString();
            var endorsed = cap.getAction().toBuilder()
                    .setProposalResponsePayload(newPrp)
                    .clearEndorsements();
            for (TestCa.Leaf e : List.of(PEER1, PEER2)) {
                endorsed.addEndorsements(Endorsement.newBuilder()
                        .setEndorser(e.serialized())
                        .setSignature(e.sign(newPrp, e.serialized())));
            }
            return cap.toBuilder().setAction(endorsed).build();
        } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new IllegalArgumentException(ex);
        }
    }
}
