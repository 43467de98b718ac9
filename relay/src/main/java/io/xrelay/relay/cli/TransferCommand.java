/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.xrelay.relay.proto.v1.AssetRef;
import io.xrelay.relay.proto.v1.ChainRef;
import io.xrelay.relay.proto.v1.GetTransferRequest;
import io.xrelay.relay.proto.v1.ListTransfersRequest;
import io.xrelay.relay.proto.v1.ListTransfersResponse;
import io.xrelay.relay.proto.v1.QuoteTransferRequest;
import io.xrelay.relay.proto.v1.QuoteTransferResponse;
import io.xrelay.relay.proto.v1.StateChange;
import io.xrelay.relay.proto.v1.Transfer;
import io.xrelay.relay.proto.v1.TransferId;
import io.xrelay.relay.proto.v1.TransferServiceGrpc;
import io.xrelay.relay.proto.v1.TransferState;
import io.xrelay.relay.proto.v1.TransferUpdate;
import io.xrelay.relay.proto.v1.WatchTransferRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xrelay transfer ...}: a dApp's view of transfers over the relay's gRPC API (relay.v1.TransferService).
 * Every subcommand prints one line {@code xrelay: <problem>} on error: exit code 2 for bad flags or files, 1 when the
 * relay refuses or cannot be reached.
 */
@Command(
        name = "transfer",
        mixinStandardHelpOptions = true,
        description = "Quote, inspect, list and watch transfers over the relay's API.",
        subcommands = {
            TransferCommand.Quote.class,
            TransferCommand.Status.class,
            TransferCommand.Watch.class,
            TransferCommand.ListCommand.class
        })
final class TransferCommand {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private TransferCommand() {}

    /** Runs {@code body} with a stub of the API the options name; maps failures to one line and an exit code. */
    static int withApi(CommandSpec spec, ApiOptions options, ApiCall body) {
        PrintWriter err = spec.commandLine().getErr();
        String address;
        String token;
        try {
            address = options.address();
            token = options.token(System.getenv());
        } catch (ApiOptions.UsageException | IllegalArgumentException e) {
            err.println("xrelay: " + e.getMessage());
            return USAGE;
        }
        ManagedChannel channel =
                NettyChannelBuilder.forTarget(address).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            TransferServiceGrpc.TransferServiceBlockingStub stub = TransferServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            return body.run(stub, spec.commandLine().getOut());
        } catch (StatusRuntimeException e) {
            err.println("xrelay: " + describe(e, address));
            return FAILED;
        } catch (ApiOptions.UsageException | IllegalArgumentException e) {
            err.println("xrelay: " + e.getMessage());
            return USAGE;
        } finally {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code UNAVAILABLE: cannot reach the relay's API at 127.0.0.1:1234} or the code and the server's message. */
    static String describe(StatusRuntimeException e, String address) {
        io.grpc.Status s = e.getStatus();
        if (s.getCode() == io.grpc.Status.Code.UNAVAILABLE
                && s.getDescription() != null
                && s.getDescription().startsWith("io exception")) {
            return "UNAVAILABLE: cannot reach the relay's API at " + address;
        }
        String d = s.getDescription();
        if (d == null && s.getCause() != null) {
            d = s.getCause().getMessage();
        }
        return s.getCode() + ": " + (d == null ? "(no description)" : d);
    }

    /** One API call of a command. */
    interface ApiCall {
        int run(TransferServiceGrpc.TransferServiceBlockingStub stub, PrintWriter out);
    }

    /** {@code CHAIN/LOCK_ID} as a proto id. */
    static TransferId transferId(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new ApiOptions.UsageException("transfer id must be <source chain>/<lock id>, got \"" + text + "\"");
        }
        return TransferId.newBuilder()
                .setSourceChain(ChainRef.newBuilder().setId(text.substring(0, slash)))
                .setLockId(text.substring(slash + 1))
                .build();
    }

    /** {@code CHAIN:ASSET} as a proto asset. */
    static AssetRef assetRef(String text, String option) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new ApiOptions.UsageException(option + ": expected CHAIN:ASSET, got \"" + text + "\"");
        }
        return AssetRef.newBuilder()
                .setChain(ChainRef.newBuilder().setId(text.substring(0, colon)))
                .setAsset(text.substring(colon + 1))
                .build();
    }

    static String time(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }

    static String id(Transfer t) {
        return t.getId().getSourceChain().getId() + "/" + t.getId().getLockId();
    }

    static String line(StateChange c) {
        return String.format(
                        Locale.ROOT,
                        "%-3d %-24s %-19s %s",
                        c.getRevision(),
                        time(c.getAt()),
                        c.getState(),
                        c.getDetail())
                .stripTrailing();
    }

    static void print(Transfer t, PrintWriter out) {
        out.println("transfer " + id(t) + " " + t.getState());
        if (t.hasTerms()) {
            var terms = t.getTerms();
            out.println("  source   " + terms.getAsset().getChain().getId() + " "
                    + terms.getAmount().getUnits() + " "
                    + terms.getAsset().getAsset() + " from " + terms.getSender().getAccount() + ", timelock "
                    + time(terms.getTimeLock()));
            out.println(
                    "  to       " + terms.getDestinationRecipient().getChain().getId() + " "
                            + terms.getDestinationRecipient().getAccount() + " (at least "
                            + terms.getMinDestinationAmount().getUnits() + ")");
        }
        if (!t.getTargetLockId().isEmpty()) {
            out.println("  target   lock " + t.getTargetLockId() + ", "
                    + t.getTargetAmount().getUnits() + ", timelock " + time(t.getTargetTimeLock()));
        }
        if (!t.getRejectionDetail().isEmpty()) {
            out.println("  rejected " + t.getRejection() + ": " + t.getRejectionDetail());
        }
        for (StateChange c : t.getHistoryList()) {
            out.println("  " + line(c));
        }
    }

    /** {@code xrelay transfer quote}. */
    @Command(
            name = "quote",
            mixinStandardHelpOptions = true,
            description = "What the relay would pay, and how to lock.")
    static final class Quote implements Callable<Integer> {
        @Spec
        @Nullable
        CommandSpec spec;

        @Mixin
        ApiOptions api = new ApiOptions();

        @Option(names = "--from", required = true, paramLabel = "CHAIN:ASSET", description = "The source asset.")
        String from = "";

        @Option(names = "--to", required = true, paramLabel = "CHAIN:ASSET", description = "The destination asset.")
        String to = "";

        @Option(names = "--amount", required = true, paramLabel = "UNITS", description = "Source base units.")
        String amount = "";

        @Option(names = "--recipient", paramLabel = "ACCOUNT", description = "The recipient, to check it.")
        @Nullable
        String recipient;

        @Override
        public Integer call() {
            return withApi(Objects.requireNonNull(spec), api, (stub, out) -> {
                QuoteTransferRequest.Builder r = QuoteTransferRequest.newBuilder()
                        .setSource(assetRef(from, "--from"))
                        .setDestination(assetRef(to, "--to"))
                        .setAmount(io.xrelay.relay.proto.v1.Amount.newBuilder().setUnits(amount));
                if (recipient != null) {
                    r.setRecipient(recipient);
                }
                QuoteTransferResponse q =
                        stub.withDeadlineAfter(30, TimeUnit.SECONDS).quoteTransfer(r.build());
                out.println("lock to             " + q.getOperator().getChain().getId() + " "
                        + q.getOperator().getAccount());
                out.println("recipient gets      " + q.getDestinationAmount().getUnits() + " (rate " + q.getRate()
                        + ", fee " + q.getFee().getUnits() + ")");
                out.println("amount range        " + q.getMinAmount().getUnits() + " to "
                        + q.getMaxAmount().getUnits());
                out.println("timelock            " + time(q.getMinTimeLock()) + " to " + time(q.getMaxTimeLock())
                        + " (recommended " + time(q.getRecommendedTimeLock()) + ")");
                out.println("inventory           " + (q.getInventorySufficient() ? "sufficient" : "insufficient"));
                if (!q.getRecipientProblem().isEmpty()) {
                    out.println("recipient problem   " + q.getRecipientProblem());
                }
                return OK;
            });
        }
    }

    /** {@code xrelay transfer status ID}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "One transfer and its history.")
    static final class Status implements Callable<Integer> {
        @Spec
        @Nullable
        CommandSpec spec;

        @Mixin
        ApiOptions api = new ApiOptions();

        @Parameters(paramLabel = "ID", description = "<source chain>/<lock id>")
        String id = "";

        @Override
        public Integer call() {
            return withApi(Objects.requireNonNull(spec), api, (stub, out) -> {
                Transfer t = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .getTransfer(GetTransferRequest.newBuilder()
                                .setId(transferId(id))
                                .build());
                print(t, out);
                return OK;
            });
        }
    }

    /** {@code xrelay transfer watch ID}. */
    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = "Prints each state change of a transfer until it is final: exit 0 if it completed, 1 if not.")
    static final class Watch implements Callable<Integer> {
        @Spec
        @Nullable
        CommandSpec spec;

        @Mixin
        ApiOptions api = new ApiOptions();

        @Parameters(paramLabel = "ID", description = "<source chain>/<lock id>")
        String id = "";

        @Option(names = "--after-revision", paramLabel = "N", description = "Only changes after revision N.")
        long afterRevision;

        @Option(names = "--wait", description = "Wait for a transfer the relay has not seen yet.")
        boolean waitForLock;

        @Override
        public Integer call() {
            if (afterRevision < 0) {
                Objects.requireNonNull(spec).commandLine().getErr().println("xrelay: --after-revision: must be >= 0");
                return USAGE;
            }
            return withApi(Objects.requireNonNull(spec), api, (stub, out) -> {
                Iterator<TransferUpdate> updates = stub.watchTransfer(WatchTransferRequest.newBuilder()
                        .setId(transferId(id))
                        .setAfterRevision(afterRevision)
                        .setWaitForLock(waitForLock)
                        .build());
                while (updates.hasNext()) {
                    out.println(line(updates.next().getChange()));
                    out.flush();
                }
                Transfer t = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .getTransfer(GetTransferRequest.newBuilder()
                                .setId(transferId(id))
                                .build());
                out.println("transfer " + id(t) + " " + t.getState());
                return t.getState() == TransferState.COMPLETED ? OK : FAILED;
            });
        }
    }

    /** {@code xrelay transfer list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Transfers, newest first.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        @Nullable
        CommandSpec spec;

        @Mixin
        ApiOptions api = new ApiOptions();

        @Option(names = "--state", paramLabel = "STATE", description = "Only in this state (repeatable).")
        List<String> states = new ArrayList<>();

        @Option(names = "--source-chain", paramLabel = "CHAIN", description = "Only from this chain.")
        @Nullable
        String sourceChain;

        @Option(names = "--destination-chain", paramLabel = "CHAIN", description = "Only to this chain.")
        @Nullable
        String destinationChain;

        @Option(names = "--account", paramLabel = "ACCOUNT", description = "Only with this sender or recipient.")
        @Nullable
        String account;

        @Option(names = "--page-size", paramLabel = "N", description = "At most N (1 to 1000; default 100).")
        int pageSize;

        @Option(names = "--page-token", paramLabel = "TOKEN", description = "The next page of an earlier list.")
        @Nullable
        String pageToken;

        @Override
        public Integer call() {
            return withApi(Objects.requireNonNull(spec), api, (stub, out) -> {
                ListTransfersRequest.Builder r =
                        ListTransfersRequest.newBuilder().setPageSize(pageSize);
                for (String s : states) {
                    try {
                        r.addStates(
                                TransferState.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_')));
                    } catch (IllegalArgumentException e) {
                        throw new ApiOptions.UsageException("--state: unknown state \"" + s + "\"");
                    }
                }
                if (sourceChain != null) {
                    r.setSourceChain(sourceChain);
                }
                if (destinationChain != null) {
                    r.setDestinationChain(destinationChain);
                }
                if (account != null) {
                    r.setAccount(account);
                }
                if (pageToken != null) {
                    r.setPageToken(pageToken);
                }
                ListTransfersResponse page =
                        stub.withDeadlineAfter(30, TimeUnit.SECONDS).listTransfers(r.build());
                for (Transfer t : page.getTransfersList()) {
                    String amount = t.hasTerms()
                            ? t.getTerms().getAmount().getUnits() + " "
                                    + t.getTerms().getAsset().getAsset() + " -> "
                                    + t.getTerms()
                                            .getDestinationRecipient()
                                            .getChain()
                                            .getId()
                            : "";
                    out.println(String.format(Locale.ROOT, "%-19s %s  %s", t.getState(), id(t), amount)
                            .stripTrailing());
                }
                if (!page.getNextPageToken().isEmpty()) {
                    out.println("next page: --page-token " + page.getNextPageToken());
                }
                return OK;
            });
        }
    }
}
