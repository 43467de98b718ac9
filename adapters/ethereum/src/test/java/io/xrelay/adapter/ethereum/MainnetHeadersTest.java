/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.xrelay.adapter.Bytes;
import io.xrelay.adapter.ChainId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/** Real mainnet headers of every header layout since Frontier: the recomputed hash must be the block's hash. */
class MainnetHeadersTest {
    private static final HeaderRules RULES = new HeaderRules(ChainId.of("eth-mainnet"), HeaderRules.Config.MAINNET);

    static List<String> fixtures() {
        return Fixtures.names();
    }

    @Test
    void there_is_a_fixture_for_every_header_layout() {
        assertThat(Fixtures.names().stream().map(Fixtures::header).map(EthHeader::fork))
                .containsAll(List.of(EthFork.values()));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void recomputes_the_claimed_hash_of_a_mainnet_header(String fixture) {
        EthHeader header = Fixtures.header(fixture);

        assertThat(header.number()).isEqualTo(Fixtures.numberOf(fixture));
        assertThat(header.hash()).isEqualTo(header.claimedHash());
        assertThat(header.hashMatches()).isTrue();
        assertThatCode(() -> RULES.verifyHash(header)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void encodes_exactly_as_web3j_rlp_encoder_does(String fixture) {
        EthHeader header = Fixtures.header(fixture);

        assertThat(Bytes.wrap(header.rlp())).isEqualTo(Bytes.wrap(web3jRlp(header)));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void the_layout_of_a_fixture_matches_the_mainnet_fork_schedule(String fixture) {
        EthHeader header = Fixtures.header(fixture);

        assertThat(header.fork()).isEqualTo(ForkSchedule.MAINNET.layoutAt(header.number(), header.timestamp()));
        assertThat(header.rlp()).isNotEmpty();
    }

    /** Block hashes as published independently of the fixtures (client fork lists, upgrade announcements). */
    @ParameterizedTest
    @CsvSource({
        "frontier-0,           0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3, frontier",
        "frontier-1,           0x88e96d4537bea4d9c05d12549907b32561d3bf31f45aae734cdc119f13406cb6, frontier",
        "homestead-1920000,    0x4985f5ca3d2afbec36529aa96f74de3cc10a2a4a6c44f2157a57d2c6059a11bb, frontier",
        "byzantium-4370000,    0xb1fcff633029ee18ab6482b58ff8b6e95dd7c82a954c852157152a7a6d32785e, frontier",
        "istanbul-9069000,     0x451226b98bf4f784314e9ca2daaa30dc664a387c342ef775ba2d88682a27c084, frontier",
        "berlin-12244000,      0x1638380ab737e0e916bd1c7f23bd2bab2a532e44b90047f045f262ee21c42b21, frontier",
        "london-12965000,      0x9b83c12c69edb74f6c8dd5d052765c1adf940e320bd1291696e6fa07829eee71, london",
        "london-12965001,      0xa32d159805750cbe428b799a49b85dcb2300f61d806786f317260e721727d162, london",
        "grayglacier-15537393, 0x55b11b918355b1ef9c5db810302ebad0bf2544255b530cdce90674d5887bb286, london",
        "paris-15537394,       0x56a9bb0302da44b8c0b3df540781424684c3af04d0b7a38d72842b762076a664, london",
        "paris-15537395,       0xe37e1a183a3d1c7234d090bfb7196081635919c26f2e65c67c106513158a7db4, london",
        "shanghai-17034870,    0xe22c56f211f03baadcc91e4eb9a24344e6848c5df4473988f893b58223f5216c, shanghai",
        "cancun-19426587,      0xf8e2f40d98fe5862bc947c8c83d34799c50fb344d7445d020a8a946d891b62ee, cancun",
        "prague-23513000,      0x65407618ec1f44bd793f024f9ce855d7287ea4a9d7ae4c9e672362a372b9ded4, prague",
    })
    void a_fixture_hashes_to_the_published_hash_of_its_block(String fixture, String publishedHash, String layout) {
        EthHeader header = Fixtures.header(fixture);

        assertThat(header.hash()).isEqualTo(Bytes.fromHex(publishedHash));
        assertThat(header.fork().displayName()).isEqualTo(layout);
    }

    @Test
    void the_london_fork_block_starts_at_one_gwei() {
        assertThat(Fixtures.header("london-12965000").baseFeePerGas()).isEqualTo(BigInteger.valueOf(1_000_000_000L));
    }

    @Test
    void the_cancun_fork_block_starts_without_blob_gas() {
        EthHeader cancun = Fixtures.header("cancun-19426587");

        assertThat(cancun.excessBlobGas()).isZero();
        assertThat(cancun.blobGasUsed()).isZero();
        assertThat(cancun.timestamp()).isEqualTo(ForkSchedule.MAINNET.cancunTime());
    }

    /** The same header encoded by web3j's general-purpose encoder, an independent implementation. */
    static byte[] web3jRlp(EthHeader h) {
        List<RlpType> items = new ArrayList<>();
        items.add(RlpString.create(h.parentHash().toByteArray()));
        items.add(RlpString.create(h.ommersHash().toByteArray()));
        items.add(RlpString.create(h.miner().toByteArray()));
        items.add(RlpString.create(h.stateRoot().toByteArray()));
        items.add(RlpString.create(h.transactionsRoot().toByteArray()));
        items.add(RlpString.create(h.receiptsRoot().toByteArray()));
        items.add(RlpString.create(h.logsBloom().toByteArray()));
        items.add(RlpString.create(h.difficulty()));
        items.add(RlpString.create(BigInteger.valueOf(h.number())));
        items.add(RlpString.create(BigInteger.valueOf(h.gasLimit())));
        items.add(RlpString.create(BigInteger.valueOf(h.gasUsed())));
        items.add(RlpString.create(BigInteger.valueOf(h.timestamp())));
        items.add(RlpString.create(h.extraData().toByteArray()));
        items.add(RlpString.create(h.mixHash().toByteArray()));
        items.add(RlpString.create(h.nonce().toByteArray()));
        BigInteger baseFee = h.baseFeePerGas();
        if (baseFee != null) {
            items.add(RlpString.create(baseFee));
        }
        Bytes withdrawals = h.withdrawalsRoot();
        if (withdrawals != null) {
            items.add(RlpString.create(withdrawals.toByteArray()));
        }
        Long blobGasUsed = h.blobGasUsed();
        Long excessBlobGas = h.excessBlobGas();
        Bytes beaconRoot = h.parentBeaconBlockRoot();
        if (blobGasUsed != null && excessBlobGas != null && beaconRoot != null) {
            items.add(RlpString.create(BigInteger.valueOf(blobGasUsed)));
            items.add(RlpString.create(BigInteger.valueOf(excessBlobGas)));
            items.add(RlpString.create(beaconRoot.toByteArray()));
        }
        Bytes requests = h.requestsHash();
        if (requests != null) {
            items.add(RlpString.create(requests.toByteArray()));
        }
        return RlpEncoder.encode(new RlpList(items));
    }
}
