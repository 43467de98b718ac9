/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockTerms;
import io.xrelay.relay.chain.ChainFacts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Facts of a test chain: lock ids are sha256 of the terms' text (deterministic, like the real HTLCs), an account is
 * refused when it starts with {@code bad}.
 */
record TestChain(ChainId chain, Account operator, Duration finality, Duration clockTolerance) implements ChainFacts {
    static TestChain of(String id, String operator, Duration finality, Duration clockTolerance) {
        return new TestChain(ChainId.of(id), Account.of(operator), finality, clockTolerance);
    }

    @Override
    public HtlcId lockId(LockTerms t) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(t.toString().getBytes(StandardCharsets.UTF_8));
            return HtlcId.of("0x" + HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<String> accountProblem(Account a) {
        return a.value().startsWith("bad") ? Optional.of("not an account of " + chain) : Optional.empty();
    }
}
