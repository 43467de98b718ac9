/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.relayer;

import com.typesafe.config.Config;
import io.xrelay.adapter.Preimage;
import io.xrelay.relay.api.AdminGrpcService;
import io.xrelay.relay.api.ApiServer;
import io.xrelay.relay.api.TransferGrpcService;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.config.RelayConfig;
import io.xrelay.relay.config.RelayConfigException;
import io.xrelay.relay.persistence.JournalSetup;
import io.xrelay.relay.transfer.TransferId;
import io.xrelay.relay.transfer.TransferView;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.jspecify.annotations.Nullable;

/**
 * A running relay: an actor system named {@code xrelay} with the {@link RelayGuardian} at its root, its journal set
 * up from the configuration's persistence settings (tables created when absent). Used by {@code xrelay run} and by
 * tests.
 *
 * <pre>{@code
 * try (Relay relay = Relay.start(RelayConfig.load(file))) {
 *     RelayGuardian.Ready ready = relay.ready().toCompletableFuture().get(60, SECONDS);
 *     System.out.println(ready.line());
 *     relay.whenTerminated().toCompletableFuture().join();
 * }
 * }</pre>
 */
public final class Relay implements AutoCloseable {
    /** How long {@link #close()} waits for the actor system to stop. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

    private final ActorSystem<RelayGuardian.Command> system;
    private final CompletableFuture<RelayGuardian.Ready> ready;
    private final @Nullable ApiServer api;
    private final @Nullable TransferGrpcService transfers;

    private Relay(
            ActorSystem<RelayGuardian.Command> system,
            CompletableFuture<RelayGuardian.Ready> ready,
            @Nullable ApiServer api,
            @Nullable TransferGrpcService transfers) {
        this.system = system;
        this.ready = ready;
        this.api = api;
        this.transfers = transfers;
    }

    /**
     * Starts a relay with the adapters of the class path and the system clock.
     *
     * @throws io.xrelay.relay.persistence.PersistenceSetupException if the journal's database cannot be set up
     */
    public static Relay start(RelayConfig config) {
        return start(config, ChainActor.defaultAdapters(), Clock.systemUTC());
    }

    /**
     * Starts a relay whose chains' adapters come from {@code adapters} and whose transfers use {@code clock}.
     *
     * @throws io.xrelay.relay.persistence.PersistenceSetupException if the journal's database cannot be set up
     * @throws RelayConfigException if the API cannot listen where {@code xrelay.api} says
     */
    public static Relay start(RelayConfig config, ChainActor.AdapterFactory adapters, Clock clock) {
        Config systemConfig = JournalSetup.prepare(config.persistence(), config.root());
        CompletableFuture<RelayGuardian.Ready> ready = new CompletableFuture<>();
        ActorSystem<RelayGuardian.Command> system =
                ActorSystem.create(RelayGuardian.create(config, adapters, clock, ready), "xrelay", systemConfig);
        system.getWhenTerminated().thenRun(() -> JournalSetup.closed(config.persistence()));
        system.getWhenTerminated()
                .whenComplete((done, err) -> ready.completeExceptionally(
                        new IllegalStateException("the relay stopped before it was ready")));
        ApiServer api = null;
        TransferGrpcService transfers = null;
        if (config.api().enabled()) {
            transfers = new TransferGrpcService(system, clock, config.api().watchBuffer());
            try {
                api = ApiServer.start(
                        config.api(),
                        config.persistence().dataDir(),
                        List.of(transfers, new AdminGrpcService(system, system.scheduler())));
            } catch (UncheckedIOException e) {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().join();
                throw new RelayConfigException("xrelay.api", String.valueOf(e.getMessage()), e);
            }
            ApiServer started = api;
            CompletableFuture<?> unused = ready.whenComplete((r, err) -> {
                if (err == null) {
                    started.serving();
                }
            });
            TransferGrpcService service = transfers;
            // on SIGTERM too: NOT_SERVING and every watch ended UNAVAILABLE before the actors stop
            CoordinatedShutdown.get(system)
                    .addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "api-not-serving", () -> {
                        started.notServing();
                        service.stopping();
                        return CompletableFuture.completedFuture(Done.getInstance());
                    });
            system.getWhenTerminated().thenRun(started::close);
        }
        return new Relay(system, ready, api, transfers);
    }

    /**
     * Completes once every chain follows (with each chain's height then), or exceptionally when boot fails: a
     * {@link io.xrelay.relay.config.RelayConfigException} naming the key for a chain whose adapter cannot be made.
     */
    public CompletionStage<RelayGuardian.Ready> ready() {
        return ready;
    }

    /** {@code host:port} of the gRPC API, if it is enabled. */
    public Optional<String> apiAddress() {
        return Optional.ofNullable(api).map(ApiServer::address);
    }

    /** The guardian, to send it {@link RelayGuardian.Command}s. */
    public ActorRef<RelayGuardian.Command> guardian() {
        return system;
    }

    /** The actor system. */
    public ActorSystem<RelayGuardian.Command> system() {
        return system;
    }

    /** The view of transfer {@code id} ({@code None} if the relay never saw its source lock). */
    public CompletionStage<TransferView> transfer(TransferId id) {
        return AskPattern.ask(
                system, replyTo -> new RelayGuardian.GetTransfer(id, replyTo), ASK_TIMEOUT, system.scheduler());
    }

    /** The views of every transfer running in this relay. */
    public CompletionStage<List<TransferView>> transfers() {
        return AskPattern.ask(system, RelayGuardian.ListTransfers::new, ASK_TIMEOUT, system.scheduler());
    }

    /** Hands the recipient's secret of transfer {@code id} to its entity. */
    public CompletionStage<Done> revealSecret(TransferId id, Preimage preimage) {
        CompletionStage<StatusReply<Done>> reply = AskPattern.ask(
                system,
                replyTo -> new RelayGuardian.RevealSecret(id, preimage, replyTo),
                ASK_TIMEOUT,
                system.scheduler());
        return reply.thenApply(StatusReply::getValue);
    }

    /** Completes when the actor system has stopped (after {@link #close()}, or a coordinated shutdown on SIGTERM). */
    public CompletionStage<Done> whenTerminated() {
        return system.getWhenTerminated();
    }

    /**
     * Stops the relay (a coordinated shutdown) and waits up to {@link #CLOSE_TIMEOUT} for it. Call it from outside
     * the relay's actors. Idempotent.
     */
    @Override
    public void close() {
        if (api != null) {
            api.notServing();
        }
        if (transfers != null) {
            transfers.stopping();
        }
        if (api != null) {
            api.close();
        }
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the relay did not stop within " + CLOSE_TIMEOUT, e);
        }
    }
}
