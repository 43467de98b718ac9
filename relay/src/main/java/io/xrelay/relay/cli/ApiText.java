/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.relay.cli;

import com.google.protobuf.Timestamp;
import io.xrelay.relay.proto.v1.Amount;
import io.xrelay.relay.proto.v1.AssetRef;
import io.xrelay.relay.proto.v1.ChainRef;
import io.xrelay.relay.proto.v1.TransferId;
import io.xrelay.relay.proto.v1.TransferState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The command line's text forms of the API's values, and their parsing with one-line errors naming the option. */
final class ApiText {
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,78}");
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The final states of a transfer (transfer_service.proto). */
    static final Set<TransferState> FINAL = EnumSet.of(
            TransferState.COMPLETED,
            TransferState.SOURCE_REFUNDED,
            TransferState.SOURCE_CLAIM_MISSED,
            TransferState.EXPIRED);

    private ApiText() {}

    /** {@code CHAIN:ASSET}, e.g. {@code fabric-dev:USD} or {@code eth-dev:0x5fbd...}. */
    static AssetRef assetRef(String option, String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(
                    option + ": expected CHAIN:ASSET (e.g. fabric-dev:USD), got '" + text + "'");
        }
        String chain = text.substring(0, colon);
        checkChain(option, chain);
        return AssetRef.newBuilder()
                .setChain(ChainRef.newBuilder().setId(chain))
                .setAsset(text.substring(colon + 1))
                .build();
    }

    static void checkChain(String option, String chain) {
        try {
            ChainCommand.checkChainId(chain);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /** A positive amount in base units: decimal digits only. */
    static Amount amount(String option, String text) {
        if (!DECIMAL.matcher(text).matches() || text.chars().allMatch(c -> c == '0')) {
            throw new IllegalArgumentException(
                    option + ": expected a positive whole number of base units (digits only), got '" + text + "'");
        }
        return Amount.newBuilder().setUnits(text.replaceFirst("^0+", "")).build();
    }

    /** {@code <source chain>/<lock id>}. */
    static TransferId transferId(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException(
                    "transfer id: expected <source chain>/<lock id> (e.g. eth-dev/0x3f..a1), got '" + text + "'");
        }
        String chain = text.substring(0, slash);
        checkChain("transfer id", chain);
        return TransferId.newBuilder()
                .setSourceChain(ChainRef.newBuilder().setId(chain))
                .setLockId(text.substring(slash + 1))
                .build();
    }

    static TransferState state(String text) {
        try {
            TransferState s =
                    TransferState.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (s == TransferState.TRANSFER_STATE_UNSPECIFIED || s == TransferState.UNRECOGNIZED) {
                throw new IllegalArgumentException(text);
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--state: unknown state '" + text + "' (one of REQUESTED, SOURCE_LOCKED,"
                            + " TARGET_LOCKING, TARGET_LOCKED, TARGET_CLAIMED, TARGET_REFUNDING, TARGET_REFUNDED, REJECTED,"
                            + " COMPLETED, SOURCE_REFUNDED, SOURCE_CLAIM_MISSED, EXPIRED)",
                    e);
        }
    }

    static String text(TransferId id) {
        return id.getSourceChain().getId() + "/" + id.getLockId();
    }

    static String text(AssetRef a) {
        return a.getChain().getId() + ":" + a.getAsset();
    }

    static String clock(Timestamp t) {
        return CLOCK.format(Instant.ofEpochSecond(t.getSeconds(), t.getNanos()));
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder()
                .setSeconds(i.getEpochSecond())
                .setNanos(i.getNano())
                .build();
    }
}
