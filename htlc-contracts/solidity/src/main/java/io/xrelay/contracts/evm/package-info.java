/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The xrelay HTLC contract for EVM chains: the web3j wrapper {@code XRelayHtlc} generated from the contract compiled
 * at build time, the compiled contract itself as class-path resources, {@link io.xrelay.contracts.evm.HtlcErrors}
 * to name the contract's custom errors from revert data, and {@link io.xrelay.contracts.evm.HtlcDeployment} to
 * deploy the contract (and a plain test token) on a devnet. Only the Ethereum adapter uses the web3j wrapper; the
 * helpers take and return strings and numbers so that other modules need no web3j.
 */
@NullMarked
package io.xrelay.contracts.evm;

import org.jspecify.annotations.NullMarked;
