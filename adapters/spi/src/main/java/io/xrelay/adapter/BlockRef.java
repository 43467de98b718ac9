/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/** A block by number and hash ({@code 0x}-hex), as verified by the adapter. */
public record BlockRef(long number, Bytes hash) {
    public BlockRef {
        if (number < 0) {
            throw new IllegalArgumentException("block number must not be negative, got " + number);
        }
    }

    @Override
    public String toString() {
        return "#" + number + " " + hash.toHex();
    }
}
