/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ethereum.ProofException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MerklePatriciaTrieTest {
    private static final HexFormat HEX = HexFormat.of();

    private static Bytes ascii(String s) {
        return Bytes.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static Map<Bytes, Bytes> asciiEntries(String... keysAndValues) {
        Map<Bytes, Bytes> entries = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            entries.put(ascii(keysAndValues[i]), ascii(keysAndValues[i + 1]));
        }
        return entries;
    }

    /** Keys RLP(0) .. RLP(n-1) (as in a receipts trie) with values of one or two bytes, so nodes get embedded. */
    private static Map<Bytes, Bytes> smallValues(int count) {
        Map<Bytes, Bytes> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            entries.put(ReceiptProofs.key(i), Bytes.wrap(StrictRlp.unsignedBytes(i + 1)));
        }
        return entries;
    }

    private static ProofException rejection(Bytes root, Bytes key, List<Bytes> proof) {
        return catchThrowableOfType(ProofException.class, () -> MerklePatriciaTrie.verifyProof(root, key, proof));
    }

    private static Bytes keccak(byte[] input) {
        return Bytes.wrap(Keccak256.hash(input));
    }

    @Test
    void hashes_with_keccak_not_fips_sha3() {
        assertThat(keccak(new byte[0]).toHex())
                .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    }

    @Test
    void has_the_well_known_empty_root() {
        MerklePatriciaTrie empty = MerklePatriciaTrie.of(Map.of());
        assertThat(empty.rootHash().toHex())
                .isEqualTo("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
        assertThat(empty.rootHash()).isEqualTo(keccak(new byte[] {(byte) 0x80}));
        assertThat(empty.proof(ascii("dog"))).isEmpty();
        assertThat(rejection(empty.rootHash(), ascii("dog"), List.of()).reason())
                .isEqualTo(Reason.VALUE_ABSENT);
        assertThat(ReceiptProofs.receiptsRoot(List.of())).isEqualTo(MerklePatriciaTrie.EMPTY_ROOT);
    }

    // Vectors of ethereum/tests TrieTests/trieanyorder.json and trietest.json (also asserted by go-ethereum's
    // trie tests and other clients).
    @Test
    void matches_the_ethereum_tests_vectors() {
        assertThat(MerklePatriciaTrie.of(asciiEntries("A", "a".repeat(50)))
                        .rootHash()
                        .toHex())
                .isEqualTo("0xd23786fb4a010da3ce639d66d5e904a11dbc02746d1ce25029e53290cabf28ab");
        assertThat(MerklePatriciaTrie.of(asciiEntries("doe", "reindeer", "dog", "puppy", "dogglesworth", "cat"))
                        .rootHash()
                        .toHex())
                .isEqualTo("0x8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3");
        assertThat(MerklePatriciaTrie.of(
                                asciiEntries("do", "verb", "horse", "stallion", "doge", "coin", "dog", "puppy"))
                        .rootHash()
                        .toHex())
                .isEqualTo("0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84");
        assertThat(MerklePatriciaTrie.of(asciiEntries("foo", "bar", "food", "bass"))
                        .rootHash()
                        .toHex())
                .isEqualTo("0x17beaa1648bafa633cda809c90c04af50fc8aed3cb40d16efbddee6fdf63c4c3");
        assertThat(MerklePatriciaTrie.of(asciiEntries("be", "e", "dog", "puppy", "bed", "d"))
                        .rootHash()
                        .toHex())
                .isEqualTo("0x3f67c7a47520f79faa29255d2d3c084a7a6df0453116ed7232ff10277a8be68b");
        assertThat(MerklePatriciaTrie.of(asciiEntries("test", "test", "te", "testy"))
                        .rootHash()
                        .toHex())
                .isEqualTo("0x8452568af70d8d140f58d941338542f645fcca50094b20f3c3d8c3df49337928");
        Map<Bytes, Bytes> hexKeys = new LinkedHashMap<>();
        hexKeys.put(Bytes.fromHex("0045"), Bytes.fromHex("0123456789"));
        hexKeys.put(Bytes.fromHex("4500"), Bytes.fromHex("9876543210"));
        assertThat(MerklePatriciaTrie.of(hexKeys).rootHash().toHex())
                .isEqualTo("0x285505fcabe84badc8aa310e2aae17eddc7d120aabec8a476902c8184b3a3503");
    }

    @Test
    void proves_keys_that_are_prefixes_of_other_keys_through_branch_values() {
        Map<Bytes, Bytes> entries = asciiEntries("do", "verb", "horse", "stallion", "doge", "coin", "dog", "puppy");
        MerklePatriciaTrie trie = MerklePatriciaTrie.of(entries);
        entries.forEach((key, value) -> {
            assertThat(trie.get(key)).contains(value);
            assertThat(MerklePatriciaTrie.verifyProof(trie.rootHash(), key, trie.proof(key)))
                    .isEqualTo(value);
        });
        assertThat(trie.get(ascii("d"))).isEmpty();
        assertThat(trie.get(ascii("dogs"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16, 17, 128, 129, 1000})
    void proves_every_key_of_a_trie_of_small_values(int size) {
        Map<Bytes, Bytes> entries = smallValues(size);
        MerklePatriciaTrie trie = MerklePatriciaTrie.of(entries);
        assertThat(trie.size()).isEqualTo(size);
        entries.forEach(
                (key, value) -> assertThat(MerklePatriciaTrie.verifyProof(trie.rootHash(), key, trie.proof(key)))
                        .isEqualTo(value));
    }

    @Test
    void embeds_nodes_shorter_than_32_bytes_in_their_parent() {
        // With one- or two-byte values the leaves under a branch are a few bytes long: they travel inside it.
        // Keys 0x01..0x0f share nibble 0: a branch of 15 embedded leaves, referenced by hash from the root,
        // whose slot 8 embeds the leaf of key 0x80.
        MerklePatriciaTrie trie = MerklePatriciaTrie.of(smallValues(16));
        List<Bytes> proof = trie.proof(ReceiptProofs.key(5));
        assertThat(proof).hasSize(2);
        List<StrictRlp.Item> root = StrictRlp.decode(proof.get(0).toByteArray()).items();
        assertThat(root).hasSize(17);
        assertThat(root.get(8).isList()).isTrue();
        assertThat(root.get(0).isList()).isFalse();
        List<StrictRlp.Item> branch =
                StrictRlp.decode(proof.get(1).toByteArray()).items();
        assertThat(branch.subList(1, 16)).allMatch(StrictRlp.Item::isList);
        assertThat(trie.proof(ReceiptProofs.key(0))).hasSize(1);
    }

    @Test
    void does_not_depend_on_insertion_order() {
        List<Map.Entry<Bytes, Bytes>> shuffled =
                new ArrayList<>(smallValues(300).entrySet());
        Collections.shuffle(shuffled, new java.util.Random(3));
        Map<Bytes, Bytes> reordered = new LinkedHashMap<>();
        shuffled.forEach(e -> reordered.put(e.getKey(), e.getValue()));
        assertThat(MerklePatriciaTrie.of(reordered).rootHash())
                .isEqualTo(MerklePatriciaTrie.of(smallValues(300)).rootHash());
    }

    @Test
    void refuses_an_empty_value() {
        assertThatThrownBy(() -> MerklePatriciaTrie.of(Map.of(ascii("a"), Bytes.EMPTY)))
                .hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 16, 17, 128, 129})
    void rejects_every_single_byte_change_of_any_proof_node_as_a_hash_mismatch_of_that_node(int size) {
        Map<Bytes, Bytes> entries = smallValues(size);
        MerklePatriciaTrie trie = MerklePatriciaTrie.of(entries);
        List<String> wrong = new ArrayList<>();
        int changes = 0;
        for (Bytes key : entries.keySet()) {
            List<Bytes> proof = trie.proof(key);
            for (int node = 0; node < proof.size(); node++) {
                byte[] original = proof.get(node).toByteArray();
                String expected = "node " + node + " hash mismatch";
                for (int at = 0; at < original.length; at++) {
                    byte[] changed = original.clone();
                    changed[at] ^= (byte) (1 << (at % 8));
                    List<Bytes> tampered = new ArrayList<>(proof);
                    tampered.set(node, Bytes.wrap(changed));
                    changes++;
                    try {
                        MerklePatriciaTrie.verifyProof(trie.rootHash(), key, tampered);
                        wrong.add("key %s node %d byte %d: accepted".formatted(key, node, at));
                    } catch (ProofException e) {
                        if (e.reason() != Reason.HASH_MISMATCH
                                || !String.valueOf(e.getMessage()).startsWith(expected)) {
                            wrong.add("key %s node %d byte %d: %s".formatted(key, node, at, e.getMessage()));
                        }
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(changes).isGreaterThanOrEqualTo(size * 5);
    }

    @Test
    void rejects_a_wrong_root_at_node_0() {
        MerklePatriciaTrie trie = MerklePatriciaTrie.of(smallValues(40));
        Bytes otherRoot = MerklePatriciaTrie.of(smallValues(41)).rootHash();
        Bytes key = ReceiptProofs.key(7);
        ProofException e = rejection(otherRoot, key, trie.proof(key));
        assertThat(e.reason()).isEqualTo(Reason.HASH_MISMATCH);
        assertThat(e.getMessage()).startsWith("node 0 hash mismatch: the root is " + otherRoot);
    }

    @Test
    void rejects_a_truncated_proof_as_a_missing_node() {
        MerklePatriciaTrie trie =
                MerklePatriciaTrie.of(asciiEntries("doe", "reindeer", "dog", "puppy", "dogglesworth", "cat"));
        List<Bytes> proof = trie.proof(ascii("dogglesworth"));
        assertThat(proof).hasSizeGreaterThan(1);
        ProofException e = rejection(trie.rootHash(), ascii("dogglesworth"), proof.subList(0, proof.size() - 1));
        assertThat(e.reason()).isEqualTo(Reason.MISSING_NODE);
        assertThat(e.getMessage()).startsWith("missing node " + (proof.size() - 1));

        ProofException none = rejection(trie.rootHash(), ascii("dog"), List.of());
        assertThat(none.reason()).isEqualTo(Reason.MISSING_NODE);
        assertThat(none.getMessage()).startsWith("missing node 0");
    }

    @Test
    void rejects_extra_nodes_after_the_value() {
        MerklePatriciaTrie trie = MerklePatriciaTrie.of(smallValues(20));
        Bytes key = ReceiptProofs.key(3);
        List<Bytes> proof = new ArrayList<>(trie.proof(key));
        proof.add(proof.get(proof.size() - 1));
        ProofException e = rejection(trie.rootHash(), key, proof);
        assertThat(e.reason()).isEqualTo(Reason.EXTRA_NODES);
        assertThat(e.getMessage()).contains("the proof has " + proof.size() + " nodes (1 extra)");
    }

    @Test
    void rejects_swapped_nodes_at_the_first_swapped_position() {
        MerklePatriciaTrie trie =
                MerklePatriciaTrie.of(asciiEntries("doe", "reindeer", "dog", "puppy", "dogglesworth", "cat"));
        Bytes key = ascii("dogglesworth");
        List<Bytes> proof = new ArrayList<>(trie.proof(key));
        Collections.swap(proof, 0, 1);
        ProofException e = rejection(trie.rootHash(), key, proof);
        assertThat(e.reason()).isEqualTo(Reason.HASH_MISMATCH);
        assertThat(e.getMessage()).startsWith("node 0 hash mismatch");
    }

    @Test
    void never_yields_another_keys_value() {
        // Keys whose leaves are embedded in the same hashed node share a proof: it proves each of them, with
        // each one's own value, and nothing else.
        Map<Bytes, Bytes> entries = smallValues(200);
        MerklePatriciaTrie trie = MerklePatriciaTrie.of(entries);
        List<Bytes> keys = new ArrayList<>(entries.keySet());
        int shared = 0;
        for (Bytes provenKey : keys) {
            List<Bytes> proof = trie.proof(provenKey);
            for (Bytes key : keys) {
                try {
                    assertThat(MerklePatriciaTrie.verifyProof(trie.rootHash(), key, proof))
                            .isEqualTo(entries.get(key));
                    shared++;
                } catch (ProofException e) {
                    assertThat(e.reason())
                            .isIn(Reason.HASH_MISMATCH, Reason.PATH_DIVERGES, Reason.MISSING_NODE, Reason.EXTRA_NODES);
                }
            }
        }
        assertThat(shared).isGreaterThan(keys.size());
    }

    @Test
    void rejects_a_proof_used_for_another_key() {
        // Values of 40 bytes: every leaf is referenced by hash, so no two keys share a proof.
        Map<Bytes, Bytes> entries = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            byte[] value = new byte[40];
            value[0] = (byte) i;
            entries.put(ReceiptProofs.key(i), Bytes.wrap(value));
        }
        MerklePatriciaTrie trie = MerklePatriciaTrie.of(entries);
        List<Bytes> keys = new ArrayList<>(entries.keySet());
        for (int i = 0; i < keys.size(); i += 7) {
            List<Bytes> proof = trie.proof(keys.get(i));
            for (int j = 0; j < keys.size(); j += 11) {
                if (i == j) {
                    continue;
                }
                ProofException e = rejection(trie.rootHash(), keys.get(j), proof);
                assertThat(e)
                        .as("proof of %s used for %s", keys.get(i), keys.get(j))
                        .isNotNull();
                assertThat(e.reason())
                        .isIn(EnumSet.of(Reason.HASH_MISMATCH, Reason.PATH_DIVERGES, Reason.MISSING_NODE));
            }
        }
    }

    @Test
    void tells_where_a_wrong_key_diverges_from_a_leaf() {
        // One entry: the root is a leaf with path 8,0 (key 0x80).
        MerklePatriciaTrie trie = MerklePatriciaTrie.of(Map.of(Bytes.fromHex("80"), ascii("x")));
        List<Bytes> proof = trie.proof(Bytes.fromHex("80"));
        ProofException first = rejection(trie.rootHash(), Bytes.fromHex("01"), proof);
        assertThat(first.reason()).isEqualTo(Reason.PATH_DIVERGES);
        assertThat(first.getMessage())
                .startsWith("path diverges at nibble 0: key 0x01 has nibble 0 there, the leaf in node 0 has 8");
        ProofException second = rejection(trie.rootHash(), Bytes.fromHex("8180"), proof);
        assertThat(second.getMessage()).startsWith("path diverges at nibble 1");
        ProofException shorter = rejection(trie.rootHash(), Bytes.fromHex(""), proof);
        assertThat(shorter.getMessage()).startsWith("path diverges at nibble 0: key 0x ends there");
        ProofException longer = rejection(trie.rootHash(), Bytes.fromHex("8000"), proof);
        assertThat(longer.getMessage()).startsWith("path diverges at nibble 2: the leaf in node 0 ends there");
    }

    @Test
    void proves_absence_and_says_the_value_is_absent() {
        Map<Bytes, Bytes> entries = smallValues(2); // keys 0x80 (nibbles 8,0) and 0x01 (nibbles 0,1)
        MerklePatriciaTrie trie = MerklePatriciaTrie.of(entries);
        Bytes absent = Bytes.fromHex("20"); // nibble 2: an empty slot of the root branch
        ProofException e = rejection(trie.rootHash(), absent, trie.proof(absent));
        assertThat(e.reason()).isEqualTo(Reason.VALUE_ABSENT);
        assertThat(e.getMessage()).contains("reaches the empty slot 2 of the branch in node 0");
        for (int i = 2; i < 300; i++) {
            Bytes key = ReceiptProofs.key(i);
            ProofException absence = rejection(trie.rootHash(), key, trie.proof(key));
            assertThat(absence.reason()).isIn(Reason.VALUE_ABSENT, Reason.PATH_DIVERGES);
        }
        MerklePatriciaTrie prefixes =
                MerklePatriciaTrie.of(asciiEntries("dog", "puppy", "doge", "coin", "dogs", "pack"));
        // "dog" is present: its value sits in the value slot of the branch above "doge" and "dogs".
        assertThat(MerklePatriciaTrie.verifyProof(prefixes.rootHash(), ascii("dog"), prefixes.proof(ascii("dog"))))
                .isEqualTo(ascii("puppy"));
        ProofException noValue = rejection(prefixes.rootHash(), ascii("do"), prefixes.proof(ascii("do")));
        assertThat(noValue.reason()).isIn(Reason.VALUE_ABSENT, Reason.PATH_DIVERGES);
    }

    // Hand-built nodes: each root is the hash of the node, so only the node's structure is at fault.

    private static Bytes node(String hexRlp) {
        return Bytes.fromHex(hexRlp);
    }

    private static ProofException rejectionOfRoot(Bytes key, Bytes rootNode, Bytes... more) {
        List<Bytes> proof = new ArrayList<>();
        proof.add(rootNode);
        proof.addAll(List.of(more));
        return rejection(keccak(rootNode.toByteArray()), key, proof);
    }

    private static byte[] list(byte[]... items) {
        return StrictRlp.encodeList(List.of(items));
    }

    private static byte[] string(byte[] bytes) {
        return StrictRlp.encodeString(bytes);
    }

    private static byte[] branchWith(int slot, byte[] reference) {
        byte[][] items = new byte[17][];
        for (int i = 0; i < 17; i++) {
            items[i] = i == slot ? reference : new byte[] {(byte) 0x80};
        }
        return list(items);
    }

    @Test
    void rejects_malformed_nodes_with_the_reason() {
        Bytes key = Bytes.fromHex("12");
        assertThat(rejectionOfRoot(key, node("8100")).getMessage())
                .startsWith("node 0 is malformed: malformed RLP at offset 0");
        assertThat(rejectionOfRoot(key, node("c3808080")).getMessage())
                .isEqualTo(
                        "node 0 is malformed: a trie node is a list of 2 (leaf, extension) or 17 (branch) items, got 3");
        assertThat(rejectionOfRoot(key, node("83646f67")).getMessage())
                .isEqualTo("node 0 is malformed: a trie node is a list, got a byte string");
        assertThat(rejectionOfRoot(key, Bytes.wrap(list(string(HEX.parseHex("4112")), string(new byte[] {1}))))
                        .getMessage())
                .contains("hex-prefix flag nibble is 4");
        assertThat(rejectionOfRoot(key, Bytes.wrap(list(string(HEX.parseHex("2112")), string(new byte[] {1}))))
                        .getMessage())
                .contains("non-zero padding nibble");
        assertThat(rejectionOfRoot(Bytes.EMPTY, Bytes.wrap(list(string(HEX.parseHex("20")), string(new byte[0]))))
                        .getMessage())
                .contains("its leaf holds an empty value");
        byte[] someHash = Keccak256.hash(new byte[] {1});
        assertThat(rejectionOfRoot(key, Bytes.wrap(list(string(HEX.parseHex("00")), string(someHash))))
                        .getMessage())
                .contains("its extension has an empty path");
        assertThat(rejectionOfRoot(key, Bytes.wrap(list(string(HEX.parseHex("11")), string(new byte[0]))))
                        .getMessage())
                .contains("its extension has an empty child");
        assertThat(rejectionOfRoot(key, Bytes.wrap(branchWith(1, string(new byte[5]))))
                        .getMessage())
                .contains("got a 5-byte string");
        byte[] bigEmbedded = list(string(HEX.parseHex("32")), string(new byte[40]));
        assertThat(rejectionOfRoot(key, Bytes.wrap(branchWith(1, bigEmbedded))).getMessage())
                .contains("embeds a " + bigEmbedded.length + "-byte child");
        byte[] smallLeaf = list(string(HEX.parseHex("32")), string(new byte[] {7}));
        ProofException shortByHash = rejectionOfRoot(
                key, Bytes.wrap(branchWith(1, string(Keccak256.hash(smallLeaf)))), Bytes.wrap(smallLeaf));
        assertThat(shortByHash.reason()).isEqualTo(Reason.MALFORMED_NODE);
        assertThat(shortByHash.getMessage())
                .startsWith("node 1 is malformed: it is " + smallLeaf.length + " bytes long");
    }

    @Test
    void reads_a_value_from_an_embedded_leaf() {
        byte[] smallLeaf = list(string(HEX.parseHex("32")), string(new byte[] {7}));
        Bytes root = Bytes.wrap(branchWith(1, smallLeaf));
        assertThat(MerklePatriciaTrie.verifyProof(keccak(root.toByteArray()), Bytes.fromHex("12"), List.of(root)))
                .isEqualTo(Bytes.wrap(new byte[] {7}));
    }

    @Test
    void refuses_a_root_that_is_not_32_bytes() {
        assertThatThrownBy(() -> MerklePatriciaTrie.verifyProof(Bytes.fromHex("00"), Bytes.EMPTY, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }
}
