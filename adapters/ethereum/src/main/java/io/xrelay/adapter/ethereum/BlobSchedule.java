/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

/**
 * One fork's EIP-4844 blob parameters, in gas (one blob is {@value #GAS_PER_BLOB} blob gas).
 *
 * @param targetBlobGas blob gas per block the excess is measured against
 * @param maxBlobGas most blob gas one block may use
 * @param updateFraction the denominator of the blob base fee's exponential
 */
record BlobSchedule(long targetBlobGas, long maxBlobGas, long updateFraction) {
    /** Blob gas of one blob: 2^17. */
    static final long GAS_PER_BLOB = 131_072L;

    /** Cancun (EIP-4844): target 3 blobs, at most 6, update fraction 3338477. */
    static final BlobSchedule CANCUN = new BlobSchedule(3 * GAS_PER_BLOB, 6 * GAS_PER_BLOB, 3_338_477L);

    /** Prague (EIP-7691): target 6 blobs, at most 9, update fraction 5007716. */
    static final BlobSchedule PRAGUE = new BlobSchedule(6 * GAS_PER_BLOB, 9 * GAS_PER_BLOB, 5_007_716L);

    BlobSchedule {
        if (targetBlobGas < 0 || maxBlobGas < targetBlobGas || updateFraction <= 0) {
            throw new IllegalArgumentException("blob schedule needs 0 <= target <= max and a positive update"
                    + " fraction, got target " + targetBlobGas + ", max " + maxBlobGas + ", fraction "
                    + updateFraction);
        }
    }
}
