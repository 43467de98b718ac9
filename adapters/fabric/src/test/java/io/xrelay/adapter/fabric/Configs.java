/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.function.Consumer;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;

/** Edits of a config block's configuration, for tests (the data hash is recomputed; signatures are not). */
final class Configs {
    private Configs() {}

    static Block withPayload(Block b, Consumer<Payload.Builder> edit) {
        try {
            Envelope e = Envelope.parseFrom(b.getData().getData(0));
            Payload.Builder p = Payload.parseFrom(e.getPayload()).toBuilder();
            edit.accept(p);
            Envelope changed =
                    e.toBuilder().setPayload(p.build().toByteString()).build();
            return Fixtures.rehashed(b.toBuilder()
                    .setData(b.getData().toBuilder().setData(0, changed.toByteString()))
                    .build());
        } catch (InvalidProtocolBufferException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    static Block withChannelHeader(Block b, Consumer<ChannelHeader.Builder> edit) {
        return withPayload(b, p -> {
            try {
                ChannelHeader.Builder h = ChannelHeader.parseFrom(p.getHeader().getChannelHeader()).toBuilder();
                edit.accept(h);
                p.setHeader(p.getHeader().toBuilder().setChannelHeader(h.build().toByteString()));
            } catch (InvalidProtocolBufferException ex) {
                throw new IllegalArgumentException(ex);
            }
        });
    }

    static Block withConfig(Block b, Consumer<Config.Builder> edit) {
        return withPayload(b, p -> {
            try {
                ConfigEnvelope.Builder ce = ConfigEnvelope.parseFrom(p.getData()).toBuilder();
                Config.Builder c = ce.getConfig().toBuilder();
                edit.accept(c);
                p.setData(ce.setConfig(c).build().toByteString());
            } catch (InvalidProtocolBufferException ex) {
                throw new IllegalArgumentException(ex);
            }
        });
    }

    /** The MSP configuration of org {@code org} (orderer or application) in a config block. */
    static FabricMSPConfig mspConfig(Block b, String org) {
        ConfigGroup channel = ConfigUpdates.config(b).getChannelGroup();
        for (String section : java.util.List.of("Orderer", "Application")) {
            ConfigGroup g = channel.getGroupsOrThrow(section).getGroupsMap().get(org);
            if (g != null) {
                try {
                    return FabricMSPConfig.parseFrom(
                            MSPConfig.parseFrom(g.getValuesOrThrow("MSP").getValue())
                                    .getConfig());
                } catch (InvalidProtocolBufferException ex) {
                    throw new IllegalArgumentException(ex);
                }
            }
        }
        throw new IllegalArgumentException("no org " + org);
    }

    /** Edits the MSP of the orderer org (or, if there is none by that name, the application org) {@code org}. */
    static Block withMsp(Block b, String org, Consumer<FabricMSPConfig.Builder> edit) {
        return withConfig(b, c -> {
            ConfigGroup.Builder channel = c.getChannelGroup().toBuilder();
            String section =
                    channel.getGroupsOrThrow("Orderer").getGroupsMap().containsKey(org) ? "Orderer" : "Application";
            ConfigGroup.Builder parent = channel.getGroupsOrThrow(section).toBuilder();
            ConfigGroup.Builder group = parent.getGroupsOrThrow(org).toBuilder();
            ConfigValue value = group.getValuesOrThrow("MSP");
            try {
                MSPConfig msp = MSPConfig.parseFrom(value.getValue());
                FabricMSPConfig.Builder fabric = FabricMSPConfig.parseFrom(msp.getConfig()).toBuilder();
                edit.accept(fabric);
                MSPConfig changed =
                        msp.toBuilder().setConfig(fabric.build().toByteString()).build();
                group.putValues(
                        "MSP",
                        value.toBuilder().setValue(changed.toByteString()).build());
            } catch (InvalidProtocolBufferException ex) {
                throw new IllegalArgumentException(ex);
            }
            parent.putGroups(org, group.build());
            channel.putGroups(section, parent.build());
            c.setChannelGroup(channel);
        });
    }
}
