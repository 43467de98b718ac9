// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The xrelay Authors
pragma solidity ^0.8.24;

import {XRelayHtlc} from "../contracts/XRelayHtlc.sol";
import {TestToken} from "./TestToken.sol";

/// @title An ERC-20 token whose transfers call back into the HTLC
/// @notice Once armed, the next transfer or transferFrom first calls `claim` or `refund` of a chosen lock on the
/// HTLC and records whether that nested call succeeded, then moves the tokens as usual. The attempt is made once
/// per arming.
contract ReentrantToken is TestToken {
    /// @notice What the armed token calls on the HTLC.
    enum Attack {
        /// @dev Nothing.
        None,
        /// @dev `claim(id, preimage)`.
        Claim,
        /// @dev `refund(id)`.
        Refund
    }

    /// @notice The HTLC to call back into.
    XRelayHtlc public htlc;
    /// @notice The nested call the next transfer makes.
    Attack public attack;
    /// @notice The lock the nested call names.
    bytes32 public targetId;
    /// @notice The preimage a nested claim uses.
    bytes32 public targetPreimage;
    /// @notice Whether a nested call was made since the last arming.
    bool public reentryAttempted;
    /// @notice Whether the last nested call succeeded.
    bool public reentrySucceeded;
    /// @notice The revert data of the last nested call (empty if it succeeded).
    bytes public reentryRevertData;

    /// @param name_ The token's name.
    /// @param symbol_ The token's symbol.
    constructor(string memory name_, string memory symbol_) TestToken(name_, symbol_) {}

    /// @notice Makes the next transfer call `claim(id, preimage)` or `refund(id)` on `htlc_` first.
    /// @param htlc_ The HTLC.
    /// @param attack_ The nested call.
    /// @param id The lock the nested call names.
    /// @param preimage The preimage a nested claim uses.
    function arm(XRelayHtlc htlc_, Attack attack_, bytes32 id, bytes32 preimage) external {
        htlc = htlc_;
        attack = attack_;
        targetId = id;
        targetPreimage = preimage;
        reentryAttempted = false;
        reentrySucceeded = false;
        delete reentryRevertData;
    }

    /// @dev Makes the armed nested call once, recording its outcome.
    function beforeTransfer(address, address, uint256) internal override {
        Attack current = attack;
        if (current == Attack.None) return;
        attack = Attack.None;
        bytes memory data = current == Attack.Claim
            ? abi.encodeCall(XRelayHtlc.claim, (targetId, targetPreimage))
            : abi.encodeCall(XRelayHtlc.refund, (targetId));
        (bool ok, bytes memory returned) = address(htlc).call(data);
        reentryAttempted = true;
        reentrySucceeded = ok;
        reentryRevertData = ok ? bytes("") : returned;
    }
}
