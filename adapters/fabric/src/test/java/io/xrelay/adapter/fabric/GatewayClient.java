/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/** A Fabric Gateway client of one chaincode, as one devnet identity, for making fixture transactions. */
final class GatewayClient implements AutoCloseable {
    private final X509Certificate cert;
    private final String mspId;
    private final ManagedChannel channel;
    private final Gateway gateway;
    private final Contract contract;

    GatewayClient(String peerAddress, Path tlsCa, String mspId, Path certFile, Path keyFile, String chaincode) {
        this.mspId = mspId;
        try {
            channel = Grpc.newChannelBuilder(
                            peerAddress,
                            TlsChannelCredentials.newBuilder()
                                    .trustManager(tlsCa.toFile())
                                    .build())
                    .build();
            try (Reader r = Files.newBufferedReader(certFile, StandardCharsets.US_ASCII)) {
                cert = Identities.readX509Certificate(r);
            }
            PrivateKey key;
            try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII)) {
                key = Identities.readPrivateKey(r);
            }
            gateway = Gateway.newInstance()
                    .identity(new X509Identity(mspId, cert))
                    .signer(Signers.newPrivateKeySigner(key))
                    .hash(Hash.SHA256)
                    .connection(channel)
                    .endorseOptions(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .submitOptions(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .commitStatusOptions(o -> o.withDeadlineAfter(60, TimeUnit.SECONDS))
                    .connect();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        contract = gateway.getNetwork(DevnetScript.CHANNEL).getContract(chaincode);
    }

    /** The chaincode's account of this identity, as the adapter derives it. */
    String account() {
        return FabricAccounts.of(mspId, cert).value();
    }

    /** Endorses and submits {@code function} without waiting for its commit. */
    SubmittedTransaction submitAsync(String function, String... args) {
        try {
            return contract.newProposal(function)
                    .addArguments(args)
                    .build()
                    .endorse()
                    .submitAsync();
        } catch (EndorseException | SubmitException e) {
            throw new IllegalStateException(function + " failed: " + e.getMessage(), e);
        }
    }

    /** Endorses and submits {@code function} and waits until it is committed VALID; returns its result. */
    String submit(String function, String... args) {
        return result(submitAsync(function, args), function);
    }

    /** Endorses {@code function} by {@code orgs} only and submits it; it is committed with its validation code. */
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
            throw new IllegalStateException(function + " failed: " + e.getMessage(), e);
        }
    }

    static String result(SubmittedTransaction tx, String what) {
        try {
            Status status = tx.getStatus();
            if (!status.isSuccessful()) {
                throw new IllegalStateException(what + " was committed invalid: " + status.getCode());
            }
            return new String(tx.getResult(), StandardCharsets.UTF_8);
        } catch (CommitStatusException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
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
