/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import java.util.List;

/** The outcome of a transaction once its chain will not change its mind. */
public sealed interface Finality {
    TxRef tx();

    /** Included in a final, verified block and executed successfully, with the HTLC events it emitted. */
    record Committed(TxRef tx, BlockRef block, List<VerifiedHtlcEvent> events) implements Finality {
        public Committed {
            events = List.copyOf(events);
        }
    }

    /** Included in a final block but failed (reverted; invalid on Fabric), with the chain's reason where known. */
    record Failed(TxRef tx, BlockRef block, String reason) implements Finality {}

    /** The chain never included the transaction and no longer will (dropped, replaced, expired). */
    record Dropped(TxRef tx, String reason) implements Finality {}
}
