/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainAdapterRegistry;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.testkit.InMemoryChainAdapterProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay's configuration file: parsed whole, every bad key named with its full path. */
class RelayConfigTest {
    private static final ChainAdapterRegistry ADAPTERS =
            new ChainAdapterRegistry(List.of(new InMemoryChainAdapterProvider()));

    private static final String CHAIN_A =
            "{ id = chain-a, type = in-memory, signer = relay, relay { finality-time = 2s, clock-tolerance = 5s,"
                    + " max-in-flight = 8 } }";
    private static final String CHAIN_B =
            "{ id = chain-b, type = in-memory, signer = relay, relay { finality-time = 1s, clock-tolerance = 1s } }";
    private static final String PAIR =
            "{ from { chain = chain-a, asset = AAA }, to { chain = chain-b, asset = BBB }, rate = \"2\", fee = 3,"
                    + " max = 1000 }";

    @TempDir
    Path tmp;

    private static RelayConfig parse(String xrelayBody) {
        return RelayConfig.parse(ConfigFactory.parseString("xrelay { " + xrelayBody + " }"), ADAPTERS);
    }

    private static String valid(String extra) {
        return "chains = [" + CHAIN_A + ", " + CHAIN_B + "]\n pairs = [" + PAIR + "]\n" + extra;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertKey(String xrelayBody, String key) {
        return assertThatThrownBy(() -> parse(xrelayBody))
                .isInstanceOf(RelayConfigException.class)
                .satisfies(e -> assertThat(((RelayConfigException) e).key()).isEqualTo(key))
                .hasMessageStartingWith(key + ": ");
    }

    @Test
    void a_complete_file_is_parsed_with_the_reference_defaults_underneath() {
        RelayConfig config = parse(valid("data-dir = \"" + tmp + "\"\n timing { safety-margin = 30s }"));

        assertThat(config.dataDir()).isEqualTo(tmp);
        assertThat(config.persistence().backend()).isEqualTo(PersistenceConfig.Backend.H2);
        assertThat(config.chains())
                .extracting(ChainConfig::id)
                .containsExactly(ChainId.of("chain-a"), ChainId.of("chain-b"));
        ChainConfig a = config.chains().get(0);
        assertThat(a.type()).isEqualTo("in-memory");
        assertThat(a.relay()).isEqualTo(new ChainRelaySettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 8));
        assertThat(a.config().getString("signer")).isEqualTo("relay");
        assertThat(config.chains().get(1).relay().maxInFlight()).isEqualTo(64);
        PairConfig pair = config.pairs().get(0);
        assertThat(pair.from()).isEqualTo(new PairConfig.Leg(ChainId.of("chain-a"), Asset.of("AAA")));
        assertThat(pair.rate()).isEqualByComparingTo(new BigDecimal("2"));
        assertThat(pair.fee()).isEqualTo(Amount.of(3));
        assertThat(pair.max()).isEqualTo(Amount.of(1000));
        assertThat(config.timing().safetyMargin()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.timing().pollInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.chain(ChainId.of("chain-b"))).isPresent();
        assertThat(config.chain(ChainId.of("chain-c"))).isEmpty();
    }

    @Test
    void a_file_is_loaded_and_its_errors_say_where() throws IOException {
        Path file = tmp.resolve("relay.conf");
        Files.writeString(file, "xrelay {\n  chains = [" + CHAIN_A + "]\n  timing.poll-interval = soon\n}\n");

        assertThatThrownBy(() -> RelayConfig.load(file))
                .isInstanceOf(RelayConfigException.class)
                .hasMessageStartingWith("xrelay.timing.poll-interval: ")
                .hasMessageContaining("soon")
                .hasMessageContaining("relay.conf line 3");
    }

    @Test
    void a_missing_or_unparsable_file_is_named() throws IOException {
        Path missing = tmp.resolve("nope.conf");
        assertThatThrownBy(() -> RelayConfig.load(missing))
                .isInstanceOf(RelayConfigException.class)
                .hasMessage("config: no such file: " + missing);

        Path broken = tmp.resolve("broken.conf");
        Files.writeString(broken, "xrelay { chains = [ \n");
        assertThatThrownBy(() -> RelayConfig.load(broken))
                .isInstanceOf(RelayConfigException.class)
                .hasMessageStartingWith("config: ")
                .hasMessageContaining("broken.conf");
    }

    @Test
    void an_unknown_key_of_xrelay_is_named_with_the_known_ones() {
        assertKey(valid("timming { safety-margin = 1s }"), "xrelay.timming").hasMessageContaining("chains");
    }

    @Test
    void chains_must_be_a_list_of_blocks_and_may_be_empty() {
        assertThat(RelayConfig.parse(ConfigFactory.parseString("xrelay { }")).chains())
                .isEmpty();
        assertKey("chains = 3", "xrelay.chains").hasMessageContaining("list");
        assertKey("chains = [ 3 ]", "xrelay.chains[0]").hasMessageContaining("chain block");
    }

    @Test
    void a_chain_without_a_valid_id_is_named() {
        assertKey("chains = [ { type = in-memory, signer = relay } ]", "xrelay.chains[0].id");
        assertKey("chains = [ { id = Chain_A, type = in-memory } ]", "xrelay.chains[0].id")
                .hasMessageContaining("Chain_A");
    }

    @Test
    void an_unknown_adapter_type_is_named_with_the_known_ones() {
        assertKey("chains = [ { id = x, type = bitcoin } ]", "xrelay.chains[0].type")
                .hasMessageContaining("bitcoin")
                .hasMessageContaining("in-memory");
        assertKey("chains = [ { id = x } ]", "xrelay.chains[0].type");
    }

    @Test
    void a_duplicate_chain_id_is_named() {
        assertKey("chains = [" + CHAIN_A + ", " + CHAIN_A + "]", "xrelay.chains[1].id")
                .hasMessageContaining("xrelay.chains[0]");
    }

    @Test
    void bad_relay_settings_of_a_chain_are_named() {
        assertKey(
                        "chains = [ { id = x, type = in-memory, relay { finality-time = fast, clock-tolerance = 1s } } ]",
                        "xrelay.chains[0].relay.finality-time")
                .hasMessageContaining("fast");
        assertKey(
                "chains = [ { id = x, type = in-memory, relay { finality-time = 1s, clock-tolerance = 1s,"
                        + " max-in-flight = 0 } } ]",
                "xrelay.chains[0].relay.max-in-flight");
        assertKey(
                "chains = [ { id = x, type = in-memory, relay { finality-time = 1s } } ]",
                "xrelay.chains[0].relay.clock-tolerance");
    }

    @Test
    void a_pair_may_name_a_chain_the_file_does_not_configure() {
        String pair = "{ from { chain = chain-a, asset = A }, to { chain = chain-z, asset = Z }, max = 10 }";
        RelayConfig config = RelayConfig.parse(ConfigFactory.parseString(
                "xrelay { chains = [" + CHAIN_A + ", " + CHAIN_B + "]\n pairs = [" + pair + "] }"));
        assertThat(config.pairs()).singleElement().satisfies(p -> assertThat(p.to().chain())
                .isEqualTo(ChainId.of("chain-z")));
    }

    @Test
    void bad_pair_values_are_named() {
        String chains = "chains = [" + CHAIN_A + ", " + CHAIN_B + "]\n";
        assertKey(
                chains + "pairs = [ { from { chain = chain-a, asset = A }, to { chain = chain-b, asset = B } } ]",
                "xrelay.pairs[0].max");
        assertKey(
                chains + "pairs = [ { from { chain = chain-a, asset = A }, to { chain = chain-b, asset = B },"
                        + " rate = \"-1\", max = 5 } ]",
                "xrelay.pairs[0].rate");
        assertKey(chains + "pairs = [ { to { chain = chain-b, asset = B }, max = 5 } ]", "xrelay.pairs[0].from");
    }

    @Test
    void bad_timing_values_are_named() {
        assertKey(valid("timing { max-timelock = 0s }"), "xrelay.timing.max-timelock");
        assertKey(valid("timing { safety-margin = -1s }"), "xrelay.timing.safety-margin");
        assertKey(valid("timing = 5"), "xrelay.timing");
    }

    @Test
    void bad_persistence_values_are_named() {
        assertKey(valid("persistence.backend = mysql"), "xrelay.persistence.backend")
                .hasMessageContaining("mysql");
        assertKey(
                valid("persistence { backend = postgres, postgres.url = \"jdbc:mysql://x\" }"),
                "xrelay.persistence.postgres.url");
    }

    @Test
    void the_stored_form_of_a_chain_hides_its_secrets() {
        RelayConfig config = parse("chains = [ { id = x, type = in-memory, signer = relay, signer-key = \"c0ffee\","
                + " nested { password = hunter2 }, relay { finality-time = 1s, clock-tolerance = 1s } } ]");

        String stored = config.chains().get(0).redactedHocon();

        assertThat(stored)
                .doesNotContain("c0ffee")
                .doesNotContain("hunter2")
                .contains("signer-key")
                .contains("relay");
        assertThat(ConfigFactory.parseString(stored).getString("signer")).isEqualTo("relay");
    }

    @Test
    void the_relays_pekko_settings_hold_when_every_reference_conf_is_concatenated_into_one_as_in_the_runnable_jar()
            throws IOException {
        // The shaded jar appends every reference.conf into one file, the relay's own first: later keys win there.
        StringBuilder concatenated = new StringBuilder();
        List<URL> references =
                Collections.list(RelayConfigTest.class.getClassLoader().getResources("reference.conf"));
        assertThat(references)
                .as("pekko-persistence's reference.conf is on the class path")
                .anySatisfy(u -> assertThat(u.toString()).contains("pekko-persistence_"));
        for (URL u : references) {
            try (InputStream in = u.openStream()) {
                concatenated
                        .append(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + u, e);
            }
        }
        Config reference = ConfigFactory.parseString(concatenated.toString());

        Config root = RelayConfig.layered(ConfigFactory.parseString("xrelay { }"), reference);

        assertThat(root.getString("pekko.persistence.journal.plugin")).isEqualTo("jdbc-journal");
        assertThat(root.getString("pekko.persistence.snapshot-store.plugin")).isEqualTo("jdbc-snapshot-store");
        assertThat(root.getString("jdbc-journal.use-shared-db")).isEqualTo("xrelay");
        assertThat(root.getString("jdbc-snapshot-store.use-shared-db")).isEqualTo("xrelay");
        assertThat(root.getString("jdbc-read-journal.use-shared-db")).isEqualTo("xrelay");
        assertThat(root.getStringList("pekko.loggers")).containsExactly("org.apache.pekko.event.slf4j.Slf4jLogger");
        assertThat(root.getString("pekko.actor.serialization-bindings.\"io.xrelay.relay.CborSerializable\""))
                .isEqualTo("jackson-cbor");
    }

    @Test
    void a_configuration_file_may_still_override_the_relays_pekko_settings() {
        Config root = RelayConfig.layered(
                ConfigFactory.parseString("pekko.loglevel = DEBUG"), ConfigFactory.defaultReference());

        assertThat(root.getString("pekko.loglevel")).isEqualTo("DEBUG");
        assertThat(root.getString("pekko.persistence.journal.plugin")).isEqualTo("jdbc-journal");
    }

    @Test
    void api_defaults_to_token_auth_and_mtls_settings_are_checked_naming_the_key() throws Exception {
        ApiConfig api = parse(valid("")).api();
        assertThat(api.mode()).isEqualTo(ApiConfig.AuthMode.TOKEN);
        assertThat(api.tls()).isEmpty();
        assertThat(api.watchBuffer()).isEqualTo(256);

        assertKey(valid("api.auth.mode = kerberos"), "xrelay.api.auth.mode").hasMessageContaining("kerberos");
        assertKey(valid("api.auth.mode = mtls"), "xrelay.api.auth.clients");
        assertKey(
                valid("api.auth { mode = mtls, clients = [ { subject-cn = ops, roles = [admin] } ] }"),
                "xrelay.api.tls.certificate-file");
        assertKey(
                        valid("api.auth.clients = [ { subject-cn = ops, roles = [root] } ]"),
                        "xrelay.api.auth.clients[0].roles")
                .hasMessageContaining("root");
        assertKey(
                valid(
                        "api.auth.clients = [ { subject-cn = ops, roles = [admin] }, { subject-cn = ops, roles = [dapp] } ]"),
                "xrelay.api.auth.clients[1].subject-cn");
        Path cert = java.nio.file.Files.writeString(tmp.resolve("api.pem"), "x");
        Path key = java.nio.file.Files.writeString(tmp.resolve("api.key"), "x");
        String files = "certificate-file = \"" + cert + "\", private-key-file = \"" + key + "\"";
        assertKey(
                valid("api { auth { mode = mtls, clients = [ { subject-cn = ops, roles = [admin] } ] }, tls { " + files
                        + " } }"),
                "xrelay.api.tls.client-ca-file");
        assertKey(
                        valid("api.tls { " + files + ", client-ca-file = \"" + tmp.resolve("missing.pem") + "\" }"),
                        "xrelay.api.tls.client-ca-file")
                .hasMessageContaining("missing.pem");
        ApiConfig mtls = parse(valid("api { auth { mode = mtls, clients = [ { subject-cn = ops, roles = [admin] } ] },"
                        + " tls { " + files + ", client-ca-file = \"" + cert + "\" } }"))
                .api();
        assertThat(mtls.mode()).isEqualTo(ApiConfig.AuthMode.MTLS);
        assertThat(mtls.clients())
                .containsExactly(new ApiConfig.ClientCredential("ops", java.util.Set.of(ApiConfig.Role.ADMIN)));
        assertThat(mtls.tls().orElseThrow().clientCaFile()).contains(cert);
        assertKey(valid("api.watch-buffer = 0"), "xrelay.api.watch-buffer");
    }
}
