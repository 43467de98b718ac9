/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The relay's gRPC API ({@code xrelay.api}): where it listens and who may call it.
 *
 * <pre>{@code
 * api {
 *   enabled = true
 *   host = "127.0.0.1"
 *   port = 0                      # 0: a free port, written to <data-dir>/api.address
 *   auth.mode = token             # or mtls
 *   auth.tokens = [
 *     { name = wallet-app, sha256 = "<64 hex digits: sha256 of the token>", roles = [dapp] }
 *     { name = ops, token-env = XRELAY_ADMIN_TOKEN, roles = [admin, dapp] }
 *   ]
 *   auth.clients = [ { subject-cn = ops-admin, roles = [admin] } ]   # mtls
 *   tls { certificate-file = server.pem, private-key-file = server.key, client-ca-file = clients-ca.pem }
 * }
 * }</pre>
 *
 * @param enabled whether the relay serves the API
 * @param host the address to bind
 * @param port the port to bind; 0 for a free one
 * @param mode how callers are authenticated
 * @param tokens the bearer tokens the API accepts (mode TOKEN)
 * @param clients the client certificates' subject CNs the API accepts (mode MTLS)
 * @param tls the server's certificate and key, and the CA of client certificates; required for mode MTLS,
 *     optional for mode TOKEN (then the server speaks TLS without client certificates)
 * @param watchBuffer the updates a WatchTransfer stream holds for a client that does not read, before it is ended
 */
public record ApiConfig(
        boolean enabled,
        String host,
        int port,
        AuthMode mode,
        List<TokenCredential> tokens,
        List<ClientCredential> clients,
        Optional<Tls> tls,
        int watchBuffer) {
    /** How callers are authenticated. */
    public enum AuthMode {
        /** {@code authorization: Bearer <token>}. */
        TOKEN,
        /** TLS client certificates, verified against the client CA; roles by subject CN. */
        MTLS
    }

    /**
     * A client certificate's subject CN and its roles.
     *
     * @param subjectCn the CN of the certificate's subject
     * @param roles what it may call; not empty
     */
    public record ClientCredential(String subjectCn, Set<Role> roles) {
        public ClientCredential {
            roles = Set.copyOf(roles);
        }
    }

    /**
     * The server's TLS files (PEM).
     *
     * @param certificateFile the server's certificate chain
     * @param privateKeyFile the server's private key (PKCS#8)
     * @param clientCaFile the CA certificates client certificates are verified against; required for {@code mtls}
     */
    public record Tls(Path certificateFile, Path privateKeyFile, Optional<Path> clientCaFile) {}

    /** What a credential may call. */
    public enum Role {
        /** The dApp API: relay.v1.TransferService. */
        DAPP,
        /** The chain admin API: relay.v1.AdminService. */
        ADMIN;

        /** {@code dapp} or {@code admin}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A bearer token, known by its SHA-256 digest only.
     *
     * @param name the credential's name, shown in logs instead of the token
     * @param sha256Hex the token's SHA-256, 64 lower-case hex digits
     * @param roles what it may call; not empty
     */
    public record TokenCredential(String name, String sha256Hex, Set<Role> roles) {
        public TokenCredential {
            roles = Set.copyOf(roles);
        }

        /** Whether {@code token} is this credential's token (comparison in constant time). */
        public boolean matches(String token) {
            return MessageDigest.isEqual(sha256(token), HexFormat.of().parseHex(sha256Hex));
        }
    }

    public ApiConfig {
        tokens = List.copyOf(tokens);
        clients = List.copyOf(clients);
    }

    /** Token authentication on 127.0.0.1, plain text: for tests and tools. */
    public static ApiConfig tokens(String host, int port, List<TokenCredential> tokens) {
        return new ApiConfig(true, host, port, AuthMode.TOKEN, tokens, List.of(), Optional.empty(), 256);
    }

    /** SHA-256 of {@code token}'s UTF-8 bytes. */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Parses {@code xrelay.api} of {@code xrelay}, reading {@code token-env} variables from {@code env}. */
    static ApiConfig fromConfig(Config xrelay, String prefix, Function<String, String> env) {
        String path = prefix + ".api";
        if (!xrelay.hasPath("api") || xrelay.getValue("api").valueType() != ConfigValueType.OBJECT) {
            throw new RelayConfigException(path, "must be a block { ... }");
        }
        Config api = xrelay.getConfig("api");
        try {
            boolean enabled = api.getBoolean("enabled");
            String host = Hocon.string(api, path, "host");
            if (host.isBlank()) {
                throw new RelayConfigException(path + ".host", "must not be empty");
            }
            int port = api.getInt("port");
            if (port < 0 || port > 65535) {
                throw new RelayConfigException(path + ".port", "must be 0 (a free port) to 65535, got " + port);
            }
            List<TokenCredential> tokens = new ArrayList<>();
            List<? extends Config> entries = api.getConfigList("auth.tokens");
            Set<String> names = new HashSet<>();
            for (int i = 0; i < entries.size(); i++) {
                TokenCredential t = token(entries.get(i), path + ".auth.tokens[" + i + "]", env);
                if (!names.add(t.name())) {
                    throw new RelayConfigException(
                            path + ".auth.tokens[" + i + "].name", "\"" + t.name() + "\" is used by another token");
                }
                tokens.add(t);
            }
            String modeName = Hocon.string(api, path, "auth.mode");
            AuthMode mode;
            try {
                mode = AuthMode.valueOf(modeName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new RelayConfigException(
                        path + ".auth.mode", "must be token or mtls, got \"" + modeName + "\"", e);
            }
            List<ClientCredential> clients = new ArrayList<>();
            if (api.hasPath("auth.clients")) {
                List<? extends Config> list = api.getConfigList("auth.clients");
                Set<String> cns = new HashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    ClientCredential c = client(list.get(i), path + ".auth.clients[" + i + "]");
                    if (!cns.add(c.subjectCn())) {
                        throw new RelayConfigException(
                                path + ".auth.clients[" + i + "].subject-cn",
                                "\"" + c.subjectCn() + "\" is used by another client");
                    }
                    clients.add(c);
                }
            }
            if (mode == AuthMode.MTLS && clients.isEmpty()) {
                throw new RelayConfigException(
                        path + ".auth.clients",
                        "mtls needs at least one client: [ { subject-cn = NAME, roles = [dapp] } ]");
            }
            Optional<Tls> tls = tls(api, path, mode);
            int watchBuffer = api.getInt("watch-buffer");
            if (watchBuffer < 1 || watchBuffer > 100_000) {
                throw new RelayConfigException(path + ".watch-buffer", "must be 1 to 100000, got " + watchBuffer);
            }
            return new ApiConfig(enabled, host, port, mode, tokens, clients, tls, watchBuffer);
        } catch (ConfigException e) {
            throw new RelayConfigException(path, String.valueOf(e.getMessage()), e);
        }
    }

    private static Optional<Tls> tls(Config api, String path, AuthMode mode) {
        String tlsPath = path + ".tls";
        boolean any = api.hasPath("tls.certificate-file")
                || api.hasPath("tls.private-key-file")
                || api.hasPath("tls.client-ca-file");
        if (!any) {
            if (mode == AuthMode.MTLS) {
                throw new RelayConfigException(
                        tlsPath + ".certificate-file",
                        "mtls needs tls.certificate-file, tls.private-key-file and tls.client-ca-file");
            }
            return Optional.empty();
        }
        Path certificate = file(api, tlsPath, "certificate-file");
        Path key = file(api, tlsPath, "private-key-file");
        Optional<Path> ca = Optional.empty();
        if (api.hasPath("tls.client-ca-file")) {
            ca = Optional.of(file(api, tlsPath, "client-ca-file"));
        } else if (mode == AuthMode.MTLS) {
            throw new RelayConfigException(
                    tlsPath + ".client-ca-file", "mtls needs the CA that client certificates are verified against");
        }
        return Optional.of(new Tls(certificate, key, ca));
    }

    private static Path file(Config api, String tlsPath, String key) {
        if (!api.hasPath("tls." + key)) {
            throw new RelayConfigException(tlsPath + "." + key, "required (a PEM file)");
        }
        Path p = Path.of(Hocon.string(api, tlsPath, "tls." + key));
        if (!Files.isReadable(p)) {
            throw new RelayConfigException(tlsPath + "." + key, "cannot read " + p);
        }
        return p;
    }

    private static ClientCredential client(Config entry, String path) {
        Set<String> known = Set.of("subject-cn", "roles");
        for (Map.Entry<String, ?> e : entry.root().entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new RelayConfigException(path + "." + e.getKey(), "unknown key; known keys: " + known);
            }
        }
        if (!entry.hasPath("subject-cn")) {
            throw new RelayConfigException(path + ".subject-cn", "required: the client certificate's subject CN");
        }
        String cn = Hocon.string(entry, path, "subject-cn");
        if (cn.isBlank()) {
            throw new RelayConfigException(path + ".subject-cn", "must not be empty");
        }
        return new ClientCredential(cn, roles(entry, path));
    }

    private static Set<Role> roles(Config entry, String path) {
        if (!entry.hasPath("roles") || entry.getValue("roles").valueType() != ConfigValueType.LIST) {
            throw new RelayConfigException(path + ".roles", "must be a list of dapp and/or admin");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : entry.getStringList("roles")) {
            try {
                roles.add(Role.valueOf(r.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new RelayConfigException(path + ".roles", "unknown role \"" + r + "\"; roles: dapp, admin", e);
            }
        }
        if (roles.isEmpty()) {
            throw new RelayConfigException(path + ".roles", "must name at least one role: dapp, admin");
        }
        return roles;
    }

    private static TokenCredential token(Config entry, String path, Function<String, String> env) {
        Set<String> known = Set.of("name", "sha256", "token-env", "roles");
        for (Map.Entry<String, ?> e : entry.root().entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new RelayConfigException(path + "." + e.getKey(), "unknown key; known keys: " + known);
            }
        }
        String name = Hocon.string(entry, path, "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new RelayConfigException(path + ".name", "must be 1 to 64 of [A-Za-z0-9._-], got \"" + name + "\"");
        }
        boolean hasDigest = entry.hasPath("sha256");
        boolean hasEnv = entry.hasPath("token-env");
        if (hasDigest == hasEnv) {
            throw new RelayConfigException(path, "set exactly one of sha256 (the token's digest) and token-env");
        }
        String digest;
        if (hasDigest) {
            digest = Hocon.string(entry, path, "sha256").toLowerCase(Locale.ROOT);
            if (!digest.matches("[0-9a-f]{64}")) {
                throw new RelayConfigException(path + ".sha256", "must be 64 hex digits (sha256 of the token)");
            }
        } else {
            String variable = Hocon.string(entry, path, "token-env");
            String token = env.apply(variable);
            if (token == null || token.length() < 16) {
                throw new RelayConfigException(
                        path + ".token-env",
                        "environment variable " + variable + " must hold a token of at least 16 characters");
            }
            digest = HexFormat.of().formatHex(sha256(token));
        }
        return new TokenCredential(name, digest, roles(entry, path));
    }
}
