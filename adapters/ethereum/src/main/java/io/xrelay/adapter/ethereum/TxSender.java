/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ChainUnavailableException;
import io.xrelay.adapter.HtlcReason;
import io.xrelay.adapter.TransactionRejectedException;
import io.xrelay.adapter.TxRef;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Signs and sends the adapter's transactions, and owns the signer's nonces. The nonce manager survives what a node
 * does to a transaction after accepting it: a transaction dropped from the pool is broadcast again (same bytes, same
 * hash); a nonce taken by another transaction of the same key (a replacement sent by someone else) is detected, its
 * transaction reported as replaced, and the next nonce re-read from the chain; a "nonce too low" answer re-reads
 * the nonce and signs again. Not thread-safe: used from the adapter's worker thread only.
 */
final class TxSender {
    private static final Logger log = LoggerFactory.getLogger(TxSender.class);
    private static final BigInteger DEFAULT_PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);

    /** A transaction this sender signed and has not yet seen settled. */
    static final class Pending {
        final long nonce;
        final String hash;
        final String raw;
        final String what;
        Instant lastBroadcast;

        @Nullable
        String replacedReason;

        Pending(long nonce, String hash, String raw, String what, Instant lastBroadcast) {
            this.nonce = nonce;
            this.hash = hash;
            this.raw = raw;
            this.what = what;
            this.lastBroadcast = lastBroadcast;
        }
    }

    private final ChainId chain;
    private final EthRpc rpc;
    private final Credentials credentials;
    private final String from;
    private long evmChainId;
    private final Clock clock;
    private final Duration rebroadcastAfter;
    private final Map<String, Pending> byHash = new LinkedHashMap<>();
    private final TreeMap<Long, Pending> byNonce = new TreeMap<>();
    private long nextNonce = -1;
    private @Nullable Bytes priorityFeeAt;
    private BigInteger priorityFee = DEFAULT_PRIORITY_FEE;

    TxSender(
            ChainId chain,
            EthRpc rpc,
            Credentials credentials,
            long evmChainId,
            Clock clock,
            Duration rebroadcastAfter) {
        this.chain = chain;
        this.rpc = rpc;
        this.credentials = credentials;
        this.from = credentials.getAddress().toLowerCase(Locale.ROOT);
        this.evmChainId = evmChainId;
        this.clock = clock;
        this.rebroadcastAfter = rebroadcastAfter;
    }

    String from() {
        return from;
    }

    /** Signs for the chain the node serves (EIP-155), once the adapter has read and checked it. */
    void useChainId(long chainId) {
        this.evmChainId = chainId;
    }

    /**
     * Estimates (unless {@code gasLimit} is given), signs and sends a call; returns once the node has it, or once it is signed and recorded if the
     * node could not be reached (it is broadcast again by {@link #reconcile(long)}).
     *
     * @throws TransactionRejectedException if the call would revert (with the contract's error as reason code) or
     *     the node refuses it
     */
    TxRef send(String to, BigInteger value, String data, String what, EthHeader tip, @Nullable BigInteger gasLimit) {
        if (evmChainId <= 0) {
            throw new IllegalStateException("chain id not known yet");
        }
        BigInteger gas = gasLimit != null ? gasLimit : estimate(to, value, data, what);
        BigInteger priority = priorityFee(tip);
        BigInteger baseFee = tip.baseFeePerGas();
        BigInteger maxFee = (baseFee == null ? BigInteger.ZERO : baseFee)
                .multiply(BigInteger.TWO)
                .add(priority);
        for (int attempt = 1; ; attempt++) {
            long nonce = reserveNonce();
            RawTransaction tx = RawTransaction.createTransaction(
                    evmChainId, BigInteger.valueOf(nonce), gas, to, value, data, priority, maxFee);
            String raw = Numeric.toHexString(TransactionEncoder.signMessage(tx, credentials));
            String hash = Hash.sha3(raw);
            Pending p = new Pending(nonce, hash, raw, what, clock.instant());
            try {
                rpc.sendRawTransaction(raw);
            } catch (ChainUnavailableException e) {
                log.warn(
                        "{}: {} (nonce {}) signed as {} but the node did not answer; it will be broadcast again",
                        chain,
                        what,
                        nonce,
                        hash);
                track(p);
                return new TxRef(chain, hash);
            } catch (EthRpc.RpcError e) {
                String m = e.nodeMessage().toLowerCase(Locale.ROOT);
                if (m.contains("already known")) {
                    track(p);
                    return new TxRef(chain, hash);
                }
                if ((m.contains("nonce too low") || m.contains("underpriced") || m.contains("nonce")) && attempt < 4) {
                    log.warn(
                            "{}: {} with nonce {} refused ({}); re-reading the nonce",
                            chain,
                            what,
                            nonce,
                            e.nodeMessage());
                    nextNonce = -1;
                    continue;
                }
                releaseNonce(nonce);
                if (m.contains("insufficient funds")) {
                    throw new TransactionRejectedException(
                            chain, null, HtlcReason.InsufficientFunds.code(), what + ": " + e.nodeMessage(), e);
                }
                throw new TransactionRejectedException(chain, null, "NodeRejected", what + ": " + e.nodeMessage(), e);
            }
            track(p);
            log.debug("{}: sent {} as {} (nonce {})", chain, what, hash, nonce);
            return new TxRef(chain, hash);
        }
    }

    /** The reason a call would revert, from {@code eth_estimateGas}; a revert is a rejection, not a failure. */
    private BigInteger estimate(String to, BigInteger value, String data, String what) {
        Map<String, String> call = new HashMap<>();
        call.put("from", from);
        call.put("to", to);
        call.put("value", EthRpc.hex(value));
        call.put("data", data);
        try {
            BigInteger estimate = rpc.estimateGas(call);
            return estimate.multiply(BigInteger.valueOf(6))
                    .divide(BigInteger.valueOf(5))
                    .add(BigInteger.valueOf(10_000));
        } catch (EthRpc.RpcError e) {
            throw rejection(chain, what, e);
        }
    }

    /** Translates a node's refusal of a call into the contract's reason, where the revert data names one. */
    static TransactionRejectedException rejection(ChainId chain, String what, EthRpc.RpcError e) {
        Optional<String> error = HtlcAbi.errorName(e.data());
        String m = e.nodeMessage().toLowerCase(Locale.ROOT);
        String code;
        if (error.isPresent()) {
            code = error.get();
        } else if (m.contains("insufficient funds") || m.contains("insufficient balance")) {
            code = HtlcReason.InsufficientFunds.code();
        } else if (m.contains("revert")) {
            code = "Reverted";
        } else {
            code = "NodeRejected";
        }
        return new TransactionRejectedException(chain, null, code, what + ": " + e.nodeMessage(), e);
    }

    /** The node's suggested tip, asked once per block: it is a figure of recent blocks, so it moves with them. */
    private BigInteger priorityFee(EthHeader tip) {
        Bytes at = priorityFeeAt;
        if (at != null && at.equals(tip.hash())) {
            return priorityFee;
        }
        try {
            priorityFee = rpc.maxPriorityFeePerGas();
        } catch (EthRpc.RpcError e) {
            priorityFee = DEFAULT_PRIORITY_FEE;
        }
        priorityFeeAt = tip.hash();
        return priorityFee;
    }

    private long reserveNonce() {
        if (nextNonce < 0) {
            nextNonce = rpc.transactionCount(from, "pending").longValueExact();
            Long highest = byNonce.isEmpty() ? null : byNonce.lastKey();
            if (highest != null && highest >= nextNonce) {
                nextNonce = highest + 1;
            }
        }
        return nextNonce++;
    }

    private void releaseNonce(long nonce) {
        if (nonce == nextNonce - 1) {
            nextNonce = nonce;
        } else {
            nextNonce = -1; // a gap would stall every later transaction: re-read from the chain
        }
    }

    private void track(Pending p) {
        byHash.put(p.hash, p);
        Pending previous = byNonce.put(p.nonce, p);
        if (previous != null && !previous.hash.equals(p.hash)) {
            previous.replacedReason = "nonce " + p.nonce + " was signed again as " + p.hash;
        }
    }

    /** The transaction this sender signed with that hash, if it is still tracked. */
    @Nullable
    Pending pending(String hash) {
        return byHash.get(hash);
    }

    /** Stops tracking a transaction whose outcome is final. */
    void settled(String hash) {
        Pending p = byHash.remove(hash);
        if (p != null) {
            byNonce.remove(p.nonce, p);
        }
    }

    /**
     * Repairs what the node did to pending transactions: broadcasts again the ones it dropped, marks as replaced
     * the ones whose nonce another transaction took, and re-reads the next nonce when the chain moved past it.
     *
     * @param finalNonce the signer's transaction count at the newest final block: below it nothing changes any more
     * @return the hashes of transactions found replaced by another transaction
     */
    List<String> reconcile(long finalNonce) {
        List<String> replaced = new ArrayList<>();
        if (byHash.isEmpty()) {
            return replaced;
        }
        long latest = rpc.transactionCount(from, "latest").longValueExact();
        Instant now = clock.instant();
        for (Pending p : List.copyOf(byHash.values())) {
            if (p.replacedReason != null) {
                replaced.add(p.hash);
                continue;
            }
            if (p.nonce < finalNonce) {
                if (rpc.transactionReceipt(p.hash).isNull()) {
                    p.replacedReason = "nonce " + p.nonce + " was used by another transaction of " + from;
                    log.warn("{}: {} ({}) was replaced: {}", chain, p.what, p.hash, p.replacedReason);
                    replaced.add(p.hash);
                }
                continue;
            }
            if (p.nonce >= latest
                    && Duration.between(p.lastBroadcast, now).compareTo(rebroadcastAfter) >= 0
                    && rpc.transactionByHash(p.hash).isNull()) {
                try {
                    rpc.sendRawTransaction(p.raw);
                    log.warn(
                            "{}: {} ({}, nonce {}) was missing from the node's pool; broadcast again",
                            chain,
                            p.what,
                            p.hash,
                            p.nonce);
                } catch (EthRpc.RpcError e) {
                    log.warn("{}: broadcasting {} again was refused: {}", chain, p.hash, e.nodeMessage());
                    if (e.nodeMessage().toLowerCase(Locale.ROOT).contains("nonce")) {
                        nextNonce = -1;
                    }
                }
                p.lastBroadcast = now;
            }
        }
        if (nextNonce >= 0 && nextNonce < latest) {
            nextNonce = -1;
        }
        return replaced;
    }

    /** Why a tracked transaction will never land, or null while it still may. */
    @Nullable
    String replacedReason(String hash) {
        Pending p = byHash.get(hash);
        return p == null ? null : p.replacedReason;
    }
}
