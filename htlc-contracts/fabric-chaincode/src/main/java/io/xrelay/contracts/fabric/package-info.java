/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/** The HTLC chaincode: a fungible token ledger and hash-time-locked transfers with the same rules as the Solidity contract. */
@NullMarked
package io.xrelay.contracts.fabric;

import org.jspecify.annotations.NullMarked;
