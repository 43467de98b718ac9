/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/** TODO-DOC. */
@NullMarked
package io.xrelay.adapter.ethereum;

import org.jspecify.annotations.NullMarked;
