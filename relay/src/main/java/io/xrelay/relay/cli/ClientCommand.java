/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that calls the relay's API: the {@link ApiOptions}, and one line on stderr for every failure, exit code 1
 * for what the relay refused or could not do and 2 for bad flags.
 */
abstract class ClientCommand implements Callable<Integer> {
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Spec
    @Nullable
    CommandSpec spec;

    @Mixin
    ApiOptions api = new ApiOptions();

    PrintWriter out() {
        return Objects.requireNonNull(spec, "picocli injects the spec")
                .commandLine()
                .getOut();
    }

    PrintWriter err() {
        return Objects.requireNonNull(spec, "picocli injects the spec")
                .commandLine()
                .getErr();
    }

    @Override
    public final Integer call() {
        try {
            validate();
            try (ApiClient client = connect()) {
                try {
                    return run(client);
                } catch (StatusRuntimeException e) {
                    err().println("xrelay: " + failure(client, e));
                    return FAILED;
                }
            }
        } catch (ApiOptions.BadOption | IllegalArgumentException e) {
            err().println("xrelay: " + e.getMessage());
            return USAGE;
        } finally {
            out().flush();
            err().flush();
        }
    }

    /** How to reach the relay, if not through {@link ApiOptions#connect()} (tests: an in-process channel). */
    @Nullable
    Function<ApiOptions, ApiClient> connector;

    ApiClient connect() {
        return connector == null ? api.connect() : connector.apply(api);
    }

    /** Checks the command's own arguments before anything is sent; throws IllegalArgumentException naming one. */
    void validate() {}

    abstract int run(ApiClient client);

    /** The one line for a failed call; a command may add what it knows (the checks of a refused registration). */
    String failure(ApiClient client, StatusRuntimeException e) {
        return client.describe(e);
    }

    void printJson(MessageOrBuilder message) {
        out().println(json(message));
    }

    static String json(MessageOrBuilder message) {
        try {
            return JsonFormat.printer().print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static String time(Timestamp t) {
        if (t.getSeconds() == 0 && t.getNanos() == 0) {
            return "-";
        }
        return TIME.format(Instant.ofEpochSecond(t.getSeconds(), t.getNanos()));
    }

    static String orDash(String s) {
        return s.isEmpty() ? "-" : s;
    }

    /** Rows printed as aligned columns, two spaces apart, with a header. */
    static <T> void table(PrintWriter out, List<String> header, List<T> rows, Function<T, List<String>> cells) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        for (T row : rows) {
            all.add(cells.apply(row));
        }
        int[] width = new int[header.size()];
        for (List<String> r : all) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        for (List<String> r : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(r.get(i));
                if (i < r.size() - 1) {
                    line.append(" ".repeat(width[i] - r.get(i).length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** Label-value lines, the labels padded to one width. */
    static void fields(PrintWriter out, List<String[]> pairs) {
        int width = 0;
        for (String[] p : pairs) {
            width = Math.max(width, p[0].length());
        }
        for (String[] p : pairs) {
            out.println(p[0] + ":" + " ".repeat(width - p[0].length() + 1) + p[1]);
        }
    }
}
