/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.relayer;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.PreflightCheck;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.VerifiedHtlcEvent;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.chain.ChainFacts;
import io.xrelay.relay.chain.ChainRegistration;
import io.xrelay.relay.chain.ChainRegistry;
import io.xrelay.relay.chain.ChainView;
import io.xrelay.relay.chain.Preflight;
import io.xrelay.relay.config.ChainConfig;
import io.xrelay.relay.config.ChainRelaySettings;
import io.xrelay.relay.config.RelayConfig;
import io.xrelay.relay.config.RelayConfigException;
import io.xrelay.relay.transfer.IdempotencyKeys;
import io.xrelay.relay.transfer.TransferContext;
import io.xrelay.relay.transfer.TransferDirectory;
import io.xrelay.relay.transfer.TransferEntity;
import io.xrelay.relay.transfer.TransferId;
import io.xrelay.relay.transfer.TransferIndex;
import io.xrelay.relay.transfer.TransferPolicy;
import io.xrelay.relay.transfer.TransferView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;
import org.jspecify.annotations.Nullable;

/**
 * The root of a running relay. Boots in this order, each step once the one before is done:
 *
 * <ol>
 *   <li>the {@link ChainRegistry}, synced with the configuration file;
 *   <li>a {@link ChainActor} per registered chain (the file's entry, or the registry's for a chain the file no
 *       longer lists), each opening its adapter and publishing its {@link ChainFacts};
 *   <li>the {@link TransferIndex}, and every open {@link TransferEntity} in it, each recovering, watching its locks
 *       and reporting back (at most {@link #RECOVERY_TIMEOUT});
 *   <li>{@link ChainActor.StartFollowing} to every chain; once each has pulled once, the relay is ready.
 * </ol>
 *
 * Then it spawns (or finds) the entity of every new source lock ({@link RouteSourceLock}) and passes queries and
 * secrets on to entities. Chains and entities are supervised with a restart with backoff where they are spawned.
 * Boot failures (a chain whose adapter cannot be made) complete the ready future with a
 * {@link RelayConfigException} naming the key.
 */
public final class RelayGuardian extends AbstractBehavior<RelayGuardian.Command> {
    /** What the guardian understands. */
    public sealed interface Command {}

    /**
     * A verified final {@code Locked} paying the operator on {@code chain} that no transfer watches: spawn (or find)
     * its transfer and hand it the event; the transfer acknowledges on {@code ack}.
     */
    public record RouteSourceLock(ChainId chain, VerifiedHtlcEvent event, ActorRef<Done> ack) implements Command {}

    /**
     * The view of transfer {@code id}; an entity not running is started (and recovers from the journal) to answer,
     * one never seen answers state {@code None}.
     */
    public record GetTransfer(TransferId id, ActorRef<TransferView> replyTo) implements Command {}

    /** The views of every transfer running in this relay (open ones, and those seen or asked for since boot). */
    public record ListTransfers(ActorRef<List<TransferView>> replyTo) implements Command {}

    /** The recipient's secret of transfer {@code id}, passed on to its entity (which keeps it in memory only). */
    public record RevealSecret(TransferId id, Preimage preimage, ActorRef<StatusReply<Done>> replyTo)
            implements Command {}

    /**
     * Subscribes {@code subscriber} to transfer {@code id}'s views: the current one at once, then one after each state
     * change (see {@link TransferEntity.Subscribe}); an entity not running is started to answer.
     */
    public record WatchTransfer(TransferId id, ActorRef<TransferView> subscriber) implements Command {}

    /** Ends a {@link WatchTransfer}. */
    public record UnwatchTransfer(TransferId id, ActorRef<TransferView> subscriber) implements Command {}

    /** The facts and actors of every chain that is open now, and the relay's transfer policy, for quotes. */
    public record GetQuoteBasis(ActorRef<QuoteBasis> replyTo) implements Command {}

    /**
     * What a quote is computed from: a snapshot of the open chains' facts, their actors and the policy; and the
     * idempotency keys of announcements.
     */
    public record QuoteBasis(
            Map<ChainId, ChainFacts> chains,
            Map<ChainId, ActorRef<ChainActor.Command>> actors,
            TransferPolicy policy,
            ActorRef<IdempotencyKeys.Command> keys,
            ActorRef<TransferDirectory.Command> directory) {
        public QuoteBasis {
            chains = Map.copyOf(chains);
            actors = Map.copyOf(actors);
        }
    }

    /**
     * Records a dApp's announcement of transfer {@code id} (already checked against the policy): claims the
     * idempotency key with {@code requestDigest}, registers the transfer in the index and has its entity record the
     * announcement, in that order, so that a retry after any failure completes it. {@code replyTo} hears
     * {@link Announced} (also for a retry of the same request, or a transfer whose lock was already seen) or
     * {@link KeyConflict}; a failure fails the ask.
     */
    public record AnnounceTransfer(
            TransferId id,
            TransferEntity.Announcement announcement,
            String requestDigest,
            ActorRef<StatusReply<AnnounceReply>> replyTo)
            implements Command {}

    /** The answer to {@link AnnounceTransfer}. */
    public sealed interface AnnounceReply {}

    /** The transfer as it is after the announcement; {@code replayed} if the key had been claimed by this request. */
    public record Announced(TransferView view, boolean replayed) implements AnnounceReply {}

    /** The idempotency key was claimed by another request, for transfer {@code existing}. */
    public record KeyConflict(String existing) implements AnnounceReply {}

    /** Where boot stands. */
    public record GetStatus(ActorRef<Status> replyTo) implements Command {}

    // --- chain admin -----------------------------------------------------------------------------------------------

    /**
     * Register a chain while the relay runs: pre-flight checks first; only if all pass (and not
     * {@code validateOnly}) is the chain recorded, its actor spawned and following started.
     */
    public record RegisterChain(ChainRegistration registration, boolean validateOnly, ActorRef<RegisterOutcome> replyTo)
            implements Command {}

    /** The outcomes of {@link RegisterChain}. */
    public sealed interface RegisterOutcome {
        /** Recorded and following is starting. */
        record Registered(ChainView chain, List<PreflightCheck> checks) implements RegisterOutcome {
            public Registered {
                checks = List.copyOf(checks);
            }
        }

        /** {@code validateOnly}: every check passed, nothing recorded. */
        record Validated(List<PreflightCheck> checks) implements RegisterOutcome {
            public Validated {
                checks = List.copyOf(checks);
            }
        }

        /** A check failed; nothing recorded. {@code failures}: each failed check, joined by "; ". */
        record ChecksFailed(List<PreflightCheck> checks, String failures) implements RegisterOutcome {
            public ChecksFailed {
                checks = List.copyOf(checks);
            }
        }

        /** The chain's entry is unusable: {@code key} of the entry (empty if unknown). */
        record Invalid(String key, String problem) implements RegisterOutcome {}

        /** The chain id is registered already (or being registered). */
        record AlreadyExists(String message) implements RegisterOutcome {}

        /** The relay cannot register chains now (it is starting or stopping). */
        record Unavailable(String message) implements RegisterOutcome {}
    }

    /** Every registered chain, in registration order. */
    public record ListChains(ActorRef<List<ChainView>> replyTo) implements Command {}

    /** Asks about one chain; the reply is empty if it is not registered. */
    public record GetChain(ChainId chain, ActorRef<Optional<ChainView>> replyTo) implements Command {}

    /** Pause a chain (persisted, idempotent): no new transfer starts from or to it. */
    public record PauseChain(ChainId chain, String reason, ActorRef<ChainReply> replyTo) implements Command {}

    /** Resume a paused chain (persisted, idempotent). */
    public record ResumeChain(ChainId chain, ActorRef<ChainReply> replyTo) implements Command {}

    /** Retire a chain: refused while transfers from or to it are open. */
    public record DeregisterChain(ChainId chain, ActorRef<ChainReply> replyTo) implements Command {}

    /** The replies to pause, resume and deregister. */
    public sealed interface ChainReply {
        /** Done; the chain as it is now (for deregister: as it was). */
        record Done(ChainView chain) implements ChainReply {}

        /** No chain of that id is registered. */
        record NotFound(String message) implements ChainReply {}

        /** Refused in the chain's current state (open transfers). */
        record Refused(String message) implements ChainReply {}

        /** The relay cannot do it now. */
        record Unavailable(String message) implements ChainReply {}
    }

    /**
     * Where boot stands.
     *
     * @param phase registry, chains, transfers, following or ready
     * @param chains every registered chain, in the file's order first
     * @param heights the verified head of each chain that has started following, when it did
     */
    public record Status(String phase, List<ChainId> chains, Map<ChainId, Long> heights) {
        public Status {
            chains = List.copyOf(chains);
            heights = Map.copyOf(heights);
        }
    }

    /**
     * The relay is ready: every chain follows.
     *
     * @param chains the chains with their verified head height when following started, in the file's order
     */
    public record Ready(List<ChainHeight> chains) {
        public Ready {
            chains = List.copyOf(chains);
        }

        /** {@code xrelay: relay ready (chains: eth-dev@120, fabric-dev@7)}. */
        public String line() {
            StringBuilder b = new StringBuilder("xrelay: relay ready (chains: ");
            for (int i = 0; i < chains.size(); i++) {
                b.append(i == 0 ? "" : ", ")
                        .append(chains.get(i).chain())
                        .append('@')
                        .append(chains.get(i).height());
            }
            return b.append(')').toString();
        }
    }

    /** A chain and a height. */
    public record ChainHeight(ChainId chain, long height) {}

    private record RegistrySynced(ChainRegistry.Registered registered) implements Command {}

    private record BootFailed(Throwable cause) implements Command {}

    private record ChainNotice(ChainActor.Notice notice) implements Command {}

    private record OpenTransfersRead(Set<TransferId> ids) implements Command {}

    private record TransferRecovered(TransferId id) implements Command {}

    /** The index has persisted a new source lock's transfer; now its entity may take the lock. */
    private record SourceLockRegistered(RouteSourceLock route, TransferId id) implements Command {}

    /** The index could not persist it: the lock is not acknowledged, so its chain delivers it again. */
    private record SourceLockNotRegistered(RouteSourceLock route, Throwable cause) implements Command {}

    private record EntityStopped(TransferId id) implements Command {}

    private record PreflightDone(RegisterChain request, Preflight.@Nullable Outcome outcome, @Nullable Throwable error)
            implements Command {}

    private record ChainRecorded(
            RegisterChain request,
            Preflight.Outcome outcome,
            ChainRegistry.@Nullable Entry entry,
            @Nullable Throwable error)
            implements Command {}

    private record PauseRecorded(
            ChainId chain,
            boolean paused,
            ActorRef<ChainReply> replyTo,
            ChainRegistry.@Nullable Entry entry,
            @Nullable Throwable error)
            implements Command {}

    private record DeregisterCounted(
            DeregisterChain request, TransferIndex.@Nullable OpenTransfers open, @Nullable Throwable error)
            implements Command {}

    private record DeregisterViewed(DeregisterChain request, ChainView last) implements Command {}

    private record DeregisterRecorded(DeregisterChain request, ChainView last, @Nullable Throwable error)
            implements Command {}

    /** How long a chain's actor or the index may take to answer for a chain's view. */
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(5);

    private record AnnounceStep(
            AnnounceTransfer request,
            boolean replayed,
            int step,
            @Nullable TransferView view,
            @Nullable Throwable error)
            implements Command {}

    private enum RecoveryTimeout implements Command {
        INSTANCE
    }

    /** The longest the guardian waits for the open transfers to recover before following starts anyway. */
    static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

    private enum Phase {
        REGISTRY,
        CHAINS,
        TRANSFERS,
        FOLLOWING,
        READY,
        FAILED
    }

    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final RelayConfig config;
    private final ChainActor.AdapterFactory adapters;
    private final CompletableFuture<Ready> ready;
    private final Map<ChainId, ChainFacts> facts = new ConcurrentHashMap<>();
    private final Map<ChainId, ActorRef<ChainActor.Command>> chains = new ConcurrentHashMap<>();
    private final List<ChainId> chainOrder = new ArrayList<>();
    private final Set<ChainId> opened = new HashSet<>();
    private final Map<ChainId, Long> heights = new LinkedHashMap<>();
    private final Map<ChainId, ChainRegistry.Entry> entries = new ConcurrentHashMap<>();
    private final Set<ChainId> paused = ConcurrentHashMap.newKeySet();
    private final Set<ChainId> registering = new HashSet<>();
    private final Map<ChainId, String> broken = new ConcurrentHashMap<>();
    private final ActorRef<ChainRegistry.Command> registry;
    private long runtimeSpawns;
    private final Map<TransferId, ActorRef<TransferEntity.Command>> entities = new HashMap<>();
    private final Set<TransferId> recovering = new HashSet<>();
    private final ActorRef<ChainActor.Notice> noticeAdapter;
    private final TransferContext transferContext;
    private final ActorRef<IdempotencyKeys.Command> keys;
    private final ActorRef<TransferDirectory.Command> directory;
    private Phase phase = Phase.REGISTRY;

    /**
     * The guardian of a relay.
     *
     * @param config the relay's configuration
     * @param adapters makes each chain's adapter
     * @param clock the relay's clock, given to every transfer
     * @param ready completed once every chain follows, or exceptionally if boot fails
     */
    public static Behavior<Command> create(
            RelayConfig config, ChainActor.AdapterFactory adapters, Clock clock, CompletableFuture<Ready> ready) {
        return Behaviors.setup(
                ctx -> Behaviors.withTimers(timers -> new RelayGuardian(ctx, timers, config, adapters, clock, ready)));
    }

    private RelayGuardian(
            ActorContext<Command> ctx,
            TimerScheduler<Command> timers,
            RelayConfig config,
            ChainActor.AdapterFactory adapters,
            Clock clock,
            CompletableFuture<Ready> ready) {
        super(ctx);
        this.ctx = ctx;
        this.timers = timers;
        this.config = config;
        this.adapters = adapters;
        this.ready = ready;
        this.noticeAdapter = ctx.messageAdapter(ChainActor.Notice.class, ChainNotice::new);
        ActorRef<TransferIndex.Command> index = ctx.spawn(supervised(TransferIndex.create()), "transfer-index");
        this.directory = ctx.spawn(supervised(TransferDirectory.create()), "transfer-directory");
        this.transferContext = new TransferContext(
                id -> Optional.ofNullable(chains.get(id)),
                id -> Optional.ofNullable(facts.get(id)).map(f -> paused.contains(id) ? new PausedFacts(f) : f),
                config.pairs(),
                config.timing(),
                clock,
                index,
                ctx.messageAdapter(TransferId.class, TransferRecovered::new),
                Optional.of(directory));
        this.keys = ctx.spawn(supervised(IdempotencyKeys.create()), "idempotency-keys");
        this.registry = ctx.spawn(supervised(ChainRegistry.create()), "chain-registry");
        ctx.ask(
                ChainRegistry.Registered.class,
                registry,
                ASK_TIMEOUT,
                replyTo -> new ChainRegistry.SyncWithFile(config.chains(), replyTo),
                (r, err) -> r != null ? new RegistrySynced(r) : new BootFailed(orTimeout(err, "chain registry")));
        ctx.getLog()
                .info(
                        "relay starting: {} chains, {} pairs",
                        config.chains().size(),
                        config.pairs().size());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(RegistrySynced.class, this::onRegistrySynced)
                .onMessage(BootFailed.class, this::onBootFailed)
                .onMessage(ChainNotice.class, this::onChainNotice)
                .onMessage(OpenTransfersRead.class, this::onOpenTransfersRead)
                .onMessage(TransferRecovered.class, this::onTransferRecovered)
                .onMessage(RecoveryTimeout.class, this::onRecoveryTimeout)
                .onMessage(EntityStopped.class, this::onEntityStopped)
                .onMessage(RouteSourceLock.class, this::onRouteSourceLock)
                .onMessage(SourceLockRegistered.class, this::onSourceLockRegistered)
                .onMessage(SourceLockNotRegistered.class, this::onSourceLockNotRegistered)
                .onMessage(GetTransfer.class, this::onGetTransfer)
                .onMessage(ListTransfers.class, this::onListTransfers)
                .onMessage(RevealSecret.class, this::onRevealSecret)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(WatchTransfer.class, w -> {
                    entity(w.id()).tell(new TransferEntity.Subscribe(w.subscriber()));
                    return this;
                })
                .onMessage(UnwatchTransfer.class, w -> {
                    ActorRef<TransferEntity.Command> ref = entities.get(w.id());
                    if (ref != null) {
                        ref.tell(new TransferEntity.Unsubscribe(w.subscriber()));
                    }
                    return this;
                })
                .onMessage(GetQuoteBasis.class, q -> {
                    Map<ChainId, ChainFacts> now = new HashMap<>();
                    facts.forEach((id, f) -> now.put(id, paused.contains(id) ? new PausedFacts(f) : f));
                    q.replyTo().tell(new QuoteBasis(now, chains, transferContext.policy(), keys, directory));
                    return this;
                })
                .onMessage(AnnounceTransfer.class, this::onAnnounceTransfer)
                .onMessage(AnnounceStep.class, this::onAnnounceStep)
                .onMessage(RegisterChain.class, this::onRegisterChain)
                .onMessage(PreflightDone.class, this::onPreflightDone)
                .onMessage(ChainRecorded.class, this::onChainRecorded)
                .onMessage(ListChains.class, this::onListChains)
                .onMessage(GetChain.class, this::onGetChain)
                .onMessage(PauseChain.class, this::onPauseChain)
                .onMessage(ResumeChain.class, this::onResumeChain)
                .onMessage(PauseRecorded.class, this::onPauseRecorded)
                .onMessage(DeregisterChain.class, this::onDeregisterChain)
                .onMessage(DeregisterCounted.class, this::onDeregisterCounted)
                .onMessage(DeregisterViewed.class, this::onDeregisterViewed)
                .onMessage(DeregisterRecorded.class, this::onDeregisterRecorded)
                .build();
    }

    // --- boot ------------------------------------------------------------------------------------------------------

    private Behavior<Command> onRegistrySynced(RegistrySynced synced) {
        List<ChainRegistry.Entry> entries = new ArrayList<>(synced.registered().chains());
        // the file's order first, then chains only the registry knows
        entries.sort((a, b) -> Integer.compare(fileIndex(a.chain()), fileIndex(b.chain())));
        phase = Phase.CHAINS;
        for (ChainRegistry.Entry entry : entries) {
            ChainId id = entry.chain();
            this.entries.put(id, entry);
            if (entry.paused()) {
                paused.add(id);
            }
            Optional<ChainConfig> fromFile = config.chain(id);
            String path = fromFile.isPresent() ? "xrelay.chains[" + fileIndex(id) + "]" : "registered chain " + id;
            Config chainConfig;
            ChainRelaySettings settings;
            if (fromFile.isEmpty()) {
                Optional<String> redacted = redactedKey(entry.configHocon());
                if (redacted.isPresent()) {
                    fail(new RelayConfigException(
                            path + "." + redacted.get(),
                            "its value was not stored (a secret of a chain of the configuration file, which no longer"
                                    + " lists it): add the chain back to the file, or deregister it and register it"
                                    + " again with the secret as a reference (signer-key-env, signer-key-file,"
                                    + " signer.private-key-env, signer.private-key-file)"));
                    return this;
                }
            }
            try {
                chainConfig = fromFile.map(ChainConfig::config)
                        .orElseGet(() -> ConfigFactory.parseString(entry.configHocon()));
                settings = fromFile.map(ChainConfig::relay)
                        .orElseGet(() -> ChainRelaySettings.fromConfig(chainConfig, path));
            } catch (ConfigException e) {
                fail(new RelayConfigException(path, String.valueOf(e.getMessage()), e));
                return this;
            }
            chainOrder.add(id);
            ActorRef<ChainActor.Command> ref = ctx.spawn(
                    supervised(ChainActor.create(
                            id, chainConfig, settings, config.timing().pollInterval(), adapters, facts, noticeAdapter)),
                    "chain-" + id.value());
            chains.put(id, ref);
        }
        if (chainOrder.isEmpty()) {
            ctx.getLog().info("no chain is configured or registered yet; chains may be registered at runtime");
            readOpenTransfers();
        }
        return this;
    }

    private Behavior<Command> onChainNotice(ChainNotice wrapped) {
        switch (wrapped.notice()) {
            case ChainActor.Opened o -> {
                opened.add(o.chain());
                if (phase == Phase.CHAINS && opened.containsAll(chainOrder)) {
                    readOpenTransfers();
                }
            }
            case ChainActor.Broken b -> {
                broken.put(b.chain(), "configuration '" + b.key() + "': " + b.problem());
                int i = fileIndex(b.chain());
                String key = i < config.chains().size()
                        ? "xrelay.chains[" + i + "]." + b.key()
                        : "registered chain " + b.chain() + "." + b.key();
                fail(new RelayConfigException(key, b.problem()));
            }
            case ChainActor.Following f -> {
                heights.putIfAbsent(f.chain(), f.height());
                maybeReady();
            }
            case ChainActor.SourceLockFound s -> onRouteSourceLock(new RouteSourceLock(s.chain(), s.event(), s.ack()));
        }
        return this;
    }

    private void readOpenTransfers() {
        phase = Phase.TRANSFERS;
        ctx.ask(
                TransferIndex.OpenTransfers.class,
                transferContext.index(),
                ASK_TIMEOUT,
                TransferIndex.GetOpen::new,
                (r, err) ->
                        r != null ? new OpenTransfersRead(r.ids()) : new BootFailed(orTimeout(err, "transfer index")));
    }

    private Behavior<Command> onOpenTransfersRead(OpenTransfersRead read) {
        ctx.getLog().info("recovering {} open transfers", read.ids().size());
        for (TransferId id : read.ids()) {
            recovering.add(id);
            entity(id);
        }
        if (recovering.isEmpty()) {
            startFollowing();
        } else {
            timers.startSingleTimer(RecoveryTimeout.INSTANCE, RECOVERY_TIMEOUT);
        }
        return this;
    }

    private Behavior<Command> onTransferRecovered(TransferRecovered recovered) {
        if (recovering.remove(recovered.id()) && recovering.isEmpty() && phase == Phase.TRANSFERS) {
            timers.cancel(RecoveryTimeout.INSTANCE);
            startFollowing();
        }
        return this;
    }

    private Behavior<Command> onRecoveryTimeout(RecoveryTimeout timeout) {
        if (phase == Phase.TRANSFERS) {
            ctx.getLog()
                    .warn(
                            "{} transfers did not recover within {}; following starts anyway: {}",
                            recovering.size(),
                            RECOVERY_TIMEOUT,
                            recovering);
            startFollowing();
        }
        return this;
    }

    private void startFollowing() {
        phase = Phase.FOLLOWING;
        ctx.getLog().info("every open transfer recovered; following {}", chainOrder);
        chains.values().forEach(c -> c.tell(ChainActor.StartFollowing.INSTANCE));
        maybeReady();
    }

    private void maybeReady() {
        if (phase == Phase.FOLLOWING && heights.keySet().containsAll(chainOrder)) {
            phase = Phase.READY;
            Ready r = new Ready(chainOrder.stream()
                    .map(c -> new ChainHeight(c, heights.getOrDefault(c, -1L)))
                    .toList());
            ctx.getLog().info("{}", r.line());
            ready.complete(r);
        }
    }

    private Behavior<Command> onBootFailed(BootFailed failed) {
        fail(failed.cause());
        return this;
    }

    private void fail(Throwable cause) {
        if (phase != Phase.READY && phase != Phase.FAILED) {
            phase = Phase.FAILED;
            ctx.getLog().error("relay cannot start: {}", cause.getMessage());
            ready.completeExceptionally(cause);
        }
    }

    // --- transfers -------------------------------------------------------------------------------------------------

    private Behavior<Command> onRouteSourceLock(RouteSourceLock route) {
        if (!(route.event().event() instanceof HtlcEvent.Locked)) {
            route.ack().tell(Done.getInstance());
            return this;
        }
        TransferId id = new TransferId(route.chain(), route.event().event().id());
        // The index first (idempotent): an entity's first event and the chain's checkpoint may be persisted before a
        // crash,
        // and the transfer must then be in the index so that boot starts it.
        ctx.ask(
                Done.class,
                transferContext.index(),
                ASK_TIMEOUT,
                written -> new TransferIndex.Register(
                        id, ((HtlcEvent.Locked) route.event().event()).terms().destinationChain(), written),
                (done, err) -> done != null
                        ? new SourceLockRegistered(route, id)
                        : new SourceLockNotRegistered(route, orTimeout(err, "transfer index")));
        return this;
    }

    private Behavior<Command> onSourceLockRegistered(SourceLockRegistered r) {
        entity(r.id())
                .tell(new TransferEntity.ChainEventSeen(
                        r.route().chain(), r.route().event(), r.route().ack()));
        return this;
    }

    private Behavior<Command> onSourceLockNotRegistered(SourceLockNotRegistered r) {
        ctx.getLog()
                .warn(
                        "source lock {} on {} not taken yet: {}",
                        r.route().event().event().id(),
                        r.route().chain(),
                        r.cause().getMessage());
        return this;
    }

    private Behavior<Command> onGetTransfer(GetTransfer get) {
        entity(get.id()).tell(new TransferEntity.Get(get.replyTo()));
        return this;
    }

    private Behavior<Command> onRevealSecret(RevealSecret reveal) {
        entity(reveal.id()).tell(new TransferEntity.RevealSecret(reveal.preimage(), reveal.replyTo()));
        return this;
    }

    private Behavior<Command> onListTransfers(ListTransfers list) {
        List<ActorRef<TransferEntity.Command>> running = List.copyOf(entities.values());
        ctx.spawnAnonymous(ViewCollector.create(running, ASK_TIMEOUT, list.replyTo()));
        return this;
    }

    private Behavior<Command> onAnnounceTransfer(AnnounceTransfer a) {
        ctx.ask(
                IdempotencyKeys.Claimed.class,
                keys,
                ASK_TIMEOUT,
                replyTo -> new IdempotencyKeys.Claim(
                        a.announcement().idempotencyKey(), a.id().asString(), a.requestDigest(), replyTo),
                (claimed, err) -> {
                    if (claimed == null) {
                        return new AnnounceStep(a, false, -1, null, orTimeout(err, "idempotency keys"));
                    }
                    if (claimed.outcome() == IdempotencyKeys.Outcome.CONFLICT) {
                        a.replyTo().tell(StatusReply.success(new KeyConflict(claimed.transferId())));
                        return new AnnounceStep(a, false, 3, null, null);
                    }
                    return new AnnounceStep(a, claimed.outcome() == IdempotencyKeys.Outcome.SAME, 0, null, null);
                });
        return this;
    }

    /**
     * The steps of an announcement after its key is claimed: 0 ask the entity's view; 1 (not seen yet) register in
     * the index; 2 the entity records the announcement; 3 done (answered). A failure (step -1) fails the ask.
     */
    private Behavior<Command> onAnnounceStep(AnnounceStep s) {
        AnnounceTransfer a = s.request();
        Throwable error = s.error();
        if (error != null) {
            ctx.getLog().warn("announcement of {} not recorded: {}", a.id(), error.getMessage());
            a.replyTo().tell(StatusReply.error(error));
            return this;
        }
        switch (s.step()) {
            case 0 ->
                ctx.ask(
                        TransferView.class,
                        entity(a.id()),
                        ASK_TIMEOUT,
                        TransferEntity.Get::new,
                        (v, err) -> v == null
                                ? new AnnounceStep(a, s.replayed(), -1, null, orTimeout(err, "transfer " + a.id()))
                                : v.state().equals("None")
                                        ? new AnnounceStep(a, s.replayed(), 1, v, null)
                                        : new AnnounceStep(a, s.replayed(), 3, v, null));
            case 1 ->
                ctx.ask(
                        Done.class,
                        transferContext.index(),
                        ASK_TIMEOUT,
                        written -> new TransferIndex.Register(
                                a.id(), ChainId.of(a.announcement().terms().destinationChain()), written),
                        (done, err) -> done == null
                                ? new AnnounceStep(a, s.replayed(), -1, null, orTimeout(err, "transfer index"))
                                : new AnnounceStep(a, s.replayed(), 2, null, null));
            case 2 ->
                ctx.ask(
                        TransferView.class,
                        entity(a.id()),
                        ASK_TIMEOUT,
                        replyTo -> new TransferEntity.Announce(a.announcement(), replyTo),
                        (v, err) -> v == null
                                ? new AnnounceStep(a, s.replayed(), -1, null, orTimeout(err, "transfer " + a.id()))
                                : new AnnounceStep(a, s.replayed(), 3, v, null));
            default -> {
                TransferView v = s.view();
                if (v != null) {
                    a.replyTo().tell(StatusReply.success(new Announced(v, s.replayed())));
                }
            }
        }
        return this;
    }

    private Behavior<Command> onGetStatus(GetStatus get) {
        get.replyTo().tell(new Status(phase.name().toLowerCase(java.util.Locale.ROOT), chainOrder, heights));
        return this;
    }

    private Behavior<Command> onEntityStopped(EntityStopped stopped) {
        entities.remove(stopped.id());
        return this;
    }

    private ActorRef<TransferEntity.Command> entity(TransferId id) {
        ActorRef<TransferEntity.Command> ref = entities.get(id);
        if (ref == null) {
            ref = ctx.spawn(supervised(TransferEntity.create(id, transferContext)), id.actorName());
            ctx.watchWith(ref, new EntityStopped(id));
            entities.put(id, ref);
        }
        return ref;
    }

    // --- chain admin -----------------------------------------------------------------------------------------------

    private Behavior<Command> onRegisterChain(RegisterChain request) {
        ChainId id = request.registration().chain();
        if (phase != Phase.READY) {
            request.replyTo()
                    .tell(new RegisterOutcome.Unavailable(
                            "the relay is " + phase.name().toLowerCase(java.util.Locale.ROOT)
                                    + "; chains can be registered once it is ready"));
            return this;
        }
        if (entries.containsKey(id) || registering.contains(id)) {
            request.replyTo()
                    .tell(new RegisterOutcome.AlreadyExists(
                            "chain " + id + " is registered already; deregister it first"));
            return this;
        }
        try {
            ChainRelaySettings.fromConfig(request.registration().entry(), "registered chain " + id);
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            String prefix = "registered chain " + id + ".";
            request.replyTo()
                    .tell(new RegisterOutcome.Invalid(
                            "", message.startsWith(prefix) ? message.substring(prefix.length()) : message));
            return this;
        }
        registering.add(id);
        ctx.getLog()
                .info(
                        "chain {}: pre-flight checks of a {} registration{}",
                        id,
                        request.registration().type(),
                        request.validateOnly() ? " (validate only)" : "");
        ctx.pipeToSelf(
                Preflight.run(
                        request.registration(),
                        config.dataDir(),
                        adapters,
                        ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking())),
                (outcome, err) -> new PreflightDone(request, outcome, err));
        return this;
    }

    private Behavior<Command> onPreflightDone(PreflightDone done) {
        RegisterChain request = done.request();
        ChainId id = request.registration().chain();
        Preflight.Outcome outcome = done.outcome();
        if (outcome == null) {
            registering.remove(id);
            Throwable cause = unwrap(done.error());
            if (cause instanceof AdapterConfigException e) {
                String prefix = e.chain() + ": config '" + e.key() + "': ";
                String message = String.valueOf(e.getMessage());
                request.replyTo()
                        .tell(new RegisterOutcome.Invalid(
                                e.key(), message.startsWith(prefix) ? message.substring(prefix.length()) : message));
            } else if (cause instanceof IllegalArgumentException || cause instanceof ConfigException) {
                request.replyTo().tell(new RegisterOutcome.Invalid("", String.valueOf(cause.getMessage())));
            } else {
                ctx.getLog().warn("chain {}: pre-flight failed", id, cause);
                request.replyTo()
                        .tell(new RegisterOutcome.Unavailable("pre-flight of chain " + id + " failed: " + cause));
            }
            return this;
        }
        if (!outcome.passed() || request.validateOnly()) {
            registering.remove(id);
            outcome.folder().ifPresent(Preflight::removeFolder);
            if (!outcome.passed()) {
                ctx.getLog().info("chain {}: pre-flight refused: {}", id, outcome.failures());
                request.replyTo().tell(new RegisterOutcome.ChecksFailed(outcome.checks(), outcome.failures()));
            } else {
                request.replyTo().tell(new RegisterOutcome.Validated(outcome.checks()));
            }
            return this;
        }
        String hocon = new ChainConfig(
                        id,
                        request.registration().type(),
                        outcome.entry(),
                        ChainRelaySettings.fromConfig(outcome.entry(), "registered chain " + id))
                .redactedHocon();
        ctx.askWithStatus(
                ChainRegistry.Entry.class,
                registry,
                ASK_TIMEOUT,
                replyTo -> new ChainRegistry.Register(
                        id,
                        request.registration().type(),
                        hocon,
                        request.registration().registration(),
                        java.time.Instant.now(),
                        replyTo),
                (entry, err) -> new ChainRecorded(request, outcome, entry, err));
        return this;
    }

    private Behavior<Command> onChainRecorded(ChainRecorded recorded) {
        RegisterChain request = recorded.request();
        ChainId id = request.registration().chain();
        registering.remove(id);
        ChainRegistry.Entry entry = recorded.entry();
        if (entry == null) {
            recorded.outcome().folder().ifPresent(Preflight::removeFolder);
            String message = String.valueOf(unwrap(recorded.error()).getMessage());
            request.replyTo()
                    .tell(
                            message.contains("registered already")
                                    ? new RegisterOutcome.AlreadyExists(message)
                                    : new RegisterOutcome.Unavailable("chain " + id + " not recorded: " + message));
            return this;
        }
        Config chainConfig = recorded.outcome().entry();
        ChainRelaySettings settings = ChainRelaySettings.fromConfig(chainConfig, "registered chain " + id);
        entries.put(id, entry);
        chainOrder.add(id);
        // a new name each time: the actor of a chain deregistered a moment ago may still be stopping
        runtimeSpawns++;
        ActorRef<ChainActor.Command> ref = ctx.spawn(
                supervised(ChainActor.create(
                        id, chainConfig, settings, config.timing().pollInterval(), adapters, facts, noticeAdapter)),
                "chain-" + id.value() + "-" + runtimeSpawns);
        chains.put(id, ref);
        ref.tell(ChainActor.StartFollowing.INSTANCE);
        ctx.getLog().info("chain {} registered at runtime; following starts", id);
        ChainView view = view(
                entry,
                new ChainActor.ChainInfo(
                        id, false, Optional.empty(), -1, "", Optional.empty(), settings.finalityTime()),
                0);
        request.replyTo()
                .tell(new RegisterOutcome.Registered(view, recorded.outcome().checks()));
        return this;
    }

    private Behavior<Command> onListChains(ListChains list) {
        List<ChainId> ids = List.copyOf(chainOrder);
        collectViews(ids).thenAccept(views -> list.replyTo().tell(views));
        return this;
    }

    private Behavior<Command> onGetChain(GetChain get) {
        if (!entries.containsKey(get.chain())) {
            get.replyTo().tell(Optional.empty());
            return this;
        }
        collectViews(List.of(get.chain()))
                .thenAccept(views -> get.replyTo().tell(views.stream().findFirst()));
        return this;
    }

    /**
     * The views of {@code ids} (skipping any not registered), built from a snapshot of the guardian's state taken now
     * and the answers of each chain's actor and of the transfer index; never fails (an actor that does not answer is
     * shown with what the guardian knows).
     */
    private CompletionStage<List<ChainView>> collectViews(List<ChainId> ids) {
        Scheduler scheduler = ctx.getSystem().scheduler();
        Map<ChainId, ChainRegistry.Entry> known = new LinkedHashMap<>();
        Map<ChainId, ActorRef<ChainActor.Command>> refs = new HashMap<>();
        for (ChainId id : ids) {
            ChainRegistry.Entry e = entries.get(id);
            if (e != null) {
                known.put(id, e);
                ActorRef<ChainActor.Command> ref = chains.get(id);
                if (ref != null) {
                    refs.put(id, ref);
                }
            }
        }
        Set<ChainId> pausedNow = Set.copyOf(paused);
        Map<ChainId, String> brokenNow = Map.copyOf(broken);
        CompletableFuture<TransferIndex.OpenTransfers> open =
                AskPattern.<TransferIndex.Command, TransferIndex.OpenTransfers>ask(
                                transferContext.index(), TransferIndex.GetOpen::new, VIEW_TIMEOUT, scheduler)
                        .toCompletableFuture()
                        .exceptionally(err -> new TransferIndex.OpenTransfers(Set.of(), Map.of()));
        List<CompletableFuture<ChainView>> views = new ArrayList<>();
        for (Map.Entry<ChainId, ChainRegistry.Entry> e : known.entrySet()) {
            ChainId id = e.getKey();
            ChainActor.ChainInfo fallback = new ChainActor.ChainInfo(
                    id, false, Optional.empty(), -1, brokenNow.getOrDefault(id, ""), Optional.empty(), Duration.ZERO);
            ActorRef<ChainActor.Command> ref = refs.get(id);
            CompletableFuture<ChainActor.ChainInfo> info = ref == null
                    ? CompletableFuture.completedFuture(fallback)
                    : AskPattern.<ChainActor.Command, ChainActor.ChainInfo>ask(
                                    ref, ChainActor.GetInfo::new, VIEW_TIMEOUT, scheduler)
                            .toCompletableFuture()
                            .exceptionally(err -> fallback);
            ChainRegistry.Entry entry = e.getValue();
            boolean isPaused = pausedNow.contains(id);
            views.add(info.thenCombine(open, (i, o) -> view(withPause(entry, isPaused), i, o.touching(id))));
        }
        return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
                .thenApply(v -> views.stream().map(CompletableFuture::join).toList());
    }

    private static ChainRegistry.Entry withPause(ChainRegistry.Entry e, boolean isPaused) {
        return new ChainRegistry.Entry(
                e.chain(),
                e.type(),
                e.configHocon(),
                e.source(),
                e.registeredAt(),
                e.registration(),
                isPaused,
                e.pauseReason());
    }

    private static ChainView view(ChainRegistry.Entry entry, ChainActor.ChainInfo info, int openTransfers) {
        ChainView.State state;
        if (!info.problem().isEmpty()) {
            state = ChainView.State.DEGRADED;
        } else if (entry.paused()) {
            state = ChainView.State.PAUSED;
        } else if (info.following()) {
            state = ChainView.State.FOLLOWING;
        } else {
            state = ChainView.State.STARTING;
        }
        return new ChainView(
                entry.chain(),
                entry.type(),
                state,
                info.verifiedHead(),
                info.nodeHead(),
                info.operator(),
                info.finality(),
                openTransfers,
                info.problem(),
                entry.registeredAt(),
                entry.registration(),
                entry.source());
    }

    private Behavior<Command> onPauseChain(PauseChain pause) {
        if (!entries.containsKey(pause.chain())) {
            pause.replyTo().tell(new ChainReply.NotFound("chain " + pause.chain() + " is not registered"));
            return this;
        }
        ctx.askWithStatus(
                ChainRegistry.Entry.class,
                registry,
                ASK_TIMEOUT,
                replyTo -> new ChainRegistry.Pause(pause.chain(), pause.reason(), replyTo),
                (entry, err) -> new PauseRecorded(pause.chain(), true, pause.replyTo(), entry, err));
        return this;
    }

    private Behavior<Command> onResumeChain(ResumeChain resume) {
        if (!entries.containsKey(resume.chain())) {
            resume.replyTo().tell(new ChainReply.NotFound("chain " + resume.chain() + " is not registered"));
            return this;
        }
        ctx.askWithStatus(
                ChainRegistry.Entry.class,
                registry,
                ASK_TIMEOUT,
                replyTo -> new ChainRegistry.Resume(resume.chain(), replyTo),
                (entry, err) -> new PauseRecorded(resume.chain(), false, resume.replyTo(), entry, err));
        return this;
    }

    private Behavior<Command> onPauseRecorded(PauseRecorded recorded) {
        ChainRegistry.Entry entry = recorded.entry();
        if (entry == null) {
            String message = String.valueOf(unwrap(recorded.error()).getMessage());
            recorded.replyTo()
                    .tell(
                            message.contains("not registered")
                                    ? new ChainReply.NotFound(message)
                                    : new ChainReply.Unavailable(message));
            return this;
        }
        if (entries.containsKey(recorded.chain())) {
            entries.put(recorded.chain(), entry);
        }
        if (recorded.paused()) {
            if (paused.add(recorded.chain())) {
                ctx.getLog().info("chain {} paused: {}", recorded.chain(), entry.pauseReason());
            }
        } else if (paused.remove(recorded.chain())) {
            ctx.getLog().info("chain {} resumed", recorded.chain());
        }
        collectViews(List.of(recorded.chain())).thenAccept(views -> recorded.replyTo()
                .tell(
                        views.isEmpty()
                                ? new ChainReply.NotFound("chain " + recorded.chain() + " is not registered")
                                : new ChainReply.Done(views.get(0))));
        return this;
    }

    private Behavior<Command> onDeregisterChain(DeregisterChain request) {
        if (!entries.containsKey(request.chain())) {
            request.replyTo().tell(new ChainReply.NotFound("chain " + request.chain() + " is not registered"));
            return this;
        }
        ctx.ask(
                TransferIndex.OpenTransfers.class,
                transferContext.index(),
                ASK_TIMEOUT,
                TransferIndex.GetOpen::new,
                (open, err) -> new DeregisterCounted(request, open, err));
        return this;
    }

    private Behavior<Command> onDeregisterCounted(DeregisterCounted counted) {
        DeregisterChain request = counted.request();
        ChainId id = request.chain();
        TransferIndex.OpenTransfers open = counted.open();
        if (open == null) {
            request.replyTo()
                    .tell(new ChainReply.Unavailable(
                            "open transfers unknown: " + unwrap(counted.error()).getMessage()));
            return this;
        }
        int touching = open.touching(id);
        if (touching > 0) {
            request.replyTo()
                    .tell(new ChainReply.Refused("chain " + id + " has " + touching
                            + " open transfer" + (touching == 1 ? "" : "s")
                            + " from or to it; deregister it once they are final (pause it to start no more)"));
            return this;
        }
        ChainRegistry.Entry entry = entries.get(id);
        if (entry == null) {
            request.replyTo().tell(new ChainReply.NotFound("chain " + id + " is not registered"));
            return this;
        }
        ChainView fallback = view(
                entry,
                new ChainActor.ChainInfo(id, false, Optional.empty(), -1, "", Optional.empty(), Duration.ZERO),
                0);
        collectViews(List.of(id)).whenComplete((views, err) -> ctx.getSelf()
                .tell(new DeregisterViewed(request, views != null && !views.isEmpty() ? views.get(0) : fallback)));
        return this;
    }

    private Behavior<Command> onDeregisterViewed(DeregisterViewed viewed) {
        ChainId id = viewed.request().chain();
        if (!entries.containsKey(id)) {
            viewed.request().replyTo().tell(new ChainReply.NotFound("chain " + id + " is not registered"));
            return this;
        }
        // The registry first: once it answers, the chain is retired even if the relay stops now.
        ctx.ask(
                ChainRegistry.Registered.class,
                registry,
                ASK_TIMEOUT,
                replyTo -> new ChainRegistry.Deregister(id, replyTo),
                (r, err) -> new DeregisterRecorded(
                        viewed.request(), viewed.last(), r == null ? orTimeout(err, "chain registry") : null));
        return this;
    }

    private Behavior<Command> onDeregisterRecorded(DeregisterRecorded done) {
        ChainId id = done.request().chain();
        Throwable error = done.error();
        if (error != null) {
            done.request()
                    .replyTo()
                    .tell(new ChainReply.Unavailable("chain " + id + " not deregistered: " + error.getMessage()));
            return this;
        }
        entries.remove(id);
        paused.remove(id);
        broken.remove(id);
        chainOrder.remove(id);
        opened.remove(id);
        heights.remove(id);
        ActorRef<ChainActor.Command> ref = chains.remove(id);
        if (ref != null) {
            ctx.stop(ref); // its PostStop closes the adapter and withdraws its facts
        }
        facts.remove(id);
        ctx.getLog().info("chain {} deregistered: no longer followed", id);
        done.request().replyTo().tell(new ChainReply.Done(done.last()));
        return this;
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private int fileIndex(ChainId id) {
        for (int i = 0; i < config.chains().size(); i++) {
            if (config.chains().get(i).id().equals(id)) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static <T> Behavior<T> supervised(Behavior<T> behavior) {
        return Behaviors.supervise(behavior)
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(30), 0.2));
    }

    private static Throwable unwrap(@Nullable Throwable error) {
        Throwable t = error == null ? new IllegalStateException("no result") : error;
        while ((t instanceof java.util.concurrent.CompletionException
                        || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The first key of a stored entry whose value was redacted, if any. */
    static Optional<String> redactedKey(String hocon) {
        try {
            Config c = ConfigFactory.parseString(hocon);
            return c.entrySet().stream()
                    .filter(e -> "<redacted>".equals(e.getValue().unwrapped()))
                    .map(Map.Entry::getKey)
                    .sorted()
                    .findFirst();
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    /** A chain's facts while it is paused. */
    private record PausedFacts(ChainFacts facts) implements ChainFacts {
        @Override
        public ChainId chain() {
            return facts.chain();
        }

        @Override
        public io.xrelay.adapter.Account operator() {
            return facts.operator();
        }

        @Override
        public io.xrelay.adapter.HtlcId lockId(io.xrelay.adapter.LockTerms terms) {
            return facts.lockId(terms);
        }

        @Override
        public Optional<String> accountProblem(io.xrelay.adapter.Account account) {
            return facts.accountProblem(account);
        }

        @Override
        public Duration finality() {
            return facts.finality();
        }

        @Override
        public Duration clockTolerance() {
            return facts.clockTolerance();
        }

        @Override
        public boolean paused() {
            return true;
        }
    }

    private static Throwable orTimeout(@Nullable Throwable err, String what) {
        return err != null ? err : new IllegalStateException(what + " did not answer");
    }
}
