/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HtlcId;
import io.xrelay.relay.proto.v1.TransferUpdate;
import io.xrelay.relay.relayer.RelayGuardian;
import io.xrelay.relay.transfer.TransferId;
import io.xrelay.relay.transfer.TransferView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** One watch stream against a probe for the guardian and a fake call whose client reads or does not. */
class WatchStreamTest {
    private static final ActorTestKit kit = ActorTestKit.create();
    private static final TransferId ID = new TransferId(ChainId.of("chain-a"), HtlcId.of("abc"));

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    /** A call whose transport is ready or not, recording what the stream sends. */
    static final class FakeCall extends ServerCallStreamObserver<TransferUpdate> {
        final AtomicBoolean ready = new AtomicBoolean(true);
        final List<TransferUpdate> sent = new CopyOnWriteArrayList<>();
        final AtomicReference<@Nullable Throwable> error = new AtomicReference<>();
        final AtomicBoolean completed = new AtomicBoolean();

        @Override
        public boolean isReady() {
            return ready.get();
        }

        @Override
        public void onNext(TransferUpdate value) {
            sent.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
        }

        @Override
        public void onCompleted() {
            completed.set(true);
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void setOnCancelHandler(Runnable onCancelHandler) {}

        @Override
        public void setCompression(String compression) {}

        @Override
        public void setOnReadyHandler(Runnable onReadyHandler) {}

        @Override
        public void request(int count) {}

        @Override
        public void setMessageCompression(boolean enable) {}

        @Override
        public void disableAutoInboundFlowControl() {}
    }

    private static TransferView view(String state, int changes) {
        List<TransferView.Change> history = new ArrayList<>();
        for (int i = 1; i <= changes; i++) {
            history.add(new TransferView.Change(
                    i == changes ? state : "SourceLocked", Instant.ofEpochSecond(1000 + i), i, ""));
        }
        return new TransferView(
                ID,
                state,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                history);
    }

    private static ActorRef<TransferView> subscribe(TestProbe<RelayGuardian.Command> guardian) {
        RelayGuardian.WatchTransfer w = guardian.expectMessageClass(RelayGuardian.WatchTransfer.class);
        assertThat(w.id()).isEqualTo(ID);
        return w.subscriber();
    }

    @Test
    void a_client_that_does_not_read_is_ended_resource_exhausted_and_unsubscribed_once_the_buffer_is_full() {
        TestProbe<RelayGuardian.Command> guardian = kit.createTestProbe();
        FakeCall call = new FakeCall();
        call.ready.set(false);
        ActorRef<WatchStream.Command> watch =
                kit.spawn(WatchStream.create(guardian.ref(), ID, 0, false, 3, call, () -> {}));
        ActorRef<TransferView> subscriber = subscribe(guardian);

        subscriber.tell(view("TargetLocking", 3));
        guardian.expectNoMessage(Duration.ofMillis(200));
        assertThat(call.sent).isEmpty();
        assertThat(call.error.get()).isNull();

        subscriber.tell(view("TargetLocked", 4));
        guardian.expectMessageClass(RelayGuardian.UnwatchTransfer.class);
        Throwable error = call.error.get();
        assertThat(error).isNotNull();
        Status status = Status.fromThrowable(error);
        assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status.getDescription()).contains("after_revision 0");
        guardian.expectTerminated(watch, Duration.ofSeconds(3));
    }

    @Test
    void queued_updates_are_sent_when_the_transport_is_ready_and_the_stream_completes_at_a_final_state() {
        TestProbe<RelayGuardian.Command> guardian = kit.createTestProbe();
        FakeCall call = new FakeCall();
        call.ready.set(false);
        ActorRef<WatchStream.Command> watch =
                kit.spawn(WatchStream.create(guardian.ref(), ID, 1, false, 10, call, () -> {}));
        ActorRef<TransferView> subscriber = subscribe(guardian);

        subscriber.tell(view("Completed", 4));
        guardian.expectNoMessage(Duration.ofMillis(200));
        assertThat(call.sent).isEmpty();
        assertThat(call.completed.get()).isFalse();

        call.ready.set(true);
        watch.tell(WatchStream.Command.READY);
        guardian.expectMessageClass(RelayGuardian.UnwatchTransfer.class);
        assertThat(call.sent).extracting(u -> u.getChange().getRevision()).containsExactly(2L, 3L, 4L);
        assertThat(call.completed.get()).isTrue();
        assertThat(call.error.get()).isNull();
    }

    @Test
    void a_stream_ends_unavailable_with_its_last_revision_when_the_relay_stops_first() {
        TestProbe<RelayGuardian.Command> guardian = kit.createTestProbe();
        FakeCall call = new FakeCall();
        AtomicBoolean onStop = new AtomicBoolean();
        ActorRef<WatchStream.Command> watch =
                kit.spawn(WatchStream.create(guardian.ref(), ID, 0, false, 10, call, () -> onStop.set(true)));
        ActorRef<TransferView> subscriber = subscribe(guardian);
        subscriber.tell(view("TargetLocked", 2));
        TwoSeconds.await(() -> call.sent.size() == 2);

        kit.stop(watch);
        TwoSeconds.await(() -> call.error.get() != null);
        Status status = Status.fromThrowable(call.error.get());
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getDescription()).contains("revision 2");
        TwoSeconds.await(onStop::get);
    }

    @Test
    void a_stopping_relay_ends_the_stream_unavailable_and_unsubscribes() {
        TestProbe<RelayGuardian.Command> guardian = kit.createTestProbe();
        FakeCall call = new FakeCall();
        AtomicBoolean onStop = new AtomicBoolean();
        ActorRef<WatchStream.Command> watch =
                kit.spawn(WatchStream.create(guardian.ref(), ID, 0, false, 10, call, () -> onStop.set(true)));
        ActorRef<TransferView> subscriber = subscribe(guardian);
        subscriber.tell(view("TargetLocked", 1));
        TwoSeconds.await(() -> call.sent.size() == 1);

        watch.tell(WatchStream.Command.STOPPING);
        guardian.expectMessageClass(RelayGuardian.UnwatchTransfer.class);
        guardian.expectTerminated(watch, Duration.ofSeconds(3));
        Status status = Status.fromThrowable(call.error.get());
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getDescription()).contains("revision 1");
        assertThat(call.completed.get()).isFalse();
        TwoSeconds.await(onStop::get);
    }

    /** Waits up to two seconds for a condition. */
    static final class TwoSeconds {
        private TwoSeconds() {}

        static void await(java.util.function.BooleanSupplier condition) {
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("condition not met within 2s");
                }
                Thread.onSpinWait();
            }
        }
    }
}
