/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.relayer;

import static io.xrelay.relay.relayer.ApiFixture.ALICE;
import static io.xrelay.relay.relayer.ApiFixture.BOB;
import static io.xrelay.relay.relayer.ApiFixture.announcement;
import static io.xrelay.relay.relayer.TwoChains.A;
import static io.xrelay.relay.relayer.TwoChains.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.Preimage;
import io.xrelay.relay.proto.v1.ListTransfersRequest;
import io.xrelay.relay.proto.v1.ListTransfersResponse;
import io.xrelay.relay.proto.v1.RequestTransferResponse;
import io.xrelay.relay.proto.v1.Transfer;
import io.xrelay.relay.proto.v1.TransferState;
import io.xrelay.relay.transfer.TransferId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ListTransfers reads the persisted directory: final transfers are listed, filters apply, and paging newest first is
 * stable across a relay restart on the same journal (entities of final transfers are not started at boot).
 */
class RelayApiListTest {
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

    private List<Transfer> all(ListTransfersRequest filter, int pageSize) {
        List<Transfer> out = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListTransfersResponse page = f.dapp()
                    .listTransfers(filter.toBuilder()
                            .setPageSize(pageSize)
                            .setPageToken(token)
                            .build());
            assertThat(page.getTransfersCount()).isLessThanOrEqualTo(pageSize);
            out.addAll(page.getTransfersList());
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty() && pages < 50);
        return out;
    }

    @Test
    void final_transfers_are_listed_filtered_and_paged_newest_first_across_a_restart() throws Exception {
        // two completed (claimed by the recipient), one announced and never sent, one from B to A still open
        List<TransferId> completed = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            TwoChains.UserLock lock = f.chains.lock(A, ALICE, BOB, 10 + i, 1, Duration.ofMinutes(2));
            f.chains.claim(f.relay, lock);
            TwoChains.awaitState(f.relay, lock.transfer(), "Completed", Duration.ofSeconds(30));
            completed.add(lock.transfer());
            Thread.sleep(5); // distinct creation times
        }
        RequestTransferResponse announced = f.dapp()
                .requestTransfer(announcement(
                        "list-1", Preimage.random(), 5, Instant.now().plus(Duration.ofMinutes(3))));
        Thread.sleep(5);
        f.chains.b.mint(BOB, TwoChains.BBB, io.xrelay.adapter.Amount.of(100));
        TwoChains.UserLock back = f.chains.lock(B, BOB, ALICE, 7, 1, Duration.ofMinutes(2));
        TwoChains.awaitState(f.relay, back.transfer(), "TargetLocked", Duration.ofSeconds(30));

        List<String> expectedNewestFirst = List.of(
                back.transfer().sourceLock().value(),
                announced.getId().getLockId(),
                completed.get(1).sourceLock().value(),
                completed.get(0).sourceLock().value());
        TwoChains.eventually(Duration.ofSeconds(10), () -> {
            assertThat(all(ListTransfersRequest.getDefaultInstance(), 3).stream()
                            .map(t -> t.getId().getLockId()))
                    .containsExactlyElementsOf(expectedNewestFirst);
            return true;
        });

        f.restart();

        List<Transfer> listed = all(ListTransfersRequest.getDefaultInstance(), 1);
        assertThat(listed.stream().map(t -> t.getId().getLockId())).containsExactlyElementsOf(expectedNewestFirst);
        assertThat(listed.get(2).getState()).isEqualTo(TransferState.COMPLETED);
        assertThat(listed.get(2).getHistoryCount()).isEqualTo(5);
        assertThat(listed.get(1).getState()).isEqualTo(TransferState.REQUESTED);
        assertThat(listed.get(1).getIdempotencyKey()).isEqualTo("list-1");

        assertThat(all(
                                ListTransfersRequest.newBuilder()
                                        .addStates(TransferState.COMPLETED)
                                        .build(),
                                1)
                        .stream()
                        .map(t -> t.getId().getLockId()))
                .containsExactly(
                        completed.get(1).sourceLock().value(),
                        completed.get(0).sourceLock().value());
        assertThat(all(
                        ListTransfersRequest.newBuilder()
                                .setSourceChain(B.value())
                                .build(),
                        10))
                .extracting(t -> t.getId().getLockId())
                .containsExactly(back.transfer().sourceLock().value());
        assertThat(all(
                        ListTransfersRequest.newBuilder()
                                .setDestinationChain(A.value())
                                .build(),
                        10))
                .extracting(t -> t.getId().getLockId())
                .containsExactly(back.transfer().sourceLock().value());
        assertThat(all(
                        ListTransfersRequest.newBuilder()
                                .setAccount(BOB.value())
                                .addStates(TransferState.REQUESTED)
                                .addStates(TransferState.TARGET_LOCKED)
                                .build(),
                        10))
                .extracting(t -> t.getId().getLockId())
                .containsExactly(
                        back.transfer().sourceLock().value(), announced.getId().getLockId());
        assertThat(all(ListTransfersRequest.newBuilder().setAccount("carol").build(), 10))
                .isEmpty();
    }
}
