/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import static io.xrelay.contracts.fabric.HtlcException.quote;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.jspecify.annotations.Nullable;

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
 * Transfer, Lock, Claim and Refund sets exactly one chaincode event ({@code Minted}, {@code Transferred},
 * {@code Locked}, {@code Claimed}, {@code Refunded}), whose payload is a flat JSON object of strings. A Batch runs
 * Lock, Claim and Refund operations in one transaction and sets one {@code Batch} event for those that succeed, or
 * none if none does (see {@link #batch}).
 */
final class Htlc {
    /** The most operations a Batch may carry. */
    static final int MAX_BATCH = 256;

    private static final String BALANCE = "balance";
    private static final String LOCK = "lock";

    private final Ledger ledger;

    /** The rules over {@code ledger}; reads see the transaction's own earlier writes, which a peer's do not. */
    Htlc(Ledger ledger) {
        this.ledger = new OwnWrites(ledger);
    }

    /**
     * A transaction's ledger that reads its own writes: a peer's {@code getState} answers the state before the
     * transaction, so without this, debiting and then crediting one balance in one transaction (a transfer to
     * oneself) would credit the balance as it was before the debit.
     */
    private static final class OwnWrites implements Ledger {
        private final Ledger below;
        private final java.util.Map<String, String> written = new java.util.HashMap<>();

        OwnWrites(Ledger below) {
            this.below = below;
        }

        @Override
        public String channelId() {
            return below.channelId();
        }

        @Override
        public java.time.Instant txTimestamp() {
            return below.txTimestamp();
        }

        @Override
        public Caller caller() {
            return below.caller();
        }

        @Override
        public @org.jspecify.annotations.Nullable String get(String key) {
            String value = written.get(key);
            return value != null ? value : below.get(key);
        }

        @Override
        public void put(String key, String value) {
            below.put(key, value);
            written.put(key, value);
        }

        @Override
        public void emit(String name, String payload) {
            below.emit(name, payload);
        }
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

    /**
     * Batch: runs a sequence of Lock, Claim and Refund operations in one transaction, so that a caller whose every
     * transaction touches the same balance key need not wait for one to commit before it sends the next.
     *
     * <p>{@code args} is the operations one after the other, each its function's name followed by exactly the
     * arguments that function takes, in the same order: {@code Lock} and 8 ({@code receiver, hashLock, timeLock,
     * asset, amount, destinationChain, destinationRecipient, minDestinationAmount}), {@code Claim} and 2
     * ({@code id, preimage}), {@code Refund} and 1 ({@code id}); 1 to {@value #MAX_BATCH} operations. The framing is
     * checked completely before any operation runs, and a bad one refuses the whole transaction with BadArgument,
     * naming the position of the argument counted from 1 (e.g. {@code BadArgument: Batch argument 3: Claim needs 2
     * arguments, 1 left}).
     *
     * <p>The operations run in order, each exactly as its own function would, on the state the operations before it
     * left. An operation refused with {@link HtlcException} changes nothing and sets no event, and the following
     * operations still run; any other exception fails the transaction. Every key the succeeding operations wrote is
     * put once, with its final value.
     *
     * <p>Returns a JSON array with one flat object per operation, in order: {@code {"ok":"<result>"}} with what its
     * function returns (the lock id for Lock, {@code ""} for Claim and Refund), or {@code {"error":"<Code>:
     * <text>"}} with the message its function's refusal would have. If at least one operation succeeds, the
     * transaction sets the event {@code Batch}: a JSON array with one flat object per succeeding operation, in order,
     * whose first field {@code event} is the name of the event its function sets ({@code Locked}, {@code Claimed},
     * {@code Refunded}), followed by the fields of that event's payload in their order. If none succeeds, the
     * transaction writes nothing and sets no event.
     *
     * @throws HtlcException BadArgument for bad framing
     */
    String batch(List<String> args) {
        List<Step> steps = steps(List.copyOf(args));
        BatchLedger batch = new BatchLedger(ledger);
        List<SequencedMap<String, String>> results = new ArrayList<>(steps.size());
        int succeeded = 0;
        for (Step step : steps) {
            BatchLedger stage = batch.stage();
            SequencedMap<String, String> result = new LinkedHashMap<>();
            try {
                result.put("ok", step.run(new Htlc(stage)));
                batch.merge(stage);
                succeeded++;
            } catch (HtlcException e) {
                result.put("error", e.getMessage());
            }
            results.add(result);
        }
        if (succeeded > 0) {
            batch.commit();
            ledger.emit("Batch", Json.writeArray(batch.events()));
        }
        return Json.writeArray(results);
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

    /** An operation of a Batch: the function it calls and how many arguments that takes. */
    private enum Operation {
        LOCK("Lock", 8),
        CLAIM("Claim", 2),
        REFUND("Refund", 1);

        final String function;
        final int arity;

        Operation(String function, int arity) {
            this.function = function;
            this.arity = arity;
        }

        static @Nullable Operation of(String function) {
            for (Operation op : values()) {
                if (op.function.equals(function)) {
                    return op;
                }
            }
            return null;
        }
    }

    /** One operation of a Batch with its arguments. */
    private record Step(Operation op, List<String> args) {
        String run(Htlc htlc) {
            return switch (op) {
                case LOCK ->
                    htlc.lock(
                            args.get(0),
                            args.get(1),
                            args.get(2),
                            args.get(3),
                            args.get(4),
                            args.get(5),
                            args.get(6),
                            args.get(7));
                case CLAIM -> htlc.claim(args.get(0), args.get(1));
                case REFUND -> htlc.refund(args.get(0));
            };
        }
    }

    /** The operations of a Batch's arguments, the framing checked completely. */
    private static List<Step> steps(List<String> args) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String function = args.get(i);
            Operation op = Operation.of(function);
            if (op == null) {
                throw new HtlcException(
                        ErrorCode.BadArgument,
                        "Batch argument " + (i + 1) + ": unknown operation " + quote(function)
                                + "; an operation is Lock, Claim or Refund");
            }
            int left = args.size() - i - 1;
            if (left < op.arity) {
                throw new HtlcException(
                        ErrorCode.BadArgument,
                        "Batch argument " + (i + 1) + ": " + op.function + " needs " + op.arity + " argument"
                                + (op.arity == 1 ? "" : "s") + ", " + left + " left");
            }
            steps.add(new Step(op, args.subList(i + 1, i + 1 + op.arity)));
            i += 1 + op.arity;
        }
        if (steps.isEmpty()) {
            throw new HtlcException(ErrorCode.BadArgument, "Batch needs at least one operation");
        }
        if (steps.size() > MAX_BATCH) {
            throw new HtlcException(
                    ErrorCode.BadArgument, "Batch has " + steps.size() + " operations, at most " + MAX_BATCH);
        }
        return steps;
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
