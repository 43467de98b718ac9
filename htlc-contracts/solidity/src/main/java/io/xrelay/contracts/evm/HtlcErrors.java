/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.evm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.web3j.crypto.Hash;

/**
 * Names the custom error in an XRelayHtlc revert. A reverting call returns revert data whose first four bytes are
 * the selector of the error: the start of the keccak256 hash of its signature, such as {@code Expired(bytes32)}.
 * The selectors are computed from the contract's ABI (the class-path resource {@code XRelayHtlc.abi}), so every
 * custom error of the contract is known: {@code LockExists}, {@code LockNotFound}, {@code NotLocked},
 * {@code Expired}, {@code NotExpired}, {@code WrongPreimage}, {@code InvalidAmount}, {@code InvalidReceiver},
 * {@code TimelockInPast}, {@code InsufficientFunds}, {@code TransferFailed} and {@code Reentrancy}. Solidity's
 * built-in {@code Error(string)} and {@code Panic(uint256)} are named {@code Error} and {@code Panic}.
 */
public final class HtlcErrors {
    private static final Pattern HEX_DIGITS = Pattern.compile("[0-9a-fA-F]*");
    private static final Map<String, String> NAMES_BY_SELECTOR = load();

    private HtlcErrors() {}

    /**
     * The name of the error whose selector starts the revert data.
     *
     * @param revertDataHex the revert data as hex, with or without {@code 0x}, in either case
     * @return the error's name, or empty if the data is shorter than a selector or the selector is unknown
     * @throws IllegalArgumentException naming the input if it is not hex
     */
    public static Optional<String> errorName(String revertDataHex) {
        String digits = revertDataHex.startsWith("0x") || revertDataHex.startsWith("0X")
                ? revertDataHex.substring(2)
                : revertDataHex;
        if (!HEX_DIGITS.matcher(digits).matches()) {
            throw new IllegalArgumentException("revert data is not hex: " + abbreviate(revertDataHex));
        }
        if (digits.length() < 8) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                NAMES_BY_SELECTOR.get("0x" + digits.substring(0, 8).toLowerCase(Locale.ROOT)));
    }

    /**
     * The selector of an error, {@code 0x} and 8 lower-case hex digits.
     *
     * @throws IllegalArgumentException naming the error if the contract has no error of that name
     */
    public static String selector(String errorName) {
        for (Map.Entry<String, String> entry : NAMES_BY_SELECTOR.entrySet()) {
            if (entry.getValue().equals(errorName)) {
                return entry.getKey();
            }
        }
        throw new IllegalArgumentException(
                "XRelayHtlc has no error named '" + errorName + "'; known: " + NAMES_BY_SELECTOR.values());
    }

    /** Every known selector ({@code 0x} and 8 lower-case hex digits) with its error's name, in ABI order. */
    public static Map<String, String> selectors() {
        return NAMES_BY_SELECTOR;
    }

    private static Map<String, String> load() {
        JsonNode abi;
        try {
            abi = new ObjectMapper().readTree(ContractResources.read("XRelayHtlc", "abi"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the resource XRelayHtlc.abi is not JSON", e);
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (JsonNode entry : abi) {
            if ("error".equals(entry.path("type").asText())) {
                String name = entry.path("name").asText();
                List<String> types = new ArrayList<>();
                for (JsonNode input : entry.path("inputs")) {
                    types.add(canonicalType(input));
                }
                names.put(selectorOf(name + "(" + String.join(",", types) + ")"), name);
            }
        }
        names.put(selectorOf("Error(string)"), "Error");
        names.put(selectorOf("Panic(uint256)"), "Panic");
        return Collections.unmodifiableMap(names);
    }

    /** The type as it appears in a signature: tuples spelled out as {@code (t1,t2)} with their array suffix. */
    private static String canonicalType(JsonNode parameter) {
        String type = parameter.path("type").asText();
        if (!type.startsWith("tuple")) {
            return type;
        }
        List<String> components = new ArrayList<>();
        for (JsonNode component : parameter.path("components")) {
            components.add(canonicalType(component));
        }
        return "(" + String.join(",", components) + ")" + type.substring("tuple".length());
    }

    private static String selectorOf(String signature) {
        return Hash.sha3String(signature).substring(0, 10);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
