/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Durations;
import io.xrelay.relay.proto.v1.Blob;
import io.xrelay.relay.proto.v1.EthereumChainSpec;
import io.xrelay.relay.proto.v1.FabricChainSpec;
import io.xrelay.relay.proto.v1.RegisterChainRequest;
import io.xrelay.relay.proto.v1.RelaySettings;
import io.xrelay.relay.proto.v1.SecretRef;
import org.junit.jupiter.api.Test;

/** The chains' registration files: protobuf JSON that reads back as the same request, secrets only as references. */
class ChainSpecsTest {
    private static final RegisterChainRequest ETH = RegisterChainRequest.newBuilder()
            .setChainId("eth-dev")
            .setEthereum(EthereumChainSpec.newBuilder()
                    .setRpcUrl("http://127.0.0.1:8545")
                    .setEvmChainId(31337)
                    .setHtlcContract("0x5fbdb2315678afecb367f032d93f642f64180aa3")
                    .setSignerKey(SecretRef.newBuilder().setFile("/devnet/keys/eth-operator.key"))
                    .setTrustAnchorHash(ByteString.copyFrom(new byte[] {1, 2, 3}))
                    .setFinalityDepth(2)
                    .setRulesPreset("anvil"))
            .setRelay(RelaySettings.newBuilder()
                    .setFinalityTime(Durations.fromSeconds(3))
                    .setClockTolerance(Durations.fromSeconds(15))
                    .setMaxInFlight(64))
            .build();

    private static final RegisterChainRequest FABRIC = RegisterChainRequest.newBuilder()
            .setChainId("fabric-dev")
            .setFabric(FabricChainSpec.newBuilder()
                    .setChannel("xrelay")
                    .setChaincode("htlc")
                    .setEndorsementPolicy("AND('Org1MSP.peer','Org2MSP.peer')")
                    .setGateway(FabricChainSpec.Peer.newBuilder()
                            .setMspId("Org1MSP")
                            .setAddress("127.0.0.1:7051")
                            .setTlsCa(Blob.newBuilder().setFile("/devnet/fabric/tlsca.pem")))
                    .setSignerMspId("Org1MSP")
                    .setSignerCertificate(Blob.newBuilder().setInline(ByteString.copyFromUtf8("-----BEGIN")))
                    .setSignerPrivateKey(SecretRef.newBuilder().setFile("/devnet/keys/fabric-operator.key")))
            .build();

    @Test
    void both_specs_read_back_from_their_json_as_the_same_request() {
        assertThat(ChainSpecs.fromJson(ChainSpecs.toJson(ETH))).isEqualTo(ETH);
        assertThat(ChainSpecs.fromJson(ChainSpecs.toJson(FABRIC))).isEqualTo(FABRIC);
    }

    @Test
    void the_json_uses_the_contracts_field_names_and_holds_the_key_as_a_file_reference() {
        String json = ChainSpecs.toJson(ETH);

        assertThat(json)
                .contains("\"chainId\": \"eth-dev\"")
                .contains("\"signerKey\": {\n      \"file\": \"/devnet/keys/eth-operator.key\"")
                .contains("\"finalityTime\": \"3s\"");
    }

    @Test
    void an_unknown_field_is_refused_naming_it() {
        assertThatThrownBy(() -> ChainSpecs.fromJson("{\"chainId\": \"x\", \"rpcUrl\": \"http://h\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rpcUrl");
    }
}
