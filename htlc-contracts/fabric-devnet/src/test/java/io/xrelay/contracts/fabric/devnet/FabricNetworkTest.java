/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code network.json} as {@code fabric-devnet.sh} writes it, read into {@link FabricNetwork}. */
class FabricNetworkTest {
    @TempDir
    Path dir;

    private static String org(String name, String msp, int port) {
        String d = "/s/crypto/peerOrganizations/" + name + ".example.com";
        return """
                {
                  "name": "%s", "mspId": "%s", "mspDir": "%s/msp", "tlsCaFile": "%s/tlsca/ca.pem",
                  "peer": {"name": "peer0.%s.example.com", "address": "127.0.0.1:%d", "chaincodeAddress": "127.0.0.1:%d",
                           "operationsAddress": "127.0.0.1:%d", "tlsCaFile": "%s/tlsca/ca.pem", "pid": %d,
                           "logFile": "/s/nodes/peer0/log"},
                  "admin": {"name": "Admin@%s.example.com", "mspDir": "%s/users/Admin/msp", "certFile": "%s/a.pem",
                            "keyFile": "%s/a.key", "tlsCertFile": "%s/a.crt", "tlsKeyFile": "%s/a.tkey"},
                  "user": {"name": "User1@%s.example.com", "mspDir": "%s/users/User1/msp", "certFile": "%s/u.pem",
                           "keyFile": "%s/u.key", "tlsCertFile": "%s/u.crt", "tlsKeyFile": "%s/u.tkey"}
                }"""
                .formatted(
                        name, msp, d, d, name, port, port + 1, port + 2, d, port * 10, name, d, d, d, d, d, name, d, d,
                        d, d, d);
    }

    private Path write(String chaincodes) throws IOException {
        String json =
                """
                {
                  "fabricVersion": "Hyperledger Fabric 3.1.1", "stateDir": "/s", "binDir": "/bin", "channel": "xrelay",
                  "orderer": {"name": "orderer.example.com", "mspId": "OrdererMSP", "address": "127.0.0.1:7050",
                              "adminAddress": "127.0.0.1:7053", "operationsAddress": "127.0.0.1:8443",
                              "tlsCaFile": "/s/o/ca.pem", "adminClientCertFile": "/s/o/c.crt",
                              "adminClientKeyFile": "/s/o/c.key", "mspDir": "/s/o/msp", "pid": 11,
                              "logFile": "/s/nodes/orderer/log"},
                  "orgs": [%s, %s]%s
                }"""
                        .formatted(org("org1", "Org1MSP", 7051), org("org2", "Org2MSP", 9051), chaincodes);
        Path file = dir.resolve("network.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void reads_the_orderer_the_orgs_their_identities_and_the_chaincode_servers() throws IOException {
        FabricNetwork net = FabricNetwork.read(
                write(
                        """
                ,
                  "chaincodes": [
                    {"name": "htlc", "packageId": "htlc:ab", "address": "127.0.0.1:9999",
                     "policy": "AND('Org1MSP.peer','Org2MSP.peer')", "sequence": 2, "tls": true,
                     "tlsCaFile": "/s/nodes/cc-htlc/tls/ca.crt", "jar": "/r/cc.jar", "pid": 99,
                     "logFile": "/s/nodes/cc-htlc/log"},
                    {"name": "plain", "packageId": "plain:cd", "address": "127.0.0.1:9998", "policy": "OR('Org1MSP.peer')",
                     "sequence": 1, "tls": false, "jar": "/r/cc.jar", "pid": 98, "logFile": "/s/nodes/cc-plain/log"}
                  ]"""));

        assertThat(net.channel()).isEqualTo("xrelay");
        assertThat(net.orderer().pid()).isEqualTo(11);
        assertThat(net.org("Org2MSP")).isSameAs(net.org("org2"));
        assertThat(net.org("org1").peer().address()).isEqualTo("127.0.0.1:7051");
        assertThat(net.org("org1").admin().mspId()).isEqualTo("Org1MSP");
        assertThat(net.org("org2").user().mspId()).isEqualTo("Org2MSP");
        assertThat(net.org("org2").user().keyFile())
                .isEqualTo(Path.of("/s/crypto/peerOrganizations/org2.example.com/u.key"));
        assertThat(net.chaincode("htlc"))
                .isEqualTo(new FabricNetwork.Chaincode(
                        "htlc",
                        "htlc:ab",
                        "127.0.0.1:9999",
                        "AND('Org1MSP.peer','Org2MSP.peer')",
                        2,
                        Path.of("/s/nodes/cc-htlc/tls/ca.crt"),
                        Path.of("/r/cc.jar"),
                        99,
                        Path.of("/s/nodes/cc-htlc/log")));
        assertThat(net.chaincode("htlc").tls()).isTrue();
        assertThat(net.chaincode("plain").tls()).isFalse();
        assertThat(net.chaincode("plain").tlsCaFile()).isNull();
        assertThat(net.pids()).containsExactly(11L, 70510L, 90510L, 99L, 98L);
        assertThat(net.listenAddresses())
                .hasSize(11)
                .startsWith("127.0.0.1:7050", "127.0.0.1:7053", "127.0.0.1:8443")
                .endsWith("127.0.0.1:9999", "127.0.0.1:9998");
    }

    @Test
    void a_network_without_chaincode_servers_has_none() throws IOException {
        FabricNetwork net = FabricNetwork.read(write(""));

        assertThat(net.chaincodes()).isEmpty();
        assertThat(net.pids()).hasSize(3);
        assertThatThrownBy(() -> net.chaincode("htlc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no chaincode 'htlc'");
        assertThatThrownBy(() -> net.org("org3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("org1, org2");
    }

    @Test
    void names_the_file_and_key_of_a_malformed_description() throws IOException {
        Path file = write(",\n  \"chaincodes\": [{\"name\": \"htlc\"}]");

        assertThatThrownBy(() -> FabricNetwork.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("packageId");
        assertThatThrownBy(() -> FabricNetwork.read(dir.resolve("none.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no network description");
    }
}
