/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.PreflightCheck;
import io.xrelay.contracts.fabric.devnet.FabricNetwork;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The Fabric adapter's pre-flight checks against the real devnet: a good configuration passes every check; a
 * chaincode that is not on the channel fails the htlc-code check; a channel other than the trust anchor's is refused
 * when the adapter is made, naming the trust anchor (the relay reports it as a failed trust-anchor check).
 */
class FabricPreflightIT {
    private static final ChainId CHAIN = ChainId.of("fabric-preflight");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void a_good_registration_passes_and_a_wrong_chaincode_or_channel_fails() throws Exception {
        try (FabricTestChain chain = FabricTestChain.start(CHAIN, FabricITs.newStateDir("fabric-preflight"))) {
            Account operator = chain.newFundedAccount(chain.testAsset(), Amount.of(1_000));
            FabricNetwork.Identity identity = chain.identity(operator);

            List<PreflightCheck> good = preflight(chain.settings(identity));
            assertThat(good)
                    .extracting(PreflightCheck::name)
                    .containsExactly(
                            PreflightCheck.REACHABLE,
                            PreflightCheck.CHAIN_ID,
                            PreflightCheck.HTLC_CODE,
                            PreflightCheck.TRUST_ANCHOR,
                            PreflightCheck.SIGNER_KEY,
                            PreflightCheck.SIGNER_FUNDS);
            assertThat(good).allSatisfy(c -> assertThat(c.passed()).as("%s", c).isTrue());
            assertThat(good.get(5).detail()).contains("chains to MSP Org1MSP");

            Map<String, Object> wrongChaincode = chain.settings(identity);
            wrongChaincode.put("chaincode", "nohtlc");
            assertThat(preflight(wrongChaincode))
                    .filteredOn(c -> !c.passed())
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.name()).isEqualTo(PreflightCheck.HTLC_CODE);
                        assertThat(c.detail()).contains("nohtlc");
                    });

            Map<String, Object> wrongChannel = chain.settings(identity);
            wrongChannel.put("channel", "otherchannel");
            AdapterConfigException refused =
                    catchThrowableOfType(AdapterConfigException.class, () -> new FabricAdapterProvider()
                            .create(CHAIN, ConfigFactory.parseMap(wrongChannel)));
            assertThat(refused).isNotNull();
            assertThat(refused.key()).isEqualTo("trust-anchor.config-block-file");
            assertThat(refused).hasMessageContaining("otherchannel");
        }
    }

    private static List<PreflightCheck> preflight(Map<String, Object> settings)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (ChainAdapter adapter = new FabricAdapterProvider().create(CHAIN, ConfigFactory.parseMap(settings))) {
            return adapter.preflight().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
