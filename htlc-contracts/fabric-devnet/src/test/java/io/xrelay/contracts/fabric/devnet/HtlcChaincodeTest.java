/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

@ResourceLock(Resources.SYSTEM_PROPERTIES)
class HtlcChaincodeTest {
    private final String root = System.getProperty("xrelay.root", "");

    @AfterEach
    void restoreRoot() {
        System.setProperty("xrelay.root", root);
    }

    @Test
    void finds_the_jar_the_chaincode_module_built_under_the_repository_root(@TempDir Path fakeRoot) throws Exception {
        Path jar = fakeRoot.resolve("htlc-contracts/fabric-chaincode/target/xrelay-htlc-chaincode.jar");
        Files.createDirectories(jar.getParent());
        Files.write(jar, new byte[] {0x50, 0x4b});
        System.setProperty("xrelay.root", fakeRoot.toString());

        assertThat(HtlcChaincode.jar()).isEqualTo(jar);
    }

    @Test
    void says_to_build_the_chaincode_module_when_the_jar_is_missing(@TempDir Path fakeRoot) {
        System.setProperty("xrelay.root", fakeRoot.toString());

        assertThatThrownBy(HtlcChaincode::jar)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("xrelay-htlc-chaincode.jar is missing")
                .hasMessageContaining("build the chaincode module")
                .hasMessageContaining("./mvnw -pl htlc-contracts/fabric-chaincode -am package");
    }

    @Test
    void the_devnet_script_is_found_under_the_root_the_build_sets() {
        assertThat(FabricDevnet.script()).endsWith(Path.of("integration-tests/devnet/fabric/fabric-devnet.sh"));
        assertThat(FabricDevnet.script()).isExecutable();
    }
}
