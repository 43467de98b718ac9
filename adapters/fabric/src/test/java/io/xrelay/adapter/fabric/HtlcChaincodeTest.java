/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.HashLock;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.LockTerms;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.TimeLock;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Lock ids against vectors computed outside Java (Python's hashlib and struct over the documented encoding), and the
 * chaincode arguments of a lock and a claim.
 */
class HtlcChaincodeTest {
    private static final Account SENDER = Account.of("Org1MSP:" + "3f".repeat(32));
    private static final Account RECEIVER = Account.of("Org2MSP:" + "0a".repeat(32));
    private static final HashLock HASH_LOCK = HashLock.fromHex("0x" + "c4".repeat(32));

    private static LockTerms terms(Asset asset, Amount amount, String chain, String recipient, Amount min) {
        return new LockTerms(
                SENDER,
                RECEIVER,
                HASH_LOCK,
                new TimeLock(1_900_000_000L),
                asset,
                amount,
                ChainId.of(chain),
                Account.of(recipient),
                min);
    }

    @Test
    void the_lock_id_matches_the_reference_vectors() {
        assertThat(HtlcChaincode.lockId(
                        "xrelay",
                        terms(
                                Asset.of("XRT"),
                                Amount.of(1000),
                                "tck-destination",
                                "tck-destination-recipient",
                                Amount.of(990))))
                .isEqualTo(HtlcId.of("0x44ef753b82300429c2860180f2bf478d550aebbde964ab6945478d355fdf978b"));
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        assertThat(HtlcChaincode.lockId(
                        "trade", terms(Asset.of("Zürich"), Amount.of(max), "fabric-trade", "Zürich ✓", Amount.ZERO)))
                .isEqualTo(HtlcId.of("0xca8592867270fdb40ef0cfc19024deda24198393c5619d3df231fc2e6a497cd6"));
    }

    @Test
    void the_lock_id_depends_on_the_channel_and_every_term() {
        LockTerms base = terms(Asset.of("XRT"), Amount.of(1000), "eth", "0xaa", Amount.of(990));
        HtlcId id = HtlcChaincode.lockId("xrelay", base);

        assertThat(HtlcChaincode.lockId("other", base)).isNotEqualTo(id);
        assertThat(HtlcChaincode.lockId(
                        "xrelay", terms(Asset.of("XRT"), Amount.of(1001), "eth", "0xaa", Amount.of(990))))
                .isNotEqualTo(id);
        assertThat(HtlcChaincode.lockId(
                        "xrelay", terms(Asset.of("XRT"), Amount.of(1000), "eth", "0xaa", Amount.of(989))))
                .isNotEqualTo(id);
        assertThat(HtlcChaincode.lockId(
                        "xrelay", terms(Asset.of("XRT"), Amount.of(1000), "et", "h0xaa", Amount.of(990))))
                .as("the length prefixes keep field boundaries apart")
                .isNotEqualTo(id);
        assertThat(id.value()).matches("0x[0-9a-f]{64}");
    }

    @Test
    void lock_arguments_are_the_documented_strings_in_order() {
        LockRequest r = new LockRequest(
                RECEIVER,
                HashLock.fromHex("0x" + "C4".repeat(32)),
                new TimeLock(1_900_000_000L),
                Asset.of("XRT"),
                Amount.of(1000),
                ChainId.of("eth-sepolia"),
                Account.of("0xAbC"),
                Amount.ZERO);

        assertThat(HtlcChaincode.lockArguments(r))
                .containsExactly(
                        RECEIVER.value(),
                        "0x" + "c4".repeat(32),
                        "1900000000",
                        "XRT",
                        "1000",
                        "eth-sepolia",
                        "0xAbC",
                        "0");
    }

    @Test
    void claim_arguments_are_the_id_and_the_preimage_in_hex() {
        Preimage p = new Preimage(Bytes.fromHex("0x" + "01".repeat(32)));
        HtlcId id = HtlcId.of("0x" + "ee".repeat(32));

        assertThat(HtlcChaincode.claimArguments(id, p)).containsExactly(id.value(), "0x" + "01".repeat(32));
    }
}
