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
 * event only if it succeeds, and a transaction sets at most one event. By default a transaction reads its own
 * writes; after {@link #peerReads()} it reads only the committed state, as a peer's {@code getState} does.
 */
final class MemoryLedger {
    /** A chaincode event of a committed transaction. */
    record Event(String name, String payload) {}

    private final String channel;
    private final TreeMap<String, String> state = new TreeMap<>();
    private final List<Event> events = new ArrayList<>();
    private List<String> lastPuts = List.of();
    private Instant now = Instant.ofEpochSecond(1_800_000_000L);
    private boolean peerReads;

    MemoryLedger(String channel) {
        this.channel = channel;
    }

    /** Sets the timestamp of the following transactions. */
    MemoryLedger at(Instant time) {
        now = time;
        return this;
    }

    /**
     * Makes the following transactions read as a peer does: only the state committed before them, never their own
     * writes, which take effect when the transaction commits (the last write of a key wins).
     */
    MemoryLedger peerReads() {
        peerReads = true;
        return this;
    }

    Instant now() {
        return now;
    }

    /**
     * Runs one transaction of {@code caller}, keeping its writes apart, and commits its writes and event if it
     * returns.
     */
    String run(Caller caller, Function<Htlc, String> transaction) {
        return runOnLedger(caller, ledger -> transaction.apply(new Htlc(ledger)));
    }

    /** Runs one transaction of {@code caller} on the bare ledger, as {@link #run} does. */
    String runOnLedger(Caller caller, Function<Ledger, String> transaction) {
        Tx tx = new Tx(caller);
        String result = transaction.apply(tx);
        state.putAll(tx.writes);
        lastPuts = List.copyOf(tx.puts);
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

    /** The keys the last committed transaction put, in the order of its puts, a key as often as it was put. */
    List<String> lastPuts() {
        return lastPuts;
    }

    Event lastEvent() {
        if (events.isEmpty()) {
            throw new AssertionError("no event was emitted");
        }
        return events.getLast();
    }

    private final class Tx implements Ledger {
        private final Caller caller;
        private final Map<String, String> writes = new TreeMap<>();
        private final List<String> puts = new ArrayList<>();
        private @Nullable Event event;

        Tx(Caller caller) {
            this.caller = caller;
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
            String written = peerReads ? null : writes.get(key);
            return written != null ? written : state.get(key);
        }

        @Override
        public void put(String key, String value) {
            writes.put(key, value);
            puts.add(key);
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
