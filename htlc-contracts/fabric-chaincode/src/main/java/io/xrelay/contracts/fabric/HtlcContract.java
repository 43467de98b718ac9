/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import static io.xrelay.contracts.fabric.HtlcException.quote;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Default;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.License;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.jspecify.annotations.Nullable;

/**
 * The HTLC chaincode's contract (the default one, so clients call {@code Lock}, not {@code htlc:Lock}): the shim's
 * entry points, which hand the transaction's string arguments to {@link Htlc}.
 *
 * <p>The functions declare only the {@link Context} and read their arguments from the stub: the shim's own argument
 * binding neither refuses extra arguments nor reports missing ones in the {@code <Code>: <text>} form, and every
 * function here takes plain strings anyway.
 */
@Contract(
        name = "htlc",
        info =
                @Info(
                        title = "xrelay HTLC",
                        description = "Token ledger and hash-time-locked transfers",
                        version = "1",
                        license = @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")))
@Default
public final class HtlcContract implements ContractInterface {
    /** Every function, for the message of an unknown one. */
    static final List<String> FUNCTIONS = List.of(
            "Mint", "Transfer", "Balance", "AccountOf", "LockId", "Lock", "Claim", "Refund", "Batch", "GetLock");

    /** The shim creates one instance per transaction. */
    public HtlcContract() {}

    /** {@code Mint(asset, account, amount)}: the new balance; the caller must be an admin. */
    @Transaction(name = "Mint", intent = Transaction.TYPE.SUBMIT)
    public String mint(Context ctx) {
        List<String> a = args(ctx, "Mint", "asset", "account", "amount");
        return htlc(ctx).mint(a.get(0), a.get(1), a.get(2));
    }

    /** {@code Transfer(asset, to, amount)}: from the caller's account. */
    @Transaction(name = "Transfer", intent = Transaction.TYPE.SUBMIT)
    public String transfer(Context ctx) {
        List<String> a = args(ctx, "Transfer", "asset", "to", "amount");
        return htlc(ctx).transfer(a.get(0), a.get(1), a.get(2));
    }

    /** {@code Balance(asset, account)}: the balance in decimal. */
    @Transaction(name = "Balance", intent = Transaction.TYPE.EVALUATE)
    public String balance(Context ctx) {
        List<String> a = args(ctx, "Balance", "asset", "account");
        return htlc(ctx).balanceOf(a.get(0), a.get(1));
    }

    /** {@code AccountOf()}: the caller's account. */
    @Transaction(name = "AccountOf", intent = Transaction.TYPE.EVALUATE)
    public String accountOf(Context ctx) {
        args(ctx, "AccountOf");
        return htlc(ctx).accountOf();
    }

    /** {@code LockId(sender, receiver, hashLock, timeLock, asset, amount, destinationChain, ...)}: the lock id. */
    @Transaction(name = "LockId", intent = Transaction.TYPE.EVALUATE)
    public String lockId(Context ctx) {
        List<String> a = args(
                ctx,
                "LockId",
                "sender",
                "receiver",
                "hashLock",
                "timeLock",
                "asset",
                "amount",
                "destinationChain",
                "destinationRecipient",
                "minDestinationAmount");
        return htlc(ctx)
                .lockId(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4), a.get(5), a.get(6), a.get(7), a.get(8));
    }

    /** {@code Lock(receiver, hashLock, timeLock, asset, amount, destinationChain, ...)}: the lock id. */
    @Transaction(name = "Lock", intent = Transaction.TYPE.SUBMIT)
    public String lock(Context ctx) {
        List<String> a = args(
                ctx,
                "Lock",
                "receiver",
                "hashLock",
                "timeLock",
                "asset",
                "amount",
                "destinationChain",
                "destinationRecipient",
                "minDestinationAmount");
        return htlc(ctx).lock(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4), a.get(5), a.get(6), a.get(7));
    }

    /** {@code Claim(id, preimage)}: pays the lock's receiver. */
    @Transaction(name = "Claim", intent = Transaction.TYPE.SUBMIT)
    public String claim(Context ctx) {
        List<String> a = args(ctx, "Claim", "id", "preimage");
        return htlc(ctx).claim(a.get(0), a.get(1));
    }

    /** {@code Refund(id)}: pays the lock's sender. */
    @Transaction(name = "Refund", intent = Transaction.TYPE.SUBMIT)
    public String refund(Context ctx) {
        List<String> a = args(ctx, "Refund", "id");
        return htlc(ctx).refund(a.get(0));
    }

    /**
     * {@code Batch(op1, args1..., op2, args2..., ...)}: up to {@value Htlc#MAX_BATCH} Lock, Claim and Refund
     * operations, each its function's name and that function's arguments, run in order in one transaction. Returns a
     * JSON array with {@code {"ok":"<result>"}} or {@code {"error":"<Code>: <text>"}} per operation, and sets one
     * {@code Batch} event for the operations that succeed; see {@link Htlc#batch}.
     */
    @Transaction(name = "Batch", intent = Transaction.TYPE.SUBMIT)
    public String batch(Context ctx) {
        return htlc(ctx).batch(ctx.getStub().getParameters());
    }

    /** {@code GetLock(id)}: the lock JSON. */
    @Transaction(name = "GetLock", intent = Transaction.TYPE.EVALUATE)
    public String getLock(Context ctx) {
        List<String> a = args(ctx, "GetLock", "id");
        return htlc(ctx).getLock(a.get(0));
    }

    /** A function this contract does not have: BadArgument naming it and the known ones. */
    @Override
    public void unknownTransaction(Context ctx) {
        throw new HtlcException(
                ErrorCode.BadArgument,
                "unknown function " + quote(ctx.getStub().getFunction()) + "; the functions are "
                        + String.join(", ", FUNCTIONS));
    }

    private static List<String> args(Context ctx, String function, String... names) {
        return Args.expect(function, ctx.getStub().getParameters(), names);
    }

    private static Htlc htlc(Context ctx) {
        return new Htlc(new StubLedger(ctx));
    }

    /** The ledger of one transaction, over the shim's stub. */
    static final class StubLedger implements Ledger {
        private final ChaincodeStub stub;
        private final ClientIdentity identity;
        private @Nullable Caller caller;

        StubLedger(Context ctx) {
            this.stub = ctx.getStub();
            this.identity = ctx.getClientIdentity();
        }

        @Override
        public String channelId() {
            return stub.getChannelId();
        }

        @Override
        public Instant txTimestamp() {
            return stub.getTxTimestamp();
        }

        @Override
        public Caller caller() {
            Caller c = caller;
            if (c == null) {
                c = Caller.of(identity.getMSPID(), identity.getX509Certificate());
                caller = c;
            }
            return c;
        }

        @Override
        public @Nullable String get(String key) {
            byte[] value = stub.getState(key);
            return value == null || value.length == 0 ? null : new String(value, StandardCharsets.UTF_8);
        }

        @Override
        public void put(String key, String value) {
            stub.putState(key, value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void emit(String name, String payload) {
            stub.setEvent(name, payload.getBytes(StandardCharsets.UTF_8));
        }
    }
}
