/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric.devnet;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The HTLC chaincode as the devnet deploys it: the self-contained chaincode-server jar that the module
 * {@code htlc-contracts/fabric-chaincode} builds, its default name and endorsement policy.
 */
public final class HtlcChaincode {
    /** The chaincode name {@link FabricDevnet#deployHtlc()} uses. */
    public static final String DEFAULT_NAME = "htlc";

    /** The endorsement policy {@link FabricDevnet#deployHtlc()} uses: a peer of each organisation. */
    public static final String BOTH_ORGS = FabricDevnet.BOTH_ORGS;

    /** The jar, relative to the repository root. */
    static final String JAR = "htlc-contracts/fabric-chaincode/target/xrelay-htlc-chaincode.jar";

    private HtlcChaincode() {}

    /**
     * The built chaincode jar: {@code <xrelay.root>/htlc-contracts/fabric-chaincode/target/xrelay-htlc-chaincode.jar}.
     *
     * @throws IllegalStateException if it is not there, saying how to build it
     */
    public static Path jar() {
        Path root = FabricDevnet.root();
        Path jar = root.resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the HTLC chaincode jar " + jar + " is missing: build the chaincode module"
                    + " first (./mvnw -pl htlc-contracts/fabric-chaincode -am package, or run this module's build with"
                    + " -am)");
        }
        return jar;
    }
}
