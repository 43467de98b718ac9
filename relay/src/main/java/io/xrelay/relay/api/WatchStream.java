/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.api;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.xrelay.relay.proto.v1.Transfer;
import io.xrelay.relay.proto.v1.TransferUpdate;
import io.xrelay.relay.relayer.RelayGuardian;
import io.xrelay.relay.transfer.TransferId;
import io.xrelay.relay.transfer.TransferView;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One WatchTransfer stream: subscribes to the transfer's views, queues each state change after the last revision
 * queued, sends while the client's transport is ready, completes the stream when the transfer is final and every
 * change is sent, and unsubscribes when the client cancels. A client that does not read falls behind: once more than
 * {@code buffer} changes wait, the stream ends RESOURCE_EXHAUSTED (the client watches again from its last revision).
 * If the relay stops first, the stream ends UNAVAILABLE.
 */
final class WatchStream extends AbstractBehavior<WatchStream.Command> {
    /** What a watch understands: views of its transfer, its client's cancellation and readiness. */
    sealed interface Command {
        Command CANCELLED = new Cancelled();
        Command READY = new Ready();
        Command STOPPING = new Stopping();
    }

    private record Stopping() implements Command {}

    private record Cancelled() implements Command {}

    private record Ready() implements Command {}

    private record Seen(TransferView view) implements Command {}

    private final ActorRef<RelayGuardian.Command> guardian;
    private final TransferId id;
    private final boolean waitForLock;
    private final int buffer;
    private final ServerCallStreamObserver<TransferUpdate> stream;
    private final ActorRef<TransferView> views;
    private final Runnable onStop;
    private final Deque<TransferUpdate> queue = new ArrayDeque<>();
    /** The newest revision queued (or sent). */
    private long queued;
    /** The newest revision sent. */
    private long sent;
    /** The transfer is final: complete once the queue is empty. */
    private boolean finalSeen;

    private boolean ended;

    private WatchStream(
            ActorContext<Command> ctx,
            ActorRef<RelayGuardian.Command> guardian,
            TransferId id,
            long afterRevision,
            boolean waitForLock,
            int buffer,
            ServerCallStreamObserver<TransferUpdate> stream,
            Runnable onStop) {
        super(ctx);
        this.onStop = onStop;
        this.guardian = guardian;
        this.id = id;
        this.waitForLock = waitForLock;
        this.buffer = buffer;
        this.stream = stream;
        this.queued = afterRevision;
        this.sent = afterRevision;
        this.views = ctx.messageAdapter(TransferView.class, Seen::new);
        guardian.tell(new RelayGuardian.WatchTransfer(id, views));
    }

    static Behavior<Command> create(
            ActorRef<RelayGuardian.Command> guardian,
            TransferId id,
            long afterRevision,
            boolean waitForLock,
            int buffer,
            ServerCallStreamObserver<TransferUpdate> stream,
            Runnable onStop) {
        return Behaviors.setup(
                ctx -> new WatchStream(ctx, guardian, id, afterRevision, waitForLock, buffer, stream, onStop));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Seen.class, this::onSeen)
                .onMessage(Ready.class, r -> drain())
                .onMessage(Cancelled.class, c -> end())
                .onMessage(Stopping.class, s -> {
                    stopped();
                    return end();
                })
                .onSignal(PostStop.class, s -> {
                    stopped();
                    onStop.run();
                    return this;
                })
                .build();
    }

    private Behavior<Command> onSeen(Seen seen) {
        TransferView v = seen.view();
        if (v.state().equals("None")) {
            if (waitForLock) {
                return this;
            }
            stream.onError(TransferGrpcService.notFound(id));
            return end();
        }
        Transfer transfer = ProtoMapping.transfer(v);
        for (TransferView.Change c : v.history()) {
            if (c.revision() > queued) {
                queue.add(TransferUpdate.newBuilder()
                        .setChange(ProtoMapping.change(c))
                        .setTransfer(transfer)
                        .build());
                queued = c.revision();
            }
        }
        finalSeen = ProtoMapping.isFinal(transfer.getState());
        if (queue.size() > buffer) {
            stream.onError(Status.RESOURCE_EXHAUSTED
                    .withDescription("the client fell behind by more than " + buffer
                            + " updates; watch again with after_revision " + sent)
                    .asRuntimeException());
            return end();
        }
        return drain();
    }

    /** Sends what the transport takes now; completes the stream when the transfer is final and all is sent. */
    private Behavior<Command> drain() {
        if (ended) {
            return Behaviors.stopped();
        }
        try {
            while (!queue.isEmpty() && stream.isReady()) {
                TransferUpdate u = queue.poll();
                stream.onNext(u);
                sent = u.getChange().getRevision();
            }
        } catch (RuntimeException e) { // the client went away between two updates
            return end();
        }
        if (finalSeen && queue.isEmpty()) {
            stream.onCompleted();
            return end();
        }
        return this;
    }

    /** Ends the stream UNAVAILABLE, unless it has ended. */
    private void stopped() {
        if (!ended) {
            ended = true;
            try {
                stream.onError(Status.UNAVAILABLE
                        .withDescription("the relay is stopping; watch again from revision " + sent)
                        .asRuntimeException());
            } catch (RuntimeException e) { // the call is already closed
                getContext().getLog().debug("watch of {} already closed: {}", id, e.getMessage());
            }
        }
    }

    private Behavior<Command> end() {
        ended = true;
        guardian.tell(new RelayGuardian.UnwatchTransfer(id, views));
        return Behaviors.stopped();
    }
}
