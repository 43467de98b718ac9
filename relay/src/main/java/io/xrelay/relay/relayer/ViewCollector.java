/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.relayer;

import io.xrelay.relay.transfer.TransferEntity;
import io.xrelay.relay.transfer.TransferView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Asks each of a set of transfers for its view and answers with all that answered within the timeout, sorted by
 * transfer id; then stops.
 */
final class ViewCollector {
    private ViewCollector() {}

    private enum Timeout {
        INSTANCE
    }

    static Behavior<Object> create(
            List<ActorRef<TransferEntity.Command>> entities, Duration timeout, ActorRef<List<TransferView>> replyTo) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            List<TransferView> views = new ArrayList<>();
            if (entities.isEmpty()) {
                replyTo.tell(List.of());
                return Behaviors.stopped();
            }
            ActorRef<TransferView> self = ctx.getSelf().narrow();
            entities.forEach(e -> e.tell(new TransferEntity.Get(self)));
            timers.startSingleTimer(Timeout.INSTANCE, timeout);
            return Behaviors.receive(Object.class)
                    .onMessage(TransferView.class, view -> {
                        views.add(view);
                        if (views.size() < entities.size()) {
                            return Behaviors.same();
                        }
                        return answer(views, replyTo);
                    })
                    .onMessage(Timeout.class, t -> answer(views, replyTo))
                    .build();
        }));
    }

    private static Behavior<Object> answer(List<TransferView> views, ActorRef<List<TransferView>> replyTo) {
        views.sort(Comparator.comparing(v -> v.id().asString()));
        replyTo.tell(List.copyOf(views));
        return Behaviors.stopped();
    }
}
