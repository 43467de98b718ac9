/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import org.jspecify.annotations.Nullable;

/**
 * One lock: its terms and where it is in its life. Stored (and returned by {@code GetLock}, and carried by the
 * {@code Locked} event) as one JSON object with exactly the string fields {@code id, sender, receiver, hashLock,
 * timeLock, asset, amount, destinationChain, destinationRecipient, minDestinationAmount, status}, plus
 * {@code preimage} once claimed.
 *
 * @param preimage the preimage, present exactly when the status is {@link Status#CLAIMED}
 */
record Lock(
        String id,
        String sender,
        String receiver,
        String hashLock,
        long timeLock,
        String asset,
        BigInteger amount,
        String destinationChain,
        String destinationRecipient,
        BigInteger minDestinationAmount,
        Status status,
        @Nullable String preimage) {

    /** Where a lock is in its life. */
    enum Status {
        /** The amount is held; claim or refund is still possible. */
        LOCKED,
        /** Paid to the receiver with the preimage. */
        CLAIMED,
        /** Paid back to the sender after the timelock. */
        REFUNDED
    }

    Lock {
        if ((status == Status.CLAIMED) != (preimage != null)) {
            throw new IllegalArgumentException("a lock has a preimage exactly when it is CLAIMED; status " + status);
        }
    }

    /** This lock, claimed with {@code preimage}. */
    Lock claimed(String preimage) {
        return new Lock(
                id,
                sender,
                receiver,
                hashLock,
                timeLock,
                asset,
                amount,
                destinationChain,
                destinationRecipient,
                minDestinationAmount,
                Status.CLAIMED,
                preimage);
    }

    /** This lock, refunded. */
    Lock refunded() {
        return new Lock(
                id,
                sender,
                receiver,
                hashLock,
                timeLock,
                asset,
                amount,
                destinationChain,
                destinationRecipient,
                minDestinationAmount,
                Status.REFUNDED,
                null);
    }

    /** The lock JSON, fields in the documented order. */
    String toJson() {
        SequencedMap<String, String> f = new LinkedHashMap<>();
        f.put("id", id);
        f.put("sender", sender);
        f.put("receiver", receiver);
        f.put("hashLock", hashLock);
        f.put("timeLock", Long.toString(timeLock));
        f.put("asset", asset);
        f.put("amount", amount.toString());
        f.put("destinationChain", destinationChain);
        f.put("destinationRecipient", destinationRecipient);
        f.put("minDestinationAmount", minDestinationAmount.toString());
        f.put("status", status.name());
        if (preimage != null) {
            f.put("preimage", preimage);
        }
        return Json.write(f);
    }

    /**
     * Reads a lock JSON this chaincode wrote.
     *
     * @throws IllegalArgumentException if {@code json} is not one
     */
    static Lock fromJson(String json) {
        SequencedMap<String, String> f = Json.read(json);
        try {
            return new Lock(
                    field(f, "id"),
                    field(f, "sender"),
                    field(f, "receiver"),
                    field(f, "hashLock"),
                    Long.parseLong(field(f, "timeLock")),
                    field(f, "asset"),
                    new BigInteger(field(f, "amount")),
                    field(f, "destinationChain"),
                    field(f, "destinationRecipient"),
                    new BigInteger(field(f, "minDestinationAmount")),
                    Status.valueOf(field(f, "status")),
                    f.get("preimage"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a lock: " + json, e);
        }
    }

    private static String field(SequencedMap<String, String> fields, String name) {
        String v = fields.get(name);
        if (v == null) {
            throw new IllegalArgumentException("not a lock, no field " + name + ": " + fields.keySet());
        }
        return v;
    }
}
