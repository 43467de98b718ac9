/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import static io.xrelay.adapter.testkit.TestSupport.ALICE;
import static io.xrelay.adapter.testkit.TestSupport.BOB;
import static io.xrelay.adapter.testkit.TestSupport.CAROL;
import static io.xrelay.adapter.testkit.TestSupport.DESTINATION;
import static io.xrelay.adapter.testkit.TestSupport.T0;
import static io.xrelay.adapter.testkit.TestSupport.done;
import static io.xrelay.adapter.testkit.TestSupport.lock;
import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ClaimRequest;
import io.xrelay.adapter.EventOrigin;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.InclusionProof;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerifiedHtlcEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InMemoryProofsTest {
    private static final Preimage PREIMAGE = new Preimage(Bytes.fromHex("0x" + "11".repeat(32)));
    private static final LockTerms TERMS = new LockTerms(
            ALICE,
            BOB,
            PREIMAGE.hashLock(),
            new TimeLock(1_800_000_000L),
            Asset.NATIVE,
            Amount.of(10),
            DESTINATION,
            Account.of("recipient"),
            Amount.of(9));

    private InMemoryChain chain = InMemoryChain.create(ChainId.of("mem-proofs"));
    private InMemoryChain.Block block = chain.headBlock();

    @BeforeEach
    void threeEventsInOneBlock() {
        chain = InMemoryChain.builder(ChainId.of("mem-proofs")).autoMine(false).build();
        chain.mint(ALICE, Asset.NATIVE, Amount.of(100));
        var alice = chain.newAdapter(ALICE);
        Preimage p = Preimage.random();
        done(alice.lock(lock(BOB, p, T0.plus(Duration.ofHours(1)), 10)));
        chain.mineBlock();
        HtlcId id = chain.headBlock().events().get(0).event().id();
        done(alice.lock(lock(CAROL, Preimage.random(), T0.plus(Duration.ofHours(1)), 20)));
        done(alice.claim(new ClaimRequest(id, p)));
        done(alice.lock(lock(CAROL, Preimage.random(), T0.plus(Duration.ofHours(2)), 30)));
        block = chain.mineBlock();
        assertThat(block.events()).hasSize(3);
    }

    @Test
    void every_event_proof_verifies_against_its_block_hash() {
        List<VerifiedHtlcEvent> all = new ArrayList<>();
        chain.blocks().forEach(b -> all.addAll(b.events()));

        assertThat(all).hasSize(4);
        assertThat(all).allSatisfy(e -> {
            assertThat(e.proof().scheme()).isEqualTo(InMemoryProofs.SCHEME);
            assertThat(InMemoryProofs.verify(e)).isTrue();
        });
    }

    @Test
    void a_changed_event_or_origin_fails_verification() {
        VerifiedHtlcEvent claimed = block.events().get(1);
        assertThat(claimed.event()).isInstanceOf(HtlcEvent.Claimed.class);
        EventOrigin o = claimed.origin();
        VerifiedHtlcEvent locked = block.events().get(0);

        List<VerifiedHtlcEvent> forged = List.of(
                new VerifiedHtlcEvent(
                        new HtlcEvent.Claimed(claimed.event().id(), Preimage.random()), o, claimed.proof()),
                new VerifiedHtlcEvent(new HtlcEvent.Refunded(claimed.event().id()), o, claimed.proof()),
                new VerifiedHtlcEvent(
                        locked.event(), locked.origin(), block.events().get(2).proof()),
                new VerifiedHtlcEvent(
                        claimed.event(),
                        new EventOrigin(o.chain(), o.block(), new TxRef(o.chain(), "0xbeef"), o.indexInBlock()),
                        claimed.proof()),
                new VerifiedHtlcEvent(
                        claimed.event(),
                        new EventOrigin(o.chain(), o.block(), o.tx(), o.indexInBlock() + 1),
                        claimed.proof()),
                new VerifiedHtlcEvent(
                        claimed.event(),
                        new EventOrigin(
                                o.chain(),
                                new BlockRef(o.block().number() + 1, o.block().hash()),
                                o.tx(),
                                1),
                        claimed.proof()),
                new VerifiedHtlcEvent(
                        claimed.event(),
                        new EventOrigin(ChainId.of("mem-elsewhere"), o.block(), o.tx(), o.indexInBlock()),
                        claimed.proof()),
                new VerifiedHtlcEvent(
                        claimed.event(),
                        new EventOrigin(
                                o.chain(),
                                new BlockRef(
                                        o.block().number(),
                                        chain.blocks().get(1).hash()),
                                o.tx(),
                                o.indexInBlock()),
                        claimed.proof()));
        for (VerifiedHtlcEvent e : forged) {
            assertThat(InMemoryProofs.verify(e)).as("forged %s", e).isFalse();
        }
    }

    @Test
    void a_changed_proof_fails_verification() {
        VerifiedHtlcEvent e = block.events().get(1);
        InclusionProof p = e.proof();
        List<Bytes> otherAccumulator = new ArrayList<>(p.nodes());
        otherAccumulator.set(1, Bytes.fromHex("0x" + "00".repeat(32)));
        List<Bytes> missingLeaf = new ArrayList<>(p.nodes().subList(0, p.nodes().size() - 1));

        List<InclusionProof> forged = List.of(
                new InclusionProof("eth-receipts-mpt", p.key(), p.nodes()),
                new InclusionProof(p.scheme(), InMemoryProofs.indexKey(0), p.nodes()),
                new InclusionProof(p.scheme(), p.key(), otherAccumulator),
                new InclusionProof(p.scheme(), p.key(), missingLeaf),
                new InclusionProof(p.scheme(), p.key(), p.nodes().subList(0, 1)));
        for (InclusionProof proof : forged) {
            assertThat(InMemoryProofs.verify(new VerifiedHtlcEvent(e.event(), e.origin(), proof)))
                    .as("forged %s", proof)
                    .isFalse();
        }
    }

    @Test
    void the_lock_id_is_0x_and_64_hex_digits_derived_from_every_term() {
        HtlcId id = InMemoryProofs.lockId(TERMS);
        assertThat(id.value()).matches(Pattern.compile("0x[0-9a-f]{64}"));
        assertThat(InMemoryProofs.lockId(TERMS)).isEqualTo(id);

        List<LockTerms> variants = List.of(
                withSender(CAROL),
                new LockTerms(
                        ALICE,
                        CAROL,
                        TERMS.hashLock(),
                        TERMS.timeLock(),
                        TERMS.asset(),
                        TERMS.amount(),
                        TERMS.destinationChain(),
                        TERMS.destinationRecipient(),
                        TERMS.minDestinationAmount()),
                new LockTerms(
                        ALICE,
                        BOB,
                        Preimage.random().hashLock(),
                        TERMS.timeLock(),
                        TERMS.asset(),
                        TERMS.amount(),
                        TERMS.destinationChain(),
                        TERMS.destinationRecipient(),
                        TERMS.minDestinationAmount()),
                new LockTerms(
                        ALICE,
                        BOB,
                        TERMS.hashLock(),
                        new TimeLock(1_800_000_001L),
                        TERMS.asset(),
                        TERMS.amount(),
                        TERMS.destinationChain(),
                        TERMS.destinationRecipient(),
                        TERMS.minDestinationAmount()),
                new LockTerms(
                        ALICE,
                        BOB,
                        TERMS.hashLock(),
                        TERMS.timeLock(),
                        Asset.of("TKN"),
                        TERMS.amount(),
                        TERMS.destinationChain(),
                        TERMS.destinationRecipient(),
                        TERMS.minDestinationAmount()),
                new LockTerms(
                        ALICE,
                        BOB,
                        TERMS.hashLock(),
                        TERMS.timeLock(),
                        TERMS.asset(),
                        Amount.of(11),
                        TERMS.destinationChain(),
                        TERMS.destinationRecipient(),
                        TERMS.minDestinationAmount()),
                new LockTerms(
                        ALICE,
                        BOB,
                        TERMS.hashLock(),
                        TERMS.timeLock(),
                        TERMS.asset(),
                        TERMS.amount(),
                        ChainId.of("elsewhere"),
                        TERMS.destinationRecipient(),
                        TERMS.minDestinationAmount()),
                new LockTerms(
                        ALICE,
                        BOB,
                        TERMS.hashLock(),
                        TERMS.timeLock(),
                        TERMS.asset(),
                        TERMS.amount(),
                        TERMS.destinationChain(),
                        Account.of("someone-else"),
                        TERMS.minDestinationAmount()),
                new LockTerms(
                        ALICE,
                        BOB,
                        TERMS.hashLock(),
                        TERMS.timeLock(),
                        TERMS.asset(),
                        TERMS.amount(),
                        TERMS.destinationChain(),
                        TERMS.destinationRecipient(),
                        Amount.of(8)));
        List<HtlcId> ids = variants.stream().map(InMemoryProofs::lockId).toList();
        assertThat(ids).doesNotContain(id).doesNotHaveDuplicates();
    }

    @Test
    void the_lock_id_of_the_chain_is_the_id_of_its_terms() {
        VerifiedHtlcEvent e = block.events().get(0);
        LockTerms terms = ((HtlcEvent.Locked) e.event()).terms();

        assertThat(e.event().id()).isEqualTo(InMemoryProofs.lockId(terms));
        assertThat(chain.htlc(e.event().id()).orElseThrow().terms()).isEqualTo(terms);
    }

    private static LockTerms withSender(Account sender) {
        return new LockTerms(
                sender,
                TERMS.receiver(),
                TERMS.hashLock(),
                TERMS.timeLock(),
                TERMS.asset(),
                TERMS.amount(),
                TERMS.destinationChain(),
                TERMS.destinationRecipient(),
                TERMS.minDestinationAmount());
    }
}
