/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.relayer;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ClaimRequest;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.testkit.InMemoryChain;
import io.xrelay.adapter.testkit.InMemoryChainAdapter;
import io.xrelay.adapter.testkit.InMemoryChainAdapterProvider;
import io.xrelay.relay.config.RelayConfig;
import io.xrelay.relay.transfer.TransferId;
import io.xrelay.relay.transfer.TransferView;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Two in-memory chains, {@code chain-a} (asset AAA) and {@code chain-b} (asset BBB), whose clocks follow the
 * system clock (the relay's), registered as ledgers that a relay's configuration names; pairs both ways at rate 1.
 * Timing is short so that refunds happen within seconds: margin = 1s + 1s + 1s + 1s + 1s = 5s.
 */
final class TwoChains implements AutoCloseable {
    static final ChainId A = ChainId.of("chain-a");
    static final ChainId B = ChainId.of("chain-b");
    static final Asset AAA = Asset.of("AAA");
    static final Asset BBB = Asset.of("BBB");
    static final Account OPERATOR = Account.of("relay");

    final InMemoryChain a;
    final InMemoryChain b;
    private final String ledgerA;
    private final String ledgerB;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chain-clock");
        t.setDaemon(true);
        return t;
    });

    private final java.util.concurrent.ScheduledFuture<?> clockSync;

    TwoChains() {
        Instant now = Instant.now();
        a = InMemoryChain.builder(A).genesisTime(now.minusSeconds(1)).build();
        b = InMemoryChain.builder(B).genesisTime(now.minusSeconds(1)).build();
        String suffix = UUID.randomUUID().toString();
        ledgerA = "a-" + suffix;
        ledgerB = "b-" + suffix;
        InMemoryChainAdapterProvider.registerLedger(ledgerA, a);
        InMemoryChainAdapterProvider.registerLedger(ledgerB, b);
        clockSync = ticker.scheduleAtFixedRate(this::syncClocks, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** Moves both chains' clocks to the system clock's time (never backwards). */
    synchronized void syncClocks() {
        Instant now = Instant.now();
        for (InMemoryChain c : new InMemoryChain[] {a, b}) {
            if (now.isAfter(c.now())) {
                c.setTime(now);
            }
        }
    }

    RelayConfig config(Path dataDir, String extra) {
        String chain = "{ id = %s, type = in-memory, signer = relay, ledger = \"%s\","
                + " relay { finality-time = 1s, clock-tolerance = 1s, max-in-flight = 32 } }";
        String text = "xrelay {\n"
                + "  data-dir = \"" + dataDir.toString().replace("\\", "/") + "\"\n"
                + "  chains = [" + String.format(chain, A, ledgerA) + ", " + String.format(chain, B, ledgerB) + "]\n"
                + "  pairs = [\n"
                + "    { from { chain = chain-a, asset = AAA }, to { chain = chain-b, asset = BBB }, max = 1000000 }\n"
                + "    { from { chain = chain-b, asset = BBB }, to { chain = chain-a, asset = AAA }, max = 1000000 }\n"
                + "  ]\n"
                + "  timing { safety-margin = 1s, min-destination-window = 2s, retry-interval = 200ms,"
                + " poll-interval = 50ms }\n"
                + extra + "\n}\n";
        return RelayConfig.parse(ConfigFactory.parseString(text));
    }

    /** The name of {@code id}'s ledger, for a chain entry's {@code ledger} key. */
    String ledger(ChainId id) {
        return id.equals(A) ? ledgerA : ledgerB;
    }

    /** The entry a relay's configuration would give chain {@code id} (relay settings as in {@link #config}). */
    String entry(ChainId id) {
        return String.format(
                "{ id = %s, type = in-memory, signer = relay, ledger = \"%s\","
                        + " relay { finality-time = 1s, clock-tolerance = 1s, max-in-flight = 32 } }",
                id, ledger(id));
    }

    /** {@link #config} with no chain in the file: both are registered at runtime. */
    RelayConfig configWithoutChains(Path dataDir) {
        String text = "xrelay {\n"
                + "  data-dir = \"" + dataDir.toString().replace("\\", "/") + "\"\n"
                + "  chains = []\n"
                + "  pairs = [\n"
                + "    { from { chain = chain-a, asset = AAA }, to { chain = chain-b, asset = BBB }, max = 1000000 }\n"
                + "    { from { chain = chain-b, asset = BBB }, to { chain = chain-a, asset = AAA }, max = 1000000 }\n"
                + "  ]\n"
                + "  timing { safety-margin = 1s, min-destination-window = 2s, retry-interval = 200ms,"
                + " poll-interval = 50ms }\n}\n";
        return RelayConfig.parse(ConfigFactory.parseString(text));
    }

    InMemoryChain chain(ChainId id) {
        return id.equals(A) ? a : b;
    }

    static Asset asset(ChainId id) {
        return id.equals(A) ? AAA : BBB;
    }

    static ChainId other(ChainId id) {
        return id.equals(A) ? B : A;
    }

    Amount balance(ChainId chain, Account account) {
        return chain(chain).balance(account, asset(chain));
    }

    /** A source lock made by a user: what the user holds (the secret) and what the relay will call it. */
    record UserLock(TransferId transfer, Preimage secret, LockTerms terms) {}

    /**
     * {@code sender} locks {@code amount} on {@code source} for the operator, asking for {@code minOut} at least for
     * {@code recipient} on the other chain, the timelock {@code timeout} from now.
     */
    UserLock lock(ChainId source, Account sender, Account recipient, long amount, long minOut, Duration timeout) {
        InMemoryChainAdapter adapter = chain(source).newAdapter(sender);
        Preimage secret = Preimage.random();
        LockRequest request = new LockRequest(
                OPERATOR,
                secret.hashLock(),
                TimeLock.at(Instant.now().plus(timeout)),
                asset(source),
                Amount.of(amount),
                other(source),
                recipient,
                Amount.of(minOut));
        adapter.lock(request).toCompletableFuture().join();
        LockTerms terms = new LockTerms(
                sender,
                OPERATOR,
                request.hashLock(),
                request.timeLock(),
                request.asset(),
                request.amount(),
                request.destinationChain(),
                request.destinationRecipient(),
                request.minDestinationAmount());
        HtlcId id = adapter.lockId(terms);
        return new UserLock(new TransferId(source, id), secret, terms);
    }

    /** The recipient claims the relay's destination lock with the secret. */
    void claim(Relay relay, UserLock lock) {
        TransferView view = awaitState(relay, lock.transfer(), "TargetLocked", Duration.ofSeconds(20));
        HtlcId target = view.targetLock().orElseThrow();
        ChainId destination = lock.terms().destinationChain();
        chain(destination)
                .newAdapter(lock.terms().destinationRecipient())
                .claim(new ClaimRequest(target, lock.secret()))
                .toCompletableFuture()
                .join();
    }

    static TransferView view(Relay relay, TransferId id) {
        return relay.transfer(id).toCompletableFuture().join();
    }

    static TransferView awaitState(Relay relay, TransferId id, String state, Duration within) {
        return eventually(within, () -> {
            TransferView v = view(relay, id);
            assertThat(v.state()).as("state of %s", id).isEqualTo(state);
            return v;
        });
    }

    /** Retries {@code check} until it passes or {@code within} is over (then its last failure is thrown). */
    static <T> T eventually(Duration within, Supplier<T> check) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                return check.get();
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    static Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public void close() {
        clockSync.cancel(false);
        ticker.shutdownNow();
        InMemoryChainAdapterProvider.removeLedger(ledgerA);
        InMemoryChainAdapterProvider.removeLedger(ledgerB);
    }
}
