/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.chain;

import io.xrelay.adapter.ChainId;
import io.xrelay.relay.CborSerializable;
import io.xrelay.relay.config.ChainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The registered chains, event-sourced (persistence id {@code ChainRegistry}). At boot the relay
 * {@linkplain SyncWithFile syncs} it with the configuration file: a chain of the file that is not registered gets
 * {@link ChainRegistered}, a registered chain whose entry changed gets {@link ChainUpdated}; a registered chain the
 * file no longer lists stays registered (retiring a chain is an explicit {@link Deregister}). The stored entry is the
 * chain's HOCON without its secrets ({@link ChainConfig#redactedHocon()}): the journal never holds a key.
 */
public final class ChainRegistry
        extends EventSourcedBehaviorWithEnforcedReplies<
                ChainRegistry.Command, ChainRegistry.Event, ChainRegistry.State> {
    /** The registry's persistence id. */
    public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("ChainRegistry");

    /** What the registry understands. */
    public sealed interface Command {}

    /** Register or update the chains of the configuration file; replies with every registered chain. */
    public record SyncWithFile(List<ChainConfig> chains, ActorRef<Registered> replyTo) implements Command {
        public SyncWithFile {
            chains = List.copyOf(chains);
        }
    }

    /** Asks for every registered chain. */
    public record GetRegistered(ActorRef<Registered> replyTo) implements Command {}

    /** Retire a chain (idempotent); replies with every registered chain. */
    public record Deregister(ChainId chain, ActorRef<Registered> replyTo) implements Command {}

    /** A registered chain: its adapter type and its entry without secrets. */
    public record Entry(ChainId chain, String type, String configHocon) {}

    /** The registered chains, sorted by id. */
    public record Registered(List<Entry> chains) {
        public Registered {
            chains = List.copyOf(chains);
        }
    }

    /** The registry's persisted events. */
    public sealed interface Event extends CborSerializable {}

    /** A chain was registered. */
    public record ChainRegistered(String chainId, String type, String configHocon) implements Event {}

    /** A registered chain's entry changed. */
    public record ChainUpdated(String chainId, String type, String configHocon) implements Event {}

    /** A chain was retired. */
    public record ChainDeregistered(String chainId) implements Event {}

    /** The registered chains' type and entry, by chain id. */
    public record State(Map<String, StoredChain> chains) implements CborSerializable {
        public State {
            chains = Map.copyOf(chains);
        }

        State with(String id, StoredChain chain) {
            Map<String, StoredChain> next = new TreeMap<>(chains);
            next.put(id, chain);
            return new State(next);
        }

        State without(String id) {
            Map<String, StoredChain> next = new TreeMap<>(chains);
            next.remove(id);
            return new State(next);
        }

        Registered registered() {
            return new Registered(new TreeMap<>(chains)
                    .entrySet().stream()
                            .map(e -> new Entry(
                                    ChainId.of(e.getKey()),
                                    e.getValue().type(),
                                    e.getValue().configHocon()))
                            .toList());
        }
    }

    /** A registered chain as stored. */
    public record StoredChain(String type, String configHocon) implements CborSerializable {}

    private final ActorContext<Command> ctx;

    public static Behavior<Command> create() {
        return Behaviors.setup(ChainRegistry::new);
    }

    private ChainRegistry(ActorContext<Command> ctx) {
        super(PERSISTENCE_ID);
        this.ctx = ctx;
    }

    @Override
    public State emptyState() {
        return new State(Map.of());
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder()
                .forAnyState()
                .onCommand(SyncWithFile.class, this::onSync)
                .onCommand(GetRegistered.class, (state, c) -> Effect().reply(c.replyTo(), state.registered()))
                .onCommand(
                        Deregister.class,
                        (state, c) -> state.chains().containsKey(c.chain().value())
                                ? Effect()
                                        .persist(new ChainDeregistered(c.chain().value()))
                                        .thenReply(c.replyTo(), State::registered)
                                : Effect().reply(c.replyTo(), state.registered()))
                .build();
    }

    private ReplyEffect<Event, State> onSync(State state, SyncWithFile sync) {
        List<Event> events = new ArrayList<>();
        for (ChainConfig chain : sync.chains()) {
            String id = chain.id().value();
            String hocon = chain.redactedHocon();
            StoredChain stored = state.chains().get(id);
            if (stored == null) {
                events.add(new ChainRegistered(id, chain.type(), hocon));
            } else if (!stored.type().equals(chain.type())
                    || !stored.configHocon().equals(hocon)) {
                events.add(new ChainUpdated(id, chain.type(), hocon));
            }
        }
        for (Event e : events) {
            switch (e) {
                case ChainRegistered r -> ctx.getLog().info("chain {} registered (type {})", r.chainId(), r.type());
                case ChainUpdated u -> ctx.getLog().info("chain {}: configuration updated", u.chainId());
                case ChainDeregistered d -> ctx.getLog().info("chain {} deregistered", d.chainId());
            }
        }
        return Effect().persist(events).thenReply(sync.replyTo(), State::registered);
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder()
                .forAnyState()
                .onEvent(
                        ChainRegistered.class,
                        (s, e) -> s.with(e.chainId(), new StoredChain(e.type(), e.configHocon())))
                .onEvent(ChainUpdated.class, (s, e) -> s.with(e.chainId(), new StoredChain(e.type(), e.configHocon())))
                .onEvent(ChainDeregistered.class, (s, e) -> s.without(e.chainId()))
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(100, 2);
    }
}
