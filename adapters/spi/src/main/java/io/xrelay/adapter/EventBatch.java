/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import java.util.List;

/**
 * One pull of {@link ChainAdapter#events(Checkpoint, int)}.
 *
 * @param finalEvents verified events of final blocks after the requested checkpoint, in chain order; the relay acts
 *     on these only
 * @param pending verified events of blocks above the final one; they may still be reorged out
 * @param retracted pending events reported by an earlier pull whose blocks left the canonical chain: never act on
 *     them
 * @param checkpoint where the next pull resumes: the last final block this batch covers
 * @param head the chain's verified head when the batch was made
 */
public record EventBatch(
        List<VerifiedHtlcEvent> finalEvents,
        List<VerifiedHtlcEvent> pending,
        List<EventOrigin> retracted,
        Checkpoint checkpoint,
        ChainHead head) {
    public EventBatch {
        finalEvents = List.copyOf(finalEvents);
        pending = List.copyOf(pending);
        retracted = List.copyOf(retracted);
    }
}
