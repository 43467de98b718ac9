/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import io.xrelay.relay.CborSerializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The idempotency keys of transfer announcements: key -> (transfer, digest of the request), event-sourced
 * (persistence id {@code IdempotencyKeys}, a snapshot every 1000 events). One actor decides every key, so two
 * requests racing with one key get one answer: the first claims it, the second is {@link Outcome#SAME} or
 * {@link Outcome#CONFLICT}.
 */
public final class IdempotencyKeys
        extends EventSourcedBehaviorWithEnforcedReplies<
                IdempotencyKeys.Command, IdempotencyKeys.Event, IdempotencyKeys.State> {
    /** The actor's persistence id. */
    public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("IdempotencyKeys");

    /** What the keys understand. */
    public sealed interface Command extends CborSerializable {}

    /**
     * Claims {@code key} for a request with digest {@code requestDigest} that announces {@code transferId}: answered
     * {@link Outcome#NEW} once persisted, {@link Outcome#SAME} if the key was claimed by the same request, or
     * {@link Outcome#CONFLICT} (with the transfer of the first request) if another request claimed it.
     */
    public record Claim(String key, String transferId, String requestDigest, ActorRef<Claimed> replyTo)
            implements Command {}

    /** What a key is bound to, if it is: {@link Lookup#replyTo()} hears it; nothing is written. */
    public record Lookup(String key, ActorRef<Optional<Binding>> replyTo) implements Command {}

    /** How a {@link Claim} went. */
    public enum Outcome {
        /** The key was free and is now bound to the request. */
        NEW,
        /** The key is bound to the same request. */
        SAME,
        /** The key is bound to another request. */
        CONFLICT
    }

    /** The answer to a {@link Claim}: the outcome and the transfer the key is bound to. */
    public record Claimed(Outcome outcome, String transferId) {}

    /** A key's binding: the transfer and the digest of the request that claimed it. */
    public record Binding(String transferId, String requestDigest) implements CborSerializable {}

    /** The persisted events. */
    public sealed interface Event extends CborSerializable {}

    /** {@code key} was bound. */
    public record KeyBound(String key, Binding binding) implements Event {}

    /** Every bound key. */
    public record State(Map<String, Binding> keys) implements CborSerializable {
        public State {
            keys = Map.copyOf(keys);
        }

        State bound(String key, Binding binding) {
            Map<String, Binding> next = new HashMap<>(keys);
            next.put(key, binding);
            return new State(next);
        }
    }

    private IdempotencyKeys() {
        super(PERSISTENCE_ID);
    }

    /** The keys' actor. */
    public static Behavior<Command> create() {
        return new IdempotencyKeys();
    }

    @Override
    public State emptyState() {
        return new State(Map.of());
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder()
                .forAnyState()
                .onCommand(Claim.class, this::onClaim)
                .onCommand(Lookup.class, (state, c) -> Effect()
                        .reply(c.replyTo(), Optional.ofNullable(state.keys().get(c.key()))))
                .build();
    }

    private ReplyEffect<Event, State> onClaim(State state, Claim c) {
        Binding existing = state.keys().get(c.key());
        if (existing != null) {
            Outcome outcome = existing.requestDigest().equals(c.requestDigest()) ? Outcome.SAME : Outcome.CONFLICT;
            return Effect().reply(c.replyTo(), new Claimed(outcome, existing.transferId()));
        }
        return Effect()
                .persist(new KeyBound(c.key(), new Binding(c.transferId(), c.requestDigest())))
                .thenReply(c.replyTo(), s -> new Claimed(Outcome.NEW, c.transferId()));
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder()
                .forAnyState()
                .onEvent(KeyBound.class, (state, e) -> state.bound(e.key(), e.binding()))
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(1000, 2);
    }
}
