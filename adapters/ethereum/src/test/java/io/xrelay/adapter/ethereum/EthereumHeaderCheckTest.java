/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xrelay.adapter.Bytes;
import org.junit.jupiter.api.Test;

class EthereumHeaderCheckTest {
    @Test
    void reports_a_matching_hash_with_fork_and_number() {
        EthereumHeaderCheck.Result r = EthereumHeaderCheck.check(Fixtures.json("prague-23513000"));

        assertThat(r.matches()).isTrue();
        assertThat(r.computedHash())
                .isEqualTo(r.claimedHash())
                .isEqualTo(Bytes.fromHex("0x65407618ec1f44bd793f024f9ce855d7287ea4a9d7ae4c9e672362a372b9ded4"));
        assertThat(r.fork()).isEqualTo("prague");
        assertThat(r.number()).isEqualTo(23_513_000L);
    }

    @Test
    void reports_a_mismatch_with_both_hashes() {
        String json =
                Fixtures.json("shanghai-17034870").replace("\"gasUsed\": \"0x1c9bfe2\"", "\"gasUsed\": \"0x1c9bfe3\"");

        EthereumHeaderCheck.Result r = EthereumHeaderCheck.check(json);

        assertThat(r.matches()).isFalse();
        assertThat(r.claimedHash())
                .isEqualTo(Bytes.fromHex("0xe22c56f211f03baadcc91e4eb9a24344e6848c5df4473988f893b58223f5216c"));
        assertThat(r.computedHash()).isNotEqualTo(r.claimedHash());
        assertThat(r.fork()).isEqualTo("shanghai");
    }

    @Test
    void accepts_a_whole_json_rpc_response() {
        String response = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + Fixtures.json("frontier-1") + "}";

        assertThat(EthereumHeaderCheck.check(response).matches()).isTrue();
    }

    @Test
    void a_response_without_a_block_is_refused() {
        assertThatThrownBy(() -> EthereumHeaderCheck.check("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("result: null: the node has no such block");
    }

    @Test
    void malformed_json_is_an_illegal_argument_naming_the_problem() {
        assertThatThrownBy(() -> EthereumHeaderCheck.check("{\"number\": 0x1}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("header: not valid JSON at line 1, column");
        assertThatThrownBy(() -> EthereumHeaderCheck.check("{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parentHash: missing");
    }
}
