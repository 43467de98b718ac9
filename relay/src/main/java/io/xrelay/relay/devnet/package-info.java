/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Development networks for the relay: an anvil node and the Fabric devnet set up as an operator sets them up (HTLC
 * contract and chaincode, the RUSD test token, a funded operator and demo users), either for the end-to-end tests,
 * which own their processes ({@link io.xrelay.relay.devnet.DevnetSetup}), or kept running in a folder by
 * {@code xrelay devnet} ({@link io.xrelay.relay.devnet.LocalDevnet}) with the relay's configuration, an API token and
 * the chains' registration files.
 */
@NullMarked
package io.xrelay.relay.devnet;

import org.jspecify.annotations.NullMarked;
