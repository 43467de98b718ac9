/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/** The Hyperledger Fabric adapter: HTLC chaincode calls through the Fabric Gateway, and blocks verified from a trusted config block. */
@NullMarked
package io.xrelay.adapter.fabric;

import org.jspecify.annotations.NullMarked;
