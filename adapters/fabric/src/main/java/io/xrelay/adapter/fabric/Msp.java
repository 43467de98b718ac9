/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

/** One MSP's rules: root/intermediate CAs, NodeOUs, admins, CRLs; validates identities and their role. */
final class Msp {
    private Msp() {}
}
