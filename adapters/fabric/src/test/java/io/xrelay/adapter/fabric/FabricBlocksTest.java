/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.InclusionProof;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

/** Block hashes, validation codes, transaction summaries and the fabric-block-v1 proof. */
class FabricBlocksTest {
    private static final List<ByteString> ENVELOPES = List.of(
            AdapterFixtures.endorserTransaction("xrelay", "tx0", "htlc", ""),
            AdapterFixtures.endorserTransaction("xrelay", "tx1", "other", "MVCC says no"),
            AdapterFixtures.envelope(HeaderType.CONFIG_UPDATE, "xrelay", "tx2", ByteString.EMPTY));
    private static final Block BLOCK = AdapterFixtures.block(
            7, new byte[32], ENVELOPES, new byte[] {0, (byte) TxValidationCode.MVCC_READ_CONFLICT_VALUE, (byte) 255});

    @Test
    void the_header_is_hashed_as_der_sequence_of_number_previous_and_data_hash() {
        byte[] der = FabricBlocks.headerBytes(BLOCK.getHeader());
        String expected = "3047" + "020107" + "0420" + "00".repeat(32) + "0420"
                + HexFormat.of().formatHex(BLOCK.getHeader().getDataHash().toByteArray());

        assertThat(HexFormat.of().formatHex(der)).isEqualTo(expected);
        assertThat(FabricBlocks.headerHash(BLOCK.getHeader())).isEqualTo(FabricBlocks.sha256(der));
    }

    @Test
    void validation_codes_are_read_from_the_transactions_filter() {
        assertThat(FabricBlocks.validationCode(BLOCK, 0)).isEqualTo(TxValidationCode.VALID_VALUE);
        assertThat(FabricBlocks.validationCode(BLOCK, 1)).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT_VALUE);
        assertThat(FabricBlocks.validationCode(BLOCK, 2)).isEqualTo(255);
        assertThat(FabricBlocks.validationCode(BLOCK, 3)).isEqualTo(TxValidationCode.NOT_VALIDATED_VALUE);
        assertThat(FabricBlocks.codeName(TxValidationCode.MVCC_READ_CONFLICT_VALUE))
                .isEqualTo("MVCC_READ_CONFLICT");
        assertThat(FabricBlocks.codeName(255)).isEqualTo("INVALID_OTHER_REASON");
        assertThat(FabricBlocks.codeName(77)).isEqualTo("code 77");
        Block noFilter = BLOCK.toBuilder().clearMetadata().build();
        assertThat(FabricBlocks.validationCode(noFilter, 0)).isEqualTo(TxValidationCode.NOT_VALIDATED_VALUE);
    }

    @Test
    void transactions_are_summarised_with_their_chaincode_and_response_message() {
        List<FabricBlocks.TxSummary> txs = FabricBlocks.transactions(BLOCK);

        assertThat(txs).extracting(FabricBlocks.TxSummary::txId).containsExactly("tx0", "tx1", "tx2");
        assertThat(txs.get(0).isEndorserTransaction()).isTrue();
        assertThat(txs.get(0).chaincode()).contains("htlc");
        assertThat(txs.get(0).responseMessage()).isEmpty();
        assertThat(txs.get(1).chaincode()).contains("other");
        assertThat(txs.get(1).responseMessage()).contains("MVCC says no");
        assertThat(txs.get(2).isEndorserTransaction()).isFalse();
        assertThat(txs.get(2).chaincode()).isEmpty();
        assertThat(txs.get(0).timestamp().getEpochSecond()).isEqualTo(1_767_225_600L);
    }

    @Test
    void a_malformed_envelope_is_summarised_as_no_transaction() {
        Block b =
                AdapterFixtures.block(1, new byte[32], List.of(ByteString.copyFromUtf8("\u00ff junk")), new byte[] {0});

        FabricBlocks.TxSummary s = FabricBlocks.transactions(b).get(0);

        assertThat(s.isEndorserTransaction()).isFalse();
        assertThat(s.txId()).isEmpty();
    }

    @Test
    void a_proof_proves_each_envelope_against_the_header_hash() {
        Bytes headerHash = Bytes.wrap(FabricBlocks.headerHash(BLOCK.getHeader()));
        for (int i = 0; i < ENVELOPES.size(); i++) {
            InclusionProof proof = FabricBlocks.prove(BLOCK, i);

            assertThat(proof.scheme()).isEqualTo("fabric-block-v1");
            assertThat(proof.key()).isEqualTo(Bytes.wrap(new byte[] {0, 0, 0, (byte) i}));
            assertThat(proof.nodes()).hasSize(ENVELOPES.size() + 1);
            assertThat(proof.nodes().get(0).toByteArray()).isEqualTo(FabricBlocks.headerBytes(BLOCK.getHeader()));
            assertThat(FabricBlocks.verifyProof(proof, headerHash))
                    .isEqualTo(ENVELOPES.get(i).toByteArray());
        }
        assertThatThrownBy(() -> FabricBlocks.prove(BLOCK, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_proof_with_an_altered_envelope_header_key_or_scheme_fails() {
        Bytes headerHash = Bytes.wrap(FabricBlocks.headerHash(BLOCK.getHeader()));
        InclusionProof good = FabricBlocks.prove(BLOCK, 1);

        List<Bytes> alteredEnvelope = new ArrayList<>(good.nodes());
        byte[] e = alteredEnvelope.get(2).toByteArray();
        e[e.length - 1] ^= 1;
        alteredEnvelope.set(2, Bytes.wrap(e));
        assertThatThrownBy(() -> FabricBlocks.verifyProof(
                        new InclusionProof(good.scheme(), good.key(), alteredEnvelope), headerHash))
                .hasMessageContaining("do not hash to the header's data hash");

        assertThatThrownBy(() -> FabricBlocks.verifyProof(good, Bytes.wrap(new byte[32])))
                .hasMessageContaining("does not hash to");
        assertThatThrownBy(() -> FabricBlocks.verifyProof(
                        new InclusionProof(good.scheme(), Bytes.wrap(new byte[] {0, 0, 0, 3}), good.nodes()),
                        headerHash))
                .hasMessageContaining("has 3 envelopes");
        assertThatThrownBy(() -> FabricBlocks.verifyProof(
                        new InclusionProof("eth-receipt", good.key(), good.nodes()), headerHash))
                .hasMessageContaining("scheme");
        assertThatThrownBy(() -> FabricBlocks.verifyProof(
                        new InclusionProof(good.scheme(), Bytes.wrap(new byte[] {1}), good.nodes()), headerHash))
                .hasMessageContaining("4 bytes");
    }

    @Test
    void the_devnet_blocks_chain_by_header_hash_and_prove_every_transaction() {
        byte[] previous = null;
        for (long n = 0; n <= Fixtures.LAST; n++) {
            Block b = Fixtures.block(n);
            byte[] hash = FabricBlocks.headerHash(b.getHeader());
            if (previous != null) {
                assertThat(b.getHeader().getPreviousHash().toByteArray())
                        .as("block %d", n)
                        .isEqualTo(previous);
            }
            assertThat(FabricBlocks.dataHash(b.getData().getDataList()))
                    .isEqualTo(b.getHeader().getDataHash().toByteArray());
            for (int i = 0; i < b.getData().getDataCount(); i++) {
                assertThat(FabricBlocks.verifyProof(FabricBlocks.prove(b, i), Bytes.wrap(hash)))
                        .isEqualTo(b.getData().getData(i).toByteArray());
            }
            previous = hash;
        }
    }

    @Test
    void the_devnet_lifecycle_transactions_are_summarised_as_endorser_transactions_of_lifecycle() {
        FabricBlocks.TxSummary approve =
                FabricBlocks.transactions(Fixtures.block(1)).get(0);
        FabricBlocks.TxSummary config =
                FabricBlocks.transactions(Fixtures.block(0)).get(0);

        assertThat(approve.isEndorserTransaction()).isTrue();
        assertThat(approve.chaincode()).contains("_lifecycle");
        assertThat(approve.txId()).matches("[0-9a-f]{64}");
        assertThat(FabricBlocks.validationCode(Fixtures.block(1), 0)).isEqualTo(TxValidationCode.VALID_VALUE);
        assertThat(config.isEndorserTransaction()).isFalse();
        assertThat(config.type()).isEqualTo(HeaderType.CONFIG_VALUE);
    }
}
