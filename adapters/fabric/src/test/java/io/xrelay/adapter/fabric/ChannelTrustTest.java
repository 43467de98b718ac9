/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.xrelay.adapter.VerificationFailedException;
import java.util.Arrays;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.junit.jupiter.api.Test;

/** Trust anchors, and the trusted state persisted and read back. */
class ChannelTrustTest {
    @Test
    void starts_from_the_genesis_block() {
        ChannelTrust t = Fixtures.anchor();
        var h = Fixtures.block(0).getHeader();

        assertThat(t.number()).isZero();
        assertThat(t.headerHash()).isEqualTo(FabricCrypto.headerHash(0, h.getPreviousHash(), h.getDataHash()));
        assertThat(t.config().channelId()).isEqualTo("xrelay");
    }

    @Test
    void starts_from_a_later_config_block_too() {
        ChannelTrust t = ChannelTrust.fromConfigBlock(Fixtures.block(4));
        BlockVerifier v = new BlockVerifier(t);

        assertThat(v.verify(Fixtures.block(5)).number()).isEqualTo(5);
    }

    @Test
    void refuses_an_anchor_whose_last_config_is_another_block() throws Exception {
        Block b = Fixtures.block(4);
        Metadata md = Fixtures.signatures(b);
        OrdererBlockMetadata value = OrdererBlockMetadata.parseFrom(md.getValue()).toBuilder()
                .setLastConfig(LastConfig.newBuilder().setIndex(0))
                .build();
        Block claimsOld = Fixtures.withSignatures(
                b, md.toBuilder().setValue(value.toByteString()).build());

        assertThatThrownBy(() -> ChannelTrust.fromConfigBlock(claimsOld))
                .isInstanceOf(VerificationFailedException.class)
                .extracting(e -> ((VerificationFailedException) e).reason())
                .isEqualTo("block 4: as a trust anchor its last config index must be its own number, it is 0");
    }

    @Test
    void refuses_an_anchor_whose_data_does_not_match_its_header() {
        Block b = Fixtures.block(0);
        Block changed = Configs.withConfig(b, c -> c.setSequence(7));
        Block stale = Fixtures.withHeader(changed, b.getHeader());

        assertThatThrownBy(() -> ChannelTrust.fromConfigBlock(stale))
                .isInstanceOf(VerificationFailedException.class)
                .extracting(e -> ((VerificationFailedException) e).reason())
                .isEqualTo("block 0: data hash does not match the transactions");
    }

    @Test
    void refuses_a_block_that_is_not_a_config_block_as_anchor() {
        assertThatThrownBy(() -> ChannelTrust.fromConfigBlock(Fixtures.block(3)))
                .isInstanceOf(VerificationFailedException.class)
                .extracting(e -> ((VerificationFailedException) e).reason())
                .isEqualTo("block 3: not a config block (its transaction is of type ENDORSER_TRANSACTION)");
    }

    @Test
    void a_serialized_checkpoint_resumes_verification_where_it_stopped() {
        BlockVerifier v = Fixtures.verifiedUpTo(5);
        byte[] saved = v.trust().serialize();

        ChannelTrust back = ChannelTrust.deserialize(saved);

        assertThat(back.number()).isEqualTo(5);
        assertThat(back.headerHash()).isEqualTo(v.trust().headerHash());
        assertThat(back.config().sequence()).isEqualTo(1);
        assertThat(back.config().blockNumber()).isEqualTo(4);
        BlockVerifier resumed = new BlockVerifier(back);
        assertThat(resumed.verify(Fixtures.block(6)).number()).isEqualTo(6);
        assertThat(resumed.verify(Fixtures.block(7)).number()).isEqualTo(7);
    }

    @Test
    void refuses_bytes_that_are_not_a_serialized_trust() {
        byte[] saved = Fixtures.verifiedUpTo(2).trust().serialize();

        assertThatThrownBy(() -> ChannelTrust.deserialize(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("serialized Fabric channel trust is truncated");
        assertThatThrownBy(() -> ChannelTrust.deserialize(
                        ByteString.copyFromUtf8("not a trust, clearly").toByteArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a serialized Fabric channel trust (bad magic)");
        assertThatThrownBy(() -> ChannelTrust.deserialize(Arrays.copyOf(saved, saved.length - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("serialized Fabric channel trust is truncated");
        assertThatThrownBy(() -> ChannelTrust.deserialize(Arrays.copyOf(saved, saved.length + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("serialized Fabric channel trust has trailing bytes");
    }

    @Test
    void refuses_a_checkpoint_at_its_config_block_with_another_header_hash() {
        byte[] saved = Fixtures.anchor().serialize();
        saved[20] ^= 1; // the first byte of the header hash (after magic, version, number and length)

        assertThatThrownBy(() -> ChannelTrust.deserialize(saved))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("serialized Fabric channel trust: header hash is not the config block's");
    }
}
