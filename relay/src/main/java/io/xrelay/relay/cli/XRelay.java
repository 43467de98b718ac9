/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the {@code xrelay} command line. */
@Command(
        name = "xrelay",
        mixinStandardHelpOptions = true,
        versionProvider = XRelay.Version.class,
        description = "Cross-chain relay between Hyperledger Fabric and Ethereum.",
        subcommands = {
            RunCommand.class,
            TransferCommand.class,
            DemoCommand.class,
            VerifyCommand.class,
            FabricCommand.class,
            CommandLine.HelpCommand.class
        })
public final class XRelay {
    private XRelay() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; used by {@link #main} and by tests. */
    public static int run(String... args) {
        return newCommandLine(System.in).execute(args);
    }

    /**
     * Runs one command line with the given standard input, output and error instead of the process's, so that tests
     * can feed and capture them.
     */
    static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = newCommandLine(in);
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine newCommandLine(InputStream in) {
        CommandLine cl = new CommandLine(XRelay.class, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == XRelay.class) {
                    return cls.cast(new XRelay());
                }
                if (cls == VerifyEthHeaderCommand.class) {
                    return cls.cast(new VerifyEthHeaderCommand(in));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        });
        cl.setExecutionExceptionHandler(new OneLineErrors());
        return cl;
    }

    /** Prints an uncaught failure as one line, {@code xrelay: <message>}, and exits 1. */
    static final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            String message = e.getMessage();
            commandLine
                    .getErr()
                    .println("xrelay: " + (message == null ? e.getClass().getSimpleName() : message));
            return 1;
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = XRelay.class.getPackage().getImplementationVersion();
            return new String[] {"xrelay " + (v == null ? "(development build)" : v)};
        }
    }
}
