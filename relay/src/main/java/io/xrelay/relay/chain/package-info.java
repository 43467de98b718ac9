/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * One actor per chain: it owns the chain's adapter, is the chain's only signer, follows its verified final events and
 * routes them to the transfers that watch them. {@link io.xrelay.relay.chain.ChainFacts} publishes the facts of a
 * chain that other actors read without a message round trip.
 */
@NullMarked
package io.xrelay.relay.chain;

import org.jspecify.annotations.NullMarked;
