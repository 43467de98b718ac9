/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric.devnet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * Issues client identities from an organisation's cryptogen material ({@code ca/} and {@code tlsca/}, each with its
 * certificate and PKCS#8 key {@code priv_sk}), laid out as cryptogen lays out its users, so the peer CLI and the
 * Gateway SDK take them alike. Certificates carry the NodeOUs role {@code client} and low-S ECDSA signatures (the
 * form Fabric's MSP expects).
 */
final class ClientIdentities {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final List<String> CRYPTOGEN_NAMES = List.of("admin", "user1");
    /** The X.509 upper bound of a common name (RFC 5280 ub-common-name). */
    private static final int MAX_COMMON_NAME = 64;
    /** P-256's group order, for the low-S rule. */
    private static final BigInteger N =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientIdentities() {}

    static synchronized FabricNetwork.Identity issue(FabricNetwork.Org org, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("identity name must be 1-64 letters, digits, '.', '_' or '-' starting"
                    + " with a letter or digit, got \"" + name + '"');
        }
        if (CRYPTOGEN_NAMES.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("identity name \"" + name + "\" is taken by cryptogen's identities of "
                    + org.name() + " (Admin, User1): choose another");
        }
        Path orgDir = org.mspDir().toAbsolutePath().getParent();
        Path domainName = orgDir == null ? null : orgDir.getFileName();
        if (orgDir == null || domainName == null) {
            throw new IllegalStateException("the MSP folder " + org.mspDir() + " of " + org.name()
                    + " is not in an organisation's crypto folder");
        }
        String domain = domainName.toString();
        String fullName = name + "@" + domain;
        if (fullName.length() > MAX_COMMON_NAME) {
            throw new IllegalArgumentException("identity name \"" + name + "\" is too long: the certificate's common"
                    + " name " + fullName + " would exceed " + MAX_COMMON_NAME + " characters");
        }
        Path home = orgDir.resolve("users").resolve(fullName);
        try {
            Path caCert = orgDir.resolve("ca/ca." + domain + "-cert.pem");
            Path tlsCaCert = orgDir.resolve("tlsca/tlsca." + domain + "-cert.pem");
            X509Certificate ca = readCert(caCert);
            PrivateKey caKey = readKey(orgDir.resolve("ca/priv_sk"));
            X509Certificate tlsCa = readCert(tlsCaCert);
            PrivateKey tlsCaKey = readKey(orgDir.resolve("tlsca/priv_sk"));

            KeyPair signing = p256();
            X509Certificate cert = issue(ca, caKey, fullName, signing, false);
            KeyPair tls = p256();
            X509Certificate tlsCert = issue(tlsCa, tlsCaKey, fullName, tls, true);

            Path msp = home.resolve("msp");
            Path certFile = msp.resolve("signcerts/" + fullName + "-cert.pem");
            Path keyFile = msp.resolve("keystore/priv_sk");
            Path tlsDir = home.resolve("tls");
            Path tlsCertFile = tlsDir.resolve("client.crt");
            Path tlsKeyFile = tlsDir.resolve("client.key");
            for (String d : List.of("signcerts", "keystore", "cacerts", "tlscacerts")) {
                Files.createDirectories(msp.resolve(d));
            }
            Files.createDirectories(tlsDir);
            copy(caCert, msp.resolve("cacerts/" + caCert.getFileName()));
            copy(tlsCaCert, msp.resolve("tlscacerts/" + tlsCaCert.getFileName()));
            Path config = orgDir.resolve("msp/config.yaml");
            if (Files.isRegularFile(config)) {
                copy(config, msp.resolve("config.yaml"));
            }
            write(certFile, pem("CERTIFICATE", cert.getEncoded()), false);
            write(keyFile, pem("PRIVATE KEY", signing.getPrivate().getEncoded()), true);
            copy(tlsCaCert, tlsDir.resolve("ca.crt"));
            write(tlsCertFile, pem("CERTIFICATE", tlsCert.getEncoded()), false);
            write(tlsKeyFile, pem("PRIVATE KEY", tls.getPrivate().getEncoded()), true);
            return new FabricNetwork.Identity(fullName, org.mspId(), msp, certFile, keyFile, tlsCertFile, tlsKeyFile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot issue identity " + fullName + " in " + home + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue identity " + fullName + " from the CA in " + orgDir, e);
        }
    }

    /** A certificate for {@code key} issued by {@code ca}: a client signing certificate, or a TLS client one. */
    private static X509Certificate issue(
            X509Certificate ca, PrivateKey caKey, String commonName, KeyPair key, boolean tls)
            throws GeneralSecurityException, IOException {
        X500Name issuer = X500Name.getInstance(ca.getSubjectX500Principal().getEncoded());
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        for (var type : List.of(BCStyle.C, BCStyle.ST, BCStyle.L)) {
            for (RDN rdn : issuer.getRDNs(type)) {
                subject.addRDN(type, rdn.getFirst().getValue());
            }
        }
        if (!tls) {
            subject.addRDN(BCStyle.OU, "client");
        }
        subject.addRDN(BCStyle.CN, commonName);

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(VALIDITY);
        if (notAfter.isAfter(ca.getNotAfter().toInstant())) {
            notAfter = ca.getNotAfter().toInstant();
        }
        // Fabric's MSP checks the chain at the leaf's notBefore (+1 s): it must not precede the CA's own.
        Instant notBefore = now.minus(Duration.ofMinutes(5));
        if (notBefore.isBefore(ca.getNotBefore().toInstant())) {
            notBefore = ca.getNotBefore().toInstant();
        }
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                ca,
                new BigInteger(128, RANDOM).setBit(127),
                Date.from(notBefore),
                Date.from(notAfter),
                subject.build(),
                key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(tls ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
        byte[] caSki = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        AuthorityKeyIdentifier aki = caSki != null
                ? new AuthorityKeyIdentifier(
                        SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(caSki))
                                .getKeyIdentifier())
                : ext.createAuthorityKeyIdentifier(ca.getPublicKey());
        b.addExtension(Extension.authorityKeyIdentifier, false, aki);
        if (tls) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
            }));
            b.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, commonName)));
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(new LowSSigner(caKey)));
    }

    /** SHA256withECDSA with the signature's S in the lower half of the group order, as Fabric's MSP requires. */
    private static final class LowSSigner implements ContentSigner {
        private final PrivateKey key;
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();

        LowSSigner(PrivateKey key) {
            this.key = key;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
        }

        @Override
        public OutputStream getOutputStream() {
            return data;
        }

        @Override
        public byte[] getSignature() {
            try {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(key);
                s.update(data.toByteArray());
                ASN1Sequence rs = ASN1Sequence.getInstance(s.sign());
                BigInteger r = ASN1Integer.getInstance(rs.getObjectAt(0)).getValue();
                BigInteger sv = ASN1Integer.getInstance(rs.getObjectAt(1)).getValue();
                if (sv.compareTo(N.shiftRight(1)) > 0) {
                    sv = N.subtract(sv);
                }
                return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(sv)}).getEncoded();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot sign a certificate with the CA key", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static KeyPair p256() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static X509Certificate readCert(Path file) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int from = text.indexOf(begin);
        int to = text.indexOf("-----END PRIVATE KEY-----");
        if (from < 0 || to < from) {
            throw new GeneralSecurityException(file + " holds no PKCS#8 PEM private key");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Writes {@code text} through a temporary file, so a reader never sees half of it; keys readable by us only. */
    private static void write(Path file, String text, boolean secret) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".issue", ".tmp");
        try {
            if (secret) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
