/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import com.typesafe.config.ConfigException;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.VerificationFailedException;
import java.math.BigInteger;
import java.util.Locale;

/**
 * The checks a header must pass before the relay relies on it: its hash ({@link #verifyHash}) and the consensus
 * rules that tie it to an already verified parent ({@link #verifyChild}): the parent link, number and time order, the
 * header layout of its fork, gas used and the gas limit's bound, the EIP-1559 base fee, the proof-of-stake constants
 * after the Merge and the EIP-4844 excess blob gas. Proof-of-work seals and difficulty adjustment, and anything a
 * consensus client decides (which block is canonical, finality), are not checked here.
 *
 * <p>Each violation throws {@link VerificationFailedException} whose reason names the block, the rule, the value
 * found and the value expected: {@code "block 12: base fee 875000000, expected 875000001 from parent"}. Instances are
 * immutable and thread-safe.
 */
final class HeaderRules {
    /** keccak256(RLP([])): the ommers hash of a block without ommers. */
    static final Bytes EMPTY_OMMERS_HASH =
            Bytes.fromHex("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");

    static final Bytes ZERO_NONCE = Bytes.wrap(new byte[EthHeader.NONCE_LENGTH]);
    static final long MIN_GAS_LIMIT = 5_000L;
    static final long GAS_LIMIT_BOUND_DIVISOR = 1_024L;
    static final long ELASTICITY_MULTIPLIER = 2L;
    static final BigInteger BASE_FEE_CHANGE_DENOMINATOR = BigInteger.valueOf(8);
    static final BigInteger INITIAL_BASE_FEE = BigInteger.valueOf(1_000_000_000L);

    private final ChainId chain;
    private final Config config;

    /**
     * What varies between chains.
     *
     * @param forks when each fork activated
     * @param blobRule whether to check EIP-4844 excess blob gas and blob gas used; a devnet whose blob schedule is
     *     not the one given here switches it off
     * @param cancunBlobs blob parameters from Cancun until Prague
     * @param pragueBlobs blob parameters from Prague on (the schedule of Osaka and later forks, and Osaka's EIP-7918
     *     reserve price, are not modelled: switch the blob rule off for blocks of those forks)
     * @param maxExtraDataBytes longest extra data allowed (32 on Ethereum)
     * @param timestampMayRepeat whether a child may have its parent's timestamp; Ethereum requires a later one, but
     *     anvil mines every block of the same second with the same timestamp
     * @param genesisBaseFeeCarriesOver whether block 1 has the genesis block's base fee instead of the one EIP-1559
     *     computes from the genesis block (anvil does this)
     */
    record Config(
            ForkSchedule forks,
            boolean blobRule,
            BlobSchedule cancunBlobs,
            BlobSchedule pragueBlobs,
            int maxExtraDataBytes,
            boolean timestampMayRepeat,
            boolean genesisBaseFeeCarriesOver) {
        /** Every fork from genesis, the standard blob schedules, Ethereum's rules. */
        static final Config ALL_FORKS_FROM_GENESIS = ethereum(ForkSchedule.ALL_FROM_GENESIS);

        /**
         * What anvil does by default: every fork from genesis; blocks mined in the same second share their timestamp
         * (a child's timestamp must still not be earlier than its parent's); block 1 keeps the genesis base fee.
         */
        static final Config ANVIL = new Config(
                ForkSchedule.ALL_FROM_GENESIS, true, BlobSchedule.CANCUN, BlobSchedule.PRAGUE, 32, true, true);

        /** Ethereum mainnet up to Prague. */
        static final Config MAINNET = ethereum(ForkSchedule.MAINNET);

        Config {
            if (maxExtraDataBytes < 0) {
                throw new IllegalArgumentException("max extra data bytes must not be negative: " + maxExtraDataBytes);
            }
        }

        /** Ethereum's rules with the given fork schedule and the standard blob schedules. */
        static Config ethereum(ForkSchedule forks) {
            return new Config(forks, true, BlobSchedule.CANCUN, BlobSchedule.PRAGUE, 32, false, false);
        }

        Config withBlobRule(boolean on) {
            return new Config(
                    forks,
                    on,
                    cancunBlobs,
                    pragueBlobs,
                    maxExtraDataBytes,
                    timestampMayRepeat,
                    genesisBaseFeeCarriesOver);
        }

        Config withForks(ForkSchedule schedule) {
            return new Config(
                    schedule,
                    blobRule,
                    cancunBlobs,
                    pragueBlobs,
                    maxExtraDataBytes,
                    timestampMayRepeat,
                    genesisBaseFeeCarriesOver);
        }

        /**
         * Reads the header rules of one chain from its HOCON section; every key is optional:
         *
         * <pre>
         * preset = genesis            # genesis (every fork from block 0), anvil (genesis, and a timestamp may
         *                             # repeat) or mainnet
         * london-block = 0            # overrides the preset; a number or "never"
         * merge-block = 0
         * shanghai-time = 0           # unix seconds or "never"
         * cancun-time = 0
         * prague-time = 0
         * blob-rule = true            # check EIP-4844 excess blob gas
         * blob-schedule.cancun { target-blob-gas = 393216, max-blob-gas = 786432, update-fraction = 3338477 }
         * blob-schedule.prague { target-blob-gas = 786432, max-blob-gas = 1179648, update-fraction = 5007716 }
         * max-extra-data-bytes = 32
         * timestamp-may-repeat = false  # true lets a child have its parent's timestamp (anvil)
         * genesis-base-fee-carries-over = false  # true: block 1 has the genesis base fee (anvil)
         * </pre>
         *
         * @throws AdapterConfigException naming the key at fault
         */
        static Config fromConfig(ChainId chain, com.typesafe.config.Config section) {
            String preset = section.hasPath("preset") ? string(chain, section, "preset") : "genesis";
            Config base =
                    switch (preset.toLowerCase(Locale.ROOT)) {
                        case "genesis" -> ALL_FORKS_FROM_GENESIS;
                        case "anvil" -> ANVIL;
                        case "mainnet" -> MAINNET;
                        default ->
                            throw new AdapterConfigException(
                                    chain,
                                    "preset",
                                    "unknown preset \"" + preset + "\"; known: genesis, anvil, mainnet");
                    };
            ForkSchedule f = base.forks();
            ForkSchedule forks;
            try {
                forks = new ForkSchedule(
                        activation(chain, section, "london-block", f.londonBlock()),
                        activation(chain, section, "merge-block", f.mergeBlock()),
                        activation(chain, section, "shanghai-time", f.shanghaiTime()),
                        activation(chain, section, "cancun-time", f.cancunTime()),
                        activation(chain, section, "prague-time", f.pragueTime()));
            } catch (IllegalArgumentException e) {
                throw new AdapterConfigException(chain, "london-block", String.valueOf(e.getMessage()), e);
            }
            int maxExtraData =
                    (int) number(chain, section, "max-extra-data-bytes", base.maxExtraDataBytes(), Integer.MAX_VALUE);
            return new Config(
                    forks,
                    bool(chain, section, "blob-rule", base.blobRule()),
                    blobs(chain, section, "blob-schedule.cancun", base.cancunBlobs()),
                    blobs(chain, section, "blob-schedule.prague", base.pragueBlobs()),
                    maxExtraData,
                    bool(chain, section, "timestamp-may-repeat", base.timestampMayRepeat()),
                    bool(chain, section, "genesis-base-fee-carries-over", base.genesisBaseFeeCarriesOver()));
        }

        private static boolean bool(ChainId chain, com.typesafe.config.Config section, String key, boolean preset) {
            if (!section.hasPath(key)) {
                return preset;
            }
            try {
                return section.getBoolean(key);
            } catch (ConfigException e) {
                throw new AdapterConfigException(chain, key, "expected true or false", e);
            }
        }

        private static String string(ChainId chain, com.typesafe.config.Config section, String key) {
            try {
                return section.getString(key);
            } catch (ConfigException e) {
                throw new AdapterConfigException(chain, key, "expected a string", e);
            }
        }

        private static long activation(ChainId chain, com.typesafe.config.Config section, String key, long preset) {
            if (!section.hasPath(key)) {
                return preset;
            }
            String value = string(chain, section, key).trim();
            if ("never".equalsIgnoreCase(value)) {
                return ForkSchedule.NEVER;
            }
            return parse(chain, key, value, Long.MAX_VALUE);
        }

        /** A non-negative whole number at {@code key}, at most {@code max}, or {@code preset} when absent. */
        private static long number(
                ChainId chain, com.typesafe.config.Config section, String key, long preset, long max) {
            if (!section.hasPath(key)) {
                return preset;
            }
            return parse(chain, key, string(chain, section, key).trim(), max);
        }

        private static long parse(ChainId chain, String key, String value, long max) {
            long v;
            try {
                v = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new AdapterConfigException(chain, key, "expected a whole number, got \"" + value + '"', e);
            }
            if (v < 0 || v > max) {
                throw new AdapterConfigException(chain, key, "expected 0 to " + max + ", got " + value);
            }
            return v;
        }

        private static BlobSchedule blobs(
                ChainId chain, com.typesafe.config.Config section, String key, BlobSchedule preset) {
            long target = number(chain, section, key + ".target-blob-gas", preset.targetBlobGas(), Long.MAX_VALUE);
            long max = number(chain, section, key + ".max-blob-gas", preset.maxBlobGas(), Long.MAX_VALUE);
            long fraction = number(chain, section, key + ".update-fraction", preset.updateFraction(), Long.MAX_VALUE);
            try {
                return new BlobSchedule(target, max, fraction);
            } catch (IllegalArgumentException e) {
                throw new AdapterConfigException(chain, key, String.valueOf(e.getMessage()), e);
            }
        }
    }

    HeaderRules(ChainId chain, Config config) {
        this.chain = chain;
        this.config = config;
    }

    ChainId chain() {
        return chain;
    }

    Config config() {
        return config;
    }

    /**
     * The header's recomputed hash must equal the hash the node claimed.
     *
     * @throws VerificationFailedException showing both hashes
     */
    void verifyHash(EthHeader header) {
        Bytes computed = header.hash();
        if (!computed.equals(header.claimedHash())) {
            throw fail(
                    header.number(),
                    "hash " + header.claimedHash() + " claimed, but the "
                            + header.fork().displayName() + " header's fields hash to " + computed);
        }
    }

    /** {@link #verifyHash} of the child, then {@link #verifyChild}. */
    void verify(EthHeader verifiedParent, EthHeader child) {
        verifyHash(child);
        verifyChild(verifiedParent, child);
    }

    /**
     * The chain rules between a parent that already passed verification (its claimed hash is its true hash) and a
     * child. The child's own hash is not checked here: see {@link #verifyHash}.
     *
     * @throws VerificationFailedException for the first rule the child breaks
     */
    void verifyChild(EthHeader parent, EthHeader child) {
        long n = child.number();
        if (!child.parentHash().equals(parent.claimedHash())) {
            throw fail(
                    n,
                    "parent hash " + child.parentHash() + ", expected " + parent.claimedHash() + ", the hash of block "
                            + parent.number());
        }
        if (parent.number() == Long.MAX_VALUE || n != parent.number() + 1) {
            throw fail(n, "number " + n + ", expected " + (parent.number() + 1) + " after parent " + parent.number());
        }
        if (child.timestamp() < parent.timestamp()
                || (child.timestamp() == parent.timestamp() && !config.timestampMayRepeat())) {
            throw fail(
                    n,
                    "timestamp " + child.timestamp() + ", expected "
                            + (config.timestampMayRepeat() ? "at least" : "more than") + " the parent's "
                            + parent.timestamp());
        }
        ForkSchedule forks = config.forks();
        EthFork layout = forks.layoutAt(n, child.timestamp());
        if (child.fork() != layout) {
            throw fail(
                    n,
                    "header fields of " + child.fork().displayName() + ", expected those of " + layout.displayName()
                            + " at timestamp " + child.timestamp());
        }
        if (child.extraData().length() > config.maxExtraDataBytes()) {
            throw fail(
                    n,
                    "extra data of " + child.extraData().length() + " bytes, expected at most "
                            + config.maxExtraDataBytes());
        }
        if (child.gasUsed() > child.gasLimit()) {
            throw fail(n, "gas used " + child.gasUsed() + ", expected at most the gas limit " + child.gasLimit());
        }
        verifyGasLimit(parent, child);
        if (forks.londonAt(n)) {
            BigInteger expected = expectedBaseFee(parent, n);
            BigInteger actual = child.baseFeePerGas();
            if (actual == null || !actual.equals(expected)) {
                throw fail(
                        n,
                        "base fee " + actual + ", expected " + expected
                                + (!forks.londonAt(parent.number())
                                        ? " at the London fork block"
                                        : carriesGenesisBaseFee(parent) ? ", the genesis block's" : " from parent"));
            }
        }
        if (forks.mergedAt(n)) {
            verifyProofOfStake(child);
        }
        if (config.blobRule() && child.fork().atLeast(EthFork.CANCUN)) {
            verifyBlobGas(parent, child);
        }
    }

    /**
     * The gas limit may move by less than 1/1024 of the parent's per block and never below 5000. At the London fork
     * block the parent's limit counts twice, since the limit then doubled to keep the old capacity as the new
     * target.
     */
    private void verifyGasLimit(EthHeader parent, EthHeader child) {
        long n = child.number();
        boolean londonTransition = config.forks().londonAt(n) && !config.forks().londonAt(parent.number());
        long parentLimit =
                londonTransition ? saturatedMultiply(parent.gasLimit(), ELASTICITY_MULTIPLIER) : parent.gasLimit();
        long bound = parentLimit / GAS_LIMIT_BOUND_DIVISOR;
        long change = Math.abs(child.gasLimit() - parentLimit);
        if (change >= bound) {
            throw fail(
                    n,
                    "gas limit " + child.gasLimit() + ", expected less than " + bound + " away from "
                            + parentLimit
                            + (londonTransition
                                    ? " (twice the parent's limit at the London fork)"
                                    : " (the parent's limit)"));
        }
        if (child.gasLimit() < MIN_GAS_LIMIT) {
            throw fail(n, "gas limit " + child.gasLimit() + ", expected at least " + MIN_GAS_LIMIT);
        }
    }

    /**
     * The EIP-1559 base fee of block {@code number}, a child of {@code parent}: 1 gwei at the London fork block, else
     * the parent's base fee moved by at most 1/8 toward the target of half the gas limit (by at least 1 wei up when
     * the parent used more than the target).
     */
    BigInteger expectedBaseFee(EthHeader parent, long number) {
        if (!config.forks().londonAt(parent.number())) {
            return INITIAL_BASE_FEE;
        }
        BigInteger parentBaseFee = parent.baseFeePerGas();
        if (parentBaseFee == null) {
            throw fail(number, "parent block " + parent.number() + " has no base fee, but London is active there");
        }
        if (carriesGenesisBaseFee(parent)) {
            return parentBaseFee;
        }
        long target = parent.gasLimit() / ELASTICITY_MULTIPLIER;
        long used = parent.gasUsed();
        if (used == target || target == 0) {
            return parentBaseFee;
        }
        BigInteger targetGas = BigInteger.valueOf(target);
        if (used > target) {
            BigInteger delta = parentBaseFee
                    .multiply(BigInteger.valueOf(used - target))
                    .divide(targetGas)
                    .divide(BASE_FEE_CHANGE_DENOMINATOR)
                    .max(BigInteger.ONE);
            return parentBaseFee.add(delta);
        }
        BigInteger delta = parentBaseFee
                .multiply(BigInteger.valueOf(target - used))
                .divide(targetGas)
                .divide(BASE_FEE_CHANGE_DENOMINATOR);
        return parentBaseFee.subtract(delta).max(BigInteger.ZERO);
    }

    private boolean carriesGenesisBaseFee(EthHeader parent) {
        return config.genesisBaseFeeCarriesOver() && parent.number() == 0;
    }

    private void verifyProofOfStake(EthHeader child) {
        long n = child.number();
        if (child.difficulty().signum() != 0) {
            throw fail(n, "difficulty " + child.difficulty() + ", expected 0 after the merge");
        }
        if (!child.nonce().equals(ZERO_NONCE)) {
            throw fail(n, "nonce " + child.nonce() + ", expected " + ZERO_NONCE + " after the merge");
        }
        if (!child.ommersHash().equals(EMPTY_OMMERS_HASH)) {
            throw fail(
                    n,
                    "ommers hash " + child.ommersHash() + ", expected " + EMPTY_OMMERS_HASH
                            + " (no ommers) after the merge");
        }
    }

    private void verifyBlobGas(EthHeader parent, EthHeader child) {
        long n = child.number();
        BlobSchedule schedule = blobScheduleAt(child.timestamp());
        Long usedValue = child.blobGasUsed();
        Long excessValue = child.excessBlobGas();
        long used = usedValue == null ? 0 : usedValue;
        long excess = excessValue == null ? 0 : excessValue;
        if (used % BlobSchedule.GAS_PER_BLOB != 0) {
            throw fail(n, "blob gas used " + used + ", expected a multiple of " + BlobSchedule.GAS_PER_BLOB);
        }
        if (used > schedule.maxBlobGas()) {
            throw fail(n, "blob gas used " + used + ", expected at most " + schedule.maxBlobGas());
        }
        long expected = expectedExcessBlobGas(parent, child.timestamp());
        if (excess != expected) {
            throw fail(n, "excess blob gas " + excess + ", expected " + expected + " from parent");
        }
    }

    /**
     * EIP-4844's excess blob gas of a child at {@code timestamp}: the parent's excess plus the parent's blob gas used,
     * less the target of the child's fork, floored at 0. A parent before Cancun counts as 0 and 0.
     */
    long expectedExcessBlobGas(EthHeader parent, long timestamp) {
        Long parentExcess = parent.excessBlobGas();
        Long parentUsed = parent.blobGasUsed();
        long sum = (parentExcess == null ? 0 : parentExcess) + (parentUsed == null ? 0 : parentUsed);
        if (sum < 0) { // both are at most 2^63-1: the sum wrapped
            return Long.MAX_VALUE;
        }
        long target = blobScheduleAt(timestamp).targetBlobGas();
        return sum < target ? 0 : sum - target;
    }

    /** The blob schedule of the fork active at {@code timestamp}. */
    BlobSchedule blobScheduleAt(long timestamp) {
        return config.forks().pragueAt(timestamp) ? config.pragueBlobs() : config.cancunBlobs();
    }

    /**
     * EIP-4844's blob base fee for an excess of {@code excessBlobGas}: {@code fake_exponential(1, excess, fraction)},
     * the integer approximation of e^(excess/fraction) wei.
     */
    static BigInteger blobBaseFee(long excessBlobGas, BlobSchedule schedule) {
        BigInteger numerator = BigInteger.valueOf(excessBlobGas);
        BigInteger denominator = BigInteger.valueOf(schedule.updateFraction());
        BigInteger output = BigInteger.ZERO;
        BigInteger accumulator = denominator; // factor 1 * denominator
        for (int i = 1; accumulator.signum() > 0; i++) {
            output = output.add(accumulator);
            accumulator = accumulator.multiply(numerator).divide(denominator.multiply(BigInteger.valueOf(i)));
        }
        return output.divide(denominator);
    }

    private VerificationFailedException fail(long number, String rule) {
        return new VerificationFailedException(chain, "block " + number + ": " + rule);
    }

    private static long saturatedMultiply(long a, long b) {
        long r = a * b;
        return a != 0 && (r / a != b || r < 0) ? Long.MAX_VALUE : r;
    }
}
