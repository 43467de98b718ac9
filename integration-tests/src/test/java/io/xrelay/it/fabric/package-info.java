/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The Hyperledger Fabric devnet for tests: {@link io.xrelay.it.fabric.FabricDevnet} starts and stops the network of
 * {@code integration-tests/devnet/fabric/fabric-devnet.sh} (one orderer, two peers, native processes on 127.0.0.1)
 * and {@link io.xrelay.it.fabric.FabricNetwork} describes the running network from its {@code network.json}.
 */
@NullMarked
package io.xrelay.it.fabric;

import org.jspecify.annotations.NullMarked;
