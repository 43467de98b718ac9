/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * A certificate authority for tests: one of the devnet's CAs whose key was kept with the fixtures, or a new one.
 * Issues end-entity certificates with chosen OUs and validity, and CRLs.
 */
final class TestCa {
    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

    final String mspId;
    final X509Certificate cert;
    final PrivateKey key;

    private TestCa(String mspId, X509Certificate cert, PrivateKey key) {
        this.mspId = mspId;
        this.cert = cert;
        this.key = key;
    }

    /** The devnet CA of {@code mspId} (OrdererMSP, Org1MSP, Org2MSP) kept under fabric-blocks/keys. */
    static TestCa devnet(String mspId) {
        byte[] certPem = Fixtures.resource("keys/" + mspId + "/ca-cert.pem");
        byte[] keyPem = Fixtures.resource("keys/" + mspId + "/ca-key.pem");
        try {
            PrivateKey key = KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Identity.pemBody(keyPem, "key")));
            return new TestCa(mspId, Identity.certificate(certPem), key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new self-signed CA, unknown to any channel, that claims to be {@code mspId}'s. */
    static TestCa generate(String mspId, String commonName) {
        KeyPair kp = newKeyPair();
        X500Name name = name(commonName, List.of());
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.valueOf(SERIALS.incrementAndGet()),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))),
                    name,
                    kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            X509Certificate cert = convert(b.build(signer(kp.getPrivate())));
            return new TestCa(mspId, cert, kp.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An intermediate CA under this one. */
    TestCa intermediate(String commonName) {
        KeyPair kp = newKeyPair();
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    cert,
                    BigInteger.valueOf(SERIALS.incrementAndGet()),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3000))),
                    name(commonName, List.of()),
                    kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(cert));
            return new TestCa(mspId, convert(b.build(signer(key))), kp.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate for {@code commonName} with {@code ous}, valid from now for a year. */
    Leaf issue(String commonName, String... ous) {
        Instant now = Instant.now();
        return issue(commonName, List.of(ous), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)));
    }

    Leaf issue(String commonName, List<String> ous, Instant notBefore, Instant notAfter) {
        KeyPair kp = newKeyPair();
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    cert,
                    BigInteger.valueOf(SERIALS.incrementAndGet()),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    name(commonName, ous),
                    kp.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(cert));
            return new Leaf(mspId, convert(b.build(signer(key))), kp.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CRL of this CA revoking {@code serials}, with the CA's key id as authority key identifier, in PEM. */
    byte[] crl(BigInteger... serials) {
        try {
            Date now = Date.from(Instant.now());
            X509v2CRLBuilder b = new X509v2CRLBuilder(new JcaX509CertificateHolder(cert).getSubject(), now);
            b.setNextUpdate(Date.from(Instant.now().plus(Duration.ofDays(30))));
            for (BigInteger s : serials) {
                b.addCRLEntry(s, now, CRLReason.keyCompromise);
            }
            b.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(cert));
            var holder = b.build(signer(key));
            StringWriter w = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
                pem.writeObject(holder);
            }
            return w.toString().getBytes(StandardCharsets.US_ASCII);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] certPem() {
        return pem(cert);
    }

    static byte[] pem(X509Certificate cert) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(cert);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X500Name name(String commonName, List<String> ous) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "US")
                .addRDN(BCStyle.ST, "California")
                .addRDN(BCStyle.L, "San Francisco");
        for (String ou : ous) {
            b.addRDN(BCStyle.OU, ou);
        }
        return b.addRDN(BCStyle.CN, commonName).build();
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate convert(org.bouncycastle.cert.X509CertificateHolder holder)
            throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    /** An end-entity identity with its key: signs as Fabric does (SHA-256, ECDSA P-256, low-S). */
    record Leaf(String mspId, X509Certificate cert, PrivateKey key) {
        ByteString serialized() {
            return SerializedIdentity.newBuilder()
                    .setMspid(mspId)
                    .setIdBytes(ByteString.copyFrom(pem(cert)))
                    .build()
                    .toByteString();
        }

        Identity identity() {
            return Identity.parse(serialized());
        }

        Leaf as(String otherMspId) {
            return new Leaf(otherMspId, cert, key);
        }

        ByteString sign(ByteString... parts) {
            try {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(key);
                for (ByteString p : parts) {
                    s.update(p.toByteArray());
                }
                BigInteger[] rs = FabricCrypto.parseDerSignature(s.sign());
                if (rs == null) {
                    throw new IllegalStateException("the JDK made a signature that is not DER");
                }
                BigInteger low =
                        rs[1].compareTo(FabricCrypto.P256_HALF_N) > 0 ? FabricCrypto.P256_N.subtract(rs[1]) : rs[1];
                return ByteString.copyFrom(FabricCrypto.derSignature(rs[0], low));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
