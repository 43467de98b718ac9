/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter;

import org.jspecify.annotations.Nullable;

/** A chain's configuration is unusable; the message names the key. Raised at creation only. Not retryable. */
public final class AdapterConfigException extends ChainAdapterException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public AdapterConfigException(ChainId chain, String key, String message, @Nullable Throwable cause) {
        super(chain, "config '" + key + "': " + message, cause);
        this.key = key;
    }

    public AdapterConfigException(ChainId chain, String key, String message) {
        this(chain, key, message, null);
    }

    public String key() {
        return key;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
