/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.InclusionProof;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The cost of checking one receipt against a verified header: {@link ReceiptProofs#verify} (trie path hashes,
 * strict RLP, receipt decoding, bloom recomputation) over every proof of a 200-receipt block, round robin.
 * Two blocks: 200 synthetic receipts of every type (0 to 4 logs each), and the 202 receipts of mainnet block
 * 21925176 (the fixture of {@code MainnetBlockReceiptsTest}).
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * ./mvnw -q -pl adapters/ethereum -am test-compile exec:java -Dexec.skip=true \
 *     -Dexec.mainClass=io.xrelay.adapter.ethereum.ReceiptProofBenchmark
 * </pre>
 *
 * ({@code -Dexec.skip=true} keeps exec:java from running in the upstream modules; this module's pom overrides it.)
 * It prints {@code receipts proof verification: N proofs/s (X µs per proof) [block]} per block.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReceiptProofBenchmark {
    @Param({"synthetic-200", "mainnet-21925176"})
    public String block = "synthetic-200";

    private Bytes root = MerklePatriciaTrie.EMPTY_ROOT;
    private List<InclusionProof> proofs = List.of();
    private int next;

    @Setup
    public void prove() {
        List<EthReceipt> receipts = block.startsWith("mainnet")
                ? MainnetBlockReceiptsTest.receipts(MainnetBlockReceiptsTest.fixture())
                : TestReceipts.block(200, 42);
        MerklePatriciaTrie trie = ReceiptProofs.receiptsTrie(receipts);
        root = trie.rootHash();
        List<InclusionProof> all = new ArrayList<>(receipts.size());
        for (int i = 0; i < receipts.size(); i++) {
            all.add(ReceiptProofs.prove(trie, i));
        }
        proofs = List.copyOf(all);
    }

    /** Verifies the next proof; returns the receipt (as Object: JMH's generated code lives in another package). */
    @Benchmark
    public Object verifyOneProof() {
        InclusionProof proof = proofs.get(next);
        next = next + 1 == proofs.size() ? 0 : next + 1;
        return ReceiptProofs.verify(root, proof);
    }

    public static void main(String[] args) throws RunnerException {
        exposeClassPathToForks();
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                        .include(ReceiptProofBenchmark.class.getName() + ".verifyOneProof")
                        .build())
                .run();
        for (RunResult result : results) {
            double perSecond = result.getPrimaryResult().getScore();
            System.out.printf(
                    Locale.ROOT,
                    "receipts proof verification: %.0f proofs/s (%.1f µs per proof) [%s block]%n",
                    perSecond,
                    1_000_000 / perSecond,
                    result.getParams().getParam("block"));
        }
    }

    /**
     * JMH forks a JVM with {@code java.class.path}; under {@code exec:java} that is Maven's launcher, so it is set
     * to the class loader's URLs (the module's test classpath) first.
     */
    private static void exposeClassPathToForks() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    throw new IllegalStateException("class path entry is not a file: " + url, e);
                }
            }
            System.setProperty("java.class.path", String.join(File.pathSeparator, entries));
        }
    }
}
