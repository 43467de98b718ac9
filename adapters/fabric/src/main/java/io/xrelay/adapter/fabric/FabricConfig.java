/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.xrelay.adapter.AdapterConfigException;
import io.xrelay.adapter.ChainId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;

/**
 * One Fabric chain's settings, parsed once from HOCON and validated, with the files they name read and checked
 * (certificates, the signer's key, the trust anchor block); defaults and their meaning are in this module's
 * {@code reference.conf} under {@code xrelay.adapter.fabric.defaults}. {@link #toString()} never shows the key.
 *
 * @param endorsementPolicy the endorsement policy as configured
 * @param policy the endorsement policy, parsed
 * @param trustAnchor the config block the operator trusts, parsed (its configuration is checked by the adapter)
 */
record FabricConfig(
        String channel,
        String chaincode,
        String endorsementPolicy,
        SignaturePolicy policy,
        SignerIdentity signer,
        Endpoint gateway,
        List<ConfirmingPeer> confirmingPeers,
        Path trustAnchorFile,
        Block trustAnchor,
        Optional<Path> stateDir,
        Duration requestTimeout,
        Duration pollInterval,
        Duration droppedAfter,
        int maxBlocksPerPull,
        int maxBatch) {

    static final String DEFAULTS_PATH = "xrelay.adapter.fabric.defaults";

    /** Reads SEC1 keys, whose curve the JDK's key factory wants elsewhere; not registered as a JCA provider. */
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    /** Fabric's channel names: lower case letters, digits, dots and dashes, starting with a letter. */
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9.-]{0,248}");

    private static final Pattern CHAINCODE = Pattern.compile("[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*");
    private static final Pattern MSP_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern ADDRESS = Pattern.compile("([^:\\s/]+|\\[[0-9a-fA-F:.]+]):([0-9]{1,5})");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");

    FabricConfig {
        confirmingPeers = List.copyOf(confirmingPeers);
    }

    /**
     * The identity the adapter signs with. The private key is held for signing only and never shown.
     *
     * @param certificateFile where {@code certificate} was read from
     */
    record SignerIdentity(String mspId, Path certificateFile, X509Certificate certificate, PrivateKey privateKey) {
        @Override
        public String toString() {
            return "SignerIdentity[mspId=" + mspId + ", certificate=" + certificateFile + ", privateKey=(hidden)]";
        }
    }

    /** A peer's gRPC endpoint: {@code host:port}, the CA of its TLS certificate, and the host name it presents. */
    record Endpoint(String address, Path tlsCaFile, Optional<String> hostOverride) {
        @Override
        public String toString() {
            return address + hostOverride.map(h -> " (" + h + ")").orElse("");
        }
    }

    /** A peer whose validation codes must agree with the gateway peer's, of organisation {@code mspId}. */
    record ConfirmingPeer(String mspId, Endpoint endpoint) {
        @Override
        public String toString() {
            return mspId + " peer " + endpoint;
        }
    }

    static FabricConfig parse(ChainId chain, Config raw) {
        Config c = raw.withFallback(ConfigFactory.defaultReference().getConfig(DEFAULTS_PATH));
        String channel = string(chain, c, "channel");
        if (!CHANNEL.matcher(channel).matches()) {
            throw new AdapterConfigException(
                    chain,
                    "channel",
                    "must be a Fabric channel name (a lower case letter, then lower case letters, digits, '.' or"
                            + " '-', at most 249 characters), got \"" + channel + '"');
        }
        String chaincode = string(chain, c, "chaincode");
        if (!CHAINCODE.matcher(chaincode).matches()) {
            throw new AdapterConfigException(
                    chain,
                    "chaincode",
                    "must be a chaincode name (letters and digits, single '-' or '_' between them), got \"" + chaincode
                            + '"');
        }
        String policyText = string(chain, c, "endorsement-policy");
        SignaturePolicy policy;
        try {
            policy = SignaturePolicy.parse(policyText);
        } catch (IllegalArgumentException e) {
            throw new AdapterConfigException(
                    chain, "endorsement-policy", "is not a signature policy: " + e.getMessage(), e);
        }
        SignerIdentity signer = signer(chain, c);
        Endpoint gateway = endpoint(chain, c, "gateway");
        List<ConfirmingPeer> confirming = confirmingPeers(chain, c);
        Path anchorFile = path(chain, c, "trust-anchor.config-block-file");
        Block anchor = configBlock(chain, "trust-anchor.config-block-file", anchorFile, channel);
        Optional<Path> stateDir = c.hasPath("state-dir") ? Optional.of(path(chain, c, "state-dir")) : Optional.empty();
        if (stateDir.isPresent() && Files.exists(stateDir.get()) && !Files.isDirectory(stateDir.get())) {
            throw new AdapterConfigException(chain, "state-dir", stateDir.get() + " exists and is not a folder");
        }
        long maxBlocks = positiveLong(chain, c, "max-blocks-per-pull");
        if (maxBlocks > 100_000) {
            throw new AdapterConfigException(chain, "max-blocks-per-pull", "must be at most 100000, got " + maxBlocks);
        }
        long maxBatch = positiveLong(chain, c, "max-batch");
        if (maxBatch > HtlcChaincode.MAX_BATCH) {
            throw new AdapterConfigException(
                    chain, "max-batch", "must be at most " + HtlcChaincode.MAX_BATCH + ", got " + maxBatch);
        }
        return new FabricConfig(
                channel,
                chaincode,
                policyText,
                policy,
                signer,
                gateway,
                confirming,
                anchorFile,
                anchor,
                stateDir,
                positiveDuration(chain, c, "request-timeout"),
                positiveDuration(chain, c, "poll-interval"),
                positiveDuration(chain, c, "dropped-after"),
                (int) maxBlocks,
                (int) maxBatch);
    }

    @Override
    public String toString() {
        return "FabricConfig[channel=" + channel + ", chaincode=" + chaincode + ", endorsementPolicy="
                + endorsementPolicy + ", signer=" + signer + ", gateway=" + gateway + ", confirmingPeers="
                + confirmingPeers + ", trustAnchor=" + trustAnchorFile + ", stateDir=" + stateDir + ", maxBatch="
                + maxBatch + "]";
    }

    // ---- sections -----------------------------------------------------------------------------------------------

    private static SignerIdentity signer(ChainId chain, Config c) {
        String mspId = mspId(chain, c, "signer.msp-id");
        Path certFile = path(chain, c, "signer.certificate-file");
        X509Certificate cert = certificate(chain, "signer.certificate-file", certFile);
        boolean inFile = c.hasPath("signer.private-key-file");
        boolean inEnv = c.hasPath("signer.private-key-env");
        if (inFile == inEnv) {
            throw new AdapterConfigException(
                    chain,
                    inFile ? "signer.private-key-env" : "signer.private-key-file",
                    inFile
                            ? "set exactly one of signer.private-key-file and signer.private-key-env; both are set"
                            : "is required: set exactly one of signer.private-key-file and signer.private-key-env");
        }
        String keyKey = inFile ? "signer.private-key-file" : "signer.private-key-env";
        String keySource;
        PrivateKey key;
        if (inFile) {
            Path keyFile = path(chain, c, keyKey);
            keySource = "the key in " + keyFile;
            key = privateKey(chain, keyKey, keyFile);
        } else {
            String variable = string(chain, c, keyKey);
            String pem = System.getenv(variable);
            if (pem == null || pem.isBlank()) {
                throw new AdapterConfigException(
                        chain, keyKey, "the environment variable " + variable + " is not set or empty");
            }
            keySource = "the key in the environment variable " + variable;
            key = privateKey(
                    chain, keyKey, pem.getBytes(StandardCharsets.UTF_8), "the environment variable " + variable);
        }
        if (!keyMatches(key, cert)) {
            throw new AdapterConfigException(
                    chain, keyKey, keySource + " is not the private key of the certificate in " + certFile);
        }
        return new SignerIdentity(mspId, certFile, cert, key);
    }

    private static List<ConfirmingPeer> confirmingPeers(ChainId chain, Config c) {
        List<? extends Config> list;
        try {
            list = c.getConfigList("confirming-peers");
        } catch (ConfigException.Missing e) {
            throw new AdapterConfigException(chain, "confirming-peers", "is required (one peer per organisation)", e);
        } catch (ConfigException.WrongType e) {
            throw new AdapterConfigException(
                    chain, "confirming-peers", "must be a list of { msp-id, address, tls-ca-file } objects", e);
        }
        if (list.isEmpty()) {
            throw new AdapterConfigException(chain, "confirming-peers", "must name at least one peer");
        }
        List<ConfirmingPeer> peers = new ArrayList<>();
        Set<String> orgs = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String prefix = "confirming-peers." + i;
            Config p = list.get(i);
            String mspId;
            Endpoint endpoint;
            try {
                mspId = mspId(chain, p, "msp-id");
                endpoint = endpoint(chain, p, "");
            } catch (AdapterConfigException e) {
                throw new AdapterConfigException(chain, prefix + "." + e.key(), messageOf(e), e);
            }
            if (!orgs.add(mspId)) {
                throw new AdapterConfigException(
                        chain, prefix + ".msp-id", "names " + mspId + " a second time: one peer per organisation");
            }
            peers.add(new ConfirmingPeer(mspId, endpoint));
        }
        return peers;
    }

    /** The endpoint under {@code section} ({@code ""} for the object itself). */
    private static Endpoint endpoint(ChainId chain, Config c, String section) {
        String prefix = section.isEmpty() ? "" : section + ".";
        String address = string(chain, c, prefix + "address");
        var m = ADDRESS.matcher(address);
        if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
            throw new AdapterConfigException(
                    chain, prefix + "address", "must be host:port with a port of 1-65535, got \"" + address + '"');
        }
        Path ca = path(chain, c, prefix + "tls-ca-file");
        certificate(chain, prefix + "tls-ca-file", ca);
        Optional<String> host = Optional.empty();
        if (c.hasPath(prefix + "host-override")) {
            String h = string(chain, c, prefix + "host-override");
            if (!HOST.matcher(h).matches()) {
                throw new AdapterConfigException(
                        chain, prefix + "host-override", "must be a host name, got \"" + h + '"');
            }
            host = Optional.of(h);
        }
        return new Endpoint(address, ca, host);
    }

    // ---- files ------------------------------------------------------------------------------------------------

    private static X509Certificate certificate(ChainId chain, String key, Path file) {
        byte[] bytes = read(chain, key, file);
        try {
            var certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
            if (certs.isEmpty() || !(certs.iterator().next() instanceof X509Certificate first)) {
                throw new AdapterConfigException(chain, key, file + " holds no X.509 certificate");
            }
            return first;
        } catch (CertificateException e) {
            throw new AdapterConfigException(
                    chain, key, file + " is not an X.509 certificate in PEM: " + e.getMessage(), e);
        }
    }

    /** A private key in PEM: PKCS#8 ({@code PRIVATE KEY}, as cryptogen and Fabric CAs write it) or SEC1. */
    private static PrivateKey privateKey(ChainId chain, String key, Path file) {
        return privateKey(chain, key, read(chain, key, file), file.toString());
    }

    private static PrivateKey privateKey(ChainId chain, String key, byte[] bytes, String file) {
        try (PEMParser parser =
                new PEMParser(new java.io.InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BOUNCY_CASTLE);
            PrivateKeyInfo info =
                    o instanceof PrivateKeyInfo i ? i : o instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo() : null;
            if (info != null) {
                // Read by BouncyCastle (which takes SEC1's curve where it is), then made a key of the platform's
                // own provider, which every signer takes.
                PrivateKey read = converter.getPrivateKey(info);
                return KeyFactory.getInstance(read.getAlgorithm().equals("ECDSA") ? "EC" : read.getAlgorithm())
                        .generatePrivate(new PKCS8EncodedKeySpec(read.getEncoded()));
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // The message of a key parser may quote the input: it is not passed on.
            throw new AdapterConfigException(chain, key, file + " is not a private key in PEM");
        }
        throw new AdapterConfigException(
                chain, key, file + " is not a private key in PEM (PKCS#8 PRIVATE KEY or SEC1 EC PRIVATE KEY)");
    }

    /** Whether {@code key} signs what {@code cert}'s public key verifies. */
    private static boolean keyMatches(PrivateKey key, X509Certificate cert) {
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        try {
            byte[] probe = "xrelay key check".getBytes(StandardCharsets.UTF_8);
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(probe);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(cert.getPublicKey());
            v.update(probe);
            return v.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The trust anchor: a config block of {@code channel}. */
    private static Block configBlock(ChainId chain, String key, Path file, String channel) {
        byte[] bytes = read(chain, key, file);
        Block block;
        ChannelHeader header;
        try {
            block = Block.parseFrom(bytes);
            if (!block.hasHeader() || block.getData().getDataCount() != 1) {
                throw new AdapterConfigException(
                        chain, key, file + " is not a config block (a block with exactly one envelope)");
            }
            Payload payload = Payload.parseFrom(
                    Envelope.parseFrom(block.getData().getData(0)).getPayload());
            header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
        } catch (InvalidProtocolBufferException e) {
            throw new AdapterConfigException(chain, key, file + " is not a Fabric block (protobuf common.Block)", e);
        }
        if (header.getType() != HeaderType.CONFIG_VALUE) {
            throw new AdapterConfigException(
                    chain,
                    key,
                    file + " is block " + block.getHeader().getNumber() + " holding a transaction of type "
                            + header.getType() + ", not a config block");
        }
        if (!header.getChannelId().equals(channel)) {
            throw new AdapterConfigException(
                    chain,
                    key,
                    file + " is a config block of channel \"" + header.getChannelId() + "\", not of \"" + channel
                            + '"');
        }
        return block;
    }

    private static byte[] read(ChainId chain, String key, Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new AdapterConfigException(chain, key, file + " is a folder, not a file");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AdapterConfigException(chain, key, "cannot read " + file + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    // ---- values -------------------------------------------------------------------------------------------------

    private static String mspId(ChainId chain, Config c, String key) {
        String id = string(chain, c, key);
        if (!MSP_ID.matcher(id).matches()) {
            throw new AdapterConfigException(
                    chain, key, "must be an MSP id of 1-64 letters, digits, '.', '_' or '-', got \"" + id + '"');
        }
        return id;
    }

    private static Path path(ChainId chain, Config c, String key) {
        String s = string(chain, c, key);
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new AdapterConfigException(chain, key, "is not a valid path: \"" + s + '"', e);
        }
    }

    private static String string(ChainId chain, Config c, String key) {
        try {
            String s = c.getString(key).strip();
            if (s.isEmpty()) {
                throw new AdapterConfigException(chain, key, "must not be empty");
            }
            return s;
        } catch (ConfigException.Missing e) {
            throw new AdapterConfigException(chain, key, "is required", e);
        } catch (ConfigException.WrongType e) {
            throw new AdapterConfigException(chain, key, "must be a string", e);
        }
    }

    private static long positiveLong(ChainId chain, Config c, String key) {
        try {
            Number n = c.getNumber(key);
            if (!(n instanceof Integer || n instanceof Long)) {
                throw new AdapterConfigException(chain, key, "must be a whole number, got " + n);
            }
            if (n.longValue() <= 0) {
                throw new AdapterConfigException(chain, key, "must be positive, got " + n);
            }
            return n.longValue();
        } catch (ConfigException.Missing e) {
            throw new AdapterConfigException(chain, key, "is required", e);
        } catch (ConfigException.WrongType e) {
            throw new AdapterConfigException(chain, key, "must be a whole number", e);
        }
    }

    private static Duration positiveDuration(ChainId chain, Config c, String key) {
        try {
            Duration d = c.getDuration(key);
            if (d.isNegative() || d.isZero()) {
                throw new AdapterConfigException(chain, key, "must be positive, got " + d);
            }
            return d;
        } catch (ConfigException.Missing e) {
            throw new AdapterConfigException(chain, key, "is required", e);
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw new AdapterConfigException(chain, key, "must be a duration such as 500ms or 10s", e);
        }
    }

    /** The message of {@code e} without its {@code config 'key': } prefix. */
    private static String messageOf(AdapterConfigException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int at = m.indexOf("': ");
        return at < 0 ? m : m.substring(at + 3);
    }
}
