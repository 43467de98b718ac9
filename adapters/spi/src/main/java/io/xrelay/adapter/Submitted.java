/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/** A transaction the node accepted; not yet included, let alone final: see {@link ChainAdapter#awaitFinality}. */
public record Submitted(TxRef tx) {}
