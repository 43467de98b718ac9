/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.api;

/** A request field that is missing or malformed: the message is {@code <field path>: <problem>}. */
final class InvalidRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    InvalidRequestException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The request's field path, such as {@code ethereum.htlc_contract}. */
    String field() {
        return field;
    }
}
