/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.VerificationFailedException;
import java.math.BigInteger;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A change to any one field of a real header makes its hash mismatch the claimed one. */
class HeaderHashTest {
    private static final HeaderRules RULES = new HeaderRules(ChainId.of("eth-mainnet"), HeaderRules.Config.MAINNET);

    static Stream<Arguments> changes() {
        return Stream.of(
                change("parentHash", b -> b.parentHash = HeaderBuilder.flip(b.parentHash, 31)),
                change("sha3Uncles", b -> b.ommersHash = HeaderBuilder.flip(b.ommersHash, 0)),
                change("miner", b -> b.miner = HeaderBuilder.flip(b.miner, 19)),
                change("stateRoot", b -> b.stateRoot = HeaderBuilder.flip(b.stateRoot, 7)),
                change("transactionsRoot", b -> b.transactionsRoot = HeaderBuilder.flip(b.transactionsRoot, 8)),
                change("receiptsRoot", b -> b.receiptsRoot = HeaderBuilder.flip(b.receiptsRoot, 9)),
                change("logsBloom", b -> b.logsBloom = HeaderBuilder.flip(b.logsBloom, 255)),
                change("difficulty", b -> b.difficulty = b.difficulty.add(BigInteger.ONE)),
                change("number", b -> b.number++),
                change("gasLimit", b -> b.gasLimit--),
                change("gasUsed", b -> b.gasUsed++),
                change("timestamp", b -> b.timestamp++),
                change("extraData", b -> b.extraData = HeaderBuilder.flip(b.extraData, 0)),
                change("mixHash", b -> b.mixHash = HeaderBuilder.flip(b.mixHash, 16)),
                change("nonce", b -> b.nonce = HeaderBuilder.flip(b.nonce, 7)),
                change(
                        "baseFeePerGas",
                        b -> b.baseFeePerGas =
                                Objects.requireNonNull(b.baseFeePerGas).add(BigInteger.ONE)),
                change(
                        "withdrawalsRoot",
                        b -> b.withdrawalsRoot = HeaderBuilder.flip(Objects.requireNonNull(b.withdrawalsRoot), 1)),
                change("blobGasUsed", b -> b.blobGasUsed = Objects.requireNonNull(b.blobGasUsed) + 1),
                change("excessBlobGas", b -> b.excessBlobGas = Objects.requireNonNull(b.excessBlobGas) - 1),
                change(
                        "parentBeaconBlockRoot",
                        b -> b.parentBeaconBlockRoot =
                                HeaderBuilder.flip(Objects.requireNonNull(b.parentBeaconBlockRoot), 2)),
                change(
                        "requestsHash",
                        b -> b.requestsHash = HeaderBuilder.flip(Objects.requireNonNull(b.requestsHash), 3)));
    }

    private static Arguments change(String field, Consumer<HeaderBuilder> edit) {
        return Arguments.of(field, edit);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void a_changed_field_makes_the_hash_mismatch(String field, Consumer<HeaderBuilder> edit) {
        EthHeader real = Fixtures.header("prague-23513000");
        HeaderBuilder b = HeaderBuilder.from(real);
        edit.accept(b);
        EthHeader changed = b.build();

        assertThat(changed.hash()).as(field).isNotEqualTo(real.hash());
        assertThatThrownBy(() -> RULES.verifyHash(changed))
                .isInstanceOf(VerificationFailedException.class)
                .hasMessageContaining("block " + changed.number() + ": hash " + real.claimedHash() + " claimed")
                .hasMessageContaining("fields hash to " + changed.hash());
    }

    @Test
    void a_dropped_fork_field_changes_the_hash() {
        EthHeader real = Fixtures.header("prague-23513000");
        HeaderBuilder b = HeaderBuilder.from(real);
        b.requestsHash = null;
        EthHeader cancunShaped = b.build();

        assertThat(cancunShaped.fork()).isEqualTo(EthFork.CANCUN);
        assertThat(cancunShaped.hash()).isNotEqualTo(real.claimedHash());
    }

    @Test
    void a_wrong_claimed_hash_is_reported_with_both_hashes() {
        EthHeader real = Fixtures.header("frontier-1");
        HeaderBuilder b = HeaderBuilder.from(real);
        b.claimedHash = Bytes.fromHex("0x" + "00".repeat(32));
        EthHeader lying = b.build();

        assertThatThrownBy(() -> RULES.verifyHash(lying))
                .isInstanceOf(VerificationFailedException.class)
                .hasMessage("eth-mainnet: verification failed: block 1: hash 0x" + "00".repeat(32)
                        + " claimed, but the frontier header's fields hash to " + real.claimedHash());
    }
}
