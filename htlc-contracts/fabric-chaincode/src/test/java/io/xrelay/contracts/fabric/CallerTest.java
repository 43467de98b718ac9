/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class CallerTest {
    private static final String ISSUER = "C=US,O=org1.example.com,CN=ca.org1.example.com";

    @Test
    void an_admin_is_a_certificate_with_the_admin_ou() {
        X509Certificate admin = TestCerts.cert("C=US,OU=admin,CN=Admin@org1.example.com", ISSUER);

        Caller caller = Caller.of("Org1MSP", admin);

        assertThat(caller.admin()).isTrue();
        assertThat(caller.mspId()).isEqualTo("Org1MSP");
        assertThat(caller.account()).isEqualTo(Accounts.of("Org1MSP", admin));
    }

    @Test
    void clients_peers_and_look_alikes_are_no_admins() {
        for (String subject : new String[] {
            "C=US,OU=client,CN=User1@org1.example.com",
            "C=US,OU=peer,CN=peer0.org1.example.com",
            "C=US,OU=Admin,CN=Admin@org1.example.com",
            "C=US,OU=admins,CN=x",
            "C=US,O=admin,CN=x",
            "C=US,CN=admin"
        }) {
            assertThat(Caller.of("Org1MSP", TestCerts.cert(subject, ISSUER)).admin())
                    .as(subject)
                    .isFalse();
        }
        assertThat(Caller.of("Org1MSP", TestCerts.resource("user1-org1-openssl.pem"))
                        .admin())
                .isFalse();
    }

    @Test
    void finds_the_admin_ou_among_several_and_in_a_multi_valued_rdn() {
        assertThat(Caller.of("Org1MSP", TestCerts.cert("OU=client,OU=admin,CN=x", ISSUER))
                        .admin())
                .isTrue();
        assertThat(Caller.of("Org1MSP", TestCerts.cert("OU=admin+CN=x", ISSUER)).admin())
                .isTrue();
    }

    @Test
    void the_issuer_s_ou_does_not_count() {
        assertThat(Caller.of("Org1MSP", TestCerts.cert("OU=client,CN=x", "OU=admin,CN=ca"))
                        .admin())
                .isFalse();
    }
}
