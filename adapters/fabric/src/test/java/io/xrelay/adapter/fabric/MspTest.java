/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.FabricNodeOUs;
import org.hyperledger.fabric.protos.msp.FabricOUIdentifier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** An MSP's rules on identities and roles, with the devnet's Org1 MSP and variants of it. */
class MspTest {
    private static final TestCa ORG1_CA = TestCa.devnet("Org1MSP");
    private final Instant now = Instant.now();

    private static FabricMSPConfig org1Config() {
        return Configs.mspConfig(Fixtures.block(0), "Org1MSP");
    }

    private static Msp org1() {
        return Msp.of(org1Config());
    }

    @Test
    void accepts_the_devnet_identities_in_their_roles() {
        Msp msp = org1();
        Identity peer = ORG1_CA.issue("peer0.org1.example.com", "peer").identity();
        Identity admin = ORG1_CA.issue("Admin@org1.example.com", "admin").identity();

        assertThat(msp.nodeOusEnabled()).isTrue();
        assertThat(msp.validate(peer, now)).isEmpty();
        assertThat(msp.satisfies(peer, MspRole.PEER, now)).isEmpty();
        assertThat(msp.satisfies(peer, MspRole.MEMBER, now)).isEmpty();
        assertThat(msp.satisfies(peer, MspRole.CLIENT, now)).contains("is not a client of Org1MSP (OUs [peer])");
        assertThat(msp.satisfies(admin, MspRole.ADMIN, now)).isEmpty();
        assertThat(msp.satisfies(peer, MspRole.ORDERER, now)).contains("is not an orderer of Org1MSP (OUs [peer])");
    }

    @Test
    void refuses_an_identity_of_another_msp_id() {
        Identity peer =
                ORG1_CA.issue("peer0.org1.example.com", "peer").as("Org2MSP").identity();

        assertThat(org1().validate(peer, now)).contains("belongs to MSP Org2MSP, not Org1MSP");
    }

    @Test
    void checks_the_validity_of_the_whole_chain_at_the_time_asked() {
        // after the CA's own notBefore, so that the leaf's bounds are the chain's
        Instant notBefore = now.minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = now.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Identity peer = ORG1_CA.issue("peer0.org1.example.com", List.of("peer"), notBefore, notAfter)
                .identity();
        Msp msp = org1();

        assertThat(msp.validate(peer, now)).isEmpty();
        assertThat(msp.validate(peer, notAfter.plusSeconds(1))).contains("certificate chain expired at " + notAfter);
        assertThat(msp.validate(peer, notBefore.minusSeconds(1)))
                .contains("certificate chain is not valid before " + notBefore);
        Instant caExpiry = ORG1_CA.cert.getNotAfter().toInstant();
        Identity longLived = ORG1_CA.issue(
                        "peer0.org1.example.com", List.of("peer"), notBefore, caExpiry.plus(Duration.ofDays(10)))
                .identity();
        assertThat(msp.validate(longLived, caExpiry.plusSeconds(1)))
                .as("the CA expires first")
                .contains("certificate chain expired at " + caExpiry);
    }

    @Test
    void refuses_a_revoked_certificate_and_ignores_a_crl_not_signed_by_the_issuer() {
        TestCa.Leaf revoked = ORG1_CA.issue("peer0.org1.example.com", "peer");
        TestCa.Leaf other = ORG1_CA.issue("peer1.org1.example.com", "peer");
        Msp msp = Msp.of(org1Config().toBuilder()
                .addRevocationList(
                        ByteString.copyFrom(ORG1_CA.crl(revoked.cert().getSerialNumber())))
                .build());

        assertThat(msp.validate(revoked.identity(), now)).contains("certificate is revoked by a CRL of Org1MSP");
        assertThat(msp.validate(other.identity(), now)).isEmpty();

        TestCa.Leaf third = ORG1_CA.issue("peer2.org1.example.com", "peer");
        // a CRL of another CA that names the same issuer key id is not the issuer's: it revokes nothing
        TestCa forger = TestCa.generate("Org1MSP", "forger");
        Msp forged = Msp.of(org1Config().toBuilder()
                .addRevocationList(ByteString.copyFrom(forger.crl(third.cert().getSerialNumber())))
                .build());
        assertThat(forged.validate(third.identity(), now)).isEmpty();
    }

    @Test
    void refuses_a_ca_certificate_as_an_identity() {
        Identity ca = Identity.parse(new TestCa.Leaf("Org1MSP", ORG1_CA.cert, ORG1_CA.key).serialized());

        assertThat(org1().validate(ca, now)).contains("certificate is a CA certificate, not an identity");
    }

    @Test
    void follows_an_intermediate_ca_and_refuses_identities_issued_by_the_root_above_it() {
        TestCa root = TestCa.generate("OrgXMSP", "root.orgx");
        TestCa intermediate = root.intermediate("ica.orgx");
        FabricMSPConfig config = FabricMSPConfig.newBuilder()
                .setName("OrgXMSP")
                .addRootCerts(ByteString.copyFrom(root.certPem()))
                .addIntermediateCerts(ByteString.copyFrom(intermediate.certPem()))
                .setFabricNodeOus(nodeOus(null))
                .build();
        Msp msp = Msp.of(config);

        assertThat(msp.satisfies(intermediate.issue("peer0.orgx", "peer").identity(), MspRole.PEER, now))
                .isEmpty();
        assertThat(msp.validate(root.issue("peer1.orgx", "peer").identity(), now))
                .contains("certificate is issued by a CA of OrgXMSP that also issues intermediate CAs");
    }

    @Test
    void requires_a_node_ou_issued_by_the_ca_the_msp_names_for_it() {
        TestCa root = TestCa.generate("OrgXMSP", "root.orgx");
        TestCa intermediate = root.intermediate("ica.orgx");
        FabricMSPConfig config = FabricMSPConfig.newBuilder()
                .setName("OrgXMSP")
                .addRootCerts(ByteString.copyFrom(root.certPem()))
                .addIntermediateCerts(ByteString.copyFrom(intermediate.certPem()))
                .setFabricNodeOus(nodeOus(ByteString.copyFrom(intermediate.certPem())))
                .build();
        TestCa sibling = root.intermediate("ica2.orgx");
        Msp msp = Msp.of(config.toBuilder()
                .addIntermediateCerts(ByteString.copyFrom(sibling.certPem()))
                .build());

        assertThat(msp.validate(intermediate.issue("peer0.orgx", "peer").identity(), now))
                .isEmpty();
        assertThat(msp.validate(sibling.issue("peer1.orgx", "peer").identity(), now))
                .contains("certificate OU peer is not issued by the CA OrgXMSP requires for it");
    }

    @Test
    void without_node_ous_admins_are_those_listed_and_client_or_peer_roles_cannot_be_told() {
        TestCa.Leaf listed = ORG1_CA.issue("Admin@org1.example.com", "client");
        TestCa.Leaf notListed = ORG1_CA.issue("User1@org1.example.com", "client");
        Msp msp = Msp.of(org1Config().toBuilder()
                .clearFabricNodeOus()
                .addAdmins(ByteString.copyFrom(TestCa.pem(listed.cert())))
                .build());

        assertThat(msp.nodeOusEnabled()).isFalse();
        assertThat(msp.satisfies(listed.identity(), MspRole.ADMIN, now)).isEmpty();
        assertThat(msp.satisfies(notListed.identity(), MspRole.ADMIN, now)).contains("is not an admin of Org1MSP");
        assertThat(msp.satisfies(notListed.identity(), MspRole.CLIENT, now))
                .contains("cannot be a client of Org1MSP: its NodeOUs are not enabled");
        assertThat(msp.validate(ORG1_CA.issue("x", "anything").identity(), now)).isEmpty();
    }

    @Test
    void refuses_a_configuration_without_roots_or_admins() {
        assertThatThrownBy(
                        () -> Msp.of(org1Config().toBuilder().clearRootCerts().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("has no root CA certificate");
        assertThatThrownBy(() ->
                        Msp.of(org1Config().toBuilder().clearFabricNodeOus().build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("has neither admin certificates nor an admin NodeOU");
        assertThatThrownBy(() -> Msp.of(org1Config().toBuilder()
                        .setCryptoConfig(
                                org1Config().getCryptoConfig().toBuilder().setSignatureHashFamily("SHA3"))
                        .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("signature hash family SHA3 is not supported (SHA2 only)");
    }

    private static FabricNodeOUs nodeOus(@Nullable ByteString certifier) {
        FabricNodeOUs.Builder b = FabricNodeOUs.newBuilder().setEnable(true);
        for (String role : List.of("client", "peer", "admin", "orderer")) {
            FabricOUIdentifier.Builder ou = FabricOUIdentifier.newBuilder().setOrganizationalUnitIdentifier(role);
            if (certifier != null) {
                ou.setCertificate(certifier);
            }
            switch (role) {
                case "client" -> b.setClientOuIdentifier(ou);
                case "peer" -> b.setPeerOuIdentifier(ou);
                case "admin" -> b.setAdminOuIdentifier(ou);
                default -> b.setOrdererOuIdentifier(ou);
            }
        }
        return b.build();
    }
}
