/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Amount;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainAdapter;
import io.xrelay.adapter.ChainAdapterRegistry;
import io.xrelay.adapter.ChainHead;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ClaimRequest;
import io.xrelay.adapter.EventBatch;
import io.xrelay.adapter.Finality;
import io.xrelay.adapter.HtlcEvent;
import io.xrelay.adapter.HtlcId;
import io.xrelay.adapter.LockRequest;
import io.xrelay.adapter.Preimage;
import io.xrelay.adapter.Submitted;
import io.xrelay.adapter.TimeLock;
import io.xrelay.adapter.VerifiedHtlcEvent;
import io.xrelay.contracts.evm.HtlcDeployment;
import io.xrelay.contracts.evm.devnet.Anvil;
import io.xrelay.contracts.evm.devnet.AnvilOptions;
import io.xrelay.contracts.evm.devnet.DevAccount;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xrelay demo}: the Ethereum side end to end on a devnet it starts itself. Starts anvil on 127.0.0.1,
 * deploys the HTLC contract, follows the chain through the Ethereum adapter from the genesis block as trust anchor,
 * locks ETH for a recipient, waits until the lock is final and proven, claims it with the secret, and prints every
 * step with the verified block it happened in.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Start an Ethereum devnet (anvil), deploy the HTLC contract and run one verified HTLC lock and claim"
                    + " through the Ethereum adapter, printing each step."
        })
final class DemoCommand implements Callable<Integer> {
    private static final ChainId CHAIN = ChainId.of("eth-devnet");
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    CommandSpec spec;

    @Option(
            names = "--block-time",
            description = "Seconds between devnet blocks [Default: ${DEFAULT-VALUE}].",
            defaultValue = "1")
    int blockTimeSeconds;

    @Option(
            names = "--finality-depth",
            description = "Blocks on top of a block before it is final [Default: ${DEFAULT-VALUE}].",
            defaultValue = "2")
    int finalityDepth;

    @Option(
            names = "--follow",
            description = "After the transfer, keep following and verifying heads for this many seconds"
                    + " [Default: ${DEFAULT-VALUE}].",
            defaultValue = "0")
    int followSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (blockTimeSeconds <= 0 || finalityDepth < 0 || followSeconds < 0) {
            throw new IllegalArgumentException(
                    "--block-time must be positive, --finality-depth and --follow not" + " negative");
        }
        out.println("devnet: starting anvil on 127.0.0.1 ...");
        out.flush();
        try (Anvil anvil = Anvil.start(AnvilOptions.defaults().withBlockTime(Duration.ofSeconds(blockTimeSeconds)))) {
            List<DevAccount> accounts = anvil.accounts();
            DevAccount operator = accounts.get(0);
            DevAccount recipient = accounts.get(1);
            out.printf(
                    "devnet: anvil at %s, chain id %d (log: %s)%n", anvil.rpcUrl(), anvil.chainId(), anvil.logFile());
            String htlc = HtlcDeployment.deployHtlc(anvil.rpcUrl(), anvil.chainId(), operator.privateKey());
            out.printf("devnet: HTLC contract deployed at %s%n", htlc);
            String genesisHash = jsonField(anvil.rawCall("eth_getBlockByNumber", "[\"0x0\", false]"), "hash");
            out.printf("trust anchor: block #0 %s (the devnet this command started)%n", genesisHash);
            out.flush();

            Config config = ConfigFactory.parseMap(chainConfig(anvil, htlc, operator, genesisHash));
            try (ChainAdapter eth =
                    ChainAdapterRegistry.loadDefault().provider("ethereum").create(CHAIN, config)) {
                ChainHead head = await(eth.head());
                out.printf(
                        "verified head: #%d %s, final: #%d%n",
                        head.head().number(),
                        head.head().hash(),
                        head.finalized().number());

                Preimage secret = Preimage.random();
                Amount amount = Amount.of(new BigInteger("1000000000000000000"));
                Account to = Account.of(recipient.address());
                TimeLock timelock = TimeLock.at(head.headTime().plus(Duration.ofMinutes(30)));
                BigInteger before = balance(anvil, recipient.address());
                out.printf(
                        "lock: 1 ETH from the operator %s for %s, hashlock %s, timelock %s%n",
                        eth.signer(), to, secret.hashLock(), timelock);
                out.flush();
                Submitted locked = await(eth.lock(new LockRequest(
                        to,
                        secret.hashLock(),
                        timelock,
                        Asset.NATIVE,
                        amount,
                        ChainId.of("fabric-demo"),
                        Account.of("alice@org1"),
                        amount)));
                out.printf(
                        "lock: sent %s; waiting until it is final (%d blocks deep) and proven ...%n",
                        locked.tx().id(), finalityDepth);
                out.flush();
                Finality lockFinality = await(eth.awaitFinality(locked.tx()));
                HtlcId id = printCommitted(out, "lock", lockFinality);

                EventBatch batch = await(eth.events(eth.trustAnchor(), 100));
                out.printf(
                        "events: %d verified final HTLC event(s) since the trust anchor, checkpoint %s%n",
                        batch.finalEvents().size(), batch.checkpoint().block());
                for (VerifiedHtlcEvent e : batch.finalEvents()) {
                    out.printf("  %s%n", describe(e));
                }

                out.println("claim: the secret is handed to the relay, which claims for the recipient ...");
                out.flush();
                Submitted claimed = await(eth.claim(new ClaimRequest(id, secret)));
                printCommitted(out, "claim", await(eth.awaitFinality(claimed.tx())));
                BigInteger after = balance(anvil, recipient.address());
                out.printf("recipient %s balance: %s -> %s wei (+%s)%n", to, before, after, after.subtract(before));

                if (followSeconds > 0) {
                    Instant until = Instant.now().plusSeconds(followSeconds);
                    while (Instant.now().isBefore(until)) {
                        Thread.sleep(blockTimeSeconds * 1000L);
                        ChainHead h = await(eth.head());
                        out.printf(
                                "verified head: #%d %s, final: #%d%n",
                                h.head().number(),
                                h.head().hash(),
                                h.finalized().number());
                        out.flush();
                    }
                }
                if (!after.subtract(before).equals(amount.units())) {
                    out.println("demo: FAILED: the recipient did not receive the locked amount");
                    return 1;
                }
                out.println("demo: done; stopping the devnet");
                return 0;
            }
        }
    }

    private Map<String, Object> chainConfig(Anvil anvil, String htlc, DevAccount operator, String genesisHash) {
        Map<String, Object> m = new HashMap<>();
        m.put("rpc-url", anvil.rpcUrl());
        m.put("evm-chain-id", anvil.chainId());
        m.put("htlc-contract", htlc);
        m.put("signer-key", operator.privateKey());
        m.put("trust-anchor.number", 0);
        m.put("trust-anchor.hash", genesisHash);
        m.put("finality-depth", finalityDepth);
        m.put("poll-interval", "200ms");
        m.put("rules.preset", "anvil");
        return m;
    }

    private static HtlcId printCommitted(PrintWriter out, String what, Finality f) {
        if (!(f instanceof Finality.Committed c)) {
            throw new IllegalStateException(what + " did not commit: " + f);
        }
        out.printf(
                "%s: final in block #%d %s%n",
                what, c.block().number(), c.block().hash());
        HtlcId id = null;
        for (VerifiedHtlcEvent e : c.events()) {
            out.printf("  %s%n", describe(e));
            id = e.event().id();
        }
        out.flush();
        if (id == null) {
            throw new IllegalStateException(what + " committed without an HTLC event");
        }
        return id;
    }

    private static String describe(VerifiedHtlcEvent e) {
        String proof = e.proof().scheme() + " proof of " + e.proof().nodes().size() + " node(s) to receiptsRoot";
        String where = "block #" + e.origin().block().number() + ", tx "
                + e.origin().tx().id();
        return switch (e.event()) {
            case HtlcEvent.Locked l ->
                "Locked " + l.id() + ": " + l.terms().amount() + " of "
                        + l.terms().asset()
                        + " from " + l.terms().sender() + " to " + l.terms().receiver() + ", for "
                        + l.terms().destinationRecipient() + " on " + l.terms().destinationChain() + " (" + where + "; "
                        + proof + ")";
            case HtlcEvent.Claimed c ->
                "Claimed " + c.id() + ": secret of " + c.preimage().hashLock() + " now public (" + where + "; " + proof
                        + ")";
            case HtlcEvent.Refunded r -> "Refunded " + r.id() + " (" + where + "; " + proof + ")";
        };
    }

    private static BigInteger balance(Anvil anvil, String address) {
        String hex = anvil.rawCall("eth_getBalance", "[\"" + address + "\", \"latest\"]");
        return new BigInteger(stripQuotes(hex).substring(2), 16);
    }

    private static String jsonField(String json, String field) {
        int i = json.indexOf("\"" + field + "\"");
        if (i < 0) {
            throw new IllegalStateException("no " + field + " in " + json);
        }
        int start = json.indexOf('"', json.indexOf(':', i) + 1) + 1;
        return json.substring(start, json.indexOf('"', start));
    }

    private static String stripQuotes(String s) {
        String t = s.strip();
        return t.startsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    private static <T> T await(CompletionStage<T> stage) throws InterruptedException, TimeoutException {
        try {
            return stage.toCompletableFuture().get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }
}
