/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.devnet;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;
import io.xrelay.contracts.fabric.devnet.FabricDevnet;
import io.xrelay.contracts.fabric.devnet.FabricNetwork;
import io.xrelay.contracts.fabric.devnet.HtlcChaincode;
import io.xrelay.relay.proto.v1.Blob;
import io.xrelay.relay.proto.v1.EthereumChainSpec;
import io.xrelay.relay.proto.v1.FabricChainSpec;
import io.xrelay.relay.proto.v1.RegisterChainRequest;
import io.xrelay.relay.proto.v1.RelaySettings;
import io.xrelay.relay.proto.v1.SecretRef;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The devnets' chains as {@code relay.v1.RegisterChainRequest}s, and their protobuf JSON form (the files
 * {@code xrelay chain register --file} reads). Secrets are references to files, never values.
 */
public final class ChainSpecs {
    private ChainSpecs() {}

    /** The Ethereum devnet, the operator's key in {@code keyFile}. */
    public static RegisterChainRequest ethereum(DevnetSetup setup, Path keyFile) {
        DevnetSetup.Deployment d = setup.deployment();
        return RegisterChainRequest.newBuilder()
                .setChainId(DevnetSetup.ETH.value())
                .setEthereum(EthereumChainSpec.newBuilder()
                        .setRpcUrl(d.rpcUrl())
                        .setEvmChainId(d.evmChainId())
                        .setHtlcContract(d.htlc())
                        .setSignerKey(SecretRef.newBuilder().setFile(keyFile.toString()))
                        .setTrustAnchorNumber(0)
                        .setTrustAnchorHash(com.google.protobuf.ByteString.copyFrom(
                                HexFormat.of().parseHex(d.genesisHash().substring(2))))
                        .setFinalityDepth(DevnetSetup.ETH_FINALITY_DEPTH)
                        .setRulesPreset("anvil"))
                .setRelay(RelaySettings.newBuilder()
                        .setFinalityTime(Durations.fromSeconds(DevnetSetup.ETH_FINALITY.toSeconds()))
                        .setClockTolerance(Durations.fromSeconds(DevnetSetup.ETH_CLOCK_TOLERANCE.toSeconds()))
                        .setMaxInFlight(64))
                .build();
    }

    /** The Fabric devnet's channel, the operator's private key in {@code keyFile}. */
    public static RegisterChainRequest fabric(DevnetSetup setup, Path keyFile) {
        FabricNetwork network = setup.network();
        FabricNetwork.Org org1 = network.org("Org1MSP");
        FabricNetwork.Org org2 = network.org("Org2MSP");
        FabricNetwork.Identity operator = setup.deployment().operatorFabric();
        return RegisterChainRequest.newBuilder()
                .setChainId(DevnetSetup.FABRIC.value())
                .setFabric(FabricChainSpec.newBuilder()
                        .setChannel(network.channel())
                        .setChaincode(HtlcChaincode.DEFAULT_NAME)
                        .setEndorsementPolicy(FabricDevnet.BOTH_ORGS)
                        .setGateway(peer(org1))
                        .addConfirmingPeers(peer(org1))
                        .addConfirmingPeers(peer(org2))
                        .setSignerMspId(operator.mspId())
                        .setSignerCertificate(file(operator.certFile()))
                        .setSignerPrivateKey(SecretRef.newBuilder().setFile(keyFile.toString()))
                        .setTrustAnchorConfigBlock(file(setup.configBlock())))
                .setRelay(RelaySettings.newBuilder()
                        .setFinalityTime(Durations.fromSeconds(DevnetSetup.FABRIC_FINALITY.toSeconds()))
                        .setClockTolerance(Durations.fromSeconds(DevnetSetup.FABRIC_CLOCK_TOLERANCE.toSeconds()))
                        .setMaxInFlight(64))
                .build();
    }

    private static FabricChainSpec.Peer peer(FabricNetwork.Org org) {
        return FabricChainSpec.Peer.newBuilder()
                .setMspId(org.mspId())
                .setAddress(org.peer().address())
                .setTlsCa(file(org.peer().tlsCaFile()))
                .build();
    }

    private static Blob file(Path p) {
        return Blob.newBuilder().setFile(p.toString()).build();
    }

    /** The request in protobuf JSON (field names in lowerCamelCase, as JsonFormat prints them). */
    public static String toJson(RegisterChainRequest request) {
        try {
            return JsonFormat.printer().print(request) + "\n";
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + request.getChainId() + " as JSON", e);
        }
    }

    /**
     * Reads a request from protobuf JSON.
     *
     * @throws IllegalArgumentException naming the problem (unknown field, wrong type)
     */
    public static RegisterChainRequest fromJson(String json) {
        RegisterChainRequest.Builder b = RegisterChainRequest.newBuilder();
        try {
            JsonFormat.parser().merge(json, b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return b.build();
    }
}
