/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.ChainId;
import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
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
 * How fast a parsed header is verified, against the keccak-256 it cannot avoid: {@link #verifyHeader} encodes the
 * mainnet Prague header of block 23,513,000 as RLP, hashes it, compares the hash with the claimed one, and checks the
 * chain rules of the mainnet pair 15,537,394 / 15,537,395; {@link #rawKeccak} only hashes the same RLP bytes. One
 * thread, one fork. {@link #main} prints both rates and their ratio; the goal is a ratio of at least 0.5.
 *
 * <p>Run it from the repository root (about two minutes; this module's pom runs it after the test classes are
 * compiled when {@code header-benchmark.skip} is false):
 *
 * <pre>
 * ./mvnw -q -pl adapters/ethereum -am process-test-classes -Dheader-benchmark.skip=false
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class HeaderVerificationBenchmark {
    private final EthHeader prague = Fixtures.header("prague-23513000");
    private final EthHeader parent = Fixtures.header("paris-15537394");
    private final EthHeader child = Fixtures.header("paris-15537395");
    private final HeaderRules rules = new HeaderRules(ChainId.of("eth-mainnet"), HeaderRules.Config.MAINNET);
    private final byte[] rlp = prague.rlp();

    /** Full verification: RLP encoding, keccak, comparison with the claimed hash, chain rules against a parent. */
    @Benchmark
    public EthHeader verifyHeader() {
        rules.verifyHash(prague);
        rules.verifyChild(parent, child);
        return prague;
    }

    /** keccak-256 of the same RLP bytes, nothing else. */
    @Benchmark
    public byte[] rawKeccak() {
        return Keccak256.hash(rlp);
    }

    /** The RLP encoding alone, to show where the rest of the time goes. */
    @Benchmark
    public byte[] rlpOnly() {
        return prague.rlp();
    }

    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(HeaderVerificationBenchmark.class.getName() + "\\.")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        double verify = score(results, "verifyHeader");
        double keccak = score(results, "rawKeccak");
        System.out.printf(
                Locale.ROOT,
                "header verification: %.0f headers/s; raw keccak: %.0f hashes/s; ratio: %.2f; RLP encoding alone: %.0f"
                        + " headers/s%n",
                verify,
                keccak,
                verify / keccak,
                score(results, "rlpOnly"));
    }

    private static double score(Collection<RunResult> results, String benchmark) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("." + benchmark))
                .mapToDouble(r -> r.getPrimaryResult().getScore())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no result for " + benchmark));
    }
}
