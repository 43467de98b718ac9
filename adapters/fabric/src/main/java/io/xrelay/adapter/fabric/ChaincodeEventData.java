/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

/** The chaincode event a transaction set: its name and payload. */
// byte[] components as the shared design fixes them; the arrays are copied in and out
@SuppressWarnings("ArrayRecordComponent")
record ChaincodeEventData(String name, byte[] payload) {}
