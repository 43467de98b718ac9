/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The Ethereum adapter (web3j). It follows a chain from a trusted checkpoint, recomputes every header's hash for its
 * fork and checks the chain rules between parent and child, accepts an HTLC event only with a receipts-trie proof
 * against a verified header, and locks, claims and refunds through the HTLC contract. Only the provider and the
 * vendor-free diagnostics are public; web3j types never leave this package.
 */
@NullMarked
package io.xrelay.adapter.ethereum;

import org.jspecify.annotations.NullMarked;
