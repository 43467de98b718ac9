/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** X.509 certificates for tests: P-256 keys, chosen subject and issuer names, signed by a throw-away issuer key. */
final class TestCerts {
    private static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");

    private TestCerts() {}

    /** A certificate of a fresh P-256 key for {@code subject} (an RFC 4514 name) issued by {@code issuer}. */
    static X509Certificate cert(String subject, String issuer) {
        return cert(subject, issuer, BigInteger.ONE);
    }

    /** As {@link #cert(String, String)}, with a chosen serial number. */
    static X509Certificate cert(String subject, String issuer, BigInteger serial) {
        try {
            KeyPair subjectKey = p256();
            KeyPair issuerKey = p256();
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(
                            new X500Name(issuer),
                            serial,
                            Date.from(NOT_BEFORE),
                            Date.from(NOT_BEFORE.plus(3650, ChronoUnit.DAYS)),
                            new X500Name(subject),
                            subjectKey.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate()));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    /** A PEM certificate from the test resources next to this class. */
    static X509Certificate resource(String name) {
        try (InputStream in =
                Objects.requireNonNull(TestCerts.class.getResourceAsStream(name), "no test resource " + name)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair p256() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }
}
