/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import io.xrelay.adapter.Amount;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.TimeLock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The chain operations of one relayed transfer done directly by the harness, with no relay: the sender's source lock,
 * the operator's destination lock once the source lock is final, the recipient's claim once that is final, and the
 * operator's source claim once the recipient's claim is final. Each transfer runs on its own thread. The operator's
 * signer on each chain is one adapter shared by every transfer, as the relay's is; each adapter queues its own
 * submissions (on Fabric, one transaction in flight per signer), as it does in the relay. Timed from the source lock's submission
 * to the source claim seen final, as {@link Transfer#total()} is: the chains' floor for the relay's figures.
 */
final class FloorTransfer {
    private final Devnets net;
    private final Transfer transfer;
    private final Map<ChainId, ChainUser> operators;
    private long startedAt;
    private long targetLockedAt;
    private long targetClaimedAt;
    private long doneAt;
    private @Nullable HtlcId targetId;

    FloorTransfer(Devnets net, Transfer transfer, Map<ChainId, ChainUser> operators) {
        this.net = net;
        this.transfer = transfer;
        this.operators = Map.copyOf(operators);
    }

    /** Every step, each as soon as the one before is seen final. */
    void run(Duration stepTimeout) {
        lock();
        operatorLocks(stepTimeout);
        recipientClaims(stepTimeout);
        operatorClaims(stepTimeout);
        awaitDone(stepTimeout);
    }

    /** The sender locks on the source chain. */
    void lock() {
        startedAt = System.nanoTime();
        transfer.lock();
    }

    /** Once the source lock is final, the operator locks on the destination chain as the relay would. */
    void operatorLocks(Duration timeout) {
        net.watcher(transfer.source()).awaitLock(transfer.sourceId(), timeout);
        LockRequest request = new LockRequest(
                transfer.recipient().account(),
                transfer.secret().hashLock(),
                new TimeLock(transfer.timeLock().instant().minus(Devnets.MARGIN).getEpochSecond()),
                net.asset(transfer.destination()),
                Amount.of(transfer.amount()),
                transfer.source(),
                transfer.sender().account(),
                Amount.ZERO);
        targetId = operator(transfer.destination()).lock(request);
    }

    /** Once the destination lock is final, the recipient claims it. */
    void recipientClaims(Duration timeout) {
        HtlcId id = target();
        targetLockedAt =
                net.watcher(transfer.destination()).awaitLock(id, timeout).seenAtNanos();
        transfer.recipient().claim(id, transfer.secret());
    }

    /** Once the recipient's claim is final, the operator claims the source lock with the secret. */
    void operatorClaims(Duration timeout) {
        targetClaimedAt = net.watcher(transfer.destination())
                .awaitClaimed(target(), timeout)
                .seenAtNanos();
        operator(transfer.source()).claim(transfer.sourceId(), transfer.secret());
    }

    /** Waits for the source claim to be final. */
    void awaitDone(Duration timeout) {
        net.watcher(transfer.source()).awaitClaimed(transfer.sourceId(), timeout);
        doneAt = System.nanoTime();
    }

    /** Seconds from the source lock's submission to the source claim seen final. */
    double total() {
        return (doneAt - startedAt) / 1e9;
    }

    /**
     * The phase timings of completed floor transfers, as {@link Transfer#figures} gives the relayed ones: median,
     * 95th percentile and maximum of each phase, in seconds.
     */
    static String figures(String title, List<FloorTransfer> transfers) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT, "%s: %d transfers; seconds as median / p95 / max%n", title, transfers.size()));
        Transfer.phase(
                b,
                "source lock sent -> destination lock final",
                transfers,
                t -> seconds(t.targetLockedAt - t.startedAt));
        Transfer.phase(
                b,
                "destination lock final -> recipient's claim final",
                transfers,
                t -> seconds(t.targetClaimedAt - t.targetLockedAt));
        Transfer.phase(
                b,
                "destination claim final -> source claim final",
                transfers,
                t -> seconds(t.doneAt - t.targetClaimedAt));
        Transfer.phase(b, "total: source lock sent -> source claim final", transfers, FloorTransfer::total);
        return b.toString();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    Transfer transfer() {
        return transfer;
    }

    private ChainUser operator(ChainId chain) {
        ChainUser operator = operators.get(chain);
        if (operator == null) {
            throw new IllegalStateException("no operator signer for " + chain);
        }
        return operator;
    }

    private HtlcId target() {
        HtlcId id = targetId;
        if (id == null) {
            throw new IllegalStateException("the operator has not locked on the destination chain yet");
        }
        return id;
    }
}
