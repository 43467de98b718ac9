/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.VerificationFailedException;
import java.math.BigInteger;
import java.util.Objects;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The chain rules between a verified parent and its child, on real mainnet pairs and on edits of them. */
class HeaderRulesTest {
    private static final ChainId CHAIN = ChainId.of("eth-mainnet");
    private static final HeaderRules MAINNET = new HeaderRules(CHAIN, HeaderRules.Config.MAINNET);

    private static AbstractThrowableAssert<?, ? extends Throwable> assertViolation(
            HeaderRules rules, EthHeader parent, EthHeader child, String reason) {
        return assertThatThrownBy(() -> rules.verifyChild(parent, child))
                .isInstanceOf(VerificationFailedException.class)
                .satisfies(e ->
                        assertThat(((VerificationFailedException) e).reason()).isEqualTo(reason));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertViolation(
            EthHeader parent, EthHeader child, String reason) {
        return assertViolation(MAINNET, parent, child, reason);
    }

    @Nested
    class Mainnet_pairs {
        @ParameterizedTest
        @CsvSource({
            "frontier-0, frontier-1",
            "london-12965000, london-12965001",
            "grayglacier-15537393, paris-15537394",
            "paris-15537394, paris-15537395",
        })
        void a_real_child_passes_every_rule(String parent, String child) {
            EthHeader p = Fixtures.header(parent);
            EthHeader c = Fixtures.header(child);

            assertThatCode(() -> MAINNET.verifyHash(p)).doesNotThrowAnyException();
            assertThatCode(() -> MAINNET.verify(p, c)).doesNotThrowAnyException();
        }

        @Test
        void the_base_fee_after_the_london_fork_block_follows_from_the_parent() {
            EthHeader parent = Fixtures.header("london-12965000");
            EthHeader child = Fixtures.header("london-12965001");

            assertThat(MAINNET.expectedBaseFee(parent, child.number())).isEqualTo(child.baseFeePerGas());
        }

        @Test
        void the_london_fork_block_starts_at_one_gwei_with_the_parent_gas_limit_doubled() {
            EthHeader london = Fixtures.header("london-12965000");
            EthHeader parent = syntheticParentOf(london, london.gasLimit() / 2);

            assertThatCode(() -> MAINNET.verifyChild(parent, london)).doesNotThrowAnyException();
            assertThat(MAINNET.expectedBaseFee(parent, london.number())).isEqualTo(HeaderRules.INITIAL_BASE_FEE);
        }

        @Test
        void the_doubling_of_the_gas_limit_only_applies_at_the_london_fork() {
            EthHeader london = Fixtures.header("london-12965000");
            EthHeader parent = syntheticParentOf(london, london.gasLimit() / 2);
            HeaderRules londonEarlier = new HeaderRules(
                    CHAIN,
                    HeaderRules.Config.MAINNET.withForks(new ForkSchedule(
                            12_964_999L, 15_537_394L, 1_681_338_455L, 1_710_338_135L, 1_746_612_311L)));

            assertViolation(
                    londonEarlier,
                    parent,
                    london,
                    "block 12965000: gas limit 30029122, expected less than"
                            + " 14662 away from 15014561 (the parent's limit)");
        }

        @Test
        void the_london_fork_block_must_start_at_one_gwei() {
            EthHeader london = Fixtures.header("london-12965000");
            EthHeader parent = syntheticParentOf(london, london.gasLimit() / 2);
            HeaderBuilder b = HeaderBuilder.from(london);
            b.baseFeePerGas = BigInteger.valueOf(1_000_000_001L);

            assertViolation(
                    parent,
                    b.build(),
                    "block 12965000: base fee 1000000001, expected 1000000000 at the London fork block");
        }

        /** Block 12,964,999 is not among the fixtures: a stand-in with the hash, limit and time the child needs. */
        private EthHeader syntheticParentOf(EthHeader child, long gasLimit) {
            HeaderBuilder b = HeaderBuilder.from(Fixtures.header("berlin-12244000"));
            b.number = child.number() - 1;
            b.timestamp = child.timestamp() - 13;
            b.gasLimit = gasLimit;
            b.gasUsed = gasLimit / 2;
            b.claimedHash = child.parentHash();
            return b.build();
        }
    }

    @Nested
    class Violations {
        private final EthHeader parent = Fixtures.header("london-12965000");
        private final EthHeader child = Fixtures.header("london-12965001");

        private HeaderBuilder edit() {
            return HeaderBuilder.from(child);
        }

        @Test
        void rejects_a_header_whose_parent_hash_is_wrong() {
            HeaderBuilder b = edit();
            b.parentHash = HeaderBuilder.flip(b.parentHash, 0);

            assertViolation(
                    parent,
                    b.build(),
                    "block 12965001: parent hash " + b.parentHash + ", expected " + parent.claimedHash()
                            + ", the hash of block 12965000");
        }

        @Test
        void rejects_a_child_of_another_block() {
            assertViolation(
                    Fixtures.header("frontier-1"),
                    child,
                    "block 12965001: parent hash "
                            + child.parentHash() + ", expected "
                            + Fixtures.header("frontier-1").claimedHash()
                            + ", the hash of block 1");
        }

        @ParameterizedTest
        @ValueSource(longs = {12_965_000L, 12_965_002L, 0L})
        void rejects_a_number_that_does_not_follow_the_parent(long number) {
            HeaderBuilder b = edit();
            b.number = number;

            assertViolation(
                    parent,
                    b.build(),
                    "block " + number + ": number " + number + ", expected 12965001 after parent 12965000");
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -1, -100})
        void rejects_a_timestamp_that_is_not_after_the_parent(long offset) {
            HeaderBuilder b = edit();
            b.timestamp = parent.timestamp() + offset;

            assertViolation(
                    parent,
                    b.build(),
                    "block 12965001: timestamp " + b.timestamp + ", expected more than the parent's "
                            + parent.timestamp());
        }

        @Test
        void lets_a_timestamp_repeat_only_where_the_chain_does_that() {
            HeaderRules anvil = new HeaderRules(CHAIN, HeaderRules.Config.ANVIL.withForks(ForkSchedule.MAINNET));
            HeaderBuilder same = edit();
            same.timestamp = parent.timestamp();
            HeaderBuilder earlier = edit();
            earlier.timestamp = parent.timestamp() - 1;

            assertThatCode(() -> anvil.verifyChild(parent, same.build())).doesNotThrowAnyException();
            assertViolation(
                    anvil,
                    parent,
                    earlier.build(),
                    "block 12965001: timestamp " + earlier.timestamp + ", expected at least the parent's "
                            + parent.timestamp());
        }

        @Test
        void rejects_more_gas_used_than_the_gas_limit() {
            HeaderBuilder b = edit();
            b.gasUsed = b.gasLimit + 1;

            assertViolation(
                    parent, b.build(), "block 12965001: gas used 29999799, expected at most the gas limit 29999798");
        }

        @Test
        void the_real_child_moved_its_gas_limit_by_just_less_than_the_bound() {
            long bound = parent.gasLimit() / HeaderRules.GAS_LIMIT_BOUND_DIVISOR;

            assertThat(parent.gasLimit() - child.gasLimit()).isEqualTo(bound - 1);
        }

        @ParameterizedTest
        @ValueSource(longs = {-29_325L, 29_325L, 1_000_000L})
        void rejects_a_gas_limit_jump_of_a_1024th_of_the_parent_limit_or_more(long jump) {
            HeaderBuilder b = edit();
            b.gasLimit = parent.gasLimit() + jump;

            assertViolation(
                    parent,
                    b.build(),
                    "block 12965001: gas limit " + b.gasLimit
                            + ", expected less than 29325 away from 30029122 (the parent's limit)");
        }

        @Test
        void rejects_a_gas_limit_below_5000() {
            EthHeader genesis = Fixtures.header("frontier-0");
            HeaderBuilder b = HeaderBuilder.from(Fixtures.header("frontier-1"));
            b.gasLimit = 4_999;

            assertViolation(genesis, b.build(), "block 1: gas limit 4999, expected at least 5000");
        }

        @ParameterizedTest
        @ValueSource(longs = {1, -1})
        void rejects_a_base_fee_off_by_one(long offBy) {
            HeaderBuilder b = edit();
            b.baseFeePerGas = Objects.requireNonNull(child.baseFeePerGas()).add(BigInteger.valueOf(offBy));

            assertViolation(
                    parent,
                    b.build(),
                    "block 12965001: base fee " + b.baseFeePerGas + ", expected 1124967822 from parent");
        }

        @Test
        void rejects_extra_data_longer_than_32_bytes() {
            HeaderBuilder b = edit();
            b.extraData = Bytes.wrap(new byte[33]);

            assertViolation(parent, b.build(), "block 12965001: extra data of 33 bytes, expected at most 32");
        }

        @Test
        void rejects_a_header_with_the_fields_of_another_fork() {
            HeaderBuilder b = edit();
            b.withdrawalsRoot = HeaderRules.EMPTY_OMMERS_HASH;

            assertViolation(
                    parent,
                    b.build(),
                    "block 12965001: header fields of shanghai, expected those of london" + " at timestamp 1628166835");
        }

        @Test
        void rejects_a_london_header_where_london_is_not_active() {
            HeaderRules berlinForever = new HeaderRules(
                    CHAIN,
                    HeaderRules.Config.MAINNET.withForks(new ForkSchedule(
                            ForkSchedule.NEVER,
                            ForkSchedule.NEVER,
                            ForkSchedule.NEVER,
                            ForkSchedule.NEVER,
                            ForkSchedule.NEVER)));

            assertViolation(
                    berlinForever,
                    parent,
                    child,
                    "block 12965001: header fields of london, expected those" + " of frontier at timestamp 1628166835");
        }
    }

    @Nested
    class After_the_merge {
        private final EthHeader parent = Fixtures.header("paris-15537394");
        private final EthHeader child = Fixtures.header("paris-15537395");

        @Test
        void rejects_a_non_zero_difficulty() {
            HeaderBuilder b = HeaderBuilder.from(child);
            b.difficulty = BigInteger.ONE;

            assertViolation(parent, b.build(), "block 15537395: difficulty 1, expected 0 after the merge");
        }

        @Test
        void rejects_a_non_zero_nonce() {
            HeaderBuilder b = HeaderBuilder.from(child);
            b.nonce = Bytes.fromHex("0x0000000000000001");

            assertViolation(
                    parent,
                    b.build(),
                    "block 15537395: nonce 0x0000000000000001, expected 0x0000000000000000 after the merge");
        }

        @Test
        void rejects_ommers() {
            HeaderBuilder b = HeaderBuilder.from(child);
            b.ommersHash = HeaderBuilder.flip(b.ommersHash, 31);

            assertViolation(
                    parent,
                    b.build(),
                    "block 15537395: ommers hash " + b.ommersHash + ", expected " + HeaderRules.EMPTY_OMMERS_HASH
                            + " (no ommers) after the merge");
        }

        @Test
        void a_proof_of_work_block_may_have_a_difficulty_and_a_nonce() {
            EthHeader lastWork = Fixtures.header("grayglacier-15537393");

            assertThat(lastWork.difficulty()).isPositive();
            assertThat(lastWork.nonce()).isNotEqualTo(HeaderRules.ZERO_NONCE);
            assertThatCode(() -> MAINNET.verifyChild(Fixtures.header("frontier-0"), Fixtures.header("frontier-1")))
                    .doesNotThrowAnyException();
        }
    }

    @Nested
    class Blob_gas {
        private final EthHeader parent = Fixtures.header("cancun-19426587");
        private final HeaderRules cancunOnly = new HeaderRules(CHAIN, HeaderRules.Config.MAINNET);

        /** A consistent child of the Cancun fork block, with the given blob gas. */
        private HeaderBuilder child(long blobGasUsed, long excessBlobGas) {
            HeaderBuilder b = HeaderBuilder.from(parent);
            b.parentHash = parent.claimedHash();
            b.number = parent.number() + 1;
            b.timestamp = parent.timestamp() + 12;
            b.baseFeePerGas = cancunOnly.expectedBaseFee(parent, b.number);
            b.blobGasUsed = blobGasUsed;
            b.excessBlobGas = excessBlobGas;
            return b;
        }

        @Test
        void accepts_the_excess_blob_gas_computed_from_the_parent() {
            long expected = cancunOnly.expectedExcessBlobGas(parent, parent.timestamp() + 12);

            assertThat(expected).isZero(); // no blob in the fork block, no excess before it
            assertThatCode(() -> cancunOnly.verify(
                            parent, child(2 * BlobSchedule.GAS_PER_BLOB, 0).buildSealed()))
                    .doesNotThrowAnyException();
        }

        @Test
        void rejects_an_excess_blob_gas_that_does_not_follow_from_the_parent() {
            assertViolation(
                    cancunOnly,
                    parent,
                    child(0, 131_072).build(),
                    "block 19426588: excess blob gas 131072, expected 0 from parent");
        }

        @Test
        void a_chain_with_another_blob_schedule_can_switch_the_blob_rule_off() {
            HeaderRules off = new HeaderRules(CHAIN, HeaderRules.Config.MAINNET.withBlobRule(false));

            assertThatCode(() -> off.verifyChild(parent, child(0, 131_072).build()))
                    .doesNotThrowAnyException();
        }

        @Test
        void rejects_blob_gas_used_that_is_not_whole_blobs() {
            assertViolation(
                    cancunOnly,
                    parent,
                    child(1000, 0).build(),
                    "block 19426588: blob gas used 1000, expected a multiple of 131072");
        }

        @Test
        void rejects_more_blob_gas_than_the_fork_allows() {
            assertViolation(
                    cancunOnly,
                    parent,
                    child(7 * BlobSchedule.GAS_PER_BLOB, 0).build(),
                    "block 19426588: blob gas used 917504, expected at most 786432");
        }

        @Test
        void excess_accumulates_above_the_target_and_uses_the_schedule_of_the_childs_fork() {
            HeaderBuilder busy = HeaderBuilder.from(parent);
            busy.excessBlobGas = 10 * BlobSchedule.GAS_PER_BLOB;
            busy.blobGasUsed = 6 * BlobSchedule.GAS_PER_BLOB;
            EthHeader busyParent = busy.build();
            long t = parent.timestamp() + 12;
            HeaderRules pragueNext = new HeaderRules(
                    CHAIN,
                    HeaderRules.Config.MAINNET.withForks(
                            new ForkSchedule(12_965_000L, 15_537_394L, 1_681_338_455L, 1_710_338_135L, t)));

            assertThat(cancunOnly.expectedExcessBlobGas(busyParent, t)).isEqualTo(13 * BlobSchedule.GAS_PER_BLOB);
            assertThat(pragueNext.expectedExcessBlobGas(busyParent, t)).isEqualTo(10 * BlobSchedule.GAS_PER_BLOB);
        }

        @Test
        void the_first_cancun_block_counts_its_parent_as_without_blob_gas() {
            EthHeader shanghai = Fixtures.header("shanghai-17034870");

            assertThat(cancunOnly.expectedExcessBlobGas(shanghai, shanghai.timestamp() + 12))
                    .isZero();
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 2, 10})
        void the_blob_base_fee_approximates_e_to_the_excess_over_the_update_fraction(int x) {
            long excess = x * BlobSchedule.CANCUN.updateFraction();

            assertThat(HeaderRules.blobBaseFee(excess, BlobSchedule.CANCUN))
                    .isEqualTo(BigInteger.valueOf((long) Math.floor(Math.exp(x))));
        }
    }

    @Nested
    class Base_fee {
        private final EthHeader parent = Fixtures.header("paris-15537394");

        private EthHeader withGasUsed(long used) {
            HeaderBuilder b = HeaderBuilder.from(parent);
            b.gasUsed = used;
            return b.build();
        }

        @Test
        void stays_when_the_parent_used_exactly_its_target() {
            BigInteger fee = parent.baseFeePerGas();

            assertThat(MAINNET.expectedBaseFee(withGasUsed(parent.gasLimit() / 2), 1 + parent.number()))
                    .isEqualTo(fee);
        }

        @Test
        void falls_by_an_eighth_when_the_parent_was_empty() {
            BigInteger fee = Objects.requireNonNull(parent.baseFeePerGas());

            assertThat(MAINNET.expectedBaseFee(withGasUsed(0), 1 + parent.number()))
                    .isEqualTo(fee.subtract(fee.divide(BigInteger.valueOf(8))));
        }

        @Test
        void rises_by_an_eighth_when_the_parent_was_full() {
            BigInteger fee = Objects.requireNonNull(parent.baseFeePerGas());

            assertThat(MAINNET.expectedBaseFee(withGasUsed(parent.gasLimit()), 1 + parent.number()))
                    .isEqualTo(fee.add(fee.divide(BigInteger.valueOf(8))));
        }

        @Test
        void block_one_keeps_the_genesis_base_fee_where_the_chain_does_that() {
            HeaderBuilder genesis = HeaderBuilder.from(parent);
            genesis.number = 0;
            genesis.gasUsed = 0;
            EthHeader g = genesis.build();
            HeaderRules anvil = new HeaderRules(CHAIN, HeaderRules.Config.ANVIL);
            HeaderRules ethereum = new HeaderRules(CHAIN, HeaderRules.Config.ALL_FORKS_FROM_GENESIS);
            BigInteger fee = Objects.requireNonNull(g.baseFeePerGas());

            assertThat(anvil.expectedBaseFee(g, 1)).isEqualTo(fee);
            assertThat(ethereum.expectedBaseFee(g, 1)).isEqualTo(fee.subtract(fee.divide(BigInteger.valueOf(8))));
            assertThat(anvil.expectedBaseFee(withGasUsed(0), 1 + parent.number()))
                    .isEqualTo(ethereum.expectedBaseFee(withGasUsed(0), 1 + parent.number()));
        }

        @Test
        void rises_by_at_least_one_wei_above_the_target() {
            HeaderBuilder b = HeaderBuilder.from(parent);
            b.baseFeePerGas = BigInteger.ONE;
            b.gasUsed = parent.gasLimit() / 2 + 1;

            assertThat(MAINNET.expectedBaseFee(b.build(), 1 + parent.number())).isEqualTo(BigInteger.TWO);
        }
    }

    @Nested
    class Configuration {
        @Test
        void defaults_to_every_fork_from_genesis() {
            HeaderRules.Config c = HeaderRules.Config.fromConfig(CHAIN, ConfigFactory.empty());

            assertThat(c).isEqualTo(HeaderRules.Config.ALL_FORKS_FROM_GENESIS);
        }

        @Test
        void the_anvil_preset_lets_timestamps_repeat() {
            HeaderRules.Config c = HeaderRules.Config.fromConfig(CHAIN, ConfigFactory.parseString("preset = anvil"));

            assertThat(c).isEqualTo(HeaderRules.Config.ANVIL);
            assertThat(c.timestampMayRepeat()).isTrue();
            assertThat(c.genesisBaseFeeCarriesOver()).isTrue();
        }

        @Test
        void reads_a_preset_with_overrides() {
            HeaderRules.Config c = HeaderRules.Config.fromConfig(
                    CHAIN,
                    ConfigFactory.parseString(
                            """
                    preset = mainnet
                    prague-time = never
                    blob-rule = false
                    blob-schedule.cancun.target-blob-gas = 262144
                    max-extra-data-bytes = 97
                    """));

            assertThat(c.forks().londonBlock()).isEqualTo(12_965_000L);
            assertThat(c.forks().pragueTime()).isEqualTo(ForkSchedule.NEVER);
            assertThat(c.blobRule()).isFalse();
            assertThat(c.cancunBlobs()).isEqualTo(new BlobSchedule(262_144L, 786_432L, 3_338_477L));
            assertThat(c.maxExtraDataBytes()).isEqualTo(97);
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "preset = sepolia | preset | unknown preset \"sepolia\"; known: genesis, anvil, mainnet",
                    "timestamp-may-repeat = 2 | timestamp-may-repeat | expected true or false",
                    "genesis-base-fee-carries-over = x | genesis-base-fee-carries-over | expected true or false",
                    "london-block = soon | london-block | expected a whole number, got \"soon\"",
                    "cancun-time = -5 | cancun-time | expected 0 to",
                    "blob-rule = maybe | blob-rule | expected true or false",
                    "max-extra-data-bytes = 99999999999 | max-extra-data-bytes | expected 0 to 2147483647",
                    "blob-schedule.prague.max-blob-gas = 1 | blob-schedule.prague | 0 <= target <= max",
                })
        void names_the_key_of_a_bad_setting(String hocon, String key, String problem) {
            assertThatThrownBy(() -> HeaderRules.Config.fromConfig(CHAIN, ConfigFactory.parseString(hocon)))
                    .isInstanceOf(AdapterConfigException.class)
                    .hasMessageContaining(problem)
                    .satisfies(
                            e -> assertThat(((AdapterConfigException) e).key()).isEqualTo(key));
        }

        @Test
        void refuses_fork_times_out_of_order() {
            assertThatThrownBy(() -> new ForkSchedule(0, 0, 10, 5, 20))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("shanghai <= cancun <= prague");
        }
    }
}
