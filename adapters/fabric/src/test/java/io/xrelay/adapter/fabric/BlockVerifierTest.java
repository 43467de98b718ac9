/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.xrelay.adapter.VerificationFailedException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Payload;
import org.junit.jupiter.api.Test;

/** Block verification on the devnet fixtures, and on every way of tampering with them, each with its reason. */
class BlockVerifierTest {
    private static final TestCa ORDERER_CA = TestCa.devnet("OrdererMSP");
    private static final TestCa ORG1_CA = TestCa.devnet("Org1MSP");

    private static String reason(BlockVerifier v, Block b) {
        try {
            v.verify(b);
        } catch (VerificationFailedException e) {
            return e.reason();
        }
        throw new AssertionError("block " + b.getHeader().getNumber() + " was accepted");
    }

    private static String rejection(Block tampered) {
        return reason(new BlockVerifier(Fixtures.anchor()), tampered);
    }

    @Test
    void verifies_every_fixture_block_in_order_from_the_genesis_block() {
        BlockVerifier v = new BlockVerifier(Fixtures.anchor());
        for (long n = 1; n <= Fixtures.LAST; n++) {
            Block b = Fixtures.block(n);
            VerifiedBlock vb = v.verify(b);
            assertThat(vb.number()).isEqualTo(n);
            assertThat(vb.headerHash())
                    .isEqualTo(FabricCrypto.headerHash(
                            n, b.getHeader().getPreviousHash(), b.getHeader().getDataHash()));
            assertThat(vb.configBlock()).isEqualTo(n == 4);
            assertThat(v.trust().number()).isEqualTo(n);
        }
    }

    @Test
    void each_block_links_to_the_header_hash_of_the_one_before() {
        for (long n = 1; n <= Fixtures.LAST; n++) {
            BlockHeader prev = Fixtures.block(n - 1).getHeader();
            assertThat(Fixtures.block(n).getHeader().getPreviousHash().toByteArray())
                    .isEqualTo(FabricCrypto.headerHash(prev.getNumber(), prev.getPreviousHash(), prev.getDataHash()));
        }
    }

    @Test
    void applies_the_config_of_a_config_block_after_verifying_it() {
        BlockVerifier v = Fixtures.verifiedUpTo(3);
        assertThat(v.trust().config().sequence()).isZero();

        VerifiedBlock config = v.verify(Fixtures.block(4));

        assertThat(config.config().sequence())
                .as("verified under the config before it")
                .isZero();
        assertThat(v.trust().config().sequence()).isEqualTo(1);
        assertThat(v.trust().config().blockNumber()).isEqualTo(4);
        assertThat(v.verify(Fixtures.block(5)).config().blockNumber()).isEqualTo(4);
    }

    @Test
    void rejects_a_block_whose_header_number_is_changed() {
        Block b = Fixtures.block(1);
        Block tampered =
                Fixtures.withHeader(b, b.getHeader().toBuilder().setNumber(2).build());

        assertThat(rejection(tampered)).isEqualTo("block 2: out of order, block 1 expected");
    }

    @Test
    void rejects_a_block_out_of_order_and_a_block_verified_twice() {
        BlockVerifier v = new BlockVerifier(Fixtures.anchor());
        assertThat(reason(v, Fixtures.block(2))).isEqualTo("block 2: out of order, block 1 expected");
        v.verify(Fixtures.block(1));
        assertThat(reason(v, Fixtures.block(1))).isEqualTo("block 1: out of order, block 2 expected");
    }

    @Test
    void rejects_a_block_whose_previous_hash_is_changed() {
        Block b = Fixtures.block(1);
        ByteString prev = b.getHeader().getPreviousHash();
        Block tampered = Fixtures.withHeader(
                b,
                b.getHeader().toBuilder()
                        .setPreviousHash(Fixtures.flip(prev, 0))
                        .build());

        assertThat(rejection(tampered))
                .isEqualTo("block 1: previous hash "
                        + FabricCrypto.hex(Fixtures.flip(prev, 0).toByteArray())
                        + " is not the header hash of block 0 (" + FabricCrypto.hex(prev.toByteArray()) + ")");
    }

    @Test
    void rejects_a_block_whose_data_hash_is_changed() {
        Block b = Fixtures.block(1);
        Block tampered = Fixtures.withHeader(
                b,
                b.getHeader().toBuilder()
                        .setDataHash(Fixtures.flip(b.getHeader().getDataHash(), 5))
                        .build());

        assertThat(rejection(tampered)).isEqualTo("block 1: data hash does not match the transactions");
    }

    @Test
    void rejects_a_block_with_a_changed_envelope_byte() {
        Block b = Fixtures.block(1);
        ByteString tx = b.getData().getData(0);
        Block tampered = b.toBuilder()
                .setData(b.getData().toBuilder().setData(0, Fixtures.flip(tx, tx.size() / 2)))
                .build();

        assertThat(rejection(tampered)).isEqualTo("block 1: data hash does not match the transactions");
    }

    @Test
    void rejects_a_changed_envelope_even_when_the_data_hash_is_recomputed() {
        Block b = Fixtures.block(1);
        ByteString tx = b.getData().getData(0);
        Block tampered = Fixtures.rehashed(b.toBuilder()
                .setData(b.getData().toBuilder().setData(0, Fixtures.flip(tx, tx.size() / 2)))
                .build());

        assertThat(rejection(tampered))
                .isEqualTo("block 1: /Channel/Orderer/BlockValidation not satisfied: orderer signature 0 does not"
                        + " verify");
    }

    @Test
    void rejects_an_envelope_that_is_not_canonically_encoded_even_when_correctly_signed() throws Exception {
        Block b = Fixtures.block(1);
        Envelope e = Envelope.parseFrom(b.getData().getData(0));
        // the signature field first, then the payload: the same message, but not its canonical encoding
        ByteString reordered = Envelope.newBuilder()
                .setSignature(e.getSignature())
                .build()
                .toByteString()
                .concat(Envelope.newBuilder().setPayload(e.getPayload()).build().toByteString());
        assertThat(Envelope.parseFrom(reordered)).isEqualTo(e);
        Block tampered = Fixtures.signedBy(
                Fixtures.rehashed(b.toBuilder()
                        .setData(b.getData().toBuilder().setData(0, reordered))
                        .build()),
                ORDERER_CA.issue("orderer2.example.com", "orderer"));

        assertThat(rejection(tampered)).isEqualTo("block 1: transaction 0 is not canonically encoded");
    }

    @Test
    void rejects_an_envelope_without_a_signature() throws Exception {
        Block b = Fixtures.block(1);
        Envelope e = Envelope.parseFrom(b.getData().getData(0)).toBuilder()
                .clearSignature()
                .build();
        Block tampered = Fixtures.signedBy(
                Fixtures.rehashed(b.toBuilder()
                        .setData(b.getData().toBuilder().setData(0, e.toByteString()))
                        .build()),
                ORDERER_CA.issue("orderer2.example.com", "orderer"));

        assertThat(rejection(tampered)).isEqualTo("block 1: transaction 0 has no signature");
    }

    @Test
    void rejects_a_block_whose_orderer_signature_has_a_changed_byte() {
        Block b = Fixtures.block(1);
        Metadata md = Fixtures.signatures(b);
        MetadataSignature s = md.getSignatures(0);
        ByteString sig = s.getSignature();
        Block tampered = Fixtures.withSignatures(
                b,
                md.toBuilder()
                        .setSignatures(0, s.toBuilder().setSignature(Fixtures.flip(sig, 10)))
                        .build());

        assertThat(rejection(tampered))
                .isEqualTo("block 1: /Channel/Orderer/BlockValidation not satisfied: orderer signature 0 does not"
                        + " verify");
    }

    @Test
    void rejects_the_same_orderer_signature_with_high_s() {
        Block b = Fixtures.block(1);
        Metadata md = Fixtures.signatures(b);
        MetadataSignature s = md.getSignatures(0);
        BigInteger[] rs = java.util.Objects.requireNonNull(
                FabricCrypto.parseDerSignature(s.getSignature().toByteArray()));
        BigInteger highS = FabricCrypto.P256_N.subtract(rs[1]);
        assertThat(highS).isGreaterThan(FabricCrypto.P256_HALF_N);
        Block tampered = Fixtures.withSignatures(
                b,
                md.toBuilder()
                        .setSignatures(
                                0,
                                s.toBuilder()
                                        .setSignature(ByteString.copyFrom(FabricCrypto.derSignature(rs[0], highS))))
                        .build());

        assertThat(rejection(tampered))
                .isEqualTo("block 1: /Channel/Orderer/BlockValidation not satisfied: orderer signature 0 is not low-S"
                        + " (s > n/2)");
    }

    @Test
    void rejects_a_block_whose_signed_metadata_value_is_changed() throws Exception {
        Block b = Fixtures.block(1);
        Metadata md = Fixtures.signatures(b);
        OrdererBlockMetadata value = OrdererBlockMetadata.parseFrom(md.getValue()).toBuilder()
                .setConsenterMetadata(ByteString.copyFromUtf8("forged"))
                .build();
        Block tampered = Fixtures.withSignatures(
                b, md.toBuilder().setValue(value.toByteString()).build());

        assertThat(rejection(tampered))
                .isEqualTo("block 1: /Channel/Orderer/BlockValidation not satisfied: orderer signature 0 does not"
                        + " verify");
    }

    @Test
    void rejects_a_block_signed_correctly_by_a_certificate_of_another_ca() {
        TestCa other = TestCa.generate("OrdererMSP", "ca.example.com");
        Block tampered = Fixtures.signedBy(Fixtures.block(1), other.issue("orderer.example.com", "orderer"));

        assertThat(rejection(tampered))
                .isEqualTo("block 1: /Channel/Orderer/BlockValidation not satisfied: orderer signature 0 (OrdererMSP)"
                        + " certificate does not chain to a root CA of OrdererMSP");
    }

    @Test
    void accepts_a_block_signed_by_another_orderer_certificate_of_the_orderer_ca() {
        Block resigned = Fixtures.signedBy(Fixtures.block(1), ORDERER_CA.issue("orderer2.example.com", "orderer"));

        assertThat(new BlockVerifier(Fixtures.anchor()).verify(resigned).number())
                .isEqualTo(1);
    }

    @Test
    void rejects_a_block_signed_by_a_peer_of_an_application_org() {
        Block tampered = Fixtures.signedBy(Fixtures.block(1), ORG1_CA.issue("peer0.org1.example.com", "peer"));

        assertThat(rejection(tampered))
                .isEqualTo("block 1: /Channel/Orderer/BlockValidation not satisfied: orderer signature 0 (Org1MSP)"
                        + " matches no principal of the policy");
    }

    @Test
    void rejects_an_orderer_certificate_without_a_node_ou() {
        Block tampered = Fixtures.signedBy(Fixtures.block(1), ORDERER_CA.issue("orderer2.example.com", "ops"));

        assertThat(rejection(tampered))
                .isEqualTo("block 1: /Channel/Orderer/BlockValidation not satisfied: orderer signature 0 (OrdererMSP)"
                        + " certificate has no NodeOU (client, peer, admin or orderer) of OrdererMSP, its OUs are"
                        + " [ops]");
    }

    @Test
    void rejects_an_orderer_certificate_with_two_node_ous() {
        Block tampered =
                Fixtures.signedBy(Fixtures.block(1), ORDERER_CA.issue("orderer2.example.com", "orderer", "client"));

        assertThat(rejection(tampered))
                .isEqualTo("block 1: /Channel/Orderer/BlockValidation not satisfied: orderer signature 0 (OrdererMSP)"
                        + " certificate has more than one NodeOU of OrdererMSP: [orderer, client]");
    }

    @Test
    void rejects_an_orderer_certificate_that_has_expired() {
        Instant notAfter = Instant.parse("2030-01-01T00:00:00Z");
        TestCa.Leaf expired = ORDERER_CA.issue(
                "orderer2.example.com", List.of("orderer"), Instant.now().minusSeconds(3600), notAfter);
        Block signed = Fixtures.signedBy(Fixtures.block(1), expired);
        Clock later = Clock.fixed(Instant.parse("2030-06-01T00:00:00Z"), ZoneOffset.UTC);

        assertThat(reason(new BlockVerifier(Fixtures.anchor(), later), signed))
                .isEqualTo("block 1: /Channel/Orderer/BlockValidation not satisfied: orderer signature 0 (OrdererMSP)"
                        + " certificate chain expired at 2030-01-01T00:00:00Z");
        assertThat(new BlockVerifier(Fixtures.anchor()).verify(signed).number())
                .as("before it expires")
                .isEqualTo(1);
    }

    @Test
    void rejects_an_orderer_certificate_that_is_revoked_by_the_channel_config() {
        TestCa.Leaf revoked = ORDERER_CA.issue("orderer2.example.com", "orderer");
        Block anchor = Configs.withMsp(
                Fixtures.block(0),
                "OrdererOrg",
                msp -> msp.addRevocationList(
                        ByteString.copyFrom(ORDERER_CA.crl(revoked.cert().getSerialNumber()))));
        ChannelTrust trust = ChannelTrust.fromConfigBlock(anchor);
        Block b = Fixtures.block(1);
        Block next = Fixtures.withHeader(
                b,
                b.getHeader().toBuilder()
                        .setPreviousHash(ByteString.copyFrom(trust.headerHash()))
                        .build());

        assertThat(reason(new BlockVerifier(trust), Fixtures.signedBy(next, revoked)))
                .isEqualTo("block 1: /Channel/Orderer/BlockValidation not satisfied: orderer signature 0 (OrdererMSP)"
                        + " certificate is revoked by a CRL of OrdererMSP");
        assertThat(new BlockVerifier(trust)
                        .verify(Fixtures.signedBy(next, ORDERER_CA.issue("orderer3.example.com", "orderer")))
                        .number())
                .as("another certificate of the same CA is not revoked")
                .isEqualTo(1);
    }

    @Test
    void rejects_a_block_without_orderer_signatures() {
        Block b = Fixtures.block(1);
        Block tampered = Fixtures.withSignatures(
                b, Fixtures.signatures(b).toBuilder().clearSignatures().build());

        assertThat(rejection(tampered))
                .isEqualTo("block 1: /Channel/Orderer/BlockValidation not satisfied: no orderer signatures");
    }

    @Test
    void counts_a_repeated_orderer_signature_once() {
        Block b = Fixtures.block(1);
        Metadata md = Fixtures.signatures(b);
        Block twice = Fixtures.withSignatures(
                b, md.toBuilder().addSignatures(md.getSignatures(0)).build());

        assertThat(new BlockVerifier(Fixtures.anchor()).verify(twice).number()).isEqualTo(1);
    }

    @Test
    void rejects_a_block_with_too_few_metadata_entries() {
        Block b = Fixtures.block(1);
        BlockMetadata md = BlockMetadata.newBuilder()
                .addAllMetadata(b.getMetadata().getMetadataList().subList(0, 3))
                .build();

        assertThat(rejection(b.toBuilder().setMetadata(md).build()))
                .isEqualTo("block 1: has 3 metadata entries, 5 expected");
    }

    @Test
    void rejects_a_block_that_names_another_config_block() throws Exception {
        Block b = Fixtures.block(1);
        Metadata md = Fixtures.signatures(b);
        OrdererBlockMetadata value = OrdererBlockMetadata.parseFrom(md.getValue()).toBuilder()
                .setLastConfig(LastConfig.newBuilder().setIndex(4))
                .build();
        Block tampered = Fixtures.signedBy(
                Fixtures.withSignatures(
                        b, md.toBuilder().setValue(value.toByteString()).build()),
                ORDERER_CA.issue("orderer2.example.com", "orderer"));

        assertThat(rejection(tampered)).isEqualTo("block 1: names config block 4, the config in force is block 0");
    }

    @Test
    void rejects_a_config_block_that_changes_the_channel_id_and_keeps_the_old_config() throws Exception {
        BlockVerifier v = Fixtures.verifiedUpTo(3);
        Block tampered = Fixtures.signedBy(
                Fixtures.rehashed(Configs.withChannelHeader(Fixtures.block(4), h -> h.setChannelId("other"))),
                ORDERER_CA.issue("orderer2.example.com", "orderer"));

        assertThat(reason(v, tampered)).isEqualTo("block 4: config block changes the channel id from xrelay to other");
        assertThat(v.trust().number()).isEqualTo(3);
        assertThat(v.trust().config().sequence()).isZero();
        assertThat(v.verify(Fixtures.block(4)).number()).isEqualTo(4);
    }

    @Test
    void rejects_a_config_block_whose_sequence_does_not_increase() throws Exception {
        BlockVerifier v = Fixtures.verifiedUpTo(3);
        Block tampered = Fixtures.signedBy(
                Fixtures.rehashed(Configs.withConfig(Fixtures.block(4), c -> c.setSequence(0))),
                ORDERER_CA.issue("orderer2.example.com", "orderer"));

        assertThat(reason(v, tampered)).isEqualTo("block 4: config sequence 0 does not increase (it is 0)");
    }

    @Test
    void rejects_a_config_block_whose_signature_does_not_verify_under_the_old_config() {
        BlockVerifier v = Fixtures.verifiedUpTo(3);
        Block b = Fixtures.block(4);
        Metadata md = Fixtures.signatures(b);
        Block tampered = Fixtures.withSignatures(
                b,
                md.toBuilder()
                        .setSignatures(
                                0,
                                md.getSignatures(0).toBuilder()
                                        .setSignature(Fixtures.flip(
                                                md.getSignatures(0).getSignature(), 12)))
                        .build());

        assertThat(reason(v, tampered))
                .isEqualTo("block 4: /Channel/Orderer/BlockValidation not satisfied: orderer signature 0 does not"
                        + " verify");
        assertThat(v.trust().config().sequence()).isZero();
    }

    @Test
    void a_block_after_a_rejected_one_is_checked_against_the_last_accepted_state() {
        BlockVerifier v = new BlockVerifier(Fixtures.anchor());
        Block b = Fixtures.block(1);
        Block tampered = Fixtures.withHeader(
                b,
                b.getHeader().toBuilder()
                        .setDataHash(Fixtures.flip(b.getHeader().getDataHash(), 0))
                        .build());
        assertThat(reason(v, tampered)).isEqualTo("block 1: data hash does not match the transactions");

        assertThat(v.verify(b).number()).isEqualTo(1);
    }

    @Test
    void tells_config_blocks_from_blocks_of_endorser_transactions() throws InvalidProtocolBufferException {
        Block b = Fixtures.block(1);
        Payload p = Payload.parseFrom(Envelope.parseFrom(b.getData().getData(0)).getPayload());
        assertThat(ChannelHeader.parseFrom(p.getHeader().getChannelHeader()).getType())
                .isEqualTo(3);
        assertThat(BlockVerifier.isConfigBlock(b)).isFalse();
        assertThat(BlockVerifier.isConfigBlock(Fixtures.block(4))).isTrue();
    }
}
