/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ethereum.ProofException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An immutable Ethereum Merkle-Patricia trie (Yellow Paper, appendix D), built at once from its key/value pairs:
 * its root hash and inclusion proofs, and the verification of such a proof against a root alone.
 *
 * <p>Nodes are leaves {@code [hexPrefix(path, leaf), value]}, extensions {@code [hexPrefix(path), child]} and
 * branches {@code [child0 ... child15, value]}. A child whose RLP is shorter than 32 bytes is embedded in its
 * parent; any other is referenced by the keccak-256 of its RLP. The root is always referenced by hash, and the
 * empty trie's root is {@link #EMPTY_ROOT}, the hash of the empty string's RLP.
 *
 * <p>A proof for a key is the list of the RLP encodings of the nodes referenced by hash along the key's path,
 * root first (embedded nodes travel inside their parent), the form that {@code eth_getProof} and the receipts
 * proofs of other clients use.
 */
final class MerklePatriciaTrie {
    /** The root hash of the empty trie: Keccak256.hash(RLP("")). */
    static final Bytes EMPTY_ROOT = Bytes.fromHex("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

    static final int HASH_LENGTH = 32;
    private static final byte[] EMPTY_STRING_RLP = {(byte) 0x80};
    private static final HexFormat HEX = HexFormat.of();

    private final @Nullable Node root;
    private final Bytes rootHash;
    private final int size;

    private MerklePatriciaTrie(@Nullable Node root, int size) {
        this.root = root;
        this.size = size;
        this.rootHash = root == null ? EMPTY_ROOT : Bytes.wrap(Keccak256.hash(root.encoding));
    }

    /**
     * The trie holding exactly {@code entries}.
     *
     * @throws IllegalArgumentException if a value is empty (an empty value means "absent" in this trie)
     */
    static MerklePatriciaTrie of(Map<Bytes, Bytes> entries) {
        List<Entry> sorted = new ArrayList<>(entries.size());
        entries.forEach((key, value) -> {
            if (value.length() == 0) {
                throw new IllegalArgumentException(
                        "the value of key " + key + " is empty: a trie holds no empty value");
            }
            sorted.add(new Entry(key, nibbles(key.toByteArray()), value.toByteArray()));
        });
        // Byte order is nibble order, and a key sorts before every key it is a prefix of.
        sorted.sort((a, b) -> a.key.compareTo(b.key));
        return new MerklePatriciaTrie(sorted.isEmpty() ? null : build(sorted, 0, sorted.size(), 0), sorted.size());
    }

    /** The keccak-256 of the root node's RLP, or {@link #EMPTY_ROOT}. */
    Bytes rootHash() {
        return rootHash;
    }

    /** The number of keys. */
    int size() {
        return size;
    }

    /** The value stored under {@code key}, if any. */
    Optional<Bytes> get(Bytes key) {
        byte[] path = nibbles(key.toByteArray());
        int pos = 0;
        @Nullable Node node = root;
        while (node != null) {
            switch (node) {
                case Leaf leaf -> {
                    return Arrays.equals(path, pos, path.length, leaf.path, 0, leaf.path.length)
                            ? Optional.of(Bytes.of(leaf.value))
                            : Optional.empty();
                }
                case Extension extension -> {
                    if (!startsWith(path, pos, extension.path)) {
                        return Optional.empty();
                    }
                    pos += extension.path.length;
                    node = extension.child;
                }
                case Branch branch -> {
                    if (pos == path.length) {
                        return branch.value == null ? Optional.empty() : Optional.of(Bytes.of(branch.value));
                    }
                    node = branch.children[path[pos++]];
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The RLP of every node referenced by hash on {@code key}'s path, root first. For a key that is absent the
     * nodes lead as far as the path goes (a proof of absence); for the empty trie the list is empty.
     */
    List<Bytes> proof(Bytes key) {
        if (root == null) {
            return List.of();
        }
        byte[] path = nibbles(key.toByteArray());
        List<Bytes> out = new ArrayList<>();
        out.add(Bytes.wrap(root.encoding));
        int pos = 0;
        Node node = root;
        while (true) {
            Node next;
            switch (node) {
                case Leaf leaf -> {
                    return List.copyOf(out);
                }
                case Extension extension -> {
                    if (!startsWith(path, pos, extension.path)) {
                        return List.copyOf(out);
                    }
                    pos += extension.path.length;
                    next = extension.child;
                }
                case Branch branch -> {
                    @Nullable Node child = pos == path.length ? null : branch.children[path[pos]];
                    if (child == null) {
                        return List.copyOf(out);
                    }
                    pos++;
                    next = child;
                }
            }
            if (next.encoding.length >= HASH_LENGTH) {
                out.add(Bytes.wrap(next.encoding));
            }
            node = next;
        }
    }

    /**
     * Checks that {@code proof} proves {@code key} in the trie whose root hash is {@code rootHash}, and returns
     * the value stored under the key.
     *
     * @param rootHash the 32-byte root hash, from a trusted source (a verified header)
     * @param key the key (for a receipts trie the RLP of the transaction index)
     * @param proof the RLP of the nodes along the key's path, root first, as {@link #proof(Bytes)} gives
     * @return the value stored under {@code key}
     * @throws ProofException saying what failed: a node's hash mismatch, the path diverging at a nibble, a
     *     missing node, the value being absent, extra nodes after the value, or a malformed node
     */
    static Bytes verifyProof(Bytes rootHash, Bytes key, List<Bytes> proof) {
        if (rootHash.length() != HASH_LENGTH) {
            throw new IllegalArgumentException(
                    "a root hash is " + HASH_LENGTH + " bytes, got " + rootHash.length() + ": " + rootHash);
        }
        if (rootHash.equals(EMPTY_ROOT)) {
            throw new ProofException(
                    Reason.VALUE_ABSENT,
                    "value absent: the root " + EMPTY_ROOT + " is the empty trie's, which holds no key " + key);
        }
        byte[] path = nibbles(key.toByteArray());
        int pos = 0;
        byte[] expected = rootHash.toByteArray();
        for (int index = 0; ; index++) {
            if (index >= proof.size()) {
                throw new ProofException(
                        Reason.MISSING_NODE,
                        "missing node %d: the proof has %d node(s), but the path of key %s continues at nibble %d into the node with hash %s"
                                .formatted(index, proof.size(), key, pos, hex(expected)));
            }
            byte[] encoded = proof.get(index).toByteArray();
            byte[] actual = Keccak256.hash(encoded);
            if (!Arrays.equals(actual, expected)) {
                throw new ProofException(
                        Reason.HASH_MISMATCH,
                        "node %d hash mismatch: %s %s, but the node hashes to %s"
                                .formatted(
                                        index,
                                        index == 0 ? "the root is" : "node " + (index - 1) + " references",
                                        hex(expected),
                                        hex(actual)));
            }
            if (index > 0 && encoded.length < HASH_LENGTH) {
                throw malformed(
                        index,
                        "it is " + encoded.length + " bytes long, and a node shorter than " + HASH_LENGTH
                                + " bytes is embedded in its parent, never referenced by hash");
            }
            StrictRlp.Item node;
            try {
                node = StrictRlp.decode(encoded);
            } catch (IllegalArgumentException e) {
                throw malformed(index, e);
            }
            while (true) {
                List<StrictRlp.Item> parts = nodeParts(node, index);
                StrictRlp.Item reference;
                if (parts.size() == 17) {
                    if (pos == path.length) {
                        byte[] value = string(parts.get(16), index, "the branch's value slot");
                        if (value.length == 0) {
                            throw new ProofException(
                                    Reason.VALUE_ABSENT,
                                    "value absent: key %s ends at a branch in node %d whose value slot is empty"
                                            .formatted(key, index));
                        }
                        return found(value, index, proof.size());
                    }
                    int nibble = path[pos];
                    reference = parts.get(nibble);
                    if (!reference.isList() && reference.payloadLength() == 0) {
                        throw new ProofException(
                                Reason.VALUE_ABSENT,
                                "value absent: at nibble %d the path of key %s reaches the empty slot %x of the branch in node %d"
                                        .formatted(pos, key, nibble, index));
                    }
                    pos++;
                } else {
                    byte[] compact = string(parts.get(0), index, "the hex-prefix path");
                    boolean leaf = isLeafPath(compact, index);
                    byte[] nodePath = hexPrefixPath(compact, index);
                    int matched = 0;
                    while (matched < nodePath.length
                            && pos + matched < path.length
                            && nodePath[matched] == path[pos + matched]) {
                        matched++;
                    }
                    String kind = leaf ? "leaf" : "extension";
                    if (matched < nodePath.length) {
                        throw new ProofException(
                                Reason.PATH_DIVERGES,
                                pos + matched == path.length
                                        ? "path diverges at nibble %d: key %s ends there, the %s in node %d continues with nibble %x"
                                                .formatted(pos + matched, key, kind, index, nodePath[matched])
                                        : "path diverges at nibble %d: key %s has nibble %x there, the %s in node %d has %x"
                                                .formatted(
                                                        pos + matched,
                                                        key,
                                                        path[pos + matched],
                                                        kind,
                                                        index,
                                                        nodePath[matched]));
                    }
                    pos += nodePath.length;
                    if (leaf) {
                        if (pos != path.length) {
                            throw new ProofException(
                                    Reason.PATH_DIVERGES,
                                    "path diverges at nibble %d: the leaf in node %d ends there, key %s continues with nibble %x"
                                            .formatted(pos, index, key, path[pos]));
                        }
                        byte[] value = string(parts.get(1), index, "the leaf's value");
                        if (value.length == 0) {
                            throw malformed(index, "its leaf holds an empty value");
                        }
                        return found(value, index, proof.size());
                    }
                    if (nodePath.length == 0) {
                        throw malformed(index, "its extension has an empty path");
                    }
                    reference = parts.get(1);
                    if (!reference.isList() && reference.payloadLength() == 0) {
                        throw malformed(index, "its extension has an empty child");
                    }
                }
                if (reference.isList()) {
                    if (reference.encodedLength() >= HASH_LENGTH) {
                        throw malformed(
                                index,
                                "it embeds a " + reference.encodedLength() + "-byte child; a child of " + HASH_LENGTH
                                        + " bytes or more is referenced by its hash");
                    }
                    node = reference;
                    continue;
                }
                if (reference.payloadLength() != HASH_LENGTH) {
                    throw malformed(
                            index,
                            "a child reference is a " + HASH_LENGTH + "-byte hash or an embedded node, got a "
                                    + reference.payloadLength() + "-byte string");
                }
                expected = reference.bytes();
                break;
            }
        }
    }

    private static Bytes found(byte[] value, int index, int proofSize) {
        if (index != proofSize - 1) {
            throw new ProofException(
                    Reason.EXTRA_NODES,
                    "extra nodes: the value is found in node %d, but the proof has %d nodes (%d extra)"
                            .formatted(index, proofSize, proofSize - 1 - index));
        }
        return Bytes.wrap(value);
    }

    private static List<StrictRlp.Item> nodeParts(StrictRlp.Item node, int index) {
        if (!node.isList()) {
            throw malformed(index, "a trie node is a list, got a byte string");
        }
        List<StrictRlp.Item> parts;
        try {
            parts = node.items();
        } catch (IllegalArgumentException e) {
            throw malformed(index, e);
        }
        if (parts.size() != 2 && parts.size() != 17) {
            throw malformed(
                    index, "a trie node is a list of 2 (leaf, extension) or 17 (branch) items, got " + parts.size());
        }
        return parts;
    }

    private static byte[] string(StrictRlp.Item item, int index, String what) {
        if (item.isList()) {
            throw malformed(index, what + " must be a byte string, got a list");
        }
        return item.bytes();
    }

    private static boolean isLeafPath(byte[] compact, int index) {
        if (compact.length == 0) {
            throw malformed(index, "its hex-prefix path is empty");
        }
        int flag = (compact[0] & 0xff) >>> 4;
        if (flag > 3) {
            throw malformed(index, "its hex-prefix flag nibble is %x, expected 0 to 3".formatted(flag));
        }
        return (flag & 2) != 0;
    }

    private static byte[] hexPrefixPath(byte[] compact, int index) {
        boolean odd = (compact[0] & 0x10) != 0;
        if (!odd && (compact[0] & 0x0f) != 0) {
            throw malformed(index, "its even-length hex-prefix path has a non-zero padding nibble");
        }
        int length = (compact.length - 1) * 2 + (odd ? 1 : 0);
        byte[] out = new byte[length];
        int at = 0;
        if (odd) {
            out[at++] = (byte) (compact[0] & 0x0f);
        }
        for (int i = 1; i < compact.length; i++) {
            out[at++] = (byte) ((compact[i] & 0xff) >>> 4);
            out[at++] = (byte) (compact[i] & 0x0f);
        }
        return out;
    }

    private static ProofException malformed(int index, String reason) {
        return new ProofException(Reason.MALFORMED_NODE, "node " + index + " is malformed: " + reason);
    }

    private static ProofException malformed(int index, IllegalArgumentException cause) {
        return new ProofException(
                Reason.MALFORMED_NODE, "node " + index + " is malformed: " + cause.getMessage(), cause);
    }

    static byte[] hexPrefix(byte[] nibbles, boolean leaf) {
        boolean odd = nibbles.length % 2 == 1;
        byte[] out = new byte[nibbles.length / 2 + 1];
        int flag = (leaf ? 2 : 0) + (odd ? 1 : 0);
        out[0] = (byte) (flag << 4 | (odd ? nibbles[0] : 0));
        int at = odd ? 1 : 0;
        for (int i = 1; i < out.length; i++) {
            out[i] = (byte) (nibbles[at] << 4 | nibbles[at + 1]);
            at += 2;
        }
        return out;
    }

    static byte[] nibbles(byte[] key) {
        byte[] out = new byte[key.length * 2];
        for (int i = 0; i < key.length; i++) {
            out[2 * i] = (byte) ((key[i] & 0xff) >>> 4);
            out[2 * i + 1] = (byte) (key[i] & 0x0f);
        }
        return out;
    }

    private static boolean startsWith(byte[] path, int pos, byte[] prefix) {
        return path.length - pos >= prefix.length
                && Arrays.equals(path, pos, pos + prefix.length, prefix, 0, prefix.length);
    }

    private static String hex(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    private static Node build(List<Entry> entries, int from, int to, int depth) {
        Entry first = entries.get(from);
        if (to - from == 1) {
            return new Leaf(Arrays.copyOfRange(first.path, depth, first.path.length), first.value);
        }
        byte[] last = entries.get(to - 1).path;
        int common = 0;
        while (depth + common < first.path.length && first.path[depth + common] == last[depth + common]) {
            common++;
        }
        if (common > 0) {
            return new Extension(
                    Arrays.copyOfRange(first.path, depth, depth + common),
                    buildBranch(entries, from, to, depth + common));
        }
        return buildBranch(entries, from, to, depth);
    }

    private static Branch buildBranch(List<Entry> entries, int from, int to, int depth) {
        @Nullable Node[] children = new Node[16];
        byte @Nullable [] value = null;
        int i = from;
        if (entries.get(i).path.length == depth) {
            value = entries.get(i).value;
            i++;
        }
        while (i < to) {
            int nibble = entries.get(i).path[depth];
            int j = i + 1;
            while (j < to && entries.get(j).path[depth] == nibble) {
                j++;
            }
            children[nibble] = build(entries, i, j, depth + 1);
            i = j;
        }
        return new Branch(children, value);
    }

    private static final class Entry {
        final Bytes key;
        final byte[] path;
        final byte[] value;

        Entry(Bytes key, byte[] path, byte[] value) {
            this.key = key;
            this.path = path;
            this.value = value;
        }
    }

    private abstract static sealed class Node permits Leaf, Extension, Branch {
        final byte[] encoding;
        /** How a parent refers to this node: its RLP if shorter than 32 bytes, else the RLP of its hash. */
        final byte[] reference;

        Node(byte[] encoding) {
            this.encoding = encoding;
            this.reference =
                    encoding.length < HASH_LENGTH ? encoding : StrictRlp.encodeString(Keccak256.hash(encoding));
        }
    }

    private static final class Leaf extends Node {
        final byte[] path;
        final byte[] value;

        Leaf(byte[] path, byte[] value) {
            super(StrictRlp.encodeList(
                    List.of(StrictRlp.encodeString(hexPrefix(path, true)), StrictRlp.encodeString(value))));
            this.path = path;
            this.value = value;
        }
    }

    private static final class Extension extends Node {
        final byte[] path;
        final Node child;

        Extension(byte[] path, Node child) {
            super(StrictRlp.encodeList(List.of(StrictRlp.encodeString(hexPrefix(path, false)), child.reference)));
            this.path = path;
            this.child = child;
        }
    }

    private static final class Branch extends Node {
        final @Nullable Node[] children;
        final byte @Nullable [] value;

        Branch(@Nullable Node[] children, byte @Nullable [] value) {
            super(encode(children, value));
            this.children = children;
            this.value = value;
        }

        private static byte[] encode(@Nullable Node[] children, byte @Nullable [] value) {
            List<byte[]> items = new ArrayList<>(17);
            for (Node child : children) {
                items.add(child == null ? EMPTY_STRING_RLP : child.reference);
            }
            items.add(value == null ? EMPTY_STRING_RLP : StrictRlp.encodeString(value));
            return StrictRlp.encodeList(items);
        }
    }
}
