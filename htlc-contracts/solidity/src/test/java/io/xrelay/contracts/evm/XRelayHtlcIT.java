/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm;

import static io.xrelay.contracts.evm.TestChain.ETH;
import static io.xrelay.contracts.evm.TestChain.ETHER;
import static io.xrelay.contracts.evm.TestChain.fee;
import static io.xrelay.contracts.evm.TestChain.randomBytes32;
import static io.xrelay.contracts.evm.TestChain.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.contracts.evm.testing.FeeToken;
import io.xrelay.contracts.evm.testing.NoReturnToken;
import io.xrelay.contracts.evm.testing.ReentrantReceiver;
import io.xrelay.contracts.evm.testing.ReentrantToken;
import io.xrelay.contracts.evm.testing.TestToken;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * XRelayHtlc on a real anvil: every path and every revert, with balances, events and stored state checked. The
 * contract is deployed once; each test runs on a snapshot that is reverted afterwards.
 */
class XRelayHtlcIT {
    private static final int DEPLOYER = 0;
    private static final int SENDER = 1;
    private static final int RECEIVER = 2;
    private static final int RELAYER = 3;

    private static final BigInteger LOCKED = BigInteger.ONE;
    private static final BigInteger CLAIMED = BigInteger.TWO;
    private static final BigInteger REFUNDED = BigInteger.valueOf(3);
    private static final BigInteger ATTACK_CLAIM = BigInteger.ONE;
    private static final BigInteger ATTACK_REFUND = BigInteger.TWO;

    private static TestChain chain;
    private static String htlcAddress;
    private static String tokenAddress;
    private static String feeTokenAddress;
    private static String noReturnTokenAddress;
    private static String reentrantTokenAddress;

    private String snapshot = "";

    @BeforeAll
    static void deploy() throws Exception {
        chain = TestChain.start();
        htlcAddress = HtlcDeployment.deployHtlc(
                chain.anvil.rpcUrl(),
                chain.anvil.chainId(),
                chain.account(DEPLOYER).privateKey());
        var deployer = chain.transactions(DEPLOYER);
        tokenAddress = TestToken.deploy(chain.web3j, deployer, chain.gas, "Test", "TST")
                .send()
                .getContractAddress();
        feeTokenAddress = FeeToken.deploy(chain.web3j, deployer, chain.gas, "Fee", "FEE")
                .send()
                .getContractAddress();
        noReturnTokenAddress =
                NoReturnToken.deploy(chain.web3j, deployer, chain.gas).send().getContractAddress();
        reentrantTokenAddress = ReentrantToken.deploy(chain.web3j, deployer, chain.gas, "Reentrant", "RE")
                .send()
                .getContractAddress();
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    @BeforeEach
    void takeSnapshot() {
        snapshot = chain.anvil.snapshot();
    }

    @AfterEach
    void revertSnapshot() {
        assertThat(chain.anvil.revert(snapshot)).isTrue();
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** The terms of one lock; {@code hashlock} is hex, {@code token} is {@link TestChain#ETH} for ether. */
    private record Terms(
            String receiver,
            String hashlock,
            long timelock,
            String token,
            BigInteger amount,
            String destinationChain,
            String destinationRecipient,
            BigInteger minDestinationAmount) {

        byte[] hashlockBytes() {
            return Numeric.hexStringToByteArray(hashlock);
        }

        Terms withReceiver(String value) {
            return new Terms(
                    value,
                    hashlock,
                    timelock,
                    token,
                    amount,
                    destinationChain,
                    destinationRecipient,
                    minDestinationAmount);
        }

        Terms withTimelock(long value) {
            return new Terms(
                    receiver,
                    hashlock,
                    value,
                    token,
                    amount,
                    destinationChain,
                    destinationRecipient,
                    minDestinationAmount);
        }

        Terms withToken(String value) {
            return new Terms(
                    receiver,
                    hashlock,
                    timelock,
                    value,
                    amount,
                    destinationChain,
                    destinationRecipient,
                    minDestinationAmount);
        }

        Terms withAmount(BigInteger value) {
            return new Terms(
                    receiver,
                    hashlock,
                    timelock,
                    token,
                    value,
                    destinationChain,
                    destinationRecipient,
                    minDestinationAmount);
        }
    }

    private static XRelayHtlc htlc(int account) {
        return XRelayHtlc.load(htlcAddress, chain.web3j, chain.transactions(account), chain.gas);
    }

    private static TestToken token(String address, int account) {
        return TestToken.load(address, chain.web3j, chain.transactions(account), chain.gas);
    }

    private static Terms ethTerms(byte[] preimage) {
        return new Terms(
                chain.address(RECEIVER),
                hex(sha256(preimage)),
                chain.anvil.latestBlockTimestamp() + 3600,
                ETH,
                ETHER,
                "fabric-trade",
                "x509::CN=bob,O=Org2",
                BigInteger.valueOf(990));
    }

    private static Terms tokenTerms(byte[] preimage, String token, BigInteger amount) {
        return ethTerms(preimage).withToken(token).withAmount(amount);
    }

    private static RemoteFunctionCall<TransactionReceipt> lockCall(int sender, Terms t, BigInteger value) {
        return htlc(sender)
                .lock(
                        t.receiver(),
                        t.hashlockBytes(),
                        BigInteger.valueOf(t.timelock()),
                        t.token(),
                        t.amount(),
                        t.destinationChain(),
                        t.destinationRecipient(),
                        t.minDestinationAmount(),
                        value);
    }

    /** Locks with the right value for the asset and returns the id from the Locked event. */
    private static byte[] lock(int sender, Terms t) throws Exception {
        TransactionReceipt receipt = lockCall(sender, t, t.token().equals(ETH) ? t.amount() : BigInteger.ZERO)
                .send();
        assertThat(receipt.isStatusOK()).isTrue();
        List<XRelayHtlc.LockedEventResponse> events = XRelayHtlc.getLockedEvents(receipt);
        assertThat(events).hasSize(1);
        return events.get(0).id;
    }

    private static byte[] lockIdOf(int sender, Terms t) throws Exception {
        return htlc(RELAYER)
                .lockId(
                        chain.address(sender),
                        t.receiver(),
                        t.hashlockBytes(),
                        BigInteger.valueOf(t.timelock()),
                        t.token(),
                        t.amount(),
                        t.destinationChain(),
                        t.destinationRecipient(),
                        t.minDestinationAmount())
                .send();
    }

    private static XRelayHtlc.LockRecord record(byte[] id) throws Exception {
        return htlc(RELAYER).getLock(id).send();
    }

    private static void mintAndApprove(String token, int owner, BigInteger amount) throws Exception {
        token(token, owner).mint(chain.address(owner), amount).send();
        token(token, owner).approve(htlcAddress, amount).send();
    }

    private static BigInteger tokenBalance(String token, String holder) throws Exception {
        return token(token, RELAYER).balanceOf(holder).send();
    }

    private static String hex(byte[] bytes) {
        return Numeric.toHexString(bytes);
    }

    // ---- lock --------------------------------------------------------------------------------------------------

    @Nested
    class Lock {
        @Test
        void locks_ether_emitting_every_term_and_storing_them() throws Exception {
            byte[] preimage = randomBytes32();
            Terms t = ethTerms(preimage);
            BigInteger senderBefore = chain.ethBalance(chain.address(SENDER));

            TransactionReceipt receipt = lockCall(SENDER, t, t.amount()).send();

            assertThat(receipt.isStatusOK()).isTrue();
            List<XRelayHtlc.LockedEventResponse> events = XRelayHtlc.getLockedEvents(receipt);
            assertThat(events).hasSize(1);
            XRelayHtlc.LockedEventResponse event = events.get(0);
            assertThat(hex(event.id)).isEqualTo(hex(lockIdOf(SENDER, t)));
            assertThat(event.sender).isEqualTo(chain.address(SENDER));
            assertThat(event.receiver).isEqualTo(t.receiver());
            assertThat(hex(event.hashlock)).isEqualTo(t.hashlock());
            assertThat(event.timelock).isEqualTo(BigInteger.valueOf(t.timelock()));
            assertThat(event.token).isEqualTo(ETH);
            assertThat(event.amount).isEqualTo(ETHER);
            assertThat(event.destinationChain).isEqualTo("fabric-trade");
            assertThat(event.destinationRecipient).isEqualTo("x509::CN=bob,O=Org2");
            assertThat(event.minDestinationAmount).isEqualTo(BigInteger.valueOf(990));
            assertThat(receipt.getLogs().get(0).getAddress()).isEqualTo(htlcAddress);

            XRelayHtlc.LockRecord stored = record(event.id);
            assertThat(stored.sender).isEqualTo(chain.address(SENDER));
            assertThat(stored.receiver).isEqualTo(t.receiver());
            assertThat(stored.token).isEqualTo(ETH);
            assertThat(stored.timelock).isEqualTo(BigInteger.valueOf(t.timelock()));
            assertThat(stored.status).isEqualTo(LOCKED);
            assertThat(hex(stored.hashlock)).isEqualTo(t.hashlock());
            assertThat(stored.amount).isEqualTo(ETHER);
            assertThat(stored.minDestinationAmount).isEqualTo(BigInteger.valueOf(990));
            assertThat(hex(stored.preimage)).isEqualTo(hex(new byte[32]));
            assertThat(stored.destinationChain).isEqualTo("fabric-trade");
            assertThat(stored.destinationRecipient).isEqualTo("x509::CN=bob,O=Org2");

            assertThat(chain.ethBalance(htlcAddress)).isEqualTo(ETHER);
            assertThat(chain.ethBalance(chain.address(SENDER)))
                    .isEqualTo(senderBefore.subtract(ETHER).subtract(fee(receipt)));
        }

        @Test
        void locks_tokens_pulled_with_transfer_from() throws Exception {
            BigInteger minted = BigInteger.valueOf(1_000).multiply(ETHER);
            BigInteger amount = BigInteger.valueOf(250).multiply(ETHER);
            mintAndApprove(tokenAddress, SENDER, minted);
            byte[] preimage = randomBytes32();
            Terms t = tokenTerms(preimage, tokenAddress, amount);

            TransactionReceipt receipt = lockCall(SENDER, t, BigInteger.ZERO).send();

            XRelayHtlc.LockedEventResponse event =
                    XRelayHtlc.getLockedEvents(receipt).get(0);
            assertThat(hex(event.id)).isEqualTo(hex(lockIdOf(SENDER, t)));
            assertThat(event.sender).isEqualTo(chain.address(SENDER));
            assertThat(event.receiver).isEqualTo(chain.address(RECEIVER));
            assertThat(hex(event.hashlock)).isEqualTo(t.hashlock());
            assertThat(event.timelock).isEqualTo(BigInteger.valueOf(t.timelock()));
            assertThat(event.token).isEqualTo(tokenAddress);
            assertThat(event.amount).isEqualTo(amount);
            assertThat(event.destinationChain).isEqualTo(t.destinationChain());
            assertThat(event.destinationRecipient).isEqualTo(t.destinationRecipient());
            assertThat(event.minDestinationAmount).isEqualTo(t.minDestinationAmount());
            XRelayHtlc.LockRecord stored = record(event.id);
            assertThat(stored.token).isEqualTo(tokenAddress);
            assertThat(stored.amount).isEqualTo(amount);
            assertThat(stored.status).isEqualTo(LOCKED);

            assertThat(tokenBalance(tokenAddress, htlcAddress)).isEqualTo(amount);
            assertThat(tokenBalance(tokenAddress, chain.address(SENDER))).isEqualTo(minted.subtract(amount));
            assertThat(token(tokenAddress, RELAYER)
                            .allowance(chain.address(SENDER), htlcAddress)
                            .send())
                    .isEqualTo(minted.subtract(amount));
            assertThat(chain.ethBalance(htlcAddress)).isZero();
        }

        @Test
        void lock_id_is_the_keccak_of_the_abi_encoded_terms() throws Exception {
            Terms t = ethTerms(randomBytes32());
            String encoded = TypeEncoder.encode(new Address(chain.address(SENDER)))
                    + TypeEncoder.encode(new Address(t.receiver()))
                    + TypeEncoder.encode(new Bytes32(t.hashlockBytes()))
                    + TypeEncoder.encode(new Uint64(t.timelock()))
                    + TypeEncoder.encode(new Address(t.token()))
                    + TypeEncoder.encode(new Uint256(t.amount()))
                    + Numeric.cleanHexPrefix(Hash.sha3String(t.destinationChain()))
                    + Numeric.cleanHexPrefix(Hash.sha3String(t.destinationRecipient()))
                    + TypeEncoder.encode(new Uint256(t.minDestinationAmount()));

            assertThat(hex(lockIdOf(SENDER, t))).isEqualTo(Hash.sha3("0x" + encoded));
            assertThat(hex(lock(SENDER, t))).isEqualTo(Hash.sha3("0x" + encoded));
        }

        @Test
        void refuses_the_same_lock_twice_with_LockExists() throws Exception {
            Terms t = ethTerms(randomBytes32());
            lock(SENDER, t);

            assertThat(chain.revertOf(lockCall(SENDER, t, t.amount()))).isEqualTo("LockExists");
            assertThat(chain.ethBalance(htlcAddress)).isEqualTo(t.amount());
        }

        @Test
        void accepts_the_same_terms_from_another_sender_as_another_lock() throws Exception {
            Terms t = ethTerms(randomBytes32());
            byte[] first = lock(SENDER, t);
            byte[] second = lock(RELAYER, t);

            assertThat(hex(second)).isNotEqualTo(hex(first));
            assertThat(chain.ethBalance(htlcAddress)).isEqualTo(t.amount().shiftLeft(1));
        }

        @Test
        void refuses_a_zero_amount_with_InvalidAmount() throws Exception {
            Terms t = ethTerms(randomBytes32()).withAmount(BigInteger.ZERO);
            assertThat(chain.revertOf(lockCall(SENDER, t, BigInteger.ZERO))).isEqualTo("InvalidAmount");

            mintAndApprove(tokenAddress, SENDER, ETHER);
            Terms tokenLock = t.withToken(tokenAddress);
            assertThat(chain.revertOf(lockCall(SENDER, tokenLock, BigInteger.ZERO)))
                    .isEqualTo("InvalidAmount");
        }

        @Test
        void refuses_ether_that_differs_from_the_amount_with_InvalidAmount() throws Exception {
            Terms t = ethTerms(randomBytes32());
            assertThat(chain.revertOf(lockCall(SENDER, t, t.amount().subtract(BigInteger.ONE))))
                    .isEqualTo("InvalidAmount");
            assertThat(chain.revertOf(lockCall(SENDER, t, t.amount().add(BigInteger.ONE))))
                    .isEqualTo("InvalidAmount");
            assertThat(chain.ethBalance(htlcAddress)).isZero();
        }

        @Test
        void refuses_ether_sent_with_a_token_lock_with_InvalidAmount() throws Exception {
            mintAndApprove(tokenAddress, SENDER, ETHER);
            Terms t = tokenTerms(randomBytes32(), tokenAddress, ETHER);

            assertThat(chain.revertOf(lockCall(SENDER, t, BigInteger.ONE))).isEqualTo("InvalidAmount");
            assertThat(chain.ethBalance(htlcAddress)).isZero();
            assertThat(tokenBalance(tokenAddress, htlcAddress)).isZero();
        }

        @Test
        void refuses_the_zero_receiver_with_InvalidReceiver() throws Exception {
            Terms t = ethTerms(randomBytes32()).withReceiver(ETH);
            assertThat(chain.revertOf(lockCall(SENDER, t, t.amount()))).isEqualTo("InvalidReceiver");
        }

        @Test
        void refuses_a_timelock_that_is_not_after_the_block_with_TimelockInPast() throws Exception {
            long next = chain.anvil.latestBlockTimestamp() + 100;
            Terms t = ethTerms(randomBytes32()).withTimelock(next);

            chain.anvil.setNextBlockTimestamp(next);
            assertThat(chain.revertOf(lockCall(SENDER, t, t.amount()))).isEqualTo("TimelockInPast");

            Terms past = t.withTimelock(next - 50);
            assertThat(chain.revertOf(lockCall(SENDER, past, past.amount()))).isEqualTo("TimelockInPast");

            Terms oneSecondAhead = t.withTimelock(next + 10);
            chain.anvil.setNextBlockTimestamp(next + 9);
            assertThat(lock(SENDER, oneSecondAhead)).hasSize(32);
        }

        @Test
        void refuses_a_token_lock_without_allowance_with_InsufficientFunds() throws Exception {
            BigInteger amount = BigInteger.valueOf(100);
            token(tokenAddress, SENDER).mint(chain.address(SENDER), amount).send();
            token(tokenAddress, SENDER)
                    .approve(htlcAddress, amount.subtract(BigInteger.ONE))
                    .send();
            Terms t = tokenTerms(randomBytes32(), tokenAddress, amount);

            assertThat(chain.revertOf(lockCall(SENDER, t, BigInteger.ZERO))).isEqualTo("InsufficientFunds");
            assertThat(tokenBalance(tokenAddress, chain.address(SENDER))).isEqualTo(amount);
        }

        @Test
        void refuses_a_token_lock_without_balance_with_InsufficientFunds() throws Exception {
            BigInteger amount = BigInteger.valueOf(100);
            token(tokenAddress, SENDER)
                    .mint(chain.address(SENDER), amount.subtract(BigInteger.ONE))
                    .send();
            token(tokenAddress, SENDER).approve(htlcAddress, amount).send();
            Terms t = tokenTerms(randomBytes32(), tokenAddress, amount);

            assertThat(chain.revertOf(lockCall(SENDER, t, BigInteger.ZERO))).isEqualTo("InsufficientFunds");
        }

        @Test
        void refuses_a_fee_on_transfer_token_with_TransferFailed() throws Exception {
            BigInteger amount = BigInteger.valueOf(10_000);
            mintAndApprove(feeTokenAddress, SENDER, amount);
            Terms t = tokenTerms(randomBytes32(), feeTokenAddress, amount);

            assertThat(chain.revertOf(lockCall(SENDER, t, BigInteger.ZERO))).isEqualTo("TransferFailed");
            assertThat(tokenBalance(feeTokenAddress, htlcAddress)).isZero();
            assertThat(tokenBalance(feeTokenAddress, chain.address(SENDER))).isEqualTo(amount);
        }

        @Test
        void refuses_a_token_address_without_code_with_TransferFailed() throws Exception {
            Terms t = tokenTerms(randomBytes32(), chain.address(RELAYER), BigInteger.TEN);
            assertThat(chain.revertOf(lockCall(SENDER, t, BigInteger.ZERO))).isEqualTo("TransferFailed");
        }

        @Test
        void locks_and_pays_out_a_token_whose_transfers_return_nothing() throws Exception {
            BigInteger amount = BigInteger.valueOf(5_000);
            var noReturn = NoReturnToken.load(noReturnTokenAddress, chain.web3j, chain.transactions(SENDER), chain.gas);
            noReturn.mint(chain.address(SENDER), amount).send();
            noReturn.approve(htlcAddress, amount).send();
            byte[] preimage = randomBytes32();
            Terms t = tokenTerms(preimage, noReturnTokenAddress, amount);

            byte[] id = lock(SENDER, t);
            assertThat(noReturn.balanceOf(htlcAddress).send()).isEqualTo(amount);
            htlc(RELAYER).claim(id, preimage).send();

            assertThat(noReturn.balanceOf(htlcAddress).send()).isZero();
            assertThat(noReturn.balanceOf(chain.address(RECEIVER)).send()).isEqualTo(amount);
            assertThat(record(id).status).isEqualTo(CLAIMED);
        }

        @Test
        void refunds_a_token_whose_transfers_return_nothing() throws Exception {
            BigInteger amount = BigInteger.valueOf(5_000);
            var noReturn = NoReturnToken.load(noReturnTokenAddress, chain.web3j, chain.transactions(SENDER), chain.gas);
            noReturn.mint(chain.address(SENDER), amount).send();
            noReturn.approve(htlcAddress, amount).send();
            Terms t = tokenTerms(randomBytes32(), noReturnTokenAddress, amount);
            byte[] id = lock(SENDER, t);

            chain.anvil.setNextBlockTimestamp(t.timelock());
            htlc(RELAYER).refund(id).send();

            assertThat(noReturn.balanceOf(chain.address(SENDER)).send()).isEqualTo(amount);
            assertThat(record(id).status).isEqualTo(REFUNDED);
        }
    }

    // ---- claim -------------------------------------------------------------------------------------------------

    @Nested
    class Claim {
        @Test
        void a_third_party_claim_pays_the_stored_receiver_and_publishes_the_preimage() throws Exception {
            byte[] preimage = randomBytes32();
            Terms t = ethTerms(preimage);
            byte[] id = lock(SENDER, t);
            BigInteger receiverBefore = chain.ethBalance(chain.address(RECEIVER));
            BigInteger relayerBefore = chain.ethBalance(chain.address(RELAYER));

            TransactionReceipt receipt = htlc(RELAYER).claim(id, preimage).send();

            List<XRelayHtlc.ClaimedEventResponse> events = XRelayHtlc.getClaimedEvents(receipt);
            assertThat(events).hasSize(1);
            XRelayHtlc.ClaimedEventResponse event = events.get(0);
            assertThat(hex(event.id)).isEqualTo(hex(id));
            assertThat(event.receiver).isEqualTo(chain.address(RECEIVER));
            assertThat(hex(event.hashlock)).isEqualTo(t.hashlock());
            assertThat(hex(event.preimage)).isEqualTo(hex(preimage));
            assertThat(event.token).isEqualTo(ETH);
            assertThat(event.amount).isEqualTo(t.amount());

            XRelayHtlc.LockRecord stored = record(id);
            assertThat(stored.status).isEqualTo(CLAIMED);
            assertThat(hex(stored.preimage)).isEqualTo(hex(preimage));
            assertThat(chain.ethBalance(chain.address(RECEIVER))).isEqualTo(receiverBefore.add(t.amount()));
            assertThat(chain.ethBalance(chain.address(RELAYER))).isEqualTo(relayerBefore.subtract(fee(receipt)));
            assertThat(chain.ethBalance(htlcAddress)).isZero();
        }

        @Test
        void a_claim_of_a_token_lock_pays_the_receiver_in_tokens() throws Exception {
            BigInteger amount = BigInteger.valueOf(777);
            mintAndApprove(tokenAddress, SENDER, amount);
            byte[] preimage = randomBytes32();
            byte[] id = lock(SENDER, tokenTerms(preimage, tokenAddress, amount));

            TransactionReceipt receipt = htlc(RELAYER).claim(id, preimage).send();

            XRelayHtlc.ClaimedEventResponse event =
                    XRelayHtlc.getClaimedEvents(receipt).get(0);
            assertThat(event.token).isEqualTo(tokenAddress);
            assertThat(event.amount).isEqualTo(amount);
            assertThat(tokenBalance(tokenAddress, chain.address(RECEIVER))).isEqualTo(amount);
            assertThat(tokenBalance(tokenAddress, htlcAddress)).isZero();
            assertThat(tokenBalance(tokenAddress, chain.address(RELAYER))).isZero();
        }

        @Test
        void a_claim_one_second_before_the_timelock_succeeds() throws Exception {
            byte[] preimage = randomBytes32();
            Terms t = ethTerms(preimage);
            byte[] id = lock(SENDER, t);

            chain.anvil.setNextBlockTimestamp(t.timelock() - 1);
            TransactionReceipt receipt = htlc(RELAYER).claim(id, preimage).send();

            assertThat(receipt.isStatusOK()).isTrue();
            assertThat(record(id).status).isEqualTo(CLAIMED);
        }

        @Test
        void a_claim_exactly_at_the_timelock_reverts_with_Expired() throws Exception {
            byte[] preimage = randomBytes32();
            Terms t = ethTerms(preimage);
            byte[] id = lock(SENDER, t);

            chain.anvil.setNextBlockTimestamp(t.timelock());
            assertThat(chain.revertOf(htlc(RELAYER).claim(id, preimage))).isEqualTo("Expired");

            XRelayHtlc.LockRecord stored = record(id);
            assertThat(stored.status).isEqualTo(LOCKED);
            assertThat(hex(stored.preimage)).isEqualTo(hex(new byte[32]));
            assertThat(chain.ethBalance(htlcAddress)).isEqualTo(t.amount());
        }

        @Test
        void a_claim_with_the_wrong_preimage_reverts_with_WrongPreimage() throws Exception {
            byte[] preimage = randomBytes32();
            byte[] id = lock(SENDER, ethTerms(preimage));

            assertThat(chain.revertOf(htlc(RELAYER).claim(id, randomBytes32()))).isEqualTo("WrongPreimage");
            // the hashlock itself is no preimage either
            assertThat(chain.revertOf(htlc(RELAYER).claim(id, sha256(preimage))))
                    .isEqualTo("WrongPreimage");
            assertThat(record(id).status).isEqualTo(LOCKED);
        }

        @Test
        void a_second_claim_reverts_with_NotLocked() throws Exception {
            byte[] preimage = randomBytes32();
            Terms t = ethTerms(preimage);
            byte[] id = lock(SENDER, t);
            htlc(RELAYER).claim(id, preimage).send();
            BigInteger receiverAfterClaim = chain.ethBalance(chain.address(RECEIVER));

            assertThat(chain.revertOf(htlc(RELAYER).claim(id, preimage))).isEqualTo("NotLocked");
            assertThat(chain.ethBalance(chain.address(RECEIVER))).isEqualTo(receiverAfterClaim);
        }

        @Test
        void a_refund_after_a_claim_reverts_with_NotLocked() throws Exception {
            byte[] preimage = randomBytes32();
            Terms t = ethTerms(preimage);
            byte[] id = lock(SENDER, t);
            htlc(RELAYER).claim(id, preimage).send();

            chain.anvil.setNextBlockTimestamp(t.timelock());
            assertThat(chain.revertOf(htlc(RELAYER).refund(id))).isEqualTo("NotLocked");
            assertThat(record(id).status).isEqualTo(CLAIMED);
        }

        @Test
        void a_claim_of_an_unknown_id_reverts_with_LockNotFound() throws Exception {
            assertThat(chain.revertOf(htlc(RELAYER).claim(randomBytes32(), randomBytes32())))
                    .isEqualTo("LockNotFound");
        }
    }

    // ---- refund ------------------------------------------------------------------------------------------------

    @Nested
    class Refund {
        @Test
        void a_refund_one_second_before_the_timelock_reverts_with_NotExpired() throws Exception {
            Terms t = ethTerms(randomBytes32());
            byte[] id = lock(SENDER, t);

            chain.anvil.setNextBlockTimestamp(t.timelock() - 1);
            assertThat(chain.revertOf(htlc(SENDER).refund(id))).isEqualTo("NotExpired");
            assertThat(record(id).status).isEqualTo(LOCKED);
        }

        @Test
        void a_third_party_refund_at_the_timelock_pays_the_stored_sender() throws Exception {
            Terms t = ethTerms(randomBytes32());
            byte[] id = lock(SENDER, t);
            BigInteger senderBefore = chain.ethBalance(chain.address(SENDER));
            BigInteger relayerBefore = chain.ethBalance(chain.address(RELAYER));

            chain.anvil.setNextBlockTimestamp(t.timelock());
            TransactionReceipt receipt = htlc(RELAYER).refund(id).send();

            List<XRelayHtlc.RefundedEventResponse> events = XRelayHtlc.getRefundedEvents(receipt);
            assertThat(events).hasSize(1);
            assertThat(hex(events.get(0).id)).isEqualTo(hex(id));
            assertThat(events.get(0).sender).isEqualTo(chain.address(SENDER));
            assertThat(events.get(0).token).isEqualTo(ETH);
            assertThat(events.get(0).amount).isEqualTo(t.amount());
            assertThat(record(id).status).isEqualTo(REFUNDED);
            assertThat(hex(record(id).preimage)).isEqualTo(hex(new byte[32]));
            assertThat(chain.ethBalance(chain.address(SENDER))).isEqualTo(senderBefore.add(t.amount()));
            assertThat(chain.ethBalance(chain.address(RELAYER))).isEqualTo(relayerBefore.subtract(fee(receipt)));
            assertThat(chain.ethBalance(htlcAddress)).isZero();
        }

        @Test
        void a_refund_of_a_token_lock_pays_the_sender_in_tokens() throws Exception {
            BigInteger amount = BigInteger.valueOf(4_242);
            mintAndApprove(tokenAddress, SENDER, amount);
            Terms t = tokenTerms(randomBytes32(), tokenAddress, amount);
            byte[] id = lock(SENDER, t);

            chain.anvil.setNextBlockTimestamp(t.timelock() + 5);
            TransactionReceipt receipt = htlc(RELAYER).refund(id).send();

            assertThat(XRelayHtlc.getRefundedEvents(receipt).get(0).token).isEqualTo(tokenAddress);
            assertThat(tokenBalance(tokenAddress, chain.address(SENDER))).isEqualTo(amount);
            assertThat(tokenBalance(tokenAddress, htlcAddress)).isZero();
        }

        @Test
        void a_second_refund_reverts_with_NotLocked() throws Exception {
            Terms t = ethTerms(randomBytes32());
            byte[] id = lock(SENDER, t);
            chain.anvil.setNextBlockTimestamp(t.timelock());
            htlc(RELAYER).refund(id).send();
            BigInteger senderAfterRefund = chain.ethBalance(chain.address(SENDER));

            assertThat(chain.revertOf(htlc(RELAYER).refund(id))).isEqualTo("NotLocked");
            assertThat(chain.ethBalance(chain.address(SENDER))).isEqualTo(senderAfterRefund);
        }

        @Test
        void a_claim_after_a_refund_reverts_with_NotLocked() throws Exception {
            byte[] preimage = randomBytes32();
            Terms t = ethTerms(preimage);
            byte[] id = lock(SENDER, t);
            chain.anvil.setNextBlockTimestamp(t.timelock());
            htlc(RELAYER).refund(id).send();

            // NotLocked is checked before the clock: a refunded lock is not claimable, whatever the time
            assertThat(chain.revertOf(htlc(RELAYER).claim(id, preimage))).isEqualTo("NotLocked");
            assertThat(record(id).status).isEqualTo(REFUNDED);
        }

        @Test
        void a_refund_of_an_unknown_id_reverts_with_LockNotFound() throws Exception {
            assertThat(chain.revertOf(htlc(RELAYER).refund(randomBytes32()))).isEqualTo("LockNotFound");
        }

        @Test
        void an_unknown_id_reads_as_a_record_of_zeros_with_status_none() throws Exception {
            XRelayHtlc.LockRecord stored = record(randomBytes32());
            assertThat(stored.status).isZero();
            assertThat(stored.sender).isEqualTo(ETH);
            assertThat(stored.amount).isZero();
            assertThat(stored.destinationChain).isEmpty();
        }
    }

    // ---- reentrancy --------------------------------------------------------------------------------------------

    @Nested
    class Reentrancy {
        private ReentrantToken reentrantToken(int account) {
            return ReentrantToken.load(reentrantTokenAddress, chain.web3j, chain.transactions(account), chain.gas);
        }

        @Test
        void a_token_reentering_claim_during_lock_is_refused_and_the_target_stays_locked() throws Exception {
            BigInteger amount = BigInteger.valueOf(1_000);
            mintAndApprove(reentrantTokenAddress, SENDER, amount.shiftLeft(1));
            byte[] targetPreimage = randomBytes32();
            Terms target = tokenTerms(targetPreimage, reentrantTokenAddress, amount);
            byte[] targetId = lock(SENDER, target);
            // the nested claim would be valid on its own: only the guard stops it
            reentrantToken(RELAYER)
                    .arm(htlcAddress, ATTACK_CLAIM, targetId, targetPreimage)
                    .send();

            byte[] secondId = lock(SENDER, tokenTerms(randomBytes32(), reentrantTokenAddress, amount));

            ReentrantToken observer = reentrantToken(RELAYER);
            assertThat(observer.reentryAttempted().send()).isTrue();
            assertThat(observer.reentrySucceeded().send()).isFalse();
            assertThat(HtlcErrors.errorName(hex(observer.reentryRevertData().send())))
                    .contains("Reentrancy");
            assertThat(record(targetId).status).isEqualTo(LOCKED);
            assertThat(record(secondId).status).isEqualTo(LOCKED);
            assertThat(tokenBalance(reentrantTokenAddress, htlcAddress)).isEqualTo(amount.shiftLeft(1));
            assertThat(tokenBalance(reentrantTokenAddress, chain.address(RECEIVER)))
                    .isZero();

            htlc(RELAYER).claim(targetId, targetPreimage).send();
            assertThat(tokenBalance(reentrantTokenAddress, chain.address(RECEIVER)))
                    .isEqualTo(amount);
        }

        @Test
        void a_token_reentering_claim_during_the_claim_payout_pays_once() throws Exception {
            BigInteger amount = BigInteger.valueOf(1_000);
            mintAndApprove(reentrantTokenAddress, SENDER, amount.shiftLeft(1));
            byte[] preimage = randomBytes32();
            Terms t = tokenTerms(preimage, reentrantTokenAddress, amount);
            byte[] id = lock(SENDER, t);
            // a second lock with the same hashlock, which the nested claim would validly take without the guard
            byte[] other = lock(SENDER, t.withTimelock(t.timelock() + 1));
            reentrantToken(RELAYER)
                    .arm(htlcAddress, ATTACK_CLAIM, other, preimage)
                    .send();

            htlc(RELAYER).claim(id, preimage).send();

            ReentrantToken observer = reentrantToken(RELAYER);
            assertThat(observer.reentryAttempted().send()).isTrue();
            assertThat(observer.reentrySucceeded().send()).isFalse();
            assertThat(HtlcErrors.errorName(hex(observer.reentryRevertData().send())))
                    .contains("Reentrancy");
            assertThat(record(id).status).isEqualTo(CLAIMED);
            assertThat(record(other).status).isEqualTo(LOCKED);
            assertThat(tokenBalance(reentrantTokenAddress, chain.address(RECEIVER)))
                    .isEqualTo(amount);
            assertThat(tokenBalance(reentrantTokenAddress, htlcAddress)).isEqualTo(amount);
        }

        @Test
        void a_token_reentering_refund_during_the_refund_payout_pays_once() throws Exception {
            BigInteger amount = BigInteger.valueOf(1_000);
            mintAndApprove(reentrantTokenAddress, SENDER, amount.shiftLeft(1));
            Terms t = tokenTerms(randomBytes32(), reentrantTokenAddress, amount);
            byte[] id = lock(SENDER, t);
            // a second, also expired lock, which the nested refund would validly take without the guard
            byte[] other = lock(SENDER, t.withTimelock(t.timelock() + 1));
            reentrantToken(RELAYER)
                    .arm(htlcAddress, ATTACK_REFUND, other, new byte[32])
                    .send();

            chain.anvil.setNextBlockTimestamp(t.timelock() + 10);
            htlc(RELAYER).refund(id).send();

            ReentrantToken observer = reentrantToken(RELAYER);
            assertThat(observer.reentryAttempted().send()).isTrue();
            assertThat(observer.reentrySucceeded().send()).isFalse();
            assertThat(HtlcErrors.errorName(hex(observer.reentryRevertData().send())))
                    .contains("Reentrancy");
            assertThat(record(id).status).isEqualTo(REFUNDED);
            assertThat(record(other).status).isEqualTo(LOCKED);
            assertThat(tokenBalance(reentrantTokenAddress, chain.address(SENDER)))
                    .isEqualTo(amount);
            assertThat(tokenBalance(reentrantTokenAddress, htlcAddress)).isEqualTo(amount);
        }

        @Test
        void a_receiver_reentering_claim_when_paid_is_refused_and_paid_once() throws Exception {
            ReentrantReceiver receiver = ReentrantReceiver.deploy(
                            chain.web3j, chain.transactions(RELAYER), chain.gas, htlcAddress)
                    .send();
            byte[] preimage = randomBytes32();
            Terms t = ethTerms(preimage).withReceiver(receiver.getContractAddress());
            byte[] id = lock(SENDER, t);
            // a second lock to the same receiver that the nested claim would validly take
            byte[] other = lock(SENDER, t.withTimelock(t.timelock() + 1));
            receiver.arm(ATTACK_CLAIM, other, preimage).send();

            htlc(RELAYER).claim(id, preimage).send();

            assertThat(receiver.reentryAttempted().send()).isTrue();
            assertThat(receiver.reentrySucceeded().send()).isFalse();
            assertThat(HtlcErrors.errorName(hex(receiver.reentryRevertData().send())))
                    .contains("Reentrancy");
            assertThat(record(id).status).isEqualTo(CLAIMED);
            assertThat(record(other).status).isEqualTo(LOCKED);
            assertThat(chain.ethBalance(receiver.getContractAddress())).isEqualTo(t.amount());
            assertThat(chain.ethBalance(htlcAddress)).isEqualTo(t.amount());
        }

        @Test
        void a_sender_reentering_refund_when_refunded_is_refused_and_paid_once() throws Exception {
            ReentrantReceiver sender = ReentrantReceiver.deploy(
                            chain.web3j, chain.transactions(RELAYER), chain.gas, htlcAddress)
                    .send();
            byte[] hashlock = sha256(randomBytes32());
            long timelock = chain.anvil.latestBlockTimestamp() + 3600;
            TransactionReceipt locked = sender.lockEth(
                            chain.address(RECEIVER), hashlock, BigInteger.valueOf(timelock), ETHER)
                    .send();
            byte[] id = XRelayHtlc.getLockedEvents(locked).get(0).id;
            TransactionReceipt lockedAgain = sender.lockEth(
                            chain.address(RECEIVER), hashlock, BigInteger.valueOf(timelock + 1), ETHER)
                    .send();
            byte[] other = XRelayHtlc.getLockedEvents(lockedAgain).get(0).id;
            assertThat(record(id).sender).isEqualTo(sender.getContractAddress());
            // the nested refund of the other, also expired lock would be valid without the guard
            sender.arm(ATTACK_REFUND, other, new byte[32]).send();

            chain.anvil.setNextBlockTimestamp(timelock + 10);
            htlc(RELAYER).refund(id).send();

            assertThat(sender.reentryAttempted().send()).isTrue();
            assertThat(sender.reentrySucceeded().send()).isFalse();
            assertThat(HtlcErrors.errorName(hex(sender.reentryRevertData().send())))
                    .contains("Reentrancy");
            assertThat(record(id).status).isEqualTo(REFUNDED);
            assertThat(record(other).status).isEqualTo(LOCKED);
            assertThat(chain.ethBalance(sender.getContractAddress())).isEqualTo(ETHER);
            assertThat(chain.ethBalance(htlcAddress)).isEqualTo(ETHER);
        }
    }
}
