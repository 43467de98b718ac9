/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.it.relay;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import io.xrelay.adapter.Account;
import io.xrelay.adapter.Asset;
import io.xrelay.adapter.ChainId;
import io.xrelay.contracts.evm.devnet.Anvil;
import io.xrelay.contracts.evm.devnet.AnvilOptions;
import io.xrelay.contracts.fabric.devnet.FabricDevnet;
import io.xrelay.contracts.fabric.devnet.FabricNetwork;
import io.xrelay.relay.devnet.DevnetSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The two devnets one end-to-end test class shares, set up as an operator would set them up for the relay by the
 * relay's own {@link DevnetSetup} (the set-up {@code xrelay devnet up} runs too):
 *
 * <ul>
 *   <li>anvil mining one block a second (the relay's Ethereum finality depth is 2, so a transaction is final about
 *       three seconds after it is sent), the HTLC contract and the test token {@code RUSD} deployed, a second token
 *       that no pair lists;
 *   <li>the Fabric devnet (one orderer, a peer of Org1MSP and one of Org2MSP) with the HTLC chaincode under
 *       {@code AND('Org1MSP.peer','Org2MSP.peer')};
 *   <li>the operator: anvil's dev account 0 (it deployed the contracts) holding {@link #OPERATOR_FUNDS} RUSD, and an
 *       Org1 client identity {@code operator} holding as many {@code USD};
 *   <li>users made on demand ({@link #newEthUsers}, {@link #newFabricUsers}): fresh Ethereum keys with ETH for gas,
 *       RUSD and an allowance for the HTLC contract; fresh Org1 client identities with {@code USD};
 *   <li>a relay configuration file (chains {@code eth-dev} and {@code fabric-dev}, both pairs 1:1) and an empty
 *       data folder, both under {@code integration-tests/target/it-relay/<name>}, where every log stays too.
 * </ul>
 *
 * <h2>Timing</h2>
 *
 * See {@link DevnetSetup}: the relay's margin between the source and the destination timelock is {@link #MARGIN} =
 * 3 + 3 + 15 + 60 + 10 = 91 s. The shortest source timelock it accepts leaves the recipient the 20 s window between
 * the destination lock being final (3 s) and the claim stop (finality 3 s and clock tolerance before T_D): now + 91 +
 * 3 + 20 + 3 + 60 = 177 s towards Fabric, 132 s towards Ethereum. Tests that wait for a refund lock with
 * {@link #SHORT_TIMELOCK} (now + 200 s, leaving 23 s for the source lock to become final and be seen); tests that
 * complete use {@link #LONG_TIMELOCK}.
 */
final class Devnets implements AutoCloseable {
    static final ChainId ETH = DevnetSetup.ETH;
    static final ChainId FABRIC = DevnetSetup.FABRIC;
    static final Asset USD = DevnetSetup.USD;
    static final BigInteger OPERATOR_FUNDS = DevnetSetup.OPERATOR_FUNDS;

    static final Duration ETH_FINALITY = DevnetSetup.ETH_FINALITY;
    static final Duration FABRIC_FINALITY = DevnetSetup.FABRIC_FINALITY;
    static final Duration ETH_CLOCK_TOLERANCE = DevnetSetup.ETH_CLOCK_TOLERANCE;
    static final Duration FABRIC_CLOCK_TOLERANCE = DevnetSetup.FABRIC_CLOCK_TOLERANCE;
    static final Duration SAFETY_MARGIN = DevnetSetup.SAFETY_MARGIN;
    static final Duration MIN_DESTINATION_WINDOW = DevnetSetup.MIN_DESTINATION_WINDOW;
    static final Duration MARGIN = DevnetSetup.MARGIN;
    /** A source timelock the relay accepts in both directions, whose refunds come soon: now + 200 s. */
    static final Duration SHORT_TIMELOCK = Duration.ofSeconds(200);
    /** A source timelock for transfers that complete: now + 15 min. */
    static final Duration LONG_TIMELOCK = Duration.ofMinutes(15);

    private final String name;
    private final Path dir;
    private final Path dataDir;
    private final Path configFile;
    private final Anvil anvil;
    private final FabricDevnet fabric;
    private final DevnetSetup setup;
    private final ChainWatcher ethWatcher;
    private final ChainWatcher fabricWatcher;
    private final List<ChainUser> users = new ArrayList<>();
    private final AtomicInteger fabricUsers = new AtomicInteger();

    private Devnets(String name, Path dir, Anvil anvil, FabricDevnet fabric) {
        this.name = name;
        this.dir = dir;
        this.anvil = anvil;
        this.fabric = fabric;
        this.dataDir = dir.resolve("data");
        this.configFile = dir.resolve("relay.conf");
        fabric.deployHtlc();
        this.setup = DevnetSetup.deploy(anvil.rpcUrl(), anvil.chainId(), fabric.network());
        FabricNetwork.Org org1 = setup.network().org("Org1MSP");
        this.ethWatcher =
                ChainWatcher.start(setup.ethAdapter(anvil.accounts().get(9).privateKey()));
        this.fabricWatcher = ChainWatcher.start(setup.fabricAdapter(org1.issueClientIdentity("watcher")));
        writeConfig();
    }

    /**
     * Starts both devnets for a test class named {@code name} and sets them up; stops whatever started if that fails.
     */
    static Devnets start(String name) {
        Path dir = newDir(name);
        Anvil anvil = Anvil.start(
                AnvilOptions.defaults().withBlockTime(DevnetSetup.BLOCK_TIME).withLogFile(dir.resolve("anvil.log")));
        FabricDevnet fabric = null;
        try {
            fabric = FabricDevnet.start(dir.resolve("fabric"));
            return new Devnets(name, dir, anvil, fabric);
        } catch (RuntimeException | Error e) {
            anvil.close();
            if (fabric != null) {
                fabric.close();
            }
            throw e;
        }
    }

    private static Path newDir(String name) {
        Path root = root();
        try {
            Path base = Files.createDirectories(root.resolve("integration-tests/target/it-relay"));
            return Files.createTempDirectory(base, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository root, as the build tells the tests. */
    static Path root() {
        return Path.of(System.getProperty("xrelay.root", "..")).toAbsolutePath().normalize();
    }

    String name() {
        return name;
    }

    /** The folder of this class's devnets, configuration, relay data and logs. */
    Path dir() {
        return dir;
    }

    Path configFile() {
        return configFile;
    }

    Path dataDir() {
        return dataDir;
    }

    Anvil anvil() {
        return anvil;
    }

    FabricDevnet fabric() {
        return fabric;
    }

    /** The relay's RUSD token on Ethereum: the asset of both pairs there. */
    Asset token() {
        return setup.token();
    }

    /** A token no pair lists. */
    Asset unlistedToken() {
        return setup.unlistedToken();
    }

    Account operator(ChainId chain) {
        return setup.operator(chain);
    }

    /** The asset of the pairs on {@code chain}. */
    Asset asset(ChainId chain) {
        return setup.asset(chain);
    }

    ChainWatcher watcher(ChainId chain) {
        return chain.equals(ETH) ? ethWatcher : fabricWatcher;
    }

    // ---- users ---------------------------------------------------------------------------------------------------

    /**
     * {@code count} fresh Ethereum users, each with 10 ETH for gas, {@code tokens} RUSD and an unlimited allowance
     * of the HTLC contract for RUSD and the unlisted token (so that their locks are single transactions).
     */
    List<ChainUser> newEthUsers(int count, BigInteger tokens) {
        List<ChainUser> made = new ArrayList<>();
        for (DevnetSetup.EthUser u : setup.newEthUsers(count, tokens)) {
            made.add(new ChainUser(ETH, setup.ethAdapter(u.privateKey())));
        }
        synchronized (users) {
            users.addAll(made);
        }
        return made;
    }

    /**
     * A user signing with the operator's own key (Ethereum) or identity (Fabric), for chain operations the harness does
     * itself in the relay's place. Use it only while no relay runs: two signers of one account would race for nonces.
     * Shared by many transfers at once, as the relay's signer is, so a submission may wait {@code submitTimeout} in the
     * adapter's queue.
     */
    ChainUser operatorUser(ChainId chain, Duration submitTimeout) {
        ChainUser user = new ChainUser(
                chain,
                chain.equals(ETH)
                        ? setup.ethAdapter(DevnetSetup.operatorEthKey())
                        : setup.fabricAdapter(setup.deployment().operatorFabric()),
                submitTimeout);
        synchronized (users) {
            users.add(user);
        }
        return user;
    }

    /** {@code count} fresh Org1 client identities on Fabric, each minted {@code usd} USD. */
    List<ChainUser> newFabricUsers(int count, BigInteger usd) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("fab-user-" + fabricUsers.incrementAndGet());
        }
        List<ChainUser> made = new ArrayList<>();
        for (FabricNetwork.Identity identity : setup.newFabricUsers(names, usd)) {
            made.add(new ChainUser(FABRIC, setup.fabricAdapter(identity)));
        }
        synchronized (users) {
            users.addAll(made);
        }
        return made;
    }

    /** The operator's next nonce on Ethereum counting the pool: it grows as soon as the relay sends a transaction. */
    long operatorPendingNonce() {
        return setup.operatorPendingNonce();
    }

    /**
     * Stops ({@code stop-node}) or starts ({@code start-node}) one Fabric node through the devnet script: the
     * {@code orderer}, {@code peer0.org1.example.com} or {@code peer0.org2.example.com}.
     */
    void fabricNode(String command, String node) {
        Path out = dir.resolve("fabric-" + command + ".log");
        try {
            Process p = new ProcessBuilder(
                            FabricDevnet.script().toString(),
                            "--state",
                            fabric.stateDir().toString(),
                            command,
                            node)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("fabric-devnet.sh " + command + " " + node + " failed; see " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ---- balances ------------------------------------------------------------------------------------------------

    /** The balance of {@code account} in {@code asset} on {@code chain}, as the node reports it now. */
    BigInteger balance(ChainId chain, Account account, Asset asset) {
        return setup.balance(chain, account, asset);
    }

    /** The relay operator's balance of the pair asset on {@code chain}. */
    BigInteger operatorBalance(ChainId chain) {
        return setup.operatorBalance(chain);
    }

    /** What the HTLC holds in escrow of the pair asset on {@code chain}. */
    BigInteger escrow(ChainId chain) {
        return setup.escrow(chain);
    }

    // ---- relay configuration -------------------------------------------------------------------------------------

    /** The relay's configuration as written to {@link #configFile()}. */
    Config relayConfig() {
        Map<String, Object> xrelay = new LinkedHashMap<>();
        xrelay.put("data-dir", dataDir.toString());
        xrelay.put("persistence", Map.of("backend", "h2"));
        xrelay.put("chains", List.of(setup.chainEntry(ETH, dataDir), setup.chainEntry(FABRIC, dataDir)));
        xrelay.put("pairs", setup.pairs());
        xrelay.put("timing", DevnetSetup.timing());
        return ConfigFactory.empty().withValue("xrelay", ConfigValueFactory.fromMap(xrelay));
    }

    private void writeConfig() {
        try {
            Files.createDirectories(dataDir);
            String text = "# The relay configuration of end-to-end test class " + name + " (written by Devnets).\n"
                    + relayConfig()
                            .root()
                            .render(ConfigRenderOptions.defaults()
                                    .setOriginComments(false)
                                    .setJson(false));
            Files.writeString(configFile, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
    }

    // ---- life cycle ----------------------------------------------------------------------------------------------

    /** The users' adapters, the watchers, the set-up's clients, then both devnets; every step runs even if one fails. */
    @Override
    public void close() {
        List<AutoCloseable> steps = new ArrayList<>();
        synchronized (users) {
            steps.addAll(users);
        }
        steps.add(ethWatcher);
        steps.add(fabricWatcher);
        steps.add(setup);
        steps.add(anvil);
        steps.add(fabric);
        @Nullable RuntimeException failure = null;
        for (AutoCloseable step : steps) {
            try {
                step.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing the devnets of " + name + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "devnets " + name + " (" + dir + ")";
    }
}
