/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import picocli.CommandLine.Command;

/** {@code xrelay verify ...}: check chain data offline, the way the relay checks it. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Verify chain data offline, as the relay does.",
        subcommands = {VerifyEthHeaderCommand.class, VerifyFabricBlockCommand.class})
final class VerifyCommand {}
