/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigParsersTest {
    static Config parse(String hocon) {
        return ConfigFactory.parseString(hocon).resolve();
    }

    @Test
    void parses_a_pair_list_with_defaults_and_large_amounts() {
        Config c = parse(
                """
                pairs = [
                  { from { chain = fabric-dev, asset = USD }, to { chain = eth-dev, asset = "0xcc" },
                    rate = "1.5", fee = 2, min = 5, max = "1000000000000000000000000" }
                  { from { chain = eth-dev, asset = "0xcc" }, to { chain = fabric-dev, asset = USD }, max = 100 }
                ]
                """);
        List<PairConfig> pairs = PairConfig.listFromConfig(c, "xrelay", "pairs");
        assertThat(pairs).hasSize(2);
        PairConfig first = pairs.get(0);
        assertThat(first.from()).isEqualTo(new PairConfig.Leg(ChainId.of("fabric-dev"), Asset.of("USD")));
        assertThat(first.to()).isEqualTo(new PairConfig.Leg(ChainId.of("eth-dev"), Asset.of("0xcc")));
        assertThat(first.rate()).isEqualByComparingTo(new BigDecimal("1.5"));
        assertThat(first.fee()).isEqualTo(Amount.of(2));
        assertThat(first.min()).isEqualTo(Amount.of(5));
        assertThat(first.max()).isEqualTo(Amount.of(new BigInteger("1000000000000000000000000")));
        PairConfig second = pairs.get(1);
        assertThat(second.rate()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(second.fee()).isEqualTo(Amount.ZERO);
        assertThat(second.min()).isEqualTo(Amount.of(1));
    }

    @Test
    void a_bad_rate_is_reported_with_its_full_key() {
        Config c = parse(
                "pairs = [ { from { chain = a, asset = X }, to { chain = b, asset = Y }, rate = \"one\", max = 5 } ]");
        assertThatThrownBy(() -> PairConfig.listFromConfig(c, "xrelay", "pairs"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("xrelay.pairs[0].rate")
                .hasMessageContaining("one");
    }

    @Test
    void a_missing_chain_of_a_pair_side_is_reported_with_its_full_key() {
        Config c = parse("pairs = [ { from { chain = a, asset = X }, to { asset = Y }, max = 5 } ]");
        assertThatThrownBy(() -> PairConfig.listFromConfig(c, "xrelay", "pairs"))
                .isInstanceOf(ConfigException.Missing.class)
                .hasMessageContaining("xrelay.pairs[0].to.chain");
    }

    @Test
    void refuses_max_below_min_a_negative_fee_a_pair_within_one_chain_and_a_duplicate_direction() {
        String sides = "from { chain = a, asset = X }, to { chain = b, asset = Y }";
        assertThatThrownBy(
                        () -> PairConfig.listFromConfig(parse("p = [ {" + sides + ", min = 10, max = 5 } ]"), "x", "p"))
                .hasMessageContaining("x.p[0].max");
        assertThatThrownBy(
                        () -> PairConfig.listFromConfig(parse("p = [ {" + sides + ", fee = -1, max = 5 } ]"), "x", "p"))
                .hasMessageContaining("x.p[0].fee");
        assertThatThrownBy(() -> PairConfig.listFromConfig(
                        parse("p = [ { from { chain = a, asset = X }, to { chain = a, asset = Y }, max = 5 } ]"),
                        "x",
                        "p"))
                .hasMessageContaining("x.p[0].to.chain");
        assertThatThrownBy(() -> PairConfig.listFromConfig(
                        parse("p = [ {" + sides + ", max = 5 }, {" + sides + ", max = 6 } ]"), "x", "p"))
                .hasMessageContaining("x.p[1].from")
                .hasMessageContaining("x.p[0]");
    }

    @Test
    void timing_defaults_come_from_reference_conf_and_match_the_documented_values() {
        Config xrelay = ConfigFactory.load().getConfig("xrelay");
        assertThat(TimingConfig.fromConfig(xrelay.getConfig("timing"), "xrelay.timing"))
                .isEqualTo(TimingConfig.defaults());
        assertThat(TimingConfig.defaults().maxTimelock()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void a_bad_duration_names_its_key() {
        Config timing = parse("safety-margin = soon, min-destination-window = 1s, max-timelock = 1h, "
                + "retry-interval = 1s, poll-interval = 1s");
        assertThatThrownBy(() -> TimingConfig.fromConfig(timing, "xrelay.timing"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("xrelay.timing.safety-margin");
    }

    @Test
    void chain_relay_settings_default_by_type_and_require_values_for_other_types() {
        assertThat(ChainRelaySettings.fromConfig(parse("type = fabric"), "xrelay.chains[1]"))
                .isEqualTo(new ChainRelaySettings(Duration.ofSeconds(5), Duration.ofSeconds(60), 64));
        assertThat(ChainRelaySettings.fromConfig(
                        parse("type = ethereum, relay { finality-time = 5s, max-in-flight = 8 }"), "xrelay.chains[0]"))
                .isEqualTo(new ChainRelaySettings(Duration.ofSeconds(5), Duration.ofSeconds(15), 8));
        assertThatThrownBy(() -> ChainRelaySettings.fromConfig(parse("type = other"), "xrelay.chains[2]"))
                .isInstanceOf(ConfigException.Missing.class)
                .hasMessageContaining("xrelay.chains[2].relay.finality-time");
        assertThatThrownBy(() -> ChainRelaySettings.fromConfig(
                        parse("type = fabric, relay { max-in-flight = 0 }"), "xrelay.chains[1]"))
                .hasMessageContaining("xrelay.chains[1].relay.max-in-flight");
    }

    @Test
    void persistence_defaults_to_h2_under_the_data_dir_and_switches_to_postgres() {
        Config defaults = ConfigFactory.load().getConfig("xrelay");
        PersistenceConfig h2 = PersistenceConfig.fromConfig(defaults, "xrelay");
        assertThat(h2.backend()).isEqualTo(PersistenceConfig.Backend.H2);
        assertThat(h2.h2Folder()).isEqualTo(Path.of("./data").resolve("journal"));

        Config pg = parse(
                """
                data-dir = /var/lib/xrelay
                persistence { backend = postgres, postgres { url = "jdbc:postgresql://db:5432/x", user = u, password = p } }
                """);
        PersistenceConfig p = PersistenceConfig.fromConfig(pg, "xrelay");
        assertThat(p.backend()).isEqualTo(PersistenceConfig.Backend.POSTGRES);
        assertThat(p.postgres().orElseThrow().url()).isEqualTo("jdbc:postgresql://db:5432/x");
        assertThat(p.postgres().orElseThrow().toString()).doesNotContain("=p]").contains("***");
    }

    @Test
    void an_unknown_backend_or_a_non_postgres_url_names_its_key() {
        assertThatThrownBy(() ->
                        PersistenceConfig.fromConfig(parse("data-dir = d, persistence { backend = mysql }"), "xrelay"))
                .hasMessageContaining("xrelay.persistence.backend")
                .hasMessageContaining("mysql");
        assertThatThrownBy(() -> PersistenceConfig.fromConfig(
                        parse(
                                "data-dir = d, persistence { backend = postgres, postgres { url = \"jdbc:h2:x\", user = u } }"),
                        "xrelay"))
                .hasMessageContaining("xrelay.persistence.postgres.url");
    }
}
