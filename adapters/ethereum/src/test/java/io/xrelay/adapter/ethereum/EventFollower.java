/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.Checkpoint;
import io.xrelay.adapter.EventBatch;
import io.xrelay.adapter.EventOrigin;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.VerifiedHtlcEvent;
import io.xrelay.adapter.ethereum.HtlcDevnet.TrueEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an adapter's events the way the relay does: from a checkpoint, a few at a time, resuming from the
 * checkpoint each batch returns (a failed call leaves the checkpoint where it was). Keeps everything it was told, to
 * check that nothing is lost, repeated or made up.
 */
final class EventFollower {
    private final ChainAdapter adapter;
    private final int max;
    private Checkpoint checkpoint;
    private final List<VerifiedHtlcEvent> finals = new ArrayList<>();
    private final List<VerifiedHtlcEvent> pendingSeen = new ArrayList<>();
    private final List<EventOrigin> retracted = new ArrayList<>();
    private List<VerifiedHtlcEvent> lastPending = List.of();

    EventFollower(ChainAdapter adapter, int max) {
        this.adapter = adapter;
        this.max = max;
        this.checkpoint = adapter.trustAnchor();
    }

    /** One call of {@code events}; on success the checkpoint moves to the batch's. */
    EventBatch pull() throws Exception {
        EventBatch batch = HtlcDevnet.await(adapter.events(checkpoint, max));
        assertThat(batch.finalEvents().size()).isLessThanOrEqualTo(max);
        assertThat(batch.checkpoint().block().number())
                .isGreaterThanOrEqualTo(checkpoint.block().number());
        finals.addAll(batch.finalEvents());
        pendingSeen.addAll(batch.pending());
        retracted.addAll(batch.retracted());
        lastPending = batch.pending();
        checkpoint = batch.checkpoint();
        return batch;
    }

    /** Pulls until a batch has no final event: every event final at the adapter's head has been read. */
    void drain() throws Exception {
        while (!pull().finalEvents().isEmpty()) {
            // keep reading
        }
    }

    /**
     * Pulls until a call fails and returns the failure; fails the test if the follower catches up first (a batch
     * without final events) without any failure.
     */
    Throwable pullUntilRefused() throws Exception {
        while (true) {
            EventBatch batch;
            try {
                batch = pull();
            } catch (Exception e) {
                return e;
            }
            if (batch.finalEvents().isEmpty()) {
                throw new AssertionError(
                        "caught up to " + batch.checkpoint() + " without being refused; pending " + batch.pending());
            }
        }
    }

    Checkpoint checkpoint() {
        return checkpoint;
    }

    List<VerifiedHtlcEvent> finals() {
        return List.copyOf(finals);
    }

    List<VerifiedHtlcEvent> pendingSeen() {
        return List.copyOf(pendingSeen);
    }

    List<VerifiedHtlcEvent> lastPending() {
        return lastPending;
    }

    List<EventOrigin> retracted() {
        return List.copyOf(retracted);
    }

    /** The final events read of one lock. */
    List<VerifiedHtlcEvent> finalsOf(HtlcId id) {
        return finals.stream().filter(e -> e.event().id().equals(id)).toList();
    }

    /**
     * Checks the follower against the truth: its final events are exactly the events anvil has from the trust
     * anchor to the checkpoint, in order, each once; and every event it was ever told about (final or pending) is
     * one of anvil's, or, for pending events, one that a reorg since removed (passed as {@code retractedOk}).
     */
    void assertTruthful(HtlcDevnet net, List<TrueEvent> retractedOk) {
        List<TrueEvent> truth = net.htlcEvents(
                adapter.trustAnchor().block().number() + 1, checkpoint.block().number());
        assertThat(finals.stream().map(TrueEvent::of).toList())
                .as("final events from the trust anchor to %s", checkpoint)
                .containsExactlyElementsOf(truth)
                .doesNotHaveDuplicates();
        List<TrueEvent> everything =
                net.htlcEvents(adapter.trustAnchor().block().number() + 1, net.blockNumber());
        for (VerifiedHtlcEvent p : pendingSeen) {
            assertThat(TrueEvent.of(p))
                    .as("a pending event the adapter reported")
                    .isIn(concat(everything, retractedOk));
        }
        for (VerifiedHtlcEvent f : finals) {
            assertThat(f.proof().scheme()).isEqualTo(ReceiptProofs.SCHEME);
        }
    }

    private static List<TrueEvent> concat(List<TrueEvent> a, List<TrueEvent> b) {
        List<TrueEvent> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
