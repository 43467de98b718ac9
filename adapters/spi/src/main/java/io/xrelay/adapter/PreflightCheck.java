/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import java.util.Objects;

/**
 * One pre-flight check of an adapter's configuration against its chain and its outcome.
 *
 * @param name what was checked: {@code reachable}, {@code chain-id}, {@code htlc-code}, {@code trust-anchor},
 *     {@code signer-key} or {@code signer-funds}
 * @param passed whether it passed
 * @param detail what was found ("eth_chainId is 31337, expected 1"); for a passed check, what was seen
 */
public record PreflightCheck(String name, boolean passed, String detail) {
    /** The names of the checks, in the order adapters run them. */
    public static final String REACHABLE = "reachable";

    public static final String CHAIN_ID = "chain-id";
    public static final String HTLC_CODE = "htlc-code";
    public static final String TRUST_ANCHOR = "trust-anchor";
    public static final String SIGNER_KEY = "signer-key";
    public static final String SIGNER_FUNDS = "signer-funds";

    public PreflightCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a pre-flight check needs a name");
        }
    }

    /** A passed check. */
    public static PreflightCheck pass(String name, String detail) {
        return new PreflightCheck(name, true, detail);
    }

    /** A failed check. */
    public static PreflightCheck fail(String name, String detail) {
        return new PreflightCheck(name, false, detail);
    }

    /** {@code name: detail}. */
    @Override
    public String toString() {
        return name + (passed ? " passed: " : " failed: ") + detail;
    }
}
