/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Lock ids against vectors computed outside Java (Python's hashlib and struct over the documented encoding), and
 * against the encoding spelled out byte by byte.
 */
class LockIdsTest {
    static final String SENDER = "Org1MSP:" + "11".repeat(32);
    static final String RECEIVER = "Org2MSP:" + "22".repeat(32);
    static final String HASH_LOCK = "0x" + "ab".repeat(32);
    static final String RECIPIENT = "0x00000000000000000000000000000000000000aa";
    static final BigInteger MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    @Test
    void matches_the_reference_vectors() {
        assertThat(LockIds.of(
                        "xrelay",
                        SENDER,
                        RECEIVER,
                        HASH_LOCK,
                        1_767_225_600L,
                        "USD",
                        BigInteger.valueOf(1000),
                        "ethereum-sepolia",
                        RECIPIENT,
                        BigInteger.valueOf(990)))
                .isEqualTo("0xa31eaf0cb78ed16fc05fbd9d780845d2445aa91856a8a9c86d49541ad9f53380");
        assertThat(LockIds.of(
                        "xrelay",
                        SENDER,
                        RECEIVER,
                        HASH_LOCK,
                        1_767_225_600L,
                        "USD",
                        BigInteger.valueOf(1000),
                        "ethereum-sepolia",
                        RECIPIENT,
                        BigInteger.ZERO))
                .isEqualTo("0x52157c27147c72ccbc6c2450375c9c06f7e56f90ce62f2930b63012efe8884b9");
        assertThat(LockIds.of(
                        "other",
                        SENDER,
                        RECEIVER,
                        HASH_LOCK,
                        1_767_225_600L,
                        "USD",
                        BigInteger.valueOf(1000),
                        "ethereum-sepolia",
                        RECIPIENT,
                        BigInteger.valueOf(990)))
                .isEqualTo("0x2474d4aafab5f572b1007ae1b69609d50907e1e08fa80bc6e8c38e2201232cd6");
    }

    @Test
    void encodes_non_ascii_text_as_utf8_and_the_largest_amounts_in_decimal() {
        assertThat(LockIds.of(
                        "xrelay", SENDER, RECEIVER, HASH_LOCK, 1L, "A.b_c-9", MAX, "fabric-trade", "Zürich ✓", MAX))
                .isEqualTo("0x79c8865d8b1896bf8f510f52db002e51a2345348990125f9ad62d8c05896fdd0");
    }

    @Test
    void is_sha256_over_length_prefixed_fields_in_the_documented_order() throws Exception {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        for (String f :
                new String[] {"xrelay-htlc-v1", "ch", SENDER, RECEIVER, HASH_LOCK, "42", "ETH", "7", "dst", "rcpt", "5"
                }) {
            byte[] b = f.getBytes(StandardCharsets.UTF_8);
            e.write(new byte[] {0, 0, (byte) (b.length >> 8), (byte) b.length});
            e.write(b);
        }
        String expected = "0x"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(e.toByteArray()));

        assertThat(LockIds.of(
                        "ch",
                        SENDER,
                        RECEIVER,
                        HASH_LOCK,
                        42L,
                        "ETH",
                        BigInteger.valueOf(7),
                        "dst",
                        "rcpt",
                        BigInteger.valueOf(5)))
                .isEqualTo(expected)
                .matches("0x[0-9a-f]{64}");
    }

    @Test
    void the_length_prefix_keeps_field_boundaries_apart() {
        String a = LockIds.of("ch", SENDER, RECEIVER, HASH_LOCK, 1L, "ETH", BigInteger.ONE, "ab", "c", BigInteger.ZERO);
        String b = LockIds.of("ch", SENDER, RECEIVER, HASH_LOCK, 1L, "ETH", BigInteger.ONE, "a", "bc", BigInteger.ZERO);

        assertThat(a).isNotEqualTo(b);
    }
}
