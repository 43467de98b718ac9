/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The few primitives block verification needs: SHA-256, the DER block header, and Fabric's ECDSA rule (SHA-256 over
 * the message, P-256, a strict DER signature whose s is at most n/2).
 */
final class FabricCrypto {
    /** The order n of the P-256 group. */
    static final BigInteger P256_N =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    static final BigInteger P256_HALF_N = P256_N.shiftRight(1);

    private static final HexFormat HEX = HexFormat.of();

    private FabricCrypto() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static byte[] sha256(byte[]... parts) {
        MessageDigest d = sha256();
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /**
     * The bytes the block header hash is taken over: DER {@code SEQUENCE { INTEGER number, OCTET STRING
     * previous_hash, OCTET STRING data_hash }}, the number read as an unsigned 64-bit integer.
     */
    static byte[] headerBytes(long number, ByteString previousHash, ByteString dataHash) {
        byte[] n = new BigInteger(Long.toUnsignedString(number)).toByteArray(); // minimal, non-negative
        int content = tlvLength(n.length) + tlvLength(previousHash.size()) + tlvLength(dataHash.size());
        byte[] out = new byte[tlvLength(content)];
        int at = writeHeader(out, 0, 0x30, content);
        at = writeHeader(out, at, 0x02, n.length);
        System.arraycopy(n, 0, out, at, n.length);
        at += n.length;
        at = writeHeader(out, at, 0x04, previousHash.size());
        previousHash.copyTo(out, at);
        at += previousHash.size();
        at = writeHeader(out, at, 0x04, dataHash.size());
        dataHash.copyTo(out, at);
        return out;
    }

    static byte[] headerHash(long number, ByteString previousHash, ByteString dataHash) {
        return sha256(headerBytes(number, previousHash, dataHash));
    }

    private static int tlvLength(int contentLength) {
        return 1 + lengthOfLength(contentLength) + contentLength;
    }

    private static int lengthOfLength(int length) {
        if (length < 0x80) {
            return 1;
        }
        int bytes = 0;
        for (int l = length; l > 0; l >>>= 8) {
            bytes++;
        }
        return 1 + bytes;
    }

    private static int writeHeader(byte[] out, int at, int tag, int length) {
        out[at++] = (byte) tag;
        if (length < 0x80) {
            out[at++] = (byte) length;
            return at;
        }
        int bytes = lengthOfLength(length) - 1;
        out[at++] = (byte) (0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out[at++] = (byte) (length >>> (8 * i));
        }
        return at;
    }

    /**
     * Checks an ECDSA P-256 signature over the concatenation of {@code parts} as Fabric does.
     *
     * @return empty if it verifies, else what is wrong ("is not a DER signature", "is not low-S", "does not verify")
     */
    static Optional<String> verifyP256(PublicKey key, ByteString signature, ByteString... parts) {
        byte[] der = signature.toByteArray();
        BigInteger[] rs = parseDerSignature(der);
        if (rs == null) {
            return Optional.of("is not a DER ECDSA signature");
        }
        BigInteger r = rs[0];
        BigInteger s = rs[1];
        if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(P256_N) >= 0 || s.compareTo(P256_N) >= 0) {
            return Optional.of("is out of range");
        }
        if (s.compareTo(P256_HALF_N) > 0) {
            return Optional.of("is not low-S (s > n/2)");
        }
        try {
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(key);
            for (ByteString p : parts) {
                v.update(p.asReadOnlyByteBuffer());
            }
            return v.verify(der) ? Optional.empty() : Optional.of("does not verify");
        } catch (GeneralSecurityException e) {
            return Optional.of("does not verify (" + e.getMessage() + ")");
        }
    }

    /**
     * Parses a strict DER {@code SEQUENCE { INTEGER r, INTEGER s }}: short-form lengths, minimal integers, no
     * trailing bytes. Returns {r, s}, or null when the encoding is not exactly that.
     */
    static BigInteger @Nullable [] parseDerSignature(byte[] der) {
        if (der.length < 8 || der.length > 2 + 2 * 35 || (der[0] & 0xff) != 0x30) {
            return null;
        }
        int seqLen = der[1] & 0xff;
        if (seqLen >= 0x80 || seqLen != der.length - 2) {
            return null;
        }
        int at = 2;
        BigInteger[] out = new BigInteger[2];
        for (int i = 0; i < 2; i++) {
            if (at + 2 > der.length || (der[at] & 0xff) != 0x02) {
                return null;
            }
            int len = der[at + 1] & 0xff;
            at += 2;
            if (len == 0 || len >= 0x80 || at + len > der.length) {
                return null;
            }
            if (len > 1 && der[at] == 0 && (der[at + 1] & 0x80) == 0) {
                return null; // not minimal
            }
            if (len > 1 && der[at] == (byte) 0xff && (der[at + 1] & 0x80) != 0) {
                return null; // not minimal
            }
            byte[] v = new byte[len];
            System.arraycopy(der, at, v, 0, len);
            out[i] = new BigInteger(v);
            at += len;
        }
        return at == der.length ? out : null;
    }

    /** The same signature with s replaced by n - s (valid for plain ECDSA, refused by Fabric). */
    static byte[] derSignature(BigInteger r, BigInteger s) {
        byte[] rb = r.toByteArray();
        byte[] sb = s.toByteArray();
        byte[] out = new byte[6 + rb.length + sb.length];
        out[0] = 0x30;
        out[1] = (byte) (4 + rb.length + sb.length);
        out[2] = 0x02;
        out[3] = (byte) rb.length;
        System.arraycopy(rb, 0, out, 4, rb.length);
        out[4 + rb.length] = 0x02;
        out[5 + rb.length] = (byte) sb.length;
        System.arraycopy(sb, 0, out, 6 + rb.length, sb.length);
        return out;
    }
}
