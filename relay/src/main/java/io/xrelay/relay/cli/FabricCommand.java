/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import picocli.CommandLine.Command;

/** {@code xrelay fabric ...}: tools for a Hyperledger Fabric chain. */
@Command(
        name = "fabric",
        mixinStandardHelpOptions = true,
        description = "Tools for a Hyperledger Fabric chain.",
        subcommands = {FabricFetchBlocksCommand.class})
final class FabricCommand {}
