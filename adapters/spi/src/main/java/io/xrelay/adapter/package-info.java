/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The chain adapter SPI: what the relay needs from a chain, at the level of HTLC verbs. An adapter follows one
 * chain from a trust anchor, verifies every header or block it relies on, and reports HTLC events only with
 * their proofs; it locks, claims and refunds through the chain's HTLC contract or chaincode. Vendor types
 * (web3j, Fabric protos) never appear here: the relay sees these records only. Adapters are discovered with
 * {@link java.util.ServiceLoader} through {@link io.xrelay.adapter.ChainAdapterProvider}, by type.
 */
@NullMarked
package io.xrelay.adapter;

import org.jspecify.annotations.NullMarked;
