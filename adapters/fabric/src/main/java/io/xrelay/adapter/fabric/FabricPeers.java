/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.ChainId;
import io.xrelay.adapter.ChainUnavailableException;
import io.xrelay.adapter.TransactionRejectedException;
import io.xrelay.adapter.VerificationFailedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;

/**
 * The adapter's connections: a Fabric Gateway on the gateway peer (the HTLC chaincode, the query system chaincode
 * and the blocks it serves), and one on each confirming peer for its blocks. Every call has the configured
 * deadline. Closing shuts every gRPC channel down.
 */
final class FabricPeers implements AutoCloseable {
    /** The query system chaincode: chain height, the block of a transaction. */
    private static final String QSCC = "qscc";

    private final ChainId chain;
    private final FabricConfig config;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<Gateway> gateways = new ArrayList<>();
    private final Network network;
    private final Contract htlc;
    private final Contract qscc;
    private final BlockSource gatewayBlocks;
    private final List<BlockSource> confirmingBlocks = new ArrayList<>();

    /**
     * Connects (gRPC connects lazily: nothing is sent before the first call).
     *
     * @param wrap applied to every block source made, for tests that make a peer lie; {@code s -> s} otherwise
     */
    FabricPeers(ChainId chain, FabricConfig config, UnaryOperator<BlockSource> wrap) {
        this.chain = chain;
        this.config = config;
        try {
            ManagedChannel gatewayChannel = open(config.gateway(), "gateway");
            this.network = gateway(gatewayChannel).getNetwork(config.channel());
            this.htlc = network.getContract(config.chaincode());
            this.qscc = network.getContract(QSCC);
            this.gatewayBlocks =
                    wrap.apply(new NetworkBlocks("gateway peer " + config.gateway(), config.gateway(), network));
            for (int i = 0; i < config.confirmingPeers().size(); i++) {
                FabricConfig.ConfirmingPeer p = config.confirmingPeers().get(i);
                if (p.endpoint().address().equals(config.gateway().address())) {
                    continue; // the gateway peer's own blocks are the served blocks
                }
                ManagedChannel c = open(p.endpoint(), "confirming-peers." + i);
                Network n = gateway(c).getNetwork(config.channel());
                confirmingBlocks.add(wrap.apply(new NetworkBlocks(p.toString(), p.endpoint(), n)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The HTLC chaincode through the gateway peer. */
    Contract htlc() {
        return htlc;
    }

    /** The blocks of the gateway peer. */
    BlockSource gatewayBlocks() {
        return gatewayBlocks;
    }

    /** The blocks of the confirming peers other than the gateway peer. */
    List<BlockSource> confirmingBlocks() {
        return List.copyOf(confirmingBlocks);
    }

    /** The channel height the gateway peer reports (its word: the blocks themselves are verified). */
    long height() {
        byte[] answer;
        try {
            answer = qscc.evaluateTransaction("GetChainInfo", config.channel());
        } catch (GatewayException e) {
            throw unavailable("channel height", e);
        }
        try {
            return BlockchainInfo.parseFrom(answer).getHeight();
        } catch (InvalidProtocolBufferException e) {
            throw new VerificationFailedException(
                    chain, "the gateway peer's chain info for channel " + config.channel() + " is malformed", e);
        }
    }

    /**
     * The number of the block that the gateway peer says holds transaction {@code txId}, or empty if it knows no such
     * transaction. The peer's word: the caller finds the transaction in its verified block.
     */
    Optional<Long> blockOfTransaction(String txId) {
        byte[] answer;
        try {
            answer = qscc.evaluateTransaction("GetBlockByTxID", config.channel(), txId);
        } catch (GatewayException e) {
            Throwable t = GatewayErrors.translate(chain, "the block of transaction " + txId, null, e);
            if (t instanceof TransactionRejectedException) {
                return Optional.empty(); // the query system chaincode refuses an unknown transaction id
            }
            throw t instanceof RuntimeException r ? r : unavailable("the block of transaction " + txId, e);
        }
        try {
            return Optional.of(Block.parseFrom(answer).getHeader().getNumber());
        } catch (InvalidProtocolBufferException e) {
            throw new VerificationFailedException(
                    chain, "the gateway peer's block of transaction " + txId + " is malformed", e);
        }
    }

    @Override
    public void close() {
        for (Gateway g : gateways) {
            g.close();
        }
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
        for (ManagedChannel c : channels) {
            try {
                c.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private ManagedChannel open(FabricConfig.Endpoint endpoint, String key) {
        ChannelCredentials tls;
        try {
            tls = TlsChannelCredentials.newBuilder()
                    .trustManager(endpoint.tlsCaFile().toFile())
                    .build();
        } catch (IOException e) {
            throw new AdapterConfigException(
                    chain, key + ".tls-ca-file", "cannot use " + endpoint.tlsCaFile() + ": " + e.getMessage(), e);
        }
        ManagedChannelBuilder<?> b = Grpc.newChannelBuilder(endpoint.address(), tls);
        endpoint.hostOverride().ifPresent(b::overrideAuthority);
        ManagedChannel c = b.build();
        channels.add(c);
        return c;
    }

    private Gateway gateway(ManagedChannel channel) {
        FabricConfig.SignerIdentity s = config.signer();
        UnaryOperator<CallOptions> deadline = deadline();
        Gateway g = Gateway.newInstance()
                .identity(new X509Identity(s.mspId(), s.certificate()))
                .signer(Signers.newPrivateKeySigner(s.privateKey()))
                .hash(Hash.SHA256)
                .connection(channel)
                .evaluateOptions(deadline)
                .endorseOptions(deadline)
                .submitOptions(deadline)
                .commitStatusOptions(deadline)
                .connect();
        gateways.add(g);
        return g;
    }

    private UnaryOperator<CallOptions> deadline() {
        long millis = config.requestTimeout().toMillis();
        return o -> o.withDeadlineAfter(millis, TimeUnit.MILLISECONDS);
    }

    private ChainUnavailableException unavailable(String what, Exception e) {
        Throwable t = GatewayErrors.translate(chain, what, null, e);
        return t instanceof ChainUnavailableException u
                ? u
                : new ChainUnavailableException(chain, what + ": " + t.getMessage(), e);
    }

    /** The blocks a peer serves through its Deliver service, read with the gateway client's block events. */
    private final class NetworkBlocks implements BlockSource {
        private final String name;
        private final FabricConfig.Endpoint endpoint;
        private final Network network;

        NetworkBlocks(String name, FabricConfig.Endpoint endpoint, Network network) {
            this.name = name;
            this.endpoint = endpoint;
            this.network = network;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String address() {
            return endpoint.address();
        }

        @Override
        public List<Block> blocks(long from, long to) {
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("no blocks " + from + ".." + to);
            }
            List<Block> out = new ArrayList<>((int) Math.min(to - from + 1, 1024));
            try (CloseableIterator<Block> it =
                    network.newBlockEventsRequest().startBlock(from).build().getEvents(deadline())) {
                for (long n = from; n <= to; n++) {
                    if (!it.hasNext()) {
                        throw new ChainUnavailableException(
                                chain, name + " ended the stream of blocks " + from + ".." + to + " at " + n, null);
                    }
                    out.add(it.next());
                }
            } catch (GatewayRuntimeException e) {
                Throwable t = GatewayErrors.translate(chain, name + ": blocks " + from + ".." + to, null, e);
                throw t instanceof ChainUnavailableException u
                        ? u
                        : new ChainUnavailableException(chain, String.valueOf(t.getMessage()), e);
            }
            return out;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
