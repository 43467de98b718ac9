/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * The relay's gRPC API (relay.v1): the services that map the public protobuf contract onto the relay's actors, with
 * the validation of every request and the mapping between protobuf messages and the relay's own types.
 */
@NullMarked
package io.xrelay.relay.api;

import org.jspecify.annotations.NullMarked;
