/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnvilOptionsTest {
    @Test
    void defaults_are_chain_31337_with_automine_and_the_latest_hardfork() {
        AnvilOptions options = AnvilOptions.defaults();

        assertThat(options.chainId()).isEqualTo(31337);
        assertThat(options.blockTime()).isNull();
        assertThat(options.hardfork()).isNull();
        assertThat(options.extraArgs()).isEmpty();
        assertThat(options.logFile()).isNull();
    }

    @Test
    void withers_change_one_option_each() {
        AnvilOptions options = AnvilOptions.defaults()
                .withChainId(7)
                .withBlockTime(Duration.ofSeconds(2))
                .withHardfork("cancun")
                .withExtraArgs(List.of("--accounts", "3"))
                .withLogFile(Path.of("a.log"));

        assertThat(options)
                .isEqualTo(new AnvilOptions(
                        7, Duration.ofSeconds(2), "cancun", List.of("--accounts", "3"), Path.of("a.log")));
        assertThat(options.withAutomine().blockTime()).isNull();
    }

    @Test
    void refuses_a_chain_id_that_is_not_positive() {
        assertThatThrownBy(() -> AnvilOptions.defaults().withChainId(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chainId")
                .hasMessageContaining("0");
    }

    @Test
    void refuses_a_block_time_that_is_not_positive() {
        assertThatThrownBy(() -> AnvilOptions.defaults().withBlockTime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blockTime");
    }

    @Test
    void refuses_a_hardfork_that_is_not_a_name() {
        assertThatThrownBy(() -> AnvilOptions.defaults().withHardfork("cancun --port 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hardfork")
                .hasMessageContaining("cancun --port 1");
    }

    @Test
    void refuses_extra_arguments_that_the_launcher_sets_itself() {
        for (String reserved : List.of("--port", "--host=0.0.0.0", "-p", "--chain-id", "--block-time", "--hardfork")) {
            assertThatThrownBy(() -> AnvilOptions.defaults().withExtraArgs(List.of(reserved)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(reserved);
        }
    }

    @Test
    void keeps_an_immutable_copy_of_the_extra_arguments() {
        List<String> args = new java.util.ArrayList<>(List.of("--accounts", "3"));
        AnvilOptions options = AnvilOptions.defaults().withExtraArgs(args);
        args.add("--silent");

        assertThat(options.extraArgs()).containsExactly("--accounts", "3");
        assertThatThrownBy(() -> options.extraArgs().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
