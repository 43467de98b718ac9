/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

/**
 * An HTLC event whose block the adapter verified from its trust anchor and whose inclusion in that block it proved.
 */
public record VerifiedHtlcEvent(HtlcEvent event, EventOrigin origin, InclusionProof proof) {}
