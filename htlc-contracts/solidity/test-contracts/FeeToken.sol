// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The xrelay Authors
pragma solidity ^0.8.24;

import {TestToken} from "./TestToken.sol";

/// @title An ERC-20 token that takes a 1% fee on every transfer
/// @notice The recipient gets 99% of the amount; the fee is burnt. Contracts that trust the amount they asked
/// for instead of measuring what arrived are cheated by such tokens.
contract FeeToken is TestToken {
    /// @param name_ The token's name.
    /// @param symbol_ The token's symbol.
    constructor(string memory name_, string memory symbol_) TestToken(name_, symbol_) {}

    /// @dev Moves `amount` from `from`, delivers 99% to `to` and burns the rest.
    function move(address from, address to, uint256 amount) internal override {
        uint256 fee = amount / 100;
        super.move(from, to, amount - fee);
        if (fee > 0) {
            balanceOf[from] -= fee;
            totalSupply -= fee;
            emit Transfer(from, address(0), fee);
        }
    }
}
