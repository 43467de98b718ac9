/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/**
 * The identifier the HTLC contract or chaincode gave a lock, in the chain's canonical text form ({@code 0x} and 64
 * lower-case hex digits on Ethereum).
 */
public record HtlcId(String value) {
    public HtlcId {
        if (value.isBlank() || value.length() > 256) {
            throw new IllegalArgumentException("htlc id must be 1-256 characters, got \"" + value + '"');
        }
    }

    public static HtlcId of(String value) {
        return new HtlcId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
