/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.chain;

import io.xrelay.adapter.ChainId;
import io.xrelay.relay.CborSerializable;
import io.xrelay.relay.config.ChainConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.jspecify.annotations.Nullable;

/**
 * The registered chains, event-sourced (persistence id {@code ChainRegistry}). At boot the relay
 * {@linkplain SyncWithFile syncs} it with the configuration file: a chain of the file that is not registered gets
 * {@link ChainRegistered}, a registered chain whose entry changed gets {@link ChainUpdated}; a registered chain the
 * file no longer lists stays registered (retiring a chain is an explicit {@link Deregister}). While the relay runs,
 * chain admins {@link Register} chains (source {@code api}, with the registration they sent), {@link Pause} and
 * {@link Resume} them. The stored entry is the chain's HOCON without its secrets ({@link ChainConfig#redactedHocon()}):
 * the journal never holds a key; a chain registered at runtime names its secrets by reference only (an environment
 * variable or a file). Chains are listed in registration order.
 */
public final class ChainRegistry
        extends EventSourcedBehaviorWithEnforcedReplies<
                ChainRegistry.Command, ChainRegistry.Event, ChainRegistry.State> {
    /** The registry's persistence id. */
    public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("ChainRegistry");

    /** {@link Entry#source()} of a chain of the configuration file. */
    public static final String SOURCE_FILE = "file";

    /** {@link Entry#source()} of a chain registered through the admin API. */
    public static final String SOURCE_API = "api";

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

    /**
     * Register a chain at runtime (source {@code api}); an error reply if the id is registered already.
     *
     * @param configHocon the chain's entry, secrets by reference only
     * @param registration the registration as the admin sent it (secrets by reference only), base64
     */
    public record Register(
            ChainId chain,
            String type,
            String configHocon,
            String registration,
            Instant at,
            ActorRef<StatusReply<Entry>> replyTo)
            implements Command {}

    /** Pause a registered chain (idempotent); an error reply if it is not registered. */
    public record Pause(ChainId chain, String reason, ActorRef<StatusReply<Entry>> replyTo) implements Command {}

    /** Resume a registered chain (idempotent); an error reply if it is not registered. */
    public record Resume(ChainId chain, ActorRef<StatusReply<Entry>> replyTo) implements Command {}

    /**
     * A registered chain.
     *
     * @param chain the chain's id
     * @param type its adapter type
     * @param configHocon its entry without secret values
     * @param source {@link #SOURCE_FILE} or {@link #SOURCE_API}
     * @param registeredAt when it was registered (the epoch for chains registered before this was recorded)
     * @param registration the admin's registration (base64 of its protobuf bytes) of an {@code api} chain, else empty
     * @param paused whether new transfers from or to it are refused
     * @param pauseReason why it was paused (empty if it is not)
     */
    public record Entry(
            ChainId chain,
            String type,
            String configHocon,
            String source,
            Instant registeredAt,
            Optional<String> registration,
            boolean paused,
            String pauseReason) {
        /** A chain of the file registered at the epoch, not paused. */
        public Entry(ChainId chain, String type, String configHocon) {
            this(chain, type, configHocon, SOURCE_FILE, Instant.EPOCH, Optional.empty(), false, "");
        }
    }

    /** The registered chains, in registration order. */
    public record Registered(List<Entry> chains) {
        public Registered {
            chains = List.copyOf(chains);
        }

        /** The chain {@code id}, if registered. */
        public Optional<Entry> chain(ChainId id) {
            return chains.stream().filter(e -> e.chain().equals(id)).findFirst();
        }
    }

    /** The registry's persisted events. */
    public sealed interface Event extends CborSerializable {}

    /**
     * A chain was registered. Events written before runtime registration existed have only the first three fields
     * (then: source file, time unknown).
     */
    public record ChainRegistered(
            String chainId,
            String type,
            String configHocon,
            @Nullable String source,
            long registeredAtMillis,
            @Nullable String registration)
            implements Event {
        /** A chain of the file, registered now. */
        public ChainRegistered(String chainId, String type, String configHocon) {
            this(chainId, type, configHocon, SOURCE_FILE, System.currentTimeMillis(), null);
        }
    }

    /** A registered chain's entry changed (the file's entry replaces what was registered). */
    public record ChainUpdated(String chainId, String type, String configHocon) implements Event {}

    /** A chain was retired. */
    public record ChainDeregistered(String chainId) implements Event {}

    /** A chain was paused. */
    public record ChainPaused(String chainId, @Nullable String reason, long atMillis) implements Event {}

    /** A paused chain was resumed. */
    public record ChainResumed(String chainId, long atMillis) implements Event {}

    /** The registered chains by chain id, each with its place in registration order. */
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

        State update(String id, java.util.function.UnaryOperator<StoredChain> change) {
            StoredChain stored = chains.get(id);
            return stored == null ? this : with(id, change.apply(stored));
        }

        long nextOrder() {
            return chains.values().stream().mapToLong(StoredChain::order).max().orElse(0) + 1;
        }

        Registered registered() {
            return new Registered(chains.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<String, StoredChain>>comparingLong(
                                    e -> e.getValue().order())
                            .thenComparing(Map.Entry::getKey))
                    .map(e -> e.getValue().entry(e.getKey()))
                    .toList());
        }

        Optional<Entry> entry(ChainId id) {
            StoredChain stored = chains.get(id.value());
            return stored == null ? Optional.empty() : Optional.of(stored.entry(id.value()));
        }
    }

    /**
     * A registered chain as stored; fields missing from older snapshots read as null or 0.
     *
     * @param order its place in registration order
     */
    public record StoredChain(
            String type,
            String configHocon,
            long order,
            @Nullable String source,
            long registeredAtMillis,
            @Nullable String registration,
            boolean paused,
            @Nullable String pauseReason)
            implements CborSerializable {
        Entry entry(String id) {
            return new Entry(
                    ChainId.of(id),
                    type,
                    configHocon,
                    source == null ? SOURCE_FILE : source,
                    Instant.ofEpochMilli(registeredAtMillis),
                    Optional.ofNullable(registration),
                    paused,
                    pauseReason == null ? "" : pauseReason);
        }

        StoredChain withConfig(String newType, String newHocon) {
            return new StoredChain(
                    newType, newHocon, order, SOURCE_FILE, registeredAtMillis, null, paused, pauseReason);
        }

        StoredChain withPause(boolean nowPaused, @Nullable String reason) {
            return new StoredChain(
                    type, configHocon, order, source, registeredAtMillis, registration, nowPaused, reason);
        }
    }

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
                .onCommand(Deregister.class, this::onDeregister)
                .onCommand(Register.class, this::onRegister)
                .onCommand(Pause.class, this::onPause)
                .onCommand(Resume.class, this::onResume)
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
            log(e);
        }
        return Effect().persist(events).thenReply(sync.replyTo(), State::registered);
    }

    private ReplyEffect<Event, State> onDeregister(State state, Deregister c) {
        if (!state.chains().containsKey(c.chain().value())) {
            return Effect().reply(c.replyTo(), state.registered());
        }
        Event e = new ChainDeregistered(c.chain().value());
        log(e);
        return Effect().persist(e).thenReply(c.replyTo(), State::registered);
    }

    private ReplyEffect<Event, State> onRegister(State state, Register c) {
        String id = c.chain().value();
        if (state.chains().containsKey(id)) {
            return Effect()
                    .reply(
                            c.replyTo(),
                            StatusReply.error("chain " + id + " is registered already; deregister it first"));
        }
        Event e =
                new ChainRegistered(id, c.type(), c.configHocon(), SOURCE_API, c.at().toEpochMilli(), c.registration());
        log(e);
        return Effect()
                .persist(e)
                .thenReply(
                        c.replyTo(), s -> StatusReply.success(s.entry(c.chain()).orElseThrow()));
    }

    private ReplyEffect<Event, State> onPause(State state, Pause c) {
        Optional<Entry> entry = state.entry(c.chain());
        if (entry.isEmpty()) {
            return Effect().reply(c.replyTo(), notRegistered(c.chain()));
        }
        if (entry.get().paused()) {
            return Effect().reply(c.replyTo(), StatusReply.success(entry.get()));
        }
        Event e = new ChainPaused(c.chain().value(), c.reason(), System.currentTimeMillis());
        log(e);
        return Effect()
                .persist(e)
                .thenReply(
                        c.replyTo(), s -> StatusReply.success(s.entry(c.chain()).orElseThrow()));
    }

    private ReplyEffect<Event, State> onResume(State state, Resume c) {
        Optional<Entry> entry = state.entry(c.chain());
        if (entry.isEmpty()) {
            return Effect().reply(c.replyTo(), notRegistered(c.chain()));
        }
        if (!entry.get().paused()) {
            return Effect().reply(c.replyTo(), StatusReply.success(entry.get()));
        }
        Event e = new ChainResumed(c.chain().value(), System.currentTimeMillis());
        log(e);
        return Effect()
                .persist(e)
                .thenReply(
                        c.replyTo(), s -> StatusReply.success(s.entry(c.chain()).orElseThrow()));
    }

    private static StatusReply<Entry> notRegistered(ChainId chain) {
        return StatusReply.error("chain " + chain + " is not registered");
    }

    private void log(Event e) {
        switch (e) {
            case ChainRegistered r ->
                ctx.getLog().info("chain {} registered (type {}, source {})", r.chainId(), r.type(), r.source());
            case ChainUpdated u -> ctx.getLog().info("chain {}: configuration updated", u.chainId());
            case ChainDeregistered d -> ctx.getLog().info("chain {} deregistered", d.chainId());
            case ChainPaused p -> ctx.getLog().info("chain {} paused: {}", p.chainId(), p.reason());
            case ChainResumed r -> ctx.getLog().info("chain {} resumed", r.chainId());
        }
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder()
                .forAnyState()
                .onEvent(
                        ChainRegistered.class,
                        (s, e) -> s.with(
                                e.chainId(),
                                new StoredChain(
                                        e.type(),
                                        e.configHocon(),
                                        s.nextOrder(),
                                        e.source() == null ? SOURCE_FILE : e.source(),
                                        e.registeredAtMillis(),
                                        e.registration(),
                                        false,
                                        null)))
                .onEvent(
                        ChainUpdated.class,
                        (s, e) -> s.chains().containsKey(e.chainId())
                                ? s.update(e.chainId(), c -> c.withConfig(e.type(), e.configHocon()))
                                : s.with(
                                        e.chainId(),
                                        new StoredChain(
                                                e.type(),
                                                e.configHocon(),
                                                s.nextOrder(),
                                                SOURCE_FILE,
                                                0,
                                                null,
                                                false,
                                                null)))
                .onEvent(ChainDeregistered.class, (s, e) -> s.without(e.chainId()))
                .onEvent(ChainPaused.class, (s, e) -> s.update(e.chainId(), c -> c.withPause(true, e.reason())))
                .onEvent(ChainResumed.class, (s, e) -> s.update(e.chainId(), c -> c.withPause(false, null)))
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(100, 2);
    }
}
