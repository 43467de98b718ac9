/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HashLock;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.HtlcStatus;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The chaincode's lock object and event payloads, read strictly. */
class HtlcJsonTest {
    private static final String SENDER = "Org1MSP:" + "3f".repeat(32);
    private static final String RECEIVER = "Org2MSP:" + "0a".repeat(32);
    private static final Preimage PREIMAGE = new Preimage(Bytes.fromHex("0x" + "42".repeat(32)));
    private static final String ID = "0x" + "ee".repeat(32);

    private static String lock(String status, String extra) {
        return "{\"id\":\"" + ID + "\",\"sender\":\"" + SENDER + "\",\"receiver\":\"" + RECEIVER + "\",\"hashLock\":\""
                + PREIMAGE.hashLock().hash().toHex() + "\",\"timeLock\":\"1900000000\",\"asset\":\"XRT\","
                + "\"amount\":\"1000\",\"destinationChain\":\"eth-sepolia\",\"destinationRecipient\":\"0xAbC\","
                + "\"minDestinationAmount\":\"0\",\"status\":\"" + status + "\"" + extra + "}";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static LockTerms terms() {
        return new LockTerms(
                Account.of(SENDER),
                Account.of(RECEIVER),
                PREIMAGE.hashLock(),
                new TimeLock(1_900_000_000L),
                Asset.of("XRT"),
                Amount.of(1000),
                ChainId.of("eth-sepolia"),
                Account.of("0xAbC"),
                Amount.ZERO);
    }

    @Test
    void reads_a_locked_lock() {
        HtlcJson.Lock lock = HtlcJson.lock(utf8(lock("LOCKED", "")));

        assertThat(lock.id()).isEqualTo(HtlcId.of(ID));
        assertThat(lock.terms()).isEqualTo(terms());
        assertThat(lock.status()).isEqualTo(HtlcStatus.LOCKED);
        assertThat(lock.preimage()).isEmpty();
        assertThat(lock.record().status()).isEqualTo(HtlcStatus.LOCKED);
    }

    @Test
    void reads_a_claimed_lock_with_its_preimage() {
        HtlcJson.Lock lock = HtlcJson.lock(
                utf8(lock("CLAIMED", ",\"preimage\":\"" + PREIMAGE.secret().toHex() + "\"")));

        assertThat(lock.status()).isEqualTo(HtlcStatus.CLAIMED);
        assertThat(lock.preimage()).contains(PREIMAGE);
        assertThat(lock.record().preimage()).contains(PREIMAGE);
    }

    @Test
    void a_claimed_lock_whose_preimage_does_not_open_it_is_no_record() {
        HtlcJson.Lock lock = HtlcJson.lock(utf8(lock("CLAIMED", ",\"preimage\":\"0x" + "00".repeat(32) + "\"")));

        assertThatThrownBy(lock::record).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"amount\":\"1000\"|\"amount\":\"01000\"",
                "\"amount\":\"1000\"|\"amount\":\"0\"",
                "\"amount\":\"1000\"|\"amount\":\"-1\"",
                "\"timeLock\":\"1900000000\"|\"timeLock\":\"0\"",
                "\"timeLock\":\"1900000000\"|\"timeLock\":\"1e9\"",
                "\"status\":\"LOCKED\"|\"status\":\"locked\"",
                "\"asset\":\"XRT\"|\"asset\":\"X RT\"",
                "\"destinationChain\":\"eth-sepolia\"|\"destinationChain\":\"Eth Sepolia\"",
                "\"sender\":\"Org1MSP|\"sender\":\"0rg1MSP x",
                "\"minDestinationAmount\":\"0\"|\"minDestinationAmount\":\"00\"",
                "\"status\":\"LOCKED\"|\"status\":\"LOCKED\",\"extra\":\"1\"",
                "\"id\":\"0x|\"id\":\"0X",
                ",\"status\":\"LOCKED\"|''"
            })
    void refuses_a_lock_with_a_field_out_of_form(String from, String to) {
        String json = lock("LOCKED", "").replace(from, to);

        assertThatThrownBy(() -> HtlcJson.lock(utf8(json))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refuses_an_uppercase_hash_lock_and_a_preimage_on_a_locked_lock() {
        String upper = lock("LOCKED", "")
                .replace(
                        PREIMAGE.hashLock().hash().toHex(),
                        PREIMAGE.hashLock()
                                .hash()
                                .toHex()
                                .toUpperCase(java.util.Locale.ROOT)
                                .replace("0X", "0x"));
        assertThatThrownBy(() -> HtlcJson.lock(utf8(upper))).isInstanceOf(IllegalArgumentException.class);
        String withPreimage =
                lock("LOCKED", ",\"preimage\":\"" + PREIMAGE.secret().toHex() + "\"");
        assertThatThrownBy(() -> HtlcJson.lock(utf8(withPreimage))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reads_the_three_htlc_events() {
        assertThat(HtlcJson.event("Locked", utf8(lock("LOCKED", ""))))
                .contains(new HtlcEvent.Locked(HtlcId.of(ID), terms()));
        assertThat(HtlcJson.event(
                        "Claimed",
                        utf8("{\"id\":\"" + ID + "\",\"receiver\":\"" + RECEIVER
                                + "\",\"asset\":\"XRT\",\"amount\":\"1000\",\"preimage\":\""
                                + PREIMAGE.secret().toHex()
                                + "\"}")))
                .contains(new HtlcEvent.Claimed(HtlcId.of(ID), PREIMAGE));
        assertThat(HtlcJson.event(
                        "Refunded",
                        utf8("{\"id\":\"" + ID + "\",\"sender\":\"" + SENDER
                                + "\",\"asset\":\"XRT\",\"amount\":\"1000\"}")))
                .contains(new HtlcEvent.Refunded(HtlcId.of(ID)));
    }

    @Test
    void token_events_are_no_htlc_events() {
        assertThat(HtlcJson.event(
                        "Minted", utf8("{\"asset\":\"XRT\",\"account\":\"" + SENDER + "\",\"amount\":\"5\"}")))
                .isEqualTo(Optional.empty());
        assertThat(HtlcJson.event("Transferred", utf8("not even JSON"))).isEmpty();
    }

    @Test
    void refuses_malformed_htlc_events() {
        assertThatThrownBy(() -> HtlcJson.event(
                        "Locked",
                        utf8(lock(
                                "CLAIMED",
                                ",\"preimage\":\"" + PREIMAGE.secret().toHex() + "\""))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status CLAIMED");
        assertThatThrownBy(() -> HtlcJson.event("Claimed", utf8("{\"id\":\"" + ID + "\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Claimed event has no");
        assertThatThrownBy(() -> HtlcJson.event("Refunded", new byte[] {(byte) 0xff}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> HtlcJson.event(
                        "Claimed",
                        utf8("{\"id\":\"" + ID + "\",\"receiver\":\"" + RECEIVER
                                + "\",\"asset\":\"XRT\",\"amount\":\"1000\",\"preimage\":\"0x1234\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("preimage");
    }

    @Test
    void the_hash_lock_is_kept_as_bytes() {
        HtlcJson.Lock lock = HtlcJson.lock(utf8(lock("REFUNDED", "")));

        assertThat(lock.terms().hashLock())
                .isEqualTo(new HashLock(PREIMAGE.hashLock().hash()));
        assertThat(lock.status()).isEqualTo(HtlcStatus.REFUNDED);
    }

    private static String claimed() {
        return "\"id\":\"" + ID + "\",\"receiver\":\"" + RECEIVER + "\",\"asset\":\"XRT\",\"amount\":\"1000\","
                + "\"preimage\":\"" + PREIMAGE.secret().toHex() + "\"";
    }

    @Test
    void a_batch_event_is_each_of_its_elements_in_order_and_any_other_event_is_its_own() {
        String locked = "{\"event\":\"Locked\"," + lock("LOCKED", "").substring(1);
        String batch = "[" + locked + ",{\"event\":\"Claimed\"," + claimed() + "},{\"event\":\"Refunded\",\"id\":\""
                + ID + "\",\"sender\":\"" + SENDER + "\",\"asset\":\"XRT\",\"amount\":\"1000\"}]";

        assertThat(HtlcJson.events("Batch", utf8(batch)))
                .containsExactly(
                        new HtlcEvent.Locked(HtlcId.of(ID), terms()),
                        new HtlcEvent.Claimed(HtlcId.of(ID), PREIMAGE),
                        new HtlcEvent.Refunded(HtlcId.of(ID)));
        assertThat(HtlcJson.events("Locked", utf8(lock("LOCKED", ""))))
                .containsExactly(new HtlcEvent.Locked(HtlcId.of(ID), terms()));
        assertThat(HtlcJson.events("Minted", utf8("{}"))).isEmpty();
    }

    @Test
    void refuses_a_malformed_batch_event() {
        String claimed = "{\"event\":\"Claimed\"," + claimed() + "}";
        assertThatThrownBy(() -> HtlcJson.events("Batch", utf8("[]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without events");
        assertThatThrownBy(() ->
                        HtlcJson.events("Batch", utf8("[" + claimed + ",{" + claimed() + ",\"event\":\"Claimed\"}]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("element 1 does not start with \"event\"");
        assertThatThrownBy(() -> HtlcJson.events(
                        "Batch",
                        utf8("[{\"event\":\"Minted\",\"asset\":\"XRT\",\"account\":\"" + SENDER
                                + "\",\"amount\":\"5\"}]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("element 0 is a \"Minted\" event");
        assertThatThrownBy(() -> HtlcJson.events("Batch", utf8("[{\"event\":\"Claimed\",\"id\":\"" + ID + "\"}]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("element 0: Claimed event has no");
        assertThatThrownBy(() -> HtlcJson.events("Batch", utf8(claimed)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a JSON array");
    }

    @Test
    void reads_a_batch_answer_of_one_result_per_operation() {
        assertThat(HtlcJson.batchResults(
                        utf8("[{\"ok\":\"" + ID + "\"},{\"error\":\"InsufficientFunds: a has 1\"},{\"ok\":\"\"}]"), 3))
                .containsExactly(
                        new HtlcJson.BatchResult.Done(ID),
                        new HtlcJson.BatchResult.Refused("InsufficientFunds: a has 1"),
                        new HtlcJson.BatchResult.Done(""));
        assertThatThrownBy(() -> HtlcJson.batchResults(utf8("[{\"ok\":\"\"}]"), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 results for 2 operations");
        assertThatThrownBy(() -> HtlcJson.batchResults(utf8("[{\"ok\":\"\",\"error\":\"x\"}]"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Batch result 0");
        assertThatThrownBy(() -> HtlcJson.batchResults(utf8("[{\"value\":\"\"}]"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Batch result 0");
    }
}
