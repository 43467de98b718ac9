/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The adapter providers known to this process, by type. */
public final class ChainAdapterRegistry {
    private final Map<String, ChainAdapterProvider> byType;

    /**
     * A registry of exactly {@code providers}.
     *
     * @throws IllegalStateException if two providers claim the same type
     */
    public ChainAdapterRegistry(Collection<? extends ChainAdapterProvider> providers) {
        Map<String, ChainAdapterProvider> map = new TreeMap<>();
        for (ChainAdapterProvider p : providers) {
            ChainAdapterProvider previous = map.putIfAbsent(p.type(), p);
            if (previous != null) {
                throw new IllegalStateException("two adapter providers claim type '" + p.type() + "': "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        this.byType = map;
    }

    /** The providers on the class path, found with {@link ServiceLoader}. */
    public static ChainAdapterRegistry loadDefault() {
        List<ChainAdapterProvider> found = new ArrayList<>();
        ServiceLoader.load(ChainAdapterProvider.class).forEach(found::add);
        return new ChainAdapterRegistry(found);
    }

    /** The known types, sorted. */
    public List<String> types() {
        return List.copyOf(byType.keySet());
    }

    /**
     * The provider of {@code type}.
     *
     * @throws IllegalArgumentException naming the known types if {@code type} is not one of them
     */
    public ChainAdapterProvider provider(String type) {
        ChainAdapterProvider p = byType.get(type);
        if (p == null) {
            throw new IllegalArgumentException("unknown adapter type '" + type + "'; known types: " + types());
        }
        return p;
    }
}
