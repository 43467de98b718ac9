/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import java.util.concurrent.ExecutorService;

/** The threads that drive users in parallel: one per task, since each task mostly waits for a chain. */
final class Executors {
    /** Virtual threads would pin on the adapters' synchronized blocks; platform threads, made on demand. */
    static final ExecutorService POOL = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "e2e-user");
        t.setDaemon(true);
        return t;
    });

    private Executors() {}
}
