/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/** The anvil launcher against the real binary. */
class AnvilIT {
    private static final BigInteger ETHER = BigInteger.TEN.pow(18);

    @Test
    void starts_answers_on_loopback_and_stops_leaving_no_process() throws Exception {
        Anvil anvil = Anvil.start();
        ProcessHandle handle;
        try {
            assertThat(anvil.isRunning()).isTrue();
            assertThat(anvil.rpcUrl()).isEqualTo("http://127.0.0.1:" + anvil.port());
            assertThat(anvil.port()).isPositive();
            assertThat(anvil.rawCall("eth_chainId", "[]")).isEqualTo("\"0x7a69\"");
            assertThat(anvil.chainId()).isEqualTo(31337);
            assertThat(Files.readString(anvil.logFile())).contains("Listening on 127.0.0.1:" + anvil.port());
            handle = ProcessHandle.of(anvil.pid().orElseThrow()).orElseThrow();
            assertThat(handle.isAlive()).isTrue();
            assertThat(handle.parent().map(ProcessHandle::pid))
                    .contains(ProcessHandle.current().pid());
        } finally {
            anvil.close();
        }
        assertThat(anvil.isRunning()).isFalse();
        assertThat(handle.isAlive()).isFalse();
        assertThat(anvil.pid()).isEmpty();
        assertThat(accepts(anvil.port())).isFalse();
        anvil.close(); // closing twice is harmless
    }

    @Test
    void two_instances_run_side_by_side_on_different_ports() {
        try (Anvil first = Anvil.start();
                Anvil second = Anvil.start(AnvilOptions.defaults().withChainId(1337))) {
            assertThat(first.port()).isNotEqualTo(second.port());
            first.mine(3);

            assertThat(first.blockNumber()).isEqualTo(3);
            assertThat(second.blockNumber()).isZero();
            assertThat(second.rawCall("eth_chainId", "[]")).isEqualTo("\"0x539\"");
            assertThat(first.logFile()).isNotEqualTo(second.logFile());
        }
    }

    @Test
    void accounts_are_anvils_funded_dev_accounts_with_their_keys() throws Exception {
        try (Anvil anvil = Anvil.start()) {
            List<DevAccount> accounts = anvil.accounts();

            assertThat(accounts).hasSize(10);
            assertThat(accounts.get(0).address()).isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
            for (DevAccount account : accounts) {
                assertThat(Credentials.create(account.privateKey()).getAddress())
                        .isEqualTo(account.address());
                assertThat(Numeric.decodeQuantity(unquote(
                                anvil.rawCall("eth_getBalance", "[\"" + account.address() + "\", \"latest\"]"))))
                        .isEqualTo(BigInteger.valueOf(10_000).multiply(ETHER));
            }
            assertThat(accounts.get(0).toString())
                    .doesNotContain(accounts.get(0).privateKey().substring(2));
        }
    }

    @Test
    void controls_mining_and_the_clock() {
        try (Anvil anvil = Anvil.start()) {
            long start = anvil.blockNumber();
            anvil.mine(5);
            assertThat(anvil.blockNumber()).isEqualTo(start + 5);

            long next = anvil.latestBlockTimestamp() + 1_000;
            anvil.setNextBlockTimestamp(next);
            anvil.mine(1);
            assertThat(anvil.latestBlockTimestamp()).isEqualTo(next);

            anvil.increaseTime(Duration.ofHours(1));
            anvil.mine(1);
            assertThat(anvil.latestBlockTimestamp()).isGreaterThanOrEqualTo(next + 3_600);
        }
    }

    @Test
    void snapshot_and_revert_restore_the_chain() {
        try (Anvil anvil = Anvil.start()) {
            String address = "0x00000000000000000000000000000000000000aa";
            String snapshot = anvil.snapshot();
            anvil.mine(4);
            anvil.setBalance(address, BigInteger.valueOf(12345));
            assertThat(balance(anvil, address)).isEqualTo(12345);

            assertThat(anvil.revert(snapshot)).isTrue();

            assertThat(anvil.blockNumber()).isZero();
            assertThat(balance(anvil, address)).isZero();
        }
    }

    @Test
    void reorg_replaces_the_head_blocks_at_the_same_height() {
        try (Anvil anvil = Anvil.start()) {
            anvil.mine(5);
            String headBefore = blockHash(anvil, "latest");
            String ancestor = blockHash(anvil, "0x2");

            anvil.reorg(2);

            assertThat(anvil.blockNumber()).isEqualTo(5);
            assertThat(blockHash(anvil, "latest")).isNotEqualTo(headBefore);
            assertThat(blockHash(anvil, "0x2")).isEqualTo(ancestor);
        }
    }

    @Test
    void without_automine_a_pending_transaction_can_be_dropped() throws Exception {
        try (Anvil anvil = Anvil.start()) {
            anvil.setAutomine(false);
            DevAccount from = anvil.accounts().get(0);
            String to = anvil.accounts().get(1).address();
            RawTransaction transfer = RawTransaction.createEtherTransaction(
                    anvil.chainId(),
                    BigInteger.ZERO,
                    BigInteger.valueOf(21_000),
                    to,
                    BigInteger.ONE,
                    BigInteger.valueOf(1_000_000_000L),
                    BigInteger.valueOf(10_000_000_000L));
            String signed = Numeric.toHexString(
                    TransactionEncoder.signMessage(transfer, anvil.chainId(), Credentials.create(from.privateKey())));
            String hash = unquote(anvil.rawCall("eth_sendRawTransaction", "[\"" + signed + "\"]"));
            assertThat(anvil.rawCall("eth_getTransactionByHash", "[\"" + hash + "\"]"))
                    .contains(hash);

            anvil.dropTransaction(hash);
            anvil.mine(1);

            assertThat(anvil.rawCall("eth_getTransactionByHash", "[\"" + hash + "\"]"))
                    .isEqualTo("null");
            assertThat(anvil.rawCall("eth_getTransactionReceipt", "[\"" + hash + "\"]"))
                    .isEqualTo("null");

            anvil.setIntervalMining(Duration.ofSeconds(1));
            long before = anvil.blockNumber();
            awaitBlock(anvil, before + 1);
            anvil.setIntervalMining(Duration.ZERO);
        }
    }

    @Test
    void interval_mining_from_the_options_produces_blocks_on_its_own() {
        try (Anvil anvil = Anvil.start(AnvilOptions.defaults().withBlockTime(Duration.ofMillis(500)))) {
            awaitBlock(anvil, 2);
            assertThat(anvil.blockNumber()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void the_hardfork_option_selects_the_header_fields() {
        try (Anvil cancun = Anvil.start(AnvilOptions.defaults().withHardfork("cancun"));
                Anvil latest = Anvil.start()) {
            String cancunHead = cancun.rawCall("eth_getBlockByNumber", "[\"latest\", false]");
            String latestHead = latest.rawCall("eth_getBlockByNumber", "[\"latest\", false]");

            assertThat(cancunHead).contains("\"blobGasUsed\"").doesNotContain("\"requestsHash\"");
            assertThat(latestHead).contains("\"requestsHash\"");
        }
    }

    @Test
    void a_refused_rpc_call_names_the_method_and_anvils_error() {
        try (Anvil anvil = Anvil.start()) {
            assertThatThrownBy(() -> anvil.rawCall("no_such_method", "[]"))
                    .isInstanceOf(AnvilException.class)
                    .hasMessageContaining("no_such_method")
                    .hasMessageContaining("Method not found");
            assertThatThrownBy(() -> anvil.rawCall("eth_chainId", "{}"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("JSON array");
        }
    }

    @Test
    void restart_keeps_the_port_and_the_chain_after_an_outage() throws Exception {
        try (Anvil anvil = Anvil.start()) {
            String address = "0x00000000000000000000000000000000000000bb";
            anvil.mine(7);
            anvil.setBalance(address, BigInteger.valueOf(777));
            String head = blockHash(anvil, "latest");
            int port = anvil.port();

            anvil.stop();
            assertThat(anvil.isRunning()).isFalse();
            assertThat(accepts(port)).isFalse();
            assertThatThrownBy(anvil::blockNumber).isInstanceOf(AnvilException.class);

            anvil.restart();

            assertThat(anvil.isRunning()).isTrue();
            assertThat(anvil.port()).isEqualTo(port);
            assertThat(anvil.blockNumber()).isEqualTo(7);
            assertThat(blockHash(anvil, "latest")).isEqualTo(head);
            assertThat(balance(anvil, address)).isEqualTo(777);
        }
    }

    @Test
    void writes_its_output_to_the_chosen_log_file(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("node.log");
        try (Anvil anvil = Anvil.start(AnvilOptions.defaults().withLogFile(log))) {
            assertThat(anvil.logFile()).isEqualTo(log);
            assertThat(Files.readString(log)).contains("Listening on 127.0.0.1:" + anvil.port());
        }
    }

    @Test
    void a_bad_extra_argument_fails_the_start_with_anvils_output() {
        assertThatThrownBy(() -> Anvil.start(AnvilOptions.defaults().withExtraArgs(List.of("--no-such-flag"))))
                .isInstanceOf(AnvilException.class)
                .hasMessageContaining("exited")
                .hasMessageContaining("--no-such-flag");
    }

    private static long balance(Anvil anvil, String address) {
        return Numeric.decodeQuantity(unquote(anvil.rawCall("eth_getBalance", "[\"" + address + "\", \"latest\"]")))
                .longValueExact();
    }

    private static String blockHash(Anvil anvil, String block) {
        String json = anvil.rawCall("eth_getBlockByNumber", "[\"" + block + "\", false]");
        int at = json.indexOf("\"hash\":\"") + 8;
        return json.substring(at, at + 66);
    }

    private static String unquote(String jsonString) {
        assertThat(jsonString).startsWith("\"").endsWith("\"");
        return jsonString.substring(1, jsonString.length() - 1);
    }

    private static void awaitBlock(Anvil anvil, long number) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (anvil.blockNumber() < number) {
            assertThat(System.nanoTime()).as("block %d within 20 s", number).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
