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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmittedTransaction;
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
            // blocks 8-10: the HTLC chaincode's definition; then one HTLC transaction per block
            devnet.deployHtlc();
            devnet.awaitHeight(11);
            htlcTransactions(devnet);

            long height = devnet.height();
            Files.createDirectories(out);
            try (var old = Files.list(out)) {
                for (Path p : old.filter(p -> p.toString().endsWith(".block")).toList()) {
                    Files.delete(p);
                }
            }
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
            // the layout the tests (Fixtures, HtlcFixturesTest) rely on; a rerun that batches otherwise must be
            // run again, not committed
            assertThat(height).isEqualTo(Fixtures.LAST + 1);
            for (int n = 1; n <= Fixtures.LAST; n++) {
                assertThat(blocks.get(n).getData().getDataCount())
                        .as("transactions in block %d", n)
                        .isEqualTo(n >= 17 ? 10 : 1);
            }
            assertThat(verifier.trust().config().sequence()).isGreaterThan(0);
        }
    }

    /**
     * Block 11 Mint (Org1's admin mints to Org1's user), 12 Lock (Org1's user locks for Org2's user), 13 Claim (by
     * Org2's user, with the preimage), 14 a Lock that expires in a few seconds, 15 its Refund, 16 a Lock endorsed by
     * Org1 only (committed with ENDORSEMENT_POLICY_FAILURE); then ten Mints to ten new senders and their ten Locks,
     * each batch submitted at once (so mostly in one block).
     */
    private static void htlcTransactions(DevnetScript devnet) throws IOException {
        try (GatewayClient admin1 = devnet.client("org1", "Admin", "htlc");
                GatewayClient user1 = devnet.client("org1", "User1", "htlc");
                GatewayClient user2 = devnet.client("org2", "User1", "htlc")) {
            admin1.submit("Mint", "XRT", user1.account(), "1000000");
            byte[] preimage = FabricCrypto.sha256("xrelay fixture preimage".getBytes(StandardCharsets.UTF_8));
            String hashLock = "0x" + FabricCrypto.hex(FabricCrypto.sha256(preimage));
            long now = System.currentTimeMillis() / 1000;
            String id = user1.submit("Lock", lockArgs(user2.account(), hashLock, now + 3600, "100"));
            user2.submit("Claim", id, "0x" + FabricCrypto.hex(preimage));
            String shortLived = user1.submit("Lock", lockArgs(user2.account(), hashLock, now + 5, "7"));
            sleepUntil(now + 7);
            user2.submit("Refund", shortLived);
            Status invalid = user1.submitEndorsedBy(
                    List.of("Org1MSP"), "Lock", lockArgs(user2.account(), hashLock, now + 3601, "5"));
            assertThat(invalid.isSuccessful()).isFalse();
            // ten senders, funded in one block, then locking at once: one block of ten Locks without conflicts
            List<GatewayClient> senders = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    senders.add(devnet.newClient("org1", "sender" + i, "htlc"));
                }
                List<SubmittedTransaction> mints = new ArrayList<>();
                for (GatewayClient s : senders) {
                    mints.add(admin1.submitAsync("Mint", "XRT", s.account(), "1000"));
                }
                for (SubmittedTransaction tx : mints) {
                    GatewayClient.result(tx, "Mint");
                }
                List<SubmittedTransaction> locks = new ArrayList<>();
                for (int i = 0; i < senders.size(); i++) {
                    locks.add(senders.get(i)
                            .submitAsync("Lock", lockArgs(user2.account(), hashLock, now + 7200 + i, "1")));
                }
                for (SubmittedTransaction tx : locks) {
                    GatewayClient.result(tx, "Lock");
                }
            } finally {
                for (GatewayClient s : senders) {
                    s.close();
                }
            }
        }
    }

    private static String[] lockArgs(String receiver, String hashLock, long timeLock, String amount) {
        return new String[] {
            receiver,
            hashLock,
            Long.toString(timeLock),
            "XRT",
            amount,
            "eth-devnet",
            "0x00000000000000000000000000000000000000aa",
            "0"
        };
    }

    private static void sleepUntil(long epochSecond) {
        long ms = epochSecond * 1000 - System.currentTimeMillis();
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
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
