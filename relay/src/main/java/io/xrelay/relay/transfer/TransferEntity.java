/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ClaimRequest;
import io.xrelay.adapter.HashLock;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcReason;
import io.xrelay.adapter.HtlcRecord;
import io.xrelay.adapter.HtlcStatus;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.RefundRequest;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.VerifiedHtlcEvent;
import io.xrelay.relay.CborSerializable;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.chain.ChainFacts;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * One HTLC transfer, event-sourced (persistence id {@code Transfer|<source>/<htlcId>}), driven by verified final
 * events of its two locks. The operator's accounts are the chains' signers: the source lock pays the operator, the
 * destination ("target") lock is the operator's, for the recipient.
 *
 * <pre>
 * (None) --RequestTransfer announced the terms--> Requested --source Locked seen--> (as from None)
 * Requested --T_S + tol(S) passed, no lock seen--> Expired (final)
 * (None) --source Locked seen, terms ok--> SourceLocked --inventory reserved, TargetLockIntended--> TargetLocking
 *   --destination Locked seen--> TargetLocked --destination Claimed seen (preimage)--> TargetClaimed
 *   --source Claimed seen--> Completed
 * TargetLocked --T_D + tol(D) passed, refund D--> TargetRefunding --destination Refunded seen--> TargetRefunded
 *   --T_S + tol(S) passed, refund S for the sender (or the sender refunds)--> SourceRefunded
 * (None) --source Locked seen, terms bad--> Rejected --T_S + tol(S) passed, refund S--> SourceRefunded
 * SourceLocked --no inventory--> Rejected (same path)
 * TargetLocking --lock refused (InsufficientFunds, TimelockInPast, ...)--> Rejected (same path)
 * TargetClaimed --source claim window over--> SourceClaimMissed (final; ERROR: the operator lost the amount)
 * any non-final --source Claimed seen--> Completed       any non-final --source Refunded seen--> SourceRefunded
 * </pre>
 *
 * <p>Final states: {@link Completed}, {@link SourceRefunded}, {@link SourceClaimMissed}, {@link Expired}. A final state reached while
 * the destination lock may still be open keeps {@code targetOpen}: the entity still refunds it after T_D and stays in
 * the {@link TransferIndex} until the lock is claimed or refunded.
 *
 * <p>Every chain operation is idempotent on chain (a repeated lock is refused {@code LockExists}, a repeated claim or
 * refund {@code NotLocked}), so the entity re-sends freely: after a restart or when a sent transaction's event is late
 * it first asks the node ({@link ChainActor.GetHtlc}) and re-sends only when the lock is absent (a lock) or still
 * locked (a claim or refund). The destination lock's id is persisted before the lock is sent.
 *
 * <p>A secret handed in with {@link RevealSecret} stays in memory: it is neither persisted nor logged before the
 * destination chain's verified {@code Claimed} event makes it public.
 */
public final class TransferEntity
        extends EventSourcedBehaviorWithEnforcedReplies<
                TransferEntity.Command, TransferEntity.Event, TransferEntity.State> {

    // ---------------------------------------------------------------------------------------------------------------
    // Protocol

    /** What a transfer understands. */
    public sealed interface Command extends CborSerializable {}

    /** A verified final event on either chain that concerns this transfer; reply Ack once persisted (or ignored). */
    public record ChainEventSeen(ChainId chain, VerifiedHtlcEvent event, ActorRef<Done> ack) implements Command {}

    /** The recipient's secret, handed in after TargetLocked; never persisted or logged before it is public. */
    public record RevealSecret(Preimage preimage, ActorRef<StatusReply<Done>> replyTo) implements Command {}

    /** Asks for the transfer's current view. */
    public record Get(ActorRef<TransferView> replyTo) implements Command {}

    /**
     * A dApp announces the source lock it will send: recorded as {@link Requested} if the relay has not seen the
     * lock yet; answered with the view either way (idempotent: an announcement of a transfer already announced or
     * seen records nothing).
     */
    public record Announce(Announcement announcement, ActorRef<TransferView> replyTo) implements Command {}

    /**
     * Sends {@code subscriber} the current view at once, then the view after every state change, until it stops or
     * {@link Unsubscribe}s.
     */
    public record Subscribe(ActorRef<TransferView> subscriber) implements Command {}

    /** Ends a {@link Subscribe}. */
    public record Unsubscribe(ActorRef<TransferView> subscriber) implements Command {}

    /** Time to look at deadlines and pending sends. */
    private enum Tick implements Command {
        INSTANCE
    }

    /** A reply of a chain's actor to one of our submissions. */
    private record Replied(Op op, ChainActor.SubmitReply reply) implements Command {}

    /** The outcome of an inventory reservation; {@code error} is null when it succeeded. */
    private record Reserved(boolean refused, @Nullable String error) implements Command {}

    /** The node's record of a lock, asked before a re-send; {@code error} is set when the query failed. */
    private record Checked(Op op, Optional<HtlcRecord> record, @Nullable String error) implements Command {}

    // ---------------------------------------------------------------------------------------------------------------
    // Persisted data: plain fields only, mapped to and from the SPI at this class's edge.

    /** A lock's terms in plain fields. */
    public record Terms(
            String sender,
            String receiver,
            String hashLock,
            long timeLock,
            String asset,
            BigInteger amount,
            String destinationChain,
            String destinationRecipient,
            BigInteger minDestinationAmount) {
        public static Terms of(LockTerms t) {
            return new Terms(
                    t.sender().value(),
                    t.receiver().value(),
                    t.hashLock().hash().toHex(),
                    t.timeLock().epochSecond(),
                    t.asset().id(),
                    t.amount().units(),
                    t.destinationChain().value(),
                    t.destinationRecipient().value(),
                    t.minDestinationAmount().units());
        }

        LockTerms toLockTerms() {
            return new LockTerms(
                    Account.of(sender),
                    Account.of(receiver),
                    HashLock.fromHex(hashLock),
                    new TimeLock(timeLock),
                    Asset.of(asset),
                    Amount.of(amount),
                    ChainId.of(destinationChain),
                    Account.of(destinationRecipient),
                    Amount.of(minDestinationAmount));
        }
    }

    /**
     * What a dApp announced with RequestTransfer: the source lock's terms, the destination asset and the request's
     * idempotency key.
     */
    public record Announcement(Terms terms, String destinationAsset, String idempotencyKey) {}

    /** The source lock: chain, id and terms, and when the relay saw it (epoch millis, relay clock). */
    public record Source(String chain, String lockId, Terms terms, long seenAtMillis) {}

    /** The destination lock the relay sends: its chain, id (computed before sending) and what differs from the terms. */
    public record Target(String chain, String lockId, String asset, BigInteger amount, long timeLock) {
        HtlcId htlcId() {
            return HtlcId.of(lockId);
        }

        ChainId chainId() {
            return ChainId.of(chain);
        }

        TimeLock timeLockValue() {
            return new TimeLock(timeLock);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Events (past tense)

    /** What the journal records. */
    public sealed interface Event extends CborSerializable {}

    /** A dApp announced the source lock before the relay saw it. */
    public record TransferRequested(Announcement announcement, long atMillis) implements Event {}

    /** The announced source lock was not seen before its timelock (plus the source chain's clock tolerance). */
    public record AnnouncementExpired(long atMillis) implements Event {}

    /** A verified final lock on the source chain for the operator started this transfer. */
    public record SourceLockSeen(Source source) implements Event {}

    /** The relay will not (or can no longer) lock on the destination chain; the sender's lock will be refunded. */
    public record TransferRejected(RejectionReason reason, String text, long atMillis) implements Event {}

    /** The destination lock is about to be sent; its id is recorded first. */
    public record TargetLockIntended(Target target, long atMillis) implements Event {}

    /** The destination lock's verified Locked event was seen. */
    public record TargetLockConfirmed(long atMillis) implements Event {}

    /** The destination lock was claimed: {@code preimage} (hex) is public on chain from now on. */
    public record TargetClaimSeen(String preimage, long atMillis) implements Event {}

    /** The destination lock expired unclaimed; the relay refunds it. */
    public record TargetRefundIntended(long atMillis) implements Event {}

    /** The destination lock's verified Refunded event was seen. */
    public record TargetRefundSeen(long atMillis) implements Event {}

    /** The destination lock can no longer be placed (the node has none and its timelock passed). */
    public record TargetLockNeverPlaced(long atMillis) implements Event {}

    /** The source lock's verified Claimed event was seen: the operator was paid. */
    public record SourceClaimSeen(long atMillis) implements Event {}

    /** The source lock's verified Refunded event was seen: the sender got the amount back. */
    public record SourceRefundSeen(long atMillis) implements Event {}

    /** The source lock could no longer be claimed although the destination was claimed: the operator lost it. */
    public record SourceClaimWindowClosed(long atMillis) implements Event {}

    // ---------------------------------------------------------------------------------------------------------------
    // States

    /** Where a transfer stands. */
    public sealed interface State extends CborSerializable {}

    /** Before the source lock was seen. */
    public record None() implements State {}

    /** Announced by a dApp; the source lock is not seen yet. */
    public record Requested(Announcement announcement, long sinceMillis) implements State {}

    /** Final: announced, but the source lock was not seen before its timelock. */
    public record Expired(Announcement announcement, long sinceMillis) implements State {}

    /** The source lock is accepted; inventory is being reserved on the destination chain. */
    public record SourceLocked(Source source, long sinceMillis) implements State {}

    /** The destination lock is recorded and sent, not yet seen final. */
    public record TargetLocking(Source source, Target target, long sinceMillis) implements State {}

    /** The destination lock is final on chain; the recipient can claim it. */
    public record TargetLocked(Source source, Target target, long sinceMillis) implements State {}

    /** The recipient claimed the destination lock; the relay claims the source lock with the public preimage. */
    public record TargetClaimed(Source source, Target target, String preimage, long sinceMillis) implements State {}

    /** The destination lock expired unclaimed; its refund is being sent. */
    public record TargetRefunding(Source source, Target target, long sinceMillis) implements State {}

    /** The destination lock was refunded; the source lock is refunded for the sender after T_S. */
    public record TargetRefunded(Source source, Target target, long sinceMillis) implements State {}

    /** The relay did not lock on the destination chain; the source lock is refunded for the sender after T_S. */
    public record Rejected(
            Source source, Optional<Target> target, RejectionReason reason, String text, long sinceMillis)
            implements State {}

    /** Final: the source lock was claimed, the operator was paid. */
    public record Completed(Source source, Optional<Target> target, boolean targetOpen, long sinceMillis)
            implements State {}

    /** Final: the source lock was refunded to the sender. */
    public record SourceRefunded(Source source, Optional<Target> target, boolean targetOpen, long sinceMillis)
            implements State {}

    /** Final: the destination was claimed but the source claim window passed; the operator must act. */
    public record SourceClaimMissed(Source source, Target target, long sinceMillis) implements State {}

    // ---------------------------------------------------------------------------------------------------------------
    // In-memory bookkeeping of sends (never persisted)

    /** The chain operations of a transfer. */
    private enum Op {
        RESERVE,
        LOCK_TARGET,
        CLAIM_TARGET,
        CLAIM_SOURCE,
        REFUND_TARGET,
        REFUND_SOURCE
    }

    /** Where one operation stands in this incarnation. */
    private static final class Attempt {
        /** A request awaits its first reply. */
        boolean busy;
        /** Ask the node before the next send (after a restart, or when a sent transaction's event is late). */
        boolean verifyFirst;
        /** Not before this instant. */
        Instant notBefore = Instant.MIN;
    }

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private final TransferId id;
    private final TransferContext ctx;
    private final TransferPolicy policy;
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Logger log;
    private final Map<Op, Attempt> attempts = new EnumMap<>(Op.class);
    private final List<ActorRef<StatusReply<Done>>> secretWaiters = new ArrayList<>();
    private TransferPolicy.@Nullable Accepted accepted;
    private @Nullable Preimage heldSecret;
    private @Nullable Instant nextWake;
    /** Every state change, rebuilt from the events on recovery (not persisted itself). */
    private final List<TransferView.Change> history = new ArrayList<>();
    /** The dApp's announcement, if there was one (rebuilt from the events on recovery). */
    private @Nullable Announcement announced;

    private final Set<ActorRef<TransferView>> subscribers = new LinkedHashSet<>();
    /** How many changes of {@link #history} the subscribers have been sent. */
    private int published;

    /** The entity of transfer {@code id}. */
    public static Behavior<Command> create(TransferId id, TransferContext ctx) {
        return Behaviors.withMdc(
                Command.class,
                Map.of("transferId", id.asString()),
                Behaviors.setup(
                        context -> Behaviors.withTimers(timers -> new TransferEntity(id, ctx, context, timers))));
    }

    private TransferEntity(
            TransferId id, TransferContext ctx, ActorContext<Command> context, TimerScheduler<Command> timers) {
        super(id.persistenceId());
        this.id = id;
        this.ctx = ctx;
        this.policy = ctx.policy();
        this.context = context;
        this.timers = timers;
        this.log = context.getLog();
        for (Op op : Op.values()) {
            attempts.put(op, new Attempt());
        }
    }

    @Override
    public State emptyState() {
        return new None();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Commands

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder()
                .forAnyState()
                .onCommand(ChainEventSeen.class, this::onChainEvent)
                .onCommand(RevealSecret.class, this::onRevealSecret)
                .onCommand(Get.class, (state, c) -> Effect().reply(c.replyTo(), view(state)))
                .onCommand(Announce.class, this::onAnnounce)
                .onCommand(Subscribe.class, this::onSubscribe)
                .onCommand(Unsubscribe.class, (state, c) -> {
                    subscribers.remove(c.subscriber());
                    return Effect().noReply();
                })
                .onCommand(Tick.class, (state, c) -> onTick(state))
                .onCommand(Replied.class, this::onReplied)
                .onCommand(Reserved.class, this::onReserved)
                .onCommand(Checked.class, this::onChecked)
                .build();
    }

    private ReplyEffect<Event, State> onSubscribe(State state, Subscribe c) {
        if (subscribers.add(c.subscriber())) {
            context.watchWith(c.subscriber(), new Unsubscribe(c.subscriber()));
        }
        return Effect().reply(c.subscriber(), view(state));
    }

    /** Sends the subscribers the view if a state change happened since they were last sent one. */
    private void publish(State state) {
        if (history.size() > published) {
            published = history.size();
            TransferView v = view(state);
            subscribers.forEach(s -> s.tell(v));
            toDirectory(v);
        }
    }

    /** Tells the directory of transfers how this one stands now. */
    private void toDirectory(TransferView v) {
        if (ctx.directory().isEmpty() || v.terms().isEmpty() || v.history().isEmpty()) {
            return;
        }
        LockTerms t = v.terms().get();
        ctx.directory()
                .get()
                .tell(new TransferDirectory.Changed(new TransferDirectory.Entry(
                        id.asString(),
                        v.state(),
                        v.revision(),
                        v.history().get(0).at().toEpochMilli(),
                        id.source().value(),
                        t.destinationChain().value(),
                        t.sender().value(),
                        t.destinationRecipient().value())));
    }

    private ReplyEffect<Event, State> onAnnounce(State state, Announce c) {
        if (!(state instanceof None)) {
            return Effect().reply(c.replyTo(), view(state));
        }
        return Effect()
                .persist(new TransferRequested(c.announcement(), nowMillis()))
                .thenRun(after -> afterChange(state, after))
                .thenReply(c.replyTo(), this::view);
    }

    private ReplyEffect<Event, State> onChainEvent(State state, ChainEventSeen c) {
        HtlcEvent event = c.event().event();
        if (c.chain().equals(id.source()) && event.id().equals(id.sourceLock())) {
            return onSourceEvent(state, event, c);
        }
        Optional<Target> target = target(state);
        if (target.isPresent()
                && c.chain().equals(target.get().chainId())
                && event.id().equals(target.get().htlcId())) {
            return onTargetEvent(state, event, target.get(), c);
        }
        log.warn("transfer {} ignores an event of lock {} on {}: not one of its locks", id, event.id(), c.chain());
        return ack(c);
    }

    private ReplyEffect<Event, State> onSourceEvent(State state, HtlcEvent event, ChainEventSeen c) {
        if (state instanceof None || state instanceof Requested) {
            if (event instanceof HtlcEvent.Locked locked) {
                return onSourceLocked(state, locked.terms(), c);
            }
            log.warn("transfer {} ignores {} of its source lock before its Locked event", id, kind(event));
            return ack(c);
        }
        if (isFinal(state)) {
            if (state instanceof Expired && event instanceof HtlcEvent.Locked) {
                log.warn(
                        "transfer {} ignores its source lock: the announcement expired before the lock was seen; the"
                                + " sender refunds it",
                        id);
            }
            return ack(c);
        }
        long now = nowMillis();
        return switch (event) {
            case HtlcEvent.Locked l -> ack(c);
            case HtlcEvent.Claimed cl -> persist(state, new SourceClaimSeen(now), c);
            case HtlcEvent.Refunded r -> persist(state, new SourceRefundSeen(now), c);
        };
    }

    private ReplyEffect<Event, State> onSourceLocked(State before, LockTerms terms, ChainEventSeen c) {
        Optional<ChainFacts> sourceFacts = ctx.chainFacts().apply(id.source());
        if (sourceFacts.isEmpty()) {
            log.warn("transfer {} waits for the facts of source chain {}; the event will come again", id, id.source());
            return Effect().noReply();
        }
        if (!terms.receiver().equals(sourceFacts.get().operator())) {
            log.warn("transfer {} ignores a source lock for {}, not the operator", id, terms.receiver());
            return ack(c);
        }
        ChainId destination = terms.destinationChain();
        Optional<ChainFacts> destinationFacts = ctx.chainFacts().apply(destination);
        if (destinationFacts.isEmpty() && ctx.chainActors().apply(destination).isPresent()) {
            log.warn("transfer {} waits for destination chain {} to open; the event will come again", id, destination);
            return Effect().noReply();
        }
        Instant now = ctx.clock().instant();
        Source source = new Source(id.source().value(), id.sourceLock().value(), Terms.of(terms), now.toEpochMilli());
        TransferPolicy.Decision decision =
                policy.evaluate(id.source(), terms, sourceFacts.get(), destinationFacts, now);
        if (decision instanceof TransferPolicy.Rejected rejected) {
            return Effect()
                    .persist(List.<Event>of(
                            new SourceLockSeen(source),
                            new TransferRejected(rejected.reason(), rejected.message(), now.toEpochMilli())))
                    .thenRun(after -> afterChange(before, after))
                    .thenReply(c.ack(), s -> Done.getInstance());
        }
        accepted = (TransferPolicy.Accepted) decision;
        return Effect()
                .persist(new SourceLockSeen(source))
                .thenRun(after -> afterChange(before, after))
                .thenReply(c.ack(), s -> Done.getInstance());
    }

    private ReplyEffect<Event, State> onTargetEvent(State state, HtlcEvent event, Target target, ChainEventSeen c) {
        long now = nowMillis();
        boolean targetLive = state instanceof TargetLocking
                || state instanceof TargetLocked
                || state instanceof TargetRefunding
                || targetOpen(state);
        return switch (event) {
            case HtlcEvent.Locked l -> {
                if (state instanceof TargetLocking) {
                    yield persist(state, new TargetLockConfirmed(now), c);
                }
                yield ack(c);
            }
            case HtlcEvent.Claimed claimed -> {
                HashLock lock =
                        HashLock.fromHex(source(state).orElseThrow().terms().hashLock());
                if (!claimed.preimage().opens(lock)) {
                    log.warn("transfer {} ignores a claim of {} whose preimage does not open its hashlock", id, target);
                    yield ack(c);
                }
                if (!targetLive) {
                    yield ack(c);
                }
                yield persist(
                        state, new TargetClaimSeen(claimed.preimage().secret().toHex(), now), c);
            }
            case HtlcEvent.Refunded r -> targetLive ? persist(state, new TargetRefundSeen(now), c) : ack(c);
        };
    }

    private ReplyEffect<Event, State> onRevealSecret(State state, RevealSecret c) {
        Optional<Source> source = source(state);
        if (source.isEmpty()) {
            return Effect().reply(c.replyTo(), StatusReply.error("transfer " + id + " has not started"));
        }
        if (!c.preimage().opens(HashLock.fromHex(source.get().terms().hashLock()))) {
            return Effect().reply(c.replyTo(), StatusReply.error("the preimage does not open the hashlock"));
        }
        if (state instanceof TargetClaimed || state instanceof Completed) {
            return Effect().reply(c.replyTo(), StatusReply.ack());
        }
        if (!(state instanceof TargetLocked locked)) {
            return Effect()
                    .reply(
                            c.replyTo(),
                            StatusReply.error("transfer " + id + " is " + stateName(state)
                                    + ", not TargetLocked: nothing to claim"));
        }
        Optional<ChainFacts> d = ctx.chainFacts().apply(locked.target().chainId());
        Instant now = ctx.clock().instant();
        if (d.isPresent()
                && !now.isBefore(TransferPolicy.claimStop(locked.target().timeLockValue(), d.get()))) {
            return Effect()
                    .reply(
                            c.replyTo(),
                            StatusReply.error("the claim window on "
                                    + locked.target().chain() + " closed at "
                                    + TransferPolicy.claimStop(locked.target().timeLockValue(), d.get())));
        }
        heldSecret = c.preimage();
        secretWaiters.add(c.replyTo());
        Attempt a = attemptOf(Op.CLAIM_TARGET);
        a.notBefore = Instant.MIN;
        a.verifyFirst = false;
        kick();
        return Effect().noReply();
    }

    private ReplyEffect<Event, State> onReplied(State state, Replied r) {
        Attempt a = attemptOf(r.op());
        Instant now = ctx.clock().instant();
        a.busy = false;
        switch (r.reply()) {
            case ChainActor.SubmitReply.Sent sent -> {
                log.debug("transfer {} {} sent as {}", id, r.op(), sent.tx());
                a.verifyFirst = true;
                a.notBefore = now.plus(reconcileAfter(chainOf(r.op(), state)));
                if (r.op() == Op.CLAIM_TARGET) {
                    answerSecretWaiters(StatusReply.ack());
                }
            }
            case ChainActor.SubmitReply.Refused refused -> {
                return onRefused(state, r.op(), a, refused, now);
            }
            case ChainActor.SubmitReply.Unavailable u -> {
                log.warn("transfer {} {}: chain unavailable ({}), retrying in {}", id, r.op(), u.message(), retry());
                a.notBefore = now.plus(retry());
            }
            case ChainActor.SubmitReply.Failed f -> {
                log.warn("transfer {} {}: {} failed ({}), retrying in {}", id, r.op(), f.tx(), f.reason(), retry());
                a.verifyFirst = false;
                a.notBefore = now.plus(retry());
            }
        }
        kick();
        return Effect().noReply();
    }

    private ReplyEffect<Event, State> onRefused(
            State state, Op op, Attempt a, ChainActor.SubmitReply.Refused refused, Instant now) {
        String code = refused.reasonCode();
        switch (op) {
            case LOCK_TARGET -> {
                if (code.equals(HtlcReason.LockExists.code())) {
                    a.verifyFirst = true;
                    a.notBefore = now.plus(reconcileAfter(chainOf(op, state)));
                } else if (state instanceof TargetLocking) {
                    return Effect()
                            .persist(new TransferRejected(
                                    RejectionReason.TargetLockRefused,
                                    "destination chain refused the lock: " + code + ": " + refused.message(),
                                    now.toEpochMilli()))
                            .thenRun(after -> afterChange(state, after))
                            .thenNoReply();
                }
            }
            case CLAIM_TARGET -> {
                log.warn("transfer {} claim for the recipient refused: {}: {}", id, code, refused.message());
                heldSecret = null;
                answerSecretWaiters(StatusReply.error("the destination chain refused the claim: " + code));
            }
            default -> {
                if (code.equals(HtlcReason.NotExpired.code())) {
                    a.notBefore = now.plus(retry());
                } else if (code.equals(HtlcReason.NotLocked.code()) || code.equals(HtlcReason.LockNotFound.code())) {
                    a.verifyFirst = true;
                    a.notBefore = now.plus(reconcileAfter(chainOf(op, state)));
                } else if (code.equals(HtlcReason.Expired.code())) {
                    log.warn("transfer {} {} refused as expired: {}", id, op, refused.message());
                    a.notBefore = Instant.MAX;
                } else {
                    log.warn(
                            "transfer {} {} refused: {}: {}; retrying in {}", id, op, code, refused.message(), retry());
                    a.notBefore = now.plus(retry());
                }
            }
        }
        kick();
        return Effect().noReply();
    }

    private ReplyEffect<Event, State> onReserved(State state, Reserved r) {
        Attempt a = attemptOf(Op.RESERVE);
        a.busy = false;
        TransferPolicy.Accepted decision = accepted;
        if (!(state instanceof SourceLocked) || decision == null) {
            kick();
            return Effect().noReply();
        }
        Instant now = ctx.clock().instant();
        String error = r.error();
        if (error != null) {
            if (r.refused()) {
                return Effect()
                        .persist(new TransferRejected(RejectionReason.InsufficientInventory, error, now.toEpochMilli()))
                        .thenRun(after -> afterChange(state, after))
                        .thenNoReply();
            }
            log.warn("transfer {} inventory reservation failed ({}), retrying in {}", id, error, retry());
            a.notBefore = now.plus(retry());
            kick();
            return Effect().noReply();
        }
        LockRequest lock = decision.targetLock();
        Target target = new Target(
                decision.pair().to().chain().value(),
                decision.targetLockId().value(),
                lock.asset().id(),
                lock.amount().units(),
                lock.timeLock().epochSecond());
        return Effect()
                .persist(new TargetLockIntended(target, now.toEpochMilli()))
                .thenRun(after -> afterChange(state, after))
                .thenNoReply();
    }

    private ReplyEffect<Event, State> onChecked(State state, Checked c) {
        Attempt a = attemptOf(c.op());
        a.busy = false;
        Instant now = ctx.clock().instant();
        String error = c.error();
        if (error != null) {
            log.warn("transfer {} could not ask the node about {} ({}), retrying in {}", id, c.op(), error, retry());
            a.notBefore = now.plus(retry());
            kick();
            return Effect().noReply();
        }
        Optional<HtlcRecord> record = c.record();
        if (c.op() == Op.LOCK_TARGET) {
            if (record.isEmpty()) {
                a.verifyFirst = false;
                a.notBefore = Instant.MIN;
            } else {
                a.notBefore = now.plus(reconcileAfter(chainOf(c.op(), state)));
            }
        } else if (record.isPresent() && record.get().status() == HtlcStatus.LOCKED) {
            a.verifyFirst = false;
            a.notBefore = Instant.MIN;
        } else if (record.isEmpty() && c.op() == Op.REFUND_TARGET && (targetOpen(state) || isTargetRefunding(state))) {
            // Past T_D the node has no such lock: it was never placed and no longer can be.
            return Effect()
                    .persist(new TargetLockNeverPlaced(now.toEpochMilli()))
                    .thenRun(after -> afterChange(state, after))
                    .thenNoReply();
        } else {
            log.debug("transfer {} {}: the node has {}; waiting for its event", id, c.op(), record);
            a.notBefore = now.plus(reconcileAfter(chainOf(c.op(), state)));
        }
        kick();
        return Effect().noReply();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Driving: deadlines and sends, looked at after every change and on every timer

    private ReplyEffect<Event, State> onTick(State state) {
        nextWake = null;
        Instant now = ctx.clock().instant();
        List<Instant> wakes = new ArrayList<>();
        switch (state) {
            case SourceLocked s -> {
                Optional<Event> rejected = reserve(s, now, wakes);
                if (rejected.isPresent()) {
                    return Effect()
                            .persist(rejected.get())
                            .thenRun(after -> afterChange(state, after))
                            .thenNoReply();
                }
            }
            case TargetLocking s ->
                send(
                        Op.LOCK_TARGET,
                        now,
                        wakes,
                        s.target().chainId(),
                        s.target().htlcId(),
                        () -> new ChainActor.TxIntent.Lock(targetRequest(s.source(), s.target())));
            case TargetLocked s -> {
                Optional<ChainFacts> d = ctx.chainFacts().apply(s.target().chainId());
                if (d.isEmpty()) {
                    wakes.add(now.plus(retry()));
                } else {
                    Instant refundFrom = TransferPolicy.refundFrom(s.target().timeLockValue(), d.get());
                    if (!now.isBefore(refundFrom)) {
                        return Effect()
                                .persist(new TargetRefundIntended(now.toEpochMilli()))
                                .thenRun(after -> afterChange(state, after))
                                .thenNoReply();
                    }
                    wakes.add(refundFrom);
                    Preimage secret = heldSecret;
                    Instant claimStop = TransferPolicy.claimStop(s.target().timeLockValue(), d.get());
                    if (secret != null && now.isBefore(claimStop)) {
                        send(
                                Op.CLAIM_TARGET,
                                now,
                                wakes,
                                s.target().chainId(),
                                s.target().htlcId(),
                                () -> new ChainActor.TxIntent.Claim(
                                        new ClaimRequest(s.target().htlcId(), secret)));
                    }
                }
            }
            case TargetRefunding s ->
                send(
                        Op.REFUND_TARGET,
                        now,
                        wakes,
                        s.target().chainId(),
                        s.target().htlcId(),
                        () -> new ChainActor.TxIntent.Refund(
                                new RefundRequest(s.target().htlcId())));
            case TargetClaimed s -> {
                Optional<ChainFacts> sf = ctx.chainFacts().apply(id.source());
                if (sf.isEmpty()) {
                    wakes.add(now.plus(retry()));
                } else {
                    TimeLock ts = new TimeLock(s.source().terms().timeLock());
                    Instant windowOver = TransferPolicy.refundFrom(ts, sf.get())
                            .plus(sf.get().finality());
                    if (!now.isBefore(windowOver)) {
                        return Effect()
                                .persist(new SourceClaimWindowClosed(now.toEpochMilli()))
                                .thenRun(after -> afterChange(state, after))
                                .thenNoReply();
                    }
                    wakes.add(windowOver);
                    Instant claimStop = TransferPolicy.claimStop(ts, sf.get());
                    if (now.isBefore(claimStop)) {
                        Preimage preimage = new Preimage(Bytes.fromHex(s.preimage()));
                        send(
                                Op.CLAIM_SOURCE,
                                now,
                                wakes,
                                id.source(),
                                id.sourceLock(),
                                () -> new ChainActor.TxIntent.Claim(new ClaimRequest(id.sourceLock(), preimage)));
                    }
                }
            }
            case Rejected s -> refundSource(s.source(), now, wakes);
            case TargetRefunded s -> refundSource(s.source(), now, wakes);
            case Completed s -> refundOpenTarget(s.target(), s.targetOpen(), now, wakes);
            case SourceRefunded s -> refundOpenTarget(s.target(), s.targetOpen(), now, wakes);
            case Requested r -> {
                Optional<ChainFacts> sf = ctx.chainFacts().apply(id.source());
                if (sf.isEmpty()) {
                    wakes.add(now.plus(retry()));
                } else {
                    Instant expiry = TransferPolicy.refundFrom(
                            new TimeLock(r.announcement().terms().timeLock()), sf.get());
                    if (!now.isBefore(expiry)) {
                        return Effect()
                                .persist(new AnnouncementExpired(now.toEpochMilli()))
                                .thenRun(after -> afterChange(state, after))
                                .thenNoReply();
                    }
                    wakes.add(expiry);
                }
            }
            case None n -> {}
            case Expired e -> {}
            case SourceClaimMissed s -> {}
        }
        wakes.stream().min(Instant::compareTo).ifPresent(this::wakeAt);
        return Effect().noReply();
    }

    /** In SourceLocked: check the terms again and reserve inventory; a rejection to persist, if any. */
    private Optional<Event> reserve(SourceLocked s, Instant now, List<Instant> wakes) {
        Attempt a = attemptOf(Op.RESERVE);
        if (a.busy) {
            return Optional.empty();
        }
        if (now.isBefore(a.notBefore)) {
            wakes.add(a.notBefore);
            return Optional.empty();
        }
        LockTerms terms = s.source().terms().toLockTerms();
        Optional<ChainFacts> sf = ctx.chainFacts().apply(id.source());
        Optional<ChainFacts> df = ctx.chainFacts().apply(terms.destinationChain());
        Optional<ActorRef<ChainActor.Command>> dActor = ctx.chainActors().apply(terms.destinationChain());
        if (sf.isEmpty() || (df.isEmpty() && dActor.isPresent())) {
            wakes.add(now.plus(retry()));
            return Optional.empty();
        }
        TransferPolicy.Decision decision = policy.evaluate(id.source(), terms, sf.get(), df, now);
        if (decision instanceof TransferPolicy.Rejected r) {
            return Optional.of(new TransferRejected(r.reason(), r.message(), now.toEpochMilli()));
        }
        TransferPolicy.Accepted ok = (TransferPolicy.Accepted) decision;
        if (dActor.isEmpty()) {
            wakes.add(now.plus(retry()));
            return Optional.empty();
        }
        accepted = ok;
        a.busy = true;
        context.askWithStatus(
                Done.class,
                dActor.get(),
                ASK_TIMEOUT,
                replyTo -> new ChainActor.Reserve(
                        id, ok.targetLock().asset(), ok.targetLock().amount(), replyTo),
                (done, err) -> err == null
                        ? new Reserved(false, null)
                        : new Reserved(err instanceof StatusReply.ErrorMessage, String.valueOf(err.getMessage())));
        return Optional.empty();
    }

    private void refundSource(Source source, Instant now, List<Instant> wakes) {
        Optional<ChainFacts> sf = ctx.chainFacts().apply(id.source());
        if (sf.isEmpty()) {
            wakes.add(now.plus(retry()));
            return;
        }
        Instant from = TransferPolicy.refundFrom(new TimeLock(source.terms().timeLock()), sf.get());
        if (now.isBefore(from)) {
            wakes.add(from);
            return;
        }
        send(
                Op.REFUND_SOURCE,
                now,
                wakes,
                id.source(),
                id.sourceLock(),
                () -> new ChainActor.TxIntent.Refund(new RefundRequest(id.sourceLock())));
    }

    private void refundOpenTarget(Optional<Target> target, boolean open, Instant now, List<Instant> wakes) {
        if (!open || target.isEmpty()) {
            return;
        }
        Target t = target.get();
        Optional<ChainFacts> d = ctx.chainFacts().apply(t.chainId());
        if (d.isEmpty()) {
            wakes.add(now.plus(retry()));
            return;
        }
        Instant from = TransferPolicy.refundFrom(t.timeLockValue(), d.get());
        if (now.isBefore(from)) {
            wakes.add(from);
            return;
        }
        send(
                Op.REFUND_TARGET,
                now,
                wakes,
                t.chainId(),
                t.htlcId(),
                () -> new ChainActor.TxIntent.Refund(new RefundRequest(t.htlcId())));
    }

    /**
     * Sends {@code op} now if it is due and nothing is pending, asking the node first when this incarnation has not
     * sent it yet after a restart or a late event; otherwise notes when to look again.
     */
    private void send(
            Op op, Instant now, List<Instant> wakes, ChainId chain, HtlcId lock, Supplier<ChainActor.TxIntent> intent) {
        Attempt a = attemptOf(op);
        if (a.busy) {
            return;
        }
        if (now.isBefore(a.notBefore)) {
            wakes.add(a.notBefore);
            return;
        }
        Optional<ActorRef<ChainActor.Command>> actor = ctx.chainActors().apply(chain);
        if (actor.isEmpty()) {
            log.warn("transfer {} {}: chain {} is not running, retrying in {}", id, op, chain, retry());
            a.notBefore = now.plus(retry());
            wakes.add(a.notBefore);
            return;
        }
        a.busy = true;
        if (a.verifyFirst) {
            context.ask(
                    TransferEntity.<StatusReply<Optional<HtlcRecord>>>classOf(StatusReply.class),
                    actor.get(),
                    ASK_TIMEOUT,
                    replyTo -> new ChainActor.GetHtlc(lock, replyTo),
                    (reply, err) -> checked(op, reply, err));
            return;
        }
        ActorRef<ChainActor.SubmitReply> replyTo =
                context.spawnAnonymous(ReplyForwarder.create(context.getSelf(), op, reconcileAfter(chain)));
        actor.get().tell(new ChainActor.Submit(intent.get(), replyTo));
    }

    @SuppressWarnings("unchecked") // the class object of a generic type is the raw class: erased either way
    private static <T> Class<T> classOf(Class<?> raw) {
        return (Class<T>) raw;
    }

    private static Checked checked(Op op, @Nullable StatusReply<Optional<HtlcRecord>> reply, @Nullable Throwable err) {
        if (err != null || reply == null) {
            return new Checked(op, Optional.empty(), err == null ? "no reply" : String.valueOf(err.getMessage()));
        }
        if (reply.isError()) {
            return new Checked(
                    op, Optional.empty(), String.valueOf(reply.getError().getMessage()));
        }
        return new Checked(op, reply.getValue(), null);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // After every persisted change

    private void afterChange(State before, State after) {
        publish(after);
        boolean started = before instanceof None && !(after instanceof None);
        if (started) {
            ctx.index().tell(new TransferIndex.Opened(id, destination(after)));
        }
        if (started || (before instanceof Requested && !(after instanceof Requested))) {
            ctx.chainActors().apply(id.source()).ifPresent(a -> a.tell(new ChainActor.Watch(id.sourceLock(), self())));
        }
        if (after instanceof TargetLocking t && !(before instanceof TargetLocking)) {
            ctx.chainActors()
                    .apply(t.target().chainId())
                    .ifPresent(a -> a.tell(new ChainActor.Watch(t.target().htlcId(), self())));
            attemptOf(Op.LOCK_TARGET).verifyFirst = false;
        }
        if (before instanceof SourceLocked && after instanceof Rejected) {
            release(before);
        }
        if (before instanceof TargetLocking && !(after instanceof TargetLocking)) {
            release(before);
        }
        if (before instanceof TargetLocked && after instanceof TargetClaimed) {
            answerSecretWaiters(StatusReply.ack());
            heldSecret = null;
        }
        if (!stateName(before).equals(stateName(after)) || targetOpen(before) != targetOpen(after)) {
            logState(after);
        }
        if (isClosed(after)) {
            close(after);
        } else {
            kick();
        }
    }

    private void close(State state) {
        timers.cancelAll();
        nextWake = null;
        ctx.index().tell(new TransferIndex.Closed(id));
        ctx.chainActors().apply(id.source()).ifPresent(a -> a.tell(new ChainActor.Unwatch(id.sourceLock())));
        target(state).ifPresent(t -> ctx.chainActors()
                .apply(t.chainId())
                .ifPresent(a -> a.tell(new ChainActor.Unwatch(t.htlcId()))));
        heldSecret = null;
        answerSecretWaiters(StatusReply.error("transfer " + id + " is over"));
    }

    private void release(State state) {
        ctx.chainActors().apply(destination(state)).ifPresent(a -> a.tell(new ChainActor.Release(id)));
    }

    private void logState(State s) {
        switch (s) {
            case SourceLocked x ->
                log.info(
                        "transfer {} SourceLocked amount {} {} -> {} for {}",
                        id,
                        x.source().terms().amount(),
                        x.source().terms().asset(),
                        x.source().terms().destinationChain(),
                        x.source().terms().destinationRecipient());
            case TargetLocking x ->
                log.info(
                        "transfer {} TargetLocking {} on {} amount {} until {}",
                        id,
                        x.target().lockId(),
                        x.target().chain(),
                        x.target().amount(),
                        x.target().timeLockValue());
            case Rejected x -> log.info("transfer {} Rejected {}: {}", id, x.reason(), x.text());
            case SourceClaimMissed x ->
                log.error(
                        "transfer {} SourceClaimMissed: the destination lock {} was claimed but the source lock could not"
                                + " be claimed before its timelock {}; the operator lost {} {}",
                        id,
                        x.target().lockId(),
                        new TimeLock(x.source().terms().timeLock()),
                        x.source().terms().amount(),
                        x.source().terms().asset());
            case Completed x ->
                log.info("transfer {} Completed{}", id, x.targetOpen() ? " (destination lock open)" : "");
            case SourceRefunded x ->
                log.info("transfer {} SourceRefunded{}", id, x.targetOpen() ? " (destination lock open)" : "");
            default -> log.info("transfer {} {}", id, stateName(s));
        }
    }

    /** Reconciles after a restart: watch both locks, check sends that may be outstanding, report recovery. */
    private void onRecovered(State state) {
        published = history.size();
        toDirectory(view(state));
        Optional<Source> source = source(state);
        if (source.isPresent()) {
            if (isClosed(state)) {
                ctx.index().tell(new TransferIndex.Closed(id));
            } else {
                ctx.index().tell(new TransferIndex.Opened(id, destination(state)));
                ctx.chainActors()
                        .apply(id.source())
                        .ifPresent(a -> a.tell(new ChainActor.Watch(id.sourceLock(), self())));
                target(state).ifPresent(t -> ctx.chainActors()
                        .apply(t.chainId())
                        .ifPresent(a -> a.tell(new ChainActor.Watch(t.htlcId(), self()))));
                for (Attempt a : attempts.values()) {
                    a.verifyFirst = true;
                }
                if (state instanceof TargetLocking t) {
                    ctx.chainActors()
                            .apply(t.target().chainId())
                            .ifPresent(a -> a.tell(new ChainActor.Reserve(
                                    id,
                                    Asset.of(t.target().asset()),
                                    Amount.of(t.target().amount()),
                                    context.getSystem().ignoreRef())));
                }
                log.info("transfer {} recovered in {}", id, stateName(state));
                kick();
            }
        } else if (state instanceof Requested) {
            ctx.index().tell(new TransferIndex.Opened(id, destination(state)));
            log.info("transfer {} recovered in Requested", id);
            kick();
        } else if (state instanceof Expired) {
            ctx.index().tell(new TransferIndex.Closed(id));
        }
        ctx.recovered().tell(id);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Events

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((State state, Event event) -> apply(state, event));
    }

    private State apply(State state, Event event) {
        State next = applyEvent(state, event);
        if (!stateName(next).equals(stateName(state))) {
            long at = since(next).orElseGet(() -> since(state).orElse(0L));
            history.add(new TransferView.Change(
                    stateName(next), Instant.ofEpochMilli(at), history.size() + 1L, detail(next)));
        }
        return next;
    }

    /** A one-line explanation of entering {@code state}, where one helps. */
    private static String detail(State state) {
        return switch (state) {
            case Rejected r -> r.reason() + ": " + r.text();
            case TargetLocking t ->
                "destination lock " + t.target().lockId() + " on " + t.target().chain();
            case TargetRefunded t -> "destination lock refunded after its timelock";
            case SourceClaimMissed m -> "the source lock could not be claimed before its timelock";
            case Requested r ->
                "announced with idempotency key " + r.announcement().idempotencyKey();
            case Expired e -> "no source lock with the announced terms was seen before its timelock";
            default -> "";
        };
    }

    private State applyEvent(State state, Event event) {
        return switch (event) {
            case TransferRequested e -> {
                if (state instanceof None) {
                    announced = e.announcement();
                    yield new Requested(e.announcement(), e.atMillis());
                }
                yield state;
            }
            case AnnouncementExpired e ->
                state instanceof Requested r ? new Expired(r.announcement(), e.atMillis()) : state;
            case SourceLockSeen e ->
                state instanceof None || state instanceof Requested
                        ? new SourceLocked(e.source(), e.source().seenAtMillis())
                        : state;
            case TransferRejected e ->
                switch (state) {
                    case SourceLocked s ->
                        new Rejected(s.source(), Optional.empty(), e.reason(), e.text(), e.atMillis());
                    case TargetLocking s ->
                        new Rejected(s.source(), Optional.of(s.target()), e.reason(), e.text(), e.atMillis());
                    default -> state;
                };
            case TargetLockIntended e ->
                state instanceof SourceLocked s ? new TargetLocking(s.source(), e.target(), e.atMillis()) : state;
            case TargetLockConfirmed e ->
                state instanceof TargetLocking s ? new TargetLocked(s.source(), s.target(), e.atMillis()) : state;
            case TargetClaimSeen e ->
                switch (state) {
                    case TargetLocking s -> new TargetClaimed(s.source(), s.target(), e.preimage(), e.atMillis());
                    case TargetLocked s -> new TargetClaimed(s.source(), s.target(), e.preimage(), e.atMillis());
                    case TargetRefunding s -> new TargetClaimed(s.source(), s.target(), e.preimage(), e.atMillis());
                    default -> targetClosed(state, e.atMillis());
                };
            case TargetRefundIntended e ->
                state instanceof TargetLocked s ? new TargetRefunding(s.source(), s.target(), e.atMillis()) : state;
            case TargetRefundSeen e ->
                switch (state) {
                    case TargetLocking s -> new TargetRefunded(s.source(), s.target(), e.atMillis());
                    case TargetLocked s -> new TargetRefunded(s.source(), s.target(), e.atMillis());
                    case TargetRefunding s -> new TargetRefunded(s.source(), s.target(), e.atMillis());
                    default -> targetClosed(state, e.atMillis());
                };
            case TargetLockNeverPlaced e ->
                switch (state) {
                    case TargetRefunding s -> new TargetRefunded(s.source(), s.target(), e.atMillis());
                    default -> targetClosed(state, e.atMillis());
                };
            case SourceClaimSeen e ->
                isFinal(state) || source(state).isEmpty()
                        ? state
                        : new Completed(source(state).orElseThrow(), target(state), targetLive(state), e.atMillis());
            case SourceRefundSeen e ->
                isFinal(state) || source(state).isEmpty()
                        ? state
                        : new SourceRefunded(
                                source(state).orElseThrow(), target(state), targetLive(state), e.atMillis());
            case SourceClaimWindowClosed e ->
                state instanceof TargetClaimed s ? new SourceClaimMissed(s.source(), s.target(), e.atMillis()) : state;
        };
    }

    private static State targetClosed(State state, long atMillis) {
        return switch (state) {
            case Completed s when s.targetOpen() -> new Completed(s.source(), s.target(), false, atMillis);
            case SourceRefunded s when s.targetOpen() -> new SourceRefunded(s.source(), s.target(), false, atMillis);
            default -> state;
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Signals

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), this::onRecovered)
                .build();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    private ReplyEffect<Event, State> persist(State before, Event event, ChainEventSeen c) {
        return Effect()
                .persist(event)
                .thenRun(after -> afterChange(before, after))
                .thenReply(c.ack(), s -> Done.getInstance());
    }

    private ReplyEffect<Event, State> ack(ChainEventSeen c) {
        return Effect().reply(c.ack(), Done.getInstance());
    }

    private Attempt attemptOf(Op op) {
        return Objects.requireNonNull(attempts.get(op), "every operation has an attempt");
    }

    private void kick() {
        context.getSelf().tell(Tick.INSTANCE);
    }

    private void wakeAt(Instant at) {
        Instant current = nextWake;
        if (current != null && !current.isAfter(at)) {
            return;
        }
        Duration delay = Duration.between(ctx.clock().instant(), at);
        if (!delay.isPositive()) {
            kick();
            return;
        }
        nextWake = at;
        timers.startSingleTimer("wake", Tick.INSTANCE, delay);
    }

    private void answerSecretWaiters(StatusReply<Done> reply) {
        for (ActorRef<StatusReply<Done>> w : secretWaiters) {
            w.tell(reply);
        }
        secretWaiters.clear();
    }

    private ActorRef<Command> self() {
        return context.getSelf();
    }

    private long nowMillis() {
        return ctx.clock().millis();
    }

    private Duration retry() {
        return ctx.timing().retryInterval();
    }

    private ChainId chainOf(Op op, State state) {
        return switch (op) {
            case CLAIM_SOURCE, REFUND_SOURCE -> id.source();
            default -> destination(state);
        };
    }

    /** The destination chain named by the source lock (the source chain before the lock is known). */
    private ChainId destination(State state) {
        if (state instanceof Requested r) {
            return ChainId.of(r.announcement().terms().destinationChain());
        }
        return source(state).map(s -> ChainId.of(s.terms().destinationChain())).orElse(id.source());
    }

    /** How long a sent transaction's event may take before the node is asked about it. */
    private Duration reconcileAfter(ChainId chain) {
        Duration finality =
                ctx.chainFacts().apply(chain).map(ChainFacts::finality).orElse(Duration.ZERO);
        return finality.multipliedBy(2).plus(retry().multipliedBy(5));
    }

    private LockRequest targetRequest(Source source, Target target) {
        Terms terms = source.terms();
        return new LockRequest(
                Account.of(terms.destinationRecipient()),
                HashLock.fromHex(terms.hashLock()),
                target.timeLockValue(),
                Asset.of(target.asset()),
                Amount.of(target.amount()),
                id.source(),
                Account.of(terms.sender()),
                Amount.ZERO);
    }

    private TransferView view(State state) {
        Optional<Source> source = source(state);
        Optional<Target> target = target(state);
        Optional<RejectionReason> reason = Optional.empty();
        Optional<String> text = Optional.empty();
        if (state instanceof Rejected r) {
            reason = Optional.of(r.reason());
            text = Optional.of(r.text());
        }
        Optional<Announcement> announcement = Optional.ofNullable(announced);
        Optional<LockTerms> terms = source.map(s -> s.terms().toLockTerms())
                .or(() -> announcement.map(a -> a.terms().toLockTerms()));
        Optional<Asset> destinationAsset = target.map(t -> Asset.of(t.asset()))
                .or(() -> announcement.map(a -> Asset.of(a.destinationAsset())))
                .or(() -> terms.flatMap(t -> policy.pair(id.source(), t)).map(p -> p.to().asset()));
        return new TransferView(
                id,
                stateName(state),
                terms,
                target.map(Target::htlcId),
                target.map(Target::timeLockValue),
                target.map(t -> Amount.of(t.amount())),
                source.map(s -> Instant.ofEpochMilli(s.seenAtMillis())),
                since(state).map(Instant::ofEpochMilli),
                reason,
                text,
                destinationAsset,
                announcement.map(Announcement::idempotencyKey),
                history);
    }

    static String stateName(State state) {
        return state.getClass().getSimpleName();
    }

    static boolean isFinal(State state) {
        return state instanceof Completed
                || state instanceof SourceRefunded
                || state instanceof SourceClaimMissed
                || state instanceof Expired;
    }

    /** Final, and no lock of the operator's may still be open. */
    static boolean isClosed(State state) {
        return isFinal(state) && !targetOpen(state);
    }

    private static boolean targetOpen(State state) {
        return switch (state) {
            case Completed s -> s.targetOpen();
            case SourceRefunded s -> s.targetOpen();
            default -> false;
        };
    }

    private static boolean isTargetRefunding(State state) {
        return state instanceof TargetRefunding;
    }

    /** Whether the destination lock may be open on chain (placed or being placed, not yet claimed or refunded). */
    private static boolean targetLive(State state) {
        return state instanceof TargetLocking || state instanceof TargetLocked || state instanceof TargetRefunding;
    }

    static Optional<Source> source(State state) {
        return switch (state) {
            case None n -> Optional.empty();
            case Requested r -> Optional.empty();
            case Expired e -> Optional.empty();
            case SourceLocked s -> Optional.of(s.source());
            case TargetLocking s -> Optional.of(s.source());
            case TargetLocked s -> Optional.of(s.source());
            case TargetClaimed s -> Optional.of(s.source());
            case TargetRefunding s -> Optional.of(s.source());
            case TargetRefunded s -> Optional.of(s.source());
            case Rejected s -> Optional.of(s.source());
            case Completed s -> Optional.of(s.source());
            case SourceRefunded s -> Optional.of(s.source());
            case SourceClaimMissed s -> Optional.of(s.source());
        };
    }

    static Optional<Target> target(State state) {
        return switch (state) {
            case None n -> Optional.empty();
            case Requested r -> Optional.empty();
            case Expired e -> Optional.empty();
            case SourceLocked s -> Optional.empty();
            case TargetLocking s -> Optional.of(s.target());
            case TargetLocked s -> Optional.of(s.target());
            case TargetClaimed s -> Optional.of(s.target());
            case TargetRefunding s -> Optional.of(s.target());
            case TargetRefunded s -> Optional.of(s.target());
            case Rejected s -> s.target();
            case Completed s -> s.target();
            case SourceRefunded s -> s.target();
            case SourceClaimMissed s -> Optional.of(s.target());
        };
    }

    private static Optional<Long> since(State state) {
        return switch (state) {
            case None n -> Optional.empty();
            case Requested r -> Optional.of(r.sinceMillis());
            case Expired e -> Optional.of(e.sinceMillis());
            case SourceLocked s -> Optional.of(s.sinceMillis());
            case TargetLocking s -> Optional.of(s.sinceMillis());
            case TargetLocked s -> Optional.of(s.sinceMillis());
            case TargetClaimed s -> Optional.of(s.sinceMillis());
            case TargetRefunding s -> Optional.of(s.sinceMillis());
            case TargetRefunded s -> Optional.of(s.sinceMillis());
            case Rejected s -> Optional.of(s.sinceMillis());
            case Completed s -> Optional.of(s.sinceMillis());
            case SourceRefunded s -> Optional.of(s.sinceMillis());
            case SourceClaimMissed s -> Optional.of(s.sinceMillis());
        };
    }

    private static String kind(HtlcEvent event) {
        return event.getClass().getSimpleName();
    }

    /**
     * Forwards the replies to one submission to the entity, tagged with the operation. Stops after a final reply, or
     * some time after {@code Sent} (a later {@code Failed} comes within the chain's finality).
     */
    private static final class ReplyForwarder {
        /** Time to stop waiting for a Failed after Sent. */
        private enum Linger {
            OVER
        }

        private ReplyForwarder() {}

        static Behavior<ChainActor.SubmitReply> create(ActorRef<Command> entity, Op op, Duration linger) {
            Behavior<Object> behavior = Behaviors.withTimers(timers -> Behaviors.receive(Object.class)
                    .onMessage(ChainActor.SubmitReply.class, reply -> {
                        entity.tell(new Replied(op, reply));
                        if (reply instanceof ChainActor.SubmitReply.Sent) {
                            timers.startSingleTimer(
                                    Linger.OVER, linger.multipliedBy(4).plus(Duration.ofMinutes(1)));
                            return Behaviors.receive(Object.class)
                                    .onMessage(ChainActor.SubmitReply.class, r -> {
                                        entity.tell(new Replied(op, r));
                                        return Behaviors.stopped();
                                    })
                                    .onMessageEquals(Linger.OVER, Behaviors::stopped)
                                    .build();
                        }
                        return Behaviors.stopped();
                    })
                    .build());
            return behavior.narrow();
        }
    }
}
