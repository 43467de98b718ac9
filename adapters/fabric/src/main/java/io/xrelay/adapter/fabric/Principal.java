/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;

/** Who may sign for a {@code SignedBy} of a signature policy: a role in an MSP, or one exact identity. */
sealed interface Principal {
    /** The MSP whose rules decide this principal. */
    String mspId();

    /** A role ({@code 'Org1MSP.peer'}). */
    record Role(String mspId, MspRole role) implements Principal {
        @Override
        public String toString() {
            return "'" + mspId + "." + role.dslName() + "'";
        }
    }

    /** Exactly this certificate (compared by its signed content), valid in its MSP. */
    record Exact(String mspId, ByteString tbs, String subject) implements Principal {
        @Override
        public String toString() {
            return "identity " + mspId + " " + subject;
        }
    }

    /**
     * Reads a principal of a {@code SignaturePolicyEnvelope}.
     *
     * @throws IllegalArgumentException for a malformed or unsupported principal
     */
    static Principal of(MSPPrincipal p) {
        try {
            return switch (p.getPrincipalClassification()) {
                case ROLE -> {
                    MSPRole r = MSPRole.parseFrom(p.getPrincipal());
                    yield new Role(r.getMspIdentifier(), MspRole.ofProtoNumber(r.getRoleValue()));
                }
                case IDENTITY -> {
                    Identity id = Identity.parse(p.getPrincipal());
                    yield new Exact(
                            id.mspId(),
                            id.tbs(),
                            id.cert().getSubjectX500Principal().getName());
                }
                default ->
                    throw new IllegalArgumentException(
                            "principal classification " + p.getPrincipalClassification() + " is not supported");
            };
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("principal is not an MSPRole", e);
        }
    }
}
