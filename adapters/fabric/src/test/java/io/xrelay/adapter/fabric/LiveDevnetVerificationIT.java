/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.Test;

/**
 * Every block of a live devnet verified from its genesis block: the channel's creation, a config update, the HTLC
 * chaincode's definition and HTLC transactions made through the Fabric Gateway, as org1's peer serves them.
 */
class LiveDevnetVerificationIT {
    private static final SignaturePolicy BOTH = SignaturePolicy.parse("AND('Org1MSP.peer','Org2MSP.peer')");

    @Test
    void verifies_every_block_of_a_live_devnet_from_block_zero() throws IOException {
        Path state = DevnetScript.root().resolve("adapters/fabric/target/fabric-verify-it-devnet");
        deleteTree(state);
        try (DevnetScript devnet = DevnetScript.up(state)) {
            devnet.deployHtlc();
            Path update = state.resolve("batch-timeout-update.tx");
            Files.write(
                    update,
                    ConfigUpdates.batchTimeout(devnet.block(0), DevnetScript.CHANNEL, "750ms")
                            .toByteArray());
            devnet.peerAsOrdererAdmin("channel", "update", "-c", DevnetScript.CHANNEL, "-f", update.toString());
            String lockId;
            try (GatewayClient admin = devnet.client("org1", "Admin", "htlc");
                    GatewayClient alice = devnet.client("org1", "User1", "htlc");
                    GatewayClient bob = devnet.client("org2", "User1", "htlc")) {
                admin.submit("Mint", "XRT", alice.account(), "50");
                byte[] preimage = FabricCrypto.sha256("live devnet".getBytes(StandardCharsets.UTF_8));
                lockId = alice.submit(
                        "Lock",
                        bob.account(),
                        "0x" + FabricCrypto.hex(FabricCrypto.sha256(preimage)),
                        Long.toString(System.currentTimeMillis() / 1000 + 3600),
                        "XRT",
                        "20",
                        "eth-devnet",
                        "0x00000000000000000000000000000000000000bb",
                        "0");
                bob.submit("Claim", lockId, "0x" + FabricCrypto.hex(preimage));
            }

            long height = devnet.height();
            BlockVerifier verifier = new BlockVerifier(ChannelTrust.fromConfigBlock(devnet.block(0)));
            int configBlocks = 0;
            int htlcEvents = 0;
            for (long n = 1; n < height; n++) {
                Block b = devnet.block(n);
                VerifiedBlock vb = verifier.verify(b);
                assertThat(vb.number()).isEqualTo(n);
                if (vb.configBlock()) {
                    configBlocks++;
                    continue;
                }
                for (int i = 0; i < vb.transactionCount(); i++) {
                    assertThat(vb.validationCode(i))
                            .as("block %d transaction %d", n, i)
                            .isZero();
                    Optional<ChaincodeEventData> event = htlcEvent(vb, i);
                    if (event.isPresent()) {
                        htlcEvents++;
                        if (event.get().name().equals("Claimed")) {
                            assertThat(new String(event.get().payload(), StandardCharsets.UTF_8))
                                    .contains("\"id\":\"" + lockId + "\"");
                        }
                    }
                }
            }
            assertThat(verifier.trust().number()).isEqualTo(height - 1);
            assertThat(configBlocks).as("the config update").isEqualTo(1);
            assertThat(verifier.trust().config().sequence()).isEqualTo(1);
            assertThat(htlcEvents).as("Minted, Locked, Claimed").isEqualTo(3);
        }
    }

    /** The event of transaction {@code i} if it is an action of the HTLC chaincode (else a _lifecycle one). */
    private static Optional<ChaincodeEventData> htlcEvent(VerifiedBlock vb, int i) {
        try {
            return vb.endorsedAction(i, "htlc", BOTH).event();
        } catch (io.xrelay.adapter.VerificationFailedException e) {
            assertThat(e.reason()).contains("is an action of chaincode \"_lifecycle\", not htlc");
            return Optional.empty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
