/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Lock ids: {@code 0x} + hex(sha256(E)), where E concatenates, for each field, its length as 4 bytes big-endian and
 * its UTF-8 bytes. The fields, in order: {@value #DOMAIN}, the channel, sender, receiver, hash lock (lower case, with
 * 0x), time lock, asset, amount, destination chain, destination recipient and minimum destination amount, numbers
 * in canonical decimal. Clients compute the same id before they submit a lock.
 */
final class LockIds {
    /** The first field: which scheme (and version) the id belongs to. */
    static final String DOMAIN = "xrelay-htlc-v1";

    private LockIds() {}

    /** The id of a lock with these terms, sent by {@code sender} on {@code channel}. */
    static String of(
            String channel,
            String sender,
            String receiver,
            String hashLock,
            long timeLock,
            String asset,
            BigInteger amount,
            String destinationChain,
            String destinationRecipient,
            BigInteger minDestinationAmount) {
        MessageDigest sha256 = Accounts.sha256();
        for (String field : new String[] {
            DOMAIN,
            channel,
            sender,
            receiver,
            hashLock,
            Long.toString(timeLock),
            asset,
            amount.toString(),
            destinationChain,
            destinationRecipient,
            minDestinationAmount.toString()
        }) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            sha256.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha256.update(bytes);
        }
        return "0x" + HexFormat.of().formatHex(sha256.digest());
    }
}
