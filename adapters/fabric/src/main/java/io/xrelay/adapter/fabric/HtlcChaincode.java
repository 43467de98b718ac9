/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import io.xrelay.adapter.Amount;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The HTLC chaincode's interface as the adapter uses it: function names, their arguments as the strings the
 * chaincode takes, and the lock id both sides compute.
 */
final class HtlcChaincode {
    static final String LOCK = "Lock";
    static final String CLAIM = "Claim";
    static final String REFUND = "Refund";
    static final String BATCH = "Batch";

    /** The most operations the chaincode takes in one {@code Batch}. */
    static final int MAX_BATCH = 256;

    static final String GET_LOCK = "GetLock";
    static final String BALANCE = "Balance";
    static final String MINT = "Mint";
    static final String ACCOUNT_OF = "AccountOf";

    /** The domain tag that starts every lock id's preimage. */
    static final String LOCK_ID_DOMAIN = "xrelay-htlc-v1";

    /** A lock id: {@code 0x} and 64 lower case hex digits. */
    static final Pattern LOCK_ID = Pattern.compile("0x[0-9a-f]{64}");

    /** An asset id the chaincode takes. */
    static final Pattern ASSET_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private HtlcChaincode() {}

    /** The arguments of {@code Lock}: receiver, hashLock, timeLock, asset, amount, destination chain and so on. */
    static List<String> lockArguments(LockRequest r) {
        return List.of(
                r.receiver().value(),
                r.hashLock().hash().toHex(),
                Long.toString(r.timeLock().epochSecond()),
                r.asset().id(),
                decimal(r.amount()),
                r.destinationChain().value(),
                r.destinationRecipient().value(),
                decimal(r.minDestinationAmount()));
    }

    /** The arguments of {@code Claim}: the lock id and the preimage, {@code 0x} and 64 hex digits. */
    static List<String> claimArguments(HtlcId id, Preimage preimage) {
        return List.of(id.value(), preimage.secret().toHex());
    }

    /**
     * The lock id of {@code terms} on {@code channel}: {@code 0x} + hex(sha256(E)), where E concatenates, for each
     * field in this order, its UTF-8 bytes preceded by their length as 4 bytes big-endian: the domain tag
     * {@value #LOCK_ID_DOMAIN}, the channel, sender, receiver, hashLock (lower case, with 0x), timeLock (decimal),
     * asset, amount (decimal), destination chain, destination recipient, minimum destination amount (decimal).
     */
    static HtlcId lockId(String channel, LockTerms terms) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        for (String field : List.of(
                LOCK_ID_DOMAIN,
                channel,
                terms.sender().value(),
                terms.receiver().value(),
                terms.hashLock().hash().toHex(),
                Long.toString(terms.timeLock().epochSecond()),
                terms.asset().id(),
                decimal(terms.amount()),
                terms.destinationChain().value(),
                terms.destinationRecipient().value(),
                decimal(terms.minDestinationAmount()))) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            e.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            e.writeBytes(bytes);
        }
        try {
            return new HtlcId("0x"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(e.toByteArray())));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every JDK", ex);
        }
    }

    /** The canonical decimal of an amount: no sign, no leading zeros, {@code 0} for zero. */
    static String decimal(Amount amount) {
        return amount.units().toString();
    }
}
