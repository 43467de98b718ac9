/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

/** A signature policy: Fabric's DSL (AND, OR, OutOf; 'MSP.member|admin|client|peer|orderer'). */
final class SignaturePolicy {
    private SignaturePolicy() {}

    /**
     * Parses Fabric's policy language, e.g. {@code AND('Org1MSP.peer', OR('Org2MSP.peer', 'Org3MSP.peer'))}.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    static SignaturePolicy parse(String expression) {
        return NotYet.value();
    }
}
