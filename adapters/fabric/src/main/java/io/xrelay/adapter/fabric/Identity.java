/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * A parsed X.509 identity of some MSP: the {@code SerializedIdentity} (MSP id + PEM certificate) of a creator,
 * endorser or orderer. Parsing says nothing about validity: {@link Msp} decides that. Parsed identities are cached
 * by their serialized bytes, so a signer seen in many blocks is parsed once.
 */
final class Identity {
    private static final int CACHE_SIZE = 1024;
    private static final Map<ByteString, Identity> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteString, Identity> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private final String mspId;
    private final X509Certificate cert;
    private final byte[] der;
    private final ByteString tbs;
    private final PublicKey key;
    private final List<String> organizationalUnits;
    private final String key4dedup;

    private Identity(String mspId, X509Certificate cert) throws CertificateException {
        this.mspId = mspId;
        this.cert = cert;
        this.der = cert.getEncoded();
        this.tbs = ByteString.copyFrom(cert.getTBSCertificate());
        this.key = cert.getPublicKey();
        this.organizationalUnits = organizationalUnits(cert);
        this.key4dedup = mspId + ":" + FabricCrypto.hex(FabricCrypto.sha256(tbs.toByteArray()));
    }

    /**
     * Parses a serialized identity.
     *
     * @throws IllegalArgumentException saying what is malformed
     */
    static Identity parse(ByteString serialized) {
        synchronized (CACHE) {
            Identity hit = CACHE.get(serialized);
            if (hit != null) {
                return hit;
            }
        }
        Identity parsed = parseUncached(serialized);
        synchronized (CACHE) {
            CACHE.put(serialized, parsed);
        }
        return parsed;
    }

    private static Identity parseUncached(ByteString serialized) {
        SerializedIdentity si;
        try {
            si = SerializedIdentity.parseFrom(serialized);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("is not a SerializedIdentity", e);
        }
        if (si.getMspid().isEmpty()) {
            throw new IllegalArgumentException("has no MSP id");
        }
        X509Certificate cert = certificate(si.getIdBytes().toByteArray());
        try {
            return new Identity(si.getMspid(), cert);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("has a malformed certificate", e);
        }
    }

    /**
     * Reads the first PEM block of {@code pem} (whatever its label, as Fabric does) as an X.509 certificate.
     *
     * @throws IllegalArgumentException if there is no PEM block or it is not a certificate
     */
    static X509Certificate certificate(byte[] pem) {
        return x509(pemBody(pem, "certificate"));
    }

    static X509Certificate x509(byte[] der) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("is not an X.509 certificate", e);
        }
    }

    /** The DER body of the first PEM block; {@code what} names the expected content in errors. */
    static byte[] pemBody(byte[] pem, String what) {
        String text = new String(pem, java.nio.charset.StandardCharsets.ISO_8859_1);
        int begin = text.indexOf("-----BEGIN ");
        if (begin < 0) {
            throw new IllegalArgumentException("has no PEM block (" + what + " expected)");
        }
        int bodyStart = text.indexOf("-----", begin + 11);
        if (bodyStart < 0) {
            throw new IllegalArgumentException("has a malformed PEM block");
        }
        bodyStart += 5;
        int end = text.indexOf("-----END ", bodyStart);
        if (end < 0) {
            throw new IllegalArgumentException("has an unterminated PEM block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(bodyStart, end).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a PEM block that is not base64", e);
        }
    }

    private static List<String> organizationalUnits(X509Certificate cert) {
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        List<String> ous = new ArrayList<>();
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                if (tv.getType().equals(BCStyle.OU)) {
                    ASN1Encodable v = tv.getValue();
                    ous.add(v instanceof ASN1String str ? str.getString() : v.toString());
                }
            }
        }
        return List.copyOf(ous);
    }

    /** Whether {@code key} is an EC key on P-256 (the only curve this verifier accepts). */
    static boolean isP256(PublicKey key) {
        if (!(key instanceof ECPublicKey ec)) {
            return false;
        }
        ECParameterSpec p = ec.getParams();
        return p.getCurve().getField().getFieldSize() == 256
                && p.getOrder().equals(FabricCrypto.P256_N)
                && p.getCofactor() == 1;
    }

    String mspId() {
        return mspId;
    }

    X509Certificate cert() {
        return cert;
    }

    /** The certificate's DER encoding (shared: do not modify). */
    byte[] der() {
        return der;
    }

    /** The signed part of the certificate: equal for two encodings that differ only in the CA's signature. */
    ByteString tbs() {
        return tbs;
    }

    PublicKey key() {
        return key;
    }

    List<String> organizationalUnits() {
        return organizationalUnits;
    }

    /** MSP id and certificate content: the key by which a signature set is deduplicated. */
    String dedupKey() {
        return key4dedup;
    }

    @Override
    public String toString() {
        return mspId + " " + cert.getSubjectX500Principal().getName();
    }
}
