/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xrelay.adapter.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * XRelayHtlc's runtime code as compiled into the {@code xrelay-htlc-solidity} jar ({@code deployedBytecode} of
 * {@code io/xrelay/contracts/evm/XRelayHtlc.json}), for the pre-flight check that an address holds the relay's HTLC.
 * The contract has no immutables, so its code on chain is exactly this.
 */
final class HtlcArtifact {
    private static final String RESOURCE = "io/xrelay/contracts/evm/XRelayHtlc.json";
    private static final Optional<Bytes> RUNTIME = load();

    private HtlcArtifact() {}

    /** The runtime code, if the artifact is on the class path. */
    static Optional<Bytes> runtimeCode() {
        return RUNTIME;
    }

    private static Optional<Bytes> load() {
        ClassLoader loader = HtlcArtifact.class.getClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            JsonNode json = new ObjectMapper().readTree(in);
            JsonNode code = json.get("deployedBytecode");
            if (code == null || !code.isTextual() || code.asText().length() <= 2) {
                return Optional.empty();
            }
            return Optional.of(Bytes.fromHex(code.asText()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
