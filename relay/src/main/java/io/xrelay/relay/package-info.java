/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The relay daemon: actors that follow chains, drive HTLC transfers between them and persist every step. The
 * sub-packages are by feature; this package holds what they share, such as the {@link io.xrelay.relay.CborSerializable}
 * marker of persisted and remote messages.
 */
@NullMarked
package io.xrelay.relay;

import org.jspecify.annotations.NullMarked;
