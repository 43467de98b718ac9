/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation of a policy over identities whose signatures verified (deduplicated, in signature order). Answers
 * "does identity i satisfy principal p" once per pair, and remembers why identities failed, for the reason.
 */
final class PolicyEvaluation {
    private final Map<String, Msp> msps;
    private final Instant at;
    private final List<Identity> identities;
    private final List<Map<Principal, Optional<String>>> memo;
    private final @Nullable String[] ownMspFailure;
    private final boolean[] matchedSome;

    PolicyEvaluation(Map<String, Msp> msps, Instant at, List<Identity> identities) {
        this.msps = msps;
        this.at = at;
        this.identities = List.copyOf(identities);
        this.memo = identities.stream()
                .map(i -> (Map<Principal, Optional<String>>) new HashMap<Principal, Optional<String>>())
                .toList();
        this.ownMspFailure = new String[identities.size()];
        this.matchedSome = new boolean[identities.size()];
    }

    int size() {
        return identities.size();
    }

    Identity identity(int i) {
        return identities.get(i);
    }

    /** Whether identity {@code i} satisfies {@code principal}. */
    boolean satisfies(int i, Principal principal) {
        Optional<String> r = memo.get(i).computeIfAbsent(principal, p -> check(identities.get(i), p));
        if (r.isEmpty()) {
            matchedSome[i] = true;
            return true;
        }
        if (ownMspFailure[i] == null && identities.get(i).mspId().equals(principal.mspId())) {
            ownMspFailure[i] = r.get();
        }
        return false;
    }

    private Optional<String> check(Identity id, Principal principal) {
        if (!id.mspId().equals(principal.mspId())) {
            return Optional.of("is not of MSP " + principal.mspId());
        }
        Msp msp = msps.get(principal.mspId());
        if (msp == null) {
            return Optional.of("MSP " + principal.mspId() + " is not in the channel");
        }
        return switch (principal) {
            case Principal.Role r -> msp.satisfies(id, r.role(), at);
            case Principal.Exact e ->
                e.tbs().equals(id.tbs()) ? msp.validate(id, at) : Optional.of("is not " + e.subject());
        };
    }

    /** Why identity {@code i} matched no principal, or null if it matched one (or no principal of its MSP). */
    @Nullable
    String whyUnmatched(int i) {
        if (matchedSome[i]) {
            return null;
        }
        return ownMspFailure[i] != null ? ownMspFailure[i] : "matches no principal of the policy";
    }
}
