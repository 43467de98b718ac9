/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
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
import io.xrelay.contracts.evm.devnet.AnvilOptions;
import io.xrelay.contracts.evm.devnet.DevAccount;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The two devnets one end-to-end test class shares, set up as an operator would set them up for the relay:
 *
 * <ul>
 *   <li>anvil mining one block a second (the relay's Ethereum finality depth is 2, so a transaction is final about
 *       three seconds after it is sent), the HTLC contract and the test token {@code RUSD} deployed, a second token
 *       that no pair lists;
 *   <li>the Fabric devnet (one orderer, a peer of Org1MSP and one of Org2MSP) with the HTLC chaincode under
 *       {@code AND('Org1MSP.peer','Org2MSP.peer')};
 *   <li>the operator: anvil's dev account 0 (it deployed the contracts) holding {@link #OPERATOR_FUNDS} RUSD, and an
 *       Org1 client identity {@code operator} holding as many {@code USD};
 *   <li>users made on demand ({@link #newEthUsers}, {@link #newFabricUsers}): fresh Ethereum keys with ETH for gas,
 *       RUSD and an allowance for the HTLC contract; fresh Org1 client identities with {@code USD};
 *   <li>a relay configuration file (chains {@code eth-dev} and {@code fabric-dev}, both pairs 1:1) and an empty
 *       data folder, both under {@code integration-tests/target/it-relay/<name>}, where every log stays too.
 * </ul>
 *
 * <h2>Timing</h2>
 *
 * The relay is configured with Ethereum finality-time 3 s and clock-tolerance 15 s, Fabric finality-time 3 s and
 * clock-tolerance 60 s (the devnet's peers accept transaction timestamps within 60 s of their clock, so no less is
 * safe), a safety margin of 10 s and a minimum destination window of 20 s. The relay's margin between the source
 * and the destination timelock is therefore {@link #MARGIN} = 3 + 3 + 15 + 60 + 10 = 91 s, and the shortest source
 * timelock it accepts is about now + 91 + 20 + 3 s. Tests that wait for a refund lock with {@link #SHORT_TIMELOCK}
 * (now + 135 s, leaving 21 s for the lock to become final and be seen); tests that complete use
 * {@link #LONG_TIMELOCK}.
 */
final class Devnets implements AutoCloseable {
    static final ChainId ETH = ChainId.of("eth-dev");
    static final ChainId FABRIC = ChainId.of("fabric-dev");
    static final Asset USD = Asset.of("USD");
    static final BigInteger OPERATOR_FUNDS = BigInteger.valueOf(1_000_000_000L);

    static final Duration ETH_FINALITY = Duration.ofSeconds(3);
    static final Duration FABRIC_FINALITY = Duration.ofSeconds(3);
    static final Duration ETH_CLOCK_TOLERANCE = Duration.ofSeconds(15);
    static final Duration FABRIC_CLOCK_TOLERANCE = Duration.ofSeconds(60);
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(10);
    static final Duration MIN_DESTINATION_WINDOW = Duration.ofSeconds(20);
    static final Duration MARGIN = ETH_FINALITY
            .plus(FABRIC_FINALITY)
            .plus(ETH_CLOCK_TOLERANCE)
            .plus(FABRIC_CLOCK_TOLERANCE)
            .plus(SAFETY_MARGIN);
    /** A source timelock the relay accepts, whose refunds come soon: now + 135 s. */
    static final Duration SHORT_TIMELOCK = Duration.ofSeconds(135);
    /** A source timelock for transfers that complete: now + 15 min. */
    static final Duration LONG_TIMELOCK = Duration.ofMinutes(15);

    private static final BigInteger GAS_ETH = BigInteger.TEN.pow(19);
    private static final BigInteger CALL_GAS = BigInteger.valueOf(200_000);
    private static final BigInteger PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger MAX_UINT = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private final String name;
    private final Path dir;
    private final Path dataDir;
    private final Path configFile;
    private final Anvil anvil;
    private final Web3j web3j;
    private final DevAccount operatorEth;
    private final String htlc;
    private final String token;
    private final String unlistedToken;
    private final String genesisHash;
    private final FabricDevnet fabric;
    private final FabricNetwork network;
    private final FabricNetwork.Identity operatorFabric;
    private final Account operatorFabricAccount;
    private final ManagedChannel adminChannel;
    private final Gateway admin;
    private final Contract chaincode;
    private final ChainWatcher ethWatcher;
    private final ChainWatcher fabricWatcher;
    private final ChainAdapterRegistry registry = ChainAdapterRegistry.loadDefault();
    private final List<ChainUser> users = new ArrayList<>();
    private final AtomicInteger fabricUsers = new AtomicInteger();
    private final Object ethSender = new Object();

    private Devnets(String name, Path dir, Anvil anvil, FabricDevnet fabric) {
        this.name = name;
        this.dir = dir;
        this.anvil = anvil;
        this.fabric = fabric;
        this.dataDir = dir.resolve("data");
        this.configFile = dir.resolve("relay.conf");
        this.web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
        this.operatorEth = anvil.accounts().get(0);
        this.htlc = HtlcDeployment.deployHtlc(anvil.rpcUrl(), anvil.chainId(), operatorEth.privateKey());
        this.token = HtlcDeployment.deployTestToken(
                anvil.rpcUrl(), anvil.chainId(), operatorEth.privateKey(), "Relay Dollar", "RUSD");
        this.unlistedToken = HtlcDeployment.deployTestToken(
                anvil.rpcUrl(), anvil.chainId(), operatorEth.privateKey(), "Unlisted", "UNL");
        HtlcDeployment.mintTestToken(
                anvil.rpcUrl(),
                anvil.chainId(),
                operatorEth.privateKey(),
                token,
                operatorEth.address(),
                OPERATOR_FUNDS);
        this.genesisHash = anvil.rawCall("eth_getBlockByNumber", "[\"0x0\", false]")
                .replaceAll("(?s).*\"hash\"\\s*:\\s*\"(0x[0-9a-fA-F]{64})\".*", "$1");

        fabric.deployHtlc();
        this.network = fabric.network();
        FabricNetwork.Org org1 = network.org("Org1MSP");
        this.adminChannel = channel(org1.peer().address(), org1.peer().tlsCaFile());
        this.admin = gateway(adminChannel, org1.mspId(), org1.admin());
        this.chaincode = admin.getNetwork(network.channel()).getContract("htlc");
        this.operatorFabric = org1.issueClientIdentity("operator");
        try (ChainAdapter a = fabricAdapter(operatorFabric)) {
            this.operatorFabricAccount = a.signer();
        }
        await(List.of(mint(USD, operatorFabricAccount, OPERATOR_FUNDS)));

        DevAccount watcherKey = anvil.accounts().get(9);
        this.ethWatcher = ChainWatcher.start(ethAdapter(watcherKey.privateKey()));
        this.fabricWatcher = ChainWatcher.start(fabricAdapter(org1.issueClientIdentity("watcher")));
        writeConfig();
    }

    /**
     * Starts both devnets for a test class named {@code name} and sets them up; stops whatever started if that fails.
     */
    static Devnets start(String name) {
        Path dir = newDir(name);
        Anvil anvil = Anvil.start(
                AnvilOptions.defaults().withBlockTime(Duration.ofSeconds(1)).withLogFile(dir.resolve("anvil.log")));
        FabricDevnet fabric = null;
        try {
            fabric = FabricDevnet.start(dir.resolve("fabric"));
            return new Devnets(name, dir, anvil, fabric);
        } catch (RuntimeException | Error e) {
            anvil.close();
            if (fabric != null) {
                fabric.close();
            }
            throw e;
        }
    }

    private static Path newDir(String name) {
        Path root = root();
        try {
            Path base = Files.createDirectories(root.resolve("integration-tests/target/it-relay"));
            return Files.createTempDirectory(base, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root, as the build tells the tests. */
    static Path root() {
        return Path.of(System.getProperty("xrelay.root", "..")).toAbsolutePath().normalize();
    }

    String name() {
        return name;
    }

    /** The folder of this class's devnets, configuration, relay data and logs. */
    Path dir() {
        return dir;
    }

    Path configFile() {
        return configFile;
    }

    Path dataDir() {
        return dataDir;
    }

    Anvil anvil() {
        return anvil;
    }

    FabricDevnet fabric() {
        return fabric;
    }

    /** The relay's RUSD token on Ethereum: the asset of both pairs there. */
    Asset token() {
        return Asset.of(token);
    }

    /** A token no pair lists. */
    Asset unlistedToken() {
        return Asset.of(unlistedToken);
    }

    Account operator(ChainId chain) {
        return chain.equals(ETH) ? Account.of(operatorEth.address()) : operatorFabricAccount;
    }

    /** The asset of the pairs on {@code chain}. */
    Asset asset(ChainId chain) {
        return chain.equals(ETH) ? token() : USD;
    }

    ChainWatcher watcher(ChainId chain) {
        return chain.equals(ETH) ? ethWatcher : fabricWatcher;
    }

    // ---- users ---------------------------------------------------------------------------------------------------

    /**
     * {@code count} fresh Ethereum users, each with 10 ETH for gas, {@code tokens} RUSD and an unlimited allowance
     * of the HTLC contract for RUSD and the unlisted token (so that their locks are single transactions).
     */
    List<ChainUser> newEthUsers(int count, BigInteger tokens) {
        List<ChainUser> made = new ArrayList<>();
        List<String> txs = new ArrayList<>();
        synchronized (ethSender) {
            for (int i = 0; i < count; i++) {
                Credentials key;
                try {
                    key = Credentials.create(Keys.createEcKeyPair());
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException("cannot make a key", e);
                }
                String address = key.getAddress().toLowerCase(Locale.ROOT);
                anvil.setBalance(address, GAS_ETH);
                txs.add(send(operatorEth.privateKey(), token, mintCall(address, tokens)));
                txs.add(send(operatorEth.privateKey(), unlistedToken, mintCall(address, tokens)));
                txs.add(send(key, token, approveCall()));
                txs.add(send(key, unlistedToken, approveCall()));
                ChainUser user = new ChainUser(
                        ETH,
                        ethAdapter(Numeric.toHexStringWithPrefixZeroPadded(
                                key.getEcKeyPair().getPrivateKey(), 64)));
                made.add(user);
            }
            for (String tx : txs) {
                awaitReceipt(tx);
            }
        }
        synchronized (users) {
            users.addAll(made);
        }
        return made;
    }

    /**
     * A user signing with the operator's own key (Ethereum) or identity (Fabric), for chain operations the harness does
     * itself in the relay's place. Use it only while no relay runs: two signers of one account would race for nonces.
     */
    ChainUser operatorUser(ChainId chain) {
        ChainUser user = new ChainUser(
                chain, chain.equals(ETH) ? ethAdapter(operatorEth.privateKey()) : fabricAdapter(operatorFabric));
        synchronized (users) {
            users.add(user);
        }
        return user;
    }

    /** {@code count} fresh Org1 client identities on Fabric, each minted {@code usd} USD. */
    List<ChainUser> newFabricUsers(int count, BigInteger usd) {
        FabricNetwork.Org org1 = network.org("Org1MSP");
        List<ChainUser> made = new ArrayList<>();
        List<SubmittedTransaction> mints = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FabricNetwork.Identity identity = org1.issueClientIdentity("fab-user-" + fabricUsers.incrementAndGet());
            ChainUser user = new ChainUser(FABRIC, fabricAdapter(identity));
            made.add(user);
            mints.add(mint(USD, user.account(), usd));
            mints.add(mint(Asset.of("EUR"), user.account(), usd));
        }
        await(mints);
        synchronized (users) {
            users.addAll(made);
        }
        return made;
    }

    /** The operator's next nonce on Ethereum counting the pool: it grows as soon as the relay sends a transaction. */
    long operatorPendingNonce() {
        try {
            return web3j.ethGetTransactionCount(operatorEth.address(), DefaultBlockParameterName.PENDING)
                    .send()
                    .getTransactionCount()
                    .longValueExact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops ({@code stop-node}) or starts ({@code start-node}) one Fabric node through the devnet script: the
     * {@code orderer}, {@code peer0.org1.example.com} or {@code peer0.org2.example.com}.
     */
    void fabricNode(String command, String node) {
        Path out = dir.resolve("fabric-" + command + ".log");
        try {
            Process p = new ProcessBuilder(
                            FabricDevnet.script().toString(),
                            "--state",
                            fabric.stateDir().toString(),
                            command,
                            node)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("fabric-devnet.sh " + command + " " + node + " failed; see " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ---- balances ------------------------------------------------------------------------------------------------

    /** The balance of {@code account} in {@code asset} on {@code chain}, as the node reports it now. */
    BigInteger balance(ChainId chain, Account account, Asset asset) {
        return chain.equals(ETH) ? tokenBalance(asset.id(), account.value()) : fabricBalance(asset, account);
    }

    /** The relay operator's balance of the pair asset on {@code chain}. */
    BigInteger operatorBalance(ChainId chain) {
        return balance(chain, operator(chain), asset(chain));
    }

    /** What the HTLC holds in escrow of the pair asset on {@code chain}. */
    BigInteger escrow(ChainId chain) {
        if (chain.equals(ETH)) {
            return tokenBalance(token, htlc);
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

    // ---- relay configuration -------------------------------------------------------------------------------------

    /** The relay's configuration as written to {@link #configFile()}. */
    Config relayConfig() {
        Map<String, Object> eth = new LinkedHashMap<>();
        eth.put("id", ETH.value());
        eth.put("type", "ethereum");
        eth.put("rpc-url", anvil.rpcUrl());
        eth.put("evm-chain-id", anvil.chainId());
        eth.put("htlc-contract", htlc);
        eth.put("signer-key", operatorEth.privateKey());
        eth.put("trust-anchor", Map.of("number", 0, "hash", genesisHash));
        eth.put("finality-depth", 2);
        eth.put("poll-interval", "200ms");
        eth.put("rebroadcast-after", "2s");
        eth.put("rules", Map.of("preset", "anvil"));
        eth.put(
                "relay",
                Map.of(
                        "finality-time", seconds(ETH_FINALITY),
                        "clock-tolerance", seconds(ETH_CLOCK_TOLERANCE),
                        "max-in-flight", 64));
        Map<String, Object> fab = new LinkedHashMap<>(fabricSettings(operatorFabric));
        fab.put("id", FABRIC.value());
        fab.put("type", "fabric");
        fab.put("state-dir", dataDir.resolve("fabric-adapter").toString());
        fab.put(
                "relay",
                Map.of("finality-time", seconds(FABRIC_FINALITY), "clock-tolerance", seconds(FABRIC_CLOCK_TOLERANCE)));
        Map<String, Object> xrelay = new LinkedHashMap<>();
        xrelay.put("data-dir", dataDir.toString());
        xrelay.put("persistence", Map.of("backend", "h2"));
        xrelay.put("chains", List.of(eth, fab));
        xrelay.put("pairs", List.of(pair(FABRIC, USD, ETH, token()), pair(ETH, token(), FABRIC, USD)));
        xrelay.put(
                "timing",
                Map.of(
                        "safety-margin", seconds(SAFETY_MARGIN),
                        "min-destination-window", seconds(MIN_DESTINATION_WINDOW),
                        "max-timelock", "48h",
                        "retry-interval", "2s",
                        "poll-interval", "200ms"));
        return ConfigFactory.empty().withValue("xrelay", ConfigValueFactory.fromMap(xrelay));
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
                1_000_000_000L);
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    private void writeConfig() {
        try {
            Files.createDirectories(dataDir);
            String text = "# The relay configuration of end-to-end test class " + name + " (written by Devnets).\n"
                    + relayConfig()
                            .root()
                            .render(ConfigRenderOptions.defaults()
                                    .setOriginComments(false)
                                    .setJson(false));
            Files.writeString(configFile, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
    }

    // ---- adapters for users --------------------------------------------------------------------------------------

    private ChainAdapter ethAdapter(String privateKey) {
        Map<String, Object> m = new HashMap<>();
        m.put("rpc-url", anvil.rpcUrl());
        m.put("evm-chain-id", anvil.chainId());
        m.put("htlc-contract", htlc);
        m.put("signer-key", privateKey);
        m.put("trust-anchor.number", 0);
        m.put("trust-anchor.hash", genesisHash);
        m.put("finality-depth", 2);
        m.put("poll-interval", "250ms");
        m.put("rebroadcast-after", "2s");
        m.put("rules.preset", "anvil");
        return registry.provider("ethereum").create(ETH, ConfigFactory.parseMap(m));
    }

    private ChainAdapter fabricAdapter(FabricNetwork.Identity identity) {
        return registry.provider("fabric").create(FABRIC, ConfigFactory.parseMap(fabricSettings(identity)));
    }

    /** The Fabric adapter's settings for {@code identity} of Org1: gateway at Org1's peer, both peers confirming. */
    private Map<String, Object> fabricSettings(FabricNetwork.Identity identity) {
        FabricNetwork.Org org1 = network.org("Org1MSP");
        FabricNetwork.Org org2 = network.org("Org2MSP");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", network.channel());
        m.put("chaincode", "htlc");
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

    private Path configBlock() {
        return network.stateDir().resolve("config").resolve(network.channel() + ".block");
    }

    // ---- Ethereum transactions of the set-up ---------------------------------------------------------------------

    private static String mintCall(String to, BigInteger amount) {
        return FunctionEncoder.encode(new Function("mint", List.of(new Address(to), new Uint256(amount)), List.of()));
    }

    private String approveCall() {
        return FunctionEncoder.encode(
                new Function("approve", List.of(new Address(htlc), new Uint256(MAX_UINT)), List.of()));
    }

    private String send(String privateKey, String to, String data) {
        return send(Credentials.create(Numeric.cleanHexPrefix(privateKey)), to, data);
    }

    /** Sends one transaction (nonce from the pool: pending ones count) and returns its hash without waiting. */
    private String send(Credentials from, String to, String data) {
        try {
            RawTransactionManager transactions = new RawTransactionManager(web3j, from, anvil.chainId());
            BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
            EthSendTransaction sent = transactions.sendEIP1559Transaction(
                    anvil.chainId(),
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

    /** The users' adapters, the watchers, the gateway, then both devnets; every step runs even if one fails. */
    @Override
    public void close() {
        List<AutoCloseable> steps = new ArrayList<>();
        synchronized (users) {
            steps.addAll(users);
        }
        steps.add(ethWatcher);
        steps.add(fabricWatcher);
        steps.add(admin);
        steps.add(() -> {
            adminChannel.shutdownNow();
            adminChannel.awaitTermination(5, TimeUnit.SECONDS);
        });
        steps.add(web3j::shutdown);
        steps.add(anvil);
        steps.add(fabric);
        @Nullable RuntimeException failure = null;
        for (AutoCloseable step : steps) {
            try {
                step.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the devnets of " + name + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
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

    @Override
    public String toString() {
        return "devnets " + name + " (" + dir + ")";
    }
}
