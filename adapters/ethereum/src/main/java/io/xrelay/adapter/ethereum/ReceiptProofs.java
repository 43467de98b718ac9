/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.InclusionProof;
import io.xrelay.adapter.ethereum.ProofException.Reason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Receipts-trie proofs (scheme {@value #SCHEME}): a block's receipts trie maps {@code RLP(transactionIndex)} to the
 * receipt's consensus encoding, and its root is the header's {@code receiptsRoot}. A proof is the path of trie nodes
 * from that root to one receipt, so a receipt (and the logs in it) can be checked against a verified header alone.
 */
final class ReceiptProofs {
    /** The {@link InclusionProof#scheme()} of receipts-trie proofs. */
    static final String SCHEME = "eth-receipts-mpt";

    private ReceiptProofs() {}

    /** The receipts-trie key of a transaction index: {@code RLP(txIndex)}. */
    static Bytes key(int txIndex) {
        if (txIndex < 0) {
            throw new IllegalArgumentException("a transaction index is not negative, got " + txIndex);
        }
        return Bytes.wrap(StrictRlp.encodeUnsigned(txIndex));
    }

    /** The receipts trie of a block whose receipts are given in transaction order. */
    static MerklePatriciaTrie receiptsTrie(List<EthReceipt> receiptsInBlockOrder) {
        Map<Bytes, Bytes> entries = new LinkedHashMap<>();
        for (int i = 0; i < receiptsInBlockOrder.size(); i++) {
            entries.put(key(i), Bytes.wrap(receiptsInBlockOrder.get(i).encode()));
        }
        return MerklePatriciaTrie.of(entries);
    }

    /** The receipts root of a block whose receipts are given in transaction order (the header's receiptsRoot). */
    static Bytes receiptsRoot(List<EthReceipt> receiptsInBlockOrder) {
        return receiptsTrie(receiptsInBlockOrder).rootHash();
    }

    /**
     * The proof that the receipt at {@code txIndex} is in the block's receipts trie.
     *
     * @throws IllegalArgumentException if {@code txIndex} is not an index of {@code receiptsInBlockOrder}
     */
    static InclusionProof prove(List<EthReceipt> receiptsInBlockOrder, int txIndex) {
        if (txIndex < 0 || txIndex >= receiptsInBlockOrder.size()) {
            throw new IllegalArgumentException("transaction index " + txIndex + " is outside the block's "
                    + receiptsInBlockOrder.size() + " receipt(s)");
        }
        return prove(receiptsTrie(receiptsInBlockOrder), txIndex);
    }

    /**
     * The proof for {@code txIndex} from an already built receipts trie (to prove several receipts of one block
     * without rebuilding it).
     *
     * @throws IllegalArgumentException if the trie has no receipt at {@code txIndex}
     */
    static InclusionProof prove(MerklePatriciaTrie receiptsTrie, int txIndex) {
        Bytes key = key(txIndex);
        if (receiptsTrie.get(key).isEmpty()) {
            throw new IllegalArgumentException("the receipts trie has no receipt at transaction index " + txIndex);
        }
        return new InclusionProof(SCHEME, key, receiptsTrie.proof(key));
    }

    /**
     * Checks {@code proof} against a verified header's {@code receiptsRoot} and returns the proven receipt.
     *
     * @throws ProofException if the scheme is not {@value #SCHEME}, the key is not the RLP of a transaction
     *     index, the trie path does not verify (see {@link MerklePatriciaTrie#verifyProof}), the proven value is
     *     not a canonical receipt, or the receipt's bloom does not match its logs
     */
    static EthReceipt verify(Bytes receiptsRoot, InclusionProof proof) {
        if (!SCHEME.equals(proof.scheme())) {
            throw new ProofException(
                    Reason.WRONG_SCHEME, "proof scheme is '" + proof.scheme() + "', expected '" + SCHEME + "'");
        }
        int txIndex = txIndex(proof);
        Bytes value = MerklePatriciaTrie.verifyProof(receiptsRoot, proof.key(), proof.nodes());
        EthReceipt receipt;
        try {
            receipt = EthReceipt.decode(value.toByteArray());
        } catch (IllegalArgumentException e) {
            throw new ProofException(
                    Reason.MALFORMED_RECEIPT,
                    "the value proven at transaction index " + txIndex + " is not a receipt: " + e.getMessage(),
                    e);
        }
        if (!receipt.bloomMatchesLogs()) {
            throw new ProofException(
                    Reason.BLOOM_MISMATCH,
                    "the receipt at transaction index " + txIndex + " has a logs bloom that is not its logs' bloom");
        }
        return receipt;
    }

    /**
     * Like {@link #verify(Bytes, InclusionProof)}, and also checks that the proof is for {@code txIndex} (the
     * index the node claims for the event's transaction).
     */
    static EthReceipt verify(Bytes receiptsRoot, InclusionProof proof, int txIndex) {
        int proven = txIndex(proof);
        if (proven != txIndex) {
            throw new ProofException(
                    Reason.MALFORMED_KEY, "the proof is for transaction index " + proven + ", expected " + txIndex);
        }
        return verify(receiptsRoot, proof);
    }

    /**
     * The transaction index whose receipt {@code proof} is about: its key read as a canonical RLP integer.
     *
     * @throws ProofException if the key is not the canonical RLP of an index in {@code [0, 2^31)}
     */
    static int txIndex(InclusionProof proof) {
        try {
            StrictRlp.Item item = StrictRlp.decode(proof.key().toByteArray());
            long index = item.asUnsignedLong();
            if (index > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the index " + index + " exceeds 2^31 - 1");
            }
            return (int) index;
        } catch (IllegalArgumentException e) {
            throw new ProofException(
                    Reason.MALFORMED_KEY,
                    "proof key " + proof.key() + " is not the RLP of a transaction index: " + e.getMessage(),
                    e);
        }
    }
}
