/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.jspecify.annotations.Nullable;

/**
 * The ledger of a Batch's operations, over the transaction's ledger: reads see the writes made here first, then the
 * state below, because a peer's {@code getState} does not see the transaction's own {@code putState}. Writes and
 * events stay here until they are handed on: each operation runs on a {@link #stage} of its own, which joins the
 * batch ({@link #merge}) only if the operation succeeds, and {@link #commit} puts each key the batch wrote to the
 * ledger below once, with its final value.
 *
 * <p>An event is kept as one element of the {@code Batch} event: a flat object whose first field {@code event} is
 * the event's name, followed by the fields of its payload in their order.
 */
final class BatchLedger implements Ledger {
    /** The first field of an element of the {@code Batch} event: the name of the operation's own event. */
    static final String EVENT = "event";

    private final Ledger below;
    private final SequencedMap<String, String> writes = new LinkedHashMap<>();
    private final List<SequencedMap<String, String>> events = new ArrayList<>();

    BatchLedger(Ledger below) {
        this.below = below;
    }

    @Override
    public String channelId() {
        return below.channelId();
    }

    @Override
    public Instant txTimestamp() {
        return below.txTimestamp();
    }

    @Override
    public Caller caller() {
        return below.caller();
    }

    /** The value written here at {@code key}, else the value below. */
    @Override
    public @Nullable String get(String key) {
        String value = writes.get(key);
        return value != null ? value : below.get(key);
    }

    /** Keeps the write here; {@link #commit} hands it on. */
    @Override
    public void put(String key, String value) {
        writes.put(key, value);
    }

    /**
     * Keeps the event here as an element of the {@code Batch} event.
     *
     * @throws IllegalArgumentException if {@code payload} is not a flat JSON object of strings or has a field
     *     {@value #EVENT}
     */
    @Override
    public void emit(String name, String payload) {
        SequencedMap<String, String> element = new LinkedHashMap<>();
        element.put(EVENT, name);
        for (Map.Entry<String, String> f : Json.read(payload).entrySet()) {
            if (element.putIfAbsent(f.getKey(), f.getValue()) != null) {
                throw new IllegalArgumentException("the payload of event " + name + " has a field " + EVENT);
            }
        }
        events.add(element);
    }

    /** A ledger for one operation: it reads through this one, and its writes and events stay its own. */
    BatchLedger stage() {
        return new BatchLedger(this);
    }

    /**
     * Takes over the writes and events of {@code stage}, a {@link #stage} of this ledger, after the ones here.
     *
     * @throws IllegalArgumentException if {@code stage} is not a stage of this ledger
     */
    void merge(BatchLedger stage) {
        if (stage.below != this) {
            throw new IllegalArgumentException("not a stage of this ledger");
        }
        writes.putAll(stage.writes);
        events.addAll(stage.events);
    }

    /** Puts each key written here to the ledger below, once, with its final value, in the order of first writes. */
    void commit() {
        writes.forEach(below::put);
    }

    /** The elements of the {@code Batch} event: the events kept here, in their order. */
    List<SequencedMap<String, String>> events() {
        return List.copyOf(events);
    }
}
