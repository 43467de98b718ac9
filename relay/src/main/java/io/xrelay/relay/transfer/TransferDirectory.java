/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import io.xrelay.relay.CborSerializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.jspecify.annotations.Nullable;

/**
 * A compact, persisted directory of every transfer the relay has known, final ones included, for listing without
 * waking each transfer's entity: one {@link Entry} per transfer (state, when it was created, chains and accounts).
 * Event-sourced (persistence id {@code TransferDirectory}), a snapshot every 1000 events. Entities tell it
 * {@link Changed} after each state change and on recovery (idempotent: the entry with the higher revision wins).
 *
 * <p>Like {@link TransferIndex}, a small batcher in front gathers changes while one write is in flight and persists
 * them as one {@link DirectoryChanged} event; a {@link Query} is answered once every change received before it is
 * written.
 */
public final class TransferDirectory
        extends EventSourcedBehavior<TransferDirectory.Command, TransferDirectory.Event, TransferDirectory.State> {
    /** The directory's persistence id. */
    public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("TransferDirectory");

    /** What the directory understands. */
    public sealed interface Command extends CborSerializable {}

    /**
     * One transfer as the directory keeps it.
     *
     * @param id the transfer in its string form
     * @param state the name of its state
     * @param revision the revision of its newest state change
     * @param createdMillis when its first state change was recorded (relay clock, epoch millis)
     * @param sourceChain the source chain
     * @param destinationChain the destination chain
     * @param sender the source lock's sender
     * @param recipient the recipient on the destination chain
     */
    public record Entry(
            String id,
            String state,
            long revision,
            long createdMillis,
            String sourceChain,
            String destinationChain,
            String sender,
            String recipient)
            implements CborSerializable {}

    /** Transfer {@code entry.id()} changed (no reply). */
    public record Changed(Entry entry) implements Command {}

    /**
     * The filter of a {@link Query}; an empty set or string matches everything.
     *
     * @param states state names
     * @param sourceChain the source chain
     * @param destinationChain the destination chain
     * @param account the sender or the recipient
     */
    public record Filter(Set<String> states, String sourceChain, String destinationChain, String account) {
        public Filter {
            states = Set.copyOf(states);
        }

        boolean matches(Entry e) {
            return (states.isEmpty() || states.contains(e.state()))
                    && (sourceChain.isEmpty() || sourceChain.equals(e.sourceChain()))
                    && (destinationChain.isEmpty() || destinationChain.equals(e.destinationChain()))
                    && (account.isEmpty() || account.equals(e.sender()) || account.equals(e.recipient()));
        }
    }

    /** A position in the newest-first order: after the transfer created at {@code createdMillis} with {@code id}. */
    public record Cursor(long createdMillis, String id) {}

    /**
     * Up to {@code pageSize} matching entries, newest first (by creation, then id), after {@code after} if given.
     */
    public record Query(Filter filter, int pageSize, Optional<Cursor> after, ActorRef<Page> replyTo)
            implements Command {}

    /** A page of entries; {@code more} if further entries match after the last one. */
    public record Page(List<Entry> entries, boolean more) {
        public Page {
            entries = List.copyOf(entries);
        }
    }

    /** The directory's persisted events. */
    public sealed interface Event extends CborSerializable {}

    /** Entries changed since the last write, written as one event. */
    public record DirectoryChanged(List<Entry> entries) implements Event {
        public DirectoryChanged {
            entries = List.copyOf(entries);
        }
    }

    /** Every entry by transfer id. */
    public record State(Map<String, Entry> entries) implements CborSerializable {
        public State {
            entries = Map.copyOf(entries);
        }

        State changed(List<Entry> changed) {
            Map<String, Entry> next = new HashMap<>(entries);
            for (Entry e : changed) {
                Entry old = next.get(e.id());
                if (old == null || old.revision() <= e.revision()) {
                    next.put(e.id(), e);
                }
            }
            return new State(next);
        }
    }

    /** Newest first by creation time, then by id. */
    static final Comparator<Entry> NEWEST_FIRST =
            Comparator.comparingLong(Entry::createdMillis).reversed().thenComparing(Entry::id);

    /** The directory: a batcher in front of the persistent map. */
    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> {
            ActorRef<Command> store = ctx.spawn(new TransferDirectory(), "store");
            ctx.watch(store);
            return new Batcher(store, ctx.messageAdapter(Done.class, d -> Written.INSTANCE)).behavior();
        });
    }

    /** Persist these entries as one event, then tell {@code written}. */
    private record Write(List<Entry> entries, ActorRef<Done> written) implements Command {}

    /** The store finished a {@link Write}. */
    private enum Written implements Command {
        INSTANCE
    }

    /** Gathers changes while a write is in flight. Runs in the directory's actor: no locking. */
    private static final class Batcher {
        private final ActorRef<Command> store;
        private final ActorRef<Done> written;
        private Map<String, Entry> pending = new LinkedHashMap<>();
        private final List<Query> waiting = new ArrayList<>();
        private boolean writing;

        Batcher(ActorRef<Command> store, ActorRef<Done> written) {
            this.store = store;
            this.written = written;
        }

        Behavior<Command> behavior() {
            return Behaviors.receive(Command.class)
                    .onMessage(Changed.class, this::onChanged)
                    .onMessage(Query.class, this::onQuery)
                    .onMessage(Written.class, w -> onWritten())
                    .build();
        }

        private Behavior<Command> onChanged(Changed c) {
            Entry old = pending.get(c.entry().id());
            if (old == null || old.revision() <= c.entry().revision()) {
                pending.put(c.entry().id(), c.entry());
            }
            flush();
            return Behaviors.same();
        }

        private Behavior<Command> onQuery(Query q) {
            if (writing || !pending.isEmpty()) {
                waiting.add(q);
            } else {
                store.tell(q);
            }
            return Behaviors.same();
        }

        private Behavior<Command> onWritten() {
            writing = false;
            flush();
            if (!writing) {
                waiting.forEach(store::tell);
                waiting.clear();
            }
            return Behaviors.same();
        }

        private void flush() {
            if (!writing && !pending.isEmpty()) {
                store.tell(new Write(List.copyOf(pending.values()), written));
                pending = new LinkedHashMap<>();
                writing = true;
            }
        }
    }

    private TransferDirectory() {
        super(PERSISTENCE_ID);
    }

    @Override
    public State emptyState() {
        return new State(Map.of());
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder()
                .forAnyState()
                .onCommand(Write.class, this::onWrite)
                .onCommand(Query.class, (state, q) -> Effect().none().thenRun(s -> q.replyTo()
                        .tell(page(s, q))))
                .build();
    }

    private Effect<Event, State> onWrite(State state, Write w) {
        List<Entry> changed = new ArrayList<>();
        for (Entry e : w.entries()) {
            Entry old = state.entries().get(e.id());
            if (old == null || (old.revision() <= e.revision() && !old.equals(e))) {
                changed.add(e);
            }
        }
        if (changed.isEmpty()) {
            return Effect().none().thenRun(s -> w.written().tell(Done.getInstance()));
        }
        return Effect().persist(new DirectoryChanged(changed)).thenRun(s -> w.written()
                .tell(Done.getInstance()));
    }

    /** The page {@code q} asks for. */
    static Page page(State state, Query q) {
        @Nullable Cursor after = q.after().orElse(null);
        List<Entry> matching = new ArrayList<>();
        for (Entry e : state.entries().values()) {
            if (q.filter().matches(e) && (after == null || isAfter(e, after))) {
                matching.add(e);
            }
        }
        matching.sort(NEWEST_FIRST);
        boolean more = matching.size() > q.pageSize();
        return new Page(more ? matching.subList(0, q.pageSize()) : matching, more);
    }

    /** Whether {@code e} comes after {@code cursor} in the newest-first order. */
    private static boolean isAfter(Entry e, Cursor cursor) {
        if (e.createdMillis() != cursor.createdMillis()) {
            return e.createdMillis() < cursor.createdMillis();
        }
        return e.id().compareTo(cursor.id()) > 0;
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder()
                .forAnyState()
                .onEvent(DirectoryChanged.class, (state, e) -> state.changed(e.entries()))
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(1000, 2);
    }
}
