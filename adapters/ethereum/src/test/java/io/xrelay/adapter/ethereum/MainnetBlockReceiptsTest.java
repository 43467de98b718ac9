/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.InclusionProof;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real data: Ethereum mainnet block 21925176 (0x14e8d38, February 2025, Cancun rules), 202 transactions of types 0
 * and 2, three of them failed. The fixture holds the header and the consensus fields of the
 * {@code eth_getBlockReceipts} result as recorded in the test data of a16z/helios
 * ({@code tests/testdata/rpc/block.json} and {@code receipts.json}, commit 5dc4fde9). The header's hash is
 * recomputed here, so the receiptsRoot the receipts are checked against is the one mainnet committed to.
 */
class MainnetBlockReceiptsTest {
    static final String FIXTURE = "mainnet-block-21925176.json";

    private static JsonNode header;
    private static List<EthReceipt> receipts;

    static JsonNode fixture() {
        try (InputStream in =
                Objects.requireNonNull(MainnetBlockReceiptsTest.class.getResourceAsStream(FIXTURE), FIXTURE)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<EthReceipt> receipts(JsonNode fixture) {
        List<EthReceipt> out = new ArrayList<>();
        for (JsonNode receipt : fixture.get("receipts")) {
            out.add(EthReceipt.fromJson(receipt));
        }
        return out;
    }

    @BeforeAll
    static void load() {
        JsonNode fixture = fixture();
        header = fixture.get("header");
        receipts = receipts(fixture);
    }

    private static Bytes field(String name) {
        return Bytes.fromHex(header.get(name).asText());
    }

    private static byte[] data(String name) {
        return StrictRlp.encodeString(field(name).toByteArray());
    }

    private static byte[] quantity(String name) {
        return StrictRlp.encodeUnsigned(Long.parseLong(header.get(name).asText().substring(2), 16));
    }

    @Test
    void the_fixture_header_hashes_to_the_mainnet_block_hash() {
        // The Cancun header: the 15 original fields, baseFeePerGas (London), withdrawalsRoot (Shanghai),
        // blobGasUsed, excessBlobGas and parentBeaconBlockRoot (Cancun).
        byte[] rlp = StrictRlp.encodeList(List.of(
                data("parentHash"),
                data("sha3Uncles"),
                data("miner"),
                data("stateRoot"),
                data("transactionsRoot"),
                data("receiptsRoot"),
                data("logsBloom"),
                quantity("difficulty"),
                quantity("number"),
                quantity("gasLimit"),
                quantity("gasUsed"),
                quantity("timestamp"),
                data("extraData"),
                data("mixHash"),
                data("nonce"),
                quantity("baseFeePerGas"),
                data("withdrawalsRoot"),
                quantity("blobGasUsed"),
                quantity("excessBlobGas"),
                data("parentBeaconBlockRoot")));
        assertThat(Bytes.wrap(Keccak256.hash(rlp)))
                .isEqualTo(field("hash"))
                .isEqualTo(Bytes.fromHex("0x92dabfa3f61ff1c349d12f5fd0dd4c99760a0a41b77dee8f0a80f83efdcb307a"));
    }

    @Test
    void holds_legacy_and_eip_1559_receipts_and_failures() {
        assertThat(receipts).hasSize(202);
        assertThat(receipts).extracting(EthReceipt::type).containsOnly(0, 2).contains(0, 2);
        assertThat(receipts.stream().filter(r -> !r.succeeded())).hasSize(3);
        assertThat(receipts.stream().mapToInt(r -> r.logs().size()).sum()).isEqualTo(463);
    }

    @Test
    void recomputes_the_receipts_root_of_the_header() {
        assertThat(ReceiptProofs.receiptsRoot(receipts))
                .isEqualTo(field("receiptsRoot"))
                .isEqualTo(Bytes.fromHex("0xf883e1a2fb8df9d1d988dec80f13c8aca724590ac357e45e30e0d48b1fbd64ee"));
    }

    @Test
    void every_receipt_bloom_matches_its_logs() {
        assertThat(receipts).allMatch(EthReceipt::bloomMatchesLogs);
    }

    @Test
    void proves_every_receipt_against_the_header_root() {
        Bytes root = field("receiptsRoot");
        MerklePatriciaTrie trie = ReceiptProofs.receiptsTrie(receipts);
        for (int i = 0; i < receipts.size(); i++) {
            InclusionProof proof = ReceiptProofs.prove(trie, i);
            assertThat(ReceiptProofs.verify(root, proof, i)).isEqualTo(receipts.get(i));
        }
    }

    @Test
    void a_changed_log_a_dropped_receipt_or_a_reordering_gives_another_root() {
        Bytes root = field("receiptsRoot");
        int withLogs = 0;
        while (receipts.get(withLogs).logs().isEmpty()) {
            withLogs++;
        }
        EthReceipt original = receipts.get(withLogs);
        EthLog log = original.logs().get(0);
        byte[] data = log.data().toByteArray();
        data = data.length == 0 ? new byte[] {1} : data;
        data[0] ^= 1;
        List<EthLog> logs = new ArrayList<>(original.logs());
        logs.set(0, new EthLog(log.address(), log.topics(), Bytes.wrap(data)));
        List<EthReceipt> changed = new ArrayList<>(receipts);
        changed.set(
                withLogs,
                new EthReceipt(
                        original.type(),
                        original.statusOrRoot(),
                        original.cumulativeGasUsed(),
                        original.logsBloom(),
                        logs));
        assertThat(ReceiptProofs.receiptsRoot(changed)).isNotEqualTo(root);

        List<EthReceipt> dropped = new ArrayList<>(receipts);
        dropped.remove(100);
        assertThat(ReceiptProofs.receiptsRoot(dropped)).isNotEqualTo(root);

        List<EthReceipt> reordered = new ArrayList<>(receipts);
        Collections.swap(reordered, 10, 11);
        assertThat(ReceiptProofs.receiptsRoot(reordered)).isNotEqualTo(root);
    }
}
