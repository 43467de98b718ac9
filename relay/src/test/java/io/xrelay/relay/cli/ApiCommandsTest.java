/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.rpc.Code;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.xrelay.relay.devnet.ChainSpecs;
import io.xrelay.relay.proto.v1.AccountRef;
import io.xrelay.relay.proto.v1.Amount;
import io.xrelay.relay.proto.v1.AssetRef;
import io.xrelay.relay.proto.v1.BlockRef;
import io.xrelay.relay.proto.v1.Chain;
import io.xrelay.relay.proto.v1.ChainRef;
import io.xrelay.relay.proto.v1.ChainState;
import io.xrelay.relay.proto.v1.EthereumChainSpec;
import io.xrelay.relay.proto.v1.GetTransferRequest;
import io.xrelay.relay.proto.v1.ListChainsResponse;
import io.xrelay.relay.proto.v1.ListTransfersRequest;
import io.xrelay.relay.proto.v1.ListTransfersResponse;
import io.xrelay.relay.proto.v1.LockTerms;
import io.xrelay.relay.proto.v1.PauseChainRequest;
import io.xrelay.relay.proto.v1.PreflightCheck;
import io.xrelay.relay.proto.v1.QuoteTransferRequest;
import io.xrelay.relay.proto.v1.QuoteTransferResponse;
import io.xrelay.relay.proto.v1.RegisterChainRequest;
import io.xrelay.relay.proto.v1.RegisterChainResponse;
import io.xrelay.relay.proto.v1.SecretRef;
import io.xrelay.relay.proto.v1.StateChange;
import io.xrelay.relay.proto.v1.Transfer;
import io.xrelay.relay.proto.v1.TransferId;
import io.xrelay.relay.proto.v1.TransferState;
import io.xrelay.relay.proto.v1.TransferUpdate;
import io.xrelay.relay.proto.v1.WatchTransferRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain and transfer commands against in-process fakes of the relay's services. */
class ApiCommandsTest {
    private static final String ETH = "eth-dev";
    private final FakeApi api = new FakeApi();

    @TempDir
    Path tmp;

    @AfterEach
    void close() {
        api.close();
    }

    private static RegisterChainRequest ethRequest() {
        return RegisterChainRequest.newBuilder()
                .setChainId(ETH)
                .setEthereum(EthereumChainSpec.newBuilder()
                        .setRpcUrl("http://127.0.0.1:8545")
                        .setEvmChainId(31337)
                        .setHtlcContract("0x5fbdb2315678afecb367f032d93f642f64180aa3")
                        .setSignerKey(SecretRef.newBuilder().setFile("/keys/eth-operator.key"))
                        .setTrustAnchorHash(ByteString.copyFrom(new byte[32]))
                        .setFinalityDepth(2)
                        .setRulesPreset("anvil"))
                .build();
    }

    private static Chain chain(String id, ChainState state) {
        return Chain.newBuilder()
                .setChainId(id)
                .setType("ethereum")
                .setState(state)
                .setVerifiedHead(BlockRef.newBuilder().setNumber(120).setHash(ByteString.copyFrom(new byte[32])))
                .setNodeHeadNumber(122)
                .setHeadLag(2)
                .setFinality(Durations.fromSeconds(3))
                .setOperator(AccountRef.newBuilder().setAccount("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"))
                .build();
    }

    private Path file(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    // ---- chain ---------------------------------------------------------------------------------------------------

    @Test
    void chain_register_sends_the_json_file_as_its_request_with_the_bearer_token_and_prints_every_check()
            throws IOException {
        Path spec = file("eth-dev.json", ChainSpecs.toJson(ethRequest()));
        Path token = file("token", "s3cret-token\n");
        api.answer = RegisterChainResponse.newBuilder()
                .setChain(chain(ETH, ChainState.STARTING))
                .addChecks(PreflightCheck.newBuilder()
                        .setName("reachable")
                        .setPassed(true)
                        .setDetail("eth_blockNumber 12"))
                .addChecks(PreflightCheck.newBuilder()
                        .setName("chain-id")
                        .setPassed(true)
                        .setDetail("31337"))
                .build();

        FakeApi.Run r = api.xrelay("chain", "register", "--file", spec.toString(), "--token-file", token.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(api.requests()).containsExactly(ethRequest());
        assertThat(api.authorizations).containsExactly("Bearer s3cret-token");
        assertThat(r.out())
                .contains("ok   reachable     eth_blockNumber 12")
                .contains("ok   chain-id      31337")
                .contains("chain eth-dev registered: STARTING");
    }

    @Test
    void chain_register_validate_only_sets_the_flag_and_says_nothing_was_recorded() throws IOException {
        Path spec = file("eth-dev.json", ChainSpecs.toJson(ethRequest()));
        api.answer = RegisterChainResponse.newBuilder()
                .addChecks(PreflightCheck.newBuilder().setName("reachable").setPassed(true))
                .build();

        FakeApi.Run r = api.xrelay("chain", "register", "--file", spec.toString(), "--validate-only");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(api.requests())
                .containsExactly(ethRequest().toBuilder().setValidateOnly(true).build());
        assertThat(r.out()).contains("nothing recorded");
    }

    @Test
    void a_refused_registration_prints_each_check_and_one_error_line_naming_the_failed_ones() throws IOException {
        Path spec = file("eth-dev.json", ChainSpecs.toJson(ethRequest()));
        RegisterChainResponse checks = RegisterChainResponse.newBuilder()
                .addChecks(PreflightCheck.newBuilder().setName("reachable").setPassed(true))
                .addChecks(PreflightCheck.newBuilder()
                        .setName("chain-id")
                        .setPassed(false)
                        .setDetail("eth_chainId is 1, expected 31337"))
                .build();
        api.answer = StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Code.FAILED_PRECONDITION_VALUE)
                .setMessage("pre-flight checks failed: chain-id")
                .addDetails(Any.pack(checks))
                .build());

        FakeApi.Run r = api.xrelay("chain", "register", "--file", spec.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL chain-id      eth_chainId is 1, expected 31337");
        assertThat(r.err().strip())
                .isEqualTo("xrelay: refused: pre-flight checks failed: chain-id (failed checks: chain-id)")
                .doesNotContain("\n");
    }

    @Test
    void chain_register_names_a_missing_or_malformed_file_in_one_line_and_sends_nothing() throws IOException {
        FakeApi.Run missing = api.xrelay(
                "chain", "register", "--file", tmp.resolve("nope.json").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("xrelay: --file " + tmp.resolve("nope.json") + ": cannot read it");

        Path bad = file("bad.json", "{\"chainId\": \"eth-dev\", \"colour\": 3}");
        FakeApi.Run malformed = api.xrelay("chain", "register", "--file", bad.toString());
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err().strip())
                .startsWith("xrelay: --file " + bad + ": not a RegisterChainRequest in protobuf JSON")
                .contains("colour")
                .doesNotContain("\n");

        Path noSpec = file("nospec.json", "{\"chainId\": \"eth-dev\"}");
        FakeApi.Run empty = api.xrelay("chain", "register", "--file", noSpec.toString());
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("neither ethereum nor fabric is given");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void chain_list_prints_one_aligned_row_per_chain() {
        api.answer = ListChainsResponse.newBuilder()
                .addChains(chain(ETH, ChainState.FOLLOWING))
                .addChains(chain("fabric-dev", ChainState.PAUSED).toBuilder().setType("fabric"))
                .build();

        FakeApi.Run r = api.xrelay("chain", "list");

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("CHAIN       TYPE      STATE      VERIFIED  LAG  FINALITY  OPEN  OPERATOR");
        assertThat(lines.get(1)).startsWith("eth-dev     ethereum  FOLLOWING  #120      2    3s        0");
        assertThat(lines.get(2)).startsWith("fabric-dev  fabric    PAUSED     #120");
    }

    @Test
    void chain_pause_sends_the_reason_and_prints_the_new_state() {
        api.answer = chain(ETH, ChainState.PAUSED);

        FakeApi.Run r = api.xrelay("chain", "pause", ETH, "--reason", "node upgrade");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(api.requests())
                .containsExactly(PauseChainRequest.newBuilder()
                        .setChainId(ETH)
                        .setReason("node upgrade")
                        .build());
        assertThat(r.out().strip()).isEqualTo("chain eth-dev: PAUSED");
    }

    @Test
    void a_chain_id_the_api_would_refuse_is_a_usage_error_before_anything_is_sent() {
        FakeApi.Run r = api.xrelay("chain", "show", "Eth_Dev");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("xrelay: chain id 'Eth_Dev': expected lower-case letters, digits and dashes, starting with"
                        + " a letter (at most 63)");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void chain_show_json_prints_the_chain_in_protobuf_json() throws Exception {
        api.answer = chain(ETH, ChainState.FOLLOWING);

        FakeApi.Run r = api.xrelay("chain", "show", ETH, "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        Chain.Builder parsed = Chain.newBuilder();
        com.google.protobuf.util.JsonFormat.parser().merge(r.out(), parsed);
        assertThat(parsed.build()).isEqualTo(chain(ETH, ChainState.FOLLOWING));
    }

    // ---- transfer ------------------------------------------------------------------------------------------------

    @Test
    void transfer_quote_sends_both_assets_and_the_amount_and_prints_the_terms() {
        api.answer = QuoteTransferResponse.newBuilder()
                .setOperator(AccountRef.newBuilder().setAccount("0xf39f"))
                .setDestinationAmount(Amount.newBuilder().setUnits("990"))
                .setFee(Amount.newBuilder().setUnits("10"))
                .setRate("1")
                .setMinAmount(Amount.newBuilder().setUnits("1"))
                .setMaxAmount(Amount.newBuilder().setUnits("1000000"))
                .setInventorySufficient(true)
                .build();

        FakeApi.Run r = api.xrelay(
                "transfer", "quote", "--from", "fabric-dev:USD", "--to", "eth-dev:0xabc", "--amount", "1000");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(api.requests())
                .containsExactly(QuoteTransferRequest.newBuilder()
                        .setSource(asset("fabric-dev", "USD"))
                        .setDestination(asset(ETH, "0xabc"))
                        .setAmount(Amount.newBuilder().setUnits("1000"))
                        .build());
        assertThat(r.out())
                .contains("lock to (operator): 0xf39f")
                .contains("recipient gets:     990 eth-dev:0xabc")
                .contains("inventory:          sufficient");
    }

    @Test
    void transfer_quote_names_a_bad_asset_or_amount_in_one_line() {
        FakeApi.Run noColon =
                api.xrelay("transfer", "quote", "--from", "fabric-dev", "--to", "eth-dev:X", "--amount", "5");
        assertThat(noColon.exit()).isEqualTo(2);
        assertThat(noColon.err().strip())
                .isEqualTo("xrelay: --from: expected CHAIN:ASSET (e.g. fabric-dev:USD), got 'fabric-dev'");

        FakeApi.Run fraction =
                api.xrelay("transfer", "quote", "--from", "fabric-dev:USD", "--to", "eth-dev:X", "--amount", "1.5");
        assertThat(fraction.exit()).isEqualTo(2);
        assertThat(fraction.err().strip())
                .isEqualTo("xrelay: --amount: expected a positive whole number of base units (digits only), got"
                        + " '1.5'");

        FakeApi.Run zero =
                api.xrelay("transfer", "quote", "--from", "fabric-dev:USD", "--to", "eth-dev:X", "--amount", "000");
        assertThat(zero.exit()).isEqualTo(2);

        FakeApi.Run missing = api.xrelay("transfer", "quote", "--from", "fabric-dev:USD");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required options");
        assertThat(api.requests()).isEmpty();
    }

    private static TransferId id() {
        return TransferId.newBuilder()
                .setSourceChain(ChainRef.newBuilder().setId(ETH))
                .setLockId("0x" + "ab".repeat(32))
                .build();
    }

    private static TransferUpdate update(long revision, TransferState state, String detail) {
        return TransferUpdate.newBuilder()
                .setChange(StateChange.newBuilder()
                        .setRevision(revision)
                        .setState(state)
                        .setDetail(detail)
                        .setAt(Timestamp.newBuilder().setSeconds(1_790_000_000L + revision)))
                .build();
    }

    @Test
    void transfer_watch_prints_one_line_per_state_and_exits_0_when_completed() {
        api.answer = List.of(
                update(3, TransferState.TARGET_LOCKED, "target lock final"),
                update(4, TransferState.TARGET_CLAIMED, ""),
                update(5, TransferState.COMPLETED, ""));

        FakeApi.Run r = api.xrelay("transfer", "watch", ETH + "/0x" + "ab".repeat(32), "--after-revision", "2");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(api.requests())
                .containsExactly(WatchTransferRequest.newBuilder()
                        .setId(id())
                        .setAfterRevision(2)
                        .build());
        assertThat(r.out().lines().toList())
                .containsExactly(
                        "3 14:13:23 TARGET_LOCKED target lock final",
                        "4 14:13:24 TARGET_CLAIMED",
                        "5 14:13:25 COMPLETED");
    }

    @Test
    void transfer_watch_exits_1_at_a_final_state_other_than_completed() {
        api.answer = List.of(
                update(1, TransferState.REJECTED, "TIMELOCK_TOO_SHORT"), update(2, TransferState.SOURCE_REFUNDED, ""));

        FakeApi.Run r = api.xrelay("transfer", "watch", ETH + "/0x" + "ab".repeat(32));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("REJECTED TIMELOCK_TOO_SHORT").contains("SOURCE_REFUNDED");
    }

    @Test
    void transfer_status_of_an_unknown_transfer_is_one_not_found_line_and_exit_1() {
        api.answer =
                Status.NOT_FOUND.withDescription("no transfer eth-dev/0xabab").asRuntimeException();

        FakeApi.Run r = api.xrelay("transfer", "status", ETH + "/0x" + "ab".repeat(32));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(api.requests())
                .containsExactly(GetTransferRequest.newBuilder().setId(id()).build());
        assertThat(r.err().strip()).isEqualTo("xrelay: not found: no transfer eth-dev/0xabab");
    }

    @Test
    void transfer_status_prints_the_terms_and_the_history() {
        api.answer = Transfer.newBuilder()
                .setId(id())
                .setState(TransferState.COMPLETED)
                .setTerms(LockTerms.newBuilder()
                        .setAmount(Amount.newBuilder().setUnits("250"))
                        .setAsset(asset(ETH, "0xabc")))
                .addHistory(update(1, TransferState.REQUESTED, "").getChange())
                .addHistory(update(2, TransferState.SOURCE_LOCKED, "").getChange())
                .build();

        FakeApi.Run r = api.xrelay("transfer", "status", ETH + "/0x" + "ab".repeat(32));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("state:     COMPLETED")
                .contains("amount:    250 eth-dev:0xabc")
                .contains("    1  2026-09-21 14:13:21Z  REQUESTED")
                .contains("    2  2026-09-21 14:13:22Z  SOURCE_LOCKED");
    }

    @Test
    void a_transfer_id_without_its_chain_is_a_usage_error() {
        FakeApi.Run r = api.xrelay("transfer", "status", "0xabab");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("xrelay: transfer id: expected <source chain>/<lock id> (e.g. eth-dev/0x3f..a1), got"
                        + " '0xabab'");
    }

    @Test
    void transfer_list_sends_the_filters_and_prints_the_next_page_token() {
        api.answer = ListTransfersResponse.newBuilder()
                .addTransfers(Transfer.newBuilder()
                        .setId(id())
                        .setState(TransferState.COMPLETED)
                        .setTerms(LockTerms.newBuilder()
                                .setAmount(Amount.newBuilder().setUnits("7"))
                                .setAsset(asset(ETH, "0xabc"))
                                .setDestinationRecipient(AccountRef.newBuilder()
                                        .setChain(ChainRef.newBuilder().setId("fabric-dev")))))
                .setNextPageToken("p2")
                .build();

        FakeApi.Run r = api.xrelay(
                "transfer", "list", "--state", "completed", "--state", "REJECTED", "--chain", ETH, "--page-size", "1");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(api.requests())
                .containsExactly(ListTransfersRequest.newBuilder()
                        .addStates(TransferState.COMPLETED)
                        .addStates(TransferState.REJECTED)
                        .setSourceChain(ETH)
                        .setPageSize(1)
                        .build());
        assertThat(r.out()).contains("COMPLETED  7 0xabc  fabric-dev").contains("next page: --page-token p2");
    }

    @Test
    void transfer_list_names_an_unknown_state() {
        FakeApi.Run r = api.xrelay("transfer", "list", "--state", "DONE");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("xrelay: --state: unknown state 'DONE' (one of REQUESTED,");
    }

    @Test
    void a_refused_credential_is_one_line_saying_so() {
        api.answer = Status.UNAUTHENTICATED.withDescription("unknown token").asRuntimeException();

        FakeApi.Run r = api.xrelay("chain", "list");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip())
                .isEqualTo("xrelay: the relay refused the credential (check --token-file): unknown token");
    }

    @Test
    void transfer_send_names_a_missing_user_file_and_a_bad_timelock() throws IOException {
        FakeApi.Run missing = api.xrelay(
                "transfer",
                "send",
                "--user",
                tmp.resolve("alice.conf").toString(),
                "--to",
                "fabric-dev:USD",
                "--recipient",
                "bob",
                "--amount",
                "5");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("xrelay: --user " + tmp.resolve("alice.conf") + ": no such file");

        Path noAsset = file("carol.conf", "id = eth-dev\ntype = ethereum\n");
        FakeApi.Run asset = api.xrelay(
                "transfer",
                "send",
                "--user",
                noAsset.toString(),
                "--to",
                "fabric-dev:USD",
                "--recipient",
                "bob",
                "--amount",
                "5");
        assertThat(asset.exit()).isEqualTo(2);
        assertThat(asset.err().strip()).isEqualTo("xrelay: --asset: not given and " + noAsset + " names no asset");

        FakeApi.Run timelock = api.xrelay(
                "transfer",
                "send",
                "--user",
                noAsset.toString(),
                "--to",
                "fabric-dev:USD",
                "--recipient",
                "bob",
                "--amount",
                "5",
                "--timelock",
                "soon");
        assertThat(timelock.exit()).isEqualTo(2);
        assertThat(timelock.err().strip())
                .isEqualTo("xrelay: --timelock: expected a duration such as 90s, 15m or 2h, got 'soon'");
        assertThat(api.requests()).isEmpty();
    }

    private static AssetRef asset(String chain, String asset) {
        return AssetRef.newBuilder()
                .setChain(ChainRef.newBuilder().setId(chain))
                .setAsset(asset)
                .build();
    }
}
