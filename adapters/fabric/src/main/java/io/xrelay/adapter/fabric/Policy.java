/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

/**
 * A channel policy as the verifier evaluates it: over a set of identities whose signatures were already checked and
 * deduplicated ({@link SignatureSet}).
 */
sealed interface Policy permits SignaturePolicy, ImplicitMetaPolicy, Policy.Reject {
    /** Whether the identities of {@code evaluation} satisfy this policy. */
    boolean isSatisfied(PolicyEvaluation evaluation);

    /** The policy in words, for reasons. */
    String describe();

    /** A policy that nothing satisfies: what a missing sub-policy evaluates as. */
    record Reject(String describe) implements Policy {
        @Override
        public boolean isSatisfied(PolicyEvaluation evaluation) {
            return false;
        }
    }
}
