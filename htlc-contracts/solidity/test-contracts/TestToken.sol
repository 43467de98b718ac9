// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The xrelay Authors
pragma solidity ^0.8.24;

/// @title A plain ERC-20 token for tests
/// @notice 18 decimals; anyone may mint. Subcontracts change how a transfer moves the balance.
contract TestToken {
    /// @notice The token's name.
    string public name;
    /// @notice The token's symbol.
    string public symbol;
    /// @notice The token's decimals.
    uint8 public constant decimals = 18;
    /// @notice All tokens in existence.
    uint256 public totalSupply;
    /// @notice The balance of each holder.
    mapping(address holder => uint256) public balanceOf;
    /// @notice What each spender may move for each owner.
    mapping(address owner => mapping(address spender => uint256)) public allowance;

    /// @notice Tokens moved (from zero when minted, to zero when burnt).
    /// @param from The sender.
    /// @param to The recipient.
    /// @param value The amount.
    event Transfer(address indexed from, address indexed to, uint256 value);
    /// @notice An allowance was set.
    /// @param owner The owner.
    /// @param spender The spender.
    /// @param value The allowance.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice The balance is too low.
    /// @param holder The holder.
    /// @param balance The holder's balance.
    /// @param needed The amount asked for.
    error InsufficientBalance(address holder, uint256 balance, uint256 needed);
    /// @notice The allowance is too low.
    /// @param owner The owner.
    /// @param spender The spender.
    /// @param allowed The spender's allowance.
    /// @param needed The amount asked for.
    error InsufficientAllowance(address owner, address spender, uint256 allowed, uint256 needed);

    /// @param name_ The token's name.
    /// @param symbol_ The token's symbol.
    constructor(string memory name_, string memory symbol_) {
        name = name_;
        symbol = symbol_;
    }

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
    /// @return Always true.
    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    /// @notice Moves `amount` from the caller to `to`.
    /// @param to The recipient.
    /// @param amount The amount.
    /// @return Always true (it reverts on failure).
    function transfer(address to, uint256 amount) external returns (bool) {
        beforeTransfer(msg.sender, to, amount);
        move(msg.sender, to, amount);
        return true;
    }

    /// @notice Moves `amount` from `from` to `to` using the caller's allowance.
    /// @param from The owner.
    /// @param to The recipient.
    /// @param amount The amount.
    /// @return Always true (it reverts on failure).
    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed < amount) revert InsufficientAllowance(from, msg.sender, allowed, amount);
        allowance[from][msg.sender] = allowed - amount;
        beforeTransfer(from, to, amount);
        move(from, to, amount);
        return true;
    }

    /// @dev A hook run before every transfer; does nothing here.
    function beforeTransfer(address from, address to, uint256 amount) internal virtual {}

    /// @dev Moves `amount` from `from` to `to`.
    function move(address from, address to, uint256 amount) internal virtual {
        uint256 balance = balanceOf[from];
        if (balance < amount) revert InsufficientBalance(from, balance, amount);
        balanceOf[from] = balance - amount;
        balanceOf[to] += amount;
        emit Transfer(from, to, amount);
    }
}
