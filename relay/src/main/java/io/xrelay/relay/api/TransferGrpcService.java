/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.Preimage;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.chain.ChainFacts;
import io.xrelay.relay.config.PairConfig;
import io.xrelay.relay.proto.v1.AssetRef;
import io.xrelay.relay.proto.v1.GetTransferRequest;
import io.xrelay.relay.proto.v1.ListTransfersRequest;
import io.xrelay.relay.proto.v1.ListTransfersResponse;
import io.xrelay.relay.proto.v1.QuoteTransferRequest;
import io.xrelay.relay.proto.v1.QuoteTransferResponse;
import io.xrelay.relay.proto.v1.RequestTransferRequest;
import io.xrelay.relay.proto.v1.RequestTransferResponse;
import io.xrelay.relay.proto.v1.RevealSecretRequest;
import io.xrelay.relay.proto.v1.RevealSecretResponse;
import io.xrelay.relay.proto.v1.Transfer;
import io.xrelay.relay.proto.v1.TransferServiceGrpc;
import io.xrelay.relay.proto.v1.TransferState;
import io.xrelay.relay.proto.v1.TransferUpdate;
import io.xrelay.relay.proto.v1.WatchTransferRequest;
import io.xrelay.relay.relayer.RelayGuardian;
import io.xrelay.relay.transfer.TransferId;
import io.xrelay.relay.transfer.TransferPolicy;
import io.xrelay.relay.transfer.TransferView;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * relay.v1.TransferService over the relay's actors. Every request is validated first (INVALID_ARGUMENT naming the
 * field, nothing asked or written); actors are asked with a timeout (UNAVAILABLE when it passes); no gRPC thread ever
 * waits on an actor.
 */
public final class TransferGrpcService extends TransferServiceGrpc.TransferServiceImplBase {
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    private static final Logger log = LoggerFactory.getLogger(TransferGrpcService.class);

    private final ActorSystem<RelayGuardian.Command> system;
    private final Clock clock;

    public TransferGrpcService(ActorSystem<RelayGuardian.Command> system, Clock clock) {
        this.system = system;
        this.clock = clock;
    }

    // --- QuoteTransfer ---------------------------------------------------------------------------------------------

    @Override
    public void quoteTransfer(QuoteTransferRequest request, StreamObserver<QuoteTransferResponse> response) {
        Asset sourceAsset;
        Asset destinationAsset;
        ChainId source;
        ChainId destination;
        Amount amount;
        try {
            source = chain(request.getSource().getChain().getId(), "source.chain.id");
            sourceAsset = asset(request.getSource(), "source.asset");
            destination = chain(request.getDestination().getChain().getId(), "destination.chain.id");
            destinationAsset = asset(request.getDestination(), "destination.asset");
            amount = positiveAmount(request.getAmount().getUnits(), "amount.units");
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        CompletionStage<RelayGuardian.QuoteBasis> basis =
                AskPattern.ask(system, RelayGuardian.GetQuoteBasis::new, ASK_TIMEOUT, system.scheduler());
        basis.thenCompose(b -> {
                    ChainFacts s = b.chains().get(source);
                    ChainFacts d = b.chains().get(destination);
                    if (s == null || d == null) {
                        throw Status.FAILED_PRECONDITION
                                .withDescription("chain " + (s == null ? source : destination)
                                        + " is not served by this relay (not registered, or not open)")
                                .asRuntimeException();
                    }
                    if (s.paused() || d.paused()) {
                        throw Status.FAILED_PRECONDITION
                                .withDescription("chain " + (s.paused() ? source : destination)
                                        + " is paused: no new transfer starts from or to it")
                                .asRuntimeException();
                    }
                    PairConfig pair = b.policy()
                            .pair(source, sourceAsset, destination, destinationAsset)
                            .orElseThrow(() -> Status.FAILED_PRECONDITION
                                    .withDescription("no pair from " + source + ":" + sourceAsset.id() + " to "
                                            + destination + ":" + destinationAsset.id())
                                    .asRuntimeException());
                    if (amount.compareTo(pair.min()) < 0 || amount.compareTo(pair.max()) > 0) {
                        throw Status.FAILED_PRECONDITION
                                .withDescription("amount " + amount + " is outside the pair's range " + pair.min()
                                        + " to " + pair.max())
                                .asRuntimeException();
                    }
                    BigInteger units = pair.destinationUnits(amount);
                    Amount out = units.signum() > 0 ? Amount.of(units) : Amount.ZERO;
                    QuoteTransferResponse.Builder q = QuoteTransferResponse.newBuilder()
                            .setOperator(
                                    ProtoMapping.account(source, s.operator().value()))
                            .setDestinationAmount(ProtoMapping.amount(out))
                            .setFee(ProtoMapping.amount(pair.fee()))
                            .setRate(pair.rate().toPlainString())
                            .setMinAmount(ProtoMapping.amount(pair.min()))
                            .setMaxAmount(ProtoMapping.amount(pair.max()));
                    Instant now = clock.instant();
                    TransferPolicy policy = b.policy();
                    Instant earliest = policy.earliestSourceTimeLock(s, d, now).instant();
                    long recommended = earliest.plus(s.finality()).getEpochSecond();
                    recommended = ((recommended + 59) / 60) * 60;
                    q.setMinTimeLock(ProtoMapping.timestamp(earliest))
                            .setMaxTimeLock(ProtoMapping.timestamp(policy.latestSourceTimeLock(now)))
                            .setRecommendedTimeLock(ProtoMapping.timestamp(Instant.ofEpochSecond(recommended)));
                    if (!request.getRecipient().isEmpty()) {
                        Optional<String> problem;
                        try {
                            problem = d.accountProblem(Account.of(request.getRecipient()));
                        } catch (IllegalArgumentException e) {
                            problem = Optional.of(String.valueOf(e.getMessage()));
                        }
                        q.setRecipientProblem(problem.orElse(""));
                    }
                    ActorRef<ChainActor.Command> actor = b.actors().get(destination);
                    if (actor == null) {
                        return java.util.concurrent.CompletableFuture.completedFuture(q.build());
                    }
                    CompletionStage<StatusReply<Amount>> available = AskPattern.ask(
                            actor,
                            replyTo -> new ChainActor.GetAvailable(destinationAsset, replyTo),
                            ASK_TIMEOUT,
                            system.scheduler());
                    return available.handle((r, err) -> q.setInventorySufficient(
                                    err == null && r.isSuccess() && r.getValue().compareTo(out) >= 0)
                            .build());
                })
                .whenComplete((q, err) -> reply(response, q, err, "QuoteTransfer"));
    }

    // --- RequestTransfer -------------------------------------------------------------------------------------------

    @Override
    public void requestTransfer(RequestTransferRequest request, StreamObserver<RequestTransferResponse> response) {
        response.onError(Status.UNIMPLEMENTED
                .withDescription("RequestTransfer is not served by this relay version: send the source lock with the"
                        + " terms of QuoteTransfer, then follow it with WatchTransfer (wait_for_lock)")
                .asRuntimeException());
    }

    // --- GetTransfer -----------------------------------------------------------------------------------------------

    @Override
    public void getTransfer(GetTransferRequest request, StreamObserver<Transfer> response) {
        TransferId id;
        try {
            id = transferId(request.getId(), "id");
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        view(id).thenApply(v -> {
                    if (v.state().equals("None")) {
                        throw notFound(id);
                    }
                    return ProtoMapping.transfer(v);
                })
                .whenComplete((t, err) -> reply(response, t, err, "GetTransfer"));
    }

    // --- ListTransfers ---------------------------------------------------------------------------------------------

    @Override
    public void listTransfers(ListTransfersRequest request, StreamObserver<ListTransfersResponse> response) {
        int pageSize;
        Set<TransferState> states = EnumSet.noneOf(TransferState.class);
        Optional<ChainId> sourceChain;
        Optional<ChainId> destinationChain;
        @Nullable PageKey after;
        try {
            int size = request.getPageSize();
            if (size < 0 || size > MAX_PAGE_SIZE) {
                throw invalid("page_size", "must be 0 (the default, " + DEFAULT_PAGE_SIZE + ") to " + MAX_PAGE_SIZE);
            }
            pageSize = size == 0 ? DEFAULT_PAGE_SIZE : size;
            for (int i = 0; i < request.getStatesCount(); i++) {
                TransferState s = request.getStates(i);
                if (s == TransferState.TRANSFER_STATE_UNSPECIFIED || s == TransferState.UNRECOGNIZED) {
                    throw invalid("states[" + i + "]", "not a transfer state");
                }
                states.add(s);
            }
            sourceChain = request.getSourceChain().isEmpty()
                    ? Optional.empty()
                    : Optional.of(chain(request.getSourceChain(), "source_chain"));
            destinationChain = request.getDestinationChain().isEmpty()
                    ? Optional.empty()
                    : Optional.of(chain(request.getDestinationChain(), "destination_chain"));
            after = request.getPageToken().isEmpty() ? null : PageKey.parse(request.getPageToken());
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        String account = request.getAccount();
        CompletionStage<List<TransferView>> all =
                AskPattern.ask(system, RelayGuardian.ListTransfers::new, ASK_TIMEOUT, system.scheduler());
        all.thenApply(views -> {
                    List<TransferView> matching = new ArrayList<>();
                    for (TransferView v : views) {
                        if (v.terms().isEmpty()) {
                            continue;
                        }
                        var t = v.terms().get();
                        if ((states.isEmpty() || states.contains(ProtoMapping.state(v.state())))
                                && sourceChain
                                        .map(c -> c.equals(v.id().source()))
                                        .orElse(true)
                                && destinationChain
                                        .map(c -> c.equals(t.destinationChain()))
                                        .orElse(true)
                                && (account.isEmpty()
                                        || t.sender().value().equals(account)
                                        || t.destinationRecipient().value().equals(account))) {
                            matching.add(v);
                        }
                    }
                    matching.sort(NEWEST_FIRST);
                    ListTransfersResponse.Builder page = ListTransfersResponse.newBuilder();
                    int taken = 0;
                    for (int i = 0; i < matching.size(); i++) {
                        TransferView v = matching.get(i);
                        if (after != null && !after.isBefore(PageKey.of(v))) {
                            continue;
                        }
                        if (taken == pageSize) {
                            page.setNextPageToken(
                                    PageKey.of(matching.get(i - 1)).token());
                            break;
                        }
                        page.addTransfers(ProtoMapping.transfer(v));
                        taken++;
                    }
                    return page.build();
                })
                .whenComplete((r, err) -> reply(response, r, err, "ListTransfers"));
    }

    private static final Comparator<TransferView> NEWEST_FIRST = Comparator.comparingLong(
                    (TransferView v) -> PageKey.of(v).openedMillis())
            .reversed()
            .thenComparing(v -> v.id().asString());

    /** A position in the newest-first order: the transfer's opening time, then its id. */
    record PageKey(long openedMillis, String id) {
        static PageKey of(TransferView v) {
            return new PageKey(v.openedAt().map(Instant::toEpochMilli).orElse(0L), v.id().asString());
        }

        /** Whether this key comes before {@code other} in the newest-first order. */
        boolean isBefore(PageKey other) {
            if (openedMillis != other.openedMillis) {
                return openedMillis > other.openedMillis;
            }
            return id.compareTo(other.id) < 0;
        }

        String token() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((openedMillis + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static PageKey parse(String token) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                return new PageKey(Long.parseLong(text.substring(0, bar)), text.substring(bar + 1));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw invalid("page_token", "not a token of this service (pass next_page_token back unchanged)");
            }
        }
    }

    // --- WatchTransfer ---------------------------------------------------------------------------------------------

    @Override
    public void watchTransfer(WatchTransferRequest request, StreamObserver<TransferUpdate> response) {
        TransferId id;
        try {
            id = transferId(request.getId(), "id");
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        ServerCallStreamObserver<TransferUpdate> stream = (ServerCallStreamObserver<TransferUpdate>) response;
        ActorRef<WatchStream.Command> watcher = system.systemActorOf(
                WatchStream.create(system, id, request.getAfterRevision(), request.getWaitForLock(), stream),
                "watch-" + UUID.randomUUID(),
                Props.empty());
        stream.setOnCancelHandler(() -> watcher.tell(WatchStream.Command.CANCELLED));
    }

    // --- RevealSecret ----------------------------------------------------------------------------------------------

    @Override
    public void revealSecret(RevealSecretRequest request, StreamObserver<RevealSecretResponse> response) {
        TransferId id;
        Preimage secret;
        try {
            id = transferId(request.getId(), "id");
            if (request.getSecret().size() != 32) {
                throw invalid(
                        "secret",
                        "must be exactly 32 bytes, got " + request.getSecret().size());
            }
            secret = new Preimage(Bytes.of(request.getSecret().toByteArray()));
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        view(id).thenCompose(v -> {
                    if (v.state().equals("None") || v.terms().isEmpty()) {
                        throw notFound(id);
                    }
                    if (!secret.opens(v.terms().get().hashLock())) {
                        throw invalid("secret", "its sha256 is not the transfer's hashlock");
                    }
                    CompletionStage<StatusReply<Done>> r = AskPattern.ask(
                            system,
                            replyTo -> new RelayGuardian.RevealSecret(id, secret, replyTo),
                            ASK_TIMEOUT,
                            system.scheduler());
                    return r;
                })
                .thenApply(r -> {
                    if (r.isError()) {
                        throw Status.FAILED_PRECONDITION
                                .withDescription(r.getError().getMessage())
                                .asRuntimeException();
                    }
                    return RevealSecretResponse.getDefaultInstance();
                })
                .whenComplete((r, err) -> reply(response, r, err, "RevealSecret"));
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private CompletionStage<TransferView> view(TransferId id) {
        return AskPattern.ask(
                system, replyTo -> new RelayGuardian.GetTransfer(id, replyTo), ASK_TIMEOUT, system.scheduler());
    }

    static StatusRuntimeException notFound(TransferId id) {
        return Status.NOT_FOUND
                .withDescription("transfer " + id + ": the relay has not seen its source lock")
                .asRuntimeException();
    }

    static StatusRuntimeException invalid(String field, String problem) {
        return Status.INVALID_ARGUMENT.withDescription(field + ": " + problem).asRuntimeException();
    }

    static ChainId chain(String value, String field) {
        return parse(value, field, ChainId::of);
    }

    static TransferId transferId(io.xrelay.relay.proto.v1.TransferId id, String field) {
        ChainId source = chain(id.getSourceChain().getId(), field + ".source_chain.id");
        HtlcId lock = parse(id.getLockId(), field + ".lock_id", HtlcId::of);
        return new TransferId(source, lock);
    }

    static Asset asset(AssetRef ref, String field) {
        return parse(ref.getAsset(), field, Asset::of);
    }

    static Amount positiveAmount(String units, String field) {
        if (!units.matches("[0-9]{1,78}")) {
            throw invalid(field, "must be decimal digits (at most 78), got \"" + abbreviate(units) + "\"");
        }
        Amount a = parse(units, field, u -> Amount.of(new BigInteger(u)));
        if (a.isZero()) {
            throw invalid(field, "must be positive");
        }
        return a;
    }

    private static <T> T parse(String value, String field, Function<String, T> parser) {
        if (value.isEmpty()) {
            throw invalid(field, "required");
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw invalid(field, String.valueOf(e.getMessage()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** Completes a unary call with {@code value} or the status of {@code err}. */
    static <T> void reply(StreamObserver<T> response, @Nullable T value, @Nullable Throwable err, String method) {
        if (err == null && value != null) {
            response.onNext(value);
            response.onCompleted();
            return;
        }
        response.onError(status(err, method));
    }

    static StatusRuntimeException status(@Nullable Throwable err, String method) {
        Throwable cause = err;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof StatusRuntimeException s) {
            return s;
        }
        if (cause instanceof TimeoutException) {
            return Status.UNAVAILABLE
                    .withDescription("the relay did not answer within " + ASK_TIMEOUT + "; retry")
                    .asRuntimeException();
        }
        log.error("api: {} failed", method, cause);
        return Status.INTERNAL.withDescription("internal error").asRuntimeException();
    }
}
