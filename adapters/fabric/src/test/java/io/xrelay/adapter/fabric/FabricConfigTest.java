/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.ChainAdapterRegistry;
import io.xrelay.adapter.ChainId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and validation of one Fabric chain's settings: every bad value refused, naming its key. */
class FabricConfigTest {
    private static final ChainId CHAIN = ChainId.of("fabric-test");

    @TempDir
    Path dir;

    private Map<String, Object> valid;
    private String keyPem;

    @BeforeEach
    void files() throws IOException {
        valid = AdapterFixtures.configFiles(dir);
        keyPem = Files.readString(Path.of((String) valid.get("signer.private-key-file")));
    }

    private Config with(String key, @Nullable Object value) {
        Map<String, Object> m = new HashMap<>(valid);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return ConfigFactory.parseMap(m);
    }

    /** Parses {@code config}, which must be refused with the given key named; the key's PEM never appears. */
    private AdapterConfigException refused(Config config, String key) {
        AdapterConfigException e =
                catchThrowableOfType(AdapterConfigException.class, () -> FabricConfig.parse(CHAIN, config));
        assertThat(e).as("parsing %s must fail", config.root().render()).isNotNull();
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).contains("config '" + key + "'");
        String secret = keyBody();
        for (Throwable c = e; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).doesNotContain(secret);
        }
        return e;
    }

    /** A piece of the private key's base64 body. */
    private String keyBody() {
        String body =
                keyPem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        return body.substring(10, 40);
    }

    @Test
    void a_complete_configuration_is_parsed_with_the_reference_defaults() {
        FabricConfig c = FabricConfig.parse(CHAIN, ConfigFactory.parseMap(valid));

        assertThat(c.channel()).isEqualTo("xrelay");
        assertThat(c.chaincode()).isEqualTo("htlc");
        assertThat(c.endorsementPolicy()).isEqualTo("AND('Org1MSP.peer','Org2MSP.peer')");
        assertThat(c.signer().mspId()).isEqualTo("Org1MSP");
        assertThat(c.signer().certificate().getSubjectX500Principal().getName()).contains("User1@org1.example.com");
        assertThat(c.gateway().address()).isEqualTo("127.0.0.1:7051");
        assertThat(c.gateway().hostOverride()).isEmpty();
        assertThat(c.confirmingPeers())
                .extracting(FabricConfig.ConfirmingPeer::mspId)
                .containsExactly("Org1MSP", "Org2MSP");
        assertThat(c.confirmingPeers().get(1).endpoint().address()).isEqualTo("127.0.0.1:9051");
        assertThat(c.trustAnchor().getHeader().getNumber()).isZero();
        assertThat(c.stateDir()).isEmpty();
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.droppedAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.maxBlocksPerPull()).isEqualTo(256);
        assertThat(c.maxBatch()).isEqualTo(64);
    }

    @Test
    void every_default_can_be_overridden() {
        Map<String, Object> m = new HashMap<>(valid);
        m.put("chaincode", "htlc_2");
        m.put("gateway.host-override", "peer0.org1.example.com");
        m.put("state-dir", dir.resolve("state").toString());
        m.put("request-timeout", "3s");
        m.put("poll-interval", "50ms");
        m.put("dropped-after", "90s");
        m.put("max-blocks-per-pull", 16);
        m.put("max-batch", 1);

        FabricConfig c = FabricConfig.parse(CHAIN, ConfigFactory.parseMap(m));

        assertThat(c.chaincode()).isEqualTo("htlc_2");
        assertThat(c.gateway().hostOverride()).contains("peer0.org1.example.com");
        assertThat(c.stateDir()).isEqualTo(Optional.of(dir.resolve("state")));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.droppedAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.maxBlocksPerPull()).isEqualTo(16);
        assertThat(c.maxBatch()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "channel",
                "endorsement-policy",
                "signer.msp-id",
                "signer.certificate-file",
                "signer.private-key-file",
                "gateway.address",
                "gateway.tls-ca-file",
                "confirming-peers",
                "trust-anchor.config-block-file"
            })
    void a_missing_required_key_is_named(String key) {
        assertThat(refused(with(key, null), key).getMessage()).contains("required");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "channel|Xrelay",
                "channel|1channel",
                "channel|' '",
                "chaincode|-htlc",
                "chaincode|ht lc",
                "signer.msp-id|Org 1",
                "gateway.address|127.0.0.1",
                "gateway.address|127.0.0.1:0",
                "gateway.address|127.0.0.1:65536",
                "gateway.address|http://127.0.0.1:7051",
                "gateway.host-override|'peer 0'",
                "request-timeout|0s",
                "request-timeout|soon",
                "poll-interval|-1s",
                "dropped-after|0ms",
                "max-blocks-per-pull|0",
                "max-blocks-per-pull|1.5",
                "max-blocks-per-pull|100001",
                "max-blocks-per-pull|many",
                "max-batch|0",
                "max-batch|257",
                "max-batch|some"
            })
    void a_bad_value_is_refused_naming_its_key(String key, String value) {
        refused(with(key, value), key);
    }

    @Test
    void a_missing_file_is_refused_naming_its_key() {
        String missing = dir.resolve("missing.pem").toString();
        for (String key : List.of(
                "signer.certificate-file",
                "signer.private-key-file",
                "gateway.tls-ca-file",
                "trust-anchor.config-block-file")) {
            assertThat(refused(with(key, missing), key).getMessage()).contains("no such file");
        }
    }

    @Test
    void a_sec1_key_is_read_as_well_as_a_pkcs8_key() {
        FabricConfig pkcs8 = FabricConfig.parse(CHAIN, ConfigFactory.parseMap(valid));
        Path sec1 = AdapterFixtures.sec1Pem(dir.resolve("sec1.pem"), (java.security.interfaces.ECPrivateKey)
                pkcs8.signer().privateKey());

        FabricConfig c = FabricConfig.parse(CHAIN, with("signer.private-key-file", sec1.toString()));

        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(c.signer().privateKey().getEncoded())
                .isEqualTo(pkcs8.signer().privateKey().getEncoded());
    }

    @Test
    void a_certificate_file_without_a_certificate_is_refused() {
        String notPem = AdapterFixtures.write(dir.resolve("junk.pem"), new byte[] {1, 2, 3})
                .toString();
        refused(with("signer.certificate-file", notPem), "signer.certificate-file");
        refused(with("gateway.tls-ca-file", notPem), "gateway.tls-ca-file");
    }

    @Test
    void a_key_that_is_no_key_or_not_the_certificates_is_refused_without_showing_it() {
        String cert = (String) valid.get("signer.certificate-file");
        refused(with("signer.private-key-file", cert), "signer.private-key-file");

        AdapterFixtures.Issued other =
                AdapterFixtures.issue(AdapterFixtures.ca("CN=ca2,C=US"), "CN=User2@org1.example.com,C=US");
        Path otherKey =
                AdapterFixtures.pem(dir.resolve("other-key.pem"), other.keys().getPrivate());
        AdapterConfigException e =
                refused(with("signer.private-key-file", otherKey.toString()), "signer.private-key-file");
        assertThat(e.getMessage()).contains("is not the private key of the certificate");
    }

    @Test
    void the_trust_anchor_must_be_a_config_block_of_the_channel() {
        String key = "trust-anchor.config-block-file";
        String junk = AdapterFixtures.write(
                        dir.resolve("junk.block"), "not a block".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
        refused(with(key, junk), key);

        String other = AdapterFixtures.write(
                        dir.resolve("other.block"),
                        AdapterFixtures.configShaped("other").toByteArray())
                .toString();
        assertThat(refused(with(key, other), key).getMessage()).contains("channel \"other\"");

        String endorser = AdapterFixtures.write(
                        dir.resolve("tx.block"),
                        AdapterFixtures.block(
                                        3,
                                        new byte[32],
                                        List.of(AdapterFixtures.endorserTransaction("xrelay", "tx1", "htlc", "")),
                                        new byte[] {0})
                                .toByteArray())
                .toString();
        assertThat(refused(with(key, endorser), key).getMessage()).contains("not a config block");
    }

    @Test
    void the_state_dir_must_not_be_a_file() {
        String file =
                AdapterFixtures.write(dir.resolve("state-file"), new byte[0]).toString();
        refused(with("state-dir", file), "state-dir");
    }

    @Test
    void confirming_peers_are_refused_naming_the_element_and_its_key() {
        String tls = (String) valid.get("gateway.tls-ca-file");
        refused(with("confirming-peers", List.of()), "confirming-peers");
        refused(with("confirming-peers", "Org2MSP"), "confirming-peers");
        refused(
                with(
                        "confirming-peers",
                        List.of(
                                Map.of("msp-id", "Org1MSP", "address", "127.0.0.1:7051", "tls-ca-file", tls),
                                Map.of("msp-id", "Org2MSP", "address", "nowhere", "tls-ca-file", tls))),
                "confirming-peers.1.address");
        refused(
                with("confirming-peers", List.of(Map.of("msp-id", "Org1MSP", "address", "127.0.0.1:7051"))),
                "confirming-peers.0.tls-ca-file");
        assertThat(refused(
                                with(
                                        "confirming-peers",
                                        List.of(
                                                Map.of(
                                                        "msp-id",
                                                        "Org1MSP",
                                                        "address",
                                                        "127.0.0.1:7051",
                                                        "tls-ca-file",
                                                        tls),
                                                Map.of(
                                                        "msp-id",
                                                        "Org1MSP",
                                                        "address",
                                                        "127.0.0.1:9051",
                                                        "tls-ca-file",
                                                        tls))),
                                "confirming-peers.1.msp-id")
                        .getMessage())
                .contains("one peer per organisation");
    }

    @Test
    void to_string_shows_no_key() {
        FabricConfig c = FabricConfig.parse(CHAIN, ConfigFactory.parseMap(valid));
        String encoded =
                Base64.getEncoder().encodeToString(c.signer().privateKey().getEncoded());

        assertThat(c.toString())
                .contains("(hidden)")
                .doesNotContain(keyBody())
                .doesNotContain(encoded.substring(20, 50));
        assertThat(c.signer().toString()).contains("(hidden)").doesNotContain(encoded.substring(20, 50));
    }

    @Test
    void the_provider_is_found_by_type_and_refuses_a_bad_configuration_naming_the_key() {
        ChainAdapterRegistry registry = ChainAdapterRegistry.loadDefault();
        assertThat(registry.types()).contains("fabric");

        AdapterConfigException e = catchThrowableOfType(AdapterConfigException.class, () -> registry.provider("fabric")
                .create(CHAIN, with("gateway.address", "no-port")));

        assertThat(e.key()).isEqualTo("gateway.address");
        assertThat(e.chain()).isEqualTo(CHAIN);
    }

    @Test
    void an_endorsement_policy_that_does_not_parse_is_refused_by_the_provider() {
        ChainAdapterRegistry registry = ChainAdapterRegistry.loadDefault();
        List<String> bad = new ArrayList<>(List.of("AND('Org1MSP.peer'", "OR()", "Org1MSP.peer"));
        for (String policy : bad) {
            AdapterConfigException e =
                    catchThrowableOfType(AdapterConfigException.class, () -> registry.provider("fabric")
                            .create(CHAIN, with("endorsement-policy", policy)));
            assertThat(e).as("policy %s", policy).isNotNull();
            assertThat(e.key()).isEqualTo("endorsement-policy");
        }
    }
}
