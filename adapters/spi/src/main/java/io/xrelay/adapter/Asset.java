/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/**
 * An asset on one chain: {@link #NATIVE} for the chain's own coin (ETH), otherwise the chain's identifier of a
 * token (an ERC-20 contract address, a token name of the Fabric ledger).
 */
public record Asset(String id) {
    /** The chain's native coin. */
    public static final Asset NATIVE = new Asset("native");

    public Asset {
        if (id.isBlank() || id.length() > 128 || !id.strip().equals(id)) {
            throw new IllegalArgumentException(
                    "asset id must be 1-128 characters without surrounding blanks, got \"" + id + '"');
        }
    }

    public static Asset of(String id) {
        return new Asset(id);
    }

    public boolean isNative() {
        return this.equals(NATIVE);
    }

    @Override
    public String toString() {
        return id;
    }
}
