/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.chain;

import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.Checkpoint;
import io.xrelay.adapter.VerificationFailedException;
import io.xrelay.relay.CborSerializable;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Follows one chain's verified final events and persists how far they were handled: the checkpoint
 * (persistence id {@code Chain|<chainId>}, event {@link CheckpointAdvanced}, a snapshot every 100 events, two kept).
 * A child of the chain's {@link ChainActor}, the adapter's only owner: each pull goes through it, and it answers once
 * every final event of the batch has been routed and acknowledged, so a checkpoint is persisted only after the events
 * before it were taken. After a crash the follower resumes from the persisted checkpoint (or the adapter's trust
 * anchor, when none is persisted or the anchor is newer): an event is never lost, and repeated only when the relay
 * stopped between an acknowledgement and the checkpoint (entities ignore repeats).
 *
 * <p>Pulls start at {@link Start} and repeat every poll interval, at once when the last batch was full or the
 * chain's final block is further on. A failed pull is retried with backoff (doubling from the poll interval up to
 * 30s): a chain that cannot be reached is a WARN, data that fails verification an ERROR; no block is ever skipped.
 */
final class HeadFollower
        extends EventSourcedBehavior<HeadFollower.Command, HeadFollower.CheckpointAdvanced, HeadFollower.State> {
    /** What the follower understands. */
    sealed interface Command {}

    /** Start pulling (idempotent). */
    enum Start implements Command {
        INSTANCE
    }

    /** The batch after the current checkpoint was routed and acknowledged up to {@code checkpoint}. */
    record Pulled(Checkpoint checkpoint, boolean more) implements Command {}

    /** The pull failed. */
    record PullFailed(Throwable cause) implements Command {}

    private enum Tick implements Command {
        INSTANCE
    }

    /** The persisted event: final events up to block {@code number} were handled. */
    record CheckpointAdvanced(long number, String hashHex) implements CborSerializable {}

    /** The persisted state: the last handled block, or none (then the trust anchor). */
    record State(long number, String hashHex, boolean persisted) implements CborSerializable {}

    /** The longest pause between pulls after failures. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final ChainId chain;
    private final ActorRef<ChainActor.Command> chainActor;
    private final Checkpoint trustAnchor;
    private final Duration pollInterval;
    private final int maxEvents;
    private boolean started;
    private boolean pulling;
    private int failures;

    /** The persistence id of {@code chain}'s follower. */
    static PersistenceId persistenceId(ChainId chain) {
        return PersistenceId.of("Chain", chain.value(), "|");
    }

    static Behavior<Command> create(
            ChainId chain,
            ActorRef<ChainActor.Command> chainActor,
            Checkpoint trustAnchor,
            Duration pollInterval,
            int maxEvents) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(
                timers -> new HeadFollower(ctx, timers, chain, chainActor, trustAnchor, pollInterval, maxEvents)));
    }

    private HeadFollower(
            ActorContext<Command> ctx,
            TimerScheduler<Command> timers,
            ChainId chain,
            ActorRef<ChainActor.Command> chainActor,
            Checkpoint trustAnchor,
            Duration pollInterval,
            int maxEvents) {
        super(persistenceId(chain));
        this.ctx = ctx;
        this.timers = timers;
        this.chain = chain;
        this.chainActor = chainActor;
        this.trustAnchor = trustAnchor;
        this.pollInterval = pollInterval;
        this.maxEvents = maxEvents;
    }

    @Override
    public State emptyState() {
        return new State(
                trustAnchor.block().number(), trustAnchor.block().hash().toHex(), false);
    }

    @Override
    public CommandHandler<Command, CheckpointAdvanced, State> commandHandler() {
        return newCommandHandlerBuilder()
                .forAnyState()
                .onCommand(Start.class, this::onStart)
                .onCommand(Tick.class, this::onTick)
                .onCommand(Pulled.class, this::onPulled)
                .onCommand(PullFailed.class, this::onPullFailed)
                .build();
    }

    @Override
    public EventHandler<State, CheckpointAdvanced> eventHandler() {
        return newEventHandlerBuilder()
                .forAnyState()
                .onEvent(CheckpointAdvanced.class, (state, e) -> new State(e.number(), e.hashHex(), true))
                .build();
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> {
                    Checkpoint from = resumeFrom(state);
                    ctx.getLog()
                            .info(
                                    "chain {}: checkpoint {} ({})",
                                    chain,
                                    from.block(),
                                    state.persisted() ? "persisted" : "the trust anchor");
                })
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(100, 2);
    }

    /** The persisted checkpoint, unless the trust anchor is newer (the operator moved it on). */
    private Checkpoint resumeFrom(State state) {
        if (!state.persisted() || state.number() < trustAnchor.block().number()) {
            return trustAnchor;
        }
        return new Checkpoint(chain, new BlockRef(state.number(), Bytes.fromHex(state.hashHex())));
    }

    private org.apache.pekko.persistence.typed.javadsl.Effect<CheckpointAdvanced, State> onStart(
            State state, Start start) {
        if (!started) {
            started = true;
            pull(state);
        }
        return Effect().none();
    }

    private org.apache.pekko.persistence.typed.javadsl.Effect<CheckpointAdvanced, State> onTick(
            State state, Tick tick) {
        pull(state);
        return Effect().none();
    }

    private void pull(State state) {
        if (!pulling) {
            pulling = true;
            chainActor.tell(new ChainActor.Pull(resumeFrom(state), maxEvents, ctx.getSelf()));
        }
    }

    private org.apache.pekko.persistence.typed.javadsl.Effect<CheckpointAdvanced, State> onPulled(
            State state, Pulled pulled) {
        pulling = false;
        failures = 0;
        Checkpoint current = resumeFrom(state);
        BlockRef next = pulled.checkpoint().block();
        Runnable schedule = () -> {
            if (pulled.more()) {
                ctx.getSelf().tell(Tick.INSTANCE);
            } else {
                timers.startSingleTimer(Tick.INSTANCE, pollInterval);
            }
        };
        if (next.equals(current.block())) {
            schedule.run();
            return Effect().none();
        }
        if (next.number() < current.block().number()) {
            ctx.getLog()
                    .error(
                            "chain {}: the adapter returned checkpoint {} below {}; keeping the latter",
                            chain,
                            next,
                            current.block());
            schedule.run();
            return Effect().none();
        }
        ctx.getLog().debug("chain {}: checkpoint {}", chain, next);
        return Effect()
                .persist(new CheckpointAdvanced(next.number(), next.hash().toHex()))
                .thenRun(s -> schedule.run());
    }

    private org.apache.pekko.persistence.typed.javadsl.Effect<CheckpointAdvanced, State> onPullFailed(
            State state, PullFailed failed) {
        pulling = false;
        failures++;
        Duration pause = backoff(pollInterval, failures);
        if (failed.cause() instanceof VerificationFailedException v) {
            ctx.getLog()
                    .error(
                            "chain {}: events after {} failed verification ({}), trying again in {}: {}",
                            chain,
                            resumeFrom(state).block(),
                            failures,
                            pause,
                            v.getMessage());
        } else {
            ctx.getLog()
                    .warn(
                            "chain {}: events after {} unavailable ({}), trying again in {}: {}",
                            chain,
                            resumeFrom(state).block(),
                            failures,
                            pause,
                            failed.cause().toString());
        }
        timers.startSingleTimer(Tick.INSTANCE, pause);
        return Effect().none();
    }

    /** {@code base * 2^(failures-1)}, at most {@link #MAX_BACKOFF}. */
    static Duration backoff(Duration base, int failures) {
        Duration pause = base;
        for (int i = 1; i < failures && pause.compareTo(MAX_BACKOFF) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause;
    }
}
