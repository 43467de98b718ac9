/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

/**
 * The adapter TCK on anvil with ETH as the test asset (and a TestToken as the token of the token test): gas and the
 * locked amount both come out of the sender's ETH balance.
 */
class EthereumAdapterContractIT extends EthereumContractTestBase {
    @Override
    boolean locksToken() {
        return false;
    }
}
