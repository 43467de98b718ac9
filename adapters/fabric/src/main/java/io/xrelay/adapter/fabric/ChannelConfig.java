/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.xrelay.adapter.VerificationFailedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockDataHashingStructure;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigPolicy;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HashingAlgorithm;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.orderer.ConsensusType;

/**
 * The parsed channel configuration: MSPs (orderer and application orgs) and policies.
 *
 * <p>Read from the {@code ConfigEnvelope} of a config block: the orderer orgs' and application orgs' MSPs, the
 * policy {@code /Channel/Orderer/BlockValidation} with the org policies it refers to, and the consensus type. Only
 * what block verification needs is kept; hashing must be SHA-256 and consensus etcdraft (BFT, whose blocks are
 * signed by consenter id, is refused as not supported yet).
 */
final class ChannelConfig {
    static final String BLOCK_VALIDATION = "/Channel/Orderer/BlockValidation";

    private final Block block;
    private final String channelId;
    private final long sequence;
    private final String consensusType;
    private final Map<String, Msp> msps;
    private final Set<String> ordererMspIds;
    private final Set<String> applicationMspIds;
    private final Policy blockValidation;

    private ChannelConfig(
            Block block,
            String channelId,
            long sequence,
            String consensusType,
            Map<String, Msp> msps,
            Set<String> ordererMspIds,
            Set<String> applicationMspIds,
            Policy blockValidation) {
        this.block = block;
        this.channelId = channelId;
        this.sequence = sequence;
        this.consensusType = consensusType;
        this.msps = Map.copyOf(msps);
        this.ordererMspIds = Set.copyOf(ordererMspIds);
        this.applicationMspIds = Set.copyOf(applicationMspIds);
        this.blockValidation = blockValidation;
    }

    /**
     * Parses the configuration carried by a config block.
     *
     * @throws VerificationFailedException if the block is not a well-formed config block, or its configuration is
     *     one this verifier does not support
     */
    static ChannelConfig fromConfigBlock(Block block) {
        long number = block.getHeader().getNumber();
        String where = "block " + Long.toUnsignedString(number);
        if (block.getData().getDataCount() != 1) {
            throw Verification.failed(
                    where + ": not a config block (it has " + block.getData().getDataCount() + " transactions)");
        }
        ChannelHeader header;
        ConfigEnvelope envelope;
        try {
            Payload payload = Payload.parseFrom(
                    Envelope.parseFrom(block.getData().getData(0)).getPayload());
            header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (header.getType() != HeaderType.CONFIG_VALUE) {
                throw Verification.failed(where + ": not a config block (its transaction is of type "
                        + headerType(header.getType()) + ")");
            }
            envelope = ConfigEnvelope.parseFrom(payload.getData());
        } catch (InvalidProtocolBufferException e) {
            throw Verification.failed(where + ": malformed config transaction (" + e.getMessage() + ")", e);
        }
        if (!envelope.hasConfig()) {
            throw Verification.failed(where + ": config transaction has no config");
        }
        try {
            return parse(block, header.getChannelId(), envelope.getConfig());
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
            throw Verification.failed(where + ": config: " + e.getMessage(), e);
        }
    }

    private static ChannelConfig parse(Block block, String channelId, Config config)
            throws InvalidProtocolBufferException {
        if (channelId.isEmpty()) {
            throw new IllegalArgumentException("the channel id is empty");
        }
        ConfigGroup channel = config.getChannelGroup();
        ConfigValue hashing = channel.getValuesMap().get("HashingAlgorithm");
        if (hashing != null) {
            String name = HashingAlgorithm.parseFrom(hashing.getValue()).getName();
            if (!name.equals("SHA256")) {
                throw new IllegalArgumentException("hashing algorithm " + name + " is not supported (SHA256 only)");
            }
        }
        ConfigValue structure = channel.getValuesMap().get("BlockDataHashingStructure");
        if (structure != null) {
            int width =
                    BlockDataHashingStructure.parseFrom(structure.getValue()).getWidth();
            if (width != -1) {
                throw new IllegalArgumentException("block data hashing width " + Integer.toUnsignedString(width)
                        + " is not supported (4294967295 only)");
            }
        }
        ConfigGroup orderer = channel.getGroupsMap().get("Orderer");
        if (orderer == null) {
            throw new IllegalArgumentException("there is no /Channel/Orderer group");
        }
        ConfigValue consensus = orderer.getValuesMap().get("ConsensusType");
        if (consensus == null) {
            throw new IllegalArgumentException("/Channel/Orderer has no ConsensusType");
        }
        String type = ConsensusType.parseFrom(consensus.getValue()).getType();
        switch (type) {
            case "etcdraft", "solo", "kafka" -> {}
            case "BFT" ->
                throw new IllegalArgumentException("consensus type BFT is not supported yet (blocks signed by"
                        + " consenter id); only etcdraft channels can be verified");
            default -> throw new IllegalArgumentException("unknown consensus type \"" + type + "\"");
        }
        Map<String, Msp> msps = new LinkedHashMap<>();
        Map<String, ByteString> mspBytes = new LinkedHashMap<>();
        Set<String> ordererIds = new LinkedHashSet<>();
        for (var org : new TreeMap<>(orderer.getGroupsMap()).entrySet()) {
            ordererIds.add(addMsp("/Channel/Orderer/" + org.getKey(), org.getValue(), msps, mspBytes));
        }
        if (ordererIds.isEmpty()) {
            throw new IllegalArgumentException("/Channel/Orderer has no orgs");
        }
        Set<String> applicationIds = new LinkedHashSet<>();
        ConfigGroup application = channel.getGroupsMap().get("Application");
        if (application != null) {
            for (var org : new TreeMap<>(application.getGroupsMap()).entrySet()) {
                applicationIds.add(addMsp("/Channel/Application/" + org.getKey(), org.getValue(), msps, mspBytes));
            }
        }
        Policy blockValidation = policy("/Channel/Orderer", orderer, "BlockValidation", 0);
        if (blockValidation instanceof Policy.Reject) {
            throw new IllegalArgumentException("there is no " + BLOCK_VALIDATION + " policy");
        }
        return new ChannelConfig(
                block, channelId, config.getSequence(), type, msps, ordererIds, applicationIds, blockValidation);
    }

    private static String addMsp(String path, ConfigGroup org, Map<String, Msp> msps, Map<String, ByteString> bytes)
            throws InvalidProtocolBufferException {
        ConfigValue value = org.getValuesMap().get("MSP");
        if (value == null) {
            throw new IllegalArgumentException(path + " has no MSP");
        }
        MSPConfig config = MSPConfig.parseFrom(value.getValue());
        if (config.getType() != 0) {
            throw new IllegalArgumentException(
                    path + ": MSP type " + config.getType() + " is not supported (X.509 MSPs only)");
        }
        FabricMSPConfig fabric = FabricMSPConfig.parseFrom(config.getConfig());
        ByteString seen = bytes.get(fabric.getName());
        if (seen != null) {
            if (!seen.equals(config.getConfig())) {
                throw new IllegalArgumentException(
                        path + ": MSP " + fabric.getName() + " is defined twice, differently");
            }
            return fabric.getName();
        }
        try {
            msps.put(fabric.getName(), Msp.of(fabric));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": MSP " + fabric.getName() + " " + e.getMessage(), e);
        }
        bytes.put(fabric.getName(), config.getConfig());
        return fabric.getName();
    }

    /** The policy {@code name} of {@code group} at {@code path}; a missing one is a policy nothing satisfies. */
    private static Policy policy(String path, ConfigGroup group, String name, int depth)
            throws InvalidProtocolBufferException {
        String at = path + "/" + name;
        if (depth > 16) {
            throw new IllegalArgumentException(at + ": policies nest too deeply");
        }
        ConfigPolicy cp = group.getPoliciesMap().get(name);
        if (cp == null || !cp.hasPolicy()) {
            return new Policy.Reject(at + " (missing)");
        }
        var p = cp.getPolicy();
        switch (p.getType()) {
            case 1 -> {
                try {
                    return SignaturePolicy.of(SignaturePolicyEnvelope.parseFrom(p.getValue()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
                }
            }
            case 3 -> {
                var meta = org.hyperledger.fabric.protos.common.ImplicitMetaPolicy.parseFrom(p.getValue());
                ImplicitMetaPolicy.Rule rule =
                        switch (meta.getRule()) {
                            case ANY -> ImplicitMetaPolicy.Rule.ANY;
                            case ALL -> ImplicitMetaPolicy.Rule.ALL;
                            case MAJORITY -> ImplicitMetaPolicy.Rule.MAJORITY;
                            case UNRECOGNIZED ->
                                throw new IllegalArgumentException(
                                        at + ": unknown implicit meta rule " + meta.getRuleValue());
                        };
                List<Policy> subs = new ArrayList<>();
                for (var sub : new TreeMap<>(group.getGroupsMap()).entrySet()) {
                    subs.add(policy(path + "/" + sub.getKey(), sub.getValue(), meta.getSubPolicy(), depth + 1));
                }
                return new ImplicitMetaPolicy(at, rule, meta.getSubPolicy(), subs);
            }
            default -> throw new IllegalArgumentException(at + ": policy type " + p.getType() + " is not supported");
        }
    }

    static String headerType(int type) {
        HeaderType t = HeaderType.forNumber(type);
        return t == null ? Integer.toString(type) : t.name();
    }

    String channelId() {
        return channelId;
    }

    long sequence() {
        return sequence;
    }

    /** The config block this configuration was read from. */
    Block block() {
        return block;
    }

    long blockNumber() {
        return block.getHeader().getNumber();
    }

    String consensusType() {
        return consensusType;
    }

    /** Every MSP of the channel, by MSP id. */
    Map<String, Msp> msps() {
        return msps;
    }

    Set<String> ordererMspIds() {
        return ordererMspIds;
    }

    Set<String> applicationMspIds() {
        return applicationMspIds;
    }

    /** {@code /Channel/Orderer/BlockValidation}, with the policies it refers to resolved. */
    Policy blockValidation() {
        return blockValidation;
    }

    @Override
    public String toString() {
        return "ChannelConfig[" + channelId + " sequence " + sequence + " from block " + blockNumber() + "]";
    }
}
