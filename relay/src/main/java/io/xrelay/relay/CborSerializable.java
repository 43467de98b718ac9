/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay;

/**
 * Marks a message, persisted event or state that Pekko serializes with Jackson CBOR (the binding is in this module's
 * {@code reference.conf}). Whatever is persisted carries plain fields only (strings, numbers, enums and records of
 * those), never the adapter SPI's records, so that the journal's format does not follow the SPI.
 */
public interface CborSerializable {}
