/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * How fast a block of HTLC transactions is verified, against the P-256 signature checks it cannot avoid. The block
 * is fixture block 18: ten {@code Lock} transactions, each with a client signature and two endorsements (one peer
 * of each org), and one orderer signature, 31 signatures in all. {@link #verifyBlock} verifies it after block 17
 * (header chain, data hash, well-formed envelopes, orderer signature against BlockValidation) and then reads every
 * transaction as an endorsed action under {@code AND('Org1MSP.peer','Org2MSP.peer')} (creator, endorsements,
 * policy, event); {@link #rawSignatures} only verifies the same 31 signatures over the same bytes with the JDK's
 * SHA256withECDSA. One thread, one fork. {@link #main} prints both rates and the ratio of one block's cost to the
 * cost of its signature checks alone (the goal: at most 1.5).
 *
 * <p>Run it from the repository root (about two minutes; this module's pom runs it after the test classes are
 * compiled when {@code block-benchmark.skip} is false):
 *
 * <pre>
 * ./mvnw -q -pl adapters/fabric -am process-test-classes -Dblock-benchmark.skip=false
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@Threads(1)
public class BlockVerificationBenchmark {
    static final int BLOCK = 18;
    private static final SignaturePolicy BOTH = SignaturePolicy.parse("AND('Org1MSP.peer','Org2MSP.peer')");

    private final ChannelTrust before = Fixtures.verifiedUpTo(BLOCK - 1).trust();
    private final Block block = Fixtures.block(BLOCK);
    private final List<Signed> signatures = signatures(block);

    /** One signature as the raw check sees it: key, signed bytes, DER signature. */
    record Signed(PublicKey key, ByteString data, ByteString signature) {}

    /** The whole block: verification and every transaction's endorsed action; returns the number of events. */
    @Benchmark
    public int verifyBlock() {
        VerifiedBlock vb = new BlockVerifier(before).verify(block);
        int events = 0;
        for (int i = 0; i < vb.transactionCount(); i++) {
            if (vb.endorsedAction(i, "htlc", BOTH).event().isPresent()) {
                events++;
            }
        }
        return events;
    }

    /** The block's 31 signatures, verified with SHA256withECDSA and nothing else. */
    @Benchmark
    public int rawSignatures() throws GeneralSecurityException {
        int ok = 0;
        for (Signed s : signatures) {
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(s.key());
            v.update(s.data().asReadOnlyByteBuffer());
            if (v.verify(s.signature().toByteArray())) {
                ok++;
            }
        }
        return ok;
    }

    /** Every signature of the block: the orderer's, then each transaction's creator and endorsements. */
    static List<Signed> signatures(Block block) {
        try {
            List<Signed> out = new ArrayList<>();
            Metadata md = Metadata.parseFrom(block.getMetadata().getMetadata(0));
            ByteString header = Fixtures.headerBytes(block.getHeader());
            for (MetadataSignature ms : md.getSignaturesList()) {
                ByteString creator =
                        SignatureHeader.parseFrom(ms.getSignatureHeader()).getCreator();
                out.add(new Signed(
                        Identity.parse(creator).key(),
                        md.getValue().concat(ms.getSignatureHeader()).concat(header),
                        ms.getSignature()));
            }
            for (ByteString raw : block.getData().getDataList()) {
                Envelope e = Envelope.parseFrom(raw);
                Payload p = Payload.parseFrom(e.getPayload());
                ByteString creator = SignatureHeader.parseFrom(p.getHeader().getSignatureHeader())
                        .getCreator();
                out.add(new Signed(Identity.parse(creator).key(), e.getPayload(), e.getSignature()));
                ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(
                        Transaction.parseFrom(p.getData()).getActions(0).getPayload());
                ByteString prp = cap.getAction().getProposalResponsePayload();
                for (Endorsement en : cap.getAction().getEndorsementsList()) {
                    out.add(new Signed(
                            Identity.parse(en.getEndorser()).key(), prp.concat(en.getEndorser()), en.getSignature()));
                }
            }
            return List.copyOf(out);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws RunnerException, GeneralSecurityException {
        BlockVerificationBenchmark check = new BlockVerificationBenchmark();
        int sigs = check.signatures.size();
        int txs = check.block.getData().getDataCount();
        if (check.rawSignatures() != sigs || check.verifyBlock() != txs) {
            throw new IllegalStateException("the benchmark block does not verify");
        }
        Options options = new OptionsBuilder()
                .include(BlockVerificationBenchmark.class.getName() + "\\.")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        double blocks = score(results, "verifyBlock");
        double rawBlocks = score(results, "rawSignatures");
        System.out.printf(
                Locale.ROOT,
                "block %d (%d transactions, %d signatures): %.1f blocks/s verified (%.0f transactions/s); raw P-256:"
                        + " %.0f signatures/s (%.1f blocks' worth/s); one block costs %.2f times its signature checks"
                        + " (goal <= 1.5)%n",
                BLOCK,
                txs,
                sigs,
                blocks,
                blocks * txs,
                rawBlocks * sigs,
                rawBlocks,
                rawBlocks / blocks);
    }

    private static double score(Collection<RunResult> results, String benchmark) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + benchmark))
                .mapToDouble(r -> r.getPrimaryResult().getScore())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + benchmark));
    }
}
