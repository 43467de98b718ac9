/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import io.xrelay.adapter.Account;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.TBSCertificate;

/**
 * Accounts on Fabric: {@code <MSPID>:<hex>}, where {@code <hex>} is the 64 lower case hex digits of
 * {@code sha256(DER(subject) || DER(issuer))} of the identity's X.509 certificate. The same holder keeps the same
 * account when the CA renews the certificate; the chaincode computes the same account from the caller's identity.
 */
final class FabricAccounts {
    /** The form of every account: an MSP id, a colon and 64 lower case hex digits. */
    static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,64}:[0-9a-f]{64}");

    private FabricAccounts() {}

    /**
     * The account of the holder of {@code certificate} in MSP {@code mspId}.
     *
     * @throws IllegalArgumentException if the certificate cannot be decoded
     */
    static Account of(String mspId, X509Certificate certificate) {
        TBSCertificate tbs;
        try {
            tbs = TBSCertificate.getInstance(certificate.getTBSCertificate());
        } catch (CertificateEncodingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot decode the certificate of " + mspId, e);
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(tbs.getSubject().getEncoded(ASN1Encoding.DER));
            sha256.update(tbs.getIssuer().getEncoded(ASN1Encoding.DER));
            return new Account(mspId + ":" + HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode the names of the certificate of " + mspId, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** Whether {@code value} has the form of an account (it need not belong to anyone). */
    static boolean isAccount(String value) {
        return ACCOUNT.matcher(value).matches();
    }
}
