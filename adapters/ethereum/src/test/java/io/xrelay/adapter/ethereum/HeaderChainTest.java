/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.VerificationFailedException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verified run of headers: children join only when they link to the tip and follow the rules, a reorg cuts the
 * top but never a final block. The headers are children of the real mainnet block 15537395 (Paris), built so that
 * every rule holds.
 */
class HeaderChainTest {
    private static final ChainId CHAIN = ChainId.of("eth-mainnet");
    private static final HeaderRules RULES = new HeaderRules(CHAIN, HeaderRules.Config.MAINNET);
    private static final int DEPTH = 2;
    private static final EthHeader BASE = Fixtures.header("paris-15537395");

    /** A valid child of {@code parent}; {@code branch} tells sibling children apart (it goes in the extra data). */
    private static EthHeader child(EthHeader parent, int branch) {
        HeaderBuilder b = HeaderBuilder.from(parent);
        b.parentHash = parent.hash();
        b.number = parent.number() + 1;
        b.timestamp = parent.timestamp() + 12;
        b.gasUsed = parent.gasLimit() / 2;
        b.baseFeePerGas = RULES.expectedBaseFee(parent, b.number);
        b.extraData = Bytes.wrap(new byte[] {(byte) branch});
        return b.buildSealed();
    }

    private static List<EthHeader> children(EthHeader from, int count, int branch) {
        List<EthHeader> out = new ArrayList<>();
        EthHeader parent = from;
        for (int i = 0; i < count; i++) {
            parent = child(parent, branch);
            out.add(parent);
        }
        return out;
    }

    private static HeaderChain chain() {
        return new HeaderChain(CHAIN, RULES, DEPTH, BASE);
    }

    private static BlockRef ref(EthHeader h) {
        return new BlockRef(h.number(), h.hash());
    }

    @Test
    void starts_with_the_trusted_block_as_base_tip_and_final_block() {
        HeaderChain h = chain();

        assertThat(h.base()).isEqualTo(BASE);
        assertThat(h.tip()).isEqualTo(BASE);
        assertThat(h.finalized()).isEqualTo(BASE);
        assertThat(h.size()).isEqualTo(1);
        assertThat(h.contains(ref(BASE))).isTrue();
    }

    @Test
    void appends_valid_children_and_finality_trails_the_tip_by_the_depth_never_below_the_base() {
        HeaderChain h = chain();
        List<EthHeader> kids = children(BASE, 5, 1);

        h.append(kids.get(0));
        assertThat(h.finalized())
                .as("one block on top of the base: the base is still the final one")
                .isEqualTo(BASE);
        h.append(kids.get(1));
        assertThat(h.finalized()).isEqualTo(BASE);
        for (EthHeader k : kids.subList(2, 5)) {
            h.append(k);
        }

        assertThat(h.tip()).isEqualTo(kids.get(4));
        assertThat(h.finalized()).isEqualTo(kids.get(2));
        assertThat(h.size()).isEqualTo(6);
        assertThat(h.at(BASE.number() + 3)).isEqualTo(kids.get(2));
        assertThat(h.at(BASE.number() + 6)).isNull();
        kids.forEach(k -> assertThat(h.contains(ref(k))).isTrue());
    }

    @Test
    void refuses_a_child_that_does_not_link_to_the_tip_and_stays_unchanged() {
        HeaderChain h = chain();
        List<EthHeader> kids = children(BASE, 2, 1);

        assertThatThrownBy(() -> h.append(kids.get(1)))
                .isInstanceOf(VerificationFailedException.class)
                .hasMessageContaining("parent hash");
        assertThat(h.tip()).isEqualTo(BASE);
        assertThat(h.size()).isEqualTo(1);
    }

    @Test
    void refuses_a_child_whose_claimed_hash_is_not_its_hash() {
        HeaderChain h = chain();
        HeaderBuilder b = HeaderBuilder.from(child(BASE, 1));
        b.claimedHash = HeaderBuilder.flip(b.claimedHash, 0);

        assertThatThrownBy(() -> h.append(b.build()))
                .isInstanceOf(VerificationFailedException.class)
                .hasMessageContaining("claimed");
        assertThat(h.tip()).isEqualTo(BASE);
    }

    @Test
    void refuses_a_child_that_breaks_a_chain_rule() {
        HeaderChain h = chain();
        HeaderBuilder b = HeaderBuilder.from(child(BASE, 1));
        b.baseFeePerGas = b.baseFeePerGas == null ? BigInteger.ONE : b.baseFeePerGas.add(BigInteger.ONE);

        assertThatThrownBy(() -> h.append(b.buildSealed()))
                .isInstanceOf(VerificationFailedException.class)
                .hasMessageContaining("base fee");
        assertThat(h.tip()).isEqualTo(BASE);
    }

    @Test
    void a_reorg_above_the_final_block_replaces_the_top_with_another_branch() {
        HeaderChain h = chain();
        List<EthHeader> first = children(BASE, 4, 1);
        first.forEach(h::append);
        EthHeader fin = h.finalized();
        assertThat(fin).isEqualTo(first.get(1));

        h.truncateAbove(fin.number());
        assertThat(h.tip()).isEqualTo(fin);
        List<EthHeader> second = children(fin, 3, 2);
        second.forEach(h::append);

        assertThat(h.tip()).isEqualTo(second.get(2));
        assertThat(h.contains(ref(first.get(3)))).isFalse();
        assertThat(h.contains(ref(first.get(2)))).isFalse();
        assertThat(h.contains(ref(second.get(0)))).isTrue();
        assertThat(h.at(first.get(2).number())).isEqualTo(second.get(0));
        assertThat(h.finalized()).isEqualTo(second.get(0));
    }

    @Test
    void a_child_of_the_replaced_branch_cannot_join_after_a_reorg() {
        HeaderChain h = chain();
        List<EthHeader> first = children(BASE, 4, 1);
        first.forEach(h::append);
        h.truncateAbove(first.get(1).number());
        child(first.get(1), 2);
        h.append(child(first.get(1), 2));

        assertThatThrownBy(() -> h.append(first.get(3)))
                .isInstanceOf(VerificationFailedException.class)
                .hasMessageContaining("parent hash");
    }

    @Test
    void truncating_below_the_final_block_is_refused_and_leaves_the_chain_as_it_was() {
        HeaderChain h = chain();
        List<EthHeader> kids = children(BASE, 5, 1);
        kids.forEach(h::append);
        EthHeader fin = h.finalized();

        assertThatThrownBy(() -> h.truncateAbove(fin.number() - 1))
                .isInstanceOf(VerificationFailedException.class)
                .hasMessageContaining("below final block " + fin.number())
                .hasMessageContaining("finality depth " + DEPTH);
        assertThat(h.tip()).isEqualTo(kids.get(4));
        assertThat(h.size()).isEqualTo(6);
        assertThat(h.finalized()).isEqualTo(fin);
    }

    @Test
    void truncating_at_the_final_block_keeps_it() {
        HeaderChain h = chain();
        children(BASE, 3, 1).forEach(h::append);
        EthHeader fin = h.finalized();

        h.truncateAbove(fin.number());

        assertThat(h.tip()).isEqualTo(fin);
        assertThat(h.contains(ref(fin))).isTrue();
    }

    @Test
    void pruning_forgets_old_headers_but_keeps_the_tip() {
        HeaderChain h = chain();
        List<EthHeader> kids = children(BASE, 5, 1);
        kids.forEach(h::append);

        h.pruneBelow(kids.get(2).number());
        assertThat(h.base()).isEqualTo(kids.get(2));
        assertThat(h.at(BASE.number())).isNull();
        assertThat(h.contains(ref(kids.get(1)))).isFalse();

        h.pruneBelow(Long.MAX_VALUE);
        assertThat(h.size()).isEqualTo(1);
        assertThat(h.tip()).isEqualTo(kids.get(4));
        assertThat(h.finalized()).isEqualTo(kids.get(4));
    }
}
