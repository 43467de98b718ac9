/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client identities issued from a CA laid out as cryptogen lays out an organisation's crypto material. */
class ClientIdentitiesTest {
    private static final BigInteger N =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    private static final String CA_SUBJECT =
            "C=US,ST=California,L=San Francisco,O=org9.example.com,CN=ca.org9.example.com";

    @TempDir
    Path dir;

    private FabricNetwork.Org org;
    private X509Certificate ca;
    private X509Certificate tlsCa;

    @BeforeEach
    void cryptogenLikeOrg() throws Exception {
        Path orgDir = dir.resolve("crypto/peerOrganizations/org9.example.com");
        ca = writeCa(orgDir.resolve("ca"), "ca.org9.example.com-cert.pem", CA_SUBJECT);
        tlsCa = writeCa(
                orgDir.resolve("tlsca"),
                "tlsca.org9.example.com-cert.pem",
                "C=US,ST=California,L=San Francisco,O=org9.example.com,CN=tlsca.org9.example.com");
        Files.createDirectories(orgDir.resolve("msp"));
        Files.writeString(orgDir.resolve("msp/config.yaml"), "NodeOUs:\n  Enable: true\n");
        Path unused = dir.resolve("unused");
        FabricNetwork.Identity none =
                new FabricNetwork.Identity("x", "Org9MSP", unused, unused, unused, unused, unused);
        org = new FabricNetwork.Org(
                "org9",
                "Org9MSP",
                orgDir.resolve("msp"),
                orgDir.resolve("tlsca/tlsca.org9.example.com-cert.pem"),
                new FabricNetwork.Peer("peer0", "a", "b", "c", unused, 0, unused),
                none,
                none);
    }

    private static X509Certificate writeCa(Path caDir, String certName, String subject) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = g.generateKeyPair();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X500Name name = new X500Name(subject);
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name,
                                BigInteger.TEN,
                                Date.from(now.minus(1, ChronoUnit.DAYS)),
                                Date.from(now.plus(3650, ChronoUnit.DAYS)),
                                name,
                                key.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .addExtension(
                                Extension.subjectKeyIdentifier,
                                false,
                                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key.getPublic()))
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        Files.createDirectories(caDir);
        Files.writeString(caDir.resolve(certName), pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(
                caDir.resolve("priv_sk"), pem("PRIVATE KEY", key.getPrivate().getEncoded()));
        return cert;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static X509Certificate cert(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey key(Path file) throws Exception {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        assertThat(text).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        byte[] der = Base64.getMimeDecoder()
                .decode(text.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    @Test
    void issues_a_client_certificate_signed_by_the_org_ca_in_a_cryptogen_layout() throws Exception {
        FabricNetwork.Identity alice = org.issueClientIdentity("alice");

        Path home = org.mspDir().resolveSibling("users/alice@org9.example.com");
        assertThat(alice.name()).isEqualTo("alice@org9.example.com");
        assertThat(alice.mspId()).isEqualTo("Org9MSP");
        assertThat(alice.mspDir()).isEqualTo(home.resolve("msp"));
        assertThat(alice.certFile()).isEqualTo(home.resolve("msp/signcerts/alice@org9.example.com-cert.pem"));
        assertThat(alice.keyFile()).isEqualTo(home.resolve("msp/keystore/priv_sk"));
        assertThat(home.resolve("msp/cacerts/ca.org9.example.com-cert.pem"))
                .hasSameTextualContentAs(org.mspDir().resolveSibling("ca/ca.org9.example.com-cert.pem"));
        assertThat(home.resolve("msp/tlscacerts/tlsca.org9.example.com-cert.pem"))
                .exists();
        assertThat(home.resolve("msp/config.yaml")).hasContent("NodeOUs:\n  Enable: true\n");
        assertThat(alice.tlsCertFile()).isEqualTo(home.resolve("tls/client.crt"));
        assertThat(alice.tlsKeyFile()).isEqualTo(home.resolve("tls/client.key"));

        X509Certificate cert = cert(alice.certFile());
        cert.verify(ca.getPublicKey());
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()))
                .isEqualTo(new X500Name("C=US,ST=California,L=San Francisco,OU=client,CN=alice@org9.example.com"));
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                                cert.getExtensionValue(Extension.authorityKeyIdentifier.getId())))
                        .getKeyIdentifierObject()
                        .getOctets())
                .isEqualTo(SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
                                ca.getExtensionValue(Extension.subjectKeyIdentifier.getId())))
                        .getKeyIdentifier());
        assertThat(cert.getNotAfter().toInstant()).isAfter(Instant.now().plus(3000, ChronoUnit.DAYS));
        assertThat(cert.getNotBefore().toInstant()).isBefore(Instant.now());
    }

    @Test
    void the_private_key_is_pkcs8_pem_of_the_certificate_s_key_and_only_its_owner_reads_it() throws Exception {
        FabricNetwork.Identity bob = org.issueClientIdentity("bob");

        Signature sign = Signature.getInstance("SHA256withECDSA");
        sign.initSign(key(bob.keyFile()));
        sign.update(new byte[] {1, 2, 3});
        byte[] signature = sign.sign();
        Signature verify = Signature.getInstance("SHA256withECDSA");
        verify.initVerify(cert(bob.certFile()).getPublicKey());
        verify.update(new byte[] {1, 2, 3});
        assertThat(verify.verify(signature)).isTrue();
        for (Path k : List.of(bob.keyFile(), bob.tlsKeyFile())) {
            assertThat(Files.getPosixFilePermissions(k))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void the_tls_client_certificate_comes_from_the_tls_ca() throws Exception {
        FabricNetwork.Identity carol = org.issueClientIdentity("carol");

        X509Certificate tls = cert(carol.tlsCertFile());
        tls.verify(tlsCa.getPublicKey());
        assertThat(tls.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");
        assertThat(tls.getSubjectX500Principal().getName()).contains("CN=carol@org9.example.com");
        assertThat(tls.getPublicKey()).isNotEqualTo(cert(carol.certFile()).getPublicKey());
    }

    @Test
    void certificate_signatures_are_low_s() throws Exception {
        for (int i = 0; i < 16; i++) {
            FabricNetwork.Identity id = org.issueClientIdentity("dave");
            ASN1Sequence rs = ASN1Sequence.getInstance(cert(id.certFile()).getSignature());
            BigInteger s = ASN1Integer.getInstance(rs.getObjectAt(1)).getValue();
            assertThat(s).as("S of issue %d", i).isLessThanOrEqualTo(N.shiftRight(1));
        }
    }

    @Test
    void issuing_a_name_again_renews_it_with_the_same_subject_and_issuer() throws Exception {
        X509Certificate first = cert(org.issueClientIdentity("erin").certFile());
        X509Certificate renewed = cert(org.issueClientIdentity("erin").certFile());

        assertThat(renewed.getPublicKey()).isNotEqualTo(first.getPublicKey());
        assertThat(renewed.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        assertThat(renewed.getSubjectX500Principal().getEncoded())
                .isEqualTo(first.getSubjectX500Principal().getEncoded());
        assertThat(renewed.getIssuerX500Principal().getEncoded())
                .isEqualTo(first.getIssuerX500Principal().getEncoded());
    }

    @Test
    void refuses_names_outside_the_pattern_and_cryptogen_s_own() {
        for (String bad : new String[] {"", "-x", ".hidden", "a/b", "../up", "a b", "x@y", "é", "x".repeat(65)}) {
            assertThatThrownBy(() -> org.issueClientIdentity(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("identity name");
        }
        for (String taken : new String[] {"Admin", "admin", "User1", "USER1"}) {
            assertThatThrownBy(() -> org.issueClientIdentity(taken))
                    .as(taken)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("taken by cryptogen");
        }
        assertThatThrownBy(() -> org.issueClientIdentity("x".repeat(48)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceed 64 characters");
        assertThat(org.issueClientIdentity("x".repeat(47)).name()).hasSize(64);
    }

    @Test
    void a_missing_ca_is_a_clear_error() throws Exception {
        Files.delete(org.mspDir().resolveSibling("ca/priv_sk"));

        assertThatThrownBy(() -> org.issueClientIdentity("frank"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("frank@org9.example.com")
                .hasMessageContaining("priv_sk");
    }
}
