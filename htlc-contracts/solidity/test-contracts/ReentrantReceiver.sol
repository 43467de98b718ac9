// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The xrelay Authors
pragma solidity ^0.8.24;

import {XRelayHtlc} from "../contracts/XRelayHtlc.sol";

/// @title A contract that receives ETH from the HTLC and calls back into it
/// @notice It can lock ETH on the HTLC (so that a refund pays it) and be a lock's receiver (so that a claim pays
/// it). Once armed, the next ETH it receives makes it call `claim` or `refund` of a chosen lock and record whether
/// that nested call succeeded; it accepts the ETH either way.
contract ReentrantReceiver {
    /// @notice What the armed receiver calls on the HTLC.
    enum Attack {
        /// @dev Nothing.
        None,
        /// @dev `claim(id, preimage)`.
        Claim,
        /// @dev `refund(id)`.
        Refund
    }

    /// @notice The HTLC to call back into.
    XRelayHtlc public immutable htlc;
    /// @notice The nested call the next payment triggers.
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

    /// @param htlc_ The HTLC.
    constructor(XRelayHtlc htlc_) {
        htlc = htlc_;
    }

    /// @notice Locks the ETH sent on the HTLC with this contract as the sender.
    /// @param receiver Who gets the funds on claim.
    /// @param hashlock The SHA-256 hash of the preimage.
    /// @param timelock Unix time (seconds) from which the lock can be refunded.
    /// @return The lock id.
    function lockEth(address receiver, bytes32 hashlock, uint64 timelock) external payable returns (bytes32) {
        return htlc.lock{value: msg.value}(receiver, hashlock, timelock, address(0), msg.value, "test", "test", 0);
    }

    /// @notice Makes the next ETH received call `claim(id, preimage)` or `refund(id)` on the HTLC.
    /// @param attack_ The nested call.
    /// @param id The lock the nested call names.
    /// @param preimage The preimage a nested claim uses.
    function arm(Attack attack_, bytes32 id, bytes32 preimage) external {
        attack = attack_;
        targetId = id;
        targetPreimage = preimage;
        reentryAttempted = false;
        reentrySucceeded = false;
        delete reentryRevertData;
    }

    /// @notice Accepts ETH, first making the armed nested call once.
    receive() external payable {
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
