/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The adapter testkit: an in-memory chain adapter for unit tests of the relay, and the abstract contract test that
 * every real adapter must pass against a real node.
 */
@NullMarked
package io.xrelay.adapter.testkit;

import org.jspecify.annotations.NullMarked;
