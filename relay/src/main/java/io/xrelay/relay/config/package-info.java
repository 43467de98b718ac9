/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The relay's configuration: records parsed once from HOCON, each parser failing fast with a
 * {@link com.typesafe.config.ConfigException} that names the offending key and where it was set.
 */
@NullMarked
package io.xrelay.relay.config;

import org.jspecify.annotations.NullMarked;
