/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.Checkpoint;
import io.xrelay.adapter.EventBatch;
import io.xrelay.adapter.HashLock;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.VerifiedHtlcEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a user sees of one chain: its verified final HTLC events, pulled from the trust anchor on through a chain
 * adapter of the user's own (never the relay's word), each stamped with the monotonic time it was first seen.
 * Tests wait here for the destination lock, claims and refunds.
 */
final class ChainWatcher implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int MAX_EVENTS = 1000;

    /** An event and the {@link System#nanoTime()} at which the watcher first saw it final. */
    record Seen<E extends HtlcEvent>(E event, long seenAtNanos) {}

    private final ChainAdapter adapter;
    private final Thread thread;
    private final List<Seen<HtlcEvent.Locked>> locks = new CopyOnWriteArrayList<>();
    private final Map<HtlcId, Seen<HtlcEvent.Claimed>> claims = new ConcurrentHashMap<>();
    private final Map<HtlcId, Seen<HtlcEvent.Refunded>> refunds = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile @Nullable Exception lastError;

    private ChainWatcher(ChainAdapter adapter) {
        this.adapter = adapter;
        this.thread = new Thread(this::run, "watch-" + adapter.chainId().value());
        thread.setDaemon(true);
    }

    /** Starts following the chain from the adapter's trust anchor. */
    static ChainWatcher start(ChainAdapter adapter) {
        ChainWatcher w = new ChainWatcher(adapter);
        w.thread.start();
        return w;
    }

    private void run() {
        Checkpoint checkpoint = adapter.trustAnchor();
        while (!closed) {
            try {
                EventBatch batch = adapter.events(checkpoint, MAX_EVENTS)
                        .toCompletableFuture()
                        .get(60, TimeUnit.SECONDS);
                long now = System.nanoTime();
                for (VerifiedHtlcEvent v : batch.finalEvents()) {
                    record(v.event(), now);
                }
                checkpoint = batch.checkpoint();
                lastError = null;
                if (batch.finalEvents().size() < MAX_EVENTS) {
                    Thread.sleep(POLL.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a node that is down (the outage tests stop one) answers again later: retry
                lastError = e;
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void record(HtlcEvent event, long now) {
        switch (event) {
            case HtlcEvent.Locked l -> locks.add(new Seen<>(l, now));
            case HtlcEvent.Claimed c -> claims.putIfAbsent(c.id(), new Seen<>(c, now));
            case HtlcEvent.Refunded r -> refunds.putIfAbsent(r.id(), new Seen<>(r, now));
        }
    }

    /** Every final lock with hashlock {@code hash}. */
    List<Seen<HtlcEvent.Locked>> locks(HashLock hash) {
        List<Seen<HtlcEvent.Locked>> found = new ArrayList<>();
        for (Seen<HtlcEvent.Locked> s : locks) {
            if (s.event().terms().hashLock().equals(hash)) {
                found.add(s);
            }
        }
        return found;
    }

    Optional<Seen<HtlcEvent.Locked>> lock(HtlcId id) {
        return locks.stream().filter(s -> s.event().id().equals(id)).findFirst();
    }

    Optional<Seen<HtlcEvent.Claimed>> claimed(HtlcId id) {
        return Optional.ofNullable(claims.get(id));
    }

    Optional<Seen<HtlcEvent.Refunded>> refunded(HtlcId id) {
        return Optional.ofNullable(refunds.get(id));
    }

    /** Waits for the final lock with hashlock {@code hash} for {@code receiver}. */
    Seen<HtlcEvent.Locked> awaitLock(HashLock hash, Account receiver, Duration timeout) {
        return await(
                () -> locks(hash).stream()
                        .filter(s -> s.event().terms().receiver().equals(receiver))
                        .findFirst(),
                timeout,
                "a lock with hashlock " + hash + " for " + receiver);
    }

    Seen<HtlcEvent.Locked> awaitLock(HtlcId id, Duration timeout) {
        return await(() -> lock(id), timeout, "lock " + id);
    }

    Seen<HtlcEvent.Claimed> awaitClaimed(HtlcId id, Duration timeout) {
        return await(() -> claimed(id), timeout, "a claim of " + id);
    }

    Seen<HtlcEvent.Refunded> awaitRefunded(HtlcId id, Duration timeout) {
        return await(() -> refunded(id), timeout, "a refund of " + id);
    }

    /** Waits until the lock {@code id} is claimed or refunded; true if claimed. */
    boolean awaitClosed(HtlcId id, Duration timeout) {
        await(
                () -> claimed(id).isPresent() || refunded(id).isPresent()
                        ? Optional.of(Boolean.TRUE)
                        : Optional.empty(),
                timeout,
                "lock " + id + " claimed or refunded");
        return claimed(id).isPresent();
    }

    private <T> T await(Supplier<Optional<T>> probe, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() > deadline) {
                Exception error = lastError;
                throw new AssertionError(adapter.chainId() + ": no verified final event of " + what + " within "
                        + timeout + (error == null ? "" : "; the watcher's last error: " + error));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        adapter.close();
    }
}
