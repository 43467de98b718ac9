/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.VerificationFailedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTLC chaincode's transactions in the devnet fixtures (blocks 11-18), read as endorsed actions. */
class HtlcFixturesTest {
    private static final SignaturePolicy BOTH = SignaturePolicy.parse("AND('Org1MSP.peer','Org2MSP.peer')");
    private static final List<VerifiedBlock> BLOCKS = new ArrayList<>();

    @BeforeAll
    static void verifyAll() {
        BlockVerifier v = new BlockVerifier(Fixtures.anchor());
        for (long n = 1; n <= Fixtures.LAST; n++) {
            BLOCKS.add(v.verify(Fixtures.block(n)));
        }
    }

    private static VerifiedBlock block(int n) {
        return BLOCKS.get(n - 1);
    }

    private static EndorsedAction only(int n) {
        VerifiedBlock b = block(n);
        assertThat(b.transactionCount()).isEqualTo(1);
        assertThat(b.validationCode(0)).as("VALID").isZero();
        return b.endorsedAction(0, "htlc", BOTH);
    }

    private static String event(EndorsedAction a, String name) {
        assertThat(a.event()).isPresent();
        ChaincodeEventData e = a.event().orElseThrow();
        assertThat(e.name()).isEqualTo(name);
        return new String(e.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void the_lock_the_claim_and_the_refund_carry_their_events() {
        EndorsedAction mint = only(11);
        EndorsedAction lock = only(12);
        EndorsedAction claim = only(13);
        EndorsedAction refund = only(15);

        assertThat(mint.creatorMspId()).isEqualTo("Org1MSP");
        assertThat(event(mint, "Minted")).contains("\"amount\":\"1000000\"");
        String locked = event(lock, "Locked");
        assertThat(locked)
                .contains("\"status\":\"LOCKED\"", "\"amount\":\"100\"", "\"destinationChain\":\"eth-devnet\"");
        assertThat(lock.creatorMspId()).isEqualTo("Org1MSP");
        assertThat(lock.responseStatus()).isEqualTo(200);
        String id = locked.replaceAll(".*\"id\":\"(0x[0-9a-f]{64})\".*", "$1");
        String claimed = event(claim, "Claimed");
        assertThat(claim.creatorMspId()).isEqualTo("Org2MSP");
        assertThat(claimed).contains("\"id\":\"" + id + "\"", "\"preimage\":\"0x");
        assertThat(event(only(14), "Locked")).contains("\"amount\":\"7\"");
        assertThat(event(refund, "Refunded")).contains("\"amount\":\"7\"");
        assertThat(refund.timestamp()).isAfter(lock.timestamp());
    }

    @Test
    void a_lock_endorsed_by_one_org_is_marked_invalid_by_the_peer_and_refused_by_the_policy() {
        VerifiedBlock b = block(16);

        assertThat(b.validationCode(0)).as("ENDORSEMENT_POLICY_FAILURE").isEqualTo(10);
        try {
            b.endorsedAction(0, "htlc", BOTH);
            throw new AssertionError("accepted");
        } catch (VerificationFailedException e) {
            assertThat(e.reason())
                    .isEqualTo("block 16: transaction 0: endorsement policy AND('Org1MSP.peer','Org2MSP.peer') not"
                            + " satisfied: only endorsements by Org1MSP");
        }
    }

    @Test
    void a_block_of_ten_locks_by_ten_senders_is_all_valid_and_endorsed_by_both_orgs() {
        VerifiedBlock mints = block(17);
        VerifiedBlock locks = block(18);

        assertThat(mints.transactionCount()).isEqualTo(10);
        assertThat(locks.transactionCount()).isEqualTo(10);
        List<String> senders = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            assertThat(mints.validationCode(i)).isZero();
            assertThat(event(mints.endorsedAction(i, "htlc", BOTH), "Minted")).contains("\"amount\":\"1000\"");
            assertThat(locks.validationCode(i)).isZero();
            EndorsedAction a = locks.endorsedAction(i, "htlc", BOTH);
            assertThat(event(a, "Locked")).contains("\"status\":\"LOCKED\"");
            senders.add(
                    Identity.x509(a.creatorCertDer()).getSubjectX500Principal().getName());
        }
        assertThat(senders).doesNotHaveDuplicates();
    }
}
