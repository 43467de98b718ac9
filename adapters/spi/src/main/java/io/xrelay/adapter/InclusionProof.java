/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import java.util.List;

/**
 * Evidence that an event is part of a verified block, kept with the event so that it can be checked again later:
 * for Ethereum the receipts-trie path (scheme {@code eth-receipts-mpt}) from the header's receiptsRoot to the
 * receipt; for Fabric the block's transaction envelope and its endorsements.
 *
 * @param scheme how to read {@code nodes}
 * @param key the key proven (the RLP of the transaction index for a receipts trie)
 * @param nodes the proof's parts, in the order the scheme defines
 */
public record InclusionProof(String scheme, Bytes key, List<Bytes> nodes) {
    public InclusionProof {
        nodes = List.copyOf(nodes);
        if (scheme.isBlank()) {
            throw new IllegalArgumentException("proof scheme must not be blank");
        }
    }
}
