/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.testkit;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcRecord;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The state of an in-memory chain: balances per account and asset, the HTLC contract's escrow per asset and its
 * locks. Every change made for a block records how to undo it, so that a reorg can take the block back. Not
 * thread-safe: its chain guards it.
 */
final class Ledger {
    private final Map<Account, Map<Asset, BigInteger>> balances = new HashMap<>();
    private final Map<Asset, BigInteger> escrow = new HashMap<>();
    private final Map<HtlcId, HtlcRecord> htlcs = new HashMap<>();

    Amount balance(Account account, Asset asset) {
        return Amount.of(balances.getOrDefault(account, Map.of()).getOrDefault(asset, BigInteger.ZERO));
    }

    Amount escrowed(Asset asset) {
        return Amount.of(escrow.getOrDefault(asset, BigInteger.ZERO));
    }

    Optional<HtlcRecord> htlc(HtlcId id) {
        return Optional.ofNullable(htlcs.get(id));
    }

    /** Adds to a balance outside any block: not undone by a reorg. */
    void mint(Account account, Asset asset, Amount amount) {
        BigInteger next = balance(account, asset).units().add(amount.units());
        if (next.bitLength() > 256) {
            throw new IllegalArgumentException(
                    "minting " + amount + " " + asset + " to " + account + " would make its balance exceed 256 bits");
        }
        setBalance(account, asset, next);
    }

    /** Moves {@code amount} of {@code asset} from {@code account} into the HTLC escrow. */
    void escrowFrom(Account account, Asset asset, Amount amount, List<Runnable> undo) {
        addBalance(account, asset, amount.units().negate());
        addEscrow(asset, amount.units());
        undo.add(() -> {
            addEscrow(asset, amount.units().negate());
            addBalance(account, asset, amount.units());
        });
    }

    /** Pays {@code amount} of {@code asset} out of the HTLC escrow to {@code account}. */
    void payOut(Account account, Asset asset, Amount amount, List<Runnable> undo) {
        addEscrow(asset, amount.units().negate());
        addBalance(account, asset, amount.units());
        undo.add(() -> {
            addBalance(account, asset, amount.units().negate());
            addEscrow(asset, amount.units());
        });
    }

    void putHtlc(HtlcRecord record, List<Runnable> undo) {
        @Nullable HtlcRecord previous = htlcs.put(record.id(), record);
        undo.add(() -> {
            if (previous == null) {
                htlcs.remove(record.id());
            } else {
                htlcs.put(record.id(), previous);
            }
        });
    }

    private void addBalance(Account account, Asset asset, BigInteger delta) {
        BigInteger next = balance(account, asset).units().add(delta);
        if (next.signum() < 0) {
            throw new IllegalStateException("balance of " + account + " in " + asset + " would become " + next);
        }
        setBalance(account, asset, next);
    }

    private void setBalance(Account account, Asset asset, BigInteger value) {
        balances.computeIfAbsent(account, a -> new HashMap<>()).put(asset, value);
    }

    private void addEscrow(Asset asset, BigInteger delta) {
        BigInteger next = escrow.getOrDefault(asset, BigInteger.ZERO).add(delta);
        if (next.signum() < 0) {
            throw new IllegalStateException("escrow of " + asset + " would become " + next);
        }
        escrow.put(asset, next);
    }
}
