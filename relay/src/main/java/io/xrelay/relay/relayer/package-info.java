/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * A running relay: {@link io.xrelay.relay.relayer.Relay} starts an actor system from a
 * {@link io.xrelay.relay.config.RelayConfig} with the {@link io.xrelay.relay.relayer.RelayGuardian} at its root, which
 * boots the chain registry, one actor per chain, the open transfers, then following, and spawns a transfer for every
 * new verified source lock.
 */
@NullMarked
package io.xrelay.relay.relayer;

import org.jspecify.annotations.NullMarked;
