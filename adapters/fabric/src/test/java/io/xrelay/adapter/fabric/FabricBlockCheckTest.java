/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks behind {@code xrelay verify fabric-block}, on block files. */
class FabricBlockCheckTest {
    @TempDir
    Path tmp;

    private static List<Path> fixtures(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(Fixtures::path).toList();
    }

    @Test
    void accepts_every_fixture_block_from_the_genesis_block() {
        List<FabricBlockCheck.Result> results = FabricBlockCheck.verify(Fixtures.path(0), fixtures(1, Fixtures.LAST));

        assertThat(results).hasSize(Fixtures.LAST);
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i)).isEqualTo(new FabricBlockCheck.Result(i + 1, Optional.empty()));
        }
    }

    @Test
    void reports_a_tampered_block_and_checks_the_next_against_the_last_accepted_one() throws IOException {
        Block b = Fixtures.block(2);
        Path tampered = tmp.resolve("2.block");
        Files.write(
                tampered,
                Fixtures.withHeader(
                                b,
                                b.getHeader().toBuilder()
                                        .setDataHash(Fixtures.flip(b.getHeader().getDataHash(), 3))
                                        .build())
                        .toByteArray());

        List<FabricBlockCheck.Result> results =
                FabricBlockCheck.verify(Fixtures.path(0), List.of(Fixtures.path(1), tampered, Fixtures.path(3)));

        assertThat(results)
                .containsExactly(
                        new FabricBlockCheck.Result(1, Optional.empty()),
                        new FabricBlockCheck.Result(
                                2, Optional.of("block 2: data hash does not match the transactions")),
                        new FabricBlockCheck.Result(3, Optional.of("block 3: out of order, block 2 expected")));
    }

    @Test
    void names_a_file_that_is_not_a_block() throws IOException {
        Path junk = tmp.resolve("junk.block");
        Files.writeString(junk, "this is not a block");

        assertThatThrownBy(() -> FabricBlockCheck.verify(Fixtures.path(0), List.of(Fixtures.path(1), junk)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(junk + ": not a Fabric block");
    }

    @Test
    void names_a_missing_file() {
        Path missing = tmp.resolve("missing.block");

        assertThatThrownBy(() -> FabricBlockCheck.verify(missing, List.of(Fixtures.path(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void refuses_a_config_file_that_is_not_a_config_block() {
        assertThatThrownBy(() -> FabricBlockCheck.verify(Fixtures.path(1), List.of(Fixtures.path(2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        Fixtures.path(1) + ": not a trust anchor: block 1: not a config block (its transaction is of"
                                + " type ENDORSER_TRANSACTION)");
    }
}
