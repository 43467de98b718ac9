/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A set of signatures evaluated against a policy as Fabric does ({@code SignatureSetToValidIdentities} then the
 * policy): an identity that cannot be read, of an MSP not in the channel, already seen, or whose signature does not
 * verify is dropped; the remaining identities are what the policy is evaluated over.
 */
final class SignatureSet {
    /** One signature: the serialized identity, the DER signature and the signed bytes (concatenated). */
    record Signed(ByteString identity, ByteString signature, List<ByteString> data) {
        Signed {
            data = List.copyOf(data);
        }
    }

    private final String label;
    private final List<Identity> identities = new ArrayList<>();
    private final List<Integer> positions = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /**
     * Checks each signature; {@code label} names one in reasons ("orderer signature", "endorsement").
     */
    SignatureSet(String label, List<Signed> signatures, Map<String, Msp> msps) {
        this.label = label;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < signatures.size(); i++) {
            Signed s = signatures.get(i);
            Identity id;
            try {
                id = Identity.parse(s.identity());
            } catch (IllegalArgumentException e) {
                problems.add(label + " " + i + ": identity " + e.getMessage());
                continue;
            }
            if (!msps.containsKey(id.mspId())) {
                problems.add(label + " " + i + ": MSP " + id.mspId() + " is not in the channel");
                continue;
            }
            if (seen.contains(id.dedupKey())) {
                problems.add(label + " " + i + ": repeats the identity of an earlier one");
                continue;
            }
            Optional<String> bad = verify(id, s);
            if (bad.isPresent()) {
                problems.add(label + " " + i + " " + bad.get());
                continue;
            }
            seen.add(id.dedupKey());
            identities.add(id);
            positions.add(i);
        }
    }

    private static Optional<String> verify(Identity id, Signed s) {
        if (!Identity.isP256(id.key())) {
            return Optional.of("is by a key that is not ECDSA P-256");
        }
        return FabricCrypto.verifyP256(id.key(), s.signature(), s.data().toArray(ByteString[]::new));
    }

    List<Identity> identities() {
        return List.copyOf(identities);
    }

    /**
     * Evaluates {@code policy} over the identities whose signatures verified.
     *
     * @return empty if satisfied, else the details of why not (the signatures dropped and the identities that
     *     matched no principal), or a summary naming the MSPs that signed
     */
    Optional<String> evaluate(Policy policy, Map<String, Msp> msps, Instant at) {
        PolicyEvaluation e = new PolicyEvaluation(msps, at, identities);
        if (policy.isSatisfied(e)) {
            return Optional.empty();
        }
        List<String> details = new ArrayList<>(problems);
        for (int i = 0; i < e.size(); i++) {
            String why = e.whyUnmatched(i);
            if (why != null) {
                details.add(
                        label + " " + positions.get(i) + " (" + e.identity(i).mspId() + ") " + why);
            }
        }
        if (details.isEmpty()) {
            List<String> by = identities.stream().map(Identity::mspId).toList();
            return Optional.of(by.isEmpty() ? "no " + label + "s" : "only " + label + "s by " + String.join(", ", by));
        }
        return Optional.of(String.join("; ", details));
    }
}
