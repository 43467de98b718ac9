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
import io.xrelay.adapter.HashLock;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.chain.ChainFacts;
import io.xrelay.relay.config.ApiConfig;
import io.xrelay.relay.config.PairConfig;
import io.xrelay.relay.proto.v1.AccountRef;
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
import io.xrelay.relay.transfer.IdempotencyKeys;
import io.xrelay.relay.transfer.TransferDirectory;
import io.xrelay.relay.transfer.TransferEntity;
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
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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
    private final int watchBuffer;
    private final Set<ActorRef<WatchStream.Command>> watches = ConcurrentHashMap.newKeySet();

    /**
     * The service over the relay's actor system.
     *
     * @param system the relay's actor system (its guardian answers every query)
     * @param clock the relay's clock, for quotes
     * @param watchBuffer the updates a WatchTransfer stream holds for a client that does not read
     */
    public TransferGrpcService(ActorSystem<RelayGuardian.Command> system, Clock clock, int watchBuffer) {
        this.system = system;
        this.clock = clock;
        this.watchBuffer = watchBuffer;
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
        basis().thenCompose(b ->
                        quote(b, source, sourceAsset, destination, destinationAsset, amount, request.getRecipient()))
                .whenComplete((q, err) -> reply(response, q, err, "QuoteTransfer"));
    }

    private CompletionStage<RelayGuardian.QuoteBasis> basis() {
        return AskPattern.ask(system, RelayGuardian.GetQuoteBasis::new, ASK_TIMEOUT, system.scheduler());
    }

    /** The facts of a chain the relay serves now and that is not paused, or FAILED_PRECONDITION naming it. */
    private static ChainFacts served(RelayGuardian.QuoteBasis b, ChainId chain) {
        ChainFacts f = b.chains().get(chain);
        if (f == null) {
            throw Status.FAILED_PRECONDITION
                    .withDescription("chain " + chain + " is not served by this relay (not registered, or not open)")
                    .asRuntimeException();
        }
        if (f.paused()) {
            throw Status.FAILED_PRECONDITION
                    .withDescription("chain " + chain + " is paused: no new transfer starts from or to it")
                    .asRuntimeException();
        }
        return f;
    }

    /** The pair from source to destination asset, or FAILED_PRECONDITION naming both. */
    private static PairConfig pair(
            RelayGuardian.QuoteBasis b,
            ChainId source,
            Asset sourceAsset,
            ChainId destination,
            Asset destinationAsset) {
        return b.policy()
                .pair(source, sourceAsset, destination, destinationAsset)
                .orElseThrow(() -> Status.FAILED_PRECONDITION
                        .withDescription("no pair from " + source + ":" + sourceAsset.id() + " to " + destination + ":"
                                + destinationAsset.id())
                        .asRuntimeException());
    }

    /** The quote for {@code amount} of the pair, with the destination operator's inventory asked of its chain. */
    private CompletionStage<QuoteTransferResponse> quote(
            RelayGuardian.QuoteBasis b,
            ChainId source,
            Asset sourceAsset,
            ChainId destination,
            Asset destinationAsset,
            Amount amount,
            String recipient) {
        ChainFacts s = served(b, source);
        ChainFacts d = served(b, destination);
        PairConfig pair = pair(b, source, sourceAsset, destination, destinationAsset);
        if (amount.compareTo(pair.min()) < 0 || amount.compareTo(pair.max()) > 0) {
            throw Status.FAILED_PRECONDITION
                    .withDescription(
                            "amount " + amount + " is outside the pair's range " + pair.min() + " to " + pair.max())
                    .asRuntimeException();
        }
        BigInteger units = pair.destinationUnits(amount);
        Amount out = units.signum() > 0 ? Amount.of(units) : Amount.ZERO;
        QuoteTransferResponse.Builder q = QuoteTransferResponse.newBuilder()
                .setOperator(ProtoMapping.account(source, s.operator().value()))
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
        if (!recipient.isEmpty()) {
            Optional<String> problem;
            try {
                problem = d.accountProblem(Account.of(recipient));
            } catch (IllegalArgumentException e) {
                problem = Optional.of(String.valueOf(e.getMessage()));
            }
            q.setRecipientProblem(problem.orElse(""));
        }
        ActorRef<ChainActor.Command> actor = b.actors().get(destination);
        if (actor == null) {
            return CompletableFuture.completedFuture(q.build());
        }
        CompletionStage<StatusReply<Amount>> available = AskPattern.ask(
                actor,
                replyTo -> new ChainActor.GetAvailable(destinationAsset, replyTo),
                ASK_TIMEOUT,
                system.scheduler());
        return available.handle((r, err) -> q.setInventorySufficient(
                        err == null && r.isSuccess() && r.getValue().compareTo(out) >= 0)
                .build());
    }

    /** Ends every open WatchTransfer stream UNAVAILABLE (the client watches again from its last revision). */
    public void stopping() {
        watches.forEach(w -> w.tell(WatchStream.Command.STOPPING));
    }

    // --- RequestTransfer -------------------------------------------------------------------------------------------

    /** A validated RequestTransfer: the terms ({@code receiver} empty if the relay fills it in). */
    record Announcing(
            String key,
            ChainId source,
            Optional<Account> receiver,
            Account sender,
            HashLock hashLock,
            TimeLock timeLock,
            Asset asset,
            Amount amount,
            ChainId destination,
            Account recipient,
            Amount minDestinationAmount,
            Asset destinationAsset) {
        LockTerms terms(Account operator) {
            return new LockTerms(
                    sender, operator, hashLock, timeLock, asset, amount, destination, recipient, minDestinationAmount);
        }
    }

    /** Checks every field of a RequestTransfer; INVALID_ARGUMENT naming the first bad one. */
    static Announcing announcing(RequestTransferRequest r) {
        String key = r.getIdempotencyKey();
        if (key.isEmpty()) {
            throw invalid("idempotency_key", "required");
        }
        if (!key.matches("[A-Za-z0-9._:-]{1,128}")) {
            throw invalid("idempotency_key", "must be 1 to 128 characters of [A-Za-z0-9._:-]");
        }
        if (!r.hasTerms()) {
            throw invalid("terms", "required");
        }
        io.xrelay.relay.proto.v1.LockTerms t = r.getTerms();
        ChainId source = chain(t.getAsset().getChain().getId(), "terms.asset.chain.id");
        Asset asset = asset(t.getAsset(), "terms.asset.asset");
        Account sender = account(t.getSender(), source, "terms.sender", "terms.asset.chain.id");
        Optional<Account> receiver = t.hasReceiver()
                        && !(t.getReceiver().getAccount().isEmpty()
                                && t.getReceiver().getChain().getId().isEmpty())
                ? Optional.of(account(t.getReceiver(), source, "terms.receiver", "terms.asset.chain.id"))
                : Optional.empty();
        if (t.getHashLock().getSha256().size() != 32) {
            throw invalid(
                    "terms.hash_lock.sha256",
                    "must be exactly 32 bytes, got "
                            + t.getHashLock().getSha256().size());
        }
        HashLock hashLock = new HashLock(Bytes.of(t.getHashLock().getSha256().toByteArray()));
        if (!t.hasTimeLock() || t.getTimeLock().getSeconds() <= 0) {
            throw invalid("terms.time_lock", "required (T_S, in whole seconds)");
        }
        if (t.getTimeLock().getNanos() != 0) {
            throw invalid("terms.time_lock", "must be whole seconds (nanos 0)");
        }
        TimeLock timeLock = new TimeLock(t.getTimeLock().getSeconds());
        Amount amount = positiveAmount(t.getAmount().getUnits(), "terms.amount.units");
        ChainId destination =
                chain(t.getDestinationRecipient().getChain().getId(), "terms.destination_recipient.chain.id");
        Account recipient =
                parse(t.getDestinationRecipient().getAccount(), "terms.destination_recipient.account", Account::of);
        Amount minOut = amount(t.getMinDestinationAmount().getUnits(), "terms.min_destination_amount.units");
        ChainId destinationChain = chain(r.getDestination().getChain().getId(), "destination.chain.id");
        if (!destinationChain.equals(destination)) {
            throw invalid(
                    "destination.chain.id",
                    "must be the destination recipient's chain " + destination + ", got " + destinationChain);
        }
        Asset destinationAsset = asset(r.getDestination(), "destination.asset");
        return new Announcing(
                key,
                source,
                receiver,
                sender,
                hashLock,
                timeLock,
                asset,
                amount,
                destination,
                recipient,
                minOut,
                destinationAsset);
    }

    private static Account account(AccountRef ref, ChainId chain, String field, String chainField) {
        ChainId of = chain(ref.getChain().getId(), field + ".chain.id");
        if (!of.equals(chain)) {
            throw invalid(
                    field + ".chain.id", "must be the source chain " + chain + " (" + chainField + "), got " + of);
        }
        return parse(ref.getAccount(), field + ".account", Account::of);
    }

    @Override
    public void requestTransfer(RequestTransferRequest request, StreamObserver<RequestTransferResponse> response) {
        Announcing a;
        try {
            a = announcing(request);
        } catch (StatusRuntimeException e) {
            response.onError(e);
            return;
        }
        basis().thenCompose(b -> {
                    ChainFacts s = served(b, a.source());
                    ChainFacts d = served(b, a.destination());
                    if (a.receiver().isPresent() && !a.receiver().get().equals(s.operator())) {
                        throw invalid(
                                "terms.receiver.account",
                                "must be the operator's account " + s.operator() + " on " + a.source()
                                        + " (or empty: the relay fills it in)");
                    }
                    Optional<String> senderProblem = s.accountProblem(a.sender());
                    if (senderProblem.isPresent()) {
                        throw invalid("terms.sender.account", senderProblem.get());
                    }
                    pair(b, a.source(), a.asset(), a.destination(), a.destinationAsset());
                    LockTerms terms = a.terms(s.operator());
                    TransferId id = new TransferId(a.source(), s.lockId(terms));
                    String digest = digest(terms, a.destinationAsset());
                    CompletionStage<Optional<IdempotencyKeys.Binding>> bound = AskPattern.ask(
                            b.keys(),
                            replyTo -> new IdempotencyKeys.Lookup(a.key(), replyTo),
                            ASK_TIMEOUT,
                            system.scheduler());
                    return bound.thenCompose(binding -> {
                        if (binding.isPresent()
                                && !binding.get().requestDigest().equals(digest)) {
                            throw alreadyExists(a.key(), binding.get().transferId());
                        }
                        if (binding.isEmpty()) { // a retried request is answered the same, whatever the time now
                            checkAsTheRelayWill(b, id, terms, s, d, a.destinationAsset());
                        }
                        TransferEntity.Announcement announcement = new TransferEntity.Announcement(
                                TransferEntity.Terms.of(terms),
                                a.destinationAsset().id(),
                                a.key());
                        CompletionStage<RelayGuardian.AnnounceReply> announced = AskPattern.askWithStatus(
                                system,
                                replyTo -> new RelayGuardian.AnnounceTransfer(id, announcement, digest, replyTo),
                                ASK_TIMEOUT,
                                system.scheduler());
                        return announced.thenCompose(reply -> {
                            if (reply instanceof RelayGuardian.KeyConflict c) {
                                throw alreadyExists(a.key(), c.existing());
                            }
                            return quote(
                                            b,
                                            a.source(),
                                            a.asset(),
                                            a.destination(),
                                            a.destinationAsset(),
                                            a.amount(),
                                            a.recipient().value())
                                    .thenApply(q -> RequestTransferResponse.newBuilder()
                                            .setId(ProtoMapping.id(id))
                                            .setTerms(ProtoMapping.terms(a.source(), terms))
                                            .setQuote(q)
                                            .build());
                        });
                    });
                })
                .whenComplete((r, err) -> reply(response, r, err, "RequestTransfer"));
    }

    /** FAILED_PRECONDITION with the reason if the relay would refuse a lock with {@code terms} now. */
    private void checkAsTheRelayWill(
            RelayGuardian.QuoteBasis b, TransferId id, LockTerms terms, ChainFacts s, ChainFacts d, Asset asset) {
        TransferPolicy.Decision decision = b.policy().evaluate(id.source(), terms, s, Optional.of(d), clock.instant());
        if (decision instanceof TransferPolicy.Rejected r) {
            throw Status.FAILED_PRECONDITION
                    .withDescription(ProtoMapping.reason(r.reason()).name() + ": " + r.message())
                    .asRuntimeException();
        }
        TransferPolicy.Accepted ok = (TransferPolicy.Accepted) decision;
        if (!ok.pair().to().asset().equals(asset)) {
            throw Status.FAILED_PRECONDITION
                    .withDescription("UNKNOWN_PAIR: a lock with these terms is paid in "
                            + ok.pair().to().asset().id() + " on " + terms.destinationChain() + ", not " + asset.id())
                    .asRuntimeException();
        }
    }

    private static StatusRuntimeException alreadyExists(String key, String transfer) {
        return Status.ALREADY_EXISTS
                .withDescription(
                        "idempotency_key: \"" + key + "\" was used for another request (transfer " + transfer + ")")
                .asRuntimeException();
    }

    /** The digest of an announcement's request: its terms (receiver filled in) and destination asset. */
    static String digest(LockTerms terms, Asset destinationAsset) {
        String text = TransferEntity.Terms.of(terms) + "|" + destinationAsset.id();
        return HexFormat.of().formatHex(ApiConfig.sha256(text));
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
        Set<String> stateNames = new java.util.HashSet<>();
        states.forEach(st -> stateNames.add(ProtoMapping.stateName(st)));
        TransferDirectory.Filter filter = new TransferDirectory.Filter(
                stateNames,
                sourceChain.map(ChainId::value).orElse(""),
                destinationChain.map(ChainId::value).orElse(""),
                request.getAccount());
        Optional<TransferDirectory.Cursor> cursor =
                Optional.ofNullable(after).map(k -> new TransferDirectory.Cursor(k.createdMillis(), k.id()));
        basis().thenCompose(b -> AskPattern.<TransferDirectory.Command, TransferDirectory.Page>ask(
                                b.directory(),
                                replyTo -> new TransferDirectory.Query(filter, pageSize, cursor, replyTo),
                                ASK_TIMEOUT,
                                system.scheduler())
                        .thenCompose(page -> {
                            List<CompletableFuture<TransferView>> views = new ArrayList<>();
                            for (TransferDirectory.Entry e : page.entries()) {
                                views.add(view(TransferId.parse(e.id())).toCompletableFuture());
                            }
                            return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
                                    .thenApply(done -> {
                                        ListTransfersResponse.Builder r = ListTransfersResponse.newBuilder();
                                        for (CompletableFuture<TransferView> v : views) {
                                            TransferView view = v.join();
                                            if (!view.state().equals("None")) {
                                                r.addTransfers(ProtoMapping.transfer(view));
                                            }
                                        }
                                        if (page.more() && !page.entries().isEmpty()) {
                                            TransferDirectory.Entry last = page.entries()
                                                    .get(page.entries().size() - 1);
                                            r.setNextPageToken(new PageKey(last.createdMillis(), last.id()).token());
                                        }
                                        return r.build();
                                    });
                        }))
                .whenComplete((r, err) -> reply(response, r, err, "ListTransfers"));
    }

    /** A position in the newest-first order: the transfer's creation time, then its id; opaque to clients. */
    record PageKey(long createdMillis, String id) {
        String token() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(("v1|" + createdMillis + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static PageKey parse(String token) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                String[] parts = text.split("\\|", 3);
                if (parts.length != 3 || !parts[0].equals("v1")) {
                    throw new IllegalArgumentException("not a page token");
                }
                TransferId.parse(parts[2]);
                return new PageKey(Long.parseLong(parts[1]), parts[2]);
            } catch (IllegalArgumentException e) {
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
        AtomicReference<@Nullable ActorRef<WatchStream.Command>> self = new AtomicReference<>();
        ActorRef<WatchStream.Command> watcher = system.systemActorOf(
                WatchStream.create(
                        system, id, request.getAfterRevision(), request.getWaitForLock(), watchBuffer, stream, () -> {
                            ActorRef<WatchStream.Command> w = self.get();
                            if (w != null) {
                                watches.remove(w);
                            }
                        }),
                "watch-" + UUID.randomUUID(),
                Props.empty());
        self.set(watcher);
        watches.add(watcher);
        stream.setOnCancelHandler(() -> watcher.tell(WatchStream.Command.CANCELLED));
        stream.setOnReadyHandler(() -> watcher.tell(WatchStream.Command.READY));
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
        Amount a = amount(units, field);
        if (a.isZero()) {
            throw invalid(field, "must be positive");
        }
        return a;
    }

    static Amount amount(String units, String field) {
        if (units.isEmpty()) {
            throw invalid(field, "required");
        }
        if (!units.matches("[0-9]{1,78}")) {
            throw invalid(field, "not a decimal number of at most 78 digits, got \"" + abbreviate(units) + "\"");
        }
        return parse(units, field, u -> Amount.of(new BigInteger(u)));
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
