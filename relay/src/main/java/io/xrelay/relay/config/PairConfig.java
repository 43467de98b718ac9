/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One direction of a trading pair: value locked as {@code from.asset} on {@code from.chain} is paid out as
 * {@code to.asset} on {@code to.chain}, {@code floor(amount * rate) - fee} destination units for a source lock of
 * {@code amount} units, for source amounts in {@code [min, max]}.
 *
 * <pre>{@code
 * { from { chain = fabric-dev, asset = USD }, to { chain = eth-dev, asset = "0x..." },
 *   rate = "1", fee = 0, min = 1, max = 1000000000 }
 * }</pre>
 *
 * @param from the source chain and asset
 * @param to the destination chain and asset
 * @param rate destination units per source unit; positive
 * @param fee destination units kept by the operator; not negative
 * @param min the least source amount accepted; positive
 * @param max the most source amount accepted; at least {@code min}
 */
public record PairConfig(Leg from, Leg to, BigDecimal rate, Amount fee, Amount min, Amount max) {
    /** One side of a pair. */
    public record Leg(ChainId chain, Asset asset) {
        @Override
        public String toString() {
            return chain + ":" + asset;
        }
    }

    public PairConfig {
        if (from.chain().equals(to.chain())) {
            throw new IllegalArgumentException("a pair must join two different chains, got " + from.chain() + " twice");
        }
        if (rate.signum() <= 0) {
            throw new IllegalArgumentException("rate must be positive, got " + rate.toPlainString());
        }
        if (min.isZero()) {
            throw new IllegalArgumentException("min must be positive, got " + min);
        }
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("max must be at least min " + min + ", got " + max);
        }
    }

    /**
     * The destination amount for a source lock of {@code sourceAmount}: {@code floor(sourceAmount * rate) - fee},
     * which is zero or negative when the fee eats it all.
     */
    public BigInteger destinationUnits(Amount sourceAmount) {
        return new BigDecimal(sourceAmount.units())
                .multiply(rate)
                .setScale(0, RoundingMode.FLOOR)
                .toBigIntegerExact()
                .subtract(fee.units());
    }

    /**
     * Parses one pair block.
     *
     * @param block the pair's block
     * @param path the block's full key, for messages ({@code xrelay.pairs[0]})
     * @throws ConfigException naming the key of a missing or bad value
     */
    public static PairConfig fromConfig(Config block, String path) {
        Leg from = leg(block, path, "from");
        Leg to = leg(block, path, "to");
        BigDecimal rate = block.hasPath("rate") ? Hocon.decimal(block, path, "rate") : BigDecimal.ONE;
        if (rate.signum() <= 0) {
            throw Hocon.bad(block, path, "rate", "must be positive, got " + rate.toPlainString());
        }
        Amount fee = block.hasPath("fee") ? amount(block, path, "fee") : Amount.ZERO;
        Amount min = block.hasPath("min") ? amount(block, path, "min") : Amount.of(1);
        if (min.isZero()) {
            throw Hocon.bad(block, path, "min", "must be positive, got 0");
        }
        Amount max = amount(block, path, "max");
        if (max.compareTo(min) < 0) {
            throw Hocon.bad(block, path, "max", "must be at least min (" + min + "), got " + max);
        }
        if (from.chain().equals(to.chain())) {
            throw Hocon.bad(
                    block,
                    path,
                    "to.chain",
                    "a pair must join two different chains, got " + to.chain() + " on both sides");
        }
        return new PairConfig(from, to, rate, fee, min, max);
    }

    /**
     * Parses the list of pairs at {@code key} of {@code parent} (an absent key is an empty list). Two pairs with the
     * same source chain, source asset and destination chain would make a lock ambiguous and are refused.
     *
     * @param parent the block holding the list ({@code xrelay})
     * @param parentPath its full key, for messages
     * @param key the list's key in {@code parent} ({@code pairs})
     */
    public static List<PairConfig> listFromConfig(Config parent, String parentPath, String key) {
        if (!parent.hasPath(key)) {
            return List.of();
        }
        List<? extends Config> blocks;
        try {
            blocks = parent.getConfigList(key);
        } catch (ConfigException.WrongType e) {
            throw new ConfigException.BadValue(
                    parent.getValue(key).origin(), Hocon.path(parentPath, key), "expected a list of pair blocks", e);
        }
        List<PairConfig> pairs = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < blocks.size(); i++) {
            String path = Hocon.path(parentPath, key) + "[" + i + "]";
            PairConfig pair = fromConfig(blocks.get(i), path);
            Integer earlier = seen.putIfAbsent(pair.from() + "->" + pair.to().chain(), i);
            if (earlier != null) {
                throw Hocon.bad(
                        blocks.get(i),
                        path,
                        "from",
                        "pair " + pair.from() + " -> " + pair.to().chain() + " is already defined by "
                                + Hocon.path(parentPath, key) + "[" + earlier + "]");
            }
            pairs.add(pair);
        }
        return List.copyOf(pairs);
    }

    private static Leg leg(Config block, String path, String key) {
        Config leg = Hocon.block(block, path, key);
        String legPath = Hocon.path(path, key);
        return new Leg(Hocon.chainId(leg, legPath, "chain"), Hocon.asset(leg, legPath, "asset"));
    }

    private static Amount amount(Config block, String path, String key) {
        BigInteger units = Hocon.bigInteger(block, path, key);
        try {
            return Amount.of(units);
        } catch (IllegalArgumentException e) {
            throw Hocon.bad(block, path, key, e.getMessage() == null ? "not an amount: " + units : e.getMessage());
        }
    }
}
