/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.ethereum;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recursive Length Prefix (Ethereum Yellow Paper, appendix B) with a decoder that accepts only the canonical form:
 * a single byte below {@code 0x80} must stand for itself, lengths use the short form up to 55 bytes and the long
 * form carries no leading zero bytes, every item lies inside its input and a list's items fill it exactly. Data
 * from an untrusted node is decoded here, so anything else is refused with the offset where it went wrong.
 */
final class StrictRlp {
    private static final int SHORT_STRING = 0x80;
    private static final int LONG_STRING = 0xb7;
    private static final int SHORT_LIST = 0xc0;
    private static final int LONG_LIST = 0xf7;
    private static final int MAX_SHORT_LENGTH = 55;

    private StrictRlp() {}

    /** The encoding of the byte string {@code bytes}. */
    static byte[] encodeString(byte[] bytes) {
        if (bytes.length == 1 && (bytes[0] & 0xff) < SHORT_STRING) {
            return bytes.clone();
        }
        return withPrefix(SHORT_STRING, LONG_STRING, bytes);
    }

    /** The encoding of a non-negative integer as a big-endian byte string without leading zeros (0 is empty). */
    static byte[] encodeUnsigned(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("RLP integers are unsigned, got " + value);
        }
        return encodeString(unsignedBytes(value));
    }

    /** The encoding of a list whose items are already encoded (concatenated as they are). */
    static byte[] encodeList(List<byte[]> encodedItems) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (byte[] item : encodedItems) {
            payload.writeBytes(item);
        }
        return withPrefix(SHORT_LIST, LONG_LIST, payload.toByteArray());
    }

    /** The minimal big-endian bytes of {@code value} (no leading zero byte; empty for 0). */
    static byte[] unsignedBytes(long value) {
        int length = (Long.SIZE - Long.numberOfLeadingZeros(value) + 7) / 8;
        byte[] out = new byte[length];
        for (int i = length - 1; i >= 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
        return out;
    }

    private static byte[] withPrefix(int shortBase, int longBase, byte[] payload) {
        if (payload.length <= MAX_SHORT_LENGTH) {
            byte[] out = new byte[1 + payload.length];
            out[0] = (byte) (shortBase + payload.length);
            System.arraycopy(payload, 0, out, 1, payload.length);
            return out;
        }
        byte[] length = unsignedBytes(payload.length);
        byte[] out = new byte[1 + length.length + payload.length];
        out[0] = (byte) (longBase + length.length);
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(payload, 0, out, 1 + length.length, payload.length);
        return out;
    }

    /**
     * Decodes exactly one item that spans all of {@code input}.
     *
     * @throws IllegalArgumentException if the input is not one canonical RLP item (trailing bytes included)
     */
    static Item decode(byte[] input) {
        Item item = decodeAt(input, 0, input.length, false);
        if (item.end() != input.length) {
            throw new IllegalArgumentException("malformed RLP: " + (input.length - item.end())
                    + " trailing byte(s) after the item that ends at offset " + item.end());
        }
        return item;
    }

    private static Item decodeAt(byte[] in, int offset, int limit, boolean nested) {
        if (offset >= limit) {
            throw malformed(offset, "expected an item but the input ends");
        }
        int prefix = in[offset] & 0xff;
        if (prefix < SHORT_STRING) {
            return new Item(in, offset, offset, offset + 1, false);
        }
        if (prefix <= LONG_STRING) {
            int length = prefix - SHORT_STRING;
            int start = offset + 1;
            checkFits(offset, start, length, limit, nested);
            if (length == 1 && (in[start] & 0xff) < SHORT_STRING) {
                throw malformed(offset, "the single byte 0x%02x must be encoded as itself".formatted(in[start]));
            }
            return new Item(in, offset, start, start + length, false);
        }
        if (prefix < SHORT_LIST) {
            return longItem(in, offset, limit, nested, prefix - LONG_STRING, false);
        }
        if (prefix <= LONG_LIST) {
            int length = prefix - SHORT_LIST;
            int start = offset + 1;
            checkFits(offset, start, length, limit, nested);
            return new Item(in, offset, start, start + length, true);
        }
        return longItem(in, offset, limit, nested, prefix - LONG_LIST, true);
    }

    private static Item longItem(byte[] in, int offset, int limit, boolean nested, int lengthOfLength, boolean list) {
        int lengthStart = offset + 1;
        if (lengthStart + lengthOfLength > limit) {
            throw malformed(offset, "the length field runs past the end of the input");
        }
        if (in[lengthStart] == 0) {
            throw malformed(offset, "the length field has a leading zero byte");
        }
        long length = 0;
        for (int i = 0; i < lengthOfLength; i++) {
            length = (length << 8) | (in[lengthStart + i] & 0xff);
            if (length > Integer.MAX_VALUE) {
                throw malformed(offset, "the length exceeds 2^31 - 1 bytes");
            }
        }
        if (length <= MAX_SHORT_LENGTH) {
            throw malformed(offset, "a length of " + length + " must use the short form");
        }
        int start = lengthStart + lengthOfLength;
        checkFits(offset, start, (int) length, limit, nested);
        return new Item(in, offset, start, start + (int) length, list);
    }

    private static void checkFits(int offset, int start, int length, int limit, boolean nested) {
        if ((long) start + length > limit) {
            throw malformed(
                    offset,
                    "the item claims " + length + " payload byte(s) but only " + Math.max(0, limit - start) + " remain"
                            + (nested ? " in the enclosing list" : ""));
        }
    }

    private static IllegalArgumentException malformed(int offset, String reason) {
        return new IllegalArgumentException("malformed RLP at offset " + offset + ": " + reason);
    }

    /**
     * One decoded item: a byte string or a list. It keeps the input it came from and its own span, so that its
     * canonical encoding is available without re-encoding.
     */
    static final class Item {
        private final byte[] source;
        private final int start;
        private final int payloadStart;
        private final int end;
        private final boolean list;
        private List<Item> items = List.of();
        private boolean itemsDecoded;

        private Item(byte[] source, int start, int payloadStart, int end, boolean list) {
            this.source = source;
            this.start = start;
            this.payloadStart = payloadStart;
            this.end = end;
            this.list = list;
        }

        boolean isList() {
            return list;
        }

        int end() {
            return end;
        }

        /** The offset of this item in the decoded input. */
        int offset() {
            return start;
        }

        /** The length of this item's own encoding. */
        int encodedLength() {
            return end - start;
        }

        /** This item's own (canonical) encoding. */
        byte[] encoded() {
            return Arrays.copyOfRange(source, start, end);
        }

        /**
         * The bytes of a string item.
         *
         * @throws IllegalArgumentException if this is a list
         */
        byte[] bytes() {
            if (list) {
                throw new IllegalArgumentException("expected a byte string at offset " + start + ", found a list");
            }
            return Arrays.copyOfRange(source, payloadStart, end);
        }

        /** The number of payload bytes (string) without copying. */
        int payloadLength() {
            return end - payloadStart;
        }

        /**
         * The items of a list item, decoded strictly.
         *
         * @throws IllegalArgumentException if this is a string, or an item is malformed
         */
        List<Item> items() {
            if (!list) {
                throw new IllegalArgumentException("expected a list at offset " + start + ", found a byte string");
            }
            if (!itemsDecoded) {
                List<Item> out = new ArrayList<>();
                int at = payloadStart;
                while (at < end) {
                    Item item = decodeAt(source, at, end, true);
                    out.add(item);
                    at = item.end;
                }
                items = List.copyOf(out);
                itemsDecoded = true;
            }
            return items;
        }

        /**
         * A string item read as a canonical unsigned integer that fits a {@code long} (no leading zero byte).
         *
         * @throws IllegalArgumentException otherwise
         */
        long asUnsignedLong() {
            byte[] bytes = bytes();
            if (bytes.length > 0 && bytes[0] == 0) {
                throw new IllegalArgumentException("integer at offset " + start + " has a leading zero byte");
            }
            if (bytes.length > 8 || (bytes.length == 8 && bytes[0] < 0)) {
                throw new IllegalArgumentException(
                        "integer at offset " + start + " does not fit 63 bits (" + bytes.length + " bytes)");
            }
            long value = 0;
            for (byte b : bytes) {
                value = (value << 8) | (b & 0xff);
            }
            return value;
        }
    }
}
