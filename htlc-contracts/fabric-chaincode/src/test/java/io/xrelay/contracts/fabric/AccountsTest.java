/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class AccountsTest {
    @Test
    void derives_the_reference_account_of_a_certificate_made_by_openssl() {
        // user1-org1-openssl.pem was made with openssl; the expected account was computed with Python's hashlib
        // over the subject and issuer Name bytes cut out of the certificate at the offsets `openssl asn1parse` shows.
        X509Certificate cert = TestCerts.resource("user1-org1-openssl.pem");

        assertThat(Accounts.of("Org1MSP", cert))
                .isEqualTo("Org1MSP:0fcc3aff8344fd859bd7a8aac35e4ab630d01e0a3f954f66f4e5eeef46edc418")
                .hasSize(72);
    }

    @Test
    void stays_the_same_when_the_certificate_is_renewed_with_a_new_key() {
        String subject = "C=US,O=org1.example.com,OU=client,CN=User1@org1.example.com";
        String issuer = "C=US,O=org1.example.com,CN=ca.org1.example.com";
        X509Certificate first = TestCerts.cert(subject, issuer, BigInteger.ONE);
        X509Certificate renewed = TestCerts.cert(subject, issuer, BigInteger.TWO);

        assertThat(renewed.getPublicKey()).isNotEqualTo(first.getPublicKey());
        assertThat(Accounts.of("Org1MSP", renewed)).isEqualTo(Accounts.of("Org1MSP", first));
    }

    @Test
    void differs_by_subject_by_issuer_and_by_msp() {
        String issuer = "O=org1.example.com,CN=ca.org1.example.com";
        String a = Accounts.of("Org1MSP", TestCerts.cert("CN=User1", issuer));

        assertThat(Accounts.of("Org1MSP", TestCerts.cert("CN=User2", issuer))).isNotEqualTo(a);
        assertThat(Accounts.of("Org1MSP", TestCerts.cert("CN=User1", "O=org2.example.com,CN=ca")))
                .isNotEqualTo(a);
        assertThat(Accounts.of("Org2MSP", TestCerts.cert("CN=User1", issuer)))
                .isNotEqualTo(a)
                .endsWith(a.substring(a.indexOf(':')));
    }

    @Test
    void refuses_an_msp_id_outside_the_pattern() {
        X509Certificate cert = TestCerts.cert("CN=User1", "CN=ca");
        for (String bad : new String[] {"", "Org 1", "Org1MSP:", "x".repeat(65), "Örg"}) {
            assertThatThrownBy(() -> Accounts.of(bad, cert))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MSP id");
        }
        assertThat(Accounts.of("a.B_c-9", cert)).startsWith("a.B_c-9:");
    }

    @Test
    void recognises_the_account_form() {
        String hex = "0f".repeat(32);

        assertThat(Accounts.isAccount("Org1MSP:" + hex)).isTrue();
        assertThat(Accounts.isAccount("x".repeat(64) + ":" + hex)).isTrue();
        assertThat(Accounts.isAccount("x".repeat(65) + ":" + hex)).isFalse();
        assertThat(Accounts.isAccount("Org1MSP:" + hex.toUpperCase(java.util.Locale.ROOT)))
                .isFalse();
        assertThat(Accounts.isAccount("Org1MSP:" + hex.substring(1))).isFalse();
        assertThat(Accounts.isAccount("Org1MSP:" + hex + "0")).isFalse();
        assertThat(Accounts.isAccount(":" + hex)).isFalse();
        assertThat(Accounts.isAccount("Org1MSP" + hex)).isFalse();
        assertThat(Accounts.isAccount("Org 1:" + hex)).isFalse();
        assertThat(Accounts.isAccount("0x00000000000000000000000000000000000000aa"))
                .isFalse();
        assertThat(Accounts.isAccount(" Org1MSP:" + hex)).isFalse();
    }
}
