/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The relay's gRPC API (relay.v1): {@link io.xrelay.relay.api.ApiServer} serves the services on one port with
 * bearer-token authentication by role, standard health checking and server reflection;
 * {@link io.xrelay.relay.api.TransferGrpcService} is the dApp API, {@link io.xrelay.relay.api.AdminGrpcService} the chain
 * admins'. Requests are validated and mapped to the relay's
 * own types here, at the edge; the actors never see a protobuf message.
 */
@NullMarked
package io.xrelay.relay.api;

import org.jspecify.annotations.NullMarked;
