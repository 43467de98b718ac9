/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HashLock;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcRecord;
import io.xrelay.adapter.HtlcStatus;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.contracts.evm.HtlcErrors;
import io.xrelay.contracts.evm.XRelayHtlc;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web3j.abi.DefaultFunctionEncoder;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;

/**
 * The ABI of the XRelayHtlc contract: call encoders, event decoders, the lock id and the custom errors. Written
 * from the contract's interface (htlc-contracts/solidity/contracts/XRelayHtlc.sol); a test checks every selector
 * and topic against the compiled ABI.
 */
final class HtlcAbi {
    static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

    static final Event LOCKED = XRelayHtlc.LOCKED_EVENT;
    static final Event CLAIMED = XRelayHtlc.CLAIMED_EVENT;
    static final Event REFUNDED = XRelayHtlc.REFUNDED_EVENT;

    static final Bytes LOCKED_TOPIC = Bytes.fromHex(EventEncoder.encode(LOCKED));
    static final Bytes CLAIMED_TOPIC = Bytes.fromHex(EventEncoder.encode(CLAIMED));
    static final Bytes REFUNDED_TOPIC = Bytes.fromHex(EventEncoder.encode(REFUNDED));

    private HtlcAbi() {}

    static String encodeLock(LockTerms t) {
        return FunctionEncoder.encode(new Function("lock", lockParams(t, false), List.of()));
    }

    static String encodeClaim(HtlcId id, Preimage preimage) {
        return FunctionEncoder.encode(new Function(
                "claim", List.of(bytes32(id), new Bytes32(preimage.secret().toByteArray())), List.of()));
    }

    static String encodeRefund(HtlcId id) {
        return FunctionEncoder.encode(new Function("refund", List.of(bytes32(id)), List.of()));
    }

    static String encodeGetLock(HtlcId id) {
        return FunctionEncoder.encode(new Function("getLock", List.of(bytes32(id)), List.of()));
    }

    static String encodeApprove(String spender, BigInteger amount) {
        return FunctionEncoder.encode(
                new Function("approve", List.of(new Address(spender), new Uint256(amount)), List.of()));
    }

    static String encodeAllowance(String owner, String spender) {
        return FunctionEncoder.encode(
                new Function("allowance", List.of(new Address(owner), new Address(spender)), List.of()));
    }

    static String encodeBalanceOf(String owner) {
        return FunctionEncoder.encode(new Function("balanceOf", List.of(new Address(owner)), List.of()));
    }

    /**
     * The id the contract gives a lock with these terms: {@code keccak256(abi.encode(sender, receiver, hashlock,
     * timelock, token, amount, keccak256(destinationChain), keccak256(destinationRecipient), minDestinationAmount))}.
     */
    static HtlcId lockId(LockTerms t) {
        String encoded = new DefaultFunctionEncoder().encodeParameters(lockParams(t, true));
        return new HtlcId(Hash.sha3("0x" + encoded));
    }

    @SuppressWarnings("rawtypes") // web3j's ABI types are raw in its own API
    private static List<Type> lockParams(LockTerms t, boolean forId) {
        List<Type> p = new java.util.ArrayList<>();
        if (forId) {
            p.add(new Address(t.sender().value()));
        }
        p.add(new Address(t.receiver().value()));
        p.add(new Bytes32(t.hashLock().hash().toByteArray()));
        p.add(new Uint64(BigInteger.valueOf(t.timeLock().epochSecond())));
        p.add(new Address(tokenAddress(t.asset())));
        p.add(new Uint256(t.amount().units()));
        if (forId) {
            p.add(new Bytes32(Hash.sha3(utf8(t.destinationChain().value()))));
            p.add(new Bytes32(Hash.sha3(utf8(t.destinationRecipient().value()))));
        } else {
            p.add(new Utf8String(t.destinationChain().value()));
            p.add(new Utf8String(t.destinationRecipient().value()));
        }
        p.add(new Uint256(t.minDestinationAmount().units()));
        return p;
    }

    static String tokenAddress(Asset asset) {
        return asset.isNative() ? ZERO_ADDRESS : asset.id();
    }

    static Asset assetOf(String tokenAddress) {
        String a = tokenAddress.toLowerCase(Locale.ROOT);
        return a.equals(ZERO_ADDRESS) ? Asset.NATIVE : Asset.of(a);
    }

    /**
     * Decodes one log of the HTLC contract, or empty if its first topic is none of the contract's events.
     *
     * @throws IllegalArgumentException if the log claims to be an HTLC event but does not decode as one
     */
    @SuppressWarnings("rawtypes") // web3j's ABI values are raw in its own API
    static Optional<HtlcEvent> decodeEvent(List<Bytes> topics, Bytes data) {
        if (topics.isEmpty()) {
            return Optional.empty();
        }
        Bytes topic0 = topics.get(0);
        if (topic0.equals(LOCKED_TOPIC)) {
            List<Type> v =
                    decodeData(LOCKED, topics, 4, data); // hashlock, timelock, token, amount, chain, recipient, min
            HtlcId id = new HtlcId(topics.get(1).toHex());
            String destinationChain = (String) v.get(4).getValue();
            LockTerms terms = new LockTerms(
                    new Account(topicAddress(topics.get(2))),
                    new Account(topicAddress(topics.get(3))),
                    new HashLock(Bytes.wrap((byte[]) v.get(0).getValue())),
                    new TimeLock(((BigInteger) v.get(1).getValue()).longValueExact()),
                    assetOf((String) v.get(2).getValue()),
                    new Amount((BigInteger) v.get(3).getValue()),
                    new ChainId(destinationChain),
                    new Account((String) v.get(5).getValue()),
                    new Amount((BigInteger) v.get(6).getValue()));
            return Optional.of(new HtlcEvent.Locked(id, terms));
        }
        if (topic0.equals(CLAIMED_TOPIC)) {
            List<Type> v = decodeData(CLAIMED, topics, 3, data);
            HtlcId id = new HtlcId(topics.get(1).toHex());
            Preimage preimage = new Preimage(Bytes.wrap((byte[]) v.get(1).getValue()));
            HashLock hashLock = new HashLock(Bytes.wrap((byte[]) v.get(0).getValue()));
            if (!preimage.opens(hashLock)) {
                throw new IllegalArgumentException(
                        "Claimed event of " + id + " carries a preimage that does not open " + hashLock);
            }
            return Optional.of(new HtlcEvent.Claimed(id, preimage));
        }
        if (topic0.equals(REFUNDED_TOPIC)) {
            decodeData(REFUNDED, topics, 3, data);
            return Optional.of(new HtlcEvent.Refunded(new HtlcId(topics.get(1).toHex())));
        }
        return Optional.empty();
    }

    @SuppressWarnings({"rawtypes", "unchecked"}) // web3j's decoder API is raw
    private static List<Type> decodeData(Event event, List<Bytes> topics, int expectedTopics, Bytes data) {
        if (topics.size() != expectedTopics) {
            throw new IllegalArgumentException(
                    event.getName() + " event with " + topics.size() + " topics, expected " + expectedTopics);
        }
        for (int i = 1; i < topics.size(); i++) {
            if (topics.get(i).length() != 32) {
                throw new IllegalArgumentException(event.getName() + " event topic " + i + " is not 32 bytes");
            }
        }
        List<Type> values;
        try {
            values = FunctionReturnDecoder.decode(data.toHex(), (List) event.getNonIndexedParameters());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(event.getName() + " event data does not decode: " + e.getMessage(), e);
        }
        if (values.size() != event.getNonIndexedParameters().size()) {
            throw new IllegalArgumentException(
                    event.getName() + " event data does not decode: " + data.length() + " bytes");
        }
        return values;
    }

    /**
     * Decodes the return value of {@code getLock(id)}: the terms, the status and the preimage. Empty if the contract
     * knows no lock with that id (status None).
     */
    @SuppressWarnings({"rawtypes", "unchecked"}) // web3j's decoder API is raw
    static Optional<HtlcRecord> decodeGetLock(HtlcId id, String returnData) {
        List<Type> v =
                FunctionReturnDecoder.decode(returnData, (List) List.of(new TypeReference<XRelayHtlc.LockRecord>() {}));
        if (v.size() != 1) {
            throw new IllegalArgumentException(
                    "getLock(" + id + ") returned " + returnData.length() + " hex chars," + " not a lock record");
        }
        XRelayHtlc.LockRecord r = (XRelayHtlc.LockRecord) v.get(0);
        int status = r.status.intValueExact();
        if (status == 0) {
            return Optional.empty();
        }
        LockTerms terms = new LockTerms(
                new Account(r.sender.toLowerCase(Locale.ROOT)),
                new Account(r.receiver.toLowerCase(Locale.ROOT)),
                new HashLock(Bytes.of(r.hashlock)),
                new TimeLock(r.timelock.longValueExact()),
                assetOf(r.token),
                new Amount(r.amount),
                new ChainId(r.destinationChain),
                new Account(r.destinationRecipient),
                new Amount(r.minDestinationAmount));
        HtlcStatus s =
                switch (status) {
                    case 1 -> HtlcStatus.LOCKED;
                    case 2 -> HtlcStatus.CLAIMED;
                    case 3 -> HtlcStatus.REFUNDED;
                    default -> throw new IllegalArgumentException("getLock(" + id + ") status " + status);
                };
        Optional<Preimage> preimage =
                s == HtlcStatus.CLAIMED ? Optional.of(new Preimage(Bytes.of(r.preimage))) : Optional.empty();
        return Optional.of(new HtlcRecord(id, terms, s, preimage));
    }

    /** The name of the contract's custom error in a revert's data, or empty if there is none to read. */
    static Optional<String> errorName(@Nullable String revertData) {
        if (revertData == null) {
            return Optional.empty();
        }
        String hex = revertData.strip();
        if (hex.length() >= 2 && hex.startsWith("\"") && hex.endsWith("\"")) {
            hex = hex.substring(1, hex.length() - 1);
        }
        try {
            return HtlcErrors.errorName(hex);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Bytes32 bytes32(HtlcId id) {
        Bytes b;
        try {
            b = Bytes.fromHex(id.value());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HTLC id " + id + " is not 0x and 64 hex digits", e);
        }
        if (b.length() != 32 || !id.value().startsWith("0x")) {
            throw new IllegalArgumentException("HTLC id " + id + " is not 0x and 64 hex digits");
        }
        return new Bytes32(b.toByteArray());
    }

    private static String topicAddress(Bytes topic) {
        return "0x" + topic.toHex().substring(2 + 24);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
