/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * HTLC transfers: the event-sourced {@link io.xrelay.relay.transfer.TransferEntity} that drives one transfer from a
 * verified source lock to its end, the pure {@link io.xrelay.relay.transfer.TransferPolicy} that checks a lock's terms
 * and derives the destination lock's timing, and the {@link io.xrelay.relay.transfer.TransferIndex} of open transfers
 * that is read at boot.
 */
@NullMarked
package io.xrelay.relay.transfer;

import org.jspecify.annotations.NullMarked;
