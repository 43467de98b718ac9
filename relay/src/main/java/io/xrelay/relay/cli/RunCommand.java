/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import io.xrelay.relay.config.RelayConfig;
import io.xrelay.relay.config.RelayConfigException;
import io.xrelay.relay.persistence.PersistenceSetupException;
import io.xrelay.relay.relayer.Relay;
import io.xrelay.relay.relayer.RelayGuardian;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xrelay run --config FILE}: runs the relay until it is stopped (SIGTERM or Ctrl-C: a coordinated shutdown).
 * Prints {@code xrelay: relay ready (chains: eth-dev@<height>, ...)} on stdout once every chain follows; logs go to
 * stdout too (one line per transfer state change, {@code transfer <id> <State> ...}). A bad configuration gets one
 * line {@code xrelay: <key>: <problem>} on stderr and exit code 2.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the relay: follow every configured chain, relay HTLC transfers between the configured pairs, until"
                    + " stopped (SIGTERM or Ctrl-C).",
            "Prints 'xrelay: relay ready (chains: <id>@<height>, ...)' once every chain follows."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:stopped",
            "1:the journal's database could not be set up, or the relay failed",
            "2:bad flags or configuration"
        })
final class RunCommand implements Callable<Integer> {
    static final int FAILED = 1;
    static final int BAD_CONFIG = 2;

    /** The system property logback.xml reads for the console's target; {@code run} logs to stdout. */
    static final String LOG_TARGET_PROPERTY = "xrelay.log.target";

    @Spec
    private @Nullable CommandSpec spec;

    @Option(
            names = "--config",
            required = true,
            paramLabel = "FILE",
            description = "The relay's HOCON configuration (xrelay { chains = [...], pairs = [...], ... }; defaults in"
                    + " the relay's reference.conf).")
    private Path config = Path.of("");

    @Override
    public Integer call() {
        if (System.getProperty(LOG_TARGET_PROPERTY) == null) {
            System.setProperty(LOG_TARGET_PROPERTY, "System.out");
        }
        CommandSpec s = Objects.requireNonNull(spec, "picocli injects the command spec");
        PrintWriter out = s.commandLine().getOut();
        PrintWriter err = s.commandLine().getErr();
        RelayConfig relayConfig;
        try {
            relayConfig = RelayConfig.load(config);
        } catch (RelayConfigException e) {
            err.println("xrelay: " + e.getMessage());
            return BAD_CONFIG;
        }
        Relay relay;
        try {
            relay = Relay.start(relayConfig);
        } catch (PersistenceSetupException e) {
            err.println("xrelay: persistence: " + e.getMessage());
            return FAILED;
        } catch (RelayConfigException e) {
            err.println("xrelay: " + e.getMessage());
            return BAD_CONFIG;
        }
        relay.apiAddress().ifPresent(a -> {
            out.println("xrelay: api listening on " + a);
            out.flush();
        });
        try {
            RelayGuardian.Ready ready = relay.ready().toCompletableFuture().get();
            out.println(ready.line());
            out.flush();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            err.println("xrelay: " + cause.getMessage());
            err.flush();
            relay.close();
            return cause instanceof RelayConfigException ? BAD_CONFIG : FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            relay.close();
            return FAILED;
        }
        relay.whenTerminated().toCompletableFuture().join();
        return 0;
    }
}
