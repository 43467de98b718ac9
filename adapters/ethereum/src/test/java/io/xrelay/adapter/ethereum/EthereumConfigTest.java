/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainAdapterRegistry;
import io.xrelay.adapter.ChainId;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and validation of one chain's settings: every key named when it is wrong, the signer key never shown. */
class EthereumConfigTest {
    private static final ChainId CHAIN = ChainId.of("eth-test");
    /** A made-up key: its digits must never appear in a message. */
    private static final String KEY = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

    private static final String CONTRACT = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static final String ANCHOR = "0x00c4c7508eb72992b20e535496f38a5ae935893fec3b335763abd268f8727eb3";

    private static Map<String, Object> valid() {
        Map<String, Object> m = new HashMap<>();
        m.put("rpc-url", "http://127.0.0.1:8545");
        m.put("htlc-contract", CONTRACT);
        m.put("signer-key", KEY);
        m.put("trust-anchor.number", 0);
        m.put("trust-anchor.hash", ANCHOR);
        return m;
    }

    private static Config with(String key, @Nullable Object value) {
        Map<String, Object> m = valid();
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return ConfigFactory.parseMap(m);
    }

    /** Parses {@code config}, which must be refused; every refusal is checked not to show the signer key. */
    private static AdapterConfigException refused(Config config) {
        AdapterConfigException e =
                catchThrowableOfType(AdapterConfigException.class, () -> EthereumConfig.parse(CHAIN, config));
        assertThat(e).as("parsing %s must fail", config.root().render()).isNotNull();
        assertNoKeyIn(e);
        return e;
    }

    /** The signer key's digits appear nowhere in the exception, its causes or their suppressed exceptions. */
    private static void assertNoKeyIn(Throwable t) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
            all.add(c);
        }
        for (Throwable c : all) {
            assertThat(String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT))
                    .as("message of %s", c.getClass().getName())
                    .doesNotContain(KEY.substring(8, 40));
            assertThat(c.toString().toLowerCase(Locale.ROOT)).doesNotContain(KEY.substring(8, 40));
        }
    }

    @Test
    void a_complete_configuration_is_parsed_with_the_reference_defaults() {
        EthereumConfig c = EthereumConfig.parse(CHAIN, ConfigFactory.parseMap(valid()));

        assertThat(c.rpcUrl()).isEqualTo(URI.create("http://127.0.0.1:8545"));
        assertThat(c.evmChainId()).isEmpty();
        assertThat(c.htlcContract()).isEqualTo(CONTRACT.toLowerCase(Locale.ROOT));
        assertThat(c.signerKey()).isEqualTo(KEY);
        assertThat(c.trustAnchor()).isEqualTo(new BlockRef(0, Bytes.fromHex(ANCHOR)));
        assertThat(c.finalityDepth()).isEqualTo(12);
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxHeadersPerPull()).isEqualTo(256);
        assertThat(c.rebroadcastAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.headerRules()).isEqualTo(HeaderRules.Config.ALL_FORKS_FROM_GENESIS);
    }

    @Test
    void every_default_can_be_overridden() {
        Map<String, Object> m = valid();
        m.put("rpc-url", "https://node.example:8545/rpc");
        m.put("evm-chain-id", 31337);
        m.put("signer-key", "0x" + KEY);
        m.put("trust-anchor.number", 17);
        m.put("finality-depth", 2);
        m.put("poll-interval", "50ms");
        m.put("request-timeout", "3s");
        m.put("max-headers-per-pull", 16);
        m.put("rebroadcast-after", "1s");
        m.put("rules.preset", "anvil");

        EthereumConfig c = EthereumConfig.parse(CHAIN, ConfigFactory.parseMap(m));

        assertThat(c.rpcUrl()).isEqualTo(URI.create("https://node.example:8545/rpc"));
        assertThat(c.evmChainId()).hasValue(31337);
        assertThat(c.signerKey()).isEqualTo("0x" + KEY);
        assertThat(c.trustAnchor().number()).isEqualTo(17);
        assertThat(c.finalityDepth()).isEqualTo(2);
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.maxHeadersPerPull()).isEqualTo(16);
        assertThat(c.rebroadcastAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.headerRules()).isEqualTo(HeaderRules.Config.ANVIL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rpc-url", "htlc-contract", "signer-key", "trust-anchor.number", "trust-anchor.hash"})
    void a_missing_required_key_is_named(String key) {
        AdapterConfigException e = refused(with(key, null));

        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).contains("'" + key + "'").contains("is required");
        assertThat(e.chain()).isEqualTo(CHAIN);
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void a_whole_missing_trust_anchor_is_named_by_its_first_key() {
        Map<String, Object> m = valid();
        m.remove("trust-anchor.number");
        m.remove("trust-anchor.hash");

        assertThat(refused(ConfigFactory.parseMap(m)).key()).isEqualTo("trust-anchor.number");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "   ", "not a url", "127.0.0.1:8545", "ftp://127.0.0.1/", "http://", "http:///path", "ws://x"
            })
    void a_malformed_rpc_url_is_refused(String url) {
        AdapterConfigException e = refused(with("rpc-url", url));

        assertThat(e.key()).isEqualTo("rpc-url");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "5FbDB2315678afecb367f032d93F642f64180aa3",
                "0x5FbDB2315678afecb367f032d93F642f64180aa",
                "0x5FbDB2315678afecb367f032d93F642f64180aa3a",
                "0x5FbDB2315678afecb367f032d93F642f64180aaZ",
                "0x",
                "contract"
            })
    void a_malformed_htlc_contract_address_is_refused_and_shown(String address) {
        AdapterConfigException e = refused(with("htlc-contract", address));

        assertThat(e.key()).isEqualTo("htlc-contract");
        assertThat(e.getMessage()).contains(address).contains("40 hex digits");
    }

    @ParameterizedTest
    @CsvSource({
        "63 digits, 4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f36231",
        "65 digits, 4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f3623181",
        "not hex, 4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f36231g",
        "0X prefix, 0X4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318",
        "an address, 0x5FbDB2315678afecb367f032d93F642f64180aa3",
    })
    void a_malformed_signer_key_is_refused_without_showing_it(String what, String key) {
        AdapterConfigException e = refused(with("signer-key", key));

        assertThat(e.key()).as(what).isEqualTo("signer-key");
        assertThat(e.getMessage()).doesNotContain(key).contains("not shown");
    }

    @Test
    void a_signer_key_that_is_not_a_string_is_refused_without_showing_it() {
        Config config = ConfigFactory.parseMap(valid())
                .withValue("signer-key", ConfigValueFactory.fromIterable(List.of(KEY, KEY)));

        assertThat(refused(config).key()).isEqualTo("signer-key");
    }

    @Test
    void the_signer_key_may_be_read_from_a_file_or_an_environment_variable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("signer.key");
        Files.writeString(file, "0x" + KEY + "\n");
        Map<String, Object> fromFile = valid();
        fromFile.remove("signer-key");
        fromFile.put("signer-key-file", file.toString());
        assertThat(EthereumConfig.signerKey(CHAIN, ConfigFactory.parseMap(fromFile), name -> null))
                .isEqualToIgnoringCase("0x" + KEY);

        Map<String, Object> fromEnv = valid();
        fromEnv.remove("signer-key");
        fromEnv.put("signer-key-env", "XRELAY_TEST_KEY");
        assertThat(EthereumConfig.signerKey(
                        CHAIN, ConfigFactory.parseMap(fromEnv), name -> "XRELAY_TEST_KEY".equals(name) ? KEY : null))
                .isEqualTo(KEY);
    }

    @Test
    void exactly_one_of_the_three_signer_key_settings_is_required() {
        Map<String, Object> none = valid();
        none.remove("signer-key");
        AdapterConfigException missing = refused(ConfigFactory.parseMap(none));
        assertThat(missing.key()).isEqualTo("signer-key");
        assertThat(missing.getMessage()).contains("signer-key, signer-key-file, signer-key-env");

        AdapterConfigException two = refused(with("signer-key-env", "XRELAY_TEST_KEY"));
        assertThat(two.key()).isEqualTo("signer-key-env");
        assertThat(two.getMessage()).contains("exactly one of");
    }

    @Test
    void an_unreadable_key_file_or_an_unset_variable_is_named_without_showing_a_key(@TempDir Path dir) {
        Map<String, Object> m = valid();
        m.remove("signer-key");
        m.put("signer-key-file", dir.resolve("absent.key").toString());
        AdapterConfigException file = catchThrowableOfType(
                AdapterConfigException.class,
                () -> EthereumConfig.signerKey(CHAIN, ConfigFactory.parseMap(m), name -> null));
        assertThat(file).isNotNull();
        assertThat(file.key()).isEqualTo("signer-key-file");
        assertThat(file.getMessage()).contains("cannot read the key file").contains("absent.key");

        Map<String, Object> e = valid();
        e.remove("signer-key");
        e.put("signer-key-env", "XRELAY_TEST_UNSET");
        AdapterConfigException env = catchThrowableOfType(
                AdapterConfigException.class,
                () -> EthereumConfig.signerKey(CHAIN, ConfigFactory.parseMap(e), name -> null));
        assertThat(env).isNotNull();
        assertThat(env.key()).isEqualTo("signer-key-env");
        assertThat(env.getMessage()).contains("XRELAY_TEST_UNSET is not set");

        AdapterConfigException bad = catchThrowableOfType(
                AdapterConfigException.class,
                () -> EthereumConfig.signerKey(CHAIN, ConfigFactory.parseMap(e), name -> "not-a-key"));
        assertThat(bad).isNotNull();
        assertThat(bad.key()).isEqualTo("signer-key-env");
        assertThat(bad.getMessage()).doesNotContain("not-a-key").contains("not shown");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "00c4c7508eb72992b20e535496f38a5ae935893fec3b335763abd268f8727eb3",
                "0x00c4c7508eb72992b20e535496f38a5ae935893fec3b335763abd268f8727eb",
                "0x00c4c7508eb72992b20e535496f38a5ae935893fec3b335763abd268f8727eb3ff",
                "0x00c4c7508eb72992b20e535496f38a5ae935893fec3b335763abd268f8727ebx",
                "latest"
            })
    void a_malformed_trust_anchor_hash_is_refused_and_shown(String hash) {
        AdapterConfigException e = refused(with("trust-anchor.hash", hash));

        assertThat(e.key()).isEqualTo("trust-anchor.hash");
        assertThat(e.getMessage()).contains(hash);
    }

    @ParameterizedTest
    @CsvSource({
        "trust-anchor.number, -1",
        "trust-anchor.number, genesis",
        "finality-depth, -1",
        "finality-depth, twelve",
        "finality-depth, 1.5",
        "finality-depth, 2.0",
        "finality-depth, 4294967298",
        "max-headers-per-pull, 4294967297",
        "trust-anchor.number, 99999999999999999999",
        "max-headers-per-pull, 0",
        "max-headers-per-pull, -3",
        "evm-chain-id, 0",
        "evm-chain-id, mainnet",
    })
    void a_malformed_number_is_refused(String key, String value) {
        AdapterConfigException e = refused(with(key, value));

        assertThat(e.key()).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource({
        "poll-interval, fast",
        "poll-interval, 0ms",
        "poll-interval, -1s",
        "request-timeout, 10 parsecs",
        "request-timeout, 0s",
        "rebroadcast-after, soon",
        "rebroadcast-after, -5s",
    })
    void a_malformed_duration_is_refused(String key, String value) {
        AdapterConfigException e = refused(with(key, value));

        assertThat(e.key()).isEqualTo(key);
    }

    @Test
    void a_duration_given_as_a_bare_number_is_milliseconds_as_in_hocon() {
        EthereumConfig c = EthereumConfig.parse(CHAIN, with("poll-interval", 250));

        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void an_unknown_rules_preset_is_named_under_rules() {
        AdapterConfigException e = refused(with("rules.preset", "sepolia-ish"));

        assertThat(e.key()).isEqualTo("rules.preset");
        assertThat(e.getMessage()).contains("'rules.preset'");
    }

    @Test
    void rules_that_are_not_an_object_are_refused() {
        AdapterConfigException e = refused(with("rules", "anvil"));

        assertThat(e.key()).isEqualTo("rules");
    }

    @Test
    void the_signer_key_may_come_from_a_file_or_an_environment_variable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("signer.key");
        Files.writeString(file, "0x" + KEY + "\n");
        Map<String, Object> fromFile = valid();
        fromFile.remove("signer-key");
        fromFile.put("signer-key-file", file.toString());
        assertThat(EthereumConfig.parse(CHAIN, ConfigFactory.parseMap(fromFile)).signerKey())
                .isEqualTo("0x" + KEY);

        Map<String, Object> fromEnv = valid();
        fromEnv.remove("signer-key");
        fromEnv.put("signer-key-env", "XRELAY_TEST_KEY");
        Config env = ConfigFactory.parseMap(fromEnv);
        assertThat(EthereumConfig.signerKey(CHAIN, env, name -> "XRELAY_TEST_KEY".equals(name) ? " " + KEY : null))
                .isEqualTo(KEY);
        AdapterConfigException unset = catchThrowableOfType(
                AdapterConfigException.class, () -> EthereumConfig.signerKey(CHAIN, env, name -> null));
        assertThat(unset.key()).isEqualTo("signer-key-env");
        assertThat(unset).hasMessageContaining("XRELAY_TEST_KEY").hasMessageContaining("not set");
    }

    @Test
    void exactly_one_signer_key_source_is_required_and_an_unreadable_or_malformed_one_is_named(@TempDir Path dir)
            throws Exception {
        Map<String, Object> none = valid();
        none.remove("signer-key");
        AdapterConfigException missing = refused(ConfigFactory.parseMap(none));
        assertThat(missing.key()).isEqualTo("signer-key");
        assertThat(missing).hasMessageContaining("signer-key-file").hasMessageContaining("signer-key-env");

        Map<String, Object> two = valid();
        two.put("signer-key-env", "XRELAY_TEST_KEY");
        AdapterConfigException both = refused(ConfigFactory.parseMap(two));
        assertThat(both.key()).isEqualTo("signer-key-env");
        assertThat(both).hasMessageContaining("exactly one");

        Map<String, Object> absent = valid();
        absent.remove("signer-key");
        absent.put("signer-key-file", dir.resolve("absent.key").toString());
        AdapterConfigException unreadable = refused(ConfigFactory.parseMap(absent));
        assertThat(unreadable.key()).isEqualTo("signer-key-file");
        assertThat(unreadable).hasMessageContaining("cannot read");

        Path bad = dir.resolve("bad.key");
        Files.writeString(bad, KEY.substring(2));
        Map<String, Object> malformed = valid();
        malformed.remove("signer-key");
        malformed.put("signer-key-file", bad.toString());
        AdapterConfigException wrongForm = refused(ConfigFactory.parseMap(malformed));
        assertThat(wrongForm.key()).isEqualTo("signer-key-file");
        assertThat(wrongForm).hasMessageContaining("64 hex digits");
    }

    @Test
    void to_string_hides_the_signer_key() {
        EthereumConfig c = EthereumConfig.parse(CHAIN, ConfigFactory.parseMap(valid()));

        assertThat(c.toString())
                .doesNotContain(KEY)
                .doesNotContain(KEY.substring(8, 40))
                .contains("signerKey=(hidden)")
                .contains(CONTRACT.toLowerCase(Locale.ROOT));
    }

    @Test
    void the_provider_is_found_by_type_and_validates_through_the_same_parser() {
        ChainAdapterRegistry registry = ChainAdapterRegistry.loadDefault();

        assertThat(registry.types()).contains(EthereumAdapterProvider.TYPE);
        AdapterConfigException e =
                catchThrowableOfType(AdapterConfigException.class, () -> registry.provider("ethereum")
                        .create(CHAIN, with("htlc-contract", null)));
        assertThat(e.key()).isEqualTo("htlc-contract");
        assertNoKeyIn(e);
    }
}
