/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** The callers, time, secret and ledger the tests of the HTLC rules share. */
final class HtlcFixtures {
    static final String CHANNEL = "xrelay";
    static final long NOW = 1_800_000_000L;
    static final Caller ADMIN = new Caller("Org1MSP", "Org1MSP:" + "a0".repeat(32), true);
    static final Caller ALICE = new Caller("Org1MSP", "Org1MSP:" + "a1".repeat(32), false);
    static final Caller BOB = new Caller("Org2MSP", "Org2MSP:" + "b0".repeat(32), false);
    static final Caller CAROL = new Caller("Org2MSP", "Org2MSP:" + "c0".repeat(32), false);
    static final BigInteger MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    static final String PREIMAGE = "0x" + "42".repeat(32);
    static final String HASH_LOCK = "0x" + sha256Hex(HexFormat.of().parseHex("42".repeat(32)));

    private HtlcFixtures() {}

    /** An empty ledger at {@link #NOW} that reads as a peer does: never a transaction's own writes. */
    static MemoryLedger peerLedger() {
        return new MemoryLedger(CHANNEL).at(Instant.ofEpochSecond(NOW)).peerReads();
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
