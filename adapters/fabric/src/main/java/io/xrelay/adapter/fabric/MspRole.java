/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import java.util.Locale;

/** The roles of an MSP principal ({@code common.MSPRole.MSPRoleType}), in the order of their proto numbers. */
enum MspRole {
    MEMBER,
    ADMIN,
    CLIENT,
    PEER,
    ORDERER;

    /** The role's name in the policy language ({@code member}, {@code admin}, ...). */
    String dslName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "a peer", "an admin", ... */
    String withArticle() {
        return (this == ADMIN || this == ORDERER ? "an " : "a ") + dslName();
    }

    static MspRole ofProtoNumber(int number) {
        MspRole[] all = values();
        if (number < 0 || number >= all.length) {
            throw new IllegalArgumentException("unknown MSP role " + number);
        }
        return all[number];
    }
}
