/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.TransactionRejectedException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Small helpers of the in-memory chain's tests. */
final class TestSupport {
    static final Instant T0 = InMemoryChain.DEFAULT_GENESIS_TIME;
    static final Account ALICE = Account.of("alice");
    static final Account BOB = Account.of("bob");
    static final Account CAROL = Account.of("carol");
    static final ChainId DESTINATION = ChainId.of("destination");

    private TestSupport() {}

    static LockRequest lock(Account receiver, Preimage preimage, Instant timeLock, long amount) {
        return lock(receiver, preimage, timeLock, amount, Asset.NATIVE);
    }

    static LockRequest lock(Account receiver, Preimage preimage, Instant timeLock, long amount, Asset asset) {
        return new LockRequest(
                receiver,
                preimage.hashLock(),
                TimeLock.at(timeLock),
                asset,
                Amount.of(amount),
                DESTINATION,
                Account.of("destination-recipient"),
                Amount.of(1));
    }

    /** The value of a stage that must be complete already. */
    static <T> T done(CompletionStage<T> stage) {
        CompletableFuture<T> future = stage.toCompletableFuture();
        assertThat(future).isDone();
        return future.join();
    }

    /** The failure of a stage that must have failed already. */
    static Throwable failure(CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        assertThat(future).isCompletedExceptionally();
        try {
            future.join();
        } catch (CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        }
        throw new AssertionError("unreachable: the stage failed");
    }

    /** The reason code of a stage that must have failed with a refusal. */
    static String refusal(CompletionStage<?> stage) {
        Throwable failure = failure(stage);
        assertThat(failure).isInstanceOf(TransactionRejectedException.class);
        return ((TransactionRejectedException) failure).reasonCode();
    }

    /** The id of the lock a committed transaction made. */
    static HtlcId lockId(Finality finality) {
        assertThat(finality).isInstanceOf(Finality.Committed.class);
        HtlcEvent event = ((Finality.Committed) finality).events().get(0).event();
        assertThat(event).isInstanceOf(HtlcEvent.Locked.class);
        return event.id();
    }
}
