/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Accounts on Fabric: {@code <MSPID>:<hex>}, where hex is the 64 lowercase hex digits of
 * {@code sha256(DER(subject) || DER(issuer))} of the identity's X.509 certificate. The subject and issuer stay the
 * same when a certificate is renewed, so the account does too.
 */
final class Accounts {
    /** An MSP id as accounts carry it. */
    static final Pattern MSP_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,64}:[0-9a-f]{64}");

    private Accounts() {}

    /** The account of the identity {@code cert} of MSP {@code mspId}. */
    static String of(String mspId, X509Certificate cert) {
        if (!MSP_ID.matcher(mspId).matches()) {
            throw new IllegalArgumentException("MSP id must match [A-Za-z0-9._-]{1,64}, got \"" + mspId + '"');
        }
        MessageDigest sha256 = sha256();
        sha256.update(cert.getSubjectX500Principal().getEncoded());
        sha256.update(cert.getIssuerX500Principal().getEncoded());
        return mspId + ':' + HexFormat.of().formatHex(sha256.digest());
    }

    /** Whether {@code value} has the form of an account. */
    static boolean isAccount(String value) {
        return ACCOUNT.matcher(value).matches();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
