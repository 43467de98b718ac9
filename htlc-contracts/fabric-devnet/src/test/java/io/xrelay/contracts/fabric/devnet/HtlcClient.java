/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric.devnet;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/**
 * A Fabric Gateway client of the HTLC chaincode for one identity, connected to one organisation's peer over TLS.
 * Chaincode refusals come back as {@link Refused} carrying the chaincode's {@code <Code>: <text>} message.
 */
final class HtlcClient implements AutoCloseable {
    /** A transaction the chaincode refused at endorsement (or evaluation). */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A committed transaction: its id, block, and the chaincode's result; how long its endorsement took, and how
     * long from handing it to the orderer until its commit status came back.
     */
    record Committed(String txId, long blockNumber, String result, long endorseMillis, long commitMillis) {}

    private final FabricNetwork.Identity identity;
    private final ManagedChannel channel;
    private final Gateway gateway;
    private final Network network;
    private final Contract contract;

    HtlcClient(FabricNetwork net, FabricNetwork.Org org, FabricNetwork.Identity identity, String chaincode) {
        this.identity = identity;
        try {
            channel = Grpc.newChannelBuilder(
                            org.peer().address(),
                            TlsChannelCredentials.newBuilder()
                                    .trustManager(org.peer().tlsCaFile().toFile())
                                    .build())
                    .build();
            X509Certificate cert;
            try (Reader r = Files.newBufferedReader(identity.certFile(), StandardCharsets.US_ASCII)) {
                cert = Identities.readX509Certificate(r);
            }
            java.security.PrivateKey key;
            try (Reader r = Files.newBufferedReader(identity.keyFile(), StandardCharsets.US_ASCII)) {
                key = Identities.readPrivateKey(r);
            }
            gateway = Gateway.newInstance()
                    .identity(new X509Identity(identity.mspId(), cert))
                    .signer(Signers.newPrivateKeySigner(key))
                    .hash(Hash.SHA256)
                    .connection(channel)
                    .evaluateOptions(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .endorseOptions(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .submitOptions(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .commitStatusOptions(o -> o.withDeadlineAfter(60, TimeUnit.SECONDS))
                    .connect();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        network = gateway.getNetwork(net.channel());
        contract = network.getContract(chaincode);
    }

    FabricNetwork.Identity identity() {
        return identity;
    }

    Network network() {
        return network;
    }

    /**
     * The account the chaincode derives for this identity, computed here independently from its certificate:
     * {@code <MSPID>:hex(sha256(DER(subject) || DER(issuer)))}.
     */
    String expectedAccount() {
        try (var in = Files.newInputStream(identity.certFile())) {
            X509Certificate cert = (X509Certificate)
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(cert.getSubjectX500Principal().getEncoded());
            sha.update(cert.getIssuerX500Principal().getEncoded());
            return identity.mspId() + ":" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Evaluates {@code function} on the gateway peer. */
    String evaluate(String function, String... args) {
        try {
            return new String(contract.evaluateTransaction(function, args), StandardCharsets.UTF_8);
        } catch (GatewayException e) {
            throw refused(e);
        }
    }

    /** Endorses, submits and waits for the commit of {@code function}; a transaction the peers mark invalid fails. */
    Committed submit(String function, String... args) {
        try {
            long t0 = System.nanoTime();
            Transaction endorsed =
                    contract.newProposal(function).addArguments(args).build().endorse();
            long t1 = System.nanoTime();
            SubmittedTransaction tx = endorsed.submitAsync();
            Status status = tx.getStatus();
            long t2 = System.nanoTime();
            if (!status.isSuccessful()) {
                throw new IllegalStateException(function + " was committed invalid: " + status.getCode());
            }
            return new Committed(
                    tx.getTransactionId(),
                    status.getBlockNumber(),
                    new String(tx.getResult(), StandardCharsets.UTF_8),
                    (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000);
        } catch (EndorseException | SubmitException | CommitStatusException e) {
            throw refused(e);
        }
    }

    /** Endorses {@code function} by peers of {@code orgs} only, submits it and returns its commit status. */
    Status submitEndorsedBy(List<String> orgs, String function, String... args) {
        try {
            return contract.newProposal(function)
                    .addArguments(args)
                    .setEndorsingOrganizations(orgs.toArray(String[]::new))
                    .build()
                    .endorse()
                    .submitAsync()
                    .getStatus();
        } catch (EndorseException | SubmitException | CommitStatusException e) {
            throw refused(e);
        }
    }

    /**
     * Endorses {@code function} by peers of {@code orgs} only and submits it; it must commit as invalid. Returns
     * the exception that carries its validation code.
     */
    CommitException submitInvalidEndorsedBy(List<String> orgs, String function, String... args) {
        try {
            contract.newProposal(function)
                    .addArguments(args)
                    .setEndorsingOrganizations(orgs.toArray(String[]::new))
                    .build()
                    .endorse()
                    .submit();
        } catch (CommitException e) {
            return e;
        } catch (EndorseException | SubmitException | CommitStatusException e) {
            throw refused(e);
        }
        throw new AssertionError(function + " endorsed by " + orgs + " committed as valid");
    }

    private static Refused refused(GatewayException e) {
        List<ErrorDetail> details = e.getDetails();
        String message = details.isEmpty()
                ? e.getMessage()
                : details.stream().map(ErrorDetail::getMessage).distinct().collect(Collectors.joining(" | "));
        return new Refused(message == null ? e.toString() : message, e);
    }

    @Override
    public void close() {
        gateway.close();
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
