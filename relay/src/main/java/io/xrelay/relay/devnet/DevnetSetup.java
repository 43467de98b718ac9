/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.devnet;

import com.typesafe.config.ConfigFactory;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainAdapterRegistry;
import io.xrelay.adapter.ChainId;
import io.xrelay.contracts.evm.HtlcDeployment;
import io.xrelay.contracts.evm.devnet.Anvil;
import io.xrelay.contracts.fabric.devnet.FabricDevnet;
import io.xrelay.contracts.fabric.devnet.FabricNetwork;
import io.xrelay.contracts.fabric.devnet.HtlcChaincode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.utils.Numeric;

/**
 * Two running devnets set up as an operator sets them up for the relay: an anvil node (1-second blocks) with the HTLC
 * contract, the test token {@code RUSD} and a second token no pair lists, and the Fabric devnet with the HTLC
 * chaincode under {@code AND('Org1MSP.peer','Org2MSP.peer')}. The operator is anvil's dev account 0 (it deploys the
 * contracts) holding {@link #OPERATOR_FUNDS} RUSD, and an Org1 client identity {@code operator} holding as many
 * {@code USD}. Users are made on demand ({@link #newEthUser}, {@link #newFabricUser}).
 *
 * <p>{@link #deploy} sets up fresh devnets; {@link #attach} reopens the set-up of running ones from its
 * {@link Deployment}. This class starts and stops no process: the end-to-end tests own their devnets' processes,
 * {@link LocalDevnet} those of {@code xrelay devnet}.
 *
 * <h2>Timing</h2>
 *
 * The relay gets Ethereum finality-time 3 s (finality depth 2 at one block a second) and clock-tolerance 15 s, Fabric
 * finality-time 3 s and clock-tolerance 60 s (the devnet's peers accept transaction timestamps within 60 s of their
 * clock), a safety margin of 10 s and a minimum destination window of 20 s: the margin between a source and a
 * destination timelock is {@link #MARGIN} = 91 s.
 */
public final class DevnetSetup implements AutoCloseable {
    public static final ChainId ETH = ChainId.of("eth-dev");
    public static final ChainId FABRIC = ChainId.of("fabric-dev");
    public static final Asset USD = Asset.of("USD");
    public static final BigInteger OPERATOR_FUNDS = BigInteger.valueOf(1_000_000_000L);
    /** The largest amount of one transfer the pairs accept. */
    public static final long PAIR_MAX = 1_000_000_000L;

    public static final Duration BLOCK_TIME = Duration.ofSeconds(1);
    public static final int ETH_FINALITY_DEPTH = 2;
    public static final Duration ETH_FINALITY = Duration.ofSeconds(3);
    public static final Duration FABRIC_FINALITY = Duration.ofSeconds(3);
    public static final Duration ETH_CLOCK_TOLERANCE = Duration.ofSeconds(15);
    public static final Duration FABRIC_CLOCK_TOLERANCE = Duration.ofSeconds(60);
    public static final Duration SAFETY_MARGIN = Duration.ofSeconds(10);
    public static final Duration MIN_DESTINATION_WINDOW = Duration.ofSeconds(20);
    public static final Duration MARGIN = ETH_FINALITY
            .plus(FABRIC_FINALITY)
            .plus(ETH_CLOCK_TOLERANCE)
            .plus(FABRIC_CLOCK_TOLERANCE)
            .plus(SAFETY_MARGIN);

    /** The Org1 client identity of the relay operator on Fabric. */
    public static final String OPERATOR_IDENTITY = "operator";

    private static final BigInteger GAS_ETH = BigInteger.TEN.pow(19);
    private static final BigInteger CALL_GAS = BigInteger.valueOf(200_000);
    private static final BigInteger PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger MAX_UINT = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    private static final Pattern HASH = Pattern.compile("\"hash\"\\s*:\\s*\"(0x[0-9a-fA-F]{64})\"");

    /**
     * What {@link #deploy} made, enough to {@link #attach} again: the node, the contracts' addresses, the trust
     * anchor's hash, and the operator's Fabric identity.
     */
    public record Deployment(
            String rpcUrl,
            long evmChainId,
            String htlc,
            String token,
            String unlistedToken,
            String genesisHash,
            FabricNetwork.Identity operatorFabric) {}

    /** An Ethereum user: a fresh key and its address. The key is a secret: never print it. */
    public record EthUser(String privateKey, Account account) {
        @Override
        public String toString() {
            return "EthUser[" + account + "]";
        }
    }

    private final Deployment deployment;
    private final FabricNetwork network;
    private final Web3j web3j;
    private final ManagedChannel adminChannel;
    private final Gateway admin;
    private final Contract chaincode;
    private final Account operatorFabricAccount;
    private final ChainAdapterRegistry registry = ChainAdapterRegistry.loadDefault();
    private final Object ethSender = new Object();

    private DevnetSetup(Deployment deployment, FabricNetwork network) {
        this.deployment = deployment;
        this.network = network;
        this.web3j = Web3j.build(new HttpService(deployment.rpcUrl()));
        FabricNetwork.Org org1 = network.org("Org1MSP");
        this.adminChannel = channel(org1.peer().address(), org1.peer().tlsCaFile());
        this.admin = gateway(adminChannel, org1.mspId(), org1.admin());
        this.chaincode = admin.getNetwork(network.channel()).getContract(HtlcChaincode.DEFAULT_NAME);
        try (ChainAdapter a = fabricAdapter(deployment.operatorFabric())) {
            this.operatorFabricAccount = a.signer();
        }
    }

    /**
     * Sets up running devnets: deploys the contracts on anvil at {@code rpcUrl} and funds the operator (anvil's dev
     * account 0) with {@link #OPERATOR_FUNDS} RUSD; on Fabric (the HTLC chaincode already deployed) issues the
     * operator's identity and mints it as many USD.
     */
    public static DevnetSetup deploy(String rpcUrl, long evmChainId, FabricNetwork network) {
        String operatorKey = operatorEthKey();
        String htlc = HtlcDeployment.deployHtlc(rpcUrl, evmChainId, operatorKey);
        String token = HtlcDeployment.deployTestToken(rpcUrl, evmChainId, operatorKey, "Relay Dollar", "RUSD");
        String unlisted = HtlcDeployment.deployTestToken(rpcUrl, evmChainId, operatorKey, "Unlisted", "UNL");
        HtlcDeployment.mintTestToken(
                rpcUrl,
                evmChainId,
                operatorKey,
                token,
                Anvil.deriveDevAccounts(1).get(0).address(),
                OPERATOR_FUNDS);
        FabricNetwork.Identity operator = network.org("Org1MSP").issueClientIdentity(OPERATOR_IDENTITY);
        DevnetSetup setup = new DevnetSetup(
                new Deployment(rpcUrl, evmChainId, htlc, token, unlisted, genesisHash(rpcUrl), operator), network);
        try {
            await(List.of(setup.mint(USD, setup.operatorFabricAccount, OPERATOR_FUNDS)));
            return setup;
        } catch (RuntimeException e) {
            setup.close();
            throw e;
        }
    }

    /** Reopens the set-up of devnets {@link #deploy} set up before (nothing is sent to either chain). */
    public static DevnetSetup attach(Deployment deployment, FabricNetwork network) {
        return new DevnetSetup(deployment, network);
    }

    /** The operator's Ethereum key: anvil's dev account 0 of its public test mnemonic. */
    public static String operatorEthKey() {
        return Anvil.deriveDevAccounts(1).get(0).privateKey();
    }

    public Deployment deployment() {
        return deployment;
    }

    public FabricNetwork network() {
        return network;
    }

    /** The relay's RUSD token on Ethereum: the asset of both pairs there. */
    public Asset token() {
        return Asset.of(deployment.token());
    }

    /** A token no pair lists. */
    public Asset unlistedToken() {
        return Asset.of(deployment.unlistedToken());
    }

    /** The asset of the pairs on {@code chain}. */
    public Asset asset(ChainId chain) {
        return chain.equals(ETH) ? token() : USD;
    }

    public Account operator(ChainId chain) {
        return chain.equals(ETH) ? Account.of(Anvil.deriveDevAccounts(1).get(0).address()) : operatorFabricAccount;
    }

    /** The channel's config block: the Fabric trust anchor. */
    public Path configBlock() {
        return network.stateDir().resolve("config").resolve(network.channel() + ".block");
    }

    // ---- users ---------------------------------------------------------------------------------------------------

    /**
     * {@code count} fresh Ethereum users, each with 10 ETH for gas, {@code tokens} RUSD and of the unlisted token, and
     * an unlimited allowance of the HTLC contract for both (so that their locks are single transactions).
     */
    public List<EthUser> newEthUsers(int count, BigInteger tokens) {
        List<EthUser> made = new ArrayList<>();
        List<String> txs = new ArrayList<>();
        synchronized (ethSender) {
            for (int i = 0; i < count; i++) {
                Credentials key;
                try {
                    key = Credentials.create(Keys.createEcKeyPair());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot make a key", e);
                }
                String address = key.getAddress().toLowerCase(Locale.ROOT);
                setBalance(address, GAS_ETH);
                String operatorKey = operatorEthKey();
                txs.add(send(operatorKey, deployment.token(), mintCall(address, tokens)));
                txs.add(send(operatorKey, deployment.unlistedToken(), mintCall(address, tokens)));
                txs.add(send(key, deployment.token(), approveCall()));
                txs.add(send(key, deployment.unlistedToken(), approveCall()));
                made.add(new EthUser(
                        Numeric.toHexStringWithPrefixZeroPadded(
                                key.getEcKeyPair().getPrivateKey(), 64),
                        Account.of(address)));
            }
            for (String tx : txs) {
                awaitReceipt(tx);
            }
        }
        return made;
    }

    /** One fresh Ethereum user; see {@link #newEthUsers}. */
    public EthUser newEthUser(BigInteger tokens) {
        return newEthUsers(1, tokens).get(0);
    }

    /**
     * Org1 client identities named {@code names} on Fabric (issued again if they exist: same account), each minted
     * {@code usd} USD and as many EUR (an asset no pair lists).
     */
    public List<FabricNetwork.Identity> newFabricUsers(List<String> names, BigInteger usd) {
        FabricNetwork.Org org1 = network.org("Org1MSP");
        List<FabricNetwork.Identity> made = new ArrayList<>();
        List<SubmittedTransaction> mints = new ArrayList<>();
        for (String name : names) {
            FabricNetwork.Identity identity = org1.issueClientIdentity(name);
            Account account = fabricAccount(identity);
            made.add(identity);
            mints.add(mint(USD, account, usd));
            mints.add(mint(Asset.of("EUR"), account, usd));
        }
        await(mints);
        return made;
    }

    /** One Org1 client identity named {@code name}; see {@link #newFabricUsers}. */
    public FabricNetwork.Identity newFabricUser(String name, BigInteger usd) {
        return newFabricUsers(List.of(name), usd).get(0);
    }

    /** The chaincode account of a Fabric identity. */
    public Account fabricAccount(FabricNetwork.Identity identity) {
        try (ChainAdapter a = fabricAdapter(identity)) {
            return a.signer();
        }
    }

    /** The operator's next nonce on Ethereum counting the pool: it grows as soon as the relay sends a transaction. */
    public long operatorPendingNonce() {
        try {
            return web3j.ethGetTransactionCount(operator(ETH).value(), DefaultBlockParameterName.PENDING)
                    .send()
                    .getTransactionCount()
                    .longValueExact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- balances ------------------------------------------------------------------------------------------------

    /** The balance of {@code account} in {@code asset} on {@code chain}, as the node reports it now. */
    public BigInteger balance(ChainId chain, Account account, Asset asset) {
        return chain.equals(ETH) ? tokenBalance(asset.id(), account.value()) : fabricBalance(asset, account);
    }

    /** The relay operator's balance of the pair asset on {@code chain}. */
    public BigInteger operatorBalance(ChainId chain) {
        return balance(chain, operator(chain), asset(chain));
    }

    /** What the HTLC holds in escrow of the pair asset on {@code chain}. */
    public BigInteger escrow(ChainId chain) {
        if (chain.equals(ETH)) {
            return tokenBalance(deployment.token(), deployment.htlc());
        }
        return BigInteger.ZERO; // the chaincode's escrow is implicit: locked amounts are in nobody's balance
    }

    private BigInteger tokenBalance(String tokenAddress, String owner) {
        Function balanceOf =
                new Function("balanceOf", List.of(new Address(owner)), List.of(new TypeReference<Uint256>() {}));
        try {
            String result = web3j.ethCall(
                            Transaction.createEthCallTransaction(
                                    owner, tokenAddress, FunctionEncoder.encode(balanceOf)),
                            DefaultBlockParameterName.LATEST)
                    .send()
                    .getValue();
            @SuppressWarnings("rawtypes") // web3j's decoder returns raw types
            List<Type> decoded = FunctionReturnDecoder.decode(result, balanceOf.getOutputParameters());
            return (BigInteger) decoded.get(0).getValue();
        } catch (IOException e) {
            throw new UncheckedIOException("balanceOf " + owner + " at " + tokenAddress, e);
        }
    }

    private BigInteger fabricBalance(Asset asset, Account account) {
        try {
            return new BigInteger(new String(
                    chaincode.evaluateTransaction("Balance", asset.id(), account.value()), StandardCharsets.UTF_8));
        } catch (GatewayException e) {
            throw new IllegalStateException("Balance of " + account + " in " + asset + " failed: " + e, e);
        }
    }

    // ---- adapter settings ----------------------------------------------------------------------------------------

    /**
     * The Ethereum adapter's settings (a chain entry without {@code id}, {@code type} and {@code relay}) signing with
     * {@code privateKey}; {@code null} leaves {@code signer-key} out, for a caller that names the key otherwise.
     */
    public Map<String, Object> ethSettings(@Nullable String privateKey) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rpc-url", deployment.rpcUrl());
        m.put("evm-chain-id", deployment.evmChainId());
        m.put("htlc-contract", deployment.htlc());
        if (privateKey != null) {
            m.put("signer-key", privateKey);
        }
        m.put("trust-anchor", Map.of("number", 0, "hash", deployment.genesisHash()));
        m.put("finality-depth", ETH_FINALITY_DEPTH);
        m.put("poll-interval", "250ms");
        m.put("rebroadcast-after", "2s");
        m.put("rules", Map.of("preset", "anvil"));
        return m;
    }

    /** The Fabric adapter's settings for {@code identity} of Org1: gateway at Org1's peer, both peers confirming. */
    public Map<String, Object> fabricSettings(FabricNetwork.Identity identity) {
        FabricNetwork.Org org1 = network.org("Org1MSP");
        FabricNetwork.Org org2 = network.org("Org2MSP");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", network.channel());
        m.put("chaincode", HtlcChaincode.DEFAULT_NAME);
        m.put("endorsement-policy", FabricDevnet.BOTH_ORGS);
        m.put(
                "signer",
                Map.of(
                        "msp-id", identity.mspId(),
                        "certificate-file", identity.certFile().toString(),
                        "private-key-file", identity.keyFile().toString()));
        m.put(
                "gateway",
                Map.of(
                        "address",
                        org1.peer().address(),
                        "tls-ca-file",
                        org1.peer().tlsCaFile().toString()));
        m.put(
                "confirming-peers",
                List.of(
                        Map.of(
                                "msp-id", org1.mspId(),
                                "address", org1.peer().address(),
                                "tls-ca-file", org1.peer().tlsCaFile().toString()),
                        Map.of(
                                "msp-id", org2.mspId(),
                                "address", org2.peer().address(),
                                "tls-ca-file", org2.peer().tlsCaFile().toString())));
        m.put("trust-anchor", Map.of("config-block-file", configBlock().toString()));
        m.put("request-timeout", "15s");
        m.put("poll-interval", "200ms");
        return m;
    }

    /** An Ethereum adapter signing with {@code privateKey}. */
    public ChainAdapter ethAdapter(String privateKey) {
        return registry.provider("ethereum").create(ETH, ConfigFactory.parseMap(ethSettings(privateKey)));
    }

    /** A Fabric adapter signing as {@code identity}. */
    public ChainAdapter fabricAdapter(FabricNetwork.Identity identity) {
        return registry.provider("fabric").create(FABRIC, ConfigFactory.parseMap(fabricSettings(identity)));
    }

    // ---- relay configuration -------------------------------------------------------------------------------------

    /** The relay's chain entry for {@code chain}: the adapter's settings as the operator, and the relay's timing. */
    public Map<String, Object> chainEntry(ChainId chain, Path dataDir) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", chain.value());
        if (chain.equals(ETH)) {
            entry.put("type", "ethereum");
            entry.putAll(ethSettings(operatorEthKey()));
            entry.put("poll-interval", "200ms");
            entry.put(
                    "relay",
                    Map.of(
                            "finality-time", seconds(ETH_FINALITY),
                            "clock-tolerance", seconds(ETH_CLOCK_TOLERANCE),
                            "max-in-flight", 64));
        } else {
            entry.put("type", "fabric");
            entry.putAll(fabricSettings(deployment.operatorFabric()));
            entry.put("state-dir", dataDir.resolve("fabric-adapter").toString());
            entry.put(
                    "relay",
                    Map.of(
                            "finality-time",
                            seconds(FABRIC_FINALITY),
                            "clock-tolerance",
                            seconds(FABRIC_CLOCK_TOLERANCE)));
        }
        return entry;
    }

    /** Both pairs, 1:1 without fee: Fabric USD to Ethereum RUSD and back. */
    public List<Map<String, Object>> pairs() {
        return List.of(pair(FABRIC, USD, ETH, token()), pair(ETH, token(), FABRIC, USD));
    }

    /** The relay's timing rules for these devnets (see the class comment). */
    public static Map<String, Object> timing() {
        return Map.of(
                "safety-margin", seconds(SAFETY_MARGIN),
                "min-destination-window", seconds(MIN_DESTINATION_WINDOW),
                "max-timelock", "48h",
                "retry-interval", "2s",
                "poll-interval", "200ms");
    }

    private static Map<String, Object> pair(ChainId from, Asset fromAsset, ChainId to, Asset toAsset) {
        return Map.of(
                "from",
                Map.of("chain", from.value(), "asset", fromAsset.id()),
                "to",
                Map.of("chain", to.value(), "asset", toAsset.id()),
                "rate",
                "1",
                "fee",
                0,
                "min",
                1,
                "max",
                PAIR_MAX);
    }

    static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    // ---- Ethereum transactions of the set-up ---------------------------------------------------------------------

    private static String genesisHash(String rpcUrl) {
        String answer = rpc(rpcUrl, "eth_getBlockByNumber", "[\"0x0\", false]");
        Matcher m = HASH.matcher(answer);
        if (!m.find()) {
            throw new IllegalStateException("no block hash in the answer to eth_getBlockByNumber 0: " + answer);
        }
        return m.group(1).toLowerCase(Locale.ROOT);
    }

    private void setBalance(String address, BigInteger wei) {
        rpc(
                deployment.rpcUrl(),
                "anvil_setBalance",
                "[\"" + address + "\", \"" + Numeric.toHexStringWithPrefix(wei) + "\"]");
    }

    /** One JSON-RPC call; returns the whole answer. */
    static String rpc(String rpcUrl, String method, String paramsJson) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(rpcUrl))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200 || r.body().contains("\"error\"")) {
                throw new IllegalStateException(
                        method + " at " + rpcUrl + " failed: HTTP " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " at " + rpcUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method, e);
        }
    }

    private static String mintCall(String to, BigInteger amount) {
        return FunctionEncoder.encode(new Function("mint", List.of(new Address(to), new Uint256(amount)), List.of()));
    }

    private String approveCall() {
        return FunctionEncoder.encode(
                new Function("approve", List.of(new Address(deployment.htlc()), new Uint256(MAX_UINT)), List.of()));
    }

    private String send(String privateKey, String to, String data) {
        return send(Credentials.create(Numeric.cleanHexPrefix(privateKey)), to, data);
    }

    /** Sends one transaction (nonce from the pool: pending ones count) and returns its hash without waiting. */
    private String send(Credentials from, String to, String data) {
        try {
            long chainId = deployment.evmChainId();
            RawTransactionManager transactions = new RawTransactionManager(web3j, from, chainId);
            BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
            EthSendTransaction sent = transactions.sendEIP1559Transaction(
                    chainId,
                    PRIORITY_FEE,
                    gasPrice.shiftLeft(1).add(PRIORITY_FEE),
                    CALL_GAS,
                    to,
                    data,
                    BigInteger.ZERO,
                    false);
            if (sent.hasError()) {
                throw new IllegalStateException("anvil refused a set-up transaction to " + to + ": "
                        + sent.getError().getMessage());
            }
            return sent.getTransactionHash();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReceipt(String txHash) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                var receipt = web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt();
                if (receipt.isPresent()) {
                    TransactionReceipt r = receipt.get();
                    if (!r.isStatusOK()) {
                        throw new IllegalStateException("set-up transaction " + txHash + " failed: " + r.getStatus());
                    }
                    return;
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        throw new IllegalStateException("no receipt for set-up transaction " + txHash + " within 60 s");
    }

    // ---- Fabric transactions of the set-up -----------------------------------------------------------------------

    private SubmittedTransaction mint(Asset asset, Account to, BigInteger amount) {
        try {
            return chaincode
                    .newProposal("Mint")
                    .addArguments(asset.id(), to.value(), amount.toString())
                    .build()
                    .endorse()
                    .submitAsync();
        } catch (GatewayException e) {
            throw new IllegalStateException("Mint " + amount + " " + asset + " for " + to + " failed: " + e, e);
        }
    }

    private static void await(List<SubmittedTransaction> txs) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (SubmittedTransaction tx : txs) {
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    var status = tx.getStatus();
                    if (!status.isSuccessful()) {
                        throw new IllegalStateException(
                                "set-up transaction " + tx.getTransactionId() + " is " + status.getCode());
                    }
                } catch (GatewayException e) {
                    throw new IllegalStateException("commit status of " + tx.getTransactionId() + ": " + e, e);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    // ---- life cycle ----------------------------------------------------------------------------------------------

    /** Closes the clients (the gateway, its channel, the JSON-RPC client); the devnets keep running. */
    @Override
    public void close() {
        admin.close();
        adminChannel.shutdownNow();
        try {
            adminChannel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        web3j.shutdown();
    }

    private static ManagedChannel channel(String address, Path tlsCa) {
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

    private static Gateway gateway(ManagedChannel channel, String mspId, FabricNetwork.Identity identity) {
        try (Reader key = Files.newBufferedReader(identity.keyFile());
                Reader cert = Files.newBufferedReader(identity.certFile())) {
            return Gateway.newInstance()
                    .identity(new X509Identity(mspId, Identities.readX509Certificate(cert)))
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
        } catch (InvalidKeyException | CertificateException e) {
            throw new IllegalStateException("cannot read the identity " + identity.name(), e);
        }
    }
}
