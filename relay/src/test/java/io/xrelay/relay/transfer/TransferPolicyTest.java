/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.relay.chain.ChainFacts;
import io.xrelay.relay.config.PairConfig;
import io.xrelay.relay.config.TimingConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransferPolicyTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final TestChain FABRIC =
            TestChain.of("fabric-dev", "operator", Duration.ofSeconds(3), Duration.ofSeconds(60));
    static final TestChain ETH = TestChain.of(
            "eth-dev", "0x00000000000000000000000000000000000000aa", Duration.ofMillis(5500), Duration.ofSeconds(15));
    static final Asset USD = Asset.of("USD");
    static final Asset TOKEN = Asset.of("0x00000000000000000000000000000000000000cc");

    // margin = 3 + 5.5 + 60 + 15 + 60 = 143.5 s
    static final Duration MARGIN = Duration.ofMillis(143_500);

    final PairConfig fabricToEth = new PairConfig(
            new PairConfig.Leg(FABRIC.chain(), USD),
            new PairConfig.Leg(ETH.chain(), TOKEN),
            new BigDecimal("2.5"),
            Amount.of(3),
            Amount.of(10),
            Amount.of(1_000_000));
    final TransferPolicy policy = new TransferPolicy(List.of(fabricToEth), TimingConfig.defaults());

    static LockTerms terms(long amount, Instant timeLock) {
        return terms(amount, timeLock, ETH.chain(), "0x00000000000000000000000000000000000000bb", 0, USD);
    }

    static LockTerms terms(
            long amount, Instant timeLock, ChainId destination, String recipient, long minDest, Asset asset) {
        return new LockTerms(
                Account.of("alice"),
                FABRIC.operator(),
                Preimage.random().hashLock(),
                TimeLock.at(timeLock),
                asset,
                Amount.of(amount),
                destination,
                Account.of(recipient),
                Amount.of(minDest));
    }

    TransferPolicy.Decision evaluate(LockTerms t) {
        return evaluate(t, Optional.of(ETH));
    }

    TransferPolicy.Decision evaluate(LockTerms t, Optional<ChainFacts> destination) {
        return policy.evaluate(FABRIC.chain(), t, FABRIC, destination, NOW);
    }

    static TransferPolicy.Rejected rejected(TransferPolicy.Decision d) {
        assertThat(d).isInstanceOf(TransferPolicy.Rejected.class);
        return (TransferPolicy.Rejected) d;
    }

    static TransferPolicy.Accepted accepted(TransferPolicy.Decision d) {
        assertThat(d).isInstanceOf(TransferPolicy.Accepted.class);
        return (TransferPolicy.Accepted) d;
    }

    @Test
    void accepts_good_terms_and_builds_the_destination_lock_from_them() {
        LockTerms t = terms(100, NOW.plus(Duration.ofHours(2)));
        TransferPolicy.Accepted ok = accepted(evaluate(t));

        assertThat(ok.pair()).isEqualTo(fabricToEth);
        assertThat(ok.margin()).isEqualTo(MARGIN);
        assertThat(ok.targetLock().receiver()).isEqualTo(t.destinationRecipient());
        assertThat(ok.targetLock().hashLock()).isEqualTo(t.hashLock());
        assertThat(ok.targetLock().asset()).isEqualTo(TOKEN);
        assertThat(ok.targetLock().amount()).isEqualTo(Amount.of(247)); // floor(100 * 2.5) - 3
        assertThat(ok.targetLock().destinationChain()).isEqualTo(FABRIC.chain());
        assertThat(ok.targetLock().destinationRecipient()).isEqualTo(t.sender());
        assertThat(ok.targetLock().minDestinationAmount()).isEqualTo(Amount.ZERO);
        assertThat(ok.targetLockId()).isEqualTo(ETH.lockId(TransferPolicy.operatorTerms(ETH, ok.targetLock())));
    }

    @Test
    void the_destination_timelock_is_the_source_timelock_less_the_margin_rounded_down_to_whole_seconds() {
        Instant ts = NOW.plus(Duration.ofHours(2));
        TransferPolicy.Accepted ok = accepted(evaluate(terms(100, ts)));
        // 143.5 s before T_S is not a whole second: T_D is the whole second before it, 144 s before T_S.
        assertThat(ok.targetLock().timeLock().epochSecond()).isEqualTo(ts.getEpochSecond() - 144);
        assertThat(TransferPolicy.targetTimeLockSecond(new TimeLock(1000), Duration.ofSeconds(100)))
                .isEqualTo(900);
        assertThat(TransferPolicy.targetTimeLockSecond(new TimeLock(1000), Duration.ofMillis(100_001)))
                .isEqualTo(899);
    }

    @Test
    void the_margin_adds_both_finalities_both_clock_tolerances_and_the_safety_margin() {
        assertThat(policy.margin(FABRIC, ETH)).isEqualTo(Duration.ofMillis(3000 + 5500 + 60_000 + 15_000 + 60_000));
    }

    @Test
    void the_destination_amount_is_the_floor_of_amount_times_rate_less_the_fee() {
        assertThat(fabricToEth.destinationUnits(Amount.of(11))).isEqualTo(24); // floor(27.5) - 3
        assertThat(fabricToEth.destinationUnits(Amount.of(10))).isEqualTo(22);
        PairConfig fractional = new PairConfig(
                fabricToEth.from(),
                fabricToEth.to(),
                new BigDecimal("0.999"),
                Amount.ZERO,
                Amount.of(1),
                Amount.of(10));
        assertThat(fractional.destinationUnits(Amount.of(1))).isZero();
        assertThat(fractional.destinationUnits(Amount.of(10))).isEqualTo(9);
    }

    @Test
    void rejects_a_lock_for_a_destination_chain_it_does_not_serve() {
        assertThat(rejected(evaluate(terms(100, NOW.plus(Duration.ofHours(2))), Optional.empty()))
                        .reason())
                .isEqualTo(RejectionReason.UnknownDestinationChain);
    }

    @Test
    void rejects_a_lock_of_an_asset_without_a_pair() {
        LockTerms t = terms(100, NOW.plus(Duration.ofHours(2)), ETH.chain(), "0xbb", 0, Asset.of("EUR"));
        TransferPolicy.Rejected r = rejected(evaluate(t));
        assertThat(r.reason()).isEqualTo(RejectionReason.UnknownPair);
        assertThat(r.message()).contains("fabric-dev:EUR").contains("eth-dev");
    }

    @Test
    void rejects_an_amount_below_the_pair_minimum_and_accepts_the_minimum() {
        assertThat(rejected(evaluate(terms(9, NOW.plus(Duration.ofHours(2))))).reason())
                .isEqualTo(RejectionReason.AmountBelowMinimum);
        accepted(evaluate(terms(10, NOW.plus(Duration.ofHours(2)))));
    }

    @Test
    void rejects_an_amount_above_the_pair_maximum_and_accepts_the_maximum() {
        assertThat(rejected(evaluate(terms(1_000_001, NOW.plus(Duration.ofHours(2)))))
                        .reason())
                .isEqualTo(RejectionReason.AmountAboveMaximum);
        accepted(evaluate(terms(1_000_000, NOW.plus(Duration.ofHours(2)))));
    }

    @Test
    void rejects_a_lock_whose_minimum_destination_amount_the_quote_does_not_reach() {
        Instant ts = NOW.plus(Duration.ofHours(2));
        // 100 -> 247 destination units
        assertThat(rejected(evaluate(terms(100, ts, ETH.chain(), "0xbb", 248, USD)))
                        .reason())
                .isEqualTo(RejectionReason.BelowMinDestinationAmount);
        accepted(evaluate(terms(100, ts, ETH.chain(), "0xbb", 247, USD)));
    }

    @Test
    void rejects_when_the_fee_eats_the_whole_amount() {
        PairConfig expensive = new PairConfig(
                fabricToEth.from(), fabricToEth.to(), BigDecimal.ONE, Amount.of(10), Amount.of(1), Amount.of(100));
        TransferPolicy p = new TransferPolicy(List.of(expensive), TimingConfig.defaults());
        TransferPolicy.Decision d =
                p.evaluate(FABRIC.chain(), terms(10, NOW.plus(Duration.ofHours(2))), FABRIC, Optional.of(ETH), NOW);
        assertThat(rejected(d).reason()).isEqualTo(RejectionReason.BelowMinDestinationAmount);
    }

    @Test
    void rejects_a_recipient_the_destination_chain_cannot_pay() {
        TransferPolicy.Rejected r =
                rejected(evaluate(terms(100, NOW.plus(Duration.ofHours(2)), ETH.chain(), "bad-one", 0, USD)));
        assertThat(r.reason()).isEqualTo(RejectionReason.InvalidRecipient);
        assertThat(r.message()).contains("bad-one").contains("not an account of eth-dev");
    }

    @Test
    void rejects_a_timelock_that_leaves_the_recipient_less_than_the_destination_window() {
        // T_D - now must be >= 5.5 s (lock final) + 120 s (window) + 5.5 s + 15 s (claim stop) = 146 s;
        // T_D = floor(T_S - 143.5 s) = T_S - 144 s, so T_S - now >= 290 s.
        assertThat(rejected(evaluate(terms(100, NOW.plusSeconds(289)))).reason())
                .isEqualTo(RejectionReason.TimelockTooShort);
        accepted(evaluate(terms(100, NOW.plusSeconds(290))));
        assertThat(rejected(evaluate(terms(100, NOW.minusSeconds(5)))).reason())
                .isEqualTo(RejectionReason.TimelockTooShort);
    }

    @Test
    void
            the_earliest_accepted_timelock_leaves_the_window_before_the_claim_stop_even_when_the_destination_clock_is_loose() {
        // The devnets' timing: a 60 s clock tolerance on Fabric is larger than the 20 s destination window.
        TimingConfig devnet = new TimingConfig(
                Duration.ofSeconds(10),
                Duration.ofSeconds(20),
                Duration.ofDays(2),
                Duration.ofSeconds(2),
                Duration.ofMillis(200));
        PairConfig ethToFabric = new PairConfig(
                new PairConfig.Leg(ETH.chain(), TOKEN),
                new PairConfig.Leg(FABRIC.chain(), USD),
                BigDecimal.ONE,
                Amount.ZERO,
                Amount.of(1),
                Amount.of(1_000_000));
        TransferPolicy p = new TransferPolicy(List.of(ethToFabric), devnet);
        TimeLock earliest = p.earliestSourceTimeLock(ETH, FABRIC, NOW);
        LockTerms lock = new LockTerms(
                Account.of("0x00000000000000000000000000000000000000bb"),
                ETH.operator(),
                Preimage.random().hashLock(),
                earliest,
                TOKEN,
                Amount.of(100),
                FABRIC.chain(),
                Account.of("bob"),
                Amount.ZERO);

        TransferPolicy.Accepted a = accepted(p.evaluate(ETH.chain(), lock, ETH, Optional.of(FABRIC), NOW));

        Instant lockFinal = NOW.plus(FABRIC.finality());
        Instant claimStop = TransferPolicy.claimStop(a.targetLock().timeLock(), FABRIC);
        assertThat(Duration.between(lockFinal, claimStop)).isGreaterThanOrEqualTo(devnet.minDestinationWindow());
        TimeLock aSecondEarlier = new TimeLock(earliest.epochSecond() - 1);
        LockTerms shorter = new LockTerms(
                lock.sender(),
                lock.receiver(),
                lock.hashLock(),
                aSecondEarlier,
                lock.asset(),
                lock.amount(),
                lock.destinationChain(),
                lock.destinationRecipient(),
                lock.minDestinationAmount());
        assertThat(rejected(p.evaluate(ETH.chain(), shorter, ETH, Optional.of(FABRIC), NOW))
                        .reason())
                .isEqualTo(RejectionReason.TimelockTooShort);
    }

    @Test
    void rejects_a_timelock_further_away_than_the_maximum() {
        assertThat(rejected(evaluate(terms(100, NOW.plus(Duration.ofDays(2)).plusSeconds(1))))
                        .reason())
                .isEqualTo(RejectionReason.TimelockTooLong);
        accepted(evaluate(terms(100, NOW.plus(Duration.ofDays(2)))));
    }

    @Test
    void the_claim_and_refund_deadlines_follow_finality_and_clock_tolerance() {
        TimeLock t = new TimeLock(NOW.getEpochSecond());
        assertThat(TransferPolicy.claimStop(t, ETH))
                .isEqualTo(NOW.minusMillis(5500).minusSeconds(15));
        assertThat(TransferPolicy.claimStop(t, FABRIC)).isEqualTo(NOW.minusSeconds(63));
        assertThat(TransferPolicy.refundFrom(t, ETH)).isEqualTo(NOW.plusSeconds(15));
        assertThat(TransferPolicy.refundFrom(t, FABRIC)).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void a_pair_applies_only_in_its_own_direction() {
        LockTerms backwards = new LockTerms(
                Account.of("0x01"),
                ETH.operator(),
                Preimage.random().hashLock(),
                TimeLock.at(NOW.plus(Duration.ofHours(2))),
                TOKEN,
                Amount.of(100),
                FABRIC.chain(),
                Account.of("bob"),
                Amount.ZERO);
        TransferPolicy.Decision d = policy.evaluate(ETH.chain(), backwards, ETH, Optional.of(FABRIC), NOW);
        assertThat(rejected(d).reason()).isEqualTo(RejectionReason.UnknownPair);
    }

    @Test
    void the_earliest_source_timelock_of_a_quote_is_accepted_and_one_second_earlier_is_too_short() {
        TimeLock earliest = policy.earliestSourceTimeLock(FABRIC, ETH, NOW);

        accepted(evaluate(terms(100, earliest.instant())));
        assertThat(rejected(evaluate(terms(100, earliest.instant().minusSeconds(1))))
                        .reason())
                .isEqualTo(RejectionReason.TimelockTooShort);
    }

    @Test
    void the_latest_source_timelock_of_a_quote_is_accepted_and_one_second_later_is_too_long() {
        TimeLock latest = policy.latestSourceTimeLock(NOW);

        accepted(evaluate(terms(100, latest.instant())));
        assertThat(rejected(evaluate(terms(100, latest.instant().plusSeconds(1))))
                        .reason())
                .isEqualTo(RejectionReason.TimelockTooLong);
    }
}
