/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import java.time.Instant;
import java.util.Optional;

/** One endorsed chaincode transaction of a verified block, after its signatures and policy were checked. */
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
        Optional<ChaincodeEventData> event) {}
