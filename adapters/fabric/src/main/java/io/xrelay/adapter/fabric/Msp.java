/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.hyperledger.fabric.protos.msp.FabricCryptoConfig;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.FabricNodeOUs;
import org.hyperledger.fabric.protos.msp.FabricOUIdentifier;
import org.jspecify.annotations.Nullable;

/**
 * One MSP's rules: root/intermediate CAs, NodeOUs, admins, CRLs; validates identities and their role.
 *
 * <p>An identity is valid iff its certificate is an ECDSA P-256 end-entity certificate that chains, through the
 * MSP's intermediate CAs, to exactly one of its root CAs (issued by a CA that is a leaf of the certification tree),
 * every certificate of that chain is within its validity at the time asked about, it is not revoked by a CRL of its
 * issuing CA, its OUs match the MSP's OU identifiers (when there are any) and, with NodeOUs enabled, it carries
 * exactly one of the client/peer/admin/orderer OUs. Roles are matched as Fabric's X.509 MSP does from v1.4.3: admin
 * by the admins list or the admin OU, client/peer/orderer by their OU, member by validity alone. Results that do not
 * depend on time are cached per certificate.
 */
final class Msp {
    private final String mspId;
    private final List<X509Certificate> roots;
    private final List<X509Certificate> intermediates;
    private final Set<ByteString> internalNodes;
    private final Set<ByteString> admins;
    private final List<X509CRL> crls;
    private final Map<String, List<ByteString>> ouIdentifiers;
    private final boolean nodeOus;
    private final @Nullable OuId clientOu;
    private final @Nullable OuId peerOu;
    private final @Nullable OuId adminOu;
    private final @Nullable OuId ordererOu;
    private final Map<ByteString, Check> checks = new ConcurrentHashMap<>();

    /** A NodeOU: its name and, if the MSP names the CA that must issue it, that CA's chain identifier. */
    private record OuId(String name, @Nullable ByteString certifiers) {}

    /** The time-independent outcome for one certificate, and the window in which its whole chain is valid. */
    private record Check(@Nullable String problem, Instant notBefore, Instant notAfter) {}

    private Msp(FabricMSPConfig config) {
        this.mspId = config.getName();
        if (!mspId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("MSP id \"" + mspId + "\" is not [A-Za-z0-9._-]{1,64}");
        }
        FabricCryptoConfig crypto = config.getCryptoConfig();
        if (!crypto.getSignatureHashFamily().isEmpty()
                && !crypto.getSignatureHashFamily().equals("SHA2")) {
            throw new IllegalArgumentException(
                    "signature hash family " + crypto.getSignatureHashFamily() + " is not supported (SHA2 only)");
        }
        if (!crypto.getIdentityIdentifierHashFunction().isEmpty()
                && !crypto.getIdentityIdentifierHashFunction().equals("SHA256")) {
            throw new IllegalArgumentException("identity identifier hash function "
                    + crypto.getIdentityIdentifierHashFunction() + " is not supported (SHA256 only)");
        }
        if (config.getRootCertsCount() == 0) {
            throw new IllegalArgumentException("has no root CA certificate");
        }
        this.roots = certs(config.getRootCertsList(), "root CA certificate");
        this.intermediates = certs(config.getIntermediateCertsList(), "intermediate CA certificate");
        for (X509Certificate ca : concat(roots, intermediates)) {
            if (ca.getBasicConstraints() < 0) {
                throw new IllegalArgumentException(
                        "CA certificate " + ca.getSubjectX500Principal() + " is not marked as a CA");
            }
            if (subjectKeyId(ca) == null) {
                throw new IllegalArgumentException(
                        "CA certificate " + ca.getSubjectX500Principal() + " has no subject key identifier");
            }
        }
        for (X509Certificate root : roots) {
            try {
                root.verify(root.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException(
                        "root CA certificate " + root.getSubjectX500Principal() + " is not self-signed", e);
            }
        }
        Set<ByteString> internal = new HashSet<>();
        for (X509Certificate ca : intermediates) {
            List<List<X509Certificate>> chains = chains(ca);
            if (chains.size() != 1) {
                throw new IllegalArgumentException("intermediate CA certificate " + ca.getSubjectX500Principal()
                        + (chains.isEmpty() ? " does not chain to a root CA" : " has more than one chain"));
            }
            for (X509Certificate parent : chains.get(0).subList(1, chains.get(0).size())) {
                internal.add(tbs(parent));
            }
        }
        this.internalNodes = Set.copyOf(internal);
        Set<ByteString> adminSet = new HashSet<>();
        for (ByteString pem : config.getAdminsList()) {
            adminSet.add(tbs(pemCert(pem, "admin certificate")));
        }
        this.admins = Set.copyOf(adminSet);
        List<X509CRL> crlList = new ArrayList<>();
        for (ByteString crl : config.getRevocationListList()) {
            crlList.add(crl(crl.toByteArray()));
        }
        this.crls = List.copyOf(crlList);
        Map<String, List<ByteString>> ous = new LinkedHashMap<>();
        for (FabricOUIdentifier ou : config.getOrganizationalUnitIdentifiersList()) {
            ByteString certifiers =
                    certifiersId(ou.getCertificate(), "OU identifier " + ou.getOrganizationalUnitIdentifier());
            List<ByteString> list = ous.computeIfAbsent(ou.getOrganizationalUnitIdentifier(), k -> new ArrayList<>());
            if (!list.contains(certifiers)) {
                list.add(certifiers);
            }
        }
        this.ouIdentifiers = Map.copyOf(ous);
        FabricNodeOUs n = config.hasFabricNodeOus() ? config.getFabricNodeOus() : null;
        this.clientOu = n != null && n.hasClientOuIdentifier() ? nodeOu(n.getClientOuIdentifier(), "client") : null;
        this.peerOu = n != null && n.hasPeerOuIdentifier() ? nodeOu(n.getPeerOuIdentifier(), "peer") : null;
        this.adminOu = n != null && n.hasAdminOuIdentifier() ? nodeOu(n.getAdminOuIdentifier(), "admin") : null;
        this.ordererOu = n != null && n.hasOrdererOuIdentifier() ? nodeOu(n.getOrdererOuIdentifier(), "orderer") : null;
        this.nodeOus = n != null
                && n.getEnable()
                && (clientOu != null || peerOu != null || adminOu != null || ordererOu != null);
        if (admins.isEmpty() && (!nodeOus || adminOu == null)) {
            throw new IllegalArgumentException("has neither admin certificates nor an admin NodeOU");
        }
    }

    /**
     * Builds the MSP of {@code config}.
     *
     * @throws IllegalArgumentException saying what is wrong with the configuration
     */
    static Msp of(FabricMSPConfig config) {
        return new Msp(config);
    }

    String mspId() {
        return mspId;
    }

    boolean nodeOusEnabled() {
        return nodeOus;
    }

    /**
     * Whether {@code id} is a valid identity of this MSP at {@code at}.
     *
     * @return empty if valid, else why not
     */
    Optional<String> validate(Identity id, Instant at) {
        if (!id.mspId().equals(mspId)) {
            return Optional.of("belongs to MSP " + id.mspId() + ", not " + mspId);
        }
        Check c = checks.computeIfAbsent(id.tbs(), k -> check(id));
        if (c.problem() != null) {
            return Optional.of(c.problem());
        }
        if (at.isBefore(c.notBefore())) {
            return Optional.of("certificate chain is not valid before " + c.notBefore());
        }
        if (at.isAfter(c.notAfter())) {
            return Optional.of("certificate chain expired at " + c.notAfter());
        }
        return Optional.empty();
    }

    /**
     * Whether {@code id} has {@code role} in this MSP at {@code at}.
     *
     * @return empty if it has, else why not
     */
    Optional<String> satisfies(Identity id, MspRole role, Instant at) {
        if (!id.mspId().equals(mspId)) {
            return Optional.of("belongs to MSP " + id.mspId() + ", not " + mspId);
        }
        if (role == MspRole.MEMBER) {
            return validate(id, at);
        }
        if (role == MspRole.ADMIN && admins.contains(id.tbs())) {
            return Optional.empty(); // listed admins were accepted with the configuration
        }
        if (!nodeOus) {
            return Optional.of(
                    role == MspRole.ADMIN
                            ? "is not an admin of " + mspId
                            : "cannot be " + role.withArticle() + " of " + mspId + ": its NodeOUs are not enabled");
        }
        Optional<String> invalid = validate(id, at);
        if (invalid.isPresent()) {
            return invalid;
        }
        OuId ou =
                switch (role) {
                    case ADMIN -> adminOu;
                    case CLIENT -> clientOu;
                    case PEER -> peerOu;
                    case ORDERER -> ordererOu;
                    case MEMBER -> throw new IllegalStateException("member handled above");
                };
        if (ou == null) {
            return Optional.of(
                    "cannot be " + role.withArticle() + " of " + mspId + ": it defines no " + role.dslName() + " OU");
        }
        if (!id.organizationalUnits().contains(ou.name())) {
            return Optional.of(
                    "is not " + role.withArticle() + " of " + mspId + " (OUs " + id.organizationalUnits() + ")");
        }
        return Optional.empty();
    }

    private Check check(Identity id) {
        X509Certificate cert = id.cert();
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        if (!Identity.isP256(id.key())) {
            return new Check("certificate key is not ECDSA P-256", notBefore, notAfter);
        }
        if (cert.getBasicConstraints() >= 0) {
            return new Check("certificate is a CA certificate, not an identity", notBefore, notAfter);
        }
        List<List<X509Certificate>> chains = chains(cert);
        if (chains.isEmpty()) {
            return new Check("certificate does not chain to a root CA of " + mspId, notBefore, notAfter);
        }
        if (chains.size() > 1) {
            return new Check("certificate has more than one chain to the CAs of " + mspId, notBefore, notAfter);
        }
        List<X509Certificate> chain = chains.get(0);
        X509Certificate issuer = chain.get(1);
        if (internalNodes.contains(tbs(issuer))) {
            return new Check(
                    "certificate is issued by a CA of " + mspId + " that also issues intermediate CAs",
                    notBefore,
                    notAfter);
        }
        for (X509Certificate c : chain.subList(1, chain.size())) {
            if (c.getNotBefore().toInstant().isAfter(notBefore)) {
                notBefore = c.getNotBefore().toInstant();
            }
            if (c.getNotAfter().toInstant().isBefore(notAfter)) {
                notAfter = c.getNotAfter().toInstant();
            }
        }
        if (isRevoked(cert, issuer)) {
            return new Check("certificate is revoked by a CRL of " + mspId, notBefore, notAfter);
        }
        ByteString certifiers = chainId(chain.subList(1, chain.size()));
        if (!ouIdentifiers.isEmpty()) {
            boolean found = false;
            for (String ou : id.organizationalUnits()) {
                List<ByteString> allowed = ouIdentifiers.get(ou);
                if (allowed != null && allowed.contains(certifiers)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return new Check(
                        "certificate OUs " + id.organizationalUnits() + " are not OUs of " + mspId,
                        notBefore,
                        notAfter);
            }
        }
        if (nodeOus) {
            int count = 0;
            for (String ou : id.organizationalUnits()) {
                OuId node = nodeOu(ou);
                if (node == null) {
                    continue;
                }
                if (node.certifiers() != null && !node.certifiers().equals(certifiers)) {
                    return new Check(
                            "certificate OU " + ou + " is not issued by the CA " + mspId + " requires for it",
                            notBefore,
                            notAfter);
                }
                count++;
            }
            if (count == 0) {
                return new Check(
                        "certificate has no NodeOU (client, peer, admin or orderer) of " + mspId + ", its OUs are "
                                + id.organizationalUnits(),
                        notBefore,
                        notAfter);
            }
            if (count > 1) {
                return new Check(
                        "certificate has more than one NodeOU of " + mspId + ": " + id.organizationalUnits(),
                        notBefore,
                        notAfter);
            }
        }
        return new Check(null, notBefore, notAfter);
    }

    private @Nullable OuId nodeOu(String name) {
        for (OuId ou : Arrays.asList(clientOu, peerOu, adminOu, ordererOu)) {
            if (ou != null && ou.name().equals(name)) {
                return ou;
            }
        }
        return null;
    }

    /** Every chain from {@code cert} up to a root, {@code cert} first. */
    private List<List<X509Certificate>> chains(X509Certificate cert) {
        List<List<X509Certificate>> out = new ArrayList<>();
        List<X509Certificate> path = new ArrayList<>();
        path.add(cert);
        extend(path, out);
        return out;
    }

    private void extend(List<X509Certificate> path, List<List<X509Certificate>> out) {
        if (path.size() > 10 || out.size() > 1) {
            return;
        }
        X509Certificate child = path.get(path.size() - 1);
        for (X509Certificate parent : concat(intermediates, roots)) {
            if (path.contains(parent) || !issues(parent, child, path.size() - 1)) {
                continue;
            }
            path.add(parent);
            if (roots.contains(parent)) {
                out.add(List.copyOf(path));
            } else {
                extend(path, out);
            }
            path.remove(path.size() - 1);
        }
    }

    /** Whether {@code parent} is a CA allowed to sign {@code child} with {@code below} CA certificates under it. */
    private static boolean issues(X509Certificate parent, X509Certificate child, int below) {
        if (!parent.getSubjectX500Principal().equals(child.getIssuerX500Principal())) {
            return false;
        }
        int pathLen = parent.getBasicConstraints();
        if (pathLen < 0 || below - 1 > pathLen) {
            return false;
        }
        boolean[] usage = parent.getKeyUsage();
        if (usage != null && (usage.length < 6 || !usage[5])) {
            return false; // no keyCertSign
        }
        try {
            child.verify(parent.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private boolean isRevoked(X509Certificate cert, X509Certificate issuer) {
        byte[] ski = subjectKeyId(issuer);
        if (ski == null || crls.isEmpty()) {
            return false;
        }
        BigInteger serial = cert.getSerialNumber();
        for (X509CRL crl : crls) {
            byte[] aki = authorityKeyId(crl);
            if (aki == null || !Arrays.equals(aki, ski)) {
                continue;
            }
            X509CRLEntry entry = crl.getRevokedCertificate(serial);
            if (entry == null) {
                continue;
            }
            try {
                crl.verify(issuer.getPublicKey());
                return true;
            } catch (GeneralSecurityException e) {
                // a CRL that names this CA but is not signed by it does not count
            }
        }
        return false;
    }

    private OuId nodeOu(FabricOUIdentifier id, String role) {
        String name = id.getOrganizationalUnitIdentifier();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("NodeOU for " + role + " has no OU name");
        }
        ByteString certifiers =
                id.getCertificate().isEmpty() ? null : certifiersId(id.getCertificate(), role + " NodeOU");
        return new OuId(name, certifiers);
    }

    /** The chain identifier of a CA certificate of this MSP: SHA-256 over its chain up to its root. */
    private ByteString certifiersId(ByteString pem, String what) {
        X509Certificate ca = pemCert(pem, what + " certificate");
        if (roots.contains(ca)) {
            return chainId(List.of(ca));
        }
        if (!intermediates.contains(ca)) {
            throw new IllegalArgumentException(what + " certificate is not a CA certificate of the MSP");
        }
        List<List<X509Certificate>> chains = chains(ca);
        if (chains.size() != 1) {
            throw new IllegalArgumentException(what + " certificate has no unique chain to a root CA");
        }
        return chainId(chains.get(0));
    }

    private static ByteString chainId(List<X509Certificate> chain) {
        var d = FabricCrypto.sha256();
        for (X509Certificate c : chain) {
            try {
                d.update(c.getEncoded());
            } catch (CertificateException e) {
                throw new IllegalStateException("a parsed certificate cannot be encoded", e);
            }
        }
        return ByteString.copyFrom(d.digest());
    }

    private static ByteString tbs(X509Certificate cert) {
        try {
            return ByteString.copyFrom(cert.getTBSCertificate());
        } catch (CertificateException e) {
            throw new IllegalArgumentException("malformed certificate " + cert.getSubjectX500Principal(), e);
        }
    }

    private static List<X509Certificate> certs(List<ByteString> pems, String what) {
        List<X509Certificate> out = new ArrayList<>();
        for (ByteString pem : pems) {
            out.add(pemCert(pem, what));
        }
        return List.copyOf(out);
    }

    private static X509Certificate pemCert(ByteString pem, String what) {
        try {
            return Identity.certificate(pem.toByteArray());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " " + e.getMessage(), e);
        }
    }

    private static X509CRL crl(byte[] bytes) {
        byte[] der = new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN ")
                ? Identity.pemBody(bytes, "CRL")
                : bytes;
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (CertificateException | CRLException | ClassCastException e) {
            throw new IllegalArgumentException("revocation list is not an X.509 CRL", e);
        }
    }

    static byte @Nullable [] subjectKeyId(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue("2.5.29.14");
        if (ext == null) {
            return null;
        }
        return ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets())
                .getOctets();
    }

    private static byte @Nullable [] authorityKeyId(X509CRL crl) {
        byte[] ext = crl.getExtensionValue("2.5.29.35");
        if (ext == null) {
            return null;
        }
        return AuthorityKeyIdentifier.getInstance(
                        ASN1OctetString.getInstance(ext).getOctets())
                .getKeyIdentifierOctets();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }

    @Override
    public String toString() {
        return "Msp[" + mspId + "]";
    }
}
