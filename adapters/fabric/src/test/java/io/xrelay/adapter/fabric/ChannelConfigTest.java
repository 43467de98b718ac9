/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xrelay.adapter.VerificationFailedException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.HashingAlgorithm;
import org.hyperledger.fabric.protos.orderer.ConsensusType;
import org.junit.jupiter.api.Test;

/** The channel configuration read from the devnet's config blocks, and configurations that are refused. */
class ChannelConfigTest {
    private static String refusal(Block b) {
        try {
            ChannelConfig.fromConfigBlock(b);
        } catch (VerificationFailedException e) {
            return e.reason();
        }
        throw new AssertionError("accepted");
    }

    private static Block withOrdererValue(Block b, String key, ConfigValue value) {
        return Configs.withConfig(b, c -> {
            ConfigGroup.Builder channel = c.getChannelGroup().toBuilder();
            channel.putGroups(
                    "Orderer",
                    channel.getGroupsOrThrow("Orderer").toBuilder()
                            .putValues(key, value)
                            .build());
            c.setChannelGroup(channel);
        });
    }

    @Test
    void reads_the_orgs_policies_and_consensus_of_the_genesis_block() {
        ChannelConfig c = ChannelConfig.fromConfigBlock(Fixtures.block(0));

        assertThat(c.channelId()).isEqualTo("xrelay");
        assertThat(c.sequence()).isZero();
        assertThat(c.blockNumber()).isZero();
        assertThat(c.consensusType()).isEqualTo("etcdraft");
        assertThat(c.ordererMspIds()).containsExactly("OrdererMSP");
        assertThat(c.applicationMspIds()).containsExactlyInAnyOrder("Org1MSP", "Org2MSP");
        assertThat(c.msps()).containsOnlyKeys("OrdererMSP", "Org1MSP", "Org2MSP");
        assertThat(c.msps().values()).allMatch(Msp::nodeOusEnabled);
        assertThat(c.blockValidation()).isInstanceOf(ImplicitMetaPolicy.class);
        ImplicitMetaPolicy bv = (ImplicitMetaPolicy) c.blockValidation();
        assertThat(bv.describe()).isEqualTo("/Channel/Orderer/BlockValidation (ANY Writers)");
        assertThat(bv.threshold()).isEqualTo(1);
        assertThat(bv.subPolicies()).hasSize(1);
        assertThat(bv.subPolicies().get(0).describe()).isEqualTo("OR('OrdererMSP.member')");
    }

    @Test
    void reads_the_higher_sequence_of_the_config_update() {
        ChannelConfig c = ChannelConfig.fromConfigBlock(Fixtures.block(4));

        assertThat(c.channelId()).isEqualTo("xrelay");
        assertThat(c.sequence()).isEqualTo(1);
        assertThat(c.blockNumber()).isEqualTo(4);
    }

    @Test
    void refuses_a_block_that_is_not_a_config_block() {
        assertThat(refusal(Fixtures.block(1)))
                .isEqualTo("block 1: not a config block (its transaction is of type ENDORSER_TRANSACTION)");
    }

    @Test
    void refuses_a_bft_channel_as_not_supported_yet() {
        Block bft = withOrdererValue(
                Fixtures.block(0),
                "ConsensusType",
                ConfigValue.newBuilder()
                        .setValue(ConsensusType.newBuilder()
                                .setType("BFT")
                                .build()
                                .toByteString())
                        .build());

        assertThat(refusal(bft))
                .isEqualTo("block 0: config: consensus type BFT is not supported yet (blocks signed by consenter id);"
                        + " only etcdraft channels can be verified");
    }

    @Test
    void refuses_a_hashing_algorithm_other_than_sha256() {
        Block sha3 = Configs.withConfig(
                Fixtures.block(0),
                c -> c.setChannelGroup(c.getChannelGroup().toBuilder()
                        .putValues(
                                "HashingAlgorithm",
                                ConfigValue.newBuilder()
                                        .setValue(HashingAlgorithm.newBuilder()
                                                .setName("SHA3_256")
                                                .build()
                                                .toByteString())
                                        .build())));

        assertThat(refusal(sha3))
                .isEqualTo("block 0: config: hashing algorithm SHA3_256 is not supported (SHA256 only)");
    }

    @Test
    void refuses_an_org_whose_msp_is_malformed() {
        Block noRoots = Configs.withMsp(Fixtures.block(0), "Org1MSP", m -> m.clearRootCerts());

        assertThat(refusal(noRoots))
                .isEqualTo("block 0: config: /Channel/Application/Org1MSP: MSP Org1MSP has no root CA certificate");
    }

    @Test
    void a_missing_block_validation_policy_is_refused() {
        Block none = Configs.withConfig(Fixtures.block(0), c -> {
            ConfigGroup.Builder channel = c.getChannelGroup().toBuilder();
            channel.putGroups(
                    "Orderer",
                    channel.getGroupsOrThrow("Orderer").toBuilder()
                            .removePolicies("BlockValidation")
                            .build());
            c.setChannelGroup(channel);
        });

        assertThatThrownBy(() -> ChannelConfig.fromConfigBlock(none))
                .isInstanceOf(VerificationFailedException.class)
                .hasMessageEndingWith("block 0: config: there is no /Channel/Orderer/BlockValidation policy");
    }
}
