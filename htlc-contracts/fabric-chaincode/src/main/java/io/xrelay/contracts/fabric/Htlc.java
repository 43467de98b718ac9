/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import static io.xrelay.contracts.fabric.HtlcException.quote;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import org.hyperledger.fabric.shim.ledger.CompositeKey;

/**
 * The rules of the HTLC chaincode, with the semantics of the Solidity contract {@code XRelayHtlc}: a token ledger
 * (balances per asset and account, minted by organisation admins) and hash-time-locked transfers. Before its time
 * lock anyone may claim a lock with the preimage, which pays the stored receiver; from the time lock on anyone may
 * refund it, which pays the stored sender. Time is the transaction's timestamp, never a local clock, so every
 * endorser computes the same result.
 *
 * <p>Every method takes the raw string arguments of its transaction and refuses bad ones with {@link HtlcException}
 * ({@code <Code>: <text>}). State: composite keys {@code balance~<asset>~<account>} (decimal) and {@code lock~<id>}
 * (lock JSON); the escrow is implicit: a LOCKED lock's amount is in nobody's balance. Each successful Mint,
 * Transfer, Lock, Claim and Refund sets exactly one chaincode event.
 */
final class Htlc {
    private static final String BALANCE = "balance";
    private static final String LOCK = "lock";

    private final Ledger ledger;

    Htlc(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Mint: credits {@code amount} of {@code asset} to {@code account}; admins only. Returns the new balance. */
    String mint(String asset, String account, String amount) {
        Caller caller = ledger.caller();
        if (!caller.admin()) {
            throw new HtlcException(
                    ErrorCode.Unauthorized,
                    "only an admin (certificate OU \"admin\") may mint; caller " + caller.account() + " is not");
        }
        String a = Args.asset("asset", asset);
        BigInteger value = Args.amount("amount", amount);
        String to = Args.account("account", account, ErrorCode.InvalidReceiver);
        positive(value);
        BigInteger balance = balance(a, to).add(value);
        if (balance.compareTo(Args.TWO_TO_256) >= 0) {
            throw new HtlcException(
                    ErrorCode.InvalidAmount,
                    "amount " + value + " would take the balance of " + to + " in " + a + " to 2^256 or beyond");
        }
        setBalance(a, to, balance);
        emit("Minted", "asset", a, "account", to, "amount", value.toString());
        return balance.toString();
    }

    /** Transfer: moves {@code amount} of {@code asset} from the caller's account to {@code to}. */
    String transfer(String asset, String to, String amount) {
        String a = Args.asset("asset", asset);
        BigInteger value = Args.amount("amount", amount);
        String receiver = Args.account("to", to, ErrorCode.InvalidReceiver);
        positive(value);
        String from = ledger.caller().account();
        debit(a, from, value);
        credit(a, receiver, value);
        emit("Transferred", "asset", a, "from", from, "to", receiver, "amount", value.toString());
        return "";
    }

    /** Balance: the balance of {@code account} in {@code asset}, in decimal. */
    String balanceOf(String asset, String account) {
        return balance(Args.asset("asset", asset), Args.account("account", account, ErrorCode.BadArgument))
                .toString();
    }

    /** AccountOf: the caller's account. */
    String accountOf() {
        return ledger.caller().account();
    }

    /** LockId: the id of the lock that {@code sender} would get with these terms; checks formats only. */
    String lockId(
            String sender,
            String receiver,
            String hashLock,
            String timeLock,
            String asset,
            String amount,
            String destinationChain,
            String destinationRecipient,
            String minDestinationAmount) {
        String from = Args.account("sender", sender, ErrorCode.BadArgument);
        Terms t =
                terms(hashLock, timeLock, asset, amount, destinationChain, destinationRecipient, minDestinationAmount);
        String to = Args.account("receiver", receiver, ErrorCode.InvalidReceiver);
        return t.id(ledger.channelId(), from, to);
    }

    /**
     * Lock: moves {@code amount} of {@code asset} from the caller into escrow for {@code receiver} until
     * {@code timeLock}. Returns the lock id.
     */
    String lock(
            String receiver,
            String hashLock,
            String timeLock,
            String asset,
            String amount,
            String destinationChain,
            String destinationRecipient,
            String minDestinationAmount) {
        Terms t =
                terms(hashLock, timeLock, asset, amount, destinationChain, destinationRecipient, minDestinationAmount);
        positive(t.amount());
        String to = Args.account("receiver", receiver, ErrorCode.InvalidReceiver);
        long now = now();
        if (t.timeLock() <= now) {
            throw new HtlcException(
                    ErrorCode.TimelockInPast, "timeLock " + t.timeLock() + " is not after the transaction time " + now);
        }
        String sender = ledger.caller().account();
        String id = t.id(ledger.channelId(), sender, to);
        if (ledger.get(lockKey(id)) != null) {
            throw new HtlcException(ErrorCode.LockExists, "a lock with id " + id + " exists already");
        }
        debit(t.asset(), sender, t.amount());
        Lock lock = new Lock(
                id,
                sender,
                to,
                t.hashLock(),
                t.timeLock(),
                t.asset(),
                t.amount(),
                t.destinationChain(),
                t.destinationRecipient(),
                t.minDestinationAmount(),
                Lock.Status.LOCKED,
                null);
        String json = lock.toJson();
        ledger.put(lockKey(id), json);
        ledger.emit("Locked", json);
        return id;
    }

    /** Claim: pays a lock to its receiver, given the preimage of its hash lock before its time lock. */
    String claim(String id, String preimage) {
        String lockId = Args.bytes32("id", id);
        String secret = Args.bytes32("preimage", preimage);
        Lock lock = locked(lockId);
        long now = now();
        if (now >= lock.timeLock()) {
            throw new HtlcException(
                    ErrorCode.Expired,
                    "lock " + lockId + " expired at " + lock.timeLock() + "; the transaction time is " + now);
        }
        byte[] hash = Accounts.sha256().digest(HexFormat.of().parseHex(secret.substring(2)));
        if (!("0x" + HexFormat.of().formatHex(hash)).equals(lock.hashLock())) {
            throw new HtlcException(
                    ErrorCode.WrongPreimage,
                    "sha256 of preimage " + quote(preimage) + " is not the hash lock " + lock.hashLock() + " of lock "
                            + lockId);
        }
        ledger.put(lockKey(lockId), lock.claimed(secret).toJson());
        credit(lock.asset(), lock.receiver(), lock.amount());
        emit(
                "Claimed",
                "id",
                lockId,
                "receiver",
                lock.receiver(),
                "asset",
                lock.asset(),
                "amount",
                lock.amount().toString(),
                "preimage",
                secret);
        return "";
    }

    /** Refund: pays a lock back to its sender from its time lock on. */
    String refund(String id) {
        String lockId = Args.bytes32("id", id);
        Lock lock = locked(lockId);
        long now = now();
        if (now < lock.timeLock()) {
            throw new HtlcException(
                    ErrorCode.NotExpired,
                    "lock " + lockId + " can be refunded from " + lock.timeLock() + "; the transaction time is " + now);
        }
        ledger.put(lockKey(lockId), lock.refunded().toJson());
        credit(lock.asset(), lock.sender(), lock.amount());
        emit(
                "Refunded",
                "id",
                lockId,
                "sender",
                lock.sender(),
                "asset",
                lock.asset(),
                "amount",
                lock.amount().toString());
        return "";
    }

    /** GetLock: the lock JSON. */
    String getLock(String id) {
        return find(Args.bytes32("id", id)).toJson();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The terms of a lock but its receiver, each argument's format checked in order. */
    private static Terms terms(
            String hashLock,
            String timeLock,
            String asset,
            String amount,
            String destinationChain,
            String destinationRecipient,
            String minDestinationAmount) {
        String h = Args.bytes32("hashLock", hashLock);
        long t = Args.timeLock("timeLock", timeLock);
        String a = Args.asset("asset", asset);
        BigInteger value = Args.amount("amount", amount);
        String chain = Args.text("destinationChain", destinationChain);
        String recipient = Args.text("destinationRecipient", destinationRecipient);
        BigInteger min = Args.amount("minDestinationAmount", minDestinationAmount);
        return new Terms(h, t, a, value, chain, recipient, min);
    }

    private record Terms(
            String hashLock,
            long timeLock,
            String asset,
            BigInteger amount,
            String destinationChain,
            String destinationRecipient,
            BigInteger minDestinationAmount) {
        String id(String channel, String sender, String receiver) {
            return LockIds.of(
                    channel,
                    sender,
                    receiver,
                    hashLock,
                    timeLock,
                    asset,
                    amount,
                    destinationChain,
                    destinationRecipient,
                    minDestinationAmount);
        }
    }

    private long now() {
        return ledger.txTimestamp().getEpochSecond();
    }

    private static void positive(BigInteger amount) {
        if (amount.signum() == 0) {
            throw new HtlcException(ErrorCode.InvalidAmount, "amount must be greater than 0, got \"0\"");
        }
    }

    private Lock find(String id) {
        String json = ledger.get(lockKey(id));
        if (json == null) {
            throw new HtlcException(ErrorCode.LockNotFound, "no lock has id " + id);
        }
        return Lock.fromJson(json);
    }

    private Lock locked(String id) {
        Lock lock = find(id);
        if (lock.status() != Lock.Status.LOCKED) {
            throw new HtlcException(ErrorCode.NotLocked, "lock " + id + " is " + lock.status() + " already");
        }
        return lock;
    }

    private BigInteger balance(String asset, String account) {
        String v = ledger.get(balanceKey(asset, account));
        return v == null ? BigInteger.ZERO : new BigInteger(v);
    }

    private void setBalance(String asset, String account, BigInteger balance) {
        ledger.put(balanceKey(asset, account), balance.toString());
    }

    private void debit(String asset, String account, BigInteger amount) {
        BigInteger balance = balance(asset, account);
        if (balance.compareTo(amount) < 0) {
            throw new HtlcException(
                    ErrorCode.InsufficientFunds,
                    account + " has " + balance + " of " + asset + ", less than the amount " + amount);
        }
        setBalance(asset, account, balance.subtract(amount));
    }

    private void credit(String asset, String account, BigInteger amount) {
        BigInteger balance = balance(asset, account).add(amount);
        if (balance.compareTo(Args.TWO_TO_256) >= 0) {
            throw new HtlcException(
                    ErrorCode.TransferFailed,
                    "paying " + amount + " of " + asset + " would take the balance of " + account
                            + " to 2^256 or beyond");
        }
        setBalance(asset, account, balance);
    }

    private void emit(String name, String... keyValues) {
        SequencedMap<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put(keyValues[i], keyValues[i + 1]);
        }
        ledger.emit(name, Json.write(fields));
    }

    /** The state key of a balance: the composite key {@code balance~<asset>~<account>}. */
    static String balanceKey(String asset, String account) {
        return new CompositeKey(BALANCE, asset, account).toString();
    }

    /** The state key of a lock: the composite key {@code lock~<id>}. */
    static String lockKey(String id) {
        return new CompositeKey(LOCK, id).toString();
    }
}
