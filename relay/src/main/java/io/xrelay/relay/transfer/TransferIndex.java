/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import io.xrelay.relay.CborSerializable;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The set of transfers that are not final, so that the relay restarts each of them at boot. Event-sourced (persistence
 * id {@code TransferIndex}), a snapshot every 1000 events. Entities tell it {@link Opened} once their first event is
 * persisted (and again on every recovery) and {@link Closed} once they are final; both are idempotent.
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

    /** A transfer started. */
    public record TransferOpened(String transferId) implements Event {}

    /** A transfer reached a final state. */
    public record TransferClosed(String transferId) implements Event {}

    /** The open transfers in their string form. */
    public record State(Set<String> open) implements CborSerializable {
        public State {
            open = Set.copyOf(open);
        }

        State with(String id) {
            Set<String> next = new TreeSet<>(open);
            next.add(id);
            return new State(next);
        }

        State without(String id) {
            Set<String> next = new TreeSet<>(open);
            next.remove(id);
            return new State(next);
        }
    }

    public static Behavior<Command> create() {
        return Behaviors.setup(ctx -> new TransferIndex());
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
                .onCommand(
                        Opened.class,
                        (state, c) -> state.open().contains(c.id().asString())
                                ? Effect().none()
                                : Effect().persist(new TransferOpened(c.id().asString())))
                .onCommand(
                        Closed.class,
                        (state, c) -> state.open().contains(c.id().asString())
                                ? Effect().persist(new TransferClosed(c.id().asString()))
                                : Effect().none())
                .onCommand(GetOpen.class, (state, c) -> Effect().none().thenRun(s -> c.replyTo()
                        .tell(new OpenTransfers(
                                s.open().stream().map(TransferId::parse).collect(Collectors.toSet())))))
                .build();
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder()
                .forAnyState()
                .onEvent(TransferOpened.class, (state, e) -> state.with(e.transferId()))
                .onEvent(TransferClosed.class, (state, e) -> state.without(e.transferId()))
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(1000, 2);
    }
}
