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
import static io.xrelay.contracts.fabric.HtlcFixtures.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HtlcTest {

    private MemoryLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = peerLedger();
    }

    private String run(Caller caller, Function<Htlc, String> tx) {
        return ledger.run(caller, tx);
    }

    /** Runs a transaction that must be refused with {@code code}, and checks that it changed nothing. */
    private void refused(Caller caller, Function<Htlc, String> tx, ErrorCode code, String... messageParts) {
        Map<String, String> before = ledger.state();
        int events = ledger.events().size();
        assertThatThrownBy(() -> ledger.run(caller, tx))
                .isInstanceOfSatisfying(
                        HtlcException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageStartingWith(code.name() + ": ")
                .satisfies(e -> {
                    for (String part : messageParts) {
                        assertThat(e.getMessage()).contains(part);
                    }
                });
        assertThat(ledger.state()).isEqualTo(before);
        assertThat(ledger.events()).hasSize(events);
    }

    private String balance(String asset, Caller who) {
        return run(ALICE, h -> h.balanceOf(asset, who.account()));
    }

    private void mint(Caller to, long amount) {
        run(ADMIN, h -> h.mint("USD", to.account(), Long.toString(amount)));
    }

    private String lock(Caller sender, Caller receiver, long amount, long timeLock) {
        return run(
                sender,
                h -> h.lock(
                        receiver.account(),
                        HASH_LOCK,
                        Long.toString(timeLock),
                        "USD",
                        Long.toString(amount),
                        "ethereum-sepolia",
                        "0x00000000000000000000000000000000000000aa",
                        "95"));
    }

    @Nested
    class Mint {
        @Test
        void an_admin_mints_to_any_account_and_gets_the_new_balance() {
            assertThat(run(ADMIN, h -> h.mint("USD", BOB.account(), "100"))).isEqualTo("100");
            assertThat(run(ADMIN, h -> h.mint("USD", BOB.account(), "23"))).isEqualTo("123");

            assertThat(balance("USD", BOB)).isEqualTo("123");
            assertThat(balance("EUR", BOB)).isEqualTo("0");
            assertThat(ledger.events()).hasSize(2);
            assertThat(ledger.lastEvent())
                    .isEqualTo(new MemoryLedger.Event(
                            "Minted", "{\"asset\":\"USD\",\"account\":\"" + BOB.account() + "\",\"amount\":\"23\"}"));
        }

        @Test
        void stores_the_balance_under_the_composite_key_balance_asset_account() {
            mint(BOB, 7);

            assertThat(ledger.state())
                    .containsExactly(Map.entry("\u0000balance\u0000USD\u0000" + BOB.account() + "\u0000", "7"));
            assertThat(Htlc.balanceKey("USD", BOB.account()))
                    .isEqualTo(new org.hyperledger.fabric.shim.ledger.CompositeKey("balance", "USD", BOB.account())
                            .toString());
        }

        @Test
        void a_non_admin_is_unauthorized() {
            refused(
                    ALICE,
                    h -> h.mint("USD", ALICE.account(), "100"),
                    ErrorCode.Unauthorized,
                    ALICE.account(),
                    "admin");
        }

        @Test
        void refuses_zero_malformed_amounts_bad_assets_and_non_accounts() {
            refused(
                    ADMIN,
                    h -> h.mint("USD", BOB.account(), "0"),
                    ErrorCode.InvalidAmount,
                    "amount must be greater than 0");
            refused(ADMIN, h -> h.mint("USD", BOB.account(), "-5"), ErrorCode.BadArgument, "amount", "\"-5\"");
            refused(ADMIN, h -> h.mint("US D", BOB.account(), "5"), ErrorCode.BadArgument, "asset", "\"US D\"");
            refused(ADMIN, h -> h.mint("USD", "bob", "5"), ErrorCode.InvalidReceiver, "account", "\"bob\"");
        }

        @Test
        void a_balance_stays_below_2_to_the_256() {
            assertThat(run(ADMIN, h -> h.mint("USD", BOB.account(), MAX.toString())))
                    .isEqualTo(MAX.toString());

            refused(ADMIN, h -> h.mint("USD", BOB.account(), "1"), ErrorCode.InvalidAmount, "2^256");
        }
    }

    @Nested
    class Transfer {
        @Test
        void moves_from_the_caller_to_the_receiver() {
            mint(ALICE, 100);

            assertThat(run(ALICE, h -> h.transfer("USD", BOB.account(), "30"))).isEmpty();

            assertThat(balance("USD", ALICE)).isEqualTo("70");
            assertThat(balance("USD", BOB)).isEqualTo("30");
            assertThat(ledger.lastEvent())
                    .isEqualTo(new MemoryLedger.Event(
                            "Transferred",
                            "{\"asset\":\"USD\",\"from\":\"" + ALICE.account() + "\",\"to\":\"" + BOB.account()
                                    + "\",\"amount\":\"30\"}"));
        }

        @Test
        void the_whole_balance_may_go_and_to_oneself_changes_nothing() {
            mint(ALICE, 100);

            run(ALICE, h -> h.transfer("USD", ALICE.account(), "100"));
            assertThat(balance("USD", ALICE)).isEqualTo("100");
            run(ALICE, h -> h.transfer("USD", BOB.account(), "100"));
            assertThat(balance("USD", ALICE)).isEqualTo("0");
            assertThat(balance("USD", BOB)).isEqualTo("100");
        }

        @Test
        void refuses_more_than_the_balance() {
            mint(ALICE, 10);

            refused(
                    ALICE,
                    h -> h.transfer("USD", BOB.account(), "11"),
                    ErrorCode.InsufficientFunds,
                    ALICE.account(),
                    "has 10",
                    "11");
            refused(BOB, h -> h.transfer("USD", ALICE.account(), "1"), ErrorCode.InsufficientFunds, "has 0");
            refused(ALICE, h -> h.transfer("EUR", BOB.account(), "1"), ErrorCode.InsufficientFunds, "EUR");
        }

        @Test
        void refuses_zero_bad_receivers_and_malformed_arguments() {
            mint(ALICE, 10);

            refused(ALICE, h -> h.transfer("USD", BOB.account(), "0"), ErrorCode.InvalidAmount);
            refused(
                    ALICE,
                    h -> h.transfer("USD", "0x00000000000000000000000000000000000000aa", "1"),
                    ErrorCode.InvalidReceiver,
                    "to must be an account");
            refused(ALICE, h -> h.transfer("USD", BOB.account(), "1.5"), ErrorCode.BadArgument, "amount");
            refused(ALICE, h -> h.transfer("", BOB.account(), "1"), ErrorCode.BadArgument, "asset");
        }

        @Test
        void a_credit_beyond_2_to_the_256_fails() {
            run(ADMIN, h -> h.mint("USD", BOB.account(), MAX.toString()));
            mint(ALICE, 1);

            refused(ALICE, h -> h.transfer("USD", BOB.account(), "1"), ErrorCode.TransferFailed, BOB.account());
        }
    }

    @Nested
    class Queries {
        @Test
        void account_of_is_the_caller_s_account() {
            assertThat(run(BOB, Htlc::accountOf)).isEqualTo(BOB.account());
            assertThat(ledger.events()).isEmpty();
        }

        @Test
        void balance_refuses_a_malformed_account_or_asset() {
            refused(ALICE, h -> h.balanceOf("USD", "alice"), ErrorCode.BadArgument, "account must be an account");
            refused(ALICE, h -> h.balanceOf("U$D", ALICE.account()), ErrorCode.BadArgument, "asset");
        }

        @Test
        void lock_id_is_the_documented_id_of_the_channel_and_sender() {
            String id = run(
                    CAROL,
                    h -> h.lockId(
                            LockIdsTest.SENDER,
                            LockIdsTest.RECEIVER,
                            LockIdsTest.HASH_LOCK
                                    .toUpperCase(java.util.Locale.ROOT)
                                    .replace("0X", "0x"),
                            "1767225600",
                            "USD",
                            "1000",
                            "ethereum-sepolia",
                            LockIdsTest.RECIPIENT,
                            "990"));

            assertThat(id).isEqualTo("0xa31eaf0cb78ed16fc05fbd9d780845d2445aa91856a8a9c86d49541ad9f53380");
        }

        @Test
        void lock_id_checks_formats_only() {
            String past = "1";
            assertThat(run(
                            ALICE,
                            h -> h.lockId(ALICE.account(), BOB.account(), HASH_LOCK, past, "USD", "0", "c", "r", "0")))
                    .matches("0x[0-9a-f]{64}");
            refused(
                    ALICE,
                    h -> h.lockId("alice", BOB.account(), HASH_LOCK, "5", "USD", "1", "c", "r", "0"),
                    ErrorCode.BadArgument,
                    "sender");
            refused(
                    ALICE,
                    h -> h.lockId(ALICE.account(), "bob", HASH_LOCK, "5", "USD", "1", "c", "r", "0"),
                    ErrorCode.InvalidReceiver,
                    "receiver");
            refused(
                    ALICE,
                    h -> h.lockId(ALICE.account(), BOB.account(), "0x12", "5", "USD", "1", "c", "r", "0"),
                    ErrorCode.BadArgument,
                    "hashLock");
        }
    }

    @Nested
    class Lock {
        @Test
        void escrows_the_amount_and_returns_the_id_of_its_terms() {
            mint(ALICE, 100);
            long timeLock = NOW + 600;

            String id = lock(ALICE, BOB, 60, timeLock);

            assertThat(id)
                    .isEqualTo(LockIds.of(
                            CHANNEL,
                            ALICE.account(),
                            BOB.account(),
                            HASH_LOCK,
                            timeLock,
                            "USD",
                            BigInteger.valueOf(60),
                            "ethereum-sepolia",
                            "0x00000000000000000000000000000000000000aa",
                            BigInteger.valueOf(95)));
            assertThat(balance("USD", ALICE)).isEqualTo("40");
            assertThat(balance("USD", BOB)).isEqualTo("0");
            String json =
                    "{\"id\":\"" + id + "\",\"sender\":\"" + ALICE.account() + "\",\"receiver\":\"" + BOB.account()
                            + "\",\"hashLock\":\"" + HASH_LOCK + "\",\"timeLock\":\"" + timeLock
                            + "\",\"asset\":\"USD\",\"amount\":\"60\",\"destinationChain\":\"ethereum-sepolia\","
                            + "\"destinationRecipient\":\"0x00000000000000000000000000000000000000aa\","
                            + "\"minDestinationAmount\":\"95\",\"status\":\"LOCKED\"}";
            assertThat(run(CAROL, h -> h.getLock(id))).isEqualTo(json);
            assertThat(ledger.lastEvent()).isEqualTo(new MemoryLedger.Event("Locked", json));
            assertThat(ledger.state()).containsEntry("\u0000lock\u0000" + id + "\u0000", json);
        }

        @Test
        void the_id_is_what_lock_id_computes_for_the_caller() {
            mint(ALICE, 100);
            String expected = run(
                    CAROL,
                    h -> h.lockId(
                            ALICE.account(),
                            BOB.account(),
                            HASH_LOCK,
                            Long.toString(NOW + 10),
                            "USD",
                            "5",
                            "ethereum-sepolia",
                            "0x00000000000000000000000000000000000000aa",
                            "95"));

            assertThat(lock(ALICE, BOB, 5, NOW + 10)).isEqualTo(expected);
        }

        @Test
        void stores_the_hash_lock_in_lower_case() {
            mint(ALICE, 100);
            String upper = "0x" + HASH_LOCK.substring(2).toUpperCase(java.util.Locale.ROOT);

            String id =
                    run(ALICE, h -> h.lock(BOB.account(), upper, Long.toString(NOW + 10), "USD", "1", "c", "r", "0"));

            assertThat(run(ALICE, h -> h.getLock(id))).contains("\"hashLock\":\"" + HASH_LOCK + "\"");
        }

        @Test
        void the_same_terms_twice_are_refused_with_lock_exists() {
            mint(ALICE, 100);
            String id = lock(ALICE, BOB, 10, NOW + 600);

            refused(
                    ALICE,
                    h -> h.lock(
                            BOB.account(),
                            HASH_LOCK,
                            Long.toString(NOW + 600),
                            "USD",
                            "10",
                            "ethereum-sepolia",
                            "0x00000000000000000000000000000000000000aa",
                            "95"),
                    ErrorCode.LockExists,
                    id);
            assertThat(balance("USD", ALICE)).isEqualTo("90");
        }

        @Test
        void another_sender_with_the_same_terms_gets_another_lock() {
            mint(ALICE, 100);
            mint(CAROL, 100);

            assertThat(lock(CAROL, BOB, 10, NOW + 600)).isNotEqualTo(lock(ALICE, BOB, 10, NOW + 600));
        }

        @Test
        void refuses_a_zero_amount_before_the_receiver_as_the_solidity_contract_does() {
            mint(ALICE, 100);

            refused(
                    ALICE,
                    h -> h.lock("nobody", HASH_LOCK, Long.toString(NOW + 10), "USD", "0", "c", "r", "0"),
                    ErrorCode.InvalidAmount);
            refused(
                    ALICE,
                    h -> h.lock("nobody", HASH_LOCK, Long.toString(NOW - 10), "USD", "1", "c", "r", "0"),
                    ErrorCode.InvalidReceiver,
                    "\"nobody\"");
        }

        @Test
        void refuses_a_time_lock_at_or_before_the_transaction_time() {
            mint(ALICE, 100);

            refused(
                    ALICE,
                    h -> h.lock(BOB.account(), HASH_LOCK, Long.toString(NOW), "USD", "1", "c", "r", "0"),
                    ErrorCode.TimelockInPast,
                    "timeLock " + NOW,
                    "transaction time " + NOW);
            refused(
                    ALICE,
                    h -> h.lock(BOB.account(), HASH_LOCK, "0", "USD", "1", "c", "r", "0"),
                    ErrorCode.TimelockInPast);
            assertThat(run(
                            ALICE,
                            h -> h.lock(BOB.account(), HASH_LOCK, Long.toString(NOW + 1), "USD", "1", "c", "r", "0")))
                    .startsWith("0x");
        }

        @Test
        void uses_the_whole_seconds_of_the_transaction_timestamp() {
            mint(ALICE, 100);
            ledger.at(Instant.ofEpochSecond(NOW, 999_999_999));

            refused(
                    ALICE,
                    h -> h.lock(BOB.account(), HASH_LOCK, Long.toString(NOW), "USD", "1", "c", "r", "0"),
                    ErrorCode.TimelockInPast);
            run(ALICE, h -> h.lock(BOB.account(), HASH_LOCK, Long.toString(NOW + 1), "USD", "1", "c", "r", "0"));
        }

        @Test
        void refuses_more_than_the_sender_s_balance() {
            mint(ALICE, 10);

            refused(
                    ALICE,
                    h -> h.lock(BOB.account(), HASH_LOCK, Long.toString(NOW + 10), "USD", "11", "c", "r", "0"),
                    ErrorCode.InsufficientFunds,
                    "has 10");
            refused(
                    BOB,
                    h -> h.lock(ALICE.account(), HASH_LOCK, Long.toString(NOW + 10), "USD", "1", "c", "r", "0"),
                    ErrorCode.InsufficientFunds,
                    "has 0");
        }

        @Test
        void refuses_each_malformed_argument_naming_it() {
            mint(ALICE, 10);
            String t = Long.toString(NOW + 10);
            String r = BOB.account();

            refused(
                    ALICE,
                    h -> h.lock(r, "0x1234", t, "USD", "1", "c", "r", "0"),
                    ErrorCode.BadArgument,
                    "hashLock",
                    "\"0x1234\"");
            refused(
                    ALICE,
                    h -> h.lock(r, HASH_LOCK, "soon", "USD", "1", "c", "r", "0"),
                    ErrorCode.BadArgument,
                    "timeLock",
                    "\"soon\"");
            refused(ALICE, h -> h.lock(r, HASH_LOCK, t, "US D", "1", "c", "r", "0"), ErrorCode.BadArgument, "asset");
            refused(ALICE, h -> h.lock(r, HASH_LOCK, t, "USD", "01", "c", "r", "0"), ErrorCode.BadArgument, "amount");
            refused(
                    ALICE,
                    h -> h.lock(r, HASH_LOCK, t, "USD", "1", " c", "r", "0"),
                    ErrorCode.BadArgument,
                    "destinationChain");
            refused(
                    ALICE,
                    h -> h.lock(r, HASH_LOCK, t, "USD", "1", "c", "", "0"),
                    ErrorCode.BadArgument,
                    "destinationRecipient");
            refused(
                    ALICE,
                    h -> h.lock(r, HASH_LOCK, t, "USD", "1", "c", "x".repeat(257), "0"),
                    ErrorCode.BadArgument,
                    "destinationRecipient");
            refused(
                    ALICE,
                    h -> h.lock(r, HASH_LOCK, t, "USD", "1", "c", "r", "-1"),
                    ErrorCode.BadArgument,
                    "minDestinationAmount");
        }

        @Test
        void keeps_a_zero_minimum_destination_amount_and_unicode_recipients() {
            mint(ALICE, 10);

            String id = run(
                    ALICE,
                    h -> h.lock(
                            BOB.account(),
                            HASH_LOCK,
                            Long.toString(NOW + 10),
                            "USD",
                            "1",
                            "fabric-trade",
                            "Zürich \"✓\"",
                            "0"));

            assertThat(run(ALICE, h -> h.getLock(id)))
                    .contains("\"destinationRecipient\":\"Zürich \\\"✓\\\"\"", "\"minDestinationAmount\":\"0\"");
        }
    }

    @Nested
    class Claim {
        @Test
        void pays_the_receiver_whoever_claims_and_reveals_the_preimage() {
            mint(ALICE, 100);
            String id = lock(ALICE, BOB, 60, NOW + 600);

            assertThat(run(CAROL, h -> h.claim(id, PREIMAGE))).isEmpty();

            assertThat(balance("USD", BOB)).isEqualTo("60");
            assertThat(balance("USD", CAROL)).isEqualTo("0");
            assertThat(balance("USD", ALICE)).isEqualTo("40");
            assertThat(run(CAROL, h -> h.getLock(id)))
                    .endsWith("\"status\":\"CLAIMED\",\"preimage\":\"" + PREIMAGE + "\"}");
            assertThat(ledger.lastEvent())
                    .isEqualTo(new MemoryLedger.Event(
                            "Claimed",
                            "{\"id\":\"" + id + "\",\"receiver\":\"" + BOB.account()
                                    + "\",\"asset\":\"USD\",\"amount\":\"60\",\"preimage\":\"" + PREIMAGE + "\"}"));
        }

        @Test
        void accepts_an_upper_case_preimage_and_id_and_stores_them_in_lower_case() {
            mint(ALICE, 100);
            String id = lock(ALICE, BOB, 60, NOW + 600);
            String upperId = "0x" + id.substring(2).toUpperCase(java.util.Locale.ROOT);
            String upperPreimage = "0x" + "4A".repeat(32);
            String idJ = run(
                    ALICE,
                    h -> h.lock(
                            BOB.account(),
                            "0x" + sha256Hex(HexFormat.of().parseHex("4a".repeat(32))),
                            Long.toString(NOW + 600),
                            "USD",
                            "1",
                            "c",
                            "r",
                            "0"));

            run(BOB, h -> h.claim(upperId, PREIMAGE));
            run(BOB, h -> h.claim(idJ, upperPreimage));

            assertThat(run(BOB, h -> h.getLock(idJ))).contains("\"preimage\":\"0x" + "4a".repeat(32) + "\"");
            assertThat(balance("USD", BOB)).isEqualTo("61");
        }

        @Test
        void is_refused_at_and_after_the_time_lock() {
            mint(ALICE, 100);
            String id = lock(ALICE, BOB, 60, NOW + 600);

            ledger.at(Instant.ofEpochSecond(NOW + 600));
            refused(BOB, h -> h.claim(id, PREIMAGE), ErrorCode.Expired, id, "expired at " + (NOW + 600));
            ledger.at(Instant.ofEpochSecond(NOW + 6000));
            refused(BOB, h -> h.claim(id, PREIMAGE), ErrorCode.Expired);
            ledger.at(Instant.ofEpochSecond(NOW + 599, 999_000_000));
            run(BOB, h -> h.claim(id, PREIMAGE));
        }

        @Test
        void refuses_a_preimage_that_does_not_hash_to_the_lock() {
            mint(ALICE, 100);
            String id = lock(ALICE, BOB, 60, NOW + 600);

            refused(BOB, h -> h.claim(id, "0x" + "43".repeat(32)), ErrorCode.WrongPreimage, id, HASH_LOCK);
            refused(BOB, h -> h.claim(id, HASH_LOCK), ErrorCode.WrongPreimage);
        }

        @Test
        void refuses_an_unknown_id_a_claimed_lock_and_a_refunded_lock() {
            mint(ALICE, 100);
            String claimed = lock(ALICE, BOB, 10, NOW + 600);
            String refunded = lock(ALICE, BOB, 20, NOW + 600);
            run(BOB, h -> h.claim(claimed, PREIMAGE));

            refused(
                    BOB,
                    h -> h.claim("0x" + "00".repeat(32), PREIMAGE),
                    ErrorCode.LockNotFound,
                    "0x" + "00".repeat(32));
            refused(BOB, h -> h.claim(claimed, PREIMAGE), ErrorCode.NotLocked, claimed, "CLAIMED");

            ledger.at(Instant.ofEpochSecond(NOW + 600));
            run(ALICE, h -> h.refund(refunded));
            ledger.at(Instant.ofEpochSecond(NOW));
            refused(BOB, h -> h.claim(refunded, PREIMAGE), ErrorCode.NotLocked, "REFUNDED");
        }

        @Test
        void refuses_a_malformed_id_or_preimage() {
            refused(BOB, h -> h.claim("42", PREIMAGE), ErrorCode.BadArgument, "id");
            refused(BOB, h -> h.claim("0x" + "00".repeat(32), "0x42"), ErrorCode.BadArgument, "preimage");
        }

        @Test
        void a_payout_beyond_2_to_the_256_fails() {
            mint(ALICE, 10);
            run(ADMIN, h -> h.mint("USD", BOB.account(), MAX.toString()));
            String id = lock(ALICE, BOB, 10, NOW + 600);

            refused(CAROL, h -> h.claim(id, PREIMAGE), ErrorCode.TransferFailed);
            assertThat(run(CAROL, h -> h.getLock(id))).contains("\"status\":\"LOCKED\"");
        }
    }

    @Nested
    class Refund {
        @Test
        void pays_the_sender_from_the_time_lock_on_whoever_refunds() {
            mint(ALICE, 100);
            String id = lock(ALICE, BOB, 60, NOW + 600);

            refused(CAROL, h -> h.refund(id), ErrorCode.NotExpired, id, "from " + (NOW + 600), "time is " + NOW);
            ledger.at(Instant.ofEpochSecond(NOW + 600));
            assertThat(run(CAROL, h -> h.refund(id))).isEmpty();

            assertThat(balance("USD", ALICE)).isEqualTo("100");
            assertThat(balance("USD", BOB)).isEqualTo("0");
            assertThat(run(CAROL, h -> h.getLock(id)))
                    .endsWith("\"status\":\"REFUNDED\"}")
                    .doesNotContain("preimage");
            assertThat(ledger.lastEvent())
                    .isEqualTo(new MemoryLedger.Event(
                            "Refunded",
                            "{\"id\":\"" + id + "\",\"sender\":\"" + ALICE.account()
                                    + "\",\"asset\":\"USD\",\"amount\":\"60\"}"));
        }

        @Test
        void is_refused_before_the_time_lock_even_within_its_last_second() {
            mint(ALICE, 100);
            String id = lock(ALICE, BOB, 60, NOW + 600);
            ledger.at(Instant.ofEpochSecond(NOW + 599, 999_999_999));

            refused(ALICE, h -> h.refund(id), ErrorCode.NotExpired);
        }

        @Test
        void refuses_an_unknown_id_a_refunded_lock_and_a_claimed_lock() {
            mint(ALICE, 100);
            String refunded = lock(ALICE, BOB, 10, NOW + 600);
            String claimed = lock(ALICE, BOB, 20, NOW + 600);
            run(BOB, h -> h.claim(claimed, PREIMAGE));
            ledger.at(Instant.ofEpochSecond(NOW + 700));
            run(ALICE, h -> h.refund(refunded));

            refused(ALICE, h -> h.refund(refunded), ErrorCode.NotLocked, "REFUNDED");
            refused(ALICE, h -> h.refund(claimed), ErrorCode.NotLocked, "CLAIMED");
            refused(ALICE, h -> h.refund("0x" + "ff".repeat(32)), ErrorCode.LockNotFound);
            refused(ALICE, h -> h.refund("0xff"), ErrorCode.BadArgument, "id");
            assertThat(balance("USD", ALICE)).isEqualTo("80");
        }
    }

    @Nested
    class GetLock {
        @Test
        void refuses_an_unknown_or_malformed_id() {
            refused(ALICE, h -> h.getLock("0x" + "01".repeat(32)), ErrorCode.LockNotFound, "0x" + "01".repeat(32));
            refused(ALICE, h -> h.getLock(""), ErrorCode.BadArgument, "id");
        }
    }

    @Test
    void the_escrow_is_the_sum_of_the_locked_amounts() {
        mint(ALICE, 1000);
        mint(CAROL, 1000);
        lock(ALICE, BOB, 100, NOW + 600);
        String second = lock(CAROL, BOB, 250, NOW + 600);
        run(BOB, h -> h.claim(second, PREIMAGE));

        BigInteger total = ledger.state().entrySet().stream()
                .filter(e -> e.getKey().startsWith("\u0000balance\u0000"))
                .map(e -> new BigInteger(e.getValue()))
                .reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(total).isEqualTo(2000 - 100);
    }
}
