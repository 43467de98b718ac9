/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HtlcId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * A transfer, named by the source lock that started it: the same source lock always maps to the same transfer. Its
 * string form is {@code <source>/<htlcId>}, its persistence id {@code Transfer|<source>/<htlcId>}.
 */
public record TransferId(ChainId source, HtlcId sourceLock) {
    /** The entity type in persistence ids. */
    public static final String ENTITY_TYPE = "Transfer";

    /**
     * Parses the string form {@code <source>/<htlcId>}.
     *
     * @throws IllegalArgumentException naming the input if it has no {@code /} or either part is invalid
     */
    public static TransferId parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("transfer id must be <source chain>/<htlc id>, got \"" + text + '"');
        }
        return new TransferId(ChainId.of(text.substring(0, slash)), HtlcId.of(text.substring(slash + 1)));
    }

    /** {@code <source>/<htlcId>}. */
    public String asString() {
        return source.value() + "/" + sourceLock.value();
    }

    /** {@code Transfer|<source>/<htlcId>}. */
    public PersistenceId persistenceId() {
        return PersistenceId.of(ENTITY_TYPE, asString());
    }

    /**
     * A valid, unique actor name for this transfer's entity: {@code transfer-<source>-<htlcId>}, the id URL-encoded
     * where it has characters an actor name cannot hold.
     */
    public String actorName() {
        return "transfer-" + source.value() + "-" + URLEncoder.encode(sourceLock.value(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return asString();
    }
}
