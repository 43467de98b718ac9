/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The journal and snapshot store: pekko-persistence-jdbc on an embedded H2 file database by default or on
 * PostgreSQL; {@link io.xrelay.relay.persistence.JournalSetup} turns the persistence settings into the actor system's
 * configuration and creates the tables when they are absent.
 */
@NullMarked
package io.xrelay.relay.persistence;

import org.jspecify.annotations.NullMarked;
