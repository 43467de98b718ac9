/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import org.hyperledger.fabric.protos.common.Block;

/** A block whose header chain, data hash and orderer signatures were verified. */
// byte[] components as the shared design fixes them; the arrays are copied in and out
@SuppressWarnings("ArrayRecordComponent")
record VerifiedBlock(long number, byte[] headerHash, Block block, boolean configBlock) {
    /**
     * Verifies transaction {@code index}: the envelope's creator signature and identity, and that its endorsements
     * satisfy {@code policy} (each endorser valid in its MSP, signature over proposal_response_payload || endorser);
     * the chaincode must be {@code chaincode}.
     *
     * @throws io.xrelay.adapter.VerificationFailedException naming the block, the transaction and what is wrong
     */
    EndorsedAction endorsedAction(int index, String chaincode, SignaturePolicy policy) {
        return NotYet.value();
    }

    int transactionCount() {
        return block.getData().getDataCount();
    }

    /** The validation code the serving peer wrote (TRANSACTIONS_FILTER): NOT covered by any signature. */
    int validationCode(int index) {
        return NotYet.value();
    }
}
