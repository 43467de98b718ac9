/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.chain;

import com.typesafe.config.Config;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainAdapterException;
import io.xrelay.adapter.ChainAdapterRegistry;
import io.xrelay.adapter.ChainHead;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ClaimRequest;
import io.xrelay.adapter.EventBatch;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcRecord;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.RefundRequest;
import io.xrelay.adapter.Submitted;
import io.xrelay.adapter.TransactionRejectedException;
import io.xrelay.adapter.TxRef;
import io.xrelay.adapter.VerifiedHtlcEvent;
import io.xrelay.relay.config.ChainRelaySettings;
import io.xrelay.relay.transfer.TransferEntity;
import io.xrelay.relay.transfer.TransferId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;
import org.jspecify.annotations.Nullable;

/**
 * The actor that owns one chain's adapter and is the chain's only signer.
 *
 * <ul>
 *   <li>{@link Submit}: sends a lock, claim or refund, at most {@code max-in-flight} at a time (the rest wait in
 *       order); replies {@link SubmitReply.Sent} once the node accepted it, then awaits finality and replies
 *       {@link SubmitReply.Failed} if the transaction failed or was dropped. Submit-to-final latencies of committed
 *       transactions feed {@link ChainFacts#finality()}: the larger of the configured finality time and the p99 of
 *       the last 100.
 *   <li>{@link Watch}/{@link Unwatch}: the routing table of verified final events. Its {@link HeadFollower} child
 *       pulls batches through this actor (the adapter has one owner); each final event goes to the entity watching its
 *       lock, or, for a {@code Locked} paying the operator that nobody watches, to the relay as
 *       {@link SourceLockFound}. Events of distinct locks go out together, events of one lock one after the other;
 *       every one is acknowledged before the next wave, and the whole batch before the follower persists the
 *       checkpoint. A missing acknowledgement re-delivers the wave (entities ignore what changes nothing).
 *   <li>{@link Reserve}/{@link Release}: inventory, the signer's balance less the reservations of the asset whose
 *       lock is not yet final (a final lock is in the balance already). Between its send and its finality a lock may
 *       count twice (reserved, and gone from the balance): near the end of its inventory the relay refuses a little
 *       early rather than late. One balance read per asset is in flight at a time; it answers every reservation that
 *       was waiting when it started, so a burst of transfers costs the node a few reads rather than one each.
 *   <li>{@link GetHtlc}: the node's record of a lock.
 * </ul>
 *
 * The routing table and reservations survive a restart by the supervisor (they live outside the behavior). A chain
 * whose adapter cannot be made from its configuration reports {@link Broken} and answers every submission
 * {@link SubmitReply.Unavailable}. Never blocks: adapter stages come back through {@code pipeToSelf}, pauses are
 * timers.
 */
public final class ChainActor extends AbstractBehavior<ChainActor.Command> {
    /** What a chain's actor understands. */
    public sealed interface Command {}

    /**
     * Submit one transaction; one reply: Sent, Refused or Unavailable. After Sent, the ChainActor awaits finality and
     * sends a second reply Failed if the tx failed/was dropped (nothing more if it committed; the entity learns that
     * from the verified event).
     */
    public record Submit(TxIntent intent, ActorRef<SubmitReply> replyTo) implements Command {}

    /** The transaction to submit. */
    public sealed interface TxIntent {
        record Lock(LockRequest r) implements TxIntent {}

        record Claim(ClaimRequest r) implements TxIntent {}

        record Refund(RefundRequest r) implements TxIntent {}
    }

    /** The replies to {@link Submit}. */
    public sealed interface SubmitReply {
        /** The node accepted the transaction. */
        record Sent(TxRef tx) implements SubmitReply {}

        /** The chain refused it; {@code reasonCode} is an {@link io.xrelay.adapter.HtlcReason} code where known. */
        record Refused(String reasonCode, String message) implements SubmitReply {}

        /** The chain could not be reached; try again later. */
        record Unavailable(String message) implements SubmitReply {}

        /** A sent transaction failed or was dropped. */
        record Failed(TxRef tx, String reason) implements SubmitReply {}
    }

    /** Route every verified final event of lock {@code id} to {@code entity} (idempotent). */
    public record Watch(HtlcId id, ActorRef<TransferEntity.Command> entity) implements Command {}

    /** Stop routing the events of lock {@code id}. */
    public record Unwatch(HtlcId id) implements Command {}

    /** Query the node's record of a lock (reconciliation). */
    public record GetHtlc(HtlcId id, ActorRef<StatusReply<Optional<HtlcRecord>>> replyTo) implements Command {}

    /** Reserve inventory for a destination lock; Release when the lock is confirmed or refused. */
    public record Reserve(TransferId transfer, Asset asset, Amount amount, ActorRef<StatusReply<Done>> replyTo)
            implements Command {}

    /**
     * The operator's inventory of {@code asset} now: the signer's balance (the node's word) less the unsettled
     * reservations of that asset.
     */
    public record GetAvailable(Asset asset, ActorRef<StatusReply<Amount>> replyTo) implements Command {}

    /** Give back the inventory reserved for {@code transfer} (idempotent). */
    public record Release(TransferId transfer) implements Command {}

    /**
     * Where the chain stands, for chain admins: answered at once, except that the node's head is asked again when the
     * cached one is older than {@link #NODE_HEAD_MAX_AGE}.
     */
    public record GetInfo(ActorRef<ChainInfo> replyTo) implements Command {}

    /**
     * Where a chain stands.
     *
     * @param chain the chain
     * @param following whether a pull of final events has succeeded since the actor started
     * @param verifiedHead the follower's checkpoint: the newest final block whose events were handled (empty before
     *     the first pull)
     * @param nodeHead the newest block height the adapter reports (-1 if unknown)
     * @param problem why the last pull failed or the adapter cannot be made (empty if neither)
     * @param operator the adapter's signer (empty if the adapter cannot be made)
     * @param finality the chain's effective finality
     */
    public record ChainInfo(
            ChainId chain,
            boolean following,
            Optional<BlockRef> verifiedHead,
            long nodeHead,
            String problem,
            Optional<io.xrelay.adapter.Account> operator,
            Duration finality) {}

    /** Start pulling (sent by the guardian once every open transfer has recovered and registered its watches). */
    public enum StartFollowing implements Command {
        INSTANCE
    }

    /** The follower asks for the final events after {@code after}; answered once they are routed and acknowledged. */
    record Pull(io.xrelay.adapter.Checkpoint after, int max, ActorRef<HeadFollower.Command> replyTo)
            implements Command {}

    private record SubmitDone(Submit submit, long startNanos, @Nullable Submitted submitted, @Nullable Throwable error)
            implements Command {}

    private record FinalityDone(
            Submit submit,
            TxRef tx,
            long startNanos,
            int attempt,
            @Nullable Finality finality,
            @Nullable Throwable error)
            implements Command {}

    private record RetryFinality(Submit submit, TxRef tx, long startNanos, int attempt) implements Command {}

    private record AvailableRead(GetAvailable query, @Nullable Amount balance, @Nullable Throwable error)
            implements Command {}

    /** One balance read of {@code asset} answering every reservation that was waiting when it started. */
    private record BalanceRead(Asset asset, List<Reserve> reserves, @Nullable Amount balance, @Nullable Throwable error)
            implements Command {}

    private record HtlcRead(GetHtlc query, StatusReply<Optional<HtlcRecord>> reply) implements Command {}

    private record PullDone(Pull pull, @Nullable EventBatch batch, @Nullable Throwable error) implements Command {}

    private record EventAcked(long round, boolean ok) implements Command {}

    private record NodeHeadRead(GetInfo query, @Nullable ChainHead head, @Nullable Throwable error)
            implements Command {}

    // ---------------------------------------------------------------------------------------------------------------
    // What the actor tells the relay around it.

    /** What a chain's actor tells the relay around it (the guardian adapts these with a message adapter). */
    public sealed interface Notice {
        ChainId chain();
    }

    /**
     * A verified final {@code Locked} that pays the operator and that no transfer watches: a new transfer may start.
     * {@code ack} once it is taken (persisted or ignored).
     */
    public record SourceLockFound(ChainId chain, VerifiedHtlcEvent event, ActorRef<Done> ack) implements Notice {}

    /** The adapter is open and the chain's {@link ChainFacts} are published; {@code operator} is its signer. */
    public record Opened(ChainId chain, io.xrelay.adapter.Account operator) implements Notice {}

    /** Following has started: the first pull of final events succeeded, the chain's verified head was at height. */
    public record Following(ChainId chain, long height) implements Notice {}

    /** The adapter cannot be made from the chain's configuration ({@code key} of the chain entry); nothing works. */
    public record Broken(ChainId chain, String key, String problem) implements Notice {}

    /** Makes a chain's adapter. */
    @FunctionalInterface
    public interface AdapterFactory {
        /**
         * Makes the adapter of {@code id} from its entry.
         *
         * @throws AdapterConfigException naming the key, when the configuration is unusable
         */
        ChainAdapter create(ChainId id, Config chainConfig);
    }

    /** The adapters of the class path, by the entry's {@code type}. */
    public static AdapterFactory defaultAdapters() {
        return (id, config) -> {
            ChainAdapterRegistry registry = ChainAdapterRegistry.loadDefault();
            if (!config.hasPath("type")) {
                throw new AdapterConfigException(id, "type", "is required; known types: " + registry.types());
            }
            String type = config.getString("type");
            if (!registry.types().contains(type)) {
                throw new AdapterConfigException(
                        id, "type", "unknown adapter type '" + type + "'; known types: " + registry.types());
            }
            return registry.provider(type).create(id, config);
        };
    }

    /** How long an entity (or the relay) may take to acknowledge an event before the wave is delivered again. */
    public static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);
    /** The most final events one pull asks for. */
    static final int MAX_EVENTS_PER_PULL = 256;

    /** The oldest a cached node head may be when {@link GetInfo} answers with it. */
    static final Duration NODE_HEAD_MAX_AGE = Duration.ofSeconds(5);

    private static final int FINALITY_ATTEMPTS = 4;
    private static final int LATENCY_SAMPLES = 100;

    /** State that outlives a restart of the actor: the routing table, the reservations, the latencies. */
    private static final class Durable {
        final Map<HtlcId, ActorRef<TransferEntity.Command>> watches = new ConcurrentHashMap<>();
        final Map<TransferId, Reservation> reservations = new ConcurrentHashMap<>();
        final ArrayDeque<Long> latencies = new ArrayDeque<>();
        volatile boolean followingRequested;
        volatile @Nullable BlockRef verifiedHead;
        volatile long nodeHead = -1;
        volatile long nodeHeadAtNanos;
        volatile String problem = "";
    }

    /**
     * Inventory held for one transfer's destination lock. Once a lock of the same asset and amount was sent
     * ({@code sentTx}) and is final ({@code settled}), the balance the node reports already lacks it, so it no longer
     * counts against the balance (which reservation a lock is matched to does not matter: their amounts are equal).
     */
    private record Reservation(Asset asset, Amount amount, @Nullable TxRef sentTx, boolean settled) {
        Reservation sent(@Nullable TxRef tx) {
            return new Reservation(asset, amount, tx, false);
        }

        Reservation settle() {
            return new Reservation(asset, amount, sentTx, true);
        }
    }

    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final ChainId chain;
    private final ChainRelaySettings settings;
    private final Map<ChainId, ChainFacts> factsBoard;
    private final ActorRef<Notice> notices;
    private final Durable durable;
    private final Duration ackTimeout;
    private final @Nullable ChainAdapter adapter;
    private final @Nullable Facts facts;
    private final @Nullable ActorRef<HeadFollower.Command> follower;
    private final ArrayDeque<Submit> queued = new ArrayDeque<>();
    /** Reservations waiting for the next balance read of their asset, which starts when none is in flight. */
    private final Map<Asset, List<Reserve>> reservesWaiting = new HashMap<>();
    /** Assets whose balance read is in flight. */
    private final Set<Asset> balanceReading = new HashSet<>();

    private int inFlight;
    private boolean followingReported;
    private @Nullable Routing routing;
    private long round;

    /**
     * A chain's actor.
     *
     * @param chain the chain
     * @param chainConfig the chain's entry, given to the adapter as is
     * @param settings the relay's settings of the chain
     * @param pollInterval the pause between pulls of final events when the last pull had nothing more
     * @param adapters makes the adapter
     * @param factsBoard where the chain's facts are published once the adapter is open (shared, thread-safe)
     * @param notices told of new source locks, of following having started, of a broken configuration
     */
    public static Behavior<Command> create(
            ChainId chain,
            Config chainConfig,
            ChainRelaySettings settings,
            Duration pollInterval,
            AdapterFactory adapters,
            Map<ChainId, ChainFacts> factsBoard,
            ActorRef<Notice> notices) {
        return create(chain, chainConfig, settings, pollInterval, adapters, factsBoard, notices, ACK_TIMEOUT);
    }

    /** {@link #create(ChainId, Config, ChainRelaySettings, Duration, AdapterFactory, Map, ActorRef)} with the time an
     * acknowledgement may take. */
    static Behavior<Command> create(
            ChainId chain,
            Config chainConfig,
            ChainRelaySettings settings,
            Duration pollInterval,
            AdapterFactory adapters,
            Map<ChainId, ChainFacts> factsBoard,
            ActorRef<Notice> notices,
            Duration ackTimeout) {
        Durable durable = new Durable();
        return Behaviors.withMdc(
                Command.class,
                Map.of("chain", chain.value()),
                Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ChainActor(
                        ctx,
                        timers,
                        chain,
                        chainConfig,
                        settings,
                        pollInterval,
                        adapters,
                        factsBoard,
                        notices,
                        durable,
                        ackTimeout))));
    }

    private ChainActor(
            ActorContext<Command> ctx,
            TimerScheduler<Command> timers,
            ChainId chain,
            Config chainConfig,
            ChainRelaySettings settings,
            Duration pollInterval,
            AdapterFactory adapters,
            Map<ChainId, ChainFacts> factsBoard,
            ActorRef<Notice> notices,
            Durable durable,
            Duration ackTimeout) {
        super(ctx);
        this.ackTimeout = ackTimeout;
        this.ctx = ctx;
        this.timers = timers;
        this.chain = chain;
        this.settings = settings;
        this.factsBoard = factsBoard;
        this.notices = notices;
        this.durable = durable;
        ChainAdapter made = null;
        try {
            made = adapters.create(chain, chainConfig);
        } catch (AdapterConfigException e) {
            ctx.getLog().error("chain {}: configuration '{}': {}", chain, e.key(), problemOf(e));
            durable.problem = "configuration '" + e.key() + "': " + problemOf(e);
            notices.tell(new Broken(chain, e.key(), problemOf(e)));
        } catch (IllegalArgumentException e) {
            ctx.getLog().error("chain {}: configuration: {}", chain, e.getMessage());
            durable.problem = "configuration: " + e.getMessage();
            notices.tell(new Broken(chain, "type", String.valueOf(e.getMessage())));
        }
        this.adapter = made;
        if (made == null) {
            this.facts = null;
            this.follower = null;
            return;
        }
        Facts published = new Facts(chain, made, settings.finalityTime(), settings.clockTolerance());
        published.update(durable.latencies);
        this.facts = published;
        factsBoard.put(chain, published);
        this.follower = ctx.spawn(
                HeadFollower.create(chain, ctx.getSelf(), made.trustAnchor(), pollInterval, MAX_EVENTS_PER_PULL),
                "follower");
        ctx.getLog().info("chain {}: adapter open, operator {}", chain, made.signer());
        notices.tell(new Opened(chain, made.signer()));
        if (durable.followingRequested) {
            this.follower.tell(HeadFollower.Start.INSTANCE);
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(SubmitDone.class, this::onSubmitDone)
                .onMessage(FinalityDone.class, this::onFinalityDone)
                .onMessage(RetryFinality.class, this::onRetryFinality)
                .onMessage(Watch.class, this::onWatch)
                .onMessage(Unwatch.class, this::onUnwatch)
                .onMessage(GetHtlc.class, this::onGetHtlc)
                .onMessage(HtlcRead.class, this::onHtlcRead)
                .onMessage(Reserve.class, this::onReserve)
                .onMessage(GetAvailable.class, this::onGetAvailable)
                .onMessage(AvailableRead.class, this::onAvailableRead)
                .onMessage(BalanceRead.class, this::onBalanceRead)
                .onMessage(Release.class, this::onRelease)
                .onMessage(StartFollowing.class, this::onStartFollowing)
                .onMessage(Pull.class, this::onPull)
                .onMessage(PullDone.class, this::onPullDone)
                .onMessage(EventAcked.class, this::onEventAcked)
                .onMessage(GetInfo.class, this::onGetInfo)
                .onMessage(NodeHeadRead.class, this::onNodeHeadRead)
                .onSignal(PostStop.class, s -> closeAdapter())
                .onSignal(PreRestart.class, s -> closeAdapter())
                .build();
    }

    // --- submissions -----------------------------------------------------------------------------------------------

    private Behavior<Command> onSubmit(Submit submit) {
        if (adapter == null) {
            submit.replyTo().tell(new SubmitReply.Unavailable(chain + ": the chain's adapter is not configured"));
        } else if (inFlight >= settings.maxInFlight()) {
            queued.add(submit);
            ctx.getLog()
                    .debug("chain {}: {} in flight, submission queued ({} waiting)", chain, inFlight, queued.size());
        } else {
            send(adapter, submit);
        }
        return this;
    }

    private void send(ChainAdapter a, Submit submit) {
        inFlight++;
        long start = System.nanoTime();
        CompletionStage<Submitted> stage;
        try {
            stage = switch (submit.intent()) {
                case TxIntent.Lock l -> a.lock(l.r());
                case TxIntent.Claim c -> a.claim(c.r());
                case TxIntent.Refund r -> a.refund(r.r());
            };
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedStage(e);
        }
        ctx.pipeToSelf(stage, (ok, err) -> new SubmitDone(submit, start, ok, err));
    }

    private Behavior<Command> onSubmitDone(SubmitDone done) {
        Throwable error = done.error();
        Submitted submitted = done.submitted();
        if (error != null || submitted == null) {
            Throwable cause = unwrap(error);
            SubmitReply reply;
            if (cause instanceof TransactionRejectedException rejected) {
                reply = new SubmitReply.Refused(rejected.reasonCode(), String.valueOf(rejected.getMessage()));
                ctx.getLog().info("chain {}: {} refused: {}", chain, describe(done.submit()), rejected.getMessage());
            } else if (cause instanceof ChainAdapterException) {
                reply = new SubmitReply.Unavailable(String.valueOf(cause.getMessage()));
                ctx.getLog().warn("chain {}: {} not sent: {}", chain, describe(done.submit()), cause.getMessage());
            } else if (cause instanceof IllegalArgumentException) {
                reply = new SubmitReply.Refused("Invalid", String.valueOf(cause.getMessage()));
                ctx.getLog().warn("chain {}: {} refused: {}", chain, describe(done.submit()), cause.getMessage());
            } else {
                reply = new SubmitReply.Unavailable(String.valueOf(cause));
                ctx.getLog().warn("chain {}: {} failed", chain, describe(done.submit()), cause);
            }
            done.submit().replyTo().tell(reply);
            freeSlot();
            return this;
        }
        ctx.getLog().debug("chain {}: {} sent as {}", chain, describe(done.submit()), submitted.tx());
        done.submit().replyTo().tell(new SubmitReply.Sent(submitted.tx()));
        if (done.submit().intent() instanceof TxIntent.Lock lock) {
            matchReservation(lock.r(), submitted.tx());
        }
        awaitFinality(done.submit(), submitted.tx(), done.startNanos(), 0);
        return this;
    }

    private void awaitFinality(Submit submit, TxRef tx, long startNanos, int attempt) {
        ChainAdapter a = adapter;
        if (a == null) {
            return;
        }
        CompletionStage<Finality> stage;
        try {
            stage = a.awaitFinality(tx);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedStage(e);
        }
        ctx.pipeToSelf(stage, (f, err) -> new FinalityDone(submit, tx, startNanos, attempt, f, err));
    }

    private Behavior<Command> onRetryFinality(RetryFinality retry) {
        awaitFinality(retry.submit(), retry.tx(), retry.startNanos(), retry.attempt());
        return this;
    }

    private Behavior<Command> onFinalityDone(FinalityDone done) {
        Finality finality = done.finality();
        if (done.error() != null || finality == null) {
            Throwable cause = unwrap(done.error());
            if (done.attempt() + 1 < FINALITY_ATTEMPTS) {
                Duration pause = Duration.ofSeconds(1L << done.attempt());
                ctx.getLog()
                        .warn(
                                "chain {}: finality of {} unknown ({}), asking again in {}",
                                chain,
                                done.tx(),
                                cause.getMessage(),
                                pause);
                timers.startSingleTimer(
                        new RetryFinality(done.submit(), done.tx(), done.startNanos(), done.attempt() + 1), pause);
                return this;
            }
            ctx.getLog()
                    .warn(
                            "chain {}: finality of {} still unknown after {} tries: {}",
                            chain,
                            done.tx(),
                            FINALITY_ATTEMPTS,
                            cause.getMessage());
            done.submit().replyTo().tell(new SubmitReply.Failed(done.tx(), "finality unknown: " + cause.getMessage()));
            freeSlot();
            return this;
        }
        switch (finality) {
            case Finality.Committed c -> {
                recordLatency(System.nanoTime() - done.startNanos());
                updateReservation(c.tx(), Reservation::settle);
                ctx.getLog().debug("chain {}: {} final in {}", chain, c.tx(), c.block());
            }
            case Finality.Failed f -> {
                ctx.getLog().warn("chain {}: {} failed in {}: {}", chain, f.tx(), f.block(), f.reason());
                done.submit().replyTo().tell(new SubmitReply.Failed(f.tx(), f.reason()));
                updateReservation(f.tx(), r -> r.sent(null));
            }
            case Finality.Dropped d -> {
                ctx.getLog().warn("chain {}: {} dropped: {}", chain, d.tx(), d.reason());
                done.submit().replyTo().tell(new SubmitReply.Failed(d.tx(), "dropped: " + d.reason()));
                updateReservation(d.tx(), r -> r.sent(null));
            }
        }
        freeSlot();
        return this;
    }

    /** A lock was sent: the first unsent reservation of its asset and amount is now waiting for it to be final. */
    private void matchReservation(LockRequest lock, TxRef tx) {
        for (Map.Entry<TransferId, Reservation> e : durable.reservations.entrySet()) {
            Reservation r = e.getValue();
            if (r.sentTx() == null
                    && !r.settled()
                    && r.asset().equals(lock.asset())
                    && r.amount().equals(lock.amount())) {
                durable.reservations.put(e.getKey(), r.sent(tx));
                return;
            }
        }
    }

    /**
     * Changes the first unsettled reservation sent in {@code tx}. Several locks can share a transaction (a Fabric
     * adapter batches them); each one's outcome arrives on its own and changes one reservation.
     */
    private void updateReservation(TxRef tx, java.util.function.UnaryOperator<Reservation> change) {
        for (Map.Entry<TransferId, Reservation> e : durable.reservations.entrySet()) {
            if (tx.equals(e.getValue().sentTx()) && !e.getValue().settled()) {
                durable.reservations.put(e.getKey(), change.apply(e.getValue()));
                return;
            }
        }
    }

    private void freeSlot() {
        inFlight = Math.max(0, inFlight - 1); // a reply from before a restart frees nothing
        ChainAdapter a = adapter;
        while (a != null && inFlight < settings.maxInFlight() && !queued.isEmpty()) {
            send(a, queued.poll());
        }
    }

    private void recordLatency(long nanos) {
        synchronized (durable.latencies) {
            durable.latencies.addLast(nanos);
            while (durable.latencies.size() > LATENCY_SAMPLES) {
                durable.latencies.removeFirst();
            }
        }
        if (facts != null) {
            facts.update(durable.latencies);
        }
    }

    // --- watches, queries, inventory -------------------------------------------------------------------------------

    private Behavior<Command> onWatch(Watch watch) {
        durable.watches.put(watch.id(), watch.entity());
        return this;
    }

    private Behavior<Command> onUnwatch(Unwatch unwatch) {
        durable.watches.remove(unwatch.id());
        return this;
    }

    private Behavior<Command> onGetHtlc(GetHtlc query) {
        ChainAdapter a = adapter;
        if (a == null) {
            query.replyTo().tell(StatusReply.error(chain + ": the chain's adapter is not configured"));
            return this;
        }
        ctx.pipeToSelf(
                call(() -> a.htlc(query.id())),
                (r, err) -> new HtlcRead(
                        query,
                        err == null && r != null
                                ? StatusReply.success(r)
                                : StatusReply.error(chain + ": lock " + query.id() + " unknown: "
                                        + unwrap(err).getMessage())));
        return this;
    }

    private Behavior<Command> onHtlcRead(HtlcRead read) {
        read.query().replyTo().tell(read.reply());
        return this;
    }

    /**
     * Queues the reservation for the next balance read of its asset. One read per asset is in flight at a time and
     * answers every reservation that was waiting when it started, so a burst of transfers costs the node a few reads,
     * not one each, while every reservation is still checked against a balance read after it arrived.
     */
    private Behavior<Command> onReserve(Reserve reserve) {
        if (adapter == null) {
            reserve.replyTo().tell(StatusReply.error(chain + ": the chain's adapter is not configured"));
            return this;
        }
        reservesWaiting.computeIfAbsent(reserve.asset(), k -> new ArrayList<>()).add(reserve);
        readBalanceIfIdle(reserve.asset());
        return this;
    }

    private void readBalanceIfIdle(Asset asset) {
        ChainAdapter a = adapter;
        List<Reserve> waiting = reservesWaiting.remove(asset);
        if (a == null || waiting == null) {
            return;
        }
        if (balanceReading.contains(asset)) {
            reservesWaiting.put(asset, waiting);
            return;
        }
        balanceReading.add(asset);
        List<Reserve> batch = List.copyOf(waiting);
        ctx.pipeToSelf(call(() -> a.balance(asset)), (b, err) -> new BalanceRead(asset, batch, b, err));
    }

    private Behavior<Command> onGetAvailable(GetAvailable query) {
        ChainAdapter a = adapter;
        if (a == null) {
            query.replyTo().tell(StatusReply.error(chain + ": the chain's adapter is not configured"));
            return this;
        }
        ctx.pipeToSelf(call(() -> a.balance(query.asset())), (b, err) -> new AvailableRead(query, b, err));
        return this;
    }

    private Behavior<Command> onAvailableRead(AvailableRead read) {
        Amount balance = read.balance();
        if (read.error() != null || balance == null) {
            read.query()
                    .replyTo()
                    .tell(StatusReply.error("inventory of " + read.query().asset() + " on " + chain + " unknown: "
                            + unwrap(read.error()).getMessage()));
            return this;
        }
        Amount reserved = Amount.ZERO;
        for (Reservation r : durable.reservations.values()) {
            if (!r.settled() && r.asset().equals(read.query().asset())) {
                reserved = reserved.plus(r.amount());
            }
        }
        read.query()
                .replyTo()
                .tell(StatusReply.success(balance.compareTo(reserved) > 0 ? balance.minus(reserved) : Amount.ZERO));
        return this;
    }

    private Behavior<Command> onBalanceRead(BalanceRead read) {
        balanceReading.remove(read.asset());
        Amount balance = read.balance();
        for (Reserve reserve : read.reserves()) {
            if (read.error() != null || balance == null) {
                reserve.replyTo()
                        .tell(StatusReply.error("inventory of " + reserve.asset() + " on " + chain + " unknown: "
                                + unwrap(read.error()).getMessage()));
            } else {
                reserve(reserve, balance);
            }
        }
        readBalanceIfIdle(read.asset());
        return this;
    }

    /** Reserves against {@code balance} less the other open reservations of the asset, or names the shortfall. */
    private void reserve(Reserve reserve, Amount balance) {
        Reservation previous = durable.reservations.get(reserve.transfer());
        if (previous != null
                && previous.asset().equals(reserve.asset())
                && previous.amount().equals(reserve.amount())) {
            reserve.replyTo().tell(StatusReply.ack()); // reserved already (its lock may be sent and final)
            return;
        }
        Amount reserved = Amount.ZERO;
        for (Map.Entry<TransferId, Reservation> r : durable.reservations.entrySet()) {
            if (!r.getKey().equals(reserve.transfer())
                    && !r.getValue().settled()
                    && r.getValue().asset().equals(reserve.asset())) {
                reserved = reserved.plus(r.getValue().amount());
            }
        }
        Amount available = balance.compareTo(reserved) > 0 ? balance.minus(reserved) : Amount.ZERO;
        if (available.compareTo(reserve.amount()) < 0) {
            String message = "insufficient inventory on " + chain + ": " + reserve.transfer() + " needs "
                    + reserve.amount() + " " + reserve.asset() + ", available " + available + " (balance " + balance
                    + ", reserved " + reserved + "), short by "
                    + reserve.amount().minus(available);
            ctx.getLog().warn("{}", message);
            reserve.replyTo().tell(StatusReply.error(message));
            return;
        }
        durable.reservations.put(reserve.transfer(), new Reservation(reserve.asset(), reserve.amount(), null, false));
        if (previous == null) {
            ctx.getLog()
                    .debug(
                            "chain {}: reserved {} {} for {}",
                            chain,
                            reserve.amount(),
                            reserve.asset(),
                            reserve.transfer());
        }
        reserve.replyTo().tell(StatusReply.ack());
    }

    private Behavior<Command> onRelease(Release release) {
        durable.reservations.remove(release.transfer());
        return this;
    }

    // --- following and routing -------------------------------------------------------------------------------------

    private Behavior<Command> onStartFollowing(StartFollowing start) {
        durable.followingRequested = true;
        if (follower != null) {
            follower.tell(HeadFollower.Start.INSTANCE);
        }
        return this;
    }

    private Behavior<Command> onPull(Pull pull) {
        ChainAdapter a = adapter;
        if (a == null) {
            return this;
        }
        ctx.pipeToSelf(call(() -> a.events(pull.after(), pull.max())), (b, err) -> new PullDone(pull, b, err));
        return this;
    }

    private Behavior<Command> onPullDone(PullDone done) {
        EventBatch batch = done.batch();
        if (done.error() != null || batch == null) {
            Throwable cause = unwrap(done.error());
            durable.problem = (cause instanceof io.xrelay.adapter.VerificationFailedException
                            ? "verification failed: "
                            : "pull failed: ")
                    + cause.getMessage();
            done.pull().replyTo().tell(new HeadFollower.PullFailed(cause));
            return this;
        }
        durable.problem = "";
        if (durable.verifiedHead == null) {
            durable.verifiedHead = done.pull().after().block();
        }
        durable.nodeHead = batch.head().head().number();
        durable.nodeHeadAtNanos = System.nanoTime();
        if (!followingReported) {
            followingReported = true;
            notices.tell(new Following(chain, batch.head().head().number()));
            ctx.getLog()
                    .info(
                            "chain {}: following from {}, head #{}",
                            chain,
                            done.pull().after().block(),
                            batch.head().head().number());
        }
        routing = new Routing(done.pull(), batch);
        dispatchWave();
        return this;
    }

    /** One batch being routed: waves of events of distinct locks, each acknowledged before the next. */
    private static final class Routing {
        final Pull pull;
        final EventBatch batch;
        final List<VerifiedHtlcEvent> events;
        int waveStart;
        int waveEnd;
        int awaiting;
        boolean failed;

        Routing(Pull pull, EventBatch batch) {
            this.pull = pull;
            this.batch = batch;
            this.events = batch.finalEvents();
        }
    }

    private void dispatchWave() {
        Routing r = routing;
        ChainAdapter a = adapter;
        if (r == null || a == null) {
            return;
        }
        while (true) {
            if (r.waveStart >= r.events.size()) {
                boolean more = r.events.size() >= r.pull.max()
                        || r.batch.checkpoint().block().number()
                                < r.batch.head().finalized().number();
                r.pull.replyTo().tell(new HeadFollower.Pulled(r.batch.checkpoint(), more));
                durable.verifiedHead = r.batch.checkpoint().block();
                routing = null;
                return;
            }
            round++;
            long thisRound = round;
            Set<HtlcId> inWave = new HashSet<>();
            int end = r.waveStart;
            int asked = 0;
            while (end < r.events.size() && inWave.add(r.events.get(end).event().id())) {
                VerifiedHtlcEvent event = r.events.get(end);
                ActorRef<TransferEntity.Command> entity =
                        durable.watches.get(event.event().id());
                if (entity != null) {
                    ctx.ask(
                            Done.class,
                            entity,
                            ackTimeout,
                            ack -> new TransferEntity.ChainEventSeen(chain, event, ack),
                            (ok, err) -> new EventAcked(thisRound, err == null));
                    asked++;
                } else if (event.event() instanceof HtlcEvent.Locked locked
                        && locked.terms().receiver().equals(a.signer())) {
                    ctx.ask(
                            Done.class,
                            notices,
                            ackTimeout,
                            ack -> new SourceLockFound(chain, event, ack),
                            (ok, err) -> new EventAcked(thisRound, err == null));
                    asked++;
                } else {
                    ctx.getLog().debug("chain {}: event {} of no transfer", chain, event.event());
                }
                end++;
            }
            r.waveEnd = end;
            r.awaiting = asked;
            r.failed = false;
            if (asked > 0) {
                return;
            }
            r.waveStart = end;
        }
    }

    private Behavior<Command> onEventAcked(EventAcked acked) {
        Routing r = routing;
        if (r == null || acked.round() != round) {
            return this;
        }
        if (!acked.ok()) {
            r.failed = true;
        }
        r.awaiting--;
        if (r.awaiting > 0) {
            return this;
        }
        if (r.failed) {
            ctx.getLog()
                    .warn(
                            "chain {}: events {}..{} of the batch up to {} not acknowledged in {}, delivering again",
                            chain,
                            r.waveStart,
                            r.waveEnd - 1,
                            r.batch.checkpoint().block(),
                            ackTimeout);
        } else {
            r.waveStart = r.waveEnd;
        }
        dispatchWave();
        return this;
    }

    // --- information -----------------------------------------------------------------------------------------------

    private Behavior<Command> onGetInfo(GetInfo query) {
        ChainAdapter a = adapter;
        boolean stale =
                durable.nodeHead < 0 || System.nanoTime() - durable.nodeHeadAtNanos > NODE_HEAD_MAX_AGE.toNanos();
        if (a != null && stale) {
            ctx.pipeToSelf(call(a::head), (h, err) -> new NodeHeadRead(query, h, err));
        } else {
            query.replyTo().tell(info());
        }
        return this;
    }

    private Behavior<Command> onNodeHeadRead(NodeHeadRead read) {
        ChainHead head = read.head();
        if (head != null) {
            durable.nodeHead = head.head().number();
            durable.nodeHeadAtNanos = System.nanoTime();
        } else {
            ctx.getLog()
                    .debug(
                            "chain {}: head unknown: {}",
                            chain,
                            unwrap(read.error()).getMessage());
        }
        read.query().replyTo().tell(info());
        return this;
    }

    private ChainInfo info() {
        Facts f = facts;
        ChainAdapter a = adapter;
        return new ChainInfo(
                chain,
                followingReported,
                Optional.ofNullable(durable.verifiedHead),
                durable.nodeHead,
                durable.problem,
                a == null ? Optional.empty() : Optional.of(a.signer()),
                f == null ? settings.finalityTime() : f.finality());
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private Behavior<Command> closeAdapter() {
        if (adapter != null) {
            factsBoard.remove(chain, facts);
            adapter.close();
        }
        return this;
    }

    private static <T> CompletionStage<T> call(java.util.function.Supplier<CompletionStage<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedStage(e);
        }
    }

    private static Throwable unwrap(@Nullable Throwable error) {
        Throwable t = error == null ? new IllegalStateException("no result") : error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String problemOf(AdapterConfigException e) {
        String message = String.valueOf(e.getMessage());
        String prefix = e.chain() + ": config '" + e.key() + "': ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private static String describe(Submit submit) {
        return switch (submit.intent()) {
            case TxIntent.Lock l -> "lock of " + l.r().amount() + " " + l.r().asset() + " for " + l.r().receiver();
            case TxIntent.Claim c -> "claim of " + c.r().id();
            case TxIntent.Refund r -> "refund of " + r.r().id();
        };
    }

    /** The published facts of this chain. */
    private static final class Facts implements ChainFacts {
        private final ChainId chain;
        private final ChainAdapter adapter;
        private final Duration configuredFinality;
        private final Duration clockTolerance;
        private volatile Duration finality;

        Facts(ChainId chain, ChainAdapter adapter, Duration configuredFinality, Duration clockTolerance) {
            this.chain = chain;
            this.adapter = adapter;
            this.configuredFinality = configuredFinality;
            this.clockTolerance = clockTolerance;
            this.finality = configuredFinality;
        }

        void update(ArrayDeque<Long> latencies) {
            List<Long> sorted;
            synchronized (latencies) {
                sorted = new ArrayList<>(latencies);
            }
            finality = effectiveFinality(configuredFinality, sorted);
        }

        @Override
        public ChainId chain() {
            return chain;
        }

        @Override
        public io.xrelay.adapter.Account operator() {
            return adapter.signer();
        }

        @Override
        public HtlcId lockId(io.xrelay.adapter.LockTerms terms) {
            return adapter.lockId(terms);
        }

        @Override
        public Optional<String> accountProblem(io.xrelay.adapter.Account account) {
            return adapter.accountProblem(account);
        }

        @Override
        public Duration finality() {
            return finality;
        }

        @Override
        public Duration clockTolerance() {
            return clockTolerance;
        }

        @Override
        public String toString() {
            return "ChainFacts[" + chain + ", operator " + adapter.signer() + ", finality " + finality
                    + ", clock tolerance " + clockTolerance + "]";
        }
    }

    /** The larger of {@code configured} and the p99 of {@code latenciesNanos} (nearest rank). */
    static Duration effectiveFinality(Duration configured, List<Long> latenciesNanos) {
        if (latenciesNanos.isEmpty()) {
            return configured;
        }
        List<Long> sorted = new ArrayList<>(latenciesNanos);
        sorted.sort(null);
        int rank = (int) Math.ceil(0.99 * sorted.size());
        Duration p99 = Duration.ofNanos(sorted.get(Math.max(0, rank - 1)));
        return p99.compareTo(configured) > 0 ? p99 : configured;
    }
}
