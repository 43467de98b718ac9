/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.api;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.xrelay.adapter.ChainId;
import io.xrelay.relay.chain.ChainRegistration;
import io.xrelay.relay.chain.ChainView;
import io.xrelay.relay.proto.v1.AdminServiceGrpc;
import io.xrelay.relay.proto.v1.Chain;
import io.xrelay.relay.proto.v1.DeregisterChainRequest;
import io.xrelay.relay.proto.v1.DeregisterChainResponse;
import io.xrelay.relay.proto.v1.GetChainRequest;
import io.xrelay.relay.proto.v1.ListChainsRequest;
import io.xrelay.relay.proto.v1.ListChainsResponse;
import io.xrelay.relay.proto.v1.PauseChainRequest;
import io.xrelay.relay.proto.v1.RegisterChainRequest;
import io.xrelay.relay.proto.v1.RegisterChainResponse;
import io.xrelay.relay.proto.v1.ResumeChainRequest;
import io.xrelay.relay.relayer.RelayGuardian;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain admin API (relay.v1.AdminService) on the relay's {@link RelayGuardian}: register chains at runtime with
 * pre-flight checks, list and inspect them, pause, resume and retire them. Requests are validated here (an
 * INVALID_ARGUMENT names the field: {@code ethereum.htlc_contract: not a 20-byte hex address}); every call is a
 * non-blocking ask of the guardian. Authentication (role {@code admin}) is the server's interceptor's.
 */
public final class AdminGrpcService extends AdminServiceGrpc.AdminServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(AdminGrpcService.class);

    /** How long a registration may take: pre-flight checks reach the chain's node. */
    static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(90);

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

    private final ActorRef<RelayGuardian.Command> guardian;
    private final Scheduler scheduler;

    /**
     * The service.
     *
     * @param guardian the relay's guardian
     * @param scheduler the actor system's scheduler (for ask timeouts)
     */
    public AdminGrpcService(ActorRef<RelayGuardian.Command> guardian, Scheduler scheduler) {
        this.guardian = guardian;
        this.scheduler = scheduler;
    }

    @Override
    public void registerChain(RegisterChainRequest request, StreamObserver<RegisterChainResponse> response) {
        ChainRegistration registration;
        try {
            registration = AdminMapping.registration(request);
        } catch (InvalidRequestException e) {
            response.onError(invalid(String.valueOf(e.getMessage())));
            return;
        }
        CompletionStage<RelayGuardian.RegisterOutcome> outcome = AskPattern.ask(
                guardian,
                replyTo -> new RelayGuardian.RegisterChain(registration, request.getValidateOnly(), replyTo),
                REGISTER_TIMEOUT,
                scheduler);
        reply(outcome, response, o -> registered(registration, o));
    }

    private static RegisterChainResponse registered(
            ChainRegistration registration, RelayGuardian.RegisterOutcome outcome) {
        return switch (outcome) {
            case RelayGuardian.RegisterOutcome.Registered r ->
                RegisterChainResponse.newBuilder()
                        .setChain(AdminMapping.chain(r.chain()))
                        .addAllChecks(
                                r.checks().stream().map(AdminMapping::check).toList())
                        .build();
            case RelayGuardian.RegisterOutcome.Validated v ->
                RegisterChainResponse.newBuilder()
                        .addAllChecks(
                                v.checks().stream().map(AdminMapping::check).toList())
                        .build();
            case RelayGuardian.RegisterOutcome.ChecksFailed f -> {
                RegisterChainResponse details = RegisterChainResponse.newBuilder()
                        .addAllChecks(
                                f.checks().stream().map(AdminMapping::check).toList())
                        .build();
                throw StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                        .setCode(Status.Code.FAILED_PRECONDITION.value())
                        .setMessage("chain " + registration.chain() + " failed its pre-flight checks: " + f.failures())
                        .addDetails(Any.pack(details))
                        .build());
            }
            case RelayGuardian.RegisterOutcome.Invalid i ->
                throw invalid(AdminMapping.fieldOf(registration.type(), i.key()) + ": " + i.problem());
            case RelayGuardian.RegisterOutcome.AlreadyExists a ->
                throw Status.ALREADY_EXISTS.withDescription(a.message()).asRuntimeException();
            case RelayGuardian.RegisterOutcome.Unavailable u ->
                throw Status.UNAVAILABLE.withDescription(u.message()).asRuntimeException();
        };
    }

    @Override
    public void listChains(ListChainsRequest request, StreamObserver<ListChainsResponse> response) {
        CompletionStage<List<ChainView>> views =
                AskPattern.ask(guardian, RelayGuardian.ListChains::new, ASK_TIMEOUT, scheduler);
        reply(views, response, v -> ListChainsResponse.newBuilder()
                .addAllChains(v.stream().map(AdminMapping::chain).toList())
                .build());
    }

    @Override
    public void getChain(GetChainRequest request, StreamObserver<Chain> response) {
        ChainId id;
        try {
            id = AdminMapping.chainId(request.getChainId(), "chain_id");
        } catch (InvalidRequestException e) {
            response.onError(invalid(String.valueOf(e.getMessage())));
            return;
        }
        CompletionStage<Optional<ChainView>> view =
                AskPattern.ask(guardian, replyTo -> new RelayGuardian.GetChain(id, replyTo), ASK_TIMEOUT, scheduler);
        reply(
                view,
                response,
                v -> AdminMapping.chain(v.orElseThrow(() -> Status.NOT_FOUND
                        .withDescription("chain " + id + " is not registered")
                        .asRuntimeException())));
    }

    @Override
    public void pauseChain(PauseChainRequest request, StreamObserver<Chain> response) {
        chainCall(
                request.getChainId(),
                response,
                (id, replyTo) -> new RelayGuardian.PauseChain(id, request.getReason(), replyTo),
                AdminMapping::chain);
    }

    @Override
    public void resumeChain(ResumeChainRequest request, StreamObserver<Chain> response) {
        chainCall(request.getChainId(), response, RelayGuardian.ResumeChain::new, AdminMapping::chain);
    }

    @Override
    public void deregisterChain(DeregisterChainRequest request, StreamObserver<DeregisterChainResponse> response) {
        chainCall(
                request.getChainId(),
                response,
                RelayGuardian.DeregisterChain::new,
                v -> DeregisterChainResponse.getDefaultInstance());
    }

    private <T> void chainCall(
            String chainId,
            StreamObserver<T> response,
            java.util.function.BiFunction<ChainId, ActorRef<RelayGuardian.ChainReply>, RelayGuardian.Command> command,
            Function<ChainView, T> answer) {
        ChainId id;
        try {
            id = AdminMapping.chainId(chainId, "chain_id");
        } catch (InvalidRequestException e) {
            response.onError(invalid(String.valueOf(e.getMessage())));
            return;
        }
        CompletionStage<RelayGuardian.ChainReply> reply =
                AskPattern.ask(guardian, replyTo -> command.apply(id, replyTo), ASK_TIMEOUT, scheduler);
        reply(reply, response, r -> switch (r) {
            case RelayGuardian.ChainReply.Done d -> answer.apply(d.chain());
            case RelayGuardian.ChainReply.NotFound n ->
                throw Status.NOT_FOUND.withDescription(n.message()).asRuntimeException();
            case RelayGuardian.ChainReply.Refused f ->
                throw Status.FAILED_PRECONDITION.withDescription(f.message()).asRuntimeException();
            case RelayGuardian.ChainReply.Unavailable u ->
                throw Status.UNAVAILABLE.withDescription(u.message()).asRuntimeException();
        });
    }

    /** Answers {@code response} once {@code stage} completes: {@code map}'s value, or the status it throws. */
    private static <A, T> void reply(CompletionStage<A> stage, StreamObserver<T> response, Function<A, T> map) {
        stage.whenComplete((a, err) -> {
            if (err != null) {
                response.onError(failure(err));
                return;
            }
            T value;
            try {
                value = map.apply(a);
            } catch (StatusRuntimeException e) {
                response.onError(e);
                return;
            } catch (RuntimeException e) {
                log.warn("admin call failed", e);
                response.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
                return;
            }
            response.onNext(value);
            response.onCompleted();
        });
    }

    private static StatusRuntimeException failure(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (t instanceof TimeoutException) {
            return Status.DEADLINE_EXCEEDED
                    .withDescription("the relay did not answer in time")
                    .asRuntimeException();
        }
        return Status.UNAVAILABLE
                .withDescription(String.valueOf(t.getMessage()))
                .asRuntimeException();
    }

    private static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
