/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.chain;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.BlockRef;
import io.xrelay.adapter.ChainId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A registered chain as chain admins see it.
 *
 * @param chain the chain's id
 * @param type its adapter type
 * @param state where it stands
 * @param verifiedHead the newest final block whose events the relay handled (empty before the first pull)
 * @param nodeHead the newest block height its node reports (-1 if unknown)
 * @param operator the operator's account on it (empty if its adapter cannot be made)
 * @param finality its effective finality
 * @param openTransfers transfers from or to it that are not final
 * @param problem the current problem (empty unless {@link State#DEGRADED})
 * @param registeredAt when it was registered
 * @param registration the admin's registration (base64 of its protobuf bytes), empty for a chain of the file
 * @param source {@code api} or {@code file}
 */
public record ChainView(
        ChainId chain,
        String type,
        State state,
        Optional<BlockRef> verifiedHead,
        long nodeHead,
        Optional<Account> operator,
        Duration finality,
        int openTransfers,
        String problem,
        Instant registeredAt,
        Optional<String> registration,
        String source) {
    /** Where a chain stands. */
    public enum State {
        /** The adapter is being opened, or open transfers recover. */
        STARTING,
        /** New final events are read and verified. */
        FOLLOWING,
        /** Followed, but no new transfer starts from or to it. */
        PAUSED,
        /** It cannot be reached or its data did not verify. */
        DEGRADED
    }

    /** {@code nodeHead - verifiedHead.number}, or 0 when either is unknown or the node is behind. */
    public long headLag() {
        return verifiedHead.map(v -> Math.max(0, nodeHead - v.number())).orElse(0L);
    }
}
