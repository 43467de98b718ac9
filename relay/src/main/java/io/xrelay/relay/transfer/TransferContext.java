/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import io.xrelay.adapter.ChainId;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.chain.ChainFacts;
import io.xrelay.relay.config.PairConfig;
import io.xrelay.relay.config.TimingConfig;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a {@link TransferEntity} needs from the relay around it; built once by the guardian and shared by every
 * entity.
 *
 * @param chainActors the actor of a chain, if the chain is running
 * @param chainFacts the published facts of a chain, if its adapter is open
 * @param pairs the configured pairs
 * @param timing the timing rules
 * @param clock the relay's clock (deadlines are computed against it)
 * @param index the index of open transfers
 * @param recovered told the transfer's id once an entity has recovered, registered its watches and started any
 *     reconciliation (the guardian adapts it to its own protocol with {@code messageAdapter})
 * @param directory the directory of every transfer, told each state change (empty: none is kept)
 */
public record TransferContext(
        Function<ChainId, Optional<ActorRef<ChainActor.Command>>> chainActors,
        Function<ChainId, Optional<ChainFacts>> chainFacts,
        List<PairConfig> pairs,
        TimingConfig timing,
        Clock clock,
        ActorRef<TransferIndex.Command> index,
        ActorRef<TransferId> recovered,
        Optional<ActorRef<TransferDirectory.Command>> directory) {
    public TransferContext {
        pairs = List.copyOf(pairs);
    }

    /** A context without a {@link TransferDirectory}. */
    public TransferContext(
            Function<ChainId, Optional<ActorRef<ChainActor.Command>>> chainActors,
            Function<ChainId, Optional<ChainFacts>> chainFacts,
            List<PairConfig> pairs,
            TimingConfig timing,
            Clock clock,
            ActorRef<TransferIndex.Command> index,
            ActorRef<TransferId> recovered) {
        this(chainActors, chainFacts, pairs, timing, clock, index, recovered, Optional.empty());
    }

    /** The policy of these pairs and timing rules. */
    public TransferPolicy policy() {
        return new TransferPolicy(pairs, timing);
    }
}
