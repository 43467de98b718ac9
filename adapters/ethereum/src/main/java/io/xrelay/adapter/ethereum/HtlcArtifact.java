/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import io.xrelay.adapter.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * XRelayHtlc as compiled into the {@code xrelay-htlc-solidity} jar ({@code io/xrelay/contracts/evm/XRelayHtlc.bin},
 * its creation code), for the pre-flight check that an address holds the relay's HTLC. The contract has no
 * immutables and no constructor arguments, so the code a deployment leaves on chain is a verbatim part of the
 * creation code (the runtime code its constructor returns).
 */
final class HtlcArtifact {
    private static final String RESOURCE = "io/xrelay/contracts/evm/XRelayHtlc.bin";
    /** Shorter code could appear in the creation code by chance. */
    private static final int MIN_RUNTIME_BYTES = 64;

    private static final Optional<String> CREATION_HEX = load();

    private HtlcArtifact() {}

    /** Whether the artifact is on the class path. */
    static boolean available() {
        return CREATION_HEX.isPresent();
    }

    /** Whether {@code code}, read from an address, is XRelayHtlc's runtime code (false if the artifact is absent). */
    static boolean isRuntimeCode(Bytes code) {
        if (CREATION_HEX.isEmpty() || code.length() < MIN_RUNTIME_BYTES) {
            return false;
        }
        String hex = code.toHex().toLowerCase(Locale.ROOT);
        return CREATION_HEX.get().contains(hex.startsWith("0x") ? hex.substring(2) : hex);
    }

    private static Optional<String> load() {
        ClassLoader loader = HtlcArtifact.class.getClassLoader();
        try (InputStream in = loader == null ? null : loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .strip()
                    .toLowerCase(Locale.ROOT);
            hex = hex.startsWith("0x") ? hex.substring(2) : hex;
            return hex.isEmpty() ? Optional.empty() : Optional.of(hex);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
