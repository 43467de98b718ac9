/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import io.xrelay.relay.CborSerializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
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

/**
 * The set of transfers that are not final, so that the relay restarts each of them at boot. Event-sourced (persistence
 * id {@code TransferIndex}), a snapshot every 1000 events. Entities tell it {@link Opened} once their first event is
 * persisted (and again on every recovery) and {@link Closed} once they are final; both are idempotent.
 *
 * <p>Thousands of transfers may open at once, and an event-sourced actor stashes what arrives while it persists (a
 * bounded stash that drops on overflow). So {@link #create()} puts a small batcher in front: it gathers changes while
 * one write is in flight and persists them as one {@link IndexChanged} event when that write is done. At most one
 * write is in flight; nothing waits in a stash. {@link GetOpen} is answered once every change received before it is
 * written.
 */
public final class TransferIndex
        extends EventSourcedBehavior<TransferIndex.Command, TransferIndex.Event, TransferIndex.State> {
    /** The index's persistence id. */
    public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("TransferIndex");

    /** What the index understands. */
    public sealed interface Command extends CborSerializable {}

    /** Transfer {@code id} has started (idempotent). */
    public record Opened(TransferId id) implements Command {}

    /** Transfer {@code id} is final (idempotent). */
    public record Closed(TransferId id) implements Command {}

    /**
     * Transfer {@code id} is about to start: {@code written} hears {@link Done} once that is persisted. The relay
     * registers a new source lock this way before its entity persists anything, so that a crash between the two
     * never leaves a started transfer out of the index.
     */
    public record Register(TransferId id, ActorRef<Done> written) implements Command {}

    /** Asks for the open transfers. */
    public record GetOpen(ActorRef<OpenTransfers> replyTo) implements Command {}

    /** The reply to {@link GetOpen}. */
    public record OpenTransfers(Set<TransferId> ids) {
        public OpenTransfers {
            ids = Set.copyOf(ids);
        }
    }

    /** The index's persisted events; the transfer in its string form. */
    public sealed interface Event extends CborSerializable {}

    /** Transfers started and finished since the last write, written as one event. */
    public record IndexChanged(List<String> opened, List<String> closed) implements Event {
        public IndexChanged {
            opened = List.copyOf(opened);
            closed = List.copyOf(closed);
        }
    }

    /** The open transfers in their string form. */
    public record State(Set<String> open) implements CborSerializable {
        public State {
            open = Set.copyOf(open);
        }

        State changed(List<String> opened, List<String> closed) {
            Set<String> next = new TreeSet<>(open);
            next.addAll(opened);
            closed.forEach(next::remove);
            return new State(next);
        }
    }

    /** The index: a batcher in front of the persistent set. */
    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> {
            ActorRef<Command> store = ctx.spawn(new TransferIndex(), "store");
            ctx.watch(store);
            return new Batcher(store, ctx.messageAdapter(Done.class, d -> Written.INSTANCE)).behavior();
        });
    }

    /** Persist these changes as one event, then tell {@code written}; transfer id string -> open (true) or closed. */
    private record Write(Map<String, Boolean> changes, ActorRef<Done> written) implements Command {}

    /** The store finished a {@link Write}. */
    private enum Written implements Command {
        INSTANCE
    }

    /** Gathers changes while a write is in flight. Runs in the index's actor: no locking. */
    private static final class Batcher {
        private final ActorRef<Command> store;
        private final ActorRef<Done> written;
        private Map<String, Boolean> pending = new LinkedHashMap<>();
        private final List<GetOpen> waiting = new ArrayList<>();
        private List<ActorRef<Done>> pendingRegistrations = new ArrayList<>();
        private List<ActorRef<Done>> writingRegistrations = new ArrayList<>();
        private boolean writing;

        Batcher(ActorRef<Command> store, ActorRef<Done> written) {
            this.store = store;
            this.written = written;
        }

        Behavior<Command> behavior() {
            return Behaviors.receive(Command.class)
                    .onMessage(Opened.class, c -> change(c.id(), true))
                    .onMessage(Closed.class, c -> change(c.id(), false))
                    .onMessage(Register.class, this::onRegister)
                    .onMessage(GetOpen.class, this::onGetOpen)
                    .onMessage(Written.class, w -> onWritten())
                    .build();
        }

        private Behavior<Command> change(TransferId id, boolean open) {
            pending.put(id.asString(), open); // the latest word on a transfer wins
            flush();
            return Behaviors.same();
        }

        private Behavior<Command> onRegister(Register c) {
            pendingRegistrations.add(c.written());
            return change(c.id(), true);
        }

        private Behavior<Command> onGetOpen(GetOpen c) {
            if (writing || !pending.isEmpty()) {
                waiting.add(c);
            } else {
                store.tell(c);
            }
            return Behaviors.same();
        }

        private Behavior<Command> onWritten() {
            writing = false;
            writingRegistrations.forEach(r -> r.tell(Done.getInstance()));
            writingRegistrations = new ArrayList<>();
            flush();
            if (!writing) {
                waiting.forEach(store::tell);
                waiting.clear();
            }
            return Behaviors.same();
        }

        private void flush() {
            if (!writing && !pending.isEmpty()) {
                store.tell(new Write(pending, written));
                pending = new LinkedHashMap<>();
                writingRegistrations = pendingRegistrations;
                pendingRegistrations = new ArrayList<>();
                writing = true;
            }
        }
    }

    private TransferIndex() {
        super(PERSISTENCE_ID);
    }

    @Override
    public State emptyState() {
        return new State(Set.of());
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder()
                .forAnyState()
                .onCommand(Write.class, this::onWrite)
                .onCommand(GetOpen.class, (state, c) -> Effect().none().thenRun(s -> c.replyTo()
                        .tell(new OpenTransfers(
                                s.open().stream().map(TransferId::parse).collect(Collectors.toSet())))))
                .build();
    }

    private Effect<Event, State> onWrite(State state, Write w) {
        List<String> opened = new ArrayList<>();
        List<String> closed = new ArrayList<>();
        w.changes().forEach((id, open) -> {
            if (open && !state.open().contains(id)) {
                opened.add(id);
            } else if (!open && state.open().contains(id)) {
                closed.add(id);
            }
        });
        if (opened.isEmpty() && closed.isEmpty()) {
            return Effect().none().thenRun(s -> w.written().tell(Done.getInstance()));
        }
        return Effect().persist(new IndexChanged(opened, closed)).thenRun(s -> w.written()
                .tell(Done.getInstance()));
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder()
                .forAnyState()
                .onEvent(IndexChanged.class, (state, e) -> state.changed(e.opened(), e.closed()))
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(1000, 2);
    }
}
