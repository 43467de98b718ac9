/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.VerificationFailedException;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A contiguous run of verified headers, from a trusted base to the verified tip. A header joins only as the child
 * of the tip and only after its hash and the chain rules between it and the tip are verified; a reorg removes
 * headers from the top but never a final one. Not thread-safe: owned by the adapter's worker thread.
 */
final class HeaderChain {
    private final ChainId chain;
    private final HeaderRules rules;
    private final int finalityDepth;
    private final TreeMap<Long, EthHeader> headers = new TreeMap<>();

    /** Starts from {@code trusted}, which the caller has matched against a trust anchor or its own checkpoint. */
    HeaderChain(ChainId chain, HeaderRules rules, int finalityDepth, EthHeader trusted) {
        this.chain = chain;
        this.rules = rules;
        this.finalityDepth = finalityDepth;
        headers.put(trusted.number(), trusted);
    }

    EthHeader tip() {
        return headers.lastEntry().getValue();
    }

    EthHeader base() {
        return headers.firstEntry().getValue();
    }

    /** The newest final block: {@code finalityDepth} blocks below the tip, never below the trusted base. */
    EthHeader finalized() {
        long n = Math.max(base().number(), tip().number() - finalityDepth);
        EthHeader h = headers.get(n);
        if (h == null) {
            throw new IllegalStateException("verified headers are not contiguous at " + n);
        }
        return h;
    }

    @Nullable
    EthHeader at(long number) {
        return headers.get(number);
    }

    boolean contains(BlockRef ref) {
        EthHeader h = headers.get(ref.number());
        return h != null && h.hash().equals(ref.hash());
    }

    int size() {
        return headers.size();
    }

    /**
     * Appends {@code child} after checking its hash, its link to the tip and the chain rules.
     *
     * @throws VerificationFailedException naming the rule it breaks
     */
    void append(EthHeader child) {
        EthHeader parent = tip();
        rules.verifyHash(child);
        rules.verifyChild(parent, child);
        headers.put(child.number(), child);
    }

    /**
     * Drops every header above {@code number} (a reorg replaced them).
     *
     * @throws VerificationFailedException if that would drop a final header
     */
    void truncateAbove(long number) {
        long finalNumber = finalized().number();
        if (number < finalNumber) {
            throw new VerificationFailedException(
                    chain,
                    "the node's chain leaves the verified chain below final block "
                            + finalNumber + " (fork point at or below " + number
                            + "): a reorg deeper than the finality depth "
                            + finalityDepth + " or a lying node");
        }
        headers.tailMap(number, false).clear();
    }

    /** Forgets headers below {@code number}, keeping at least the tip. */
    void pruneBelow(long number) {
        long keep = Math.min(number, tip().number());
        Map<Long, EthHeader> old = headers.headMap(keep, false);
        old.clear();
    }
}
