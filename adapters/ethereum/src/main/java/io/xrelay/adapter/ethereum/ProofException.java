/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

/**
 * An inclusion proof does not prove what it claims. The message says exactly what failed and where (which node,
 * which nibble); {@link #reason()} classifies it for callers and tests.
 */
final class ProofException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of check failed. */
    enum Reason {
        /** A proof node does not hash to the reference its parent (or the root) holds. */
        HASH_MISMATCH,
        /** The key's path leaves the path that a leaf or extension node holds. */
        PATH_DIVERGES,
        /** The proof ends where the key's path needs another node. */
        MISSING_NODE,
        /** The path ends in an empty slot: the key is not in the trie. */
        VALUE_ABSENT,
        /** The path ends before the last node of the proof. */
        EXTRA_NODES,
        /** A node is not canonical RLP or not a well-formed trie node. */
        MALFORMED_NODE,
        /** The proof is for another scheme than the verifier's. */
        WRONG_SCHEME,
        /** The proof's key is not the canonical key of a receipt (the RLP of a transaction index). */
        MALFORMED_KEY,
        /** The proven value is not a canonically encoded receipt. */
        MALFORMED_RECEIPT,
        /** The proven receipt's logs bloom is not the bloom of its logs. */
        BLOOM_MISMATCH
    }

    private final Reason reason;

    ProofException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    ProofException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
