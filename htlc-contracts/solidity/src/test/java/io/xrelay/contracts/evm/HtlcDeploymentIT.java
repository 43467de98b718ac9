/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xrelay.contracts.evm.devnet.DevAccount;
import io.xrelay.contracts.evm.testing.TestToken;
import java.math.BigInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/** The public deployment helper against a real anvil. */
class HtlcDeploymentIT {
    private static TestChain chain;

    @BeforeAll
    static void start() {
        chain = TestChain.start();
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void deploys_the_htlc_with_the_packaged_runtime_code() throws Exception {
        DevAccount deployer = chain.account(0);

        String address = HtlcDeployment.deployHtlc(chain.anvil.rpcUrl(), chain.anvil.chainId(), deployer.privateKey());

        assertThat(address).matches("0x[0-9a-f]{40}");
        String code = chain.web3j
                .ethGetCode(address, DefaultBlockParameterName.LATEST)
                .send()
                .getCode();
        // the creation code ends with the runtime code it deploys
        assertThat(HtlcDeployment.htlcBytecode()).endsWith(Numeric.cleanHexPrefix(code));
        XRelayHtlc htlc = XRelayHtlc.load(address, chain.web3j, chain.transactions(1), chain.gas);
        assertThat(htlc.getLock(new byte[32]).send().status).isZero();
    }

    @Test
    void deploys_and_mints_a_test_token() throws Exception {
        DevAccount deployer = chain.account(0);
        String holder = chain.address(4);

        String token = HtlcDeployment.deployTestToken(
                chain.anvil.rpcUrl(), chain.anvil.chainId(), deployer.privateKey(), "Demo Dollar", "DDL");
        HtlcDeployment.mintTestToken(
                chain.anvil.rpcUrl(), chain.anvil.chainId(), deployer.privateKey(), token, holder, BigInteger.TEN);

        TestToken wrapper = TestToken.load(token, chain.web3j, chain.transactions(1), chain.gas);
        assertThat(wrapper.name().send()).isEqualTo("Demo Dollar");
        assertThat(wrapper.symbol().send()).isEqualTo("DDL");
        assertThat(wrapper.decimals().send()).isEqualTo(BigInteger.valueOf(18));
        assertThat(wrapper.balanceOf(holder).send()).isEqualTo(BigInteger.TEN);
    }

    @Test
    void a_malformed_key_is_refused_without_echoing_it() {
        String key = "0x1234";
        assertThatThrownBy(() -> HtlcDeployment.deployHtlc(chain.anvil.rpcUrl(), chain.anvil.chainId(), key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("privateKey")
                .hasMessageNotContaining("1234");
    }

    @Test
    void a_transaction_the_node_refuses_is_an_error_naming_the_step() {
        // a valid key of an account without ether: the node refuses to pay for the gas
        String poorKey = "0x" + "11".repeat(32);
        assertThatThrownBy(() -> HtlcDeployment.deployHtlc(chain.anvil.rpcUrl(), chain.anvil.chainId(), poorKey))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deploy XRelayHtlc")
                .hasMessageContaining(chain.anvil.rpcUrl());
    }

    @Test
    void a_mint_with_a_malformed_address_names_the_field() {
        DevAccount deployer = chain.account(0);
        assertThatThrownBy(() -> HtlcDeployment.mintTestToken(
                        chain.anvil.rpcUrl(),
                        chain.anvil.chainId(),
                        deployer.privateKey(),
                        "0x12",
                        chain.address(1),
                        BigInteger.ONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token")
                .hasMessageContaining("0x12");
    }
}
