/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static io.xrelay.adapter.ethereum.HtlcDevnet.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.PreflightCheck;
import io.xrelay.contracts.evm.devnet.AnvilOptions;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Ethereum adapter's pre-flight checks against a real anvil with the HTLC deployed: a good configuration passes
 * every check; a wrong chain id, an address without code, code that is not the HTLC, a wrong anchor hash and an
 * unfunded key each fail their own check (and only it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EthereumPreflightIT {
    /** A key no anvil account has: its address holds nothing. */
    private static final String UNFUNDED_KEY = "8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63";

    private HtlcDevnet net;

    @BeforeAll
    void start_anvil() {
        net = HtlcDevnet.start(AnvilOptions.defaults());
    }

    @AfterAll
    void stop_anvil() {
        net.close();
    }

    private List<PreflightCheck> preflight(Consumer<Map<String, Object>> change) throws Exception {
        Map<String, Object> config = net.config(net.url(), 2);
        change.accept(config);
        try (ChainAdapter adapter = HtlcDevnet.adapter(config)) {
            return await(adapter.preflight());
        }
    }

    private static void onlyFails(List<PreflightCheck> checks, String name, String detail) {
        assertThat(checks)
                .extracting(PreflightCheck::name)
                .containsExactly(
                        PreflightCheck.REACHABLE,
                        PreflightCheck.CHAIN_ID,
                        PreflightCheck.HTLC_CODE,
                        PreflightCheck.TRUST_ANCHOR,
                        PreflightCheck.SIGNER_KEY,
                        PreflightCheck.SIGNER_FUNDS);
        assertThat(checks).filteredOn(c -> !c.passed()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo(name);
            assertThat(c.detail()).contains(detail);
        });
    }

    @Test
    void a_good_configuration_passes_every_check() throws Exception {
        List<PreflightCheck> checks = preflight(c -> {});
        assertThat(checks)
                .hasSize(6)
                .allSatisfy(c -> assertThat(c.passed()).as("%s", c).isTrue());
        assertThat(checks.get(2).detail()).contains("XRelayHtlc's runtime code");
        assertThat(checks.get(3).detail()).contains(net.genesis.hash().toHex());
    }

    @Test
    void a_wrong_chain_id_fails_the_chain_id_check() throws Exception {
        long actual = net.anvil.chainId();
        onlyFails(
                preflight(c -> c.put("evm-chain-id", actual + 1)),
                PreflightCheck.CHAIN_ID,
                "eth_chainId is " + actual + ", expected " + (actual + 1));
    }

    @Test
    void an_address_without_code_fails_the_htlc_code_check() throws Exception {
        String empty = net.recipient.address();
        onlyFails(
                preflight(c -> c.put("htlc-contract", empty)),
                PreflightCheck.HTLC_CODE,
                "no contract code at " + empty.toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void a_contract_that_is_not_the_htlc_fails_the_htlc_code_check() throws Exception {
        String token = io.xrelay.contracts.evm.HtlcDeployment.deployTestToken(
                net.anvil.rpcUrl(), net.anvil.chainId(), net.bystander.privateKey(), "Test", "TST");
        onlyFails(
                preflight(c -> c.put("htlc-contract", token)),
                PreflightCheck.HTLC_CODE,
                "is not XRelayHtlc's runtime code");
    }

    @Test
    void a_wrong_anchor_hash_fails_the_trust_anchor_check() throws Exception {
        String wrong = "0x" + "11".repeat(32);
        onlyFails(
                preflight(c -> c.put("trust-anchor.hash", wrong)),
                PreflightCheck.TRUST_ANCHOR,
                "hashes to " + net.genesis.hash().toHex() + ", not " + wrong);
    }

    @Test
    void an_unfunded_key_fails_the_signer_funds_check() throws Exception {
        onlyFails(preflight(c -> c.put("signer-key", UNFUNDED_KEY)), PreflightCheck.SIGNER_FUNDS, "holds 0 wei");
    }

    @Test
    void an_unreachable_node_fails_reachable_and_every_check_that_needs_it() throws Exception {
        List<PreflightCheck> checks = preflight(c -> c.put("rpc-url", "http://127.0.0.1:1"));
        assertThat(checks.get(0).passed()).isFalse();
        assertThat(checks.get(0).detail()).contains("http://127.0.0.1:1");
        assertThat(checks)
                .filteredOn(PreflightCheck::passed)
                .extracting(PreflightCheck::name)
                .containsExactly(PreflightCheck.SIGNER_KEY);
    }
}
