/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.chain;

import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ClaimRequest;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcRecord;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.RefundRequest;
import io.xrelay.adapter.TxRef;
import io.xrelay.relay.transfer.TransferEntity;
import io.xrelay.relay.transfer.TransferId;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * The actor that owns one chain's adapter and is the chain's only signer. This holds its protocol; the behavior
 * follows.
 */
public final class ChainActor {
    private ChainActor() {}

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

    /** Give back the inventory reserved for {@code transfer} (idempotent). */
    public record Release(TransferId transfer) implements Command {}

    /** Start pulling (sent by the guardian once every open transfer has recovered and registered its watches). */
    public enum StartFollowing implements Command {
        INSTANCE
    }
}
