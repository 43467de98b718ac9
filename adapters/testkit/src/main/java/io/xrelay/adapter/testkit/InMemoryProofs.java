/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.EventOrigin;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.InclusionProof;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerifiedHtlcEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The hashes of the in-memory chain and its inclusion proofs (scheme {@value #SCHEME}).
 *
 * <p>A block's hash is {@code sha256(header || eventsRoot)}, where {@code header} is the canonical encoding of the
 * block number (its first 8 bytes), the chain id, the parent hash, the timestamp, a reorg salt and the root of the
 * block's receipts, and {@code eventsRoot} is the hash chain {@code r0 = 0^32, r(i+1) = sha256(r(i) || leaf(i))}
 * over the leaves of the block's events in order. The leaf of an event is the sha256 of the canonical encoding of
 * the chain id, block number, transaction id, index in the block and the event with all its fields.
 *
 * <p>An event's proof has {@code key} = the 4-byte big-endian index in the block and {@code nodes} =
 * {@code [header, r(index), leaf(index+1), ..., leaf(last)]}: a verifier recomputes the leaf from the event and its
 * origin, folds it and the following leaves into the events root, and checks that {@code sha256(header || root)}
 * is the origin's block hash and that the header names the origin's block number. Changing any field of the event,
 * its transaction, index or block breaks the check.
 */
public final class InMemoryProofs {
    /** The {@link InclusionProof#scheme()} of the in-memory chain. */
    public static final String SCHEME = "in-memory";

    private InMemoryProofs() {}

    /**
     * Whether {@code event}'s proof shows that the event, as given, is in the block its origin names (by hash).
     * The block hash itself must be trusted (verified from the chain's trust anchor) by the caller.
     */
    public static boolean verify(VerifiedHtlcEvent event) {
        InclusionProof proof = event.proof();
        EventOrigin origin = event.origin();
        if (!proof.scheme().equals(SCHEME) || proof.nodes().size() < 2) {
            return false;
        }
        if (!proof.key().equals(indexKey(origin.indexInBlock()))) {
            return false;
        }
        Bytes header = proof.nodes().get(0);
        if (header.length() < 8
                || ByteBuffer.wrap(header.toByteArray(), 0, 8).getLong()
                        != origin.block().number()) {
            return false;
        }
        Bytes leaf = leaf(event.event(), origin.chain(), origin.block().number(), origin.tx(), origin.indexInBlock());
        Bytes accumulator = Canonical.chain(proof.nodes().get(1), leaf);
        for (Bytes following : proof.nodes().subList(2, proof.nodes().size())) {
            accumulator = Canonical.chain(accumulator, following);
        }
        return blockHash(header, accumulator).equals(origin.block().hash());
    }

    /**
     * The id of a lock with these terms: {@code 0x} and the hex of the sha256 of the canonical encoding of every
     * term (sender, receiver, hashlock, timelock, asset, amount, destination chain, recipient and minimum amount).
     */
    public static HtlcId lockId(LockTerms terms) {
        Bytes hash = new Canonical()
                .string("xrelay.in-memory.lock-id.v1")
                .string(terms.sender().value())
                .string(terms.receiver().value())
                .bytes(terms.hashLock().hash())
                .int64(terms.timeLock().epochSecond())
                .string(terms.asset().id())
                .uint256(terms.amount().units())
                .string(terms.destinationChain().value())
                .string(terms.destinationRecipient().value())
                .uint256(terms.minDestinationAmount().units())
                .sha256();
        return HtlcId.of(hash.toHex());
    }

    static Bytes indexKey(int index) {
        return Bytes.wrap(ByteBuffer.allocate(4).putInt(index).array());
    }

    static Bytes header(
            long number, ChainId chain, Bytes parentHash, Instant timestamp, long salt, Bytes receiptsRoot) {
        byte[] encoded = new Canonical()
                .int64(number)
                .string(chain.value())
                .bytes(parentHash)
                .int64(timestamp.getEpochSecond())
                .int32(timestamp.getNano())
                .int64(salt)
                .bytes(receiptsRoot)
                .toByteArray();
        return Bytes.wrap(encoded);
    }

    static Bytes blockHash(Bytes header, Bytes eventsRoot) {
        return Canonical.sha256(header.toByteArray(), eventsRoot.toByteArray());
    }

    /** The hash chain over {@code leaves}, from 32 zero bytes. */
    static Bytes root(List<Bytes> leaves) {
        Bytes accumulator = Canonical.ZERO_HASH;
        for (Bytes leaf : leaves) {
            accumulator = Canonical.chain(accumulator, leaf);
        }
        return accumulator;
    }

    /** The proof of leaf {@code index} among {@code leaves} of a block with {@code header}. */
    static InclusionProof proof(Bytes header, List<Bytes> leaves, int index) {
        List<Bytes> nodes = new ArrayList<>();
        nodes.add(header);
        nodes.add(root(leaves.subList(0, index)));
        nodes.addAll(leaves.subList(index + 1, leaves.size()));
        return new InclusionProof(SCHEME, indexKey(index), nodes);
    }

    static Bytes leaf(HtlcEvent event, ChainId chain, long blockNumber, TxRef tx, int indexInBlock) {
        Canonical c = new Canonical()
                .string("xrelay.in-memory.event.v1")
                .string(chain.value())
                .int64(blockNumber)
                .string(tx.id())
                .int32(indexInBlock)
                .string(event.id().value());
        switch (event) {
            case HtlcEvent.Locked locked -> {
                LockTerms t = locked.terms();
                c.string("Locked")
                        .string(t.sender().value())
                        .string(t.receiver().value())
                        .bytes(t.hashLock().hash())
                        .int64(t.timeLock().epochSecond())
                        .string(t.asset().id())
                        .uint256(t.amount().units())
                        .string(t.destinationChain().value())
                        .string(t.destinationRecipient().value())
                        .uint256(t.minDestinationAmount().units());
            }
            case HtlcEvent.Claimed claimed ->
                c.string("Claimed").bytes(claimed.preimage().secret());
            case HtlcEvent.Refunded refunded -> c.string("Refunded");
        }
        return c.sha256();
    }
}
