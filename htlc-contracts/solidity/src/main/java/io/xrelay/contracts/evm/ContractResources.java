/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the compiled contracts that the build puts on the class path next to this class. */
final class ContractResources {
    private ContractResources() {}

    /** The text of {@code <contract>.<extension>}, such as {@code XRelayHtlc.abi}, trimmed. */
    static String read(String contract, String extension) {
        String name = contract + "." + extension;
        try (InputStream in = ContractResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource io/xrelay/contracts/evm/" + name
                        + " is missing from the class path: the xrelay-htlc-solidity jar is incomplete");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource io/xrelay/contracts/evm/" + name, e);
        }
    }
}
