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
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One WatchTransfer stream: subscribes to the transfer's views, sends each state change after the last revision sent,
 * completes the stream when the transfer is final, and unsubscribes when the client cancels. If the relay stops
 * first, the stream ends UNAVAILABLE (the client resumes from its last revision).
 */
final class WatchStream {
    /** What a watch understands: views of its transfer, and its client's cancellation. */
    sealed interface Command {
        Command CANCELLED = new Cancelled();
    }

    private record Cancelled() implements Command {}

    private record Seen(TransferView view) implements Command {}

    private WatchStream() {}

    static Behavior<Command> create(
            ActorRef<RelayGuardian.Command> guardian,
            TransferId id,
            long afterRevision,
            boolean waitForLock,
            ServerCallStreamObserver<TransferUpdate> stream) {
        return Behaviors.setup(ctx -> {
            ActorRef<TransferView> views = ctx.messageAdapter(TransferView.class, Seen::new);
            guardian.tell(new RelayGuardian.WatchTransfer(id, views));
            long[] sent = {afterRevision};
            boolean[] ended = {false};
            return Behaviors.receive(Command.class)
                    .onMessage(Seen.class, seen -> {
                        TransferView v = seen.view();
                        if (v.state().equals("None")) {
                            if (waitForLock) {
                                return Behaviors.same();
                            }
                            ended[0] = true;
                            stream.onError(TransferGrpcService.notFound(id));
                            guardian.tell(new RelayGuardian.UnwatchTransfer(id, views));
                            return Behaviors.stopped();
                        }
                        Transfer transfer = ProtoMapping.transfer(v);
                        try {
                            for (TransferView.Change c : v.history()) {
                                if (c.revision() > sent[0]) {
                                    stream.onNext(TransferUpdate.newBuilder()
                                            .setChange(ProtoMapping.change(c))
                                            .setTransfer(transfer)
                                            .build());
                                    sent[0] = c.revision();
                                }
                            }
                        } catch (RuntimeException e) { // the client went away between two updates
                            ended[0] = true;
                            guardian.tell(new RelayGuardian.UnwatchTransfer(id, views));
                            return Behaviors.stopped();
                        }
                        if (ProtoMapping.isFinal(transfer.getState())) {
                            ended[0] = true;
                            stream.onCompleted();
                            guardian.tell(new RelayGuardian.UnwatchTransfer(id, views));
                            return Behaviors.stopped();
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Cancelled.class, c -> {
                        ended[0] = true;
                        guardian.tell(new RelayGuardian.UnwatchTransfer(id, views));
                        return Behaviors.stopped();
                    })
                    .onSignal(PostStop.class, s -> {
                        if (!ended[0]) {
                            stream.onError(Status.UNAVAILABLE
                                    .withDescription("the relay is stopping; watch again from revision " + sent[0])
                                    .asRuntimeException());
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
