/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

/**
 * When a chain activated the forks whose rules {@link HeaderRules} checks: London and the Merge by block number,
 * Shanghai, Cancun and Prague by block timestamp (as Ethereum schedules them). {@link #NEVER} marks a fork the chain
 * has not activated.
 *
 * @param londonBlock first block with EIP-1559 (base fee; the gas target is half the limit from here on)
 * @param mergeBlock first proof-of-stake block (difficulty 0, nonce 0, no ommers from here on)
 * @param shanghaiTime first timestamp with withdrawals
 * @param cancunTime first timestamp with blobs and the parent beacon block root
 * @param pragueTime first timestamp with execution-layer requests (and Prague's blob schedule)
 */
record ForkSchedule(long londonBlock, long mergeBlock, long shanghaiTime, long cancunTime, long pragueTime) {
    /** A fork that never activates. */
    static final long NEVER = Long.MAX_VALUE;

    /** Every fork active from the genesis block on, as anvil and most devnets run by default. */
    static final ForkSchedule ALL_FROM_GENESIS = new ForkSchedule(0, 0, 0, 0, 0);

    /**
     * Ethereum mainnet: London at block 12,965,000, the first proof-of-stake block 15,537,394, Shanghai at
     * 1681338455 (2023-04-12), Cancun at 1710338135 (2024-03-13), Prague at 1746612311 (2025-05-07).
     */
    static final ForkSchedule MAINNET =
            new ForkSchedule(12_965_000L, 15_537_394L, 1_681_338_455L, 1_710_338_135L, 1_746_612_311L);

    ForkSchedule {
        if (londonBlock < 0 || mergeBlock < 0 || shanghaiTime < 0 || cancunTime < 0 || pragueTime < 0) {
            throw new IllegalArgumentException("fork activations must not be negative: "
                    + describe(londonBlock, mergeBlock, shanghaiTime, cancunTime, pragueTime));
        }
        if (mergeBlock < londonBlock) {
            throw new IllegalArgumentException(
                    "the merge (block " + mergeBlock + ") cannot come before London (block " + londonBlock + ")");
        }
        if (cancunTime < shanghaiTime || pragueTime < cancunTime) {
            throw new IllegalArgumentException("fork times must be in order shanghai <= cancun <= prague: "
                    + describe(londonBlock, mergeBlock, shanghaiTime, cancunTime, pragueTime));
        }
    }

    boolean londonAt(long number) {
        return number >= londonBlock;
    }

    boolean mergedAt(long number) {
        return number >= mergeBlock;
    }

    boolean pragueAt(long timestamp) {
        return timestamp >= pragueTime;
    }

    /** The header layout a block with this number and timestamp must have. */
    EthFork layoutAt(long number, long timestamp) {
        if (timestamp >= pragueTime) {
            return EthFork.PRAGUE;
        }
        if (timestamp >= cancunTime) {
            return EthFork.CANCUN;
        }
        if (timestamp >= shanghaiTime) {
            return EthFork.SHANGHAI;
        }
        return londonAt(number) ? EthFork.LONDON : EthFork.FRONTIER;
    }

    private static String describe(long london, long merge, long shanghai, long cancun, long prague) {
        return "london-block=" + show(london) + ", merge-block=" + show(merge) + ", shanghai-time=" + show(shanghai)
                + ", cancun-time=" + show(cancun) + ", prague-time=" + show(prague);
    }

    private static String show(long value) {
        return value == NEVER ? "never" : Long.toString(value);
    }
}
