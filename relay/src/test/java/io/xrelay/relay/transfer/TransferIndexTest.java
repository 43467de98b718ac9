/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HtlcId;
import io.xrelay.relay.config.RelayConfig;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TransferIndexTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ActorTestKit kit = ActorTestKit.create(PersistenceTestKitPlugin.getInstance()
            .config()
            .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config())
            .withFallback(ConfigFactory.parseString("pekko.loglevel = WARNING"))
            .withFallback(RelayConfig.actorSystemDefaults())
            .withFallback(ConfigFactory.load()));

    @AfterEach
    void shutDown() {
        kit.shutdownTestKit();
    }

    @Test
    void ten_thousand_transfers_opened_at_once_are_all_kept_and_survive_a_restart() {
        List<TransferId> ids =
                IntStream.range(0, 10_000).mapToObj(TransferIndexTest::id).toList();
        ActorRef<TransferIndex.Command> index = kit.spawn(TransferIndex.create());
        ids.forEach(id -> index.tell(new TransferIndex.Opened(id, DEST)));
        assertThat(open(index)).hasSize(10_000).containsAll(ids);

        ids.subList(0, 5_000).forEach(id -> index.tell(new TransferIndex.Closed(id)));
        assertThat(open(index)).hasSize(5_000).containsExactlyInAnyOrderElementsOf(ids.subList(5_000, 10_000));

        kit.stop(index, WAIT);
        ActorRef<TransferIndex.Command> again = kit.spawn(TransferIndex.create());
        assertThat(open(again)).containsExactlyInAnyOrderElementsOf(ids.subList(5_000, 10_000));
    }

    @Test
    void the_latest_word_on_a_transfer_wins_and_repeats_change_nothing() {
        ActorRef<TransferIndex.Command> index = kit.spawn(TransferIndex.create());
        TransferId a = id(1);
        TransferId b = id(2);
        index.tell(new TransferIndex.Opened(a, DEST));
        index.tell(new TransferIndex.Opened(b, DEST));
        index.tell(new TransferIndex.Closed(b));
        index.tell(new TransferIndex.Opened(a, DEST));
        index.tell(new TransferIndex.Closed(id(3)));
        assertThat(open(index)).containsExactly(a);
    }

    @Test
    void a_registration_is_acknowledged_only_once_it_is_persisted() {
        ActorRef<TransferIndex.Command> index = kit.spawn(TransferIndex.create());
        TestProbe<org.apache.pekko.Done> written = kit.createTestProbe();
        List<TransferId> ids =
                IntStream.range(0, 2_000).mapToObj(TransferIndexTest::id).toList();
        ids.forEach(id -> index.tell(new TransferIndex.Register(id, DEST, written.ref())));
        written.receiveSeveralMessages(2_000, WAIT);

        kit.stop(index, WAIT);
        assertThat(open(kit.spawn(TransferIndex.create()))).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void knows_each_open_transfers_destination_and_counts_those_touching_a_chain_across_a_restart() {
        ActorRef<TransferIndex.Command> index = kit.spawn(TransferIndex.create());
        ChainId other = ChainId.of("chain-other");
        TransferId toDest = id(7);
        TransferId toOther = id(8);
        TransferId closed = id(9);
        index.tell(new TransferIndex.Opened(toDest, DEST));
        index.tell(new TransferIndex.Opened(toOther, other));
        index.tell(new TransferIndex.Opened(closed, DEST));
        index.tell(new TransferIndex.Closed(closed));
        TransferIndex.OpenTransfers open = openTransfers(index);
        assertThat(open.destinations()).containsOnly(Map.entry(toDest, DEST), Map.entry(toOther, other));
        ChainId source = toDest.source();
        assertThat(open.touching(source)).isEqualTo(2);
        assertThat(open.touching(DEST)).isEqualTo(1);
        assertThat(open.touching(other)).isEqualTo(1);
        assertThat(open.touching(ChainId.of("chain-none"))).isZero();

        kit.stop(index, WAIT);
        TransferIndex.OpenTransfers again = openTransfers(kit.spawn(TransferIndex.create()));
        assertThat(again.touching(DEST)).isEqualTo(1);
        assertThat(again.touching(other)).isEqualTo(1);
    }

    private TransferIndex.OpenTransfers openTransfers(ActorRef<TransferIndex.Command> index) {
        TestProbe<TransferIndex.OpenTransfers> probe = kit.createTestProbe();
        index.tell(new TransferIndex.GetOpen(probe.ref()));
        return probe.receiveMessage(WAIT);
    }

    private Set<TransferId> open(ActorRef<TransferIndex.Command> index) {
        TestProbe<TransferIndex.OpenTransfers> probe = kit.createTestProbe();
        index.tell(new TransferIndex.GetOpen(probe.ref()));
        return probe.receiveMessage(WAIT).ids();
    }

    private static final ChainId DEST = ChainId.of("chain-dest");

    private static TransferId id(int n) {
        byte[] b = new byte[32];
        b[28] = (byte) (n >>> 24);
        b[29] = (byte) (n >>> 16);
        b[30] = (byte) (n >>> 8);
        b[31] = (byte) n;
        return new TransferId(
                ChainId.of("eth-dev"), HtlcId.of("0x" + HexFormat.of().formatHex(b)));
    }
}
