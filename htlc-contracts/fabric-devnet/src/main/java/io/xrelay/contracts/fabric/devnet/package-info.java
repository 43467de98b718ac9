/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/** A Fabric development network of native processes (orderer and peers of two orgs, TLS) with the HTLC chaincode deployed as a service. */
@NullMarked
package io.xrelay.contracts.fabric.devnet;

import org.jspecify.annotations.NullMarked;
