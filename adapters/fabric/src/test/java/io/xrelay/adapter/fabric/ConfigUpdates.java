/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigUpdate;
import org.hyperledger.fabric.protos.common.ConfigUpdateEnvelope;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.orderer.BatchTimeout;

/**
 * Config updates built in Java (what {@code configtxlator compute_update} would produce), unsigned: {@code peer
 * channel update} adds the submitting admin's signature.
 */
final class ConfigUpdates {
    private ConfigUpdates() {}

    /** The config carried by a config block. */
    static Config config(Block configBlock) {
        try {
            Payload p = Payload.parseFrom(
                    Envelope.parseFrom(configBlock.getData().getData(0)).getPayload());
            return ConfigEnvelope.parseFrom(p.getData()).getConfig();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a config block", e);
        }
    }

    /**
     * An envelope of type CONFIG_UPDATE that sets /Channel/Orderer/BatchTimeout to {@code timeout} (e.g. "1s"),
     * reading the current versions from {@code configBlock}.
     */
    static Envelope batchTimeout(Block configBlock, String channel, String timeout) {
        ConfigGroup channelGroup = config(configBlock).getChannelGroup();
        ConfigGroup orderer = channelGroup.getGroupsOrThrow("Orderer");
        ConfigValue current = orderer.getValuesOrThrow("BatchTimeout");
        ConfigValue updated = ConfigValue.newBuilder()
                .setVersion(current.getVersion() + 1)
                .setModPolicy(current.getModPolicy())
                .setValue(BatchTimeout.newBuilder().setTimeout(timeout).build().toByteString())
                .build();
        ConfigGroup readSet = ConfigGroup.newBuilder()
                .setVersion(channelGroup.getVersion())
                .putGroups(
                        "Orderer",
                        ConfigGroup.newBuilder()
                                .setVersion(orderer.getVersion())
                                .build())
                .build();
        ConfigGroup writeSet = ConfigGroup.newBuilder()
                .setVersion(channelGroup.getVersion())
                .putGroups(
                        "Orderer",
                        ConfigGroup.newBuilder()
                                .setVersion(orderer.getVersion())
                                .putValues("BatchTimeout", updated)
                                .build())
                .build();
        ConfigUpdate update = ConfigUpdate.newBuilder()
                .setChannelId(channel)
                .setReadSet(readSet)
                .setWriteSet(writeSet)
                .build();
        ConfigUpdateEnvelope cue = ConfigUpdateEnvelope.newBuilder()
                .setConfigUpdate(update.toByteString())
                .build();
        Instant now = Instant.now();
        ChannelHeader ch = ChannelHeader.newBuilder()
                .setType(HeaderType.CONFIG_UPDATE_VALUE)
                .setChannelId(channel)
                .setTimestamp(
                        Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(ch.toByteString()))
                .setData(cue.toByteString())
                .build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).build();
    }
}
