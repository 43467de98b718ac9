/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric.devnet;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A running Fabric devnet as {@code fabric-devnet.sh} describes it in {@code network.json}: one channel, one
 * orderer, per organisation one peer, one admin and one user, and the chaincode servers {@code deploy-htlc} started.
 * Addresses are {@code host:port} on 127.0.0.1; every node endpoint uses TLS, verified with the {@code tlsCaFile}
 * given next to it. More client identities of an organisation come from {@link Org#issueClientIdentity(String)}.
 *
 * @param stateDir the folder holding the network's crypto material, configuration, data and logs
 * @param binDir the folder of the Fabric binaries the network runs
 * @param fabricVersion the Fabric release, as the binaries' build records it
 * @param channel the application channel every node has joined
 * @param orderer the ordering node
 * @param orgs the peer organisations: first the one named org1 (Org1MSP), then org2 (Org2MSP)
 * @param chaincodes the chaincode servers started by {@code deploy-htlc}, by name
 */
public record FabricNetwork(
        Path stateDir,
        Path binDir,
        String fabricVersion,
        String channel,
        Orderer orderer,
        List<Org> orgs,
        List<Chaincode> chaincodes) {

    public FabricNetwork {
        orgs = List.copyOf(orgs);
        chaincodes = List.copyOf(chaincodes);
    }

    /**
     * The orderer: one etcdraft consenter of {@code OrdererMSP}.
     *
     * @param address the gRPC endpoint for Broadcast and Deliver
     * @param adminAddress the channel participation API (TLS with client authentication: use the admin client
     *     certificate and key)
     * @param operationsAddress the operations endpoint ({@code https://.../healthz})
     * @param pid the process id, 0 if it was not running when {@code network.json} was written
     */
    public record Orderer(
            String name,
            String mspId,
            String address,
            String adminAddress,
            String operationsAddress,
            Path tlsCaFile,
            Path adminClientCertFile,
            Path adminClientKeyFile,
            Path mspDir,
            long pid,
            Path logFile) {}

    /**
     * A peer organisation.
     *
     * @param name the short name the devnet script takes ({@code org1}, {@code org2})
     * @param mspDir the organisation's MSP folder (its CA and TLS CA certificates)
     * @param tlsCaFile the CA of the TLS certificates of the organisation's nodes and users
     */
    public record Org(
            String name, String mspId, Path mspDir, Path tlsCaFile, Peer peer, Identity admin, Identity user) {

        /**
         * Issues a new client identity of this organisation, as cryptogen issues its users: a fresh P-256 key, an
         * X.509 signing certificate with subject {@code OU=client, CN=<name>@<domain>} signed by the organisation's
         * CA, and a TLS client certificate signed by its TLS CA, written as an MSP folder and PEM files under
         * {@code users/<name>@<domain>} of the organisation's crypto material (in the state folder). Issuing the
         * same name again renews it: a new key and certificate with the same subject and issuer, so the same
         * account on the HTLC chaincode.
         *
         * @param name letters, digits, '.', '_' or '-', starting with a letter or digit, short enough that
         *     {@code <name>@<domain>} has at most 64 characters (47 for org1.example.com); not the names cryptogen
         *     gave the organisation's admin and user ({@code Admin}, {@code User1})
         * @throws IllegalArgumentException if the name is not allowed
         * @throws IllegalStateException if the CA material cannot be read or the files cannot be written
         */
        public Identity issueClientIdentity(String name) {
            return ClientIdentities.issue(this, name);
        }
    }

    /**
     * A peer, Fabric Gateway enabled.
     *
     * @param address the gRPC endpoint (endorser, deliver, gateway, gossip)
     * @param chaincodeAddress the endpoint chaincode would dial in client mode (chaincode as a service is dialled
     *     by the peer instead)
     * @param operationsAddress the operations endpoint ({@code https://.../healthz})
     * @param pid the process id, 0 if it was not running when {@code network.json} was written
     */
    public record Peer(
            String name,
            String address,
            String chaincodeAddress,
            String operationsAddress,
            Path tlsCaFile,
            long pid,
            Path logFile) {}

    /**
     * An enrolled identity: its MSP id, its MSP folder, its signing certificate and PKCS#8 private key (PEM), and
     * its TLS client certificate and key.
     *
     * @param name the identity's name as its certificate's common name has it ({@code User1@org1.example.com})
     */
    public record Identity(
            String name, String mspId, Path mspDir, Path certFile, Path keyFile, Path tlsCertFile, Path tlsKeyFile) {}

    /**
     * A chaincode served by a process of this network ({@code fabric-devnet.sh deploy-htlc}).
     *
     * @param packageId the installed package ({@code label:sha256}), the server's {@code CORE_CHAINCODE_ID_NAME}
     * @param address where the server listens and the peers dial it
     * @param policy the endorsement policy of the committed definition
     * @param sequence the committed definition's sequence
     * @param tlsCaFile the CA of the server's TLS certificate (Org1's TLS CA; the certificate names 127.0.0.1), or
     *     null if the server speaks plain gRPC
     * @param jar the jar the server was started from
     * @param pid the server's process id, 0 if it was not running when {@code network.json} was written
     */
    public record Chaincode(
            String name,
            String packageId,
            String address,
            String policy,
            long sequence,
            @Nullable Path tlsCaFile,
            Path jar,
            long pid,
            Path logFile) {

        /** Whether the peers reach the server over TLS. */
        public boolean tls() {
            return tlsCaFile != null;
        }
    }

    /**
     * The chaincode with this name.
     *
     * @throws IllegalArgumentException if no chaincode server of that name was deployed
     */
    public Chaincode chaincode(String name) {
        return chaincodes.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no chaincode '" + name + "' deployed in the network;"
                        + " known: " + chaincodes.stream().map(Chaincode::name).collect(Collectors.joining(", "))));
    }

    /** The organisation with this short name ({@code org1}) or MSP id ({@code Org1MSP}). */
    public Org org(String nameOrMspId) {
        return orgs.stream()
                .filter(o -> o.name().equals(nameOrMspId) || o.mspId().equals(nameOrMspId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no organisation '" + nameOrMspId + "' in the network;"
                        + " known: " + orgs.stream().map(Org::name).collect(Collectors.joining(", "))));
    }

    /** The process ids of every node, orderer first, then the chaincode servers. */
    public List<Long> pids() {
        return Stream.of(
                        Stream.of(orderer.pid()),
                        orgs.stream().map(o -> o.peer().pid()),
                        chaincodes.stream().map(Chaincode::pid))
                .flatMap(s -> s)
                .toList();
    }

    /** Every {@code host:port} a node or chaincode server listens on. */
    public List<String> listenAddresses() {
        return Stream.of(
                        Stream.of(orderer.address(), orderer.adminAddress(), orderer.operationsAddress()),
                        orgs.stream()
                                .flatMap(o -> Stream.of(
                                        o.peer().address(),
                                        o.peer().chaincodeAddress(),
                                        o.peer().operationsAddress())),
                        chaincodes.stream().map(Chaincode::address))
                .flatMap(s -> s)
                .toList();
    }

    /**
     * Reads a {@code network.json}.
     *
     * @throws IllegalArgumentException naming the file and the missing or malformed key
     */
    public static FabricNetwork read(Path networkJson) {
        if (!Files.isRegularFile(networkJson)) {
            throw new IllegalArgumentException("no network description at " + networkJson);
        }
        Config c = ConfigFactory.parseFile(
                networkJson.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        try {
            Config o = c.getConfig("orderer");
            return new FabricNetwork(
                    Path.of(c.getString("stateDir")),
                    Path.of(c.getString("binDir")),
                    c.getString("fabricVersion"),
                    c.getString("channel"),
                    new Orderer(
                            o.getString("name"),
                            o.getString("mspId"),
                            o.getString("address"),
                            o.getString("adminAddress"),
                            o.getString("operationsAddress"),
                            Path.of(o.getString("tlsCaFile")),
                            Path.of(o.getString("adminClientCertFile")),
                            Path.of(o.getString("adminClientKeyFile")),
                            Path.of(o.getString("mspDir")),
                            o.getLong("pid"),
                            Path.of(o.getString("logFile"))),
                    c.getConfigList("orgs").stream().map(FabricNetwork::org).toList(),
                    c.hasPath("chaincodes")
                            ? c.getConfigList("chaincodes").stream()
                                    .map(FabricNetwork::chaincode)
                                    .toList()
                            : List.of());
        } catch (ConfigException e) {
            throw new IllegalArgumentException(networkJson + ": " + e.getMessage(), e);
        }
    }

    private static Org org(Config g) {
        Config p = g.getConfig("peer");
        return new Org(
                g.getString("name"),
                g.getString("mspId"),
                Path.of(g.getString("mspDir")),
                Path.of(g.getString("tlsCaFile")),
                new Peer(
                        p.getString("name"),
                        p.getString("address"),
                        p.getString("chaincodeAddress"),
                        p.getString("operationsAddress"),
                        Path.of(p.getString("tlsCaFile")),
                        p.getLong("pid"),
                        Path.of(p.getString("logFile"))),
                identity(g.getString("mspId"), g.getConfig("admin")),
                identity(g.getString("mspId"), g.getConfig("user")));
    }

    private static Chaincode chaincode(Config c) {
        return new Chaincode(
                c.getString("name"),
                c.getString("packageId"),
                c.getString("address"),
                c.getString("policy"),
                c.getLong("sequence"),
                c.hasPath("tlsCaFile") ? Path.of(c.getString("tlsCaFile")) : null,
                Path.of(c.getString("jar")),
                c.getLong("pid"),
                Path.of(c.getString("logFile")));
    }

    private static Identity identity(String mspId, Config i) {
        return new Identity(
                i.getString("name"),
                mspId,
                Path.of(i.getString("mspDir")),
                Path.of(i.getString("certFile")),
                Path.of(i.getString("keyFile")),
                Path.of(i.getString("tlsCertFile")),
                Path.of(i.getString("tlsKeyFile")));
    }
}
