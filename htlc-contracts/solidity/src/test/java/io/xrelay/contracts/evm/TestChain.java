/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xrelay.contracts.evm.devnet.Anvil;
import io.xrelay.contracts.evm.devnet.DevAccount;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticEIP1559GasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/** An anvil with a web3j client and helpers for contract tests: accounts, balances, revert reasons. */
final class TestChain implements AutoCloseable {
    static final BigInteger ETHER = BigInteger.TEN.pow(18);
    static final String ETH = "0x0000000000000000000000000000000000000000";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    final Anvil anvil;
    final Web3j web3j;
    final ContractGasProvider gas;

    private TestChain(Anvil anvil) {
        this.anvil = anvil;
        this.web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
        // A fixed gas limit, so that reverting transactions are mined (no estimate fails first) and their revert
        // data can be read from the chain.
        this.gas = new StaticEIP1559GasProvider(
                anvil.chainId(),
                BigInteger.valueOf(50_000_000_000L),
                BigInteger.valueOf(1_000_000_000L),
                BigInteger.valueOf(3_000_000));
    }

    static TestChain start() {
        Anvil anvil = Anvil.start();
        try {
            return new TestChain(anvil);
        } catch (RuntimeException e) {
            anvil.close();
            throw e;
        }
    }

    DevAccount account(int index) {
        return anvil.accounts().get(index);
    }

    String address(int index) {
        return account(index).address();
    }

    Credentials credentials(int index) {
        return Credentials.create(account(index).privateKey());
    }

    TransactionManager transactions(int index) {
        return new RawTransactionManager(
                web3j, credentials(index), anvil.chainId(), new PollingTransactionReceiptProcessor(web3j, 50, 600));
    }

    BigInteger ethBalance(String address) throws IOException {
        return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST)
                .send()
                .getBalance();
    }

    /** The ETH the transaction's sender paid for gas. */
    static BigInteger fee(TransactionReceipt receipt) {
        return receipt.getGasUsed().multiply(Numeric.decodeQuantity(receipt.getEffectiveGasPrice()));
    }

    /**
     * Sends a transaction that must revert on chain and returns the name of the contract error in its revert data,
     * read back from the mined transaction's call trace.
     */
    String revertOf(RemoteFunctionCall<TransactionReceipt> call) throws Exception {
        TransactionReceipt receipt;
        try {
            receipt = call.send();
        } catch (TransactionException e) {
            receipt = e.getTransactionReceipt()
                    .orElseThrow(() -> new AssertionError("the transaction was not mined: " + e.getMessage(), e));
        }
        assertThat(receipt.isStatusOK())
                .as("status of %s", receipt.getTransactionHash())
                .isFalse();
        String data = revertData(receipt.getTransactionHash());
        return HtlcErrors.errorName(data)
                .orElseThrow(() -> new AssertionError("revert data " + data + " names no XRelayHtlc error"));
    }

    /** The revert data of a mined, reverted transaction, from anvil's call tracer. */
    String revertData(String transactionHash) throws IOException {
        String trace =
                anvil.rawCall("debug_traceTransaction", "[\"" + transactionHash + "\", {\"tracer\": \"callTracer\"}]");
        JsonNode root = JSON.readTree(trace);
        assertThat(root.path("error").asText())
                .as("trace error of %s", transactionHash)
                .contains("revert");
        return root.path("output").asText("0x");
    }

    static byte[] randomBytes32() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static byte[] sha256(byte[] preimage) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(preimage);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            web3j.shutdown();
        } finally {
            anvil.close();
        }
    }
}
