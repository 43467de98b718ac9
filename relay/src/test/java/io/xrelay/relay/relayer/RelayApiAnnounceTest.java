/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.relayer;

import static io.xrelay.relay.relayer.ApiFixture.announcement;
import static io.xrelay.relay.relayer.ApiFixture.code;
import static io.xrelay.relay.relayer.ApiFixture.status;
import static io.xrelay.relay.relayer.TwoChains.B;
import static io.xrelay.relay.relayer.TwoChains.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Preimage;
import io.xrelay.relay.proto.v1.GetTransferRequest;
import io.xrelay.relay.proto.v1.ListTransfersRequest;
import io.xrelay.relay.proto.v1.RequestTransferRequest;
import io.xrelay.relay.proto.v1.RequestTransferResponse;
import io.xrelay.relay.proto.v1.RevealSecretRequest;
import io.xrelay.relay.proto.v1.Transfer;
import io.xrelay.relay.proto.v1.TransferState;
import io.xrelay.relay.proto.v1.TransferUpdate;
import io.xrelay.relay.proto.v1.WatchTransferRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RequestTransfer over a real server: announcements recorded and followed to the end, idempotency keys both ways,
 * refusals and invalid fields that record nothing, expiry of an announcement whose lock never comes, and an
 * announcement that survives a restart.
 */
class RelayApiAnnounceTest {
    @TempDir
    Path dataDir;

    private ApiFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new ApiFixture(dataDir);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private static Instant in(Duration d) {
        return Instant.now().plus(d);
    }

    private Transfer get(io.xrelay.relay.proto.v1.TransferId id) {
        return f.dapp().getTransfer(GetTransferRequest.newBuilder().setId(id).build());
    }

    @Test
    void an_announced_transfer_is_watched_from_requested_to_completed() throws Exception {
        Preimage secret = Preimage.random();
        RequestTransferResponse r =
                f.dapp().requestTransfer(announcement("order-1", secret, 300, in(Duration.ofMinutes(2))));

        assertThat(r.getTerms().getReceiver().getAccount()).isEqualTo(OPERATOR.value());
        assertThat(r.getQuote().getDestinationAmount().getUnits()).isEqualTo("300");
        assertThat(r.getId().getLockId()).isNotEmpty();
        Transfer announced = get(r.getId());
        assertThat(announced.getState()).isEqualTo(TransferState.REQUESTED);
        assertThat(announced.getIdempotencyKey()).isEqualTo("order-1");
        assertThat(announced.getDestinationAsset().getAsset()).isEqualTo("BBB");
        assertThat(announced.getDestinationAsset().getChain().getId()).isEqualTo(B.value());
        assertThat(announced.getTerms()).isEqualTo(r.getTerms());
        assertThat(announced.getHistoryList()).hasSize(1);

        ApiFixture.Collector watch = new ApiFixture.Collector();
        f.dappAsync()
                .watchTransfer(
                        WatchTransferRequest.newBuilder().setId(r.getId()).build(), watch);
        f.sendLock(r.getTerms());
        TwoChains.eventually(Duration.ofSeconds(30), () -> {
            assertThat(get(r.getId()).getState()).isEqualTo(TransferState.TARGET_LOCKED);
            return true;
        });
        f.dapp()
                .revealSecret(RevealSecretRequest.newBuilder()
                        .setId(r.getId())
                        .setSecret(ByteString.copyFrom(secret.secret().toByteArray()))
                        .build());
        assertThat(watch.ended.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(watch.error.get()).isNull();
        List<TransferUpdate> updates = watch.snapshot();
        assertThat(updates.stream().map(u -> u.getChange().getState()))
                .containsExactly(
                        TransferState.REQUESTED,
                        TransferState.SOURCE_LOCKED,
                        TransferState.TARGET_LOCKING,
                        TransferState.TARGET_LOCKED,
                        TransferState.TARGET_CLAIMED,
                        TransferState.COMPLETED);
        assertThat(updates.stream().map(u -> u.getChange().getRevision())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(f.chains.balance(B, ApiFixture.BOB)).isEqualTo(Amount.of(300));
        Transfer done = get(r.getId());
        assertThat(done.getIdempotencyKey()).isEqualTo("order-1");
        assertThat(done.getTerms()).isEqualTo(r.getTerms());
    }

    @Test
    void the_same_key_with_the_same_request_answers_the_same_and_with_another_request_is_already_exists() {
        Preimage secret = Preimage.random();
        Instant timeLock = in(Duration.ofMinutes(2));
        RequestTransferResponse first = f.dapp().requestTransfer(announcement("k-1", secret, 50, timeLock));
        RequestTransferResponse again = f.dapp().requestTransfer(announcement("k-1", secret, 50, timeLock));
        assertThat(again.getId()).isEqualTo(first.getId());
        assertThat(again.getTerms()).isEqualTo(first.getTerms());
        assertThat(get(first.getId()).getHistoryList()).hasSize(1);

        Status other = status(() -> f.dapp().requestTransfer(announcement("k-1", secret, 51, timeLock)));
        assertThat(other.getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(other.getDescription()).contains("idempotency_key").contains("k-1");

        RequestTransferResponse otherKey = f.dapp().requestTransfer(announcement("k-2", secret, 51, timeLock));
        assertThat(otherKey.getId()).isNotEqualTo(first.getId());
        assertThat(f.dapp()
                        .listTransfers(ListTransfersRequest.newBuilder()
                                .addStates(TransferState.REQUESTED)
                                .build())
                        .getTransfersCount())
                .isEqualTo(2);
    }

    @Test
    void terms_the_relay_would_refuse_are_a_failed_precondition_and_record_nothing() {
        Preimage secret = Preimage.random();
        Status tooShort =
                status(() -> f.dapp().requestTransfer(announcement("k-short", secret, 50, in(Duration.ofSeconds(3)))));
        assertThat(tooShort.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(tooShort.getDescription()).startsWith("TIMELOCK_TOO_SHORT: ");
        Status tooMuch = status(
                () -> f.dapp().requestTransfer(announcement("k-short", secret, 2_000_000, in(Duration.ofMinutes(2)))));
        assertThat(tooMuch.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(tooMuch.getDescription()).startsWith("AMOUNT_ABOVE_MAXIMUM: ");
        RequestTransferRequest unknownChain = announcement("k-short", secret, 50, in(Duration.ofMinutes(2))).toBuilder()
                .setDestination(io.xrelay.relay.proto.v1.AssetRef.newBuilder()
                        .setChain(ApiFixture.chain("chain-z"))
                        .setAsset("BBB"))
                .build();
        unknownChain = unknownChain.toBuilder()
                .setTerms(unknownChain.getTerms().toBuilder()
                        .setDestinationRecipient(unknownChain.getTerms().getDestinationRecipient().toBuilder()
                                .setChain(ApiFixture.chain("chain-z"))))
                .build();
        RequestTransferRequest z = unknownChain;
        Status noChain = status(() -> f.dapp().requestTransfer(z));
        assertThat(noChain.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(noChain.getDescription()).contains("chain-z");

        assertThat(f.dapp()
                        .listTransfers(ListTransfersRequest.getDefaultInstance())
                        .getTransfersCount())
                .isZero();
        // the key was not taken by the refused requests
        RequestTransferResponse ok =
                f.dapp().requestTransfer(announcement("k-short", secret, 50, in(Duration.ofMinutes(2))));
        assertThat(get(ok.getId()).getState()).isEqualTo(TransferState.REQUESTED);
    }

    @Test
    void every_invalid_field_of_an_announcement_is_named_and_nothing_is_written() {
        RequestTransferRequest good = announcement("k-valid", Preimage.random(), 50, in(Duration.ofMinutes(2)));
        Map<String, UnaryOperator<RequestTransferRequest.Builder>> cases = new LinkedHashMap<>();
        cases.put("idempotency_key: ", b -> b.setIdempotencyKey(""));
        cases.put("idempotency_key: must", b -> b.setIdempotencyKey("has space"));
        cases.put("terms: ", b -> b.clearTerms());
        cases.put(
                "terms.asset.chain.id: ",
                b -> b.setTerms(b.getTerms().toBuilder()
                        .setAsset(b.getTerms().getAsset().toBuilder().setChain(ApiFixture.chain("Bad_Chain")))));
        cases.put(
                "terms.sender.chain.id: ",
                b -> b.setTerms(b.getTerms().toBuilder()
                        .setSender(b.getTerms().getSender().toBuilder().setChain(ApiFixture.chain(B.value())))));
        cases.put(
                "terms.sender.account: ",
                b -> b.setTerms(b.getTerms().toBuilder()
                        .setSender(b.getTerms().getSender().toBuilder().setAccount(""))));
        cases.put(
                "terms.hash_lock.sha256: ",
                b -> b.setTerms(b.getTerms().toBuilder()
                        .setHashLock(io.xrelay.relay.proto.v1.HashLock.newBuilder()
                                .setSha256(ByteString.copyFrom(new byte[31])))));
        cases.put("terms.time_lock: ", b -> b.setTerms(b.getTerms().toBuilder().clearTimeLock()));
        cases.put(
                "terms.time_lock: must be whole",
                b -> b.setTerms(b.getTerms().toBuilder()
                        .setTimeLock(b.getTerms().getTimeLock().toBuilder().setNanos(5))));
        cases.put(
                "terms.amount.units: not a decimal number of at most 78 digits",
                b -> b.setTerms(b.getTerms().toBuilder().setAmount(ApiFixture.units("1e5"))));
        cases.put(
                "terms.amount.units: must be positive",
                b -> b.setTerms(b.getTerms().toBuilder().setAmount(ApiFixture.units("0"))));
        cases.put(
                "terms.amount.units: not a decimal",
                b -> b.setTerms(b.getTerms().toBuilder().setAmount(ApiFixture.units("1".repeat(79)))));
        cases.put(
                "terms.destination_recipient.account: ",
                b -> b.setTerms(b.getTerms().toBuilder()
                        .setDestinationRecipient(b.getTerms().getDestinationRecipient().toBuilder()
                                .setAccount(""))));
        cases.put(
                "terms.min_destination_amount.units: ",
                b -> b.setTerms(b.getTerms().toBuilder().setMinDestinationAmount(ApiFixture.units("-1"))));
        cases.put(
                "destination.chain.id: ",
                b -> b.setDestination(b.getDestination().toBuilder().setChain(ApiFixture.chain(TwoChains.A.value()))));
        cases.put(
                "destination.asset: ",
                b -> b.setDestination(b.getDestination().toBuilder().setAsset("")));
        cases.put(
                "terms.receiver.account: ",
                b -> b.setTerms(b.getTerms().toBuilder()
                        .setReceiver(io.xrelay.relay.proto.v1.AccountRef.newBuilder()
                                .setChain(ApiFixture.chain(TwoChains.A.value()))
                                .setAccount("mallory"))));
        cases.forEach((field, change) -> {
            Status s = status(() ->
                    f.dapp().requestTransfer(change.apply(good.toBuilder()).build()));
            assertThat(s.getCode()).as(field).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(s.getDescription()).as(field).startsWith(field);
        });
        assertThat(f.dapp()
                        .listTransfers(ListTransfersRequest.getDefaultInstance())
                        .getTransfersCount())
                .isZero();
        // the key is still free
        assertThat(get(f.dapp().requestTransfer(good).getId()).getState()).isEqualTo(TransferState.REQUESTED);
    }

    @Test
    void an_announcement_whose_lock_never_comes_expires_after_its_timelock() throws Exception {
        // the earliest T_S accepted is about 10s away (margin 5s; lock final 1s, window 2s, claim stop 1s + 1s)
        Instant timeLock = Instant.ofEpochSecond(in(Duration.ofSeconds(12)).getEpochSecond());
        RequestTransferResponse r = f.dapp().requestTransfer(announcement("k-exp", Preimage.random(), 20, timeLock));
        ApiFixture.Collector watch = new ApiFixture.Collector();
        f.dappAsync()
                .watchTransfer(
                        WatchTransferRequest.newBuilder().setId(r.getId()).build(), watch);
        assertThat(watch.ended.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(watch.error.get()).isNull();
        List<TransferUpdate> updates = watch.snapshot();
        assertThat(updates.stream().map(u -> u.getChange().getState()))
                .containsExactly(TransferState.REQUESTED, TransferState.EXPIRED);
        Instant expiredAt =
                Instant.ofEpochSecond(updates.get(1).getChange().getAt().getSeconds());
        // not before T_S + the source chain's clock tolerance (1s)
        assertThat(expiredAt).isAfterOrEqualTo(timeLock.plusSeconds(1).minusMillis(999));
        assertThat(get(r.getId()).getState()).isEqualTo(TransferState.EXPIRED);
    }

    @Test
    void an_announcement_survives_a_restart_with_its_history_and_its_key() throws Exception {
        Preimage secret = Preimage.random();
        Instant timeLock = in(Duration.ofMinutes(2));
        RequestTransferResponse r = f.dapp().requestTransfer(announcement("k-restart", secret, 70, timeLock));
        Transfer before = get(r.getId());
        f.restart();
        Transfer after = get(r.getId());
        assertThat(after.getState()).isEqualTo(TransferState.REQUESTED);
        assertThat(after.getHistoryList()).isEqualTo(before.getHistoryList());
        assertThat(after.getIdempotencyKey()).isEqualTo("k-restart");
        assertThat(f.dapp()
                        .requestTransfer(announcement("k-restart", secret, 70, timeLock))
                        .getId())
                .isEqualTo(r.getId());
        assertThat(code(() -> f.dapp().requestTransfer(announcement("k-restart", secret, 71, timeLock))))
                .isEqualTo(Status.Code.ALREADY_EXISTS);

        f.sendLock(r.getTerms());
        TwoChains.eventually(Duration.ofSeconds(30), () -> {
            assertThat(get(r.getId()).getState()).isEqualTo(TransferState.TARGET_LOCKED);
            return true;
        });
        assertThat(get(r.getId()).getHistory(0).getState()).isEqualTo(TransferState.REQUESTED);
        Timestamp unused = after.getHistory(0).getAt();
        assertThat(unused.getSeconds()).isPositive();
    }

    @Test
    void a_watch_ends_unavailable_when_the_relay_stops_and_resumes_from_its_revision_after_the_restart()
            throws Exception {
        Preimage secret = Preimage.random();
        RequestTransferResponse r =
                f.dapp().requestTransfer(announcement("k-watch", secret, 30, in(Duration.ofMinutes(2))));
        ApiFixture.Collector first = new ApiFixture.Collector();
        f.dappAsync()
                .watchTransfer(
                        WatchTransferRequest.newBuilder().setId(r.getId()).build(), first);
        TwoChains.eventually(Duration.ofSeconds(10), () -> {
            assertThat(first.snapshot()).hasSize(1);
            return true;
        });
        long stopping = System.nanoTime();
        f.restart();
        assertThat(first.ended.await(10, TimeUnit.SECONDS)).isTrue();
        Status ended = Status.fromThrowable(first.error.get());
        assertThat(ended.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(ended.getDescription()).contains("revision 1");
        // the stream is ended by the relay, not by the server's grace period running out
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(30));

        ApiFixture.Collector resumed = new ApiFixture.Collector();
        f.dappAsync()
                .watchTransfer(
                        WatchTransferRequest.newBuilder()
                                .setId(r.getId())
                                .setAfterRevision(1)
                                .build(),
                        resumed);
        f.sendLock(r.getTerms());
        TwoChains.eventually(Duration.ofSeconds(30), () -> {
            assertThat(resumed.snapshot().stream().map(u -> u.getChange().getState()))
                    .startsWith(TransferState.SOURCE_LOCKED, TransferState.TARGET_LOCKING, TransferState.TARGET_LOCKED);
            return true;
        });
        assertThat(resumed.snapshot().get(0).getChange().getRevision()).isEqualTo(2L);
    }
}
