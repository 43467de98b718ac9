/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

class DevAccountTest {
    @Test
    void derives_anvils_default_accounts_from_the_test_mnemonic() {
        List<DevAccount> accounts = Anvil.deriveDevAccounts(3);

        assertThat(accounts).extracting(DevAccount::index).containsExactly(0, 1, 2);
        // anvil prints these addresses for its default mnemonic
        assertThat(accounts.get(0).address()).isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        assertThat(accounts.get(1).address()).isEqualTo("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
        for (DevAccount account : accounts) {
            assertThat(Credentials.create(account.privateKey()).getAddress()).isEqualTo(account.address());
        }
    }

    @Test
    void to_string_leaves_the_private_key_out() {
        DevAccount account = Anvil.deriveDevAccounts(1).get(0);

        assertThat(account.toString())
                .contains(account.address())
                .doesNotContain(account.privateKey())
                .doesNotContain(account.privateKey().substring(2));
    }

    @Test
    void refuses_a_malformed_address_naming_it() {
        assertThatThrownBy(() -> new DevAccount(0, "0x1234", "0x" + "1".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("address")
                .hasMessageContaining("0x1234");
    }

    @Test
    void refuses_a_malformed_key_without_echoing_it() {
        String key = "0x" + "1".repeat(63);
        assertThatThrownBy(() -> new DevAccount(0, "0x" + "a".repeat(40), key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("privateKey")
                .hasMessageNotContaining(key);
    }
}
