/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import java.util.Arrays;

/** The chaincode event a transaction set: its name and payload. */
// byte[] components as the shared design fixes them; the arrays are copied in and out
@SuppressWarnings("ArrayRecordComponent")
record ChaincodeEventData(String name, byte[] payload) {
    ChaincodeEventData {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChaincodeEventData e && e.name.equals(name) && Arrays.equals(e.payload, payload);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "ChaincodeEventData[" + name + ", " + payload.length + " bytes]";
    }
}
