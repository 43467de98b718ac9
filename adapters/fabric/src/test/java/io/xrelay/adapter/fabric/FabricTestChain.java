/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainAdapterRegistry;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.testkit.TestChain;
import io.xrelay.contracts.fabric.devnet.FabricDevnet;
import io.xrelay.contracts.fabric.devnet.FabricNetwork;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/**
 * The adapter TCK's driver over a real Fabric devnet ({@code fabric-devnet.sh}: one orderer, a peer of Org1MSP and
 * one of Org2MSP) with the HTLC chaincode deployed under {@code AND('Org1MSP.peer','Org2MSP.peer')}. Funded accounts
 * are fresh client identities issued by Org1's CA, minted the asset by Org1's admin; receivers are fresh account
 * names of Org2 that nobody holds a key to. Adapters are made the way the relay makes them: through the
 * {@link ChainAdapterRegistry}, from a HOCON chain configuration with the channel's genesis config block as trust
 * anchor, the gateway at Org1's peer and both peers confirming validation codes.
 *
 * <p>Time: Fabric has no block time. The chaincode's clock is the transaction's timestamp, which the submitting
 * client sets from its own clock and which peers and orderer accept only within their time window (60 s on the
 * devnet). A test can therefore not move the chain's time forward: {@link #advanceTime(Duration)} waits that long
 * in real time, and {@link #chainTime()} is this machine's clock, which every client here uses.
 */
final class FabricTestChain implements TestChain, AutoCloseable {
    static final String POLICY = "AND('Org1MSP.peer','Org2MSP.peer')";

    private final ChainId chainId;
    private final FabricDevnet devnet;
    private final FabricNetwork network;
    private final Asset testAsset = Asset.of("XRT");
    private final Asset tokenAsset = Asset.of("XRT2");
    private final ManagedChannel adminChannel;
    private final Gateway admin;
    private final Contract htlc;
    private final Account adminAccount;
    private final ChainAdapterRegistry registry = ChainAdapterRegistry.loadDefault();
    private final Map<Account, FabricNetwork.Identity> identities = new ConcurrentHashMap<>();
    private final AtomicInteger issued = new AtomicInteger();
    private final String runTag = HexFormat.of()
            .formatHex(FabricBlocks.sha256(Instant.now().toString().getBytes(StandardCharsets.UTF_8)))
            .substring(0, 8);

    private FabricTestChain(ChainId chainId, FabricDevnet devnet) {
        this.chainId = chainId;
        this.devnet = devnet;
        devnet.deployHtlc();
        this.network = devnet.network();
        FabricNetwork.Org org1 = network.org("Org1MSP");
        this.adminChannel = channel(org1.peer().address(), org1.peer().tlsCaFile());
        this.admin = gateway(adminChannel, org1.mspId(), org1.admin());
        this.htlc = admin.getNetwork(network.channel()).getContract("htlc");
        this.adminAccount =
                FabricAccounts.of(org1.mspId(), certificate(org1.admin().certFile()));
    }

    /** Starts a devnet in {@code stateDir} and deploys the HTLC chaincode; stops the devnet if that fails. */
    static FabricTestChain start(ChainId chainId, Path stateDir) {
        FabricDevnet devnet = FabricDevnet.start(stateDir);
        try {
            return new FabricTestChain(chainId, devnet);
        } catch (RuntimeException | Error e) {
            devnet.close();
            throw e;
        }
    }

    FabricDevnet devnet() {
        return devnet;
    }

    FabricNetwork network() {
        return network;
    }

    /** The HTLC chaincode as Org1's admin sees it (mints, balances, transactions that only make blocks). */
    Contract adminContract() {
        return htlc;
    }

    /** The channel's genesis block: the trust anchor. */
    Path configBlock() {
        return network.stateDir().resolve("config").resolve(network.channel() + ".block");
    }

    @Override
    public ChainId chainId() {
        return chainId;
    }

    @Override
    public Asset testAsset() {
        return testAsset;
    }

    @Override
    public Asset tokenAsset() {
        return tokenAsset;
    }

    @Override
    public Account newFundedAccount(Asset asset, Amount amount) {
        FabricNetwork.Identity identity =
                network.org("Org1MSP").issueClientIdentity("tck-" + runTag + "-" + issued.incrementAndGet());
        Account account = FabricAccounts.of("Org1MSP", certificate(identity.certFile()));
        identities.put(account, identity);
        if (!amount.isZero()) {
            submit("Mint", asset.id(), account.value(), amount.toString());
        }
        return account;
    }

    @Override
    public Account newAccount() {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        return Account.of("Org2MSP:" + HexFormat.of().formatHex(random));
    }

    @Override
    public ChainAdapter adapterFor(Account account) {
        FabricNetwork.Identity identity = identities.get(account);
        if (identity == null) {
            throw new IllegalArgumentException("account " + account + " was not made by this test chain");
        }
        return registry.provider(FabricAdapterProvider.TYPE).create(chainId, chainConfig(identity));
    }

    /** The identity behind an account made by {@link #newFundedAccount(Asset, Amount)}. */
    FabricNetwork.Identity identity(Account account) {
        FabricNetwork.Identity identity = identities.get(account);
        if (identity == null) {
            throw new IllegalArgumentException("account " + account + " was not made by this test chain");
        }
        return identity;
    }

    /** The chain's configuration as the relay would read it, signing as {@code identity} of Org1. */
    Config chainConfig(FabricNetwork.Identity identity) {
        return ConfigFactory.parseMap(settings(identity));
    }

    /** The settings of {@link #chainConfig}, to change before parsing. */
    Map<String, Object> settings(FabricNetwork.Identity identity) {
        FabricNetwork.Org org1 = network.org("Org1MSP");
        FabricNetwork.Org org2 = network.org("Org2MSP");
        Map<String, Object> m = new HashMap<>();
        m.put("channel", network.channel());
        m.put("chaincode", "htlc");
        m.put("endorsement-policy", POLICY);
        m.put("signer.msp-id", "Org1MSP");
        m.put("signer.certificate-file", identity.certFile().toString());
        m.put("signer.private-key-file", identity.keyFile().toString());
        m.put("gateway.address", org1.peer().address());
        m.put("gateway.tls-ca-file", org1.peer().tlsCaFile().toString());
        m.put(
                "confirming-peers",
                List.of(
                        Map.of(
                                "msp-id",
                                org1.mspId(),
                                "address",
                                org1.peer().address(),
                                "tls-ca-file",
                                org1.peer().tlsCaFile().toString()),
                        Map.of(
                                "msp-id",
                                org2.mspId(),
                                "address",
                                org2.peer().address(),
                                "tls-ca-file",
                                org2.peer().tlsCaFile().toString())));
        m.put("trust-anchor.config-block-file", configBlock().toString());
        m.put("request-timeout", "15s");
        m.put("poll-interval", "100ms");
        m.put("max-blocks-per-pull", 2000);
        return m;
    }

    @Override
    public Amount balance(Account account, Asset asset) {
        try {
            return Amount.of(new BigInteger(new String(
                    htlc.evaluateTransaction("Balance", asset.id(), account.value()), StandardCharsets.UTF_8)));
        } catch (GatewayException e) {
            throw new IllegalStateException("Balance of " + account + " in " + asset + " failed: " + e, e);
        }
    }

    /** This machine's clock: the clients here stamp their transactions with it. */
    @Override
    public Instant chainTime() {
        return Instant.now();
    }

    /** Waits {@code duration} in real time (rounded up to a second): Fabric's time cannot be moved. */
    @Override
    public void advanceTime(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting " + duration, e);
        }
    }

    /** One harmless transaction per block (a {@code Balance} query submitted as a transaction), each committed. */
    @Override
    public void produceBlocks(int count) {
        for (int i = 0; i < count; i++) {
            submit("Balance", testAsset.id(), adminAccount.value());
        }
    }

    /** Not of the form {@code <MSPID>:<64 hex digits>}. */
    @Override
    public Optional<Account> invalidReceiver() {
        return Optional.of(Account.of("not-an-account"));
    }

    /** Submits a transaction as Org1's admin and waits until the gateway peer committed it. */
    byte[] submit(String function, String... args) {
        try {
            return htlc.submitTransaction(function, args);
        } catch (GatewayException | org.hyperledger.fabric.client.CommitException e) {
            throw new IllegalStateException(function + " as Org1's admin failed: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            admin.close();
            adminChannel.shutdownNow();
            adminChannel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            devnet.close();
        }
    }

    @Override
    public String toString() {
        return "fabric test chain " + chainId + " (" + network.stateDir() + ")";
    }

    static ManagedChannel channel(String address, Path tlsCa) {
        try {
            return Grpc.newChannelBuilder(
                            address,
                            TlsChannelCredentials.newBuilder()
                                    .trustManager(tlsCa.toFile())
                                    .build())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Gateway gateway(ManagedChannel channel, String mspId, FabricNetwork.Identity identity) {
        try (Reader key = Files.newBufferedReader(identity.keyFile())) {
            return Gateway.newInstance()
                    .identity(new X509Identity(mspId, certificate(identity.certFile())))
                    .signer(Signers.newPrivateKeySigner(Identities.readPrivateKey(key)))
                    .hash(Hash.SHA256)
                    .connection(channel)
                    .evaluateOptions(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .endorseOptions(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .submitOptions(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
                    .commitStatusOptions(o -> o.withDeadlineAfter(60, TimeUnit.SECONDS))
                    .connect();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("no private key in " + identity.keyFile(), e);
        }
    }

    static X509Certificate certificate(Path file) {
        try (Reader r = Files.newBufferedReader(file)) {
            return Identities.readX509Certificate(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CertificateException e) {
            throw new IllegalStateException("no certificate in " + file, e);
        }
    }
}
