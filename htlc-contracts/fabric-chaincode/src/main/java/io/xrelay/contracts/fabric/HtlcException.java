/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * A refusal: the transaction fails with the message {@code <Code>: <text>}, which the peer returns to the client as
 * the chaincode's error message.
 */
public final class HtlcException extends ChaincodeException {
    private static final long serialVersionUID = 1L;

    /** Longest rendering of a caller's value in a message; longer values are cut. */
    private static final int MAX_QUOTED = 100;

    private final ErrorCode code;

    HtlcException(ErrorCode code, String text) {
        super(code.name() + ": " + text);
        this.code = code;
    }

    /** Why the call was refused. */
    public ErrorCode code() {
        return code;
    }

    /** A caller's value for a message: in double quotes, cut after {@value #MAX_QUOTED} characters. */
    static String quote(String value) {
        String shown = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) + "..." : value;
        return '"' + shown + '"';
    }
}
