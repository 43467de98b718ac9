/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import java.util.Locale;

/**
 * The header layouts of Ethereum's forks: each fork that added header fields, in order. A header's layout is implied
 * by which optional fields it carries; forks that changed rules but not fields (Homestead, Byzantium, the Merge,
 * Osaka, ...) share the layout of the last fork before them.
 */
enum EthFork {
    /** The 15 fields of the Yellow Paper, from Frontier to Berlin. */
    FRONTIER(15),
    /** EIP-1559 adds {@code baseFeePerGas}. */
    LONDON(16),
    /** EIP-4895 adds {@code withdrawalsRoot}. */
    SHANGHAI(17),
    /** EIP-4844 and EIP-4788 add {@code blobGasUsed}, {@code excessBlobGas}, {@code parentBeaconBlockRoot}. */
    CANCUN(20),
    /** EIP-7685 adds {@code requestsHash}. */
    PRAGUE(21);

    private final int fieldCount;

    EthFork(int fieldCount) {
        this.fieldCount = fieldCount;
    }

    /** How many fields a header of this layout has in its RLP list. */
    int fieldCount() {
        return fieldCount;
    }

    /** The fork's name in lower case, as in configuration and on the command line ({@code "prague"}). */
    String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean atLeast(EthFork other) {
        return compareTo(other) >= 0;
    }
}
