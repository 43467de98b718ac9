/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import static io.xrelay.contracts.fabric.HtlcException.quote;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The formats of the chaincode's arguments. Every check throws {@link HtlcException} with {@link ErrorCode#BadArgument}
 * (or the code the caller names) and a message naming the argument and its value.
 */
final class Args {
    /** 2^256: amounts and balances stay below it, as in the Solidity contract's uint256. */
    static final BigInteger TWO_TO_256 = BigInteger.ONE.shiftLeft(256);

    private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,77}");
    private static final Pattern TIME = Pattern.compile("0|[1-9][0-9]{0,18}");
    private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-fA-F]{64}");
    private static final int MAX_TEXT = 256;

    private Args() {}

    /**
     * The arguments of {@code function}, checked to be as many as {@code names}.
     *
     * @throws HtlcException BadArgument naming the function, its parameters and the count received
     */
    static List<String> expect(String function, List<String> args, String... names) {
        if (args.size() != names.length) {
            throw new HtlcException(
                    ErrorCode.BadArgument,
                    function + " takes " + names.length + " argument" + (names.length == 1 ? "" : "s")
                            + (names.length == 0 ? "" : " (" + String.join(", ", names) + ")") + ", got "
                            + args.size());
        }
        return List.copyOf(args);
    }

    /** An asset id: {@code [A-Za-z0-9._-]{1,64}}. */
    static String asset(String name, String value) {
        if (!ASSET.matcher(value).matches()) {
            throw bad(name, value, "an asset id ([A-Za-z0-9._-]{1,64})");
        }
        return value;
    }

    /** An amount: canonical decimal ({@code 0|[1-9][0-9]*}) below 2^256. */
    static BigInteger amount(String name, String value) {
        if (!DECIMAL.matcher(value).matches()) {
            throw bad(name, value, "a canonical decimal amount (0|[1-9][0-9]*)");
        }
        BigInteger amount = new BigInteger(value);
        if (amount.compareTo(TWO_TO_256) >= 0) {
            throw bad(name, value, "an amount below 2^256");
        }
        return amount;
    }

    /** A time lock: canonical decimal unix seconds that fit a signed 64-bit number. */
    static long timeLock(String name, String value) {
        if (TIME.matcher(value).matches()) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                // 19 digits above Long.MAX_VALUE: refused below.
            }
        }
        throw bad(name, value, "canonical decimal unix seconds below 2^63");
    }

    /** A hash lock, preimage or lock id: {@code 0x} and 64 hex digits of either case, returned in lower case. */
    static String bytes32(String name, String value) {
        if (!BYTES32.matcher(value).matches()) {
            throw bad(name, value, "0x followed by 64 hex digits");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /** A destination chain or recipient: 1-256 characters without surrounding blanks (as the SPI's Account). */
    static String text(String name, String value) {
        if (value.isBlank() || value.length() > MAX_TEXT || !value.strip().equals(value)) {
            throw bad(name, value, "1-256 characters without surrounding blanks");
        }
        return value;
    }

    /** An account ({@code <MSPID>:<64 lowercase hex digits>}); anything else is refused with {@code code}. */
    static String account(String name, String value, ErrorCode code) {
        if (!Accounts.isAccount(value)) {
            throw new HtlcException(
                    code, name + " must be an account (<MSPID>:<64 lowercase hex digits>), got " + quote(value));
        }
        return value;
    }

    private static HtlcException bad(String name, String value, String what) {
        return new HtlcException(ErrorCode.BadArgument, name + " must be " + what + ", got " + quote(value));
    }
}
