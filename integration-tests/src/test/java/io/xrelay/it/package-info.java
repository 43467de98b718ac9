/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * End-to-end tests of xrelay as its users run it: the {@code xrelay} launcher and its commands, on real nodes that
 * the commands start themselves.
 */
@NullMarked
package io.xrelay.it;

import org.jspecify.annotations.NullMarked;
