// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 The xrelay Authors
pragma solidity ^0.8.24;

/// @title xrelay hash-time-locked contract for native ETH and ERC-20 tokens
/// @author The xrelay Authors
/// @notice Locks an amount for a receiver under a SHA-256 hashlock and a timelock. Before the timelock anyone may
/// claim with the preimage, which pays the stored receiver; from the timelock on anyone may refund, which pays the
/// stored sender. The lock also records where the matching transfer goes (destination chain, recipient and
/// minimum amount), so the whole intent is on chain.
/// @dev Every lock id is derived from its terms (see `lockId`), so sending the same lock twice is refused with
/// `LockExists`: a client that resends after a crash cannot lock twice. State changes happen before any external
/// call (checks-effects-interactions) and a reentrancy guard refuses nested calls into `lock`, `claim` and `refund`.
contract XRelayHtlc {
    /// @notice Where a lock is in its life.
    enum Status {
        /// @dev No lock with this id exists.
        None,
        /// @dev Funds are held; claim or refund is still possible.
        Locked,
        /// @dev Paid to the receiver with the preimage.
        Claimed,
        /// @dev Paid back to the sender after the timelock.
        Refunded
    }

    /// @notice All terms and the state of one lock, as returned by `getLock`.
    /// @param sender Who locked the funds and gets them back on refund.
    /// @param receiver Who gets the funds on claim.
    /// @param token The ERC-20 token, or the zero address for native ETH.
    /// @param timelock Unix time (seconds) from which the lock can be refunded and no longer claimed.
    /// @param status Where the lock is in its life.
    /// @param hashlock The SHA-256 hash of the 32-byte preimage.
    /// @param amount The locked amount in the token's smallest unit (wei for ETH).
    /// @param minDestinationAmount The least amount the recipient must get on the destination chain.
    /// @param preimage The preimage once claimed, zero before.
    /// @param destinationChain The chain the transfer goes to.
    /// @param destinationRecipient The recipient on the destination chain.
    struct LockRecord {
        address sender;
        address receiver;
        address token;
        uint64 timelock;
        Status status;
        bytes32 hashlock;
        uint256 amount;
        uint256 minDestinationAmount;
        bytes32 preimage;
        string destinationChain;
        string destinationRecipient;
    }

    /// @notice A lock with the same id (the same sender and terms) exists already.
    /// @param id The lock id.
    error LockExists(bytes32 id);
    /// @notice No lock has this id.
    /// @param id The lock id.
    error LockNotFound(bytes32 id);
    /// @notice The lock was claimed or refunded already.
    /// @param id The lock id.
    error NotLocked(bytes32 id);
    /// @notice A claim at or after the timelock.
    /// @param id The lock id.
    error Expired(bytes32 id);
    /// @notice A refund before the timelock.
    /// @param id The lock id.
    error NotExpired(bytes32 id);
    /// @notice The preimage's SHA-256 hash is not the lock's hashlock.
    /// @param id The lock id.
    error WrongPreimage(bytes32 id);
    /// @notice The amount is zero, or the ETH sent does not match it (for a token lock no ETH may be sent).
    /// @param amount The amount asked for.
    /// @param value The ETH sent with the call.
    error InvalidAmount(uint256 amount, uint256 value);
    /// @notice The receiver is the zero address.
    error InvalidReceiver();
    /// @notice The timelock is not after the current block's timestamp.
    /// @param timelock The timelock asked for.
    /// @param blockTimestamp The current block's timestamp.
    error TimelockInPast(uint64 timelock, uint256 blockTimestamp);
    /// @notice The token's transferFrom failed: the sender lacks the balance or the allowance.
    /// @param token The token.
    /// @param amount The amount asked for.
    error InsufficientFunds(address token, uint256 amount);
    /// @notice A payout failed, the token is not a contract or answered badly, or the contract received another
    /// amount than asked for (a token that takes a fee on transfer).
    /// @param token The token, or the zero address for ETH.
    error TransferFailed(address token);
    /// @notice A nested call into `lock`, `claim` or `refund` while one of them runs.
    error Reentrancy();

    /// @notice Funds were locked.
    /// @param id The lock id (see `lockId`).
    /// @param sender Who locked the funds.
    /// @param receiver Who gets the funds on claim.
    /// @param hashlock The SHA-256 hash of the preimage.
    /// @param timelock Unix time (seconds) from which the lock can be refunded.
    /// @param token The ERC-20 token, or the zero address for native ETH.
    /// @param amount The locked amount.
    /// @param destinationChain The chain the transfer goes to.
    /// @param destinationRecipient The recipient on the destination chain.
    /// @param minDestinationAmount The least amount the recipient must get on the destination chain.
    event Locked(
        bytes32 indexed id,
        address indexed sender,
        address indexed receiver,
        bytes32 hashlock,
        uint64 timelock,
        address token,
        uint256 amount,
        string destinationChain,
        string destinationRecipient,
        uint256 minDestinationAmount
    );

    /// @notice A lock was claimed: the preimage is public from now on.
    /// @param id The lock id.
    /// @param receiver Who was paid.
    /// @param hashlock The lock's hashlock.
    /// @param preimage The preimage whose SHA-256 hash is the hashlock.
    /// @param token The ERC-20 token, or the zero address for native ETH.
    /// @param amount The amount paid.
    event Claimed(
        bytes32 indexed id, address indexed receiver, bytes32 hashlock, bytes32 preimage, address token, uint256 amount
    );

    /// @notice A lock was refunded to its sender.
    /// @param id The lock id.
    /// @param sender Who was paid back.
    /// @param token The ERC-20 token, or the zero address for native ETH.
    /// @param amount The amount paid back.
    event Refunded(bytes32 indexed id, address indexed sender, address token, uint256 amount);

    uint256 private constant NOT_ENTERED = 1;
    uint256 private constant ENTERED = 2;

    /// @dev The reentrancy guard's state.
    uint256 private entered = NOT_ENTERED;

    /// @dev Every lock by id.
    mapping(bytes32 id => LockRecord) private locks;

    /// @dev Refuses a nested call into any function carrying this modifier.
    modifier nonReentrant() {
        if (entered == ENTERED) revert Reentrancy();
        entered = ENTERED;
        _;
        entered = NOT_ENTERED;
    }

    /// @notice Locks `amount` of ETH (token zero, sent as value) or of an ERC-20 token (pulled with transferFrom,
    /// which needs an allowance) for `receiver` until `timelock`.
    /// @param receiver Who gets the funds on claim.
    /// @param hashlock The SHA-256 hash of a 32-byte secret preimage.
    /// @param timelock Unix time (seconds), after the current block's timestamp, from which the lock can be
    /// refunded and no longer claimed.
    /// @param token The ERC-20 token, or the zero address for native ETH.
    /// @param amount The amount to lock; for ETH it must equal the value sent, for a token no value may be sent.
    /// @param destinationChain The chain the transfer goes to.
    /// @param destinationRecipient The recipient on the destination chain.
    /// @param minDestinationAmount The least amount the recipient must get on the destination chain.
    /// @return id The lock id, equal to `lockId(msg.sender, ...the same terms...)`.
    function lock(
        address receiver,
        bytes32 hashlock,
        uint64 timelock,
        address token,
        uint256 amount,
        string calldata destinationChain,
        string calldata destinationRecipient,
        uint256 minDestinationAmount
    ) external payable nonReentrant returns (bytes32 id) {
        if (amount == 0 || msg.value != (token == address(0) ? amount : 0)) revert InvalidAmount(amount, msg.value);
        if (receiver == address(0)) revert InvalidReceiver();
        if (timelock <= block.timestamp) revert TimelockInPast(timelock, block.timestamp);
        id = lockId(
            msg.sender,
            receiver,
            hashlock,
            timelock,
            token,
            amount,
            destinationChain,
            destinationRecipient,
            minDestinationAmount
        );
        LockRecord storage record = locks[id];
        if (record.status != Status.None) revert LockExists(id);

        record.sender = msg.sender;
        record.receiver = receiver;
        record.token = token;
        record.timelock = timelock;
        record.status = Status.Locked;
        record.hashlock = hashlock;
        record.amount = amount;
        record.minDestinationAmount = minDestinationAmount;
        record.destinationChain = destinationChain;
        record.destinationRecipient = destinationRecipient;
        emit Locked(
            id,
            msg.sender,
            receiver,
            hashlock,
            timelock,
            token,
            amount,
            destinationChain,
            destinationRecipient,
            minDestinationAmount
        );

        if (token != address(0)) pullToken(token, msg.sender, amount);
    }

    /// @notice Claims a lock with its preimage before the timelock; pays the stored receiver, whoever calls.
    /// @dev A receiver that refuses the payment (a contract without a payable receive) makes the claim revert with
    /// TransferFailed; such a lock can only be refunded.
    /// @param id The lock id.
    /// @param preimage The 32-byte secret whose SHA-256 hash is the lock's hashlock.
    function claim(bytes32 id, bytes32 preimage) external nonReentrant {
        LockRecord storage record = lockedRecord(id);
        if (block.timestamp >= record.timelock) revert Expired(id);
        if (sha256(abi.encodePacked(preimage)) != record.hashlock) revert WrongPreimage(id);

        record.status = Status.Claimed;
        record.preimage = preimage;
        address receiver = record.receiver;
        address token = record.token;
        uint256 amount = record.amount;
        emit Claimed(id, receiver, record.hashlock, preimage, token, amount);

        pay(token, receiver, amount);
    }

    /// @notice Refunds a lock from its timelock on; pays the stored sender, whoever calls.
    /// @param id The lock id.
    function refund(bytes32 id) external nonReentrant {
        LockRecord storage record = lockedRecord(id);
        if (block.timestamp < record.timelock) revert NotExpired(id);

        record.status = Status.Refunded;
        address sender = record.sender;
        address token = record.token;
        uint256 amount = record.amount;
        emit Refunded(id, sender, token, amount);

        pay(token, sender, amount);
    }

    /// @notice All terms and the state of a lock; an unknown id gives a record of zeros with status None.
    /// @param id The lock id.
    /// @return record The lock's terms, status and preimage (zero until claimed).
    function getLock(bytes32 id) external view returns (LockRecord memory record) {
        return locks[id];
    }

    /// @notice The id a lock with these terms gets when `sender` sends it; clients compute it before sending.
    /// @param sender Who sends the lock (msg.sender of `lock`).
    /// @param receiver Who gets the funds on claim.
    /// @param hashlock The SHA-256 hash of the preimage.
    /// @param timelock Unix time (seconds) from which the lock can be refunded.
    /// @param token The ERC-20 token, or the zero address for native ETH.
    /// @param amount The amount to lock.
    /// @param destinationChain The chain the transfer goes to.
    /// @param destinationRecipient The recipient on the destination chain.
    /// @param minDestinationAmount The least amount the recipient must get on the destination chain.
    /// @return The keccak256 hash of the ABI encoding of the terms, the two strings replaced by their keccak256.
    function lockId(
        address sender,
        address receiver,
        bytes32 hashlock,
        uint64 timelock,
        address token,
        uint256 amount,
        string calldata destinationChain,
        string calldata destinationRecipient,
        uint256 minDestinationAmount
    ) public pure returns (bytes32) {
        bytes32 chainHash = keccak256(bytes(destinationChain));
        bytes32 recipientHash = keccak256(bytes(destinationRecipient));
        return keccak256(
            abi.encode(
                sender, receiver, hashlock, timelock, token, amount, chainHash, recipientHash, minDestinationAmount
            )
        );
    }

    /// @dev The record of a lock in status Locked, or a revert naming why not.
    function lockedRecord(bytes32 id) private view returns (LockRecord storage record) {
        record = locks[id];
        Status status = record.status;
        if (status == Status.None) revert LockNotFound(id);
        if (status != Status.Locked) revert NotLocked(id);
    }

    /// @dev Pulls exactly `amount` of `token` from `from`, measuring this contract's balance before and after.
    function pullToken(address token, address from, uint256 amount) private {
        if (token.code.length == 0) revert TransferFailed(token);
        uint256 before = balanceOf(token);
        (bool ok, bytes memory returned) =
            token.call(abi.encodeWithSelector(IERC20Minimal.transferFrom.selector, from, address(this), amount));
        if (!ok || !returnedTrue(returned)) revert InsufficientFunds(token, amount);
        if (balanceOf(token) - before != amount) revert TransferFailed(token);
    }

    /// @dev Pays `amount` of ETH (token zero) or of `token` to `to`; reverts with TransferFailed if that fails.
    function pay(address token, address to, uint256 amount) private {
        if (token == address(0)) {
            (bool sent,) = to.call{value: amount}("");
            if (!sent) revert TransferFailed(token);
        } else {
            (bool ok, bytes memory returned) =
                token.call(abi.encodeWithSelector(IERC20Minimal.transfer.selector, to, amount));
            if (!ok || !returnedTrue(returned)) revert TransferFailed(token);
        }
    }

    /// @dev This contract's balance of `token`; reverts with TransferFailed if the token does not answer.
    function balanceOf(address token) private view returns (uint256) {
        (bool ok, bytes memory returned) =
            token.staticcall(abi.encodeWithSelector(IERC20Minimal.balanceOf.selector, address(this)));
        if (!ok || returned.length < 32) revert TransferFailed(token);
        return abi.decode(returned, (uint256));
    }

    /// @dev Whether a token call's return data means success: nothing (tokens like USDT) or an ABI-encoded true.
    function returnedTrue(bytes memory returned) private pure returns (bool) {
        if (returned.length == 0) return true;
        if (returned.length < 32) return false;
        return abi.decode(returned, (uint256)) == 1;
    }
}

/// @title The ERC-20 functions the HTLC calls
/// @notice Only used for the function selectors; the HTLC calls tokens with low-level calls.
interface IERC20Minimal {
    /// @notice Moves `amount` from the caller to `to`.
    /// @param to The recipient.
    /// @param amount The amount.
    /// @return Whether the transfer succeeded.
    function transfer(address to, uint256 amount) external returns (bool);

    /// @notice Moves `amount` from `from` to `to` using the caller's allowance.
    /// @param from The owner.
    /// @param to The recipient.
    /// @param amount The amount.
    /// @return Whether the transfer succeeded.
    function transferFrom(address from, address to, uint256 amount) external returns (bool);

    /// @notice The balance of `owner`.
    /// @param owner The holder.
    /// @return The balance.
    function balanceOf(address owner) external view returns (uint256);
}
