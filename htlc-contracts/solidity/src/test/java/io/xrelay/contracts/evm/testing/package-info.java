/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Web3j wrappers, generated at build time, of the Solidity test contracts in {@code test-contracts/}: a plain
 * ERC-20 token, a token that takes a fee on transfer, a token whose transfers return nothing, and a token and a
 * contract receiver that call back into the HTLC to prove that reentrancy is refused.
 */
@NullMarked
package io.xrelay.contracts.evm.testing;

import org.jspecify.annotations.NullMarked;
