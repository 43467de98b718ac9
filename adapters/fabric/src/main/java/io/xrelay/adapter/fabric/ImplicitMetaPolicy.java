/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import java.util.List;
import java.util.Locale;

/**
 * An implicit meta policy: {@code ANY}, {@code ALL} or {@code MAJORITY} of the policies named {@code subPolicy} of
 * the sub-groups of the group it is defined in (1, n, or n/2+1 of them; 0 when there are no sub-groups).
 */
record ImplicitMetaPolicy(String path, Rule rule, String subPolicy, List<Policy> subPolicies) implements Policy {
    enum Rule {
        ANY,
        ALL,
        MAJORITY
    }

    ImplicitMetaPolicy {
        subPolicies = List.copyOf(subPolicies);
    }

    int threshold() {
        if (subPolicies.isEmpty()) {
            return 0;
        }
        return switch (rule) {
            case ANY -> 1;
            case ALL -> subPolicies.size();
            case MAJORITY -> subPolicies.size() / 2 + 1;
        };
    }

    @Override
    public boolean isSatisfied(PolicyEvaluation evaluation) {
        int remaining = threshold();
        if (remaining == 0) {
            return true;
        }
        for (Policy p : subPolicies) {
            if (p.isSatisfied(evaluation) && --remaining == 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String describe() {
        return path + " (" + rule.name().toUpperCase(Locale.ROOT) + " " + subPolicy + ")";
    }
}
