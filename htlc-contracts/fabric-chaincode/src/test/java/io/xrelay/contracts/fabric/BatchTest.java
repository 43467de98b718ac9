/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import static io.xrelay.contracts.fabric.HtlcFixtures.ADMIN;
import static io.xrelay.contracts.fabric.HtlcFixtures.ALICE;
import static io.xrelay.contracts.fabric.HtlcFixtures.BOB;
import static io.xrelay.contracts.fabric.HtlcFixtures.CAROL;
import static io.xrelay.contracts.fabric.HtlcFixtures.CHANNEL;
import static io.xrelay.contracts.fabric.HtlcFixtures.HASH_LOCK;
import static io.xrelay.contracts.fabric.HtlcFixtures.MAX;
import static io.xrelay.contracts.fabric.HtlcFixtures.NOW;
import static io.xrelay.contracts.fabric.HtlcFixtures.PREIMAGE;
import static io.xrelay.contracts.fabric.HtlcFixtures.peerLedger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batch, on a ledger that reads as a peer does: a transaction never reads its own writes, so the operations of a
 * batch see each other's effects only through the batch's overlay.
 */
class BatchTest {
    private static final String CHAIN = "ethereum-sepolia";
    private static final String RECIPIENT = "0x00000000000000000000000000000000000000aa";
    private static final String UNKNOWN = "0x" + "00".repeat(32);

    private MemoryLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = peerLedger();
    }

    // ------------------------------------------------------------------------------------------------ operations

    private static List<String> lock(Caller receiver, long amount, long timeLock) {
        return List.of(
                "Lock",
                receiver.account(),
                HASH_LOCK,
                Long.toString(timeLock),
                "USD",
                Long.toString(amount),
                CHAIN,
                RECIPIENT,
                "95");
    }

    private static List<String> claim(String id) {
        return List.of("Claim", id, PREIMAGE);
    }

    private static List<String> refund(String id) {
        return List.of("Refund", id);
    }

    private static List<String> args(List<List<String>> operations) {
        return operations.stream().flatMap(List::stream).toList();
    }

    /** The id of the lock that {@link #lock} makes for {@code sender}. */
    private static String id(Caller sender, Caller receiver, long amount, long timeLock) {
        return LockIds.of(
                CHANNEL,
                sender.account(),
                receiver.account(),
                HASH_LOCK,
                timeLock,
                "USD",
                BigInteger.valueOf(amount),
                CHAIN,
                RECIPIENT,
                BigInteger.valueOf(95));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private String batch(Caller caller, List<List<String>> operations) {
        List<String> args = args(operations);
        return ledger.run(caller, h -> h.batch(args));
    }

    /** The same operation as a transaction of its own. */
    private static Function<Htlc, String> transaction(List<String> operation) {
        List<String> a = operation.subList(1, operation.size());
        return switch (operation.getFirst()) {
            case "Lock" -> h -> h.lock(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4), a.get(5), a.get(6), a.get(7));
            case "Claim" -> h -> h.claim(a.get(0), a.get(1));
            case "Refund" -> h -> h.refund(a.get(0));
            default -> throw new IllegalArgumentException(operation.getFirst());
        };
    }

    /** The message of the refusal of {@code transaction} on {@code on}, which must change nothing. */
    private static String refusal(MemoryLedger on, Caller caller, Function<Htlc, String> transaction) {
        Map<String, String> before = on.state();
        int events = on.events().size();
        List<String> message = new ArrayList<>();
        assertThatThrownBy(() -> on.run(caller, transaction))
                .isInstanceOfSatisfying(HtlcException.class, e -> message.add(e.getMessage()));
        assertThat(on.state()).isEqualTo(before);
        assertThat(on.events()).hasSize(events);
        return message.getFirst();
    }

    /** Checks that a Batch of {@code args} is refused as a whole with {@code message}, changing nothing. */
    private void badFraming(List<String> args, String message) {
        Map<String, String> before = ledger.state();
        int events = ledger.events().size();
        assertThatThrownBy(() -> ledger.run(ALICE, h -> h.batch(args)))
                .isInstanceOfSatisfying(
                        HtlcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BadArgument))
                .hasMessage(message);
        assertThat(ledger.state()).isEqualTo(before);
        assertThat(ledger.events()).hasSize(events);
    }

    private static void mint(MemoryLedger on, Caller to, BigInteger amount) {
        on.run(ADMIN, h -> h.mint("USD", to.account(), amount.toString()));
    }

    private void mint(Caller to, long amount) {
        mint(ledger, to, BigInteger.valueOf(amount));
    }

    private String balance(Caller who) {
        return ledger.run(ALICE, h -> h.balanceOf("USD", who.account()));
    }

    private String getLock(String id) {
        return ledger.run(ALICE, h -> h.getLock(id));
    }

    private static String ok(String result) {
        return "{\"ok\":\"" + result + "\"}";
    }

    private static String error(String message) {
        return "{\"error\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    private static String array(String... elements) {
        return "[" + String.join(",", elements) + "]";
    }

    /** The element of the Batch event for an operation whose own event is {@code event}. */
    private static String element(MemoryLedger.Event event) {
        return "{\"event\":\"" + event.name() + "\"," + event.payload().substring(1);
    }

    /** The flat objects of a JSON array of flat objects of strings. */
    private static List<SequencedMap<String, String>> elements(String array) {
        assertThat(array).startsWith("[").endsWith("]");
        List<SequencedMap<String, String>> out = new ArrayList<>();
        int start = 1;
        boolean inString = false;
        for (int i = 1; i < array.length() - 1; i++) {
            char c = array.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '}') {
                out.add(Json.read(array.substring(start, i + 1)));
                assertThat(i + 1 == array.length() - 1 || array.charAt(i + 1) == ',')
                        .as("a comma or the end after an element of %s", array)
                        .isTrue();
                start = i + 2;
            }
        }
        return out;
    }

    /**
     * Checks that {@code batchEvent} is the Batch event of operations whose own events, run one transaction each, are
     * {@code singles}: each element is its single event's name in {@code event}, then exactly that event's fields.
     */
    private static void isBatchEventOf(MemoryLedger.Event batchEvent, List<MemoryLedger.Event> singles) {
        assertThat(batchEvent.name()).isEqualTo("Batch");
        List<SequencedMap<String, String>> elements = elements(batchEvent.payload());
        assertThat(elements).hasSize(singles.size());
        for (int i = 0; i < singles.size(); i++) {
            SequencedMap<String, String> element = new LinkedHashMap<>(elements.get(i));
            Map.Entry<String, String> first = element.pollFirstEntry();
            assertThat(first).isEqualTo(Map.entry("event", singles.get(i).name()));
            assertThat(element)
                    .containsExactlyEntriesOf(Json.read(singles.get(i).payload()));
            assertThat(Json.write(element)).isEqualTo(singles.get(i).payload());
        }
        assertThat(batchEvent.payload())
                .isEqualTo(array(singles.stream().map(BatchTest::element).toArray(String[]::new)));
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void the_test_ledger_reads_as_a_peer_does_and_the_rules_read_their_own_writes_all_the_same() {
        assertThat(ledger.runOnLedger(ADMIN, l -> {
                    l.put("k", "v");
                    return String.valueOf(l.get("k"));
                }))
                .isEqualTo("null");
        assertThat(ledger.state()).containsEntry("k", "v");
        assertThat(ledger.run(ADMIN, h -> h.mint("USD", BOB.account(), "5") + " " + h.balanceOf("USD", BOB.account())))
                .isEqualTo("5 5");
        assertThat(balance(BOB)).isEqualTo("5");
    }

    @Test
    void two_locks_of_one_sender_debit_its_balance_cumulatively() {
        mint(ALICE, 100);
        String first = id(ALICE, BOB, 60, NOW + 600);
        String second = id(ALICE, BOB, 60, NOW + 601);

        String results = batch(ALICE, List.of(lock(BOB, 60, NOW + 600), lock(BOB, 60, NOW + 601)));

        assertThat(results)
                .isEqualTo(array(
                        ok(first),
                        error("InsufficientFunds: " + ALICE.account() + " has 40 of USD, less than the amount 60")));
        assertThat(ledger.lastPuts()).containsExactly(Htlc.balanceKey("USD", ALICE.account()), Htlc.lockKey(first));
        MemoryLedger.Event event = ledger.lastEvent();
        assertThat(ledger.events()).hasSize(2);
        assertThat(balance(ALICE)).isEqualTo("40");
        assertThat(ledger.state()).containsKey(Htlc.lockKey(first)).doesNotContainKey(Htlc.lockKey(second));
        isBatchEventOf(event, List.of(new MemoryLedger.Event("Locked", getLock(first))));
        assertThat(elements(event.payload()).getFirst()).containsEntry("status", "LOCKED");
    }

    @Test
    void a_lock_and_the_claim_of_that_lock_in_one_batch() {
        mint(ALICE, 100);
        String id = id(ALICE, BOB, 60, NOW + 600);
        MemoryLedger single = peerLedger();
        mint(single, ALICE, BigInteger.valueOf(100));
        single.run(ALICE, transaction(lock(BOB, 60, NOW + 600)));
        MemoryLedger.Event locked = single.lastEvent();
        single.run(ALICE, transaction(claim(id)));
        MemoryLedger.Event claimed = single.lastEvent();

        String results = batch(ALICE, List.of(lock(BOB, 60, NOW + 600), claim(id)));

        assertThat(results).isEqualTo(array(ok(id), ok("")));
        assertThat(ledger.lastPuts())
                .containsExactly(
                        Htlc.balanceKey("USD", ALICE.account()),
                        Htlc.lockKey(id),
                        Htlc.balanceKey("USD", BOB.account()));
        isBatchEventOf(ledger.lastEvent(), List.of(locked, claimed));
        assertThat(locked.name()).isEqualTo("Locked");
        assertThat(claimed)
                .isEqualTo(new MemoryLedger.Event(
                        "Claimed",
                        "{\"id\":\"" + id + "\",\"receiver\":\"" + BOB.account()
                                + "\",\"asset\":\"USD\",\"amount\":\"60\",\"preimage\":\"" + PREIMAGE + "\"}"));
        assertThat(ledger.state()).isEqualTo(single.state());
        assertThat(balance(ALICE)).isEqualTo("40");
        assertThat(balance(BOB)).isEqualTo("60");
        assertThat(getLock(id)).endsWith("\"status\":\"CLAIMED\",\"preimage\":\"" + PREIMAGE + "\"}");
    }

    @Test
    void a_refused_operation_in_the_middle_changes_nothing_and_those_around_it_run() {
        mint(ALICE, 100);
        mint(ledger, BOB, MAX);
        String pending = ledger.run(ALICE, transaction(lock(BOB, 10, NOW + 600)));
        String pendingJson = getLock(pending);
        String toCarol5 = id(ALICE, CAROL, 5, NOW + 600);
        String toCarol7 = id(ALICE, CAROL, 7, NOW + 600);

        String results = batch(
                ALICE, List.of(lock(CAROL, 5, NOW + 600), claim(pending), refund("0x12"), lock(CAROL, 7, NOW + 600)));

        List<String> puts = ledger.lastPuts();
        MemoryLedger.Event event = ledger.lastEvent();
        String claimRefusal = refusal(ledger, CAROL, transaction(claim(pending)));
        assertThat(claimRefusal)
                .isEqualTo("TransferFailed: paying 10 of USD would take the balance of " + BOB.account()
                        + " to 2^256 or beyond");
        assertThat(results)
                .isEqualTo(array(
                        ok(toCarol5),
                        error(claimRefusal),
                        error("BadArgument: id must be 0x followed by 64 hex digits, got \"0x12\""),
                        ok(toCarol7)));
        assertThat(puts)
                .containsExactly(
                        Htlc.balanceKey("USD", ALICE.account()), Htlc.lockKey(toCarol5), Htlc.lockKey(toCarol7));
        isBatchEventOf(
                event,
                List.of(
                        new MemoryLedger.Event("Locked", getLock(toCarol5)),
                        new MemoryLedger.Event("Locked", getLock(toCarol7))));
        assertThat(getLock(pending)).isEqualTo(pendingJson).contains("\"status\":\"LOCKED\"");
        assertThat(balance(BOB)).isEqualTo(MAX.toString());
        assertThat(balance(ALICE)).isEqualTo("78");
    }

    @Test
    void a_batch_whose_every_operation_is_refused_writes_nothing_and_sets_no_event() {
        mint(ALICE, 10);
        Map<String, String> before = ledger.state();
        int events = ledger.events().size();

        String results =
                batch(ALICE, List.of(lock(BOB, 11, NOW + 600), lock(BOB, 1, NOW), claim(UNKNOWN), refund(UNKNOWN)));

        assertThat(results)
                .isEqualTo(array(
                        error("InsufficientFunds: " + ALICE.account() + " has 10 of USD, less than the amount 11"),
                        error("TimelockInPast: timeLock " + NOW + " is not after the transaction time " + NOW),
                        error("LockNotFound: no lock has id " + UNKNOWN),
                        error("LockNotFound: no lock has id " + UNKNOWN)));
        assertThat(ledger.lastPuts()).isEmpty();
        assertThat(ledger.state()).isEqualTo(before);
        assertThat(ledger.events()).hasSize(events);
        assertThat(results)
                .isEqualTo(array(
                        error(refusal(ledger, ALICE, transaction(lock(BOB, 11, NOW + 600)))),
                        error(refusal(ledger, ALICE, transaction(lock(BOB, 1, NOW)))),
                        error(refusal(ledger, ALICE, transaction(claim(UNKNOWN)))),
                        error(refusal(ledger, ALICE, transaction(refund(UNKNOWN))))));
    }

    @Test
    void refunds_in_a_batch_and_a_lock_refunded_before_in_the_batch_is_not_locked() {
        mint(ALICE, 100);
        MemoryLedger single = peerLedger();
        mint(single, ALICE, BigInteger.valueOf(100));
        for (MemoryLedger on : List.of(ledger, single)) {
            on.run(ALICE, transaction(lock(BOB, 60, NOW + 600)));
            on.run(ALICE, transaction(lock(BOB, 30, NOW + 900)));
            on.at(Instant.ofEpochSecond(NOW + 600));
        }
        String expired = id(ALICE, BOB, 60, NOW + 600);
        String live = id(ALICE, BOB, 30, NOW + 900);
        single.run(CAROL, transaction(refund(expired)));
        MemoryLedger.Event refunded = single.lastEvent();
        single.run(CAROL, transaction(claim(live)));
        MemoryLedger.Event claimed = single.lastEvent();

        String results = batch(CAROL, List.of(refund(expired), refund(expired), refund(live), claim(live)));

        assertThat(results)
                .isEqualTo(array(
                        ok(""),
                        error("NotLocked: lock " + expired + " is REFUNDED already"),
                        error("NotExpired: lock " + live + " can be refunded from " + (NOW + 900)
                                + "; the transaction time is " + (NOW + 600)),
                        ok("")));
        isBatchEventOf(ledger.lastEvent(), List.of(refunded, claimed));
        assertThat(refunded)
                .isEqualTo(new MemoryLedger.Event(
                        "Refunded",
                        "{\"id\":\"" + expired + "\",\"sender\":\"" + ALICE.account()
                                + "\",\"asset\":\"USD\",\"amount\":\"60\"}"));
        assertThat(ledger.state()).isEqualTo(single.state());
        assertThat(balance(ALICE)).isEqualTo("70");
        assertThat(balance(BOB)).isEqualTo("30");
        assertThat(getLock(expired)).endsWith("\"status\":\"REFUNDED\"}");
    }

    @Test
    void refuses_bad_framing_as_a_whole_naming_the_position() {
        mint(ALICE, 100);
        String id = id(ALICE, BOB, 10, NOW + 600);

        badFraming(List.of(), "BadArgument: Batch needs at least one operation");
        badFraming(
                List.of("Refund", id, "Claim", id), "BadArgument: Batch argument 3: Claim needs 2 arguments, 1 left");
        badFraming(List.of("Refund"), "BadArgument: Batch argument 1: Refund needs 1 argument, 0 left");
        badFraming(
                lock(BOB, 10, NOW + 600).subList(0, 8),
                "BadArgument: Batch argument 1: Lock needs 8 arguments, 7 left");
        badFraming(
                args(List.of(lock(BOB, 10, NOW + 600), refund(id), List.of("Foo", id))),
                "BadArgument: Batch argument 12: unknown operation \"Foo\"; an operation is Lock, Claim or Refund");
        badFraming(
                List.of("lock", id),
                "BadArgument: Batch argument 1: unknown operation \"lock\"; an operation is Lock, Claim or Refund");
        badFraming(
                List.of("", id),
                "BadArgument: Batch argument 1: unknown operation \"\"; an operation is Lock, Claim or Refund");
        badFraming(
                args(List.of(lock(BOB, 10, NOW + 600), List.of("Claim", id))),
                "BadArgument: Batch argument 10: Claim needs 2 arguments, 1 left");

        assertThat(balance(ALICE)).isEqualTo("100");
        assertThat(ledger.state()).doesNotContainKey(Htlc.lockKey(id));
    }

    @Test
    void takes_at_most_max_batch_operations() {
        mint(ALICE, Htlc.MAX_BATCH);
        List<List<String>> operations = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= Htlc.MAX_BATCH + 1; i++) {
            operations.add(lock(BOB, 1, NOW + i));
            expected.add(ok(id(ALICE, BOB, 1, NOW + i)));
        }

        assertThat(Htlc.MAX_BATCH).isEqualTo(256);
        badFraming(args(operations), "BadArgument: Batch has 257 operations, at most 256");

        String results = batch(ALICE, operations.subList(0, Htlc.MAX_BATCH));

        assertThat(results).isEqualTo(array(expected.subList(0, Htlc.MAX_BATCH).toArray(String[]::new)));
        assertThat(ledger.lastPuts()).hasSize(Htlc.MAX_BATCH + 1).doesNotHaveDuplicates();
        assertThat(ledger.lastPuts().getFirst()).isEqualTo(Htlc.balanceKey("USD", ALICE.account()));
        List<SequencedMap<String, String>> elements =
                elements(ledger.lastEvent().payload());
        assertThat(elements).hasSize(Htlc.MAX_BATCH).allSatisfy(e -> assertThat(e.firstEntry())
                .isEqualTo(Map.entry("event", "Locked")));
        assertThat(elements.getLast()).containsEntry("id", id(ALICE, BOB, 1, NOW + Htlc.MAX_BATCH));
        assertThat(balance(ALICE)).isEqualTo("0");
        assertThat(ledger.state().keySet().stream().filter(k -> k.startsWith("\u0000lock\u0000")))
                .hasSize(Htlc.MAX_BATCH);
    }

    @Test
    void writes_each_element_of_the_batch_event_as_flat_json_with_escapes() {
        mint(ALICE, 10);
        List<String> operation = List.of(
                "Lock", BOB.account(), HASH_LOCK, Long.toString(NOW + 10), "USD", "1", "fabric", "Zürich \"✓\"", "0");
        MemoryLedger single = peerLedger();
        mint(single, ALICE, BigInteger.TEN);
        single.run(ALICE, transaction(operation));

        batch(ALICE, List.of(operation));

        isBatchEventOf(ledger.lastEvent(), List.of(single.lastEvent()));
        assertThat(ledger.lastEvent().payload()).contains("\"destinationRecipient\":\"Zürich \\\"✓\\\"\"");
    }
}
