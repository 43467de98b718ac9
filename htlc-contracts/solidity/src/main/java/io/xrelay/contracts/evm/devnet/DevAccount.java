/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm.devnet;

import java.util.Objects;

/**
 * One of anvil's funded dev accounts, derived from anvil's public default test mnemonic. The keys are well known and
 * must never hold value on a real chain; {@link #toString()} still leaves the private key out.
 *
 * @param index the account's index {@code i} in the derivation path {@code m/44'/60'/0'/0/i}
 * @param address the account's address, {@code 0x} and 40 lower-case hex digits
 * @param privateKey the account's private key, {@code 0x} and 64 lower-case hex digits
 */
public record DevAccount(int index, String address, String privateKey) {

    /**
     * Checks the forms of address and key.
     *
     * @throws IllegalArgumentException naming the field if it is malformed
     */
    public DevAccount {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, got " + index);
        }
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(privateKey, "privateKey");
        if (!address.matches("0x[0-9a-f]{40}")) {
            throw new IllegalArgumentException("address must be 0x and 40 lower-case hex digits, got " + address);
        }
        if (!privateKey.matches("0x[0-9a-f]{64}")) {
            throw new IllegalArgumentException("privateKey must be 0x and 64 lower-case hex digits");
        }
    }

    @Override
    public String toString() {
        return "DevAccount[index=" + index + ", address=" + address + "]";
    }
}
