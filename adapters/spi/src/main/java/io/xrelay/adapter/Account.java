/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/**
 * An account on one chain, in that chain's canonical text form: a {@code 0x}-prefixed, lower-case 20-byte address
 * on Ethereum; an account name of the HTLC chaincode's ledger on Fabric. Adapters validate the form for their chain.
 */
public record Account(String value) {
    public Account {
        if (value.isBlank() || value.length() > 256 || !value.strip().equals(value)) {
            throw new IllegalArgumentException(
                    "account must be 1-256 characters without surrounding blanks, got \"" + value + '"');
        }
    }

    public static Account of(String value) {
        return new Account(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
