/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import io.xrelay.relay.devnet.DevnetException;
import io.xrelay.relay.devnet.LocalDevnet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xrelay devnet up|down|status [--dir DIR]}: local devnets (anvil and Fabric) that run on after the command,
 * set up for the relay, with its configuration, an API token and the chains' registration files in DIR.
 */
@Command(
        name = "devnet",
        mixinStandardHelpOptions = true,
        description = "Local devnets for the relay: anvil and a Fabric network on 127.0.0.1, kept in a folder.",
        subcommands = {DevnetCommand.Up.class, DevnetCommand.Down.class, DevnetCommand.Status.class})
final class DevnetCommand {
    static final int FAILED = 1;

    /** The devnet folder option every subcommand takes. */
    static final class DirOption {
        @Option(names = "--dir", paramLabel = "DIR", description = "The devnet's folder [Default: ./.xrelay/devnet].")
        @Nullable
        Path dir;

        LocalDevnet devnet() {
            return LocalDevnet.at(dir == null ? LocalDevnet.DEFAULT_DIR : dir);
        }
    }

    abstract static class Sub implements Callable<Integer> {
        @Spec
        @Nullable
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        DirOption dir = new DirOption();

        PrintWriter out() {
            return Objects.requireNonNull(spec).commandLine().getOut();
        }

        PrintWriter err() {
            return Objects.requireNonNull(spec).commandLine().getErr();
        }

        @Override
        public Integer call() {
            try {
                return run(dir.devnet());
            } catch (DevnetException e) {
                err().println("xrelay: devnet: " + e.getMessage());
                return FAILED;
            }
        }

        abstract int run(LocalDevnet devnet);
    }

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description = {
                "Start anvil and the Fabric devnet, deploy the HTLC contract, the RUSD token and the HTLC chaincode,"
                        + " fund the operator and the demo users alice (Ethereum) and bob (Fabric), and write"
                        + " relay.conf, token, chains/*.json and users/*.conf in DIR.",
                "A running devnet is left as it is."
            })
    static final class Up extends Sub {
        @Override
        int run(LocalDevnet devnet) {
            PrintWriter out = out();
            LocalDevnet.UpResult r = devnet.up(line -> {
                out.println(line);
                out.flush();
            });
            if (r.alreadyRunning()) {
                out.println("devnet: already running in " + devnet.dir() + " (anvil at " + r.rpcUrl()
                        + "); nothing changed");
            } else {
                out.println("devnet: up in " + devnet.dir());
                out.println("  relay:  xrelay run --config " + r.relayConfig());
                out.println("  chains: xrelay chain register --file "
                        + devnet.dir().resolve("chains/eth-dev.json") + " (and fabric-dev.json)");
                out.println("  users:  " + devnet.userConfig(LocalDevnet.ETH_USER) + ", "
                        + devnet.userConfig(LocalDevnet.FABRIC_USER));
                out.println("  stop:   xrelay devnet down" + dirFlag(devnet));
            }
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop every process of the devnet.")
    static final class Down extends Sub {
        @Override
        int run(LocalDevnet devnet) {
            List<String> stopped = devnet.down();
            if (stopped.isEmpty()) {
                out().println("devnet: nothing was running in " + devnet.dir());
            } else {
                for (String s : stopped) {
                    out().println("devnet: stopped " + s);
                }
            }
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Each node of the devnet: up or down, and its height.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:every node is up", "1:a node is down"})
    static final class Status extends Sub {
        @Override
        int run(LocalDevnet devnet) {
            List<LocalDevnet.NodeStatus> nodes = devnet.status();
            boolean allUp = true;
            for (LocalDevnet.NodeStatus n : nodes) {
                out().println(n.line());
                allUp &= n.up();
            }
            return allUp ? 0 : FAILED;
        }
    }

    static String dirFlag(LocalDevnet devnet) {
        Path def = LocalDevnet.at(LocalDevnet.DEFAULT_DIR).dir();
        return devnet.dir().equals(def) ? "" : " --dir " + devnet.dir();
    }

    private DevnetCommand() {}
}
