/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * One endorsed chaincode transaction of a verified block, after its creator, endorsements and policy were checked:
 * its position, tx id, client-chosen timestamp, creator (MSP id and DER certificate), chaincode, the chaincode's
 * response status and message, and the chaincode event it set, if any. Whether the transaction is VALID is not
 * part of this: see {@link VerifiedBlock#validationCode(int)}.
 */
// byte[] components as the shared design fixes them; the arrays are copied in and out
@SuppressWarnings("ArrayRecordComponent")
record EndorsedAction(
        int index,
        String txId,
        Instant timestamp,
        String creatorMspId,
        byte[] creatorCertDer,
        String chaincode,
        int responseStatus,
        String responseMessage,
        Optional<ChaincodeEventData> event) {
    EndorsedAction {
        creatorCertDer = creatorCertDer.clone();
    }

    @Override
    public byte[] creatorCertDer() {
        return creatorCertDer.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EndorsedAction a
                && a.index == index
                && a.txId.equals(txId)
                && a.timestamp.equals(timestamp)
                && a.creatorMspId.equals(creatorMspId)
                && Arrays.equals(a.creatorCertDer, creatorCertDer)
                && a.chaincode.equals(chaincode)
                && a.responseStatus == responseStatus
                && a.responseMessage.equals(responseMessage)
                && a.event.equals(event);
    }

    @Override
    public int hashCode() {
        return txId.hashCode() * 31 + index;
    }

    @Override
    public String toString() {
        return "EndorsedAction[" + index + " " + txId + " " + chaincode + " by " + creatorMspId + " at " + timestamp
                + ", status " + responseStatus
                + event.map(e -> ", event " + e.name()).orElse("") + "]";
    }
}
