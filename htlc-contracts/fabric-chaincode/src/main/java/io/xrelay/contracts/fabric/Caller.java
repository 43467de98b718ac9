/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Who sends a transaction, as the chaincode sees it: the account of the creator's identity and whether its
 * certificate names the {@code admin} organisational unit (Fabric's NodeOUs role of an organisation's admins).
 */
record Caller(String mspId, String account, boolean admin) {
    /** The NodeOUs organisational unit of admins. */
    static final String ADMIN_OU = "admin";

    /** The caller with identity {@code cert} of MSP {@code mspId}. */
    static Caller of(String mspId, X509Certificate cert) {
        return new Caller(mspId, Accounts.of(mspId, cert), hasOu(cert, ADMIN_OU));
    }

    private static boolean hasOu(X509Certificate cert, String ou) {
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        for (RDN rdn : subject.getRDNs(BCStyle.OU)) {
            for (AttributeTypeAndValue tv : rdn.getTypesAndValues()) {
                if (tv.getType().equals(BCStyle.OU)
                        && tv.getValue() instanceof ASN1String s
                        && s.getString().equals(ou)) {
                    return true;
                }
            }
        }
        return false;
    }
}
