/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * A local Ethereum devnet for tests and demos: {@link io.xrelay.contracts.evm.devnet.Anvil} starts the native anvil
 * binary installed from npm by {@code scripts/npm-tools.sh} on 127.0.0.1 at a free port, controls its chain (mining,
 * time, snapshots, reorgs) over JSON-RPC and stops it with every process it started, also when the JVM exits.
 */
@NullMarked
package io.xrelay.contracts.evm.devnet;

import org.jspecify.annotations.NullMarked;
