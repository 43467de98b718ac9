/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.TimeLock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a transfer looks like now, the reply to {@link TransferEntity.Get}.
 *
 * @param id the transfer
 * @param state the name of its state ({@code None} before its source lock was seen, then {@code SourceLocked},
 *     {@code TargetLocking}, ... as in {@link TransferEntity})
 * @param terms the source lock's terms, once seen
 * @param targetLock the destination lock's id, once intended
 * @param targetTimeLock the destination lock's timelock T_D, once intended
 * @param targetAmount the destination amount, once intended
 * @param openedAt when the relay saw the source lock (relay clock)
 * @param updatedAt when the state last changed (relay clock)
 * @param reason why the transfer was rejected, if it was
 * @param reasonText a one-line explanation of {@code reason}
 * @param destinationAsset the asset the recipient receives, once known (announced, or from the pair)
 * @param idempotencyKey the idempotency key of the dApp's announcement, if the transfer was announced
 * @param history every state the transfer entered, oldest first
 */
public record TransferView(
        TransferId id,
        String state,
        Optional<LockTerms> terms,
        Optional<HtlcId> targetLock,
        Optional<TimeLock> targetTimeLock,
        Optional<Amount> targetAmount,
        Optional<Instant> openedAt,
        Optional<Instant> updatedAt,
        Optional<RejectionReason> reason,
        Optional<String> reasonText,
        Optional<Asset> destinationAsset,
        Optional<String> idempotencyKey,
        List<Change> history) {
    public TransferView {
        history = List.copyOf(history);
    }

    /**
     * One state a transfer entered.
     *
     * @param state the state's name
     * @param at when the relay recorded it (relay clock)
     * @param revision 1 for the transfer's first change, then 2, 3, ...
     * @param detail a one-line explanation, or empty
     */
    public record Change(String state, Instant at, long revision, String detail) {}

    /** When the transfer's first state change was recorded (announced or seen), if it has one. */
    public Optional<Instant> createdAt() {
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(0).at());
    }

    /** The revision of the newest change, 0 if none. */
    public long revision() {
        return history.isEmpty() ? 0 : history.get(history.size() - 1).revision();
    }
}
