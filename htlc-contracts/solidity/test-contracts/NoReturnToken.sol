// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The xrelay Authors
pragma solidity ^0.8.24;

/// @title An ERC-20 token whose transfer functions return nothing
/// @notice Like USDT on Ethereum mainnet: `transfer`, `transferFrom` and `approve` return no value and revert on
/// failure. 18 decimals; anyone may mint.
contract NoReturnToken {
    /// @notice The token's name.
    string public constant name = "No Return Token";
    /// @notice The token's symbol.
    string public constant symbol = "NRT";
    /// @notice The token's decimals.
    uint8 public constant decimals = 18;
    /// @notice All tokens in existence.
    uint256 public totalSupply;
    /// @notice The balance of each holder.
    mapping(address holder => uint256) public balanceOf;
    /// @notice What each spender may move for each owner.
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    /// @notice Tokens moved (from zero when minted).
    /// @param from The sender.
    /// @param to The recipient.
    /// @param value The amount.
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// @notice An allowance was set.
    /// @param owner The owner.
    /// @param spender The spender.
    /// @param value The allowance.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice Creates `amount` new tokens for `to`.
    /// @param to The recipient.
    /// @param amount The amount.
    function mint(address to, uint256 amount) external {
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    /// @notice Lets `spender` move up to `amount` of the caller's tokens.
    /// @param spender The spender.
    /// @param amount The allowance.
    function approve(address spender, uint256 amount) external {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
    }

    /// @notice Moves `amount` from the caller to `to`; reverts on failure.
    /// @param to The recipient.
    /// @param amount The amount.
    function transfer(address to, uint256 amount) external {
        move(msg.sender, to, amount);
    }

    /// @notice Moves `amount` from `from` to `to` using the caller's allowance; reverts on failure.
    /// @param from The owner.
    /// @param to The recipient.
    /// @param amount The amount.
    function transferFrom(address from, address to, uint256 amount) external {
        allowance[from][msg.sender] -= amount;
        move(from, to, amount);
    }

    /// @dev Moves `amount` from `from` to `to`; reverts (arithmetic underflow) if the balance is too low.
    function move(address from, address to, uint256 amount) private {
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
        emit Transfer(from, to, amount);
    }
}
