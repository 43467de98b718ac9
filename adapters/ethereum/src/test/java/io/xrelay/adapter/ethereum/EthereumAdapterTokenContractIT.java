/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

/**
 * The adapter TCK on anvil with an ERC-20 TestToken as the test asset (and a second TestToken as the token of the
 * token test): every lock goes through the token's allowance, and balances of the locked asset are exact.
 */
class EthereumAdapterTokenContractIT extends EthereumContractTestBase {
    @Override
    boolean locksToken() {
        return true;
    }
}
