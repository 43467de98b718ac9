/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.VerifiedHtlcEvent;
import io.xrelay.relay.CborSerializable;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/** One HTLC transfer, event-sourced. The protocol is final; the behavior follows. */
public final class TransferEntity {
    private TransferEntity() {}

    /** What a transfer understands. */
    public sealed interface Command extends CborSerializable {}

    /** A verified final event on either chain that concerns this transfer; reply Ack once persisted (or ignored). */
    public record ChainEventSeen(ChainId chain, VerifiedHtlcEvent event, ActorRef<Done> ack) implements Command {}

    /** The recipient's secret, handed in after TargetLocked; never persisted or logged before it is public. */
    public record RevealSecret(Preimage preimage, ActorRef<StatusReply<Done>> replyTo) implements Command {}

    /** Asks for the transfer's current view. */
    public record Get(ActorRef<TransferView> replyTo) implements Command {}

    /** The entity of transfer {@code id}. */
    public static Behavior<Command> create(TransferId id, TransferContext ctx) {
        return Behaviors.setup(context -> {
            throw new UnsupportedOperationException("TransferEntity " + id + " comes in the next commit, "
                    + ctx.pairs().size() + " pairs");
        });
    }
}
