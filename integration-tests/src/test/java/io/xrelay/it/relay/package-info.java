/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * End-to-end tests of the relay daemon on real devnets: anvil with the HTLC contract and a test token, a Fabric
 * network with the HTLC chaincode, the relay run as its own process by {@code xrelay run --config FILE}, and users
 * who lock, watch and claim through the chain adapters signing with their own keys.
 */
@NullMarked
package io.xrelay.it.relay;

import org.jspecify.annotations.NullMarked;
