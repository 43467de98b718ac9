/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Durations;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.xrelay.relay.devnet.ChainSpecs;
import io.xrelay.relay.proto.v1.Chain;
import io.xrelay.relay.proto.v1.DeregisterChainRequest;
import io.xrelay.relay.proto.v1.GetChainRequest;
import io.xrelay.relay.proto.v1.ListChainsRequest;
import io.xrelay.relay.proto.v1.ListChainsResponse;
import io.xrelay.relay.proto.v1.PauseChainRequest;
import io.xrelay.relay.proto.v1.PreflightCheck;
import io.xrelay.relay.proto.v1.RegisterChainRequest;
import io.xrelay.relay.proto.v1.RegisterChainResponse;
import io.xrelay.relay.proto.v1.ResumeChainRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xrelay chain register|list|show|pause|resume|deregister}: the relay's chains, over the admin API. */
@Command(
        name = "chain",
        mixinStandardHelpOptions = true,
        description = "Register, list, show, pause, resume and deregister the relay's chains (admin API).",
        subcommands = {
            ChainCommand.Register.class,
            ChainCommand.ListChains.class,
            ChainCommand.Show.class,
            ChainCommand.Pause.class,
            ChainCommand.Resume.class,
            ChainCommand.Deregister.class
        })
final class ChainCommand {
    private static final Pattern CHAIN_ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private ChainCommand() {}

    static String checkChainId(String id) {
        if (!CHAIN_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("chain id '" + id
                    + "': expected lower-case letters, digits and dashes, starting with a letter" + " (at most 63)");
        }
        return id;
    }

    @Command(
            name = "register",
            mixinStandardHelpOptions = true,
            description = {
                "Register a chain from a RegisterChainRequest in protobuf JSON (xrelay devnet up writes"
                        + " chains/<id>.json). The relay runs its pre-flight checks first and records nothing if one"
                        + " fails; each check is printed."
            })
    static final class Register extends ClientCommand {
        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The RegisterChainRequest JSON.")
        Path file = Path.of("");

        @Option(names = "--validate-only", description = "Run the pre-flight checks only; record nothing.")
        boolean validateOnly;

        RegisterChainRequest request = RegisterChainRequest.getDefaultInstance();

        @Override
        void validate() {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("--file " + file + ": cannot read it (" + e.getMessage() + ")");
            }
            try {
                request = ChainSpecs.fromJson(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--file " + file + ": not a RegisterChainRequest in protobuf JSON: "
                        + firstLine(e.getMessage()));
            }
            if (request.getChainId().isEmpty()) {
                throw new IllegalArgumentException("--file " + file + ": chain_id is missing");
            }
            checkChainId(request.getChainId());
            if (request.getSpecCase() == RegisterChainRequest.SpecCase.SPEC_NOT_SET) {
                throw new IllegalArgumentException("--file " + file + ": neither ethereum nor fabric is given");
            }
            if (validateOnly) {
                request = request.toBuilder().setValidateOnly(true).build();
            }
        }

        @Override
        int run(ApiClient client) {
            RegisterChainResponse r = client.admin().registerChain(request);
            if (api.json) {
                printJson(r);
                return 0;
            }
            PrintWriter out = out();
            printChecks(out, r.getChecksList());
            if (validateOnly) {
                out.println("chain " + request.getChainId() + ": every check passed (validate only: nothing recorded)");
            } else {
                out.println("chain " + r.getChain().getChainId() + " registered: "
                        + r.getChain().getState());
            }
            return 0;
        }

        @Override
        String failure(ApiClient client, StatusRuntimeException e) {
            List<PreflightCheck> failed = new ArrayList<>();
            com.google.rpc.Status status = StatusProto.fromThrowable(e);
            if (status != null) {
                for (Any detail : status.getDetailsList()) {
                    if (detail.is(RegisterChainResponse.class)) {
                        try {
                            for (PreflightCheck c :
                                    detail.unpack(RegisterChainResponse.class).getChecksList()) {
                                printCheck(out(), c);
                                if (!c.getPassed()) {
                                    failed.add(c);
                                }
                            }
                        } catch (InvalidProtocolBufferException ignored) {
                            // the description alone is the answer
                        }
                    }
                }
            }
            String base = client.describe(e);
            return failed.isEmpty()
                    ? base
                    : base + " (failed checks: "
                            + String.join(
                                    ", ",
                                    failed.stream().map(PreflightCheck::getName).toList())
                            + ")";
        }
    }

    static void printChecks(PrintWriter out, List<PreflightCheck> checks) {
        for (PreflightCheck c : checks) {
            printCheck(out, c);
        }
    }

    static void printCheck(PrintWriter out, PreflightCheck c) {
        out.printf("  %-4s %-13s %s%n", c.getPassed() ? "ok" : "FAIL", c.getName(), c.getDetail());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every registered chain.")
    static final class ListChains extends ClientCommand {
        @Override
        int run(ApiClient client) {
            ListChainsResponse r = client.admin().listChains(ListChainsRequest.getDefaultInstance());
            if (api.json) {
                printJson(r);
                return 0;
            }
            if (r.getChainsCount() == 0) {
                out().println("no chains registered");
                return 0;
            }
            table(
                    out(),
                    List.of("CHAIN", "TYPE", "STATE", "VERIFIED", "LAG", "FINALITY", "OPEN", "OPERATOR"),
                    r.getChainsList(),
                    c -> List.of(
                            c.getChainId(),
                            c.getType(),
                            c.getState().name(),
                            c.hasVerifiedHead() ? "#" + c.getVerifiedHead().getNumber() : "-",
                            Long.toString(c.getHeadLag()),
                            c.hasFinality() ? Durations.toString(c.getFinality()) : "-",
                            Integer.toString(c.getOpenTransfers()),
                            orDash(c.getOperator().getAccount())));
            return 0;
        }
    }

    abstract static class OneChain extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The chain's id.")
        String id = "";

        @Override
        void validate() {
            checkChainId(id);
        }

        void print(Chain c) {
            if (api.json) {
                printJson(c);
                return;
            }
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"chain", c.getChainId()});
            f.add(new String[] {"type", c.getType()});
            f.add(new String[] {"state", c.getState().name()});
            if (!c.getProblem().isEmpty()) {
                f.add(new String[] {"problem", c.getProblem()});
            }
            f.add(new String[] {
                "verified head",
                c.hasVerifiedHead()
                        ? "#" + c.getVerifiedHead().getNumber() + " 0x"
                                + HexFormat.of()
                                        .formatHex(c.getVerifiedHead().getHash().toByteArray())
                        : "-"
            });
            f.add(new String[] {"node head", "#" + c.getNodeHeadNumber() + " (lag " + c.getHeadLag() + ")"});
            f.add(new String[] {"operator", orDash(c.getOperator().getAccount())});
            f.add(new String[] {"finality", c.hasFinality() ? Durations.toString(c.getFinality()) : "-"});
            f.add(new String[] {"open transfers", Integer.toString(c.getOpenTransfers())});
            f.add(new String[] {"registered", time(c.getRegisteredAt()) + " (" + orDash(c.getSource()) + ")"});
            fields(out(), f);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One registered chain.")
    static final class Show extends OneChain {
        @Override
        int run(ApiClient client) {
            print(client.admin()
                    .getChain(GetChainRequest.newBuilder().setChainId(id).build()));
            return 0;
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Start no new transfer from or to the chain until it is resumed.")
    static final class Pause extends OneChain {
        @Option(names = "--reason", paramLabel = "R", description = "Why; recorded with the pause.")
        String reason = "";

        @Override
        int run(ApiClient client) {
            Chain c = client.admin()
                    .pauseChain(PauseChainRequest.newBuilder()
                            .setChainId(id)
                            .setReason(reason)
                            .build());
            if (api.json) {
                printJson(c);
            } else {
                out().println("chain " + c.getChainId() + ": " + c.getState());
            }
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Undo a pause.")
    static final class Resume extends OneChain {
        @Override
        int run(ApiClient client) {
            Chain c = client.admin()
                    .resumeChain(ResumeChainRequest.newBuilder().setChainId(id).build());
            if (api.json) {
                printJson(c);
            } else {
                out().println("chain " + c.getChainId() + ": " + c.getState());
            }
            return 0;
        }
    }

    @Command(
            name = "deregister",
            mixinStandardHelpOptions = true,
            description = "Stop following the chain and forget its registration (refused while transfers are open).")
    static final class Deregister extends OneChain {
        @Override
        int run(ApiClient client) {
            client.admin()
                    .deregisterChain(
                            DeregisterChainRequest.newBuilder().setChainId(id).build());
            if (api.json) {
                out().println("{}");
            } else {
                out().println("chain " + id + " deregistered");
            }
            return 0;
        }
    }

    static String firstLine(@org.jspecify.annotations.Nullable String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
