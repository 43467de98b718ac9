/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.transfer;

import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.TimeLock;
import io.xrelay.relay.chain.ChainFacts;
import io.xrelay.relay.config.PairConfig;
import io.xrelay.relay.config.TimingConfig;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether the relay answers a source lock with a destination lock, and derives that lock's terms and every
 * deadline of a transfer. Pure: the chains' facts and the time are arguments.
 *
 * <p>With {@code fin(C)} a chain's effective finality and {@code tol(C)} its clock tolerance:
 *
 * <ul>
 *   <li>{@code margin = fin(S) + fin(D) + tol(S) + tol(D) + safety-margin};
 *   <li>{@code T_D = T_S - margin}, in whole seconds rounded down;
 *   <li>rejected as {@link RejectionReason#TimelockTooShort} if the recipient would have less than
 *       {@code min-destination-window} to claim: the destination lock is final about {@code fin(D)} after now and
 *       claims stop at {@code T_D - fin(D) - tol(D)}, so {@code T_D - now} must be at least
 *       {@code min-destination-window + 2 fin(D) + tol(D)};
 *   <li>rejected as {@link RejectionReason#TimelockTooLong} if {@code T_S - now > max-timelock};
 *   <li>claims on D for the recipient stop at {@code T_D - fin(D) - tol(D)}, the claim on S at
 *       {@code T_S - fin(S) - tol(S)};
 *   <li>D is refunded from {@code T_D + tol(D)}, S (for the sender) from {@code T_S + tol(S)}, by the relay's clock.
 * </ul>
 */
public final class TransferPolicy {
    private final List<PairConfig> pairs;
    private final TimingConfig timing;

    public TransferPolicy(List<PairConfig> pairs, TimingConfig timing) {
        this.pairs = List.copyOf(pairs);
        this.timing = timing;
    }

    /** The outcome of {@link #evaluate}. */
    public sealed interface Decision {}

    /**
     * Lock on the destination chain.
     *
     * @param pair the pair that applies
     * @param targetLock the destination lock to send (from the destination's operator account)
     * @param targetLockId the id the destination chain will give that lock
     * @param margin the margin between the two timelocks' nominal values
     */
    public record Accepted(PairConfig pair, LockRequest targetLock, HtlcId targetLockId, Duration margin)
            implements Decision {}

    /** Do not lock on the destination chain, for {@code reason}; {@code message} says why in one line. */
    public record Rejected(RejectionReason reason, String message) implements Decision {}

    /**
     * Checks a verified source lock's terms and, if they are acceptable, derives the destination lock. Inventory is
     * not checked here (the destination chain's actor reserves it).
     *
     * @param source the chain of the source lock
     * @param terms the source lock's terms (its receiver is the source operator)
     * @param sourceFacts the source chain's facts
     * @param destinationFacts the facts of {@code terms.destinationChain()}, empty if the relay does not run it
     * @param now the relay's time
     */
    public Decision evaluate(
            ChainId source,
            LockTerms terms,
            ChainFacts sourceFacts,
            Optional<ChainFacts> destinationFacts,
            Instant now) {
        ChainId destination = terms.destinationChain();
        if (destinationFacts.isEmpty()) {
            return new Rejected(
                    RejectionReason.UnknownDestinationChain,
                    "destination chain " + destination + " is not served by this relay");
        }
        ChainFacts d = destinationFacts.get();
        if (sourceFacts.paused() || d.paused()) {
            ChainId paused = sourceFacts.paused() ? source : destination;
            return new Rejected(
                    RejectionReason.ChainPaused,
                    "chain " + paused + " is paused: no new transfer starts from or to it");
        }
        Optional<PairConfig> found = pair(source, terms);
        if (found.isEmpty()) {
            return new Rejected(
                    RejectionReason.UnknownPair, "no pair from " + source + ":" + terms.asset() + " to " + destination);
        }
        PairConfig pair = found.get();
        if (terms.amount().compareTo(pair.min()) < 0) {
            return new Rejected(
                    RejectionReason.AmountBelowMinimum,
                    "amount " + terms.amount() + " is below the pair's minimum " + pair.min());
        }
        if (terms.amount().compareTo(pair.max()) > 0) {
            return new Rejected(
                    RejectionReason.AmountAboveMaximum,
                    "amount " + terms.amount() + " is above the pair's maximum " + pair.max());
        }
        BigInteger units = pair.destinationUnits(terms.amount());
        if (units.signum() <= 0) {
            return new Rejected(
                    RejectionReason.BelowMinDestinationAmount,
                    "amount " + terms.amount() + " at rate " + pair.rate().toPlainString() + " less fee " + pair.fee()
                            + " leaves nothing to pay out");
        }
        if (units.bitLength() > 256
                || units.compareTo(terms.minDestinationAmount().units()) < 0) {
            return new Rejected(
                    RejectionReason.BelowMinDestinationAmount,
                    "destination amount " + units + " is below the lock's minimum " + terms.minDestinationAmount());
        }
        Optional<String> recipientProblem = d.accountProblem(terms.destinationRecipient());
        if (recipientProblem.isPresent()) {
            return new Rejected(
                    RejectionReason.InvalidRecipient,
                    "recipient " + terms.destinationRecipient() + " on " + destination + ": " + recipientProblem.get());
        }
        if (terms.timeLock().instant().isAfter(now.plus(timing.maxTimelock()))) {
            return new Rejected(
                    RejectionReason.TimelockTooLong,
                    "source timelock " + terms.timeLock() + " is more than " + timing.maxTimelock() + " away");
        }
        Duration margin = margin(sourceFacts, d);
        long targetSecond = targetTimeLockSecond(terms.timeLock(), margin);
        if (Instant.ofEpochSecond(targetSecond).isBefore(earliestTargetTimeLock(d, now))) {
            return new Rejected(
                    RejectionReason.TimelockTooShort,
                    "source timelock " + terms.timeLock() + " less margin " + margin + " leaves the recipient on "
                            + destination + " less than " + timing.minDestinationWindow() + " to claim (after "
                            + d.finality() + " for its destination lock to be final, claims stop "
                            + d.finality().plus(d.clockTolerance()) + " before the destination timelock)");
        }
        LockRequest request = new LockRequest(
                terms.destinationRecipient(),
                terms.hashLock(),
                new TimeLock(targetSecond),
                pair.to().asset(),
                Amount.of(units),
                source,
                terms.sender(),
                Amount.ZERO);
        return new Accepted(pair, request, d.lockId(operatorTerms(d, request)), margin);
    }

    /**
     * The earliest destination timelock that leaves the recipient enough time: a lock sent now is final after
     * {@code fin(D)}, and the claim must go out by {@link #claimStop} = {@code T_D - fin(D) - tol(D)}; between the two
     * lie at least {@code min-destination-window}.
     */
    private Instant earliestTargetTimeLock(ChainFacts destination, Instant now) {
        return now.plus(destination.finality())
                .plus(timing.minDestinationWindow())
                .plus(destination.finality())
                .plus(destination.clockTolerance());
    }

    /**
     * The earliest source timelock {@link #evaluate} accepts for a lock evaluated at {@code now}: the destination
     * timelock it leads to is at least {@code now + min-destination-window + 2 fin(D) + tol(D)}.
     */
    public TimeLock earliestSourceTimeLock(ChainFacts source, ChainFacts destination, Instant now) {
        // T_D = floor(T_S - margin) >= E  <=>  T_S - margin >= ceil(E)
        Instant target = Instant.ofEpochSecond(ceilSeconds(earliestTargetTimeLock(destination, now)));
        return new TimeLock(ceilSeconds(target.plus(margin(source, destination))));
    }

    private static long ceilSeconds(Instant at) {
        return at.getEpochSecond() + (at.getNano() > 0 ? 1 : 0);
    }

    /** The latest source timelock {@link #evaluate} accepts for a lock evaluated at {@code now}. */
    public TimeLock latestSourceTimeLock(Instant now) {
        return new TimeLock(now.plus(timing.maxTimelock()).getEpochSecond());
    }

    /** The pair from {@code source}'s {@code asset} to {@code destination}'s {@code destinationAsset}, if configured. */
    public Optional<PairConfig> pair(ChainId source, Asset asset, ChainId destination, Asset destinationAsset) {
        return pairs.stream()
                .filter(p -> p.from().chain().equals(source)
                        && p.from().asset().equals(asset)
                        && p.to().chain().equals(destination)
                        && p.to().asset().equals(destinationAsset))
                .findFirst();
    }

    /** The pair from the lock's chain and asset to its destination chain, if one is configured. */
    public Optional<PairConfig> pair(ChainId source, LockTerms terms) {
        return pairs.stream()
                .filter(p -> p.from().chain().equals(source)
                        && p.from().asset().equals(terms.asset())
                        && p.to().chain().equals(terms.destinationChain()))
                .findFirst();
    }

    /** {@code fin(S) + fin(D) + tol(S) + tol(D) + safety-margin}. */
    public Duration margin(ChainFacts source, ChainFacts destination) {
        return source.finality()
                .plus(destination.finality())
                .plus(source.clockTolerance())
                .plus(destination.clockTolerance())
                .plus(timing.safetyMargin());
    }

    /** {@code T_S - margin} in whole seconds, rounded down (may be zero or negative for a tiny {@code T_S}). */
    public static long targetTimeLockSecond(TimeLock source, Duration margin) {
        return source.instant().minus(margin).getEpochSecond();
    }

    /** The terms a lock sent as {@code request} from {@code chain}'s operator account has on chain. */
    public static LockTerms operatorTerms(ChainFacts chain, LockRequest request) {
        return request.terms(chain.operator());
    }

    /** The last moment (relay clock) to send a claim of a lock with {@code timeLock}: {@code T - fin - tol}. */
    public static Instant claimStop(TimeLock timeLock, Duration finality, Duration clockTolerance) {
        return timeLock.instant().minus(finality).minus(clockTolerance);
    }

    /** {@link #claimStop(TimeLock, Duration, Duration)} with the chain's facts. */
    public static Instant claimStop(TimeLock timeLock, ChainFacts chain) {
        return claimStop(timeLock, chain.finality(), chain.clockTolerance());
    }

    /** The first moment (relay clock) to send a refund of a lock with {@code timeLock}: {@code T + tol}. */
    public static Instant refundFrom(TimeLock timeLock, Duration clockTolerance) {
        return timeLock.instant().plus(clockTolerance);
    }

    /** {@link #refundFrom(TimeLock, Duration)} with the chain's facts. */
    public static Instant refundFrom(TimeLock timeLock, ChainFacts chain) {
        return refundFrom(timeLock, chain.clockTolerance());
    }

    public TimingConfig timing() {
        return timing;
    }
}
