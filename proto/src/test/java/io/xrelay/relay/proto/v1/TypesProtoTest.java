/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.proto.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import org.junit.jupiter.api.Test;

class TypesProtoTest {
    @Test
    void a_block_ref_survives_the_wire_format() throws Exception {
        BlockRef ref = BlockRef.newBuilder()
                .setChain(ChainRef.newBuilder().setId("eth-devnet"))
                .setNumber(42)
                .setHash(ByteString.copyFrom(new byte[32]))
                .build();

        BlockRef back = BlockRef.parseFrom(ref.toByteArray());

        assertThat(back).isEqualTo(ref);
        assertThat(back.getChain().getId()).isEqualTo("eth-devnet");
    }

    @Test
    void the_api_package_is_relay_v1() {
        for (Descriptor d : TypesProto.getDescriptor().getMessageTypes()) {
            assertThat(d.getFullName()).startsWith("relay.v1.");
            for (FieldDescriptor f : d.getFields()) {
                assertThat(f.getName()).matches("[a-z][a-z0-9_]*");
            }
        }
    }
}
