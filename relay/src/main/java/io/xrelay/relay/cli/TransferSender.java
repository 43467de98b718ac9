/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import com.google.protobuf.ByteString;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.grpc.StatusRuntimeException;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainAdapterRegistry;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.Submitted;
import io.xrelay.adapter.TimeLock;
import io.xrelay.relay.proto.v1.AccountRef;
import io.xrelay.relay.proto.v1.Amount;
import io.xrelay.relay.proto.v1.AssetRef;
import io.xrelay.relay.proto.v1.ChainRef;
import io.xrelay.relay.proto.v1.HashLock;
import io.xrelay.relay.proto.v1.LockTerms;
import io.xrelay.relay.proto.v1.QuoteTransferRequest;
import io.xrelay.relay.proto.v1.QuoteTransferResponse;
import io.xrelay.relay.proto.v1.RequestTransferRequest;
import io.xrelay.relay.proto.v1.RequestTransferResponse;
import io.xrelay.relay.proto.v1.RevealSecretRequest;
import io.xrelay.relay.proto.v1.TransferId;
import io.xrelay.relay.proto.v1.TransferState;
import io.xrelay.relay.proto.v1.TransferUpdate;
import io.xrelay.relay.proto.v1.WatchTransferRequest;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One transfer sent as a wallet sends it: the quote, the announcement (RequestTransfer), the user's own source lock
 * through a chain adapter built from the user's chain entry, then the relay's states as they happen, handing the
 * secret to the relay at TARGET_LOCKED. The secret is made here, kept in memory only and never printed.
 */
final class TransferSender {
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(3);

    /** The user: a chain entry (id, type, the adapter's keys) plus {@code asset}, the default source asset. */
    record User(ChainId chain, String type, Config settings, @Nullable String asset, Path file) {}

    /** How a transfer ended: its id, last state and how long it took from the quote. */
    record Outcome(TransferId id, TransferState state, Duration took) {}

    private TransferSender() {}

    /**
     * Reads a user's chain entry: HOCON with {@code id}, {@code type}, the adapter's settings, and optionally
     * {@code asset}. Keys are read by the adapter, from the entry's own settings (an Ethereum {@code signer-key-file},
     * a Fabric {@code signer.private-key-file}).
     */
    static User loadUser(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--user " + file + ": no such file");
        }
        Config c;
        try {
            c = ConfigFactory.parseFile(file.toFile()).resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--user " + file + ": " + e.getMessage(), e);
        }
        for (String key : new String[] {"id", "type"}) {
            if (!c.hasPath(key)) {
                throw new IllegalArgumentException("--user " + file + ": " + key + " is missing");
            }
        }
        String id = c.getString("id");
        ApiText.checkChain("--user " + file + ": id", id);
        String type = c.getString("type");
        return new User(ChainId.of(id), type, c, c.hasPath("asset") ? c.getString("asset") : null, file);
    }

    static ChainAdapter adapter(User user) {
        try {
            return ChainAdapterRegistry.loadDefault().provider(user.type()).create(user.chain(), user.settings());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "--user " + user.file() + ": " + ClientCommand.orDash(String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * Sends one transfer and follows it to a final state, printing one line per step.
     *
     * @param timelock how far from now T_S lies, or null for the quote's recommended timelock
     * @param reveal whether to hand the secret to the relay at TARGET_LOCKED
     */
    static Outcome send(
            ApiClient client,
            ChainAdapter adapter,
            AssetRef source,
            AssetRef destination,
            String recipient,
            Amount amount,
            @Nullable Duration timelock,
            boolean reveal,
            PrintWriter out) {
        Instant started = Instant.now();
        QuoteTransferResponse quote = client.transfers()
                .quoteTransfer(QuoteTransferRequest.newBuilder()
                        .setSource(source)
                        .setDestination(destination)
                        .setAmount(amount)
                        .setRecipient(recipient)
                        .build());
        if (!quote.getRecipientProblem().isEmpty()) {
            throw new IllegalArgumentException("--recipient " + recipient + ": " + quote.getRecipientProblem());
        }
        Instant timeLock = timelock == null
                ? ApiText.instant(quote.getRecommendedTimeLock())
                : Instant.ofEpochSecond(Instant.now().plus(timelock).getEpochSecond());
        if (timelock != null && timeLock.isBefore(ApiText.instant(quote.getMinTimeLock()))) {
            throw new IllegalArgumentException("--timelock " + timelock.toSeconds() + "s is too short: the relay"
                    + " accepts T_S from " + quote.getMinTimeLock().getSeconds() + " ("
                    + ClientCommand.time(quote.getMinTimeLock()) + "), recommended "
                    + ClientCommand.time(quote.getRecommendedTimeLock()));
        }
        out.printf(
                "%s quote: %s %s -> %s %s (fee %s, rate %s), operator %s, T_S %s%n",
                clockNow(),
                amount.getUnits(),
                ApiText.text(source),
                quote.getDestinationAmount().getUnits(),
                ApiText.text(destination),
                quote.getFee().getUnits(),
                quote.getRate(),
                quote.getOperator().getAccount(),
                ClientCommand.time(ApiText.timestamp(timeLock)));
        out.flush();

        Preimage secret = Preimage.random();
        Account sender = adapter.signer();
        RequestTransferResponse announced = client.transfers()
                .requestTransfer(RequestTransferRequest.newBuilder()
                        .setIdempotencyKey("cli-" + UUID.randomUUID())
                        .setTerms(LockTerms.newBuilder()
                                .setSender(account(source.getChain().getId(), sender.value()))
                                .setHashLock(HashLock.newBuilder()
                                        .setSha256(ByteString.copyFrom(
                                                secret.hashLock().hash().toByteArray())))
                                .setTimeLock(ApiText.timestamp(timeLock))
                                .setAsset(source)
                                .setAmount(amount)
                                .setDestinationRecipient(
                                        account(destination.getChain().getId(), recipient))
                                .setMinDestinationAmount(quote.getDestinationAmount()))
                        .setDestination(destination)
                        .build());
        TransferId id = announced.getId();
        out.printf("%s transfer %s announced%n", clockNow(), ApiText.text(id));
        out.flush();

        LockTerms t = announced.getTerms();
        LockRequest lock = new LockRequest(
                Account.of(t.getReceiver().getAccount()),
                secret.hashLock(),
                TimeLock.at(ApiText.instant(t.getTimeLock())),
                Asset.of(t.getAsset().getAsset()),
                io.xrelay.adapter.Amount.of(new BigInteger(t.getAmount().getUnits())),
                ChainId.of(t.getDestinationRecipient().getChain().getId()),
                Account.of(t.getDestinationRecipient().getAccount()),
                io.xrelay.adapter.Amount.of(
                        new BigInteger(t.getMinDestinationAmount().getUnits())));
        Submitted sent = await(adapter.lock(lock), "the lock");
        out.printf(
                "%s lock sent from %s: tx %s%n", clockNow(), sender, sent.tx().id());
        out.flush();
        Finality f = await(adapter.awaitFinality(sent.tx()), "the lock's finality");
        if (!(f instanceof Finality.Committed c)) {
            throw new IllegalStateException("the lock " + sent.tx().id() + " did not commit: " + f);
        }
        out.printf("%s lock final in block #%d%n", clockNow(), c.block().number());
        out.flush();

        TransferState last = TransferState.TRANSFER_STATE_UNSPECIFIED;
        boolean revealed = false;
        long revision = 0;
        while (!ApiText.FINAL.contains(last)) {
            Iterator<TransferUpdate> updates = client.transferStream()
                    .watchTransfer(WatchTransferRequest.newBuilder()
                            .setId(id)
                            .setAfterRevision(revision)
                            .setWaitForLock(true)
                            .build());
            try {
                while (updates.hasNext()) {
                    TransferUpdate u = updates.next();
                    revision = u.getChange().getRevision();
                    last = u.getChange().getState();
                    printChange(out, u);
                    if (last == TransferState.TARGET_LOCKED && reveal && !revealed) {
                        revealed = true;
                        revealSecret(client, id, secret, out);
                    }
                }
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != io.grpc.Status.Code.RESOURCE_EXHAUSTED) {
                    throw e;
                }
                // fell behind the relay's buffer: resume from the last revision
            }
            if (!ApiText.FINAL.contains(last) && revision == 0) {
                throw new IllegalStateException(
                        "the relay ended the watch of " + ApiText.text(id) + " before any" + " state");
            }
        }
        return new Outcome(id, last, Duration.between(started, Instant.now()));
    }

    private static void revealSecret(ApiClient client, TransferId id, Preimage secret, PrintWriter out) {
        try {
            client.transfers()
                    .revealSecret(RevealSecretRequest.newBuilder()
                            .setId(id)
                            .setSecret(ByteString.copyFrom(secret.secret().toByteArray()))
                            .build());
            out.printf("%s secret handed to the relay, which claims for the recipient%n", clockNow());
        } catch (StatusRuntimeException e) {
            out.printf("%s the relay did not take the secret: %s%n", clockNow(), client.describe(e));
        }
        out.flush();
    }

    /** {@code <revision> <HH:mm:ss> <STATE>[ <detail>]}: the revision is what {@code watch --after-revision} takes. */
    static void printChange(PrintWriter out, TransferUpdate u) {
        String detail = u.getChange().getDetail();
        out.printf(
                "%d %s %s%s%n",
                u.getChange().getRevision(),
                ApiText.clock(u.getChange().getAt()),
                u.getChange().getState().name(),
                detail.isEmpty() ? "" : " " + detail);
        out.flush();
    }

    private static AccountRef account(String chain, String account) {
        return AccountRef.newBuilder()
                .setChain(ChainRef.newBuilder().setId(chain))
                .setAccount(account)
                .build();
    }

    private static String clockNow() {
        return ApiText.clock(ApiText.timestamp(Instant.now()));
    }

    private static <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(LOCK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(what + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " got no answer within " + LOCK_TIMEOUT.toMinutes() + " min", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }
}
