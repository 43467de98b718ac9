/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The DER block header and Fabric's ECDSA signature rules. */
class FabricCryptoTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodes_the_header_as_a_der_sequence_of_number_previous_hash_and_data_hash() {
        byte[] bytes = FabricCrypto.headerBytes(
                0, ByteString.EMPTY, ByteString.copyFrom(new byte[] {(byte) 0xab, (byte) 0xcd}));

        assertThat(HEX.formatHex(bytes)).isEqualTo("3009" + "020100" + "0400" + "0402abcd");
    }

    @Test
    void encodes_numbers_as_unsigned_minimal_der_integers() {
        assertThat(HEX.formatHex(FabricCrypto.headerBytes(127, ByteString.EMPTY, ByteString.EMPTY)))
                .isEqualTo("3007" + "02017f" + "0400" + "0400");
        assertThat(HEX.formatHex(FabricCrypto.headerBytes(128, ByteString.EMPTY, ByteString.EMPTY)))
                .isEqualTo("3008" + "02020080" + "0400" + "0400");
        assertThat(HEX.formatHex(FabricCrypto.headerBytes(Long.MIN_VALUE, ByteString.EMPTY, ByteString.EMPTY)))
                .as("2^63, read as unsigned")
                .isEqualTo("300f" + "0209008000000000000000" + "0400" + "0400");
    }

    @Test
    void encodes_long_data_hashes_with_long_form_lengths() {
        byte[] bytes =
                FabricCrypto.headerBytes(1, ByteString.copyFrom(new byte[32]), ByteString.copyFrom(new byte[200]));

        assertThat(HEX.formatHex(bytes, 0, 9)).isEqualTo("3081f0" + "020101" + "0420" + "00");
        assertThat(bytes).hasSize(3 + 3 + 34 + 3 + 200);
        assertThat(HEX.formatHex(bytes, 40, 43)).isEqualTo("0481c8");
    }

    @Test
    void parses_only_strict_der_signatures() {
        assertThat(FabricCrypto.parseDerSignature(HEX.parseHex("3006020101020102")))
                .containsExactly(BigInteger.ONE, BigInteger.TWO);
        assertThat(FabricCrypto.parseDerSignature(HEX.parseHex("300702020001020102")))
                .as("a non-minimal integer")
                .isNull();
        assertThat(FabricCrypto.parseDerSignature(HEX.parseHex("300602010102010200")))
                .as("a trailing byte")
                .isNull();
        assertThat(FabricCrypto.parseDerSignature(HEX.parseHex("3007020101020102")))
                .as("a wrong length")
                .isNull();
        assertThat(FabricCrypto.parseDerSignature(HEX.parseHex("3106020101020102")))
                .as("not a sequence")
                .isNull();
    }

    @Test
    void refuses_high_s_and_out_of_range_values_but_accepts_the_low_s_twin() {
        TestCa.Leaf signer = TestCa.devnet("Org1MSP").issue("peer0", "peer");
        ByteString message = ByteString.copyFromUtf8("message");
        ByteString sig = signer.sign(message);
        BigInteger[] rs = java.util.Objects.requireNonNull(FabricCrypto.parseDerSignature(sig.toByteArray()));
        ByteString high = ByteString.copyFrom(FabricCrypto.derSignature(rs[0], FabricCrypto.P256_N.subtract(rs[1])));
        ByteString zeroR = ByteString.copyFrom(FabricCrypto.derSignature(BigInteger.ZERO, rs[1]));

        assertThat(FabricCrypto.verifyP256(signer.cert().getPublicKey(), sig, message))
                .isEmpty();
        assertThat(FabricCrypto.verifyP256(signer.cert().getPublicKey(), high, message))
                .contains("is not low-S (s > n/2)");
        assertThat(FabricCrypto.verifyP256(signer.cert().getPublicKey(), zeroR, message))
                .contains("is out of range");
        assertThat(FabricCrypto.verifyP256(signer.cert().getPublicKey(), sig, ByteString.copyFromUtf8("other")))
                .contains("does not verify");
        assertThat(FabricCrypto.verifyP256(
                        signer.cert().getPublicKey(),
                        sig,
                        ByteString.copyFromUtf8("mess"),
                        ByteString.copyFromUtf8("age")))
                .as("the signed bytes are the concatenation of the parts")
                .isEmpty();
    }
}
