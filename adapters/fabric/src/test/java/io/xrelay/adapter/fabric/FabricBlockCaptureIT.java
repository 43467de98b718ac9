/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Captures the block fixtures of {@code src/test/resources/fabric-blocks} from a fresh devnet (see the README
 * there). Runs only on request:
 *
 * <pre>
 * ./mvnw -B -pl adapters/fabric -am verify -Dfabric-blocks.capture=true -Dit.test=FabricBlockCaptureIT \
 *     -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "fabric-blocks.capture", matches = "true")
class FabricBlockCaptureIT {
    @Test
    void captures_the_block_fixtures_from_a_fresh_devnet() throws IOException {
        Path root = DevnetScript.root();
        Path out = root.resolve("adapters/fabric/src/test/resources/fabric-blocks");
        Path state = root.resolve("adapters/fabric/target/fabric-capture-devnet");
        deleteTree(state);
        try (DevnetScript devnet = DevnetScript.up(state)) {
            // blocks 1-3: _lifecycle approve (Org1), approve (Org2), commit (endorsed by both orgs)
            devnet.script("deploy-ccaas", "basic", "127.0.0.1:7999");
            devnet.awaitHeight(4);
            // block 4: a config update of /Channel/Orderer/BatchTimeout, signed by the orderer org's admin
            Path update = state.resolve("batch-timeout-update.tx");
            Files.write(
                    update,
                    ConfigUpdates.batchTimeout(devnet.block(0), DevnetScript.CHANNEL, "1s")
                            .toByteArray());
            devnet.peerAsOrdererAdmin("channel", "update", "-c", DevnetScript.CHANNEL, "-f", update.toString());
            devnet.awaitHeight(5);
            // blocks 5-7: another chaincode definition, under the updated config
            devnet.script("deploy-ccaas", "basic2", "127.0.0.1:7998");
            devnet.awaitHeight(8);

            long height = devnet.height();
            Files.createDirectories(out);
            List<Block> blocks = new ArrayList<>();
            for (long n = 0; n < height; n++) {
                byte[] bytes = devnet.fetch(n);
                Files.write(out.resolve(n + ".block"), bytes);
                blocks.add(Block.parseFrom(bytes));
            }
            Path crypto = state.resolve("crypto");
            copyCa(crypto.resolve("ordererOrganizations/example.com/ca"), out.resolve("keys/OrdererMSP"));
            copyCa(crypto.resolve("peerOrganizations/org1.example.com/ca"), out.resolve("keys/Org1MSP"));
            copyCa(crypto.resolve("peerOrganizations/org2.example.com/ca"), out.resolve("keys/Org2MSP"));

            BlockVerifier verifier = new BlockVerifier(ChannelTrust.fromConfigBlock(blocks.get(0)));
            for (Block b : blocks.subList(1, blocks.size())) {
                verifier.verify(b);
            }
            assertThat(verifier.trust().number()).isEqualTo(height - 1);
            assertThat(verifier.trust().config().sequence()).isGreaterThan(0);
        }
    }

    private static void copyCa(Path caDir, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(caDir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                Path target = to.resolve(name.endsWith("_sk") ? "ca-key.pem" : "ca-cert.pem");
                Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
