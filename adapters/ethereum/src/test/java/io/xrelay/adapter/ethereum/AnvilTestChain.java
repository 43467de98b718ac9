/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainAdapterRegistry;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.testkit.TestChain;
import io.xrelay.contracts.evm.HtlcDeployment;
import io.xrelay.contracts.evm.devnet.Anvil;
import io.xrelay.contracts.evm.devnet.AnvilOptions;
import io.xrelay.contracts.evm.devnet.DevAccount;
import java.math.BigInteger;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * The adapter TCK's driver over a real anvil devnet (automine): the HTLC contract and two TestTokens deployed by
 * anvil's first dev account, fresh keys funded with {@code anvil_setBalance} and minted tokens, and adapters made
 * the way the relay makes them, through the {@link ChainAdapterRegistry} and a HOCON chain configuration with the
 * genesis block as trust anchor. One instance per test class; {@link #close()} stops anvil.
 */
final class AnvilTestChain implements TestChain, AutoCloseable {
    /** What every funded account gets on top of its test amount for gas: 1 ETH, thousands of HTLC calls. */
    static final BigInteger GAS_MONEY = BigInteger.TEN.pow(18);

    static final int FINALITY_DEPTH = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChainId chainId;
    private final Anvil anvil;
    private final DevAccount deployer;
    private final String htlc;
    private final String genesisHash;
    private final Asset testAsset;
    private final Asset tokenAsset;
    private final ChainAdapterRegistry registry = ChainAdapterRegistry.loadDefault();
    private final Map<Account, String> keys = new ConcurrentHashMap<>();

    private AnvilTestChain(ChainId chainId, Anvil anvil, boolean tokenAsTestAsset) {
        this.chainId = chainId;
        this.anvil = anvil;
        this.deployer = anvil.accounts().get(0);
        this.htlc = HtlcDeployment.deployHtlc(anvil.rpcUrl(), anvil.chainId(), deployer.privateKey());
        Asset first = Asset.of(deployToken("TCK Token", "TCK"));
        this.testAsset = tokenAsTestAsset ? first : Asset.NATIVE;
        this.tokenAsset = tokenAsTestAsset ? Asset.of(deployToken("TCK Other Token", "TCK2")) : first;
        this.genesisHash = text(call("eth_getBlockByNumber", "[\"0x0\", false]").path("hash"));
    }

    /**
     * Starts anvil (automine) and deploys the contracts.
     *
     * @param tokenAsTestAsset whether the TCK's test asset is an ERC-20 token rather than ETH
     */
    static AnvilTestChain start(ChainId chainId, boolean tokenAsTestAsset) {
        Anvil anvil = Anvil.start(AnvilOptions.defaults());
        try {
            return new AnvilTestChain(chainId, anvil, tokenAsTestAsset);
        } catch (RuntimeException e) {
            anvil.close();
            throw e;
        }
    }

    Anvil anvil() {
        return anvil;
    }

    String htlcContract() {
        return htlc;
    }

    String genesisHash() {
        return genesisHash;
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
        Account account = newAccount();
        BigInteger wei = asset.isNative() ? amount.units().add(GAS_MONEY) : GAS_MONEY;
        anvil.setBalance(account.value(), wei);
        if (!asset.isNative() && amount.units().signum() > 0) {
            HtlcDeployment.mintTestToken(
                    anvil.rpcUrl(),
                    anvil.chainId(),
                    deployer.privateKey(),
                    asset.id(),
                    account.value(),
                    amount.units());
        }
        return account;
    }

    @Override
    public Account newAccount() {
        ECKeyPair key;
        try {
            key = Keys.createEcKeyPair();
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException | NoSuchProviderException e) {
            throw new IllegalStateException("cannot make a secp256k1 key", e);
        }
        Account account = Account.of("0x" + Keys.getAddress(key));
        keys.put(account, Numeric.toHexStringWithPrefixZeroPadded(key.getPrivateKey(), 64));
        return account;
    }

    @Override
    public ChainAdapter adapterFor(Account account) {
        String key = keys.get(account);
        if (key == null) {
            throw new IllegalArgumentException("account " + account + " was not made by this test chain");
        }
        return registry.provider("ethereum").create(chainId, chainConfig(key));
    }

    /** The chain's configuration as the relay would read it, signing with {@code signerKey}. */
    Config chainConfig(String signerKey) {
        Map<String, Object> m = new HashMap<>();
        m.put("rpc-url", anvil.rpcUrl());
        m.put("evm-chain-id", anvil.chainId());
        m.put("htlc-contract", htlc);
        m.put("signer-key", signerKey);
        m.put("trust-anchor.number", 0);
        m.put("trust-anchor.hash", genesisHash);
        m.put("finality-depth", FINALITY_DEPTH);
        m.put("poll-interval", "50ms");
        m.put("rebroadcast-after", "1s");
        m.put("rules.preset", "anvil");
        return ConfigFactory.parseMap(m);
    }

    @Override
    public Amount balance(Account account, Asset asset) {
        if (asset.isNative()) {
            return new Amount(quantity(call("eth_getBalance", "[\"" + account.value() + "\", \"latest\"]")));
        }
        String call = "[{\"to\": \"" + asset.id() + "\", \"data\": \"" + HtlcAbi.encodeBalanceOf(account.value())
                + "\"}, \"latest\"]";
        return new Amount(quantity(call("eth_call", call)));
    }

    @Override
    public Instant chainTime() {
        return Instant.ofEpochSecond(anvil.latestBlockTimestamp());
    }

    @Override
    public void advanceTime(Duration duration) {
        long seconds = duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
        anvil.increaseTime(Duration.ofSeconds(seconds));
        anvil.mine(1);
    }

    @Override
    public void produceBlocks(int count) {
        anvil.mine(count);
    }

    @Override
    public Optional<Account> invalidReceiver() {
        return Optional.of(Account.of(HtlcAbi.ZERO_ADDRESS));
    }

    /**
     * Rolls the newest {@code depth} blocks back ({@code anvil_rollback}, which drops their transactions) and mines
     * as many empty blocks in their place, each with the EIP-1559 base fee its new parent calls for.
     *
     * <p>Not {@code anvil_reorg} (nor a plain rollback and mine): anvil 1.7.1 keeps the fee state of the replaced
     * head and gives the new blocks base fees computed from it, e.g. 7/8 of the old head's. Such headers break the
     * base fee rule, and the adapter rightly refuses the chain as invalid. Setting each new block's base fee with
     * {@code anvil_setNextBlockBaseFeePerGas} makes the replacement a valid chain, as a real reorg is.
     */
    @Override
    public void reorg(int depth) {
        if (depth <= 0) {
            throw new IllegalArgumentException("depth must be positive, got " + depth);
        }
        call("anvil_rollback", "[" + depth + "]");
        for (int i = 0; i < depth; i++) {
            JsonNode parent = call("eth_getBlockByNumber", "[\"latest\", false]");
            BigInteger fee = nextBaseFee(
                    quantity(parent.path("baseFeePerGas")),
                    quantity(parent.path("gasUsed")),
                    quantity(parent.path("gasLimit")));
            call("anvil_setNextBlockBaseFeePerGas", "[\"" + Numeric.encodeQuantity(fee) + "\"]");
            anvil.mine(1);
        }
    }

    /** EIP-1559: the base fee moves by at most 1/8 toward a target of half the gas limit (at least 1 wei up). */
    static BigInteger nextBaseFee(BigInteger parentFee, BigInteger gasUsed, BigInteger gasLimit) {
        BigInteger target = gasLimit.divide(BigInteger.TWO);
        int cmp = gasUsed.compareTo(target);
        if (cmp == 0 || target.signum() == 0) {
            return parentFee;
        }
        BigInteger eighth = BigInteger.valueOf(8);
        if (cmp > 0) {
            BigInteger delta =
                    parentFee.multiply(gasUsed.subtract(target)).divide(target).divide(eighth);
            return parentFee.add(delta.max(BigInteger.ONE));
        }
        return parentFee.subtract(
                parentFee.multiply(target.subtract(gasUsed)).divide(target).divide(eighth));
    }

    @Override
    public void close() {
        anvil.close();
    }

    @Override
    public String toString() {
        return "anvil test chain " + chainId + " (" + anvil + ")";
    }

    /** Calls a JSON-RPC method with parameters given as a JSON array. */
    JsonNode call(String method, String paramsJson) {
        try {
            return JSON.readTree(anvil.rawCall(method, paramsJson));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(method + " answered no JSON", e);
        }
    }

    private String deployToken(String name, String symbol) {
        return HtlcDeployment.deployTestToken(anvil.rpcUrl(), anvil.chainId(), deployer.privateKey(), name, symbol);
    }

    private static BigInteger quantity(JsonNode node) {
        String hex = text(node);
        return hex.equals("0x") ? BigInteger.ZERO : Numeric.toBigInt(hex);
    }

    private static String text(JsonNode node) {
        if (!node.isTextual()) {
            throw new IllegalStateException("expected a hex string from anvil, got " + node);
        }
        return node.asText();
    }
}
