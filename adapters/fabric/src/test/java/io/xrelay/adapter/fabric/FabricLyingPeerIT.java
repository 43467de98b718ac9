/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.Checkpoint;
import io.xrelay.adapter.EventBatch;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.VerificationFailedException;
import io.xrelay.adapter.VerifiedHtlcEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The adapter against lying peers on a real devnet. Each test commits a lock through an honest adapter, then
 * follows the chain from the trust anchor with an adapter whose gateway peer or Org2 confirming peer lies about the
 * lock's block (the lie is injected where the adapter reads blocks). Every lie must be refused with a
 * {@link VerificationFailedException} whose reason names it, and nothing may be reported while it lasts; once the
 * peer is honest again, the same adapter reports the lock exactly once, with its true terms.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FabricLyingPeerIT {
    private static final ChainId CHAIN = ChainId.of("fabric-liars");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private @Nullable FabricTestChain chain;
    private @Nullable Account sender;
    private @Nullable ChainAdapter honest;

    /** A peer that serves what the real one serves, changed by the lie of the moment. */
    static final class Liar implements BlockSource {
        private final BlockSource real;
        private volatile UnaryOperator<Block> lie = UnaryOperator.identity();

        Liar(BlockSource real) {
            this.real = real;
        }

        void lie(UnaryOperator<Block> lie) {
            this.lie = lie;
        }

        void beHonest() {
            this.lie = UnaryOperator.identity();
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public String address() {
            return real.address();
        }

        @Override
        public List<Block> blocks(long from, long to) {
            UnaryOperator<Block> now = lie;
            return real.blocks(from, to).stream().map(now).toList();
        }
    }

    /** The committed lock a test lies about. */
    private record Lock(HtlcId id, long block, int index, String txId) {}

    @BeforeAll
    void startDevnet() {
        FabricTestChain c = FabricTestChain.start(CHAIN, FabricITs.newStateDir("fabric-liars"));
        chain = c;
        Account a = c.newFundedAccount(c.testAsset(), Amount.of(1_000_000));
        sender = a;
        honest = c.adapterFor(a);
    }

    @AfterAll
    void stopDevnet() {
        if (honest != null) {
            honest.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    // ---- validation codes --------------------------------------------------------------------------------------

    @Test
    void a_confirming_peer_that_reports_another_validation_code_is_caught() throws Exception {
        Lock lock = lock(1_001);
        try (Lying lying = adapterLying("Org2MSP")) {
            FabricAdapter adapter = lying.adapter();
            Liar org2 = lying.liar();
            org2.lie(
                    b -> atBlock(b, lock.block(), x -> withCode(x, lock.index(), TxValidationCode.MVCC_READ_CONFLICT)));

            VerificationFailedException refused = refused(adapter.events(adapter.trustAnchor(), 10_000));

            assertThat(refused.chain()).isEqualTo(CHAIN);
            assertThat(refused.reason())
                    .startsWith("block " + lock.block() + " transaction " + lock.index() + " (" + lock.txId() + "): ")
                    .contains("gateway peer")
                    .contains("reports VALID but Org2MSP peer")
                    .endsWith("reports MVCC_READ_CONFLICT");
            CompletableFuture<Finality> finality = adapter.awaitFinality(
                            new io.xrelay.adapter.TxRef(CHAIN, lock.txId()))
                    .toCompletableFuture();
            Thread.sleep(2_000);
            assertThat(finality).as("no outcome while the peers disagree").isNotDone();

            org2.beHonest();
            reportsOnce(adapter, lock);
            assertThat(finality.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(Finality.Committed.class);
        }
    }

    @Test
    void a_gateway_peer_that_marks_a_valid_transaction_invalid_to_hide_its_event_is_caught() throws Exception {
        Lock lock = lock(1_002);
        try (Lying lying = adapterLying("gateway")) {
            FabricAdapter adapter = lying.adapter();
            Liar gateway = lying.liar();
            gateway.lie(b -> atBlock(
                    b, lock.block(), x -> withCode(x, lock.index(), TxValidationCode.ENDORSEMENT_POLICY_FAILURE)));

            VerificationFailedException refused = refused(adapter.events(adapter.trustAnchor(), 10_000));

            assertThat(refused.reason())
                    .startsWith("block " + lock.block() + " transaction " + lock.index())
                    .contains("reports ENDORSEMENT_POLICY_FAILURE but Org2MSP peer")
                    .endsWith("reports VALID");

            gateway.beHonest();
            reportsOnce(adapter, lock);
        }
    }

    // ---- blocks ------------------------------------------------------------------------------------------------

    @Test
    void a_gateway_peer_that_alters_the_locked_amount_in_an_envelope_is_caught() {
        Lock lock = lock(1_003);
        try (Lying lying = adapterLying("gateway")) {
            FabricAdapter adapter = lying.adapter();
            Liar gateway = lying.liar();
            gateway.lie(b -> atBlock(b, lock.block(), x -> withEventAmount(x, lock.index(), "9000000", false)));

            VerificationFailedException refused = refused(adapter.events(adapter.trustAnchor(), 10_000));

            assertThat(refused.reason())
                    .isEqualTo("block " + lock.block() + ": data hash does not match the transactions");

            gateway.beHonest();
            reportsOnce(adapter, lock);
        }
    }

    @Test
    void a_gateway_peer_that_alters_an_envelope_and_its_data_hash_is_caught_by_the_orderer_signature() {
        Lock lock = lock(1_004);
        try (Lying lying = adapterLying("gateway")) {
            FabricAdapter adapter = lying.adapter();
            Liar gateway = lying.liar();
            gateway.lie(b -> atBlock(b, lock.block(), x -> withEventAmount(x, lock.index(), "9000000", true)));

            VerificationFailedException refused = refused(adapter.events(adapter.trustAnchor(), 10_000));

            assertThat(refused.reason()).startsWith("block " + lock.block() + ": ");
            assertThat(refused.reason()).containsAnyOf("BlockValidation", "previous");

            gateway.beHonest();
            reportsOnce(adapter, lock);
        }
    }

    @Test
    void a_confirming_peer_that_serves_another_block_is_caught() {
        Lock lock = lock(1_005);
        try (Lying lying = adapterLying("Org2MSP")) {
            FabricAdapter adapter = lying.adapter();
            Liar org2 = lying.liar();
            org2.lie(b -> atBlock(b, lock.block(), x -> withEventAmount(x, lock.index(), "9000000", true)));

            VerificationFailedException refused = refused(adapter.events(adapter.trustAnchor(), 10_000));

            assertThat(refused.reason())
                    .startsWith("block " + lock.block() + ": Org2MSP peer")
                    .contains("serves a block with header hash");

            org2.beHonest();
            reportsOnce(adapter, lock);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private FabricTestChain chain() {
        return Objects.requireNonNull(chain, "devnet");
    }

    /** An adapter of the sender and the liar in place of its block source named {@code who}. */
    private record Lying(FabricAdapter adapter, Liar liar) implements AutoCloseable {
        @Override
        public void close() {
            adapter.close();
        }
    }

    /** An adapter of the sender whose block source named {@code who} ({@code gateway} or {@code Org2MSP}) lies. */
    private Lying adapterLying(String who) {
        FabricConfig config =
                FabricConfig.parse(CHAIN, chain().chainConfig(chain().identity(Objects.requireNonNull(sender))));
        List<Liar> made = new ArrayList<>();
        FabricAdapter adapter = new FabricAdapter(
                CHAIN,
                config,
                source -> {
                    if (!source.name().contains(who)) {
                        return source;
                    }
                    Liar liar = new Liar(source);
                    made.add(liar);
                    return liar;
                },
                Clock.systemUTC());
        assertThat(made).as("block sources named %s", who).hasSize(1);
        return new Lying(adapter, made.get(0));
    }

    /** Locks {@code amount} through the honest adapter and waits until it is committed. */
    private Lock lock(long amount) {
        ChainAdapter a = Objects.requireNonNull(honest);
        LockRequest request = new LockRequest(
                chain().newAccount(),
                Preimage.random().hashLock(),
                TimeLock.at(Instant.now().plus(Duration.ofHours(1))),
                chain().testAsset(),
                Amount.of(amount),
                ChainId.of("eth-test"),
                Account.of("0x00000000000000000000000000000000000000aa"),
                Amount.of(1));
        io.xrelay.adapter.TxRef tx = await(a.lock(request)).tx();
        Finality f = await(a.awaitFinality(tx));
        assertThat(f).isInstanceOf(Finality.Committed.class);
        Finality.Committed c = (Finality.Committed) f;
        assertThat(c.events()).hasSize(1);
        VerifiedHtlcEvent e = c.events().get(0);
        return new Lock(e.event().id(), c.block().number(), e.origin().indexInBlock(), tx.id());
    }

    /** Pulls from the trust anchor until past the lock's block: its Locked event comes exactly once, unaltered. */
    private void reportsOnce(ChainAdapter adapter, Lock lock) {
        Checkpoint at = adapter.trustAnchor();
        List<VerifiedHtlcEvent> ours = new ArrayList<>();
        Instant deadline = Instant.now().plus(WAIT);
        while (at.block().number() < lock.block()) {
            EventBatch batch = await(adapter.events(at, 3));
            batch.finalEvents().stream()
                    .filter(e -> e.event().id().equals(lock.id()))
                    .forEach(ours::add);
            at = batch.checkpoint();
            assertThat(Instant.now())
                    .as("pulled past block %d in time", lock.block())
                    .isBefore(deadline);
        }
        assertThat(ours).hasSize(1);
        assertThat(ours.get(0).event()).isInstanceOfSatisfying(HtlcEvent.Locked.class, l -> assertThat(
                        l.terms().amount().units().longValueExact())
                .isLessThan(2_000));
        assertThat(ours.get(0).origin().block().number()).isEqualTo(lock.block());
        assertThat(ours.get(0).origin().tx().id()).isEqualTo(lock.txId());
        assertThat(FabricBlocks.verifyProof(
                        ours.get(0).proof(), ours.get(0).origin().block().hash()))
                .isNotEmpty();
    }

    private static Block atBlock(Block b, long number, UnaryOperator<Block> change) {
        return b.getHeader().getNumber() == number ? change.apply(b) : b;
    }

    /** {@code b} with validation code {@code code} for transaction {@code index}. */
    private static Block withCode(Block b, int index, TxValidationCode code) {
        byte[] filter = b.getMetadata()
                .getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE)
                .toByteArray();
        filter[index] = (byte) code.getNumber();
        return b.toBuilder()
                .setMetadata(b.getMetadata().toBuilder()
                        .setMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE, ByteString.copyFrom(filter)))
                .build();
    }

    /**
     * {@code b} with the amount of the Locked event of transaction {@code index} replaced; with {@code rehash}, the
     * header's data hash made to match the altered envelopes.
     */
    private static Block withEventAmount(Block b, int index, String amount, boolean rehash) {
        try {
            Envelope env = Envelope.parseFrom(b.getData().getData(index));
            Payload payload = Payload.parseFrom(env.getPayload());
            Transaction tx = Transaction.parseFrom(payload.getData());
            ChaincodeActionPayload cap =
                    ChaincodeActionPayload.parseFrom(tx.getActions(0).getPayload());
            ProposalResponsePayload prp =
                    ProposalResponsePayload.parseFrom(cap.getAction().getProposalResponsePayload());
            ChaincodeAction action = ChaincodeAction.parseFrom(prp.getExtension());
            ChaincodeEvent event = ChaincodeEvent.parseFrom(action.getEvents());
            String json = event.getPayload().toStringUtf8();
            String altered = json.replaceFirst("\"amount\":\"[0-9]+\"", "\"amount\":\"" + amount + "\"");
            assertThat(altered).isNotEqualTo(json);
            ChaincodeEvent e2 = event.toBuilder()
                    .setPayload(ByteString.copyFrom(altered, StandardCharsets.UTF_8))
                    .build();
            ChaincodeAction a2 = action.toBuilder().setEvents(e2.toByteString()).build();
            ProposalResponsePayload p2 =
                    prp.toBuilder().setExtension(a2.toByteString()).build();
            ChaincodeActionPayload c2 = cap.toBuilder()
                    .setAction(cap.getAction().toBuilder().setProposalResponsePayload(p2.toByteString()))
                    .build();
            Transaction t2 = tx.toBuilder()
                    .setActions(0, tx.getActions(0).toBuilder().setPayload(c2.toByteString()))
                    .build();
            Envelope env2 = env.toBuilder()
                    .setPayload(payload.toBuilder()
                            .setData(t2.toByteString())
                            .build()
                            .toByteString())
                    .build();
            Block.Builder changed = b.toBuilder();
            changed.getDataBuilder().setData(index, env2.toByteString());
            if (rehash) {
                changed.getHeaderBuilder()
                        .setDataHash(ByteString.copyFrom(
                                FabricBlocks.dataHash(changed.getData().getDataList())));
            }
            return changed.build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static VerificationFailedException refused(CompletionStage<?> stage) {
        try {
            Object value = stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("succeeded with " + value + " but a lie must be refused");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof VerificationFailedException v) {
                return v;
            }
            throw new AssertionError("failed with " + e.getCause() + " but must be refused as unverifiable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within " + WAIT, e);
        }
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within " + WAIT, e);
        }
    }
}
