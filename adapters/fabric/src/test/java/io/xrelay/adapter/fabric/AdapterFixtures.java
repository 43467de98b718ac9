/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/**
 * Test material made in memory: P-256 CAs and certificates in PEM files, and synthetic blocks (a config block that
 * only has the shape of one, endorser transactions with a chaincode action), for the adapter's unit tests.
 */
final class AdapterFixtures {
    private AdapterFixtures() {}

    /** A key pair and its certificate. */
    record Issued(KeyPair keys, X509Certificate certificate) {}

    static KeyPair p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed CA certificate for {@code name} (e.g. {@code CN=ca.org1.example.com,O=org1.example.com}). */
    static Issued ca(String name) {
        KeyPair keys = p256();
        return new Issued(keys, certificate(name, keys, name, keys, true));
    }

    /** A certificate for {@code subject}, signed by {@code ca}, with a fresh key. */
    static Issued issue(Issued ca, String subject) {
        return issue(ca, subject, p256());
    }

    /** A certificate for {@code subject} and {@code keys}, signed by {@code ca}. */
    static Issued issue(Issued ca, String subject, KeyPair keys) {
        return new Issued(
                keys,
                certificate(
                        subject,
                        keys,
                        ca.certificate().getSubjectX500Principal().getName(),
                        ca.keys(),
                        false));
    }

    private static X509Certificate certificate(
            String subject, KeyPair keys, String issuer, KeyPair issuerKeys, boolean isCa) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    new X500Name(issuer),
                    new BigInteger(64, new java.security.SecureRandom()),
                    Date.from(now.minusSeconds(3600)),
                    Date.from(now.plusSeconds(86_400)),
                    new X500Name(subject),
                    keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
            X509CertificateHolder holder = b.build(signer);
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code objects} (certificates, private keys) as PEM to {@code file}. */
    static Path pem(Path file, Object... objects) {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            for (Object o : objects) {
                if (o instanceof java.security.PrivateKey k) {
                    w.writeObject(new PemObject("PRIVATE KEY", k.getEncoded())); // PKCS#8, as cryptogen writes
                } else {
                    w.writeObject(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.writeString(file, s.toString(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Writes {@code key} as SEC1 ({@code EC PRIVATE KEY}, with its named curve), as openssl writes it. */
    static Path sec1Pem(Path file, java.security.interfaces.ECPrivateKey key) {
        try {
            byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(
                            256,
                            key.getS(),
                            new org.bouncycastle.asn1.x9.X962Parameters(
                                    org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1))
                    .getEncoded();
            StringWriter s = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(s)) {
                w.writeObject(new PemObject("EC PRIVATE KEY", der));
            }
            Files.writeString(file, s.toString(), StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** An envelope holding a transaction of {@code type} with {@code txId} on {@code channel}, unsigned. */
    static ByteString envelope(HeaderType type, String channel, String txId, ByteString data) {
        ChannelHeader ch = ChannelHeader.newBuilder()
                .setType(type.getNumber())
                .setChannelId(channel)
                .setTxId(txId)
                .setTimestamp(Timestamp.newBuilder().setSeconds(1_767_225_600L).setNanos(5))
                .build();
        Payload p = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(ch.toByteString()))
                .setData(data)
                .build();
        return Envelope.newBuilder().setPayload(p.toByteString()).build().toByteString();
    }

    /** An endorser transaction of {@code chaincode} whose chaincode response carries {@code message}. */
    static ByteString endorserTransaction(String channel, String txId, String chaincode, String message) {
        ChaincodeAction action = ChaincodeAction.newBuilder()
                .setChaincodeId(ChaincodeID.newBuilder().setName(chaincode))
                .setResponse(Response.newBuilder().setStatus(200).setMessage(message))
                .build();
        ProposalResponsePayload prp = ProposalResponsePayload.newBuilder()
                .setExtension(action.toByteString())
                .build();
        ChaincodeActionPayload cap = ChaincodeActionPayload.newBuilder()
                .setAction(ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(prp.toByteString()))
                .build();
        Transaction tx = Transaction.newBuilder()
                .addActions(TransactionAction.newBuilder().setPayload(cap.toByteString()))
                .build();
        return envelope(HeaderType.ENDORSER_TRANSACTION, channel, txId, tx.toByteString());
    }

    /** A block of {@code envelopes} with a correct data hash and {@code codes} as its validation codes. */
    static Block block(long number, byte[] previousHash, List<ByteString> envelopes, byte[] codes) {
        BlockHeader header = BlockHeader.newBuilder()
                .setNumber(number)
                .setPreviousHash(ByteString.copyFrom(previousHash))
                .setDataHash(ByteString.copyFrom(FabricBlocks.dataHash(envelopes)))
                .build();
        return Block.newBuilder()
                .setHeader(header)
                .setData(BlockData.newBuilder().addAllData(envelopes))
                .setMetadata(BlockMetadata.newBuilder()
                        .addMetadata(ByteString.EMPTY)
                        .addMetadata(ByteString.EMPTY)
                        .addMetadata(ByteString.copyFrom(codes))
                        .addMetadata(ByteString.EMPTY)
                        .addMetadata(ByteString.EMPTY))
                .build();
    }

    /** A block shaped like a config block of {@code channel} (one CONFIG envelope; no real configuration). */
    static Block configShaped(String channel) {
        return block(
                0, new byte[0], List.of(envelope(HeaderType.CONFIG, channel, "", ByteString.EMPTY)), new byte[] {0});
    }

    /** Files of a signer and of TLS CAs in {@code dir}, and the configuration naming them. */
    static Map<String, Object> configFiles(Path dir) {
        Issued ca = ca("CN=ca.org1.example.com,O=org1.example.com,C=US");
        Issued user = issue(ca, "CN=User1@org1.example.com,OU=client,C=US");
        Issued tlsCa = ca("CN=tlsca.org1.example.com,O=org1.example.com,C=US");
        Map<String, Object> m = new HashMap<>();
        m.put("channel", "xrelay");
        m.put("endorsement-policy", "AND('Org1MSP.peer','Org2MSP.peer')");
        m.put("signer.msp-id", "Org1MSP");
        m.put(
                "signer.certificate-file",
                pem(dir.resolve("cert.pem"), user.certificate()).toString());
        m.put(
                "signer.private-key-file",
                pem(dir.resolve("key.pem"), user.keys().getPrivate()).toString());
        String tls = pem(dir.resolve("tlsca.pem"), tlsCa.certificate()).toString();
        m.put("gateway.address", "127.0.0.1:7051");
        m.put("gateway.tls-ca-file", tls);
        m.put(
                "confirming-peers",
                List.of(
                        Map.of("msp-id", "Org1MSP", "address", "127.0.0.1:7051", "tls-ca-file", tls),
                        Map.of("msp-id", "Org2MSP", "address", "127.0.0.1:9051", "tls-ca-file", tls)));
        m.put(
                "trust-anchor.config-block-file",
                write(dir.resolve("xrelay.block"), configShaped("xrelay").toByteArray())
                        .toString());
        return m;
    }
}
