/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

/**
 * A header (or its JSON) that cannot be a valid Ethereum header: a missing field, a value that is not hex, a hash of
 * the wrong length, a quantity with leading zeros, a later fork's field without an earlier one. The message starts
 * with the field's JSON name: {@code "parentHash: 31 bytes, expected 32"}.
 */
final class MalformedHeaderException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    MalformedHeaderException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    MalformedHeaderException(String field, String problem, Throwable cause) {
        super(field + ": " + problem, cause);
        this.field = field;
    }

    /** The JSON name of the offending field ({@code "header"} when the whole input is at fault). */
    String field() {
        return field;
    }
}
