/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.PreflightCheck;
import io.xrelay.relay.chain.ChainRegistration;
import io.xrelay.relay.chain.ChainView;
import io.xrelay.relay.proto.v1.AccountRef;
import io.xrelay.relay.proto.v1.Blob;
import io.xrelay.relay.proto.v1.BlockRef;
import io.xrelay.relay.proto.v1.Chain;
import io.xrelay.relay.proto.v1.ChainRef;
import io.xrelay.relay.proto.v1.ChainState;
import io.xrelay.relay.proto.v1.EthereumChainSpec;
import io.xrelay.relay.proto.v1.FabricChainSpec;
import io.xrelay.relay.proto.v1.RegisterChainRequest;
import io.xrelay.relay.proto.v1.RelaySettings;
import io.xrelay.relay.proto.v1.SecretRef;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of the admin API's requests and the mapping between its protobuf messages and the relay's types. A
 * registration becomes the chain's entry with the keys a chain of the configuration file has: secrets by reference
 * ({@code signer-key-env}, {@code signer-key-file}, {@code signer.private-key-env}, {@code signer.private-key-file}),
 * inline blobs as files under the chain's folder.
 */
final class AdminMapping {
    private static final Pattern CHAIN_ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s:/]+:[0-9]{1,5}");
    private static final Set<String> PRESETS = Set.of("genesis", "mainnet", "anvil");

    private AdminMapping() {}

    /** The chain id of a request, checked: {@code [a-z][a-z0-9-]{0,62}}. */
    static ChainId chainId(String value, String field) {
        if (value.isEmpty()) {
            throw new InvalidRequestException(field, "is required");
        }
        if (!CHAIN_ID.matcher(value).matches()) {
            throw new InvalidRequestException(
                    field,
                    "\"" + value + "\" is not a chain id (a lower-case letter, then lower-case letters, digits or"
                            + " dashes, at most 63 characters)");
        }
        return ChainId.of(value);
    }

    /**
     * The registration of {@code request}, checked field by field.
     *
     * @throws InvalidRequestException naming the first field that is missing or malformed
     */
    static ChainRegistration registration(RegisterChainRequest request) {
        ChainId id = chainId(request.getChainId(), "chain_id");
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id.value());
        List<ChainRegistration.InlineFile> files = new ArrayList<>();
        String type;
        switch (request.getSpecCase()) {
            case ETHEREUM -> {
                type = "ethereum";
                ethereum(request.getEthereum(), entry);
            }
            case FABRIC -> {
                type = "fabric";
                fabric(request.getFabric(), entry, files);
            }
            default -> throw new InvalidRequestException("spec", "is required: set ethereum or fabric");
        }
        entry.put("type", type);
        if (request.hasRelay()) {
            entry.put("relay", relay(request.getRelay()));
        }
        Config config = ConfigFactory.parseMap(entry, "registration of chain " + id);
        String stored = Base64.getEncoder()
                .encodeToString(request.toBuilder().clearValidateOnly().build().toByteArray());
        return new ChainRegistration(id, type, config, files, stored);
    }

    private static void ethereum(EthereumChainSpec spec, Map<String, Object> entry) {
        String rpc = spec.getRpcUrl().strip();
        if (rpc.isEmpty()) {
            throw new InvalidRequestException("ethereum.rpc_url", "is required");
        }
        try {
            URI uri = URI.create(rpc);
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidRequestException("ethereum.rpc_url", "\"" + rpc + "\" is not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("ethereum.rpc_url", "\"" + rpc + "\" is not an http(s) URL");
        }
        entry.put("rpc-url", rpc);
        if (spec.getEvmChainId() == 0) {
            throw new InvalidRequestException("ethereum.evm_chain_id", "is required (the EIP-155 chain id, above 0)");
        }
        if (spec.getEvmChainId() < 0) {
            throw new InvalidRequestException("ethereum.evm_chain_id", "is too large");
        }
        entry.put("evm-chain-id", spec.getEvmChainId());
        if (spec.getHtlcContract().isEmpty()) {
            throw new InvalidRequestException("ethereum.htlc_contract", "is required");
        }
        if (!ADDRESS.matcher(spec.getHtlcContract()).matches()) {
            throw new InvalidRequestException("ethereum.htlc_contract", "not a 20-byte hex address");
        }
        entry.put("htlc-contract", spec.getHtlcContract());
        secret(spec.hasSignerKey() ? spec.getSignerKey() : null, "ethereum.signer_key", entry, "signer-key");
        if (spec.getTrustAnchorNumber() < 0) {
            throw new InvalidRequestException("ethereum.trust_anchor_number", "is too large");
        }
        if (spec.getTrustAnchorHash().size() != 32) {
            throw new InvalidRequestException(
                    "ethereum.trust_anchor_hash",
                    spec.getTrustAnchorHash().isEmpty()
                            ? "is required (32 bytes)"
                            : "must be 32 bytes, got "
                                    + spec.getTrustAnchorHash().size());
        }
        entry.put(
                "trust-anchor",
                Map.of(
                        "number",
                        spec.getTrustAnchorNumber(),
                        "hash",
                        "0x"
                                + HexFormat.of()
                                        .formatHex(spec.getTrustAnchorHash().toByteArray())));
        int depth = spec.getFinalityDepth() == 0 ? 12 : spec.getFinalityDepth();
        if (depth < 1 || depth > 1000) {
            throw new InvalidRequestException(
                    "ethereum.finality_depth", "must be 1 to 1000, got " + Integer.toUnsignedString(depth));
        }
        entry.put("finality-depth", depth);
        String preset = spec.getRulesPreset().isEmpty() ? "genesis" : spec.getRulesPreset();
        if (!PRESETS.contains(preset)) {
            throw new InvalidRequestException(
                    "ethereum.rules_preset", "\"" + preset + "\" is not one of genesis, mainnet, anvil");
        }
        entry.put("rules", Map.of("preset", preset));
    }

    private static void fabric(
            FabricChainSpec spec, Map<String, Object> entry, List<ChainRegistration.InlineFile> files) {
        if (spec.getChannel().isEmpty()) {
            throw new InvalidRequestException("fabric.channel", "is required");
        }
        entry.put("channel", spec.getChannel());
        entry.put("chaincode", spec.getChaincode().isEmpty() ? "htlc" : spec.getChaincode());
        if (spec.getEndorsementPolicy().isBlank()) {
            throw new InvalidRequestException("fabric.endorsement_policy", "is required");
        }
        entry.put("endorsement-policy", spec.getEndorsementPolicy());
        if (!spec.hasGateway()) {
            throw new InvalidRequestException("fabric.gateway", "is required");
        }
        entry.put("gateway", peer(spec.getGateway(), "fabric.gateway", "gateway-tls-ca.pem", false, files));
        if (spec.getConfirmingPeersCount() == 0) {
            throw new InvalidRequestException("fabric.confirming_peers", "is required: at least one peer");
        }
        List<Object> confirming = new ArrayList<>();
        for (int i = 0; i < spec.getConfirmingPeersCount(); i++) {
            confirming.add(peer(
                    spec.getConfirmingPeers(i),
                    "fabric.confirming_peers[" + i + "]",
                    "confirming-peer-" + i + "-tls-ca.pem",
                    true,
                    files));
        }
        entry.put("confirming-peers", confirming);
        if (spec.getSignerMspId().isEmpty()) {
            throw new InvalidRequestException("fabric.signer_msp_id", "is required");
        }
        Map<String, Object> signer = new LinkedHashMap<>();
        signer.put("msp-id", spec.getSignerMspId());
        signer.put(
                "certificate-file",
                blob(
                        spec.hasSignerCertificate() ? spec.getSignerCertificate() : null,
                        "fabric.signer_certificate",
                        "signer-cert.pem",
                        files));
        secret(
                spec.hasSignerPrivateKey() ? spec.getSignerPrivateKey() : null,
                "fabric.signer_private_key",
                signer,
                "private-key");
        entry.put("signer", signer);
        entry.put(
                "trust-anchor",
                Map.of(
                        "config-block-file",
                        blob(
                                spec.hasTrustAnchorConfigBlock() ? spec.getTrustAnchorConfigBlock() : null,
                                "fabric.trust_anchor_config_block",
                                "trust-anchor.block",
                                files)));
    }

    private static Map<String, Object> peer(
            FabricChainSpec.Peer peer,
            String field,
            String caFileName,
            boolean mspRequired,
            List<ChainRegistration.InlineFile> files) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (mspRequired && peer.getMspId().isEmpty()) {
            throw new InvalidRequestException(field + ".msp_id", "is required");
        }
        if (!peer.getMspId().isEmpty()) {
            out.put("msp-id", peer.getMspId());
        }
        if (peer.getAddress().isEmpty()) {
            throw new InvalidRequestException(field + ".address", "is required (host:port)");
        }
        if (!HOST_PORT.matcher(peer.getAddress()).matches()) {
            throw new InvalidRequestException(field + ".address", "\"" + peer.getAddress() + "\" is not host:port");
        }
        out.put("address", peer.getAddress());
        out.put("tls-ca-file", blob(peer.hasTlsCa() ? peer.getTlsCa() : null, field + ".tls_ca", caFileName, files));
        if (!peer.getHostOverride().isEmpty()) {
            out.put("host-override", peer.getHostOverride());
        }
        return out;
    }

    /** A blob's path, or the reference to its inline content written as {@code fileName}. */
    private static String blob(
            @org.jspecify.annotations.Nullable Blob blob,
            String field,
            String fileName,
            List<ChainRegistration.InlineFile> files) {
        if (blob == null) {
            throw new InvalidRequestException(field, "is required (inline or file)");
        }
        return switch (blob.getSourceCase()) {
            case INLINE -> {
                if (blob.getInline().isEmpty()) {
                    throw new InvalidRequestException(field + ".inline", "is empty");
                }
                files.add(new ChainRegistration.InlineFile(
                        fileName, io.xrelay.adapter.Bytes.wrap(blob.getInline().toByteArray())));
                yield ChainRegistration.inlineRef(fileName);
            }
            case FILE -> {
                if (blob.getFile().isBlank()) {
                    throw new InvalidRequestException(field + ".file", "is empty");
                }
                yield blob.getFile();
            }
            default -> throw new InvalidRequestException(field, "is required (inline or file)");
        };
    }

    /** A secret reference as {@code <key>-env} or {@code <key>-file}. */
    private static void secret(
            @org.jspecify.annotations.Nullable SecretRef ref, String field, Map<String, Object> into, String key) {
        if (ref == null) {
            throw new InvalidRequestException(field, "is required (env or file)");
        }
        switch (ref.getSourceCase()) {
            case ENV -> {
                if (!ENV_NAME.matcher(ref.getEnv()).matches()) {
                    throw new InvalidRequestException(
                            field + ".env", "\"" + ref.getEnv() + "\" is not an environment variable name");
                }
                into.put(key + "-env", ref.getEnv());
            }
            case FILE -> {
                if (ref.getFile().isBlank()) {
                    throw new InvalidRequestException(field + ".file", "is empty");
                }
                into.put(key + "-file", ref.getFile());
            }
            default -> throw new InvalidRequestException(field, "is required (env or file)");
        }
    }

    private static Map<String, Object> relay(RelaySettings relay) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (relay.hasFinalityTime()) {
            out.put("finality-time", millis(relay.getFinalityTime(), "relay.finality_time"));
        }
        if (relay.hasClockTolerance()) {
            out.put("clock-tolerance", millis(relay.getClockTolerance(), "relay.clock_tolerance"));
        }
        if (relay.getMaxInFlight() != 0) {
            if (relay.getMaxInFlight() < 1 || relay.getMaxInFlight() > 10_000) {
                throw new InvalidRequestException(
                        "relay.max_in_flight",
                        "must be 1 to 10000, got " + Integer.toUnsignedString(relay.getMaxInFlight()));
            }
            out.put("max-in-flight", relay.getMaxInFlight());
        }
        return out;
    }

    private static String millis(com.google.protobuf.Duration d, String field) {
        if (d.getSeconds() < 0 || d.getNanos() < 0 || d.getNanos() > 999_999_999 || d.getSeconds() > 86_400 * 365) {
            throw new InvalidRequestException(field, "must be a duration from 0 to one year");
        }
        return (d.getSeconds() * 1000 + d.getNanos() / 1_000_000) + "ms";
    }

    /** The request field named by an adapter's configuration key. */
    static String fieldOf(String type, String key) {
        if (key.startsWith("relay.")) {
            return "relay." + key.substring("relay.".length()).replace('-', '_');
        }
        if ("ethereum".equals(type)) {
            if (key.startsWith("signer-key")) {
                return "ethereum.signer_key";
            }
            if (key.startsWith("trust-anchor")) {
                return "ethereum.trust_anchor_" + (key.endsWith("number") ? "number" : "hash");
            }
            if (key.startsWith("rules")) {
                return "ethereum.rules_preset";
            }
            return "ethereum." + key.replace('-', '_');
        }
        if ("fabric".equals(type)) {
            if (key.startsWith("signer.private-key")) {
                return "fabric.signer_private_key";
            }
            if (key.startsWith("signer.certificate")) {
                return "fabric.signer_certificate";
            }
            if (key.startsWith("signer.msp-id")) {
                return "fabric.signer_msp_id";
            }
            if (key.startsWith("trust-anchor")) {
                return "fabric.trust_anchor_config_block";
            }
            if (key.startsWith("gateway")) {
                return "fabric.gateway";
            }
            if (key.startsWith("confirming-peers")) {
                return "fabric.confirming_peers";
            }
            return "fabric." + key.replace('-', '_');
        }
        return key.isEmpty() ? "spec" : key;
    }

    /** The protobuf form of a pre-flight check. */
    static io.xrelay.relay.proto.v1.PreflightCheck check(PreflightCheck check) {
        return io.xrelay.relay.proto.v1.PreflightCheck.newBuilder()
                .setName(check.name())
                .setPassed(check.passed())
                .setDetail(check.detail())
                .build();
    }

    /** The protobuf form of a chain's view. */
    static Chain chain(ChainView view) {
        Chain.Builder b = Chain.newBuilder()
                .setChainId(view.chain().value())
                .setType(view.type())
                .setState(
                        switch (view.state()) {
                            case STARTING -> ChainState.STARTING;
                            case FOLLOWING -> ChainState.FOLLOWING;
                            case PAUSED -> ChainState.PAUSED;
                            case DEGRADED -> ChainState.DEGRADED;
                        })
                .setNodeHeadNumber(Math.max(0, view.nodeHead()))
                .setHeadLag(view.headLag())
                .setFinality(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(view.finality().toSeconds())
                        .setNanos(view.finality().toNanosPart()))
                .setOpenTransfers(view.openTransfers())
                .setProblem(view.problem())
                .setRegisteredAt(com.google.protobuf.Timestamp.newBuilder()
                        .setSeconds(Math.floorDiv(view.registeredAt().toEpochMilli(), 1000))
                        .setNanos(Math.floorMod(view.registeredAt().toEpochMilli(), 1000) * 1_000_000))
                .setSource(view.source());
        ChainRef ref = ChainRef.newBuilder().setId(view.chain().value()).build();
        view.verifiedHead()
                .ifPresent(h -> b.setVerifiedHead(BlockRef.newBuilder()
                        .setChain(ref)
                        .setNumber(h.number())
                        .setHash(ByteString.copyFrom(h.hash().toByteArray()))));
        view.operator()
                .ifPresent(
                        o -> b.setOperator(AccountRef.newBuilder().setChain(ref).setAccount(o.value())));
        view.registration().ifPresent(r -> {
            try {
                b.setRegistration(
                        RegisterChainRequest.parseFrom(Base64.getDecoder().decode(r)));
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                // a stored registration that does not parse is left out; the chain itself is shown
            }
        });
        return b.build();
    }
}
