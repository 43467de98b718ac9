/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.relayer;

import static io.xrelay.relay.relayer.TwoChains.A;
import static io.xrelay.relay.relayer.TwoChains.AAA;
import static io.xrelay.relay.relayer.TwoChains.B;
import static io.xrelay.relay.relayer.TwoChains.BBB;
import static io.xrelay.relay.relayer.TwoChains.OPERATOR;
import static io.xrelay.relay.relayer.TwoChains.awaitState;
import static io.xrelay.relay.relayer.TwoChains.eventually;
import static io.xrelay.relay.relayer.TwoChains.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.ChainId;
import io.xrelay.relay.chain.ChainActor;
import io.xrelay.relay.transfer.RejectionReason;
import io.xrelay.relay.transfer.TransferView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole relay in one process on two in-memory chains, with the H2 journal: transfers both ways, refunds when
 * nobody claims, refused terms refunded, many transfers at once, a restart in the middle of a transfer.
 */
class RelayTest {
    private static final Account ALICE = Account.of("alice");
    private static final Account BOB = Account.of("bob");
    private static final Duration LONG = Duration.ofMinutes(2);
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private TwoChains chains;
    private final List<Relay> relays = new ArrayList<>();

    @BeforeEach
    void chains() {
        chains = new TwoChains();
        chains.a.mint(OPERATOR, AAA, Amount.of(100_000));
        chains.b.mint(OPERATOR, BBB, Amount.of(100_000));
        chains.a.mint(ALICE, AAA, Amount.of(10_000));
        chains.b.mint(ALICE, BBB, Amount.of(10_000));
    }

    @AfterEach
    void stop() {
        relays.forEach(Relay::close);
        chains.close();
    }

    private Relay start() throws Exception {
        Relay relay = Relay.start(chains.config(dataDir, ""), ChainActor.defaultAdapters(), TwoChains.clock());
        relays.add(relay);
        RelayGuardian.Ready ready = relay.ready().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertThat(ready.chains()).extracting(RelayGuardian.ChainHeight::chain).containsExactly(A, B);
        assertThat(ready.line())
                .startsWith("xrelay: relay ready (chains: chain-a@")
                .contains(", chain-b@");
        return relay;
    }

    private long balance(ChainId chain, Account account) {
        return chains.balance(chain, account).units().longValueExact();
    }

    @Test
    void relays_a_transfer_from_a_to_b_and_one_from_b_to_a() throws Exception {
        Relay relay = start();

        TwoChains.UserLock ab = chains.lock(A, ALICE, BOB, 100, 100, LONG);
        chains.claim(relay, ab);
        awaitState(relay, ab.transfer(), "Completed", SETTLE);

        TwoChains.UserLock ba = chains.lock(B, ALICE, BOB, 40, 40, LONG);
        chains.claim(relay, ba);
        awaitState(relay, ba.transfer(), "Completed", SETTLE);

        assertThat(balance(A, ALICE)).isEqualTo(10_000 - 100);
        assertThat(balance(B, BOB)).isEqualTo(100);
        assertThat(balance(A, OPERATOR)).isEqualTo(100_000 + 100 - 40);
        assertThat(balance(B, OPERATOR)).isEqualTo(100_000 - 100 + 40);
        assertThat(balance(B, ALICE)).isEqualTo(10_000 - 40);
        assertThat(balance(A, BOB)).isEqualTo(40);
        assertThat(chains.a.escrowed(AAA).isZero()).isTrue();
        assertThat(chains.b.escrowed(BBB).isZero()).isTrue();
        assertThat(relay.transfers().toCompletableFuture().join())
                .extracting(v -> v.id())
                .contains(ab.transfer(), ba.transfer());
    }

    @Test
    void refunds_both_locks_when_nobody_claims() throws Exception {
        Relay relay = start();

        TwoChains.UserLock lock = chains.lock(A, ALICE, BOB, 100, 100, Duration.ofSeconds(12));
        TransferView locked = awaitState(relay, lock.transfer(), "TargetLocked", SETTLE);
        assertThat(locked.targetLock()).isPresent();
        assertThat(balance(B, OPERATOR)).isEqualTo(100_000 - 100);

        awaitState(relay, lock.transfer(), "SourceRefunded", SETTLE);
        eventually(SETTLE, () -> {
            assertThat(balance(B, OPERATOR)).isEqualTo(100_000);
            assertThat(balance(A, ALICE)).isEqualTo(10_000);
            return true;
        });
        assertThat(balance(A, OPERATOR)).isEqualTo(100_000);
        assertThat(balance(B, BOB)).isZero();
    }

    @Test
    void refunds_the_sender_when_the_terms_are_refused() throws Exception {
        Relay relay = start();

        TwoChains.UserLock lock = chains.lock(A, ALICE, BOB, 100, 150, Duration.ofSeconds(8));
        TransferView rejected = awaitState(relay, lock.transfer(), "Rejected", SETTLE);
        assertThat(rejected.reason()).contains(RejectionReason.BelowMinDestinationAmount);
        assertThat(balance(B, OPERATOR)).isEqualTo(100_000);

        awaitState(relay, lock.transfer(), "SourceRefunded", SETTLE);
        eventually(SETTLE, () -> assertThat(balance(A, ALICE)).isEqualTo(10_000));
        assertThat(balance(A, OPERATOR)).isEqualTo(100_000);
    }

    @Test
    void a_hundred_concurrent_mixed_transfers_conserve_every_balance() throws Exception {
        Relay relay = start();
        int n = 100;
        List<TwoChains.UserLock> claimed = new ArrayList<>();
        List<TwoChains.UserLock> unclaimed = new ArrayList<>();
        List<TwoChains.UserLock> refused = new ArrayList<>();
        Map<Account, Long> expectedA = new HashMap<>();
        Map<Account, Long> expectedB = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ChainId source = i % 2 == 0 ? A : B;
            Account sender = Account.of("sender-" + i);
            Account recipient = Account.of("recipient-" + i);
            long amount = 10L + i;
            chains.chain(source).mint(sender, TwoChains.asset(source), Amount.of(amount));
            int kind = i % 4;
            if (kind <= 1) {
                claimed.add(chains.lock(source, sender, recipient, amount, amount, LONG));
                (source.equals(A) ? expectedB : expectedA).put(recipient, amount);
                (source.equals(A) ? expectedA : expectedB).put(sender, 0L);
            } else if (kind == 2) {
                unclaimed.add(chains.lock(source, sender, recipient, amount, amount, Duration.ofSeconds(15)));
                (source.equals(A) ? expectedA : expectedB).put(sender, amount);
            } else {
                refused.add(chains.lock(source, sender, recipient, amount, amount + 1, Duration.ofSeconds(15)));
                (source.equals(A) ? expectedA : expectedB).put(sender, amount);
            }
        }
        Map<ChainId, Long> supply = Map.of(A, total(A), B, total(B)); // every mint done, the locks escrowed
        for (TwoChains.UserLock lock : claimed) {
            chains.claim(relay, lock);
        }
        for (TwoChains.UserLock lock : claimed) {
            awaitState(relay, lock.transfer(), "Completed", SETTLE);
        }
        for (TwoChains.UserLock lock : unclaimed) {
            TransferView v = awaitState(relay, lock.transfer(), "SourceRefunded", Duration.ofSeconds(60));
            assertThat(v.targetLock())
                    .as("the destination lock that nobody claimed")
                    .isPresent();
        }
        for (TwoChains.UserLock lock : refused) {
            TransferView v = awaitState(relay, lock.transfer(), "SourceRefunded", Duration.ofSeconds(60));
            assertThat(v.targetLock())
                    .as("no destination lock for refused terms")
                    .isEmpty();
        }
        eventually(SETTLE, () -> {
            assertThat(chains.a.escrowed(AAA).isZero()).as("AAA escrowed").isTrue();
            assertThat(chains.b.escrowed(BBB).isZero()).as("BBB escrowed").isTrue();
            return true;
        });
        expectedA.forEach((account, amount) ->
                assertThat(balance(A, account)).as("%s on chain-a", account).isEqualTo(amount));
        expectedB.forEach((account, amount) ->
                assertThat(balance(B, account)).as("%s on chain-b", account).isEqualTo(amount));
        long claimedFromA = claimed.stream()
                .filter(l -> l.transfer().source().equals(A))
                .mapToLong(l -> l.terms().amount().units().longValueExact())
                .sum();
        long claimedFromB = claimed.stream()
                .filter(l -> l.transfer().source().equals(B))
                .mapToLong(l -> l.terms().amount().units().longValueExact())
                .sum();
        assertThat(balance(A, OPERATOR)).isEqualTo(100_000 + claimedFromA - claimedFromB);
        assertThat(balance(B, OPERATOR)).isEqualTo(100_000 + claimedFromB - claimedFromA);
        assertThat(total(A)).isEqualTo(supply.get(A));
        assertThat(total(B)).isEqualTo(supply.get(B));
    }

    @Test
    void a_restart_in_the_middle_of_a_transfer_completes_it_without_paying_twice() throws Exception {
        Relay first = start();
        TwoChains.UserLock lock = chains.lock(A, ALICE, BOB, 100, 100, LONG);
        TransferView locked = awaitState(first, lock.transfer(), "TargetLocked", SETTLE);
        first.close();
        relays.remove(first);

        // the recipient claims while the relay is down; the relay must take the secret from the chain
        chains.chain(B)
                .newAdapter(BOB)
                .claim(new io.xrelay.adapter.ClaimRequest(locked.targetLock().orElseThrow(), lock.secret()))
                .toCompletableFuture()
                .join();

        Relay second = start();
        awaitState(second, lock.transfer(), "Completed", SETTLE);
        TransferView done = view(second, lock.transfer());
        assertThat(done.targetLock()).isEqualTo(locked.targetLock());
        assertThat(balance(B, BOB)).isEqualTo(100);
        assertThat(balance(B, OPERATOR)).isEqualTo(100_000 - 100);
        assertThat(balance(A, OPERATOR)).isEqualTo(100_000 + 100);
        assertThat(balance(A, ALICE)).isEqualTo(10_000 - 100);
        assertThat(chains.a.escrowed(AAA).isZero()).isTrue();
        assertThat(chains.b.escrowed(BBB).isZero()).isTrue();
    }

    /** Every account's balance of the chain's asset plus what the HTLC holds. */
    private long total(ChainId chain) {
        long sum = chains.chain(chain).escrowed(TwoChains.asset(chain)).units().longValueExact();
        for (Account account : knownAccounts()) {
            sum += balance(chain, account);
        }
        return sum;
    }

    private static Set<Account> knownAccounts() {
        Set<Account> accounts = new java.util.HashSet<>(Set.of(OPERATOR, ALICE, BOB));
        for (int i = 0; i < 100; i++) {
            accounts.add(Account.of("sender-" + i));
            accounts.add(Account.of("recipient-" + i));
        }
        return accounts;
    }
}
