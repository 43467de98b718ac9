/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.fabric;

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

/**
 * A running Fabric devnet as {@code fabric-devnet.sh up} describes it in {@code network.json}: one channel, one
 * orderer, and per organisation one peer, one admin and one user. Addresses are {@code host:port} on 127.0.0.1;
 * every endpoint uses TLS, verified with the {@code tlsCaFile} given next to it.
 *
 * @param stateDir the folder holding the network's crypto material, configuration, data and logs
 * @param binDir the folder of the Fabric binaries the network runs
 * @param fabricVersion the Fabric release, as the binaries' build records it
 * @param channel the application channel every node has joined
 * @param orderer the ordering node
 * @param orgs the peer organisations: first the one named org1 (Org1MSP), then org2 (Org2MSP)
 */
public record FabricNetwork(
        Path stateDir, Path binDir, String fabricVersion, String channel, Orderer orderer, List<Org> orgs) {

    public FabricNetwork {
        orgs = List.copyOf(orgs);
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
            String name, String mspId, Path mspDir, Path tlsCaFile, Peer peer, Identity admin, Identity user) {}

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
     * An enrolled identity: its MSP folder, its signing certificate and PKCS#8 private key (PEM), and its TLS
     * client certificate and key.
     */
    public record Identity(String name, Path mspDir, Path certFile, Path keyFile, Path tlsCertFile, Path tlsKeyFile) {}

    /** The organisation with this short name ({@code org1}) or MSP id ({@code Org1MSP}). */
    public Org org(String nameOrMspId) {
        return orgs.stream()
                .filter(o -> o.name().equals(nameOrMspId) || o.mspId().equals(nameOrMspId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no organisation '" + nameOrMspId + "' in the network;"
                        + " known: " + orgs.stream().map(Org::name).collect(Collectors.joining(", "))));
    }

    /** The process ids of every node, orderer first. */
    public List<Long> pids() {
        return Stream.concat(Stream.of(orderer.pid()), orgs.stream().map(o -> o.peer()
                        .pid()))
                .toList();
    }

    /** Every {@code host:port} a node listens on. */
    public List<String> listenAddresses() {
        return Stream.concat(
                        Stream.of(orderer.address(), orderer.adminAddress(), orderer.operationsAddress()),
                        orgs.stream()
                                .flatMap(o -> Stream.of(
                                        o.peer().address(),
                                        o.peer().chaincodeAddress(),
                                        o.peer().operationsAddress())))
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
                    c.getConfigList("orgs").stream().map(FabricNetwork::org).toList());
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
                identity(g.getConfig("admin")),
                identity(g.getConfig("user")));
    }

    private static Identity identity(Config i) {
        return new Identity(
                i.getString("name"),
                Path.of(i.getString("mspDir")),
                Path.of(i.getString("certFile")),
                Path.of(i.getString("keyFile")),
                Path.of(i.getString("tlsCertFile")),
                Path.of(i.getString("tlsKeyFile")));
    }
}
