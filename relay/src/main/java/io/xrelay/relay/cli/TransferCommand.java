/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import io.xrelay.adapter.ChainAdapter;
import io.xrelay.relay.proto.v1.Amount;
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
import io.xrelay.relay.proto.v1.TransferState;
import io.xrelay.relay.proto.v1.TransferUpdate;
import io.xrelay.relay.proto.v1.WatchTransferRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xrelay transfer quote|send|status|watch|list}: cross-chain transfers, over the dApp API. */
@Command(
        name = "transfer",
        mixinStandardHelpOptions = true,
        description = "Quote, send, show, watch and list cross-chain transfers (dApp API).",
        subcommands = {
            TransferCommand.Quote.class,
            TransferCommand.Send.class,
            TransferCommand.Status.class,
            TransferCommand.Watch.class,
            TransferCommand.ListTransfers.class
        })
final class TransferCommand {
    private TransferCommand() {}

    @Command(
            name = "quote",
            mixinStandardHelpOptions = true,
            description = "The terms on which the relay would carry an amount now.")
    static final class Quote extends ClientCommand {
        @Option(names = "--from", required = true, paramLabel = "CHAIN:ASSET", description = "The source asset.")
        String from = "";

        @Option(names = "--to", required = true, paramLabel = "CHAIN:ASSET", description = "The destination asset.")
        String to = "";

        @Option(names = "--amount", required = true, paramLabel = "N", description = "Source base units.")
        String amount = "";

        @Option(names = "--recipient", paramLabel = "A", description = "The recipient on the destination chain.")
        String recipient = "";

        QuoteTransferRequest request = QuoteTransferRequest.getDefaultInstance();

        @Override
        void validate() {
            request = QuoteTransferRequest.newBuilder()
                    .setSource(ApiText.assetRef("--from", from))
                    .setDestination(ApiText.assetRef("--to", to))
                    .setAmount(ApiText.amount("--amount", amount))
                    .setRecipient(recipient)
                    .build();
        }

        @Override
        int run(ApiClient client) {
            QuoteTransferResponse q = client.transfers().quoteTransfer(request);
            if (api.json) {
                printJson(q);
                return 0;
            }
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"lock to (operator)", q.getOperator().getAccount()});
            f.add(new String[] {"recipient gets", q.getDestinationAmount().getUnits() + " " + to});
            f.add(new String[] {"fee", q.getFee().getUnits()});
            f.add(new String[] {"rate", q.getRate()});
            f.add(new String[] {
                "amount range",
                q.getMinAmount().getUnits() + " .. " + q.getMaxAmount().getUnits()
            });
            f.add(new String[] {"timelock T_S", time(q.getMinTimeLock()) + " .. " + time(q.getMaxTimeLock())});
            f.add(new String[] {"recommended T_S", time(q.getRecommendedTimeLock())});
            f.add(new String[] {"inventory", q.getInventorySufficient() ? "sufficient" : "INSUFFICIENT"});
            if (!q.getRecipientProblem().isEmpty()) {
                f.add(new String[] {"recipient problem", q.getRecipientProblem()});
            }
            fields(out(), f);
            return 0;
        }
    }

    @Command(
            name = "send",
            mixinStandardHelpOptions = true,
            description = {
                "Send a transfer as the user of a chain entry (xrelay devnet up writes users/<name>.conf): quote,"
                        + " announce, lock from the user's account, wait until the lock is final, then print each"
                        + " state of the transfer as it happens; at TARGET_LOCKED hand the secret to the relay, which"
                        + " claims for the recipient.",
                "The secret is random, kept in memory only and never printed."
            },
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:COMPLETED", "1:another final state, or a failure", "2:bad flags"})
    static final class Send extends ClientCommand {
        @Option(names = "--user", required = true, paramLabel = "F.conf", description = "The sender's chain entry.")
        Path user = Path.of("");

        @Option(
                names = "--asset",
                paramLabel = "ASSET",
                description = "The source asset [Default: the chain entry's `asset`].")
        @Nullable
        String asset;

        @Option(names = "--to", required = true, paramLabel = "CHAIN:ASSET", description = "The destination asset.")
        String to = "";

        @Option(names = "--recipient", required = true, paramLabel = "A", description = "The recipient there.")
        String recipient = "";

        @Option(names = "--amount", required = true, paramLabel = "N", description = "Source base units.")
        String amount = "";

        @Option(
                names = "--timelock",
                paramLabel = "DURATION",
                description = "T_S as a duration from now, e.g. 15m [Default: the quote's recommended T_S].")
        @Nullable
        String timelock;

        @Option(names = "--no-reveal", description = "Do not hand the secret to the relay (the recipient claims).")
        boolean noReveal;

        TransferSender.@Nullable User sender;
        AssetRef source = AssetRef.getDefaultInstance();
        AssetRef destination = AssetRef.getDefaultInstance();
        Amount units = Amount.getDefaultInstance();

        @Nullable
        Duration timelockDuration;

        @Override
        void validate() {
            destination = ApiText.assetRef("--to", to);
            units = ApiText.amount("--amount", amount);
            if (recipient.isBlank()) {
                throw new IllegalArgumentException("--recipient: must not be empty");
            }
            if (timelock != null) {
                timelockDuration = ApiOptions.parseDuration("--timelock", timelock);
                if (timelockDuration.isNegative() || timelockDuration.isZero()) {
                    throw new IllegalArgumentException("--timelock: must be positive, got '" + timelock + "'");
                }
            }
            TransferSender.User u = TransferSender.loadUser(user);
            String a = asset != null ? asset : u.asset();
            if (a == null) {
                throw new IllegalArgumentException("--asset: not given and " + user + " names no asset");
            }
            sender = u;
            source = AssetRef.newBuilder()
                    .setChain(ChainRef.newBuilder().setId(u.chain().value()))
                    .setAsset(a)
                    .build();
        }

        @Override
        int run(ApiClient client) {
            TransferSender.User u = java.util.Objects.requireNonNull(sender, "validated");
            try (ChainAdapter adapter = TransferSender.adapter(u)) {
                TransferSender.Outcome o = TransferSender.send(
                        client, adapter, source, destination, recipient, units, timelockDuration, !noReveal, out());
                out().printf(
                                "transfer %s: %s in %.1f s%n",
                                ApiText.text(o.id()), o.state(), o.took().toMillis() / 1000.0);
                return o.state() == TransferState.COMPLETED ? 0 : FAILED;
            }
        }
    }

    abstract static class OneTransfer extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The transfer: <source chain>/<lock id>.")
        String idText = "";

        TransferId id = TransferId.getDefaultInstance();

        @Override
        void validate() {
            id = ApiText.transferId(idText);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "One transfer and its history.")
    static final class Status extends OneTransfer {
        @Override
        int run(ApiClient client) {
            Transfer t = client.transfers()
                    .getTransfer(GetTransferRequest.newBuilder().setId(id).build());
            if (api.json) {
                printJson(t);
                return 0;
            }
            PrintWriter out = out();
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"transfer", ApiText.text(t.getId())});
            f.add(new String[] {"state", t.getState().name()});
            f.add(new String[] {
                "amount",
                t.getTerms().getAmount().getUnits() + " "
                        + ApiText.text(t.getTerms().getAsset())
            });
            f.add(new String[] {"sender", t.getTerms().getSender().getAccount()});
            f.add(new String[] {
                "recipient",
                t.getTerms().getDestinationRecipient().getAccount() + " on "
                        + t.getTerms().getDestinationRecipient().getChain().getId()
            });
            f.add(new String[] {"T_S", time(t.getTerms().getTimeLock())});
            if (!t.getTargetLockId().isEmpty()) {
                f.add(new String[] {
                    "target lock",
                    t.getTargetLockId() + " (" + t.getTargetAmount().getUnits() + ", T_D " + time(t.getTargetTimeLock())
                            + ")"
                });
            }
            if (!t.getRejectionDetail().isEmpty()) {
                f.add(new String[] {"rejected", t.getRejection().name() + ": " + t.getRejectionDetail()});
            }
            fields(out, f);
            out.println("history:");
            for (StateChange c : t.getHistoryList()) {
                out.printf(
                        "  %3d  %s  %s%s%n",
                        c.getRevision(),
                        time(c.getAt()),
                        c.getState().name(),
                        c.getDetail().isEmpty() ? "" : "  " + c.getDetail());
            }
            return 0;
        }
    }

    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = "Print a transfer's state changes as they happen, until it is final.",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:COMPLETED", "1:another final state, or a failure", "2:bad flags"})
    static final class Watch extends OneTransfer {
        @Option(
                names = "--after-revision",
                paramLabel = "N",
                description = "Only changes after revision N [Default: all].")
        long afterRevision;

        @Option(
                names = "--wait",
                description = "Wait for a transfer the relay has not seen yet (its lock not yet final) instead of"
                        + " NOT_FOUND.")
        boolean waitForLock;

        @Override
        void validate() {
            super.validate();
            if (afterRevision < 0) {
                throw new IllegalArgumentException("--after-revision: must not be negative, got " + afterRevision);
            }
        }

        @Override
        int run(ApiClient client) {
            Iterator<TransferUpdate> updates = client.transferStream()
                    .watchTransfer(WatchTransferRequest.newBuilder()
                            .setId(id)
                            .setAfterRevision(afterRevision)
                            .setWaitForLock(waitForLock)
                            .build());
            TransferState last = TransferState.TRANSFER_STATE_UNSPECIFIED;
            while (updates.hasNext()) {
                TransferUpdate u = updates.next();
                last = u.getChange().getState();
                if (api.json) {
                    out().println(json(u).replaceAll("\\s*\\n\\s*", " "));
                    out().flush();
                } else {
                    TransferSender.printChange(out(), u);
                }
            }
            return last == TransferState.COMPLETED ? 0 : FAILED;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Transfers, newest first.")
    static final class ListTransfers extends ClientCommand {
        @Option(names = "--state", paramLabel = "S", description = "Only in this state (repeatable).")
        List<String> states = new ArrayList<>();

        @Option(
                names = {"--source-chain", "--chain"},
                paramLabel = "C",
                description = "Only from this source chain.")
        @Nullable
        String chain;

        @Option(
                names = {"--destination-chain", "--to-chain"},
                paramLabel = "C",
                description = "Only to this destination chain.")
        @Nullable
        String toChain;

        @Option(names = "--account", paramLabel = "A", description = "Only transfers this account sends or receives.")
        @Nullable
        String account;

        @Option(names = "--page-size", paramLabel = "N", description = "At most N transfers (1 to 1000).")
        int pageSize;

        @Option(names = "--page-token", paramLabel = "T", description = "The next-page token of the previous page.")
        String pageToken = "";

        ListTransfersRequest request = ListTransfersRequest.getDefaultInstance();

        @Override
        void validate() {
            if (pageSize < 0 || pageSize > 1000) {
                throw new IllegalArgumentException("--page-size: expected 1 to 1000, got " + pageSize);
            }
            ListTransfersRequest.Builder b =
                    ListTransfersRequest.newBuilder().setPageSize(pageSize).setPageToken(pageToken);
            for (String s : states) {
                b.addStates(ApiText.state(s));
            }
            if (chain != null) {
                ApiText.checkChain("--source-chain", chain);
                b.setSourceChain(chain);
            }
            if (toChain != null) {
                ApiText.checkChain("--destination-chain", toChain);
                b.setDestinationChain(toChain);
            }
            if (account != null) {
                if (account.isBlank()) {
                    throw new IllegalArgumentException("--account: must not be empty");
                }
                b.setAccount(account);
            }
            request = b.build();
        }

        @Override
        int run(ApiClient client) {
            ListTransfersResponse r = client.transfers().listTransfers(request);
            if (api.json) {
                printJson(r);
                return 0;
            }
            if (r.getTransfersCount() == 0) {
                out().println("no transfers");
            } else {
                table(
                        out(),
                        List.of("TRANSFER", "STATE", "AMOUNT", "TO", "SINCE"),
                        r.getTransfersList(),
                        t -> List.of(
                                ApiText.text(t.getId()),
                                t.getState().name(),
                                t.getTerms().getAmount().getUnits() + " "
                                        + t.getTerms().getAsset().getAsset(),
                                t.getTerms()
                                        .getDestinationRecipient()
                                        .getChain()
                                        .getId(),
                                t.getHistoryCount() == 0
                                        ? "-"
                                        : time(t.getHistory(0).getAt())));
            }
            if (!r.getNextPageToken().isEmpty()) {
                out().println("next page: --page-token " + r.getNextPageToken());
            }
            return 0;
        }
    }
}
