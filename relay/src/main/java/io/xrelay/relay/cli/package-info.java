/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The {@code xrelay} command line: the daemon's entry point and the operators' tools. Each command prints one clear
 * line on error and exits non-zero; {@link io.xrelay.relay.cli.XRelay} is the root command.
 */
@NullMarked
package io.xrelay.relay.cli;

import org.jspecify.annotations.NullMarked;
