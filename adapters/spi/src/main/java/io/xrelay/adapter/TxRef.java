/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import java.io.Serializable;

/** A transaction on a chain: its hash ({@code 0x}-hex on Ethereum) or transaction id (Fabric). */
public record TxRef(ChainId chain, String id) implements Serializable {
    public TxRef {
        if (id.isBlank()) {
            throw new IllegalArgumentException("transaction id must not be blank");
        }
    }

    @Override
    public String toString() {
        return chain + ":" + id;
    }
}
