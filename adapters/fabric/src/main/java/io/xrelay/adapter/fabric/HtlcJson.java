/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HashLock;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcRecord;
import io.xrelay.adapter.HtlcStatus;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The HTLC chaincode's JSON: the lock object ({@code GetLock} and the {@code Locked} event) and the
 * {@code Claimed} and {@code Refunded} event payloads, and a {@code Batch}'s answer and event, read strictly: exactly the documented string fields, each
 * in its canonical form. Every refusal is an {@link IllegalArgumentException} naming the field and value.
 */
final class HtlcJson {
    static final String LOCKED = "Locked";
    static final String CLAIMED = "Claimed";
    static final String REFUNDED = "Refunded";
    static final String BATCH = "Batch";

    /** The member that names each element's event in a {@code Batch} event. */
    static final String EVENT = "event";

    private static final Set<String> LOCK_FIELDS = Set.of(
            "id",
            "sender",
            "receiver",
            "hashLock",
            "timeLock",
            "asset",
            "amount",
            "destinationChain",
            "destinationRecipient",
            "minDestinationAmount",
            "status");
    private static final Set<String> CLAIMED_FIELDS = Set.of("id", "receiver", "asset", "amount", "preimage");
    private static final Set<String> REFUNDED_FIELDS = Set.of("id", "sender", "asset", "amount");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,77}");
    private static final Pattern HEX32 = Pattern.compile("0x[0-9a-f]{64}");

    private HtlcJson() {}

    /** A lock as the chaincode stores it, with the id it claims (which the caller checks against the terms). */
    record Lock(HtlcId id, LockTerms terms, HtlcStatus status, Optional<Preimage> preimage) {
        HtlcRecord record() {
            return new HtlcRecord(id, terms, status, preimage);
        }
    }

    /** Reads a lock object: the answer of {@code GetLock}, or the payload of a {@code Locked} event. */
    static Lock lock(byte[] json) {
        return lock(FlatJson.parse(utf8(json)));
    }

    private static Lock lock(Map<String, String> m) {
        HtlcStatus status = status(m.get("status"));
        Set<String> expected = status == HtlcStatus.CLAIMED ? with(LOCK_FIELDS, "preimage") : LOCK_FIELDS;
        fields(m, expected, "lock");
        LockTerms terms;
        try {
            terms = new LockTerms(
                    account(m, "sender"),
                    account(m, "receiver"),
                    new HashLock(Bytes.fromHex(hex32(m, "hashLock"))),
                    new TimeLock(positiveLong(m, "timeLock")),
                    asset(m),
                    amount(m, "amount"),
                    ChainId.of(value(m, "destinationChain")),
                    Account.of(value(m, "destinationRecipient")),
                    amount(m, "minDestinationAmount"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lock " + m.get("id") + ": " + e.getMessage(), e);
        }
        Optional<Preimage> preimage = status == HtlcStatus.CLAIMED
                ? Optional.of(new Preimage(Bytes.fromHex(hex32(m, "preimage"))))
                : Optional.empty();
        return new Lock(lockId(m), terms, status, preimage);
    }

    /**
     * The HTLC event a chaincode event stands for: {@code Locked}, {@code Claimed} and {@code Refunded} are read;
     * every other name (the token's {@code Minted}, {@code Transferred}) is no HTLC event.
     */
    static Optional<HtlcEvent> event(String name, byte[] payload) {
        return switch (name) {
            case LOCKED, CLAIMED, REFUNDED -> Optional.of(event(name, FlatJson.parse(utf8(payload))));
            default -> Optional.empty();
        };
    }

    /**
     * The HTLC events a chaincode event stands for: those of {@link #event}, or, for a {@code Batch} event (an array
     * of flat objects, each an HTLC event whose name is its first member {@value #EVENT}), each of its elements in
     * order.
     */
    static List<HtlcEvent> events(String name, byte[] payload) {
        if (!name.equals(BATCH)) {
            return event(name, payload).map(List::of).orElse(List.of());
        }
        List<Map<String, String>> elements = FlatJson.parseArray(utf8(payload));
        if (elements.isEmpty()) {
            throw new IllegalArgumentException("a Batch event without events");
        }
        List<HtlcEvent> events = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            Map<String, String> m = new LinkedHashMap<>(elements.get(i));
            String first = m.isEmpty() ? "" : m.keySet().iterator().next();
            String element = m.remove(EVENT);
            if (!first.equals(EVENT) || element == null) {
                throw new IllegalArgumentException(
                        "Batch event element " + i + " does not start with \"" + EVENT + "\"");
            }
            if (!Set.of(LOCKED, CLAIMED, REFUNDED).contains(element)) {
                throw new IllegalArgumentException("Batch event element " + i + " is a \"" + element
                        + "\" event, not Locked, Claimed or Refunded");
            }
            try {
                events.add(event(element, m));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Batch event element " + i + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(events);
    }

    /** What the chaincode's {@code Batch} answered for one operation. */
    sealed interface BatchResult {
        /** Done: the operation's return value (a lock id for {@code Lock}, empty otherwise). */
        record Done(String value) implements BatchResult {}

        /** Refused, with the chaincode's message {@code <Code>: <text>}; the operation changed nothing. */
        record Refused(String message) implements BatchResult {}
    }

    /**
     * A {@code Batch} answer: an array of one object per operation, {@code {"ok":"<value>"}} or
     * {@code {"error":"<Code>: <text>"}}, which must be exactly {@code operations} long.
     */
    static List<BatchResult> batchResults(byte[] json, int operations) {
        List<Map<String, String>> elements = FlatJson.parseArray(utf8(json));
        if (elements.size() != operations) {
            throw new IllegalArgumentException(
                    "a Batch answer of " + elements.size() + " results for " + operations + " operations");
        }
        List<BatchResult> results = new ArrayList<>(operations);
        for (int i = 0; i < operations; i++) {
            Map<String, String> m = elements.get(i);
            String ok = m.get("ok");
            String error = m.get("error");
            if (m.size() == 1 && ok != null) {
                results.add(new BatchResult.Done(ok));
            } else if (m.size() == 1 && error != null) {
                results.add(new BatchResult.Refused(error));
            } else {
                throw new IllegalArgumentException(
                        "Batch result " + i + " is not {\"ok\":..} or {\"error\":..}: has " + m.keySet());
            }
        }
        return List.copyOf(results);
    }

    private static HtlcEvent event(String name, Map<String, String> m) {
        return switch (name) {
            case LOCKED -> {
                Lock lock = lock(m);
                if (lock.status() != HtlcStatus.LOCKED) {
                    throw new IllegalArgumentException(
                            "a Locked event of lock " + lock.id() + " with status " + lock.status());
                }
                yield new HtlcEvent.Locked(lock.id(), lock.terms());
            }
            case CLAIMED -> {
                fields(m, CLAIMED_FIELDS, "Claimed event");
                yield new HtlcEvent.Claimed(lockId(m), new Preimage(Bytes.fromHex(hex32(m, "preimage"))));
            }
            case REFUNDED -> {
                fields(m, REFUNDED_FIELDS, "Refunded event");
                yield new HtlcEvent.Refunded(lockId(m));
            }
            default -> throw new IllegalArgumentException("no HTLC event is named \"" + name + "\"");
        };
    }

    private static HtlcId lockId(Map<String, String> m) {
        String id = value(m, "id");
        if (!HtlcChaincode.LOCK_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id \"" + id + "\" is not 0x and 64 lower case hex digits");
        }
        return new HtlcId(id);
    }

    private static HtlcStatus status(@org.jspecify.annotations.Nullable String s) {
        if (s == null) {
            throw new IllegalArgumentException("lock has no status");
        }
        try {
            return HtlcStatus.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status \"" + s + "\" is not LOCKED, CLAIMED or REFUNDED", e);
        }
    }

    private static void fields(Map<String, String> m, Set<String> expected, String what) {
        if (!m.keySet().equals(expected)) {
            Set<String> missing = new java.util.TreeSet<>(expected);
            missing.removeAll(m.keySet());
            Set<String> extra = new java.util.TreeSet<>(m.keySet());
            extra.removeAll(expected);
            throw new IllegalArgumentException(what + " has " + (missing.isEmpty() ? "" : "no " + missing)
                    + (missing.isEmpty() || extra.isEmpty() ? "" : " and ")
                    + (extra.isEmpty() ? "" : "unknown fields " + extra));
        }
    }

    private static Set<String> with(Set<String> set, String extra) {
        java.util.HashSet<String> s = new java.util.HashSet<>(set);
        s.add(extra);
        return Set.copyOf(s);
    }

    private static String value(Map<String, String> m, String field) {
        String v = m.get(field);
        if (v == null) {
            throw new IllegalArgumentException("no field " + field);
        }
        return v;
    }

    private static Account account(Map<String, String> m, String field) {
        String v = value(m, field);
        if (!FabricAccounts.isAccount(v)) {
            throw new IllegalArgumentException(field + " \"" + v + "\" is not an account <MSPID>:<64 hex digits>");
        }
        return new Account(v);
    }

    private static Asset asset(Map<String, String> m) {
        String v = value(m, "asset");
        if (!HtlcChaincode.ASSET_ID.matcher(v).matches()) {
            throw new IllegalArgumentException("asset \"" + v + "\" is not an asset id");
        }
        return new Asset(v);
    }

    private static String hex32(Map<String, String> m, String field) {
        String v = value(m, field);
        if (!HEX32.matcher(v).matches()) {
            throw new IllegalArgumentException(field + " \"" + v + "\" is not 0x and 64 lower case hex digits");
        }
        return v;
    }

    private static Amount amount(Map<String, String> m, String field) {
        String v = value(m, field);
        if (!DECIMAL.matcher(v).matches()) {
            throw new IllegalArgumentException(field + " \"" + v + "\" is not a canonical decimal");
        }
        return new Amount(new BigInteger(v));
    }

    private static long positiveLong(Map<String, String> m, String field) {
        String v = value(m, field);
        if (!DECIMAL.matcher(v).matches() || v.length() > 18) {
            throw new IllegalArgumentException(field + " \"" + v + "\" is not a canonical decimal of unix seconds");
        }
        return Long.parseLong(v);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
    }
}
