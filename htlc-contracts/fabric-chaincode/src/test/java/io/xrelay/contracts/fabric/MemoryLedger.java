/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The world state in memory, with Fabric's transaction semantics: {@link #run} applies a transaction's writes and its
 * event only if it succeeds, and a transaction sets at most one event.
 */
final class MemoryLedger {
    /** A chaincode event of a committed transaction. */
    record Event(String name, String payload) {}

    private final String channel;
    private final TreeMap<String, String> state = new TreeMap<>();
    private final List<Event> events = new ArrayList<>();
    private Instant now = Instant.ofEpochSecond(1_800_000_000L);

    MemoryLedger(String channel) {
        this.channel = channel;
    }

    /** Sets the timestamp of the following transactions. */
    MemoryLedger at(Instant time) {
        now = time;
        return this;
    }

    Instant now() {
        return now;
    }

    /**
     * Runs one transaction of {@code caller} on a copy of the state and commits its writes and event if it returns.
     */
    String run(Caller caller, Function<Htlc, String> transaction) {
        Tx tx = new Tx(caller, new TreeMap<>(state));
        String result = transaction.apply(new Htlc(tx));
        state.clear();
        state.putAll(tx.writes);
        if (tx.event != null) {
            events.add(tx.event);
        }
        return result;
    }

    Map<String, String> state() {
        return Map.copyOf(state);
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    Event lastEvent() {
        if (events.isEmpty()) {
            throw new AssertionError("no event was emitted");
        }
        return events.getLast();
    }

    private final class Tx implements Ledger {
        private final Caller caller;
        private final Map<String, String> writes;
        private @Nullable Event event;

        Tx(Caller caller, Map<String, String> writes) {
            this.caller = caller;
            this.writes = writes;
        }

        @Override
        public String channelId() {
            return channel;
        }

        @Override
        public Instant txTimestamp() {
            return now;
        }

        @Override
        public Caller caller() {
            return caller;
        }

        @Override
        public @Nullable String get(String key) {
            return writes.get(key);
        }

        @Override
        public void put(String key, String value) {
            writes.put(key, value);
        }

        @Override
        public void emit(String name, String payload) {
            if (event != null) {
                throw new AssertionError("a second event " + name + " after " + event.name());
            }
            event = new Event(name, payload);
        }
    }
}
