/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import io.xrelay.adapter.ChainId;
import io.xrelay.relay.CborSerializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
import org.jspecify.annotations.Nullable;

/**
 * The set of transfers that are not final, with each one's destination chain, so that the relay restarts each of
 * them at boot and knows how many open transfers touch a chain (from it or to it). Event-sourced (persistence
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

    /** Transfer {@code id} to {@code destination} has started (idempotent). */
    public record Opened(TransferId id, ChainId destination) implements Command {}

    /** Transfer {@code id} is final (idempotent). */
    public record Closed(TransferId id) implements Command {}

    /**
     * Transfer {@code id} is about to start: {@code written} hears {@link Done} once that is persisted. The relay
     * registers a new source lock this way before its entity persists anything, so that a crash between the two
     * never leaves a started transfer out of the index.
     */
    public record Register(TransferId id, ChainId destination, ActorRef<Done> written) implements Command {}

    /** Asks for the open transfers. */
    public record GetOpen(ActorRef<OpenTransfers> replyTo) implements Command {}

    /**
     * The reply to {@link GetOpen}.
     *
     * @param ids the open transfers
     * @param destinations the destination chain of each open transfer whose destination is known (transfers opened
     *     before destinations were recorded lack it until they recover)
     */
    public record OpenTransfers(Set<TransferId> ids, Map<TransferId, ChainId> destinations) {
        public OpenTransfers {
            ids = Set.copyOf(ids);
            destinations = Map.copyOf(destinations);
        }

        /** How many open transfers start or end on {@code chain}. */
        public int touching(ChainId chain) {
            int n = 0;
            for (TransferId id : ids) {
                if (id.source().equals(chain) || chain.equals(destinations.get(id))) {
                    n++;
                }
            }
            return n;
        }
    }

    /** The index's persisted events; the transfer in its string form. */
    public sealed interface Event extends CborSerializable {}

    /**
     * Transfers started and finished since the last write, written as one event, with the destination chain of
     * started ones (absent from events written before destinations were recorded).
     */
    public record IndexChanged(List<String> opened, List<String> closed, @Nullable Map<String, String> destinations)
            implements Event {
        public IndexChanged {
            opened = List.copyOf(opened);
            closed = List.copyOf(closed);
            destinations = destinations == null ? Map.of() : Map.copyOf(destinations);
        }
    }

    /** The open transfers in their string form, and the destination chain of each where known. */
    public record State(Set<String> open, @Nullable Map<String, String> destinations) implements CborSerializable {
        public State {
            open = Set.copyOf(open);
            destinations = destinations == null ? Map.of() : Map.copyOf(destinations);
        }

        State changed(List<String> opened, List<String> closed, @Nullable Map<String, String> dest) {
            Set<String> next = new TreeSet<>(open);
            next.addAll(opened);
            closed.forEach(next::remove);
            Map<String, String> nextDest = new TreeMap<>(destinations == null ? Map.of() : destinations);
            if (dest != null) {
                nextDest.putAll(dest);
            }
            nextDest.keySet().retainAll(next);
            return new State(next, nextDest);
        }

        OpenTransfers view() {
            Map<TransferId, ChainId> d = new HashMap<>();
            Map<String, String> known = destinations == null ? Map.of() : destinations;
            known.forEach((id, chain) -> d.put(TransferId.parse(id), ChainId.of(chain)));
            return new OpenTransfers(open.stream().map(TransferId::parse).collect(Collectors.toSet()), d);
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

    /**
     * Persist these changes as one event, then tell {@code written}; transfer id string -> its destination chain if
     * open, {@link #CLOSED} if closed.
     */
    private record Write(Map<String, String> changes, ActorRef<Done> written) implements Command {}

    /** The value of a closed transfer in {@link Write#changes()}. */
    private static final String CLOSED = "";

    /** The store finished a {@link Write}. */
    private enum Written implements Command {
        INSTANCE
    }

    /** Gathers changes while a write is in flight. Runs in the index's actor: no locking. */
    private static final class Batcher {
        private final ActorRef<Command> store;
        private final ActorRef<Done> written;
        private Map<String, String> pending = new LinkedHashMap<>();
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
                    .onMessage(Opened.class, c -> change(c.id(), c.destination().value()))
                    .onMessage(Closed.class, c -> change(c.id(), CLOSED))
                    .onMessage(Register.class, this::onRegister)
                    .onMessage(GetOpen.class, this::onGetOpen)
                    .onMessage(Written.class, w -> onWritten())
                    .build();
        }

        private Behavior<Command> change(TransferId id, String destinationOrClosed) {
            pending.put(id.asString(), destinationOrClosed); // the latest word on a transfer wins
            flush();
            return Behaviors.same();
        }

        private Behavior<Command> onRegister(Register c) {
            pendingRegistrations.add(c.written());
            return change(c.id(), c.destination().value());
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
        return new State(Set.of(), Map.of());
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder()
                .forAnyState()
                .onCommand(Write.class, this::onWrite)
                .onCommand(GetOpen.class, (state, c) -> Effect().none().thenRun(s -> c.replyTo()
                        .tell(s.view())))
                .build();
    }

    private Effect<Event, State> onWrite(State state, Write w) {
        List<String> opened = new ArrayList<>();
        List<String> closed = new ArrayList<>();
        Map<String, String> destinations = new TreeMap<>();
        Map<String, String> known = state.destinations() == null ? Map.of() : state.destinations();
        w.changes().forEach((id, destination) -> {
            boolean open = !destination.equals(CLOSED);
            if (open && !state.open().contains(id)) {
                opened.add(id);
                destinations.put(id, destination);
            } else if (open && !destination.equals(known.get(id))) {
                destinations.put(id, destination); // opened before destinations were recorded
            } else if (!open && state.open().contains(id)) {
                closed.add(id);
            }
        });
        if (opened.isEmpty() && closed.isEmpty() && destinations.isEmpty()) {
            return Effect().none().thenRun(s -> w.written().tell(Done.getInstance()));
        }
        return Effect().persist(new IndexChanged(opened, closed, destinations)).thenRun(s -> w.written()
                .tell(Done.getInstance()));
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder()
                .forAnyState()
                .onEvent(IndexChanged.class, (state, e) -> state.changed(e.opened(), e.closed(), e.destinations()))
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(1000, 2);
    }
}
