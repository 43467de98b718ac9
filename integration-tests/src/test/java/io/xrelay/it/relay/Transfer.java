/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * One cross-chain transfer as its two users drive it: the sender locks on the source chain to the operator, with
 * the destination chain and recipient in the lock; the recipient waits for the relay's lock on the destination
 * chain (seen verified and final by {@link ChainWatcher}), claims it with the secret, and the relay then claims the
 * source lock. Records when each step was seen, for the phase timings.
 */
final class Transfer {
    private final Devnets net;
    private final ChainUser sender;
    private final ChainUser recipient;
    private final BigInteger amount;
    private final Asset asset;
    private final TimeLock timeLock;
    private final Preimage secret = Preimage.random();

    private @Nullable HtlcId sourceId;
    private HtlcEvent.@Nullable Locked targetLock;
    private long lockSentAt;
    private long targetLockedAt;
    private long targetClaimedAt;
    private long completedAt;

    private Transfer(
            Devnets net, ChainUser sender, ChainUser recipient, BigInteger amount, Asset asset, TimeLock timeLock) {
        if (sender.chain().equals(recipient.chain())) {
            throw new IllegalArgumentException("sender and recipient are both on " + sender.chain());
        }
        this.net = net;
        this.sender = sender;
        this.recipient = recipient;
        this.amount = amount;
        this.asset = asset;
        this.timeLock = timeLock;
    }

    /** A transfer of {@code amount} of the pair asset, the source lock expiring {@code timeLock} from now. */
    static Transfer of(Devnets net, ChainUser sender, ChainUser recipient, long amount, Duration timeLock) {
        return new Transfer(
                net,
                sender,
                recipient,
                BigInteger.valueOf(amount),
                net.asset(sender.chain()),
                TimeLock.at(Instant.now().plus(timeLock)));
    }

    /** The same, locking {@code asset} instead of the pair asset. */
    static Transfer of(
            Devnets net, ChainUser sender, ChainUser recipient, long amount, Asset asset, Duration timeLock) {
        return new Transfer(
                net,
                sender,
                recipient,
                BigInteger.valueOf(amount),
                asset,
                TimeLock.at(Instant.now().plus(timeLock)));
    }

    ChainId source() {
        return sender.chain();
    }

    ChainId destination() {
        return recipient.chain();
    }

    ChainUser sender() {
        return sender;
    }

    ChainUser recipient() {
        return recipient;
    }

    BigInteger amount() {
        return amount;
    }

    Preimage secret() {
        return secret;
    }

    /** The source lock's timelock T_S. */
    TimeLock timeLock() {
        return timeLock;
    }

    /** The sender locks on the source chain; returns this. */
    Transfer lock() {
        LockRequest request = new LockRequest(
                net.operator(source()),
                secret.hashLock(),
                timeLock,
                asset,
                Amount.of(amount),
                destination(),
                recipient.account(),
                Amount.of(amount));
        lockSentAt = System.nanoTime();
        sourceId = sender.lock(request);
        return this;
    }

    HtlcId sourceId() {
        HtlcId id = sourceId;
        if (id == null) {
            throw new IllegalStateException("not locked yet");
        }
        return id;
    }

    /** The relay's transfer id, {@code <source>/<htlcId>}. */
    String transferId() {
        return source().value() + "/" + sourceId().value();
    }

    /** Waits for the relay's final lock on the destination chain for the recipient, with the same hashlock. */
    HtlcEvent.Locked awaitTargetLock(Duration timeout) {
        ChainWatcher.Seen<HtlcEvent.Locked> seen =
                net.watcher(destination()).awaitLock(secret.hashLock(), recipient.account(), timeout);
        targetLock = seen.event();
        targetLockedAt = seen.seenAtNanos();
        return seen.event();
    }

    HtlcEvent.Locked targetLock() {
        HtlcEvent.Locked l = targetLock;
        if (l == null) {
            throw new IllegalStateException("no destination lock seen yet");
        }
        return l;
    }

    /** The recipient claims the destination lock with the secret and waits until the claim is final. */
    void claim(Duration timeout) {
        HtlcId id = targetLock().id();
        recipient.claim(id, secret);
        targetClaimedAt = net.watcher(destination()).awaitClaimed(id, timeout).seenAtNanos();
    }

    /** Waits until the relay's claim of the source lock is final. */
    void awaitCompleted(Duration timeout) {
        completedAt = net.watcher(source()).awaitClaimed(sourceId(), timeout).seenAtNanos();
    }

    /** Locks, waits for the destination lock, claims it and waits for the source claim. */
    Transfer runToCompletion(Duration stepTimeout) {
        lock();
        awaitTargetLock(stepTimeout);
        claim(stepTimeout);
        awaitCompleted(stepTimeout);
        return this;
    }

    /** Seconds from the source lock's submission until the destination lock was seen final. */
    double sourceLockToTargetLocked() {
        return seconds(targetLockedAt - lockSentAt);
    }

    /** Seconds from the destination lock seen final until the recipient's claim was seen final there. */
    double targetLockedToTargetClaimed() {
        return seconds(targetClaimedAt - targetLockedAt);
    }

    /** Seconds from the destination claim seen final until the relay's source claim was seen final. */
    double targetClaimedToCompleted() {
        return seconds(completedAt - targetClaimedAt);
    }

    /** Seconds from the source lock's submission to the source claim seen final. */
    double total() {
        return seconds(completedAt - lockSentAt);
    }

    /**
     * The phase timings of completed transfers as figures: median, 95th percentile and maximum of each phase, in
     * seconds.
     */
    static String figures(String title, List<Transfer> transfers) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT, "%s: %d transfers; seconds as median / p95 / max%n", title, transfers.size()));
        phase(b, "source lock sent -> destination lock final", transfers, Transfer::sourceLockToTargetLocked);
        phase(b, "destination lock final -> recipient's claim final", transfers, Transfer::targetLockedToTargetClaimed);
        phase(
                b,
                "destination claim final -> source claim final (Completed)",
                transfers,
                Transfer::targetClaimedToCompleted);
        phase(b, "total: source lock sent -> Completed", transfers, Transfer::total);
        return b.toString();
    }

    static <T> void phase(StringBuilder b, String name, List<T> transfers, ToDoubleFunction<T> f) {
        double[] v = transfers.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return;
        }
        b.append(String.format(
                Locale.ROOT,
                "  %-60s %6.1f / %6.1f / %6.1f%n",
                name,
                v[(v.length - 1) / 2],
                v[(int) Math.ceil(v.length * 0.95) - 1],
                v[v.length - 1]));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    @Override
    public String toString() {
        return source() + " -> " + destination() + " " + amount + " ("
                + (sourceId == null ? "not locked" : transferId()) + ")";
    }
}
