/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import static io.xrelay.adapter.testkit.TestSupport.T0;
import static io.xrelay.adapter.testkit.TestSupport.done;
import static io.xrelay.adapter.testkit.TestSupport.lock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainAdapterRegistry;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TxRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemoryChainAdapterProviderTest {
    private static final ChainId ID = ChainId.of("mem-config");

    private final InMemoryChainAdapterProvider provider = new InMemoryChainAdapterProvider();
    private final List<String> ledgers = new ArrayList<>();

    @AfterEach
    void forgetLedgers() {
        ledgers.forEach(InMemoryChainAdapterProvider::removeLedger);
    }

    /** A ledger name no other test uses. */
    private String ledger() {
        String name = "ledger-" + UUID.randomUUID();
        ledgers.add(name);
        return name;
    }

    private static Config config(String hocon) {
        return ConfigFactory.parseString(hocon);
    }

    private void assertRefused(String hocon, String key) {
        assertThatThrownBy(() -> provider.create(ID, config(hocon)))
                .as("configuration %s", hocon)
                .isInstanceOfSatisfying(AdapterConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.chain()).isEqualTo(ID);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains(key);
                });
    }

    @Test
    void the_service_loader_finds_the_provider_by_type() {
        ChainAdapterRegistry registry = ChainAdapterRegistry.loadDefault();

        assertThat(registry.types()).contains("in-memory");
        assertThat(registry.provider("in-memory")).isInstanceOf(InMemoryChainAdapterProvider.class);
    }

    @Test
    void configuration_sets_up_the_ledger_and_the_signer() {
        String ledger = ledger();
        InMemoryChainAdapter adapter = provider.create(
                ID,
                config(
                        """
                type = in-memory
                ledger = "%s"
                signer = relay
                finality-depth = 2
                auto-mine = false
                block-time = 12s
                genesis-time = "2030-05-01T00:00:00Z"
                reorged-transactions = drop
                balances {
                  relay { native = 1000, TKN = "123456789012345678901234567890" }
                  "0xab" { native = 5 }
                }
                """
                                .formatted(ledger)));

        InMemoryChain chain = adapter.chain();
        assertThat(InMemoryChainAdapterProvider.ledger(ledger)).containsSame(chain);
        assertThat(adapter.chainId()).isEqualTo(ID);
        assertThat(adapter.signer()).isEqualTo(Account.of("relay"));
        assertThat(chain.finalityDepth()).isEqualTo(2);
        assertThat(chain.autoMine()).isFalse();
        assertThat(chain.blockTime()).isEqualTo(Duration.ofSeconds(12));
        assertThat(chain.headBlock().timestamp()).isEqualTo(Instant.parse("2030-05-01T00:00:00Z"));
        assertThat(chain.reorgPolicy()).isEqualTo(InMemoryChain.ReorgPolicy.DROP);
        assertThat(chain.balance(Account.of("relay"), Asset.NATIVE)).isEqualTo(Amount.of(1000));
        assertThat(chain.balance(Account.of("relay"), Asset.of("TKN")).units())
                .hasToString("123456789012345678901234567890");
        assertThat(chain.balance(Account.of("0xab"), Asset.NATIVE)).isEqualTo(Amount.of(5));
    }

    @Test
    void without_settings_the_ledger_is_named_after_the_chain_and_uses_the_defaults() {
        ChainId id = ChainId.of("mem-" + UUID.randomUUID().toString().substring(0, 8));
        ledgers.add(id.value());

        InMemoryChainAdapter adapter = provider.create(id, config("signer = relay"));

        assertThat(InMemoryChainAdapterProvider.ledger(id.value())).containsSame(adapter.chain());
        assertThat(adapter.chain().finalityDepth()).isZero();
        assertThat(adapter.chain().autoMine()).isTrue();
        assertThat(adapter.chain().headBlock().timestamp()).isEqualTo(InMemoryChain.DEFAULT_GENESIS_TIME);
    }

    @Test
    void adapters_configured_with_one_ledger_share_it() {
        String ledger = ledger();
        String settings = "ledger = \"" + ledger + "\", finality-depth = 1, balances { alice { native = 100 } }";
        ChainAdapter alice = provider.create(ID, config(settings + ", signer = alice"));
        ChainAdapter bob = provider.create(ID, config(settings + ", signer = bob"));

        TxRef tx = done(alice.lock(lock(Account.of("bob"), Preimage.random(), T0.plus(Duration.ofHours(1)), 40)))
                .tx();
        InMemoryChainAdapterProvider.ledger(ledger).orElseThrow().mineBlock();
        Finality finality = done(bob.awaitFinality(tx));
        HtlcId id = TestSupport.lockId(finality);

        assertThat(done(bob.htlc(id))).isPresent();
        assertThat(InMemoryChainAdapterProvider.ledger(ledger).orElseThrow().balance(Account.of("alice"), Asset.NATIVE))
                .as("balances are minted once, when the ledger is created")
                .isEqualTo(Amount.of(60));
    }

    @Test
    void a_ledger_registered_by_code_can_be_named_in_configuration() {
        String ledger = ledger();
        InMemoryChain chain = InMemoryChain.builder(ID).finalityDepth(4).build();
        InMemoryChainAdapterProvider.registerLedger(ledger, chain);

        InMemoryChainAdapter adapter =
                provider.create(ID, config("ledger = \"" + ledger + "\", signer = x, finality-depth = 4"));

        assertThat(adapter.chain()).isSameAs(chain);
        assertThatThrownBy(() -> InMemoryChainAdapterProvider.registerLedger(ledger, chain))
                .isInstanceOf(IllegalStateException.class);
        assertRefused("ledger = \"" + ledger + "\", signer = x, balances { x { native = 1 } }", "balances");
    }

    @Test
    void a_missing_or_bad_signer_is_reported_by_key() {
        assertRefused("ledger = \"" + ledger() + "\"", "signer");
        assertRefused("ledger = \"" + ledger() + "\", signer = \"\"", "signer");
        assertRefused("ledger = \"" + ledger() + "\", signer = \" padded\"", "signer");
        assertRefused("ledger = \"" + ledger() + "\", signer { a = 1 }", "signer");
    }

    @Test
    void bad_ledger_settings_are_reported_by_key() {
        assertRefused("signer = a, ledger = \"\"", "ledger");
        assertRefused("signer = a, ledger = \"" + ledger() + "\", finality-depth = -1", "finality-depth");
        assertRefused("signer = a, ledger = \"" + ledger() + "\", finality-depth = many", "finality-depth");
        assertRefused("signer = a, ledger = \"" + ledger() + "\", auto-mine = maybe", "auto-mine");
        assertRefused("signer = a, ledger = \"" + ledger() + "\", block-time = -1s", "block-time");
        assertRefused("signer = a, ledger = \"" + ledger() + "\", block-time = soon", "block-time");
        assertRefused("signer = a, ledger = \"" + ledger() + "\", genesis-time = yesterday", "genesis-time");
        assertRefused(
                "signer = a, ledger = \"" + ledger() + "\", genesis-time = \"1970-01-01T00:00:00Z\"", "genesis-time");
        assertRefused("signer = a, ledger = \"" + ledger() + "\", reorged-transactions = keep", "reorged-transactions");
    }

    @Test
    void bad_balances_are_reported_by_their_full_key() {
        String prefix = "signer = a, ledger = \"" + ledger() + "\", ";
        assertRefused(prefix + "balances = 5", "balances");
        assertRefused(prefix + "balances { alice = 5 }", "balances.alice");
        assertRefused(prefix + "balances { alice { native = -5 } }", "balances.alice.native");
        assertRefused(prefix + "balances { alice { native = \"lots\" } }", "balances.alice.native");
        assertRefused(prefix + "balances { alice { native = 1.5 } }", "balances.alice.native");
        assertRefused(prefix + "balances { alice { native = [1] } }", "balances.alice.native");
        assertRefused(prefix + "balances { alice { \" x\" = 1 } }", "balances.alice.\" x\"");
        assertThat(InMemoryChainAdapterProvider.ledger(ledgers.get(0)))
                .as("a refused configuration creates no ledger")
                .isEmpty();
    }

    @Test
    void joining_a_ledger_with_other_settings_is_refused_by_key() {
        String ledger = ledger();
        String base = "ledger = \"" + ledger + "\", signer = a, ";
        provider.create(ID, config(base + "finality-depth = 2, balances { a { native = 1 } }"));

        assertRefused(base + "finality-depth = 3", "finality-depth");
        assertRefused(base + "auto-mine = false", "auto-mine");
        assertRefused(base + "block-time = 1s", "block-time");
        assertRefused(base + "genesis-time = \"2027-01-01T00:00:00Z\"", "genesis-time");
        assertRefused(base + "reorged-transactions = drop", "reorged-transactions");
        assertRefused(base + "balances { a { native = 2 } }", "balances");
        assertThatThrownBy(() -> provider.create(ChainId.of("mem-another"), config(base)))
                .isInstanceOfSatisfying(
                        AdapterConfigException.class, e -> assertThat(e.key()).isEqualTo("ledger"));
        assertThat(provider.create(ID, config(base + "finality-depth = 2, balances { a { native = 1 } }"))
                        .chain())
                .isSameAs(InMemoryChainAdapterProvider.ledger(ledger).orElseThrow());
    }
}
