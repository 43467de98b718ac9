/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.Account;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Accounts derived from certificates: the documented hash, stable across renewals, distinct across CAs. */
class FabricAccountsTest {
    private static final AdapterFixtures.Issued CA =
            AdapterFixtures.ca("CN=ca.org1.example.com,O=org1.example.com,C=US");

    @Test
    void an_account_is_the_msp_id_and_sha256_of_the_subject_and_issuer_names() throws Exception {
        AdapterFixtures.Issued user = AdapterFixtures.issue(CA, "CN=User1@org1.example.com,OU=client,C=US");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(user.certificate().getSubjectX500Principal().getEncoded());
        sha256.update(user.certificate().getIssuerX500Principal().getEncoded());

        Account account = FabricAccounts.of("Org1MSP", user.certificate());

        assertThat(account.value()).isEqualTo("Org1MSP:" + HexFormat.of().formatHex(sha256.digest()));
        assertThat(account.value()).hasSize("Org1MSP:".length() + 64);
        assertThat(FabricAccounts.isAccount(account.value())).isTrue();
    }

    @Test
    void a_renewed_certificate_with_a_new_key_keeps_the_account() {
        AdapterFixtures.Issued first = AdapterFixtures.issue(CA, "CN=User1@org1.example.com,OU=client,C=US");
        AdapterFixtures.Issued renewed = AdapterFixtures.issue(CA, "CN=User1@org1.example.com,OU=client,C=US");

        assertThat(renewed.certificate().getPublicKey())
                .isNotEqualTo(first.certificate().getPublicKey());
        assertThat(FabricAccounts.of("Org1MSP", renewed.certificate()))
                .isEqualTo(FabricAccounts.of("Org1MSP", first.certificate()));
    }

    @Test
    void the_same_subject_under_another_ca_or_msp_is_another_account() {
        AdapterFixtures.Issued other = AdapterFixtures.ca("CN=ca.org2.example.com,O=org2.example.com,C=US");
        AdapterFixtures.Issued a = AdapterFixtures.issue(CA, "CN=User1,C=US");
        AdapterFixtures.Issued b = AdapterFixtures.issue(other, "CN=User1,C=US");

        assertThat(FabricAccounts.of("Org1MSP", a.certificate()))
                .isNotEqualTo(FabricAccounts.of("Org1MSP", b.certificate()));
        assertThat(FabricAccounts.of("Org1MSP", a.certificate()))
                .isNotEqualTo(FabricAccounts.of("Org2MSP", a.certificate()));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Org1MSP",
                "Org1MSP:",
                ":0000000000000000000000000000000000000000000000000000000000000000",
                "Org1MSP:000000000000000000000000000000000000000000000000000000000000000",
                "Org1MSP:00000000000000000000000000000000000000000000000000000000000000000",
                "Org1MSP:ABCDEF0000000000000000000000000000000000000000000000000000000000",
                "Org 1:0000000000000000000000000000000000000000000000000000000000000000",
                "0x0000000000000000000000000000000000000000"
            })
    void strings_not_of_the_account_form_are_no_accounts(String s) {
        assertThat(FabricAccounts.isAccount(s)).isFalse();
    }
}
