/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Both devnets and the relay as a child process, one of each per test class: started before its first test, the relay
 * stopped and then the devnets after its last (a subclass's own {@code @AfterAll} runs before these).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RelayFixture {
    private final String name;
    protected Devnets net;
    protected RelayProcess relay;

    /** @param name the class's short name, used for its folder under target/it-relay */
    RelayFixture(String name) {
        this.name = name;
    }

    @BeforeAll
    final void startDevnetsAndRelay() {
        net = Devnets.start(name);
        relay = RelayProcess.start(net.configFile(), net.dir().resolve("relay.log"));
    }

    @AfterAll
    final void stopRelayAndDevnets() {
        try {
            if (relay != null) {
                relay.close();
            }
        } finally {
            if (net != null) {
                net.close();
            }
        }
    }
}
