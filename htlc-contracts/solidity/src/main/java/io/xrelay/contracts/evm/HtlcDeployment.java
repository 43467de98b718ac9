/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * Deploys the xrelay HTLC contract, and a plain ERC-20 test token, on an EVM devnet: for tests, integration tests
 * and the demo. Each call connects to {@code rpcUrl}, sends one EIP-1559 transaction signed with {@code privateKey}
 * (fees from the node's gas price), waits for its receipt and disconnects. The compiled contracts come from the
 * class path, so callers need neither solc nor web3j.
 */
public final class HtlcDeployment {
    private static final BigInteger DEPLOY_GAS = BigInteger.valueOf(5_000_000);
    private static final BigInteger CALL_GAS = BigInteger.valueOf(200_000);
    private static final BigInteger PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);
    private static final long POLL_MILLIS = 100;
    private static final int POLL_ATTEMPTS = 600;

    private HtlcDeployment() {}

    /**
     * Deploys XRelayHtlc.
     *
     * @param rpcUrl the node's JSON-RPC endpoint, such as {@code http://127.0.0.1:8545}
     * @param chainId the chain id to sign for
     * @param privateKey the deployer's private key as hex
     * @return the contract's address, {@code 0x} and 40 lower-case hex digits
     * @throws IllegalStateException if the node refuses the transaction or the deployment fails
     */
    public static String deployHtlc(String rpcUrl, long chainId, String privateKey) {
        return deploy(rpcUrl, chainId, privateKey, htlcBytecode(), "XRelayHtlc");
    }

    /**
     * Deploys TestToken, a plain ERC-20 token with 18 decimals whose {@code mint(address,uint256)} anyone may call.
     *
     * @return the token's address, {@code 0x} and 40 lower-case hex digits
     * @throws IllegalStateException if the node refuses the transaction or the deployment fails
     */
    public static String deployTestToken(String rpcUrl, long chainId, String privateKey, String name, String symbol) {
        String constructorArgs =
                FunctionEncoder.encodeConstructor(List.of(new Utf8String(name), new Utf8String(symbol)));
        return deploy(rpcUrl, chainId, privateKey, testTokenBytecode() + constructorArgs, "TestToken");
    }

    /**
     * Mints {@code amount} (in the token's smallest unit) of a TestToken deployed by
     * {@link #deployTestToken(String, long, String, String, String)} for {@code to}.
     *
     * @throws IllegalArgumentException if an address is malformed or the amount is not positive
     * @throws IllegalStateException if the node refuses the transaction or it reverts
     */
    public static void mintTestToken(
            String rpcUrl, long chainId, String privateKey, String token, String to, BigInteger amount) {
        requireAddress("token", token);
        requireAddress("to", to);
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be positive, got " + amount);
        }
        Function mint = new Function("mint", List.of(new Address(to), new Uint256(amount)), List.of());
        send(rpcUrl, chainId, privateKey, token, FunctionEncoder.encode(mint), CALL_GAS, "TestToken.mint");
    }

    /** The XRelayHtlc ABI as JSON. */
    public static String htlcAbi() {
        return ContractResources.read("XRelayHtlc", "abi");
    }

    /** The XRelayHtlc creation bytecode, {@code 0x} and hex (the constructor takes no arguments). */
    public static String htlcBytecode() {
        return "0x" + ContractResources.read("XRelayHtlc", "bin");
    }

    /** The TestToken ABI as JSON. */
    public static String testTokenAbi() {
        return ContractResources.read("TestToken", "abi");
    }

    /**
     * The TestToken creation bytecode, {@code 0x} and hex; append the ABI-encoded constructor arguments
     * {@code (string name, string symbol)}.
     */
    public static String testTokenBytecode() {
        return "0x" + ContractResources.read("TestToken", "bin");
    }

    private static String deploy(String rpcUrl, long chainId, String privateKey, String data, String what) {
        TransactionReceipt receipt = send(rpcUrl, chainId, privateKey, "", data, DEPLOY_GAS, "deploy " + what);
        String address = receipt.getContractAddress();
        if (address == null || address.isEmpty()) {
            throw new IllegalStateException(
                    "deploying " + what + " in " + receipt.getTransactionHash() + " gave no contract address");
        }
        return address.toLowerCase(Locale.ROOT);
    }

    private static TransactionReceipt send(
            String rpcUrl, long chainId, String privateKey, String to, String data, BigInteger gasLimit, String what) {
        Credentials credentials = credentials(privateKey);
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            RawTransactionManager transactions = new RawTransactionManager(web3j, credentials, chainId);
            BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
            BigInteger maxFee = gasPrice.shiftLeft(1).add(PRIORITY_FEE);
            EthSendTransaction sent = transactions.sendEIP1559Transaction(
                    chainId, PRIORITY_FEE, maxFee, gasLimit, to, data, BigInteger.ZERO, to.isEmpty());
            if (sent.hasError()) {
                throw new IllegalStateException(what + " was refused by " + rpcUrl + ": "
                        + sent.getError().getMessage());
            }
            TransactionReceipt receipt = new PollingTransactionReceiptProcessor(web3j, POLL_MILLIS, POLL_ATTEMPTS)
                    .waitForTransactionReceipt(sent.getTransactionHash());
            if (!receipt.isStatusOK()) {
                throw new IllegalStateException(what + " failed in transaction " + receipt.getTransactionHash()
                        + " (status " + receipt.getStatus() + ")");
            }
            if (to.isEmpty()) {
                String code = web3j.ethGetCode(receipt.getContractAddress(), DefaultBlockParameterName.LATEST)
                        .send()
                        .getCode();
                if (code == null || Numeric.cleanHexPrefix(code).isEmpty()) {
                    throw new IllegalStateException(what + " left no code at " + receipt.getContractAddress());
                }
            }
            return receipt;
        } catch (IOException e) {
            throw new IllegalStateException(what + ": the node at " + rpcUrl + " did not answer: " + e.getMessage(), e);
        } catch (TransactionException e) {
            throw new IllegalStateException(what + ": no receipt from " + rpcUrl + ": " + e.getMessage(), e);
        } finally {
            web3j.shutdown();
        }
    }

    private static Credentials credentials(String privateKey) {
        String digits = Numeric.cleanHexPrefix(privateKey);
        if (!digits.matches("[0-9a-fA-F]{64}")) {
            // never echo the key itself
            throw new IllegalArgumentException("privateKey must be 64 hex digits (with or without 0x)");
        }
        return Credentials.create(digits);
    }

    private static void requireAddress(String field, String value) {
        if (!value.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException(field + " must be 0x and 40 hex digits, got " + value);
        }
    }
}
