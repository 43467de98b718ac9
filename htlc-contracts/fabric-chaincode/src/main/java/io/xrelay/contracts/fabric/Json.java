/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.contracts.fabric;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Flat JSON objects whose values are all strings, and arrays of them: written with their fields in the given order
 * and without any blank, so every peer writes the same bytes; objects are read back from the state this chaincode
 * wrote.
 */
final class Json {
    private static final String HEX = "0123456789abcdef";

    private Json() {}

    /** The object of {@code fields}, in their order: {@code {"a":"1","b":"x"}}. */
    static String write(SequencedMap<String, String> fields) {
        StringBuilder out = new StringBuilder(32 * fields.size() + 2);
        object(out, fields);
        return out.toString();
    }

    /**
     * The array of {@code objects}, in their order, each written as {@link #write} writes it:
     * {@code [{"a":"1"},{"b":"x"}]}.
     */
    static String writeArray(List<? extends SequencedMap<String, String>> objects) {
        StringBuilder out = new StringBuilder(128 * objects.size() + 2).append('[');
        for (int i = 0; i < objects.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            object(out, objects.get(i));
        }
        return out.append(']').toString();
    }

    private static void object(StringBuilder out, SequencedMap<String, String> fields) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, e.getKey());
            out.append(':');
            string(out, e.getValue());
        }
        out.append('}');
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Reads a flat object of string values, keeping the order of its fields.
     *
     * @throws IllegalArgumentException naming the position where {@code text} is not such an object
     */
    static SequencedMap<String, String> read(String text) {
        return new Reader(text).object();
    }

    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        SequencedMap<String, String> object() {
            SequencedMap<String, String> fields = new LinkedHashMap<>();
            blanks();
            expect('{');
            blanks();
            if (peek() == '}') {
                pos++;
            } else {
                while (true) {
                    blanks();
                    String key = string();
                    blanks();
                    expect(':');
                    blanks();
                    String value = string();
                    if (fields.putIfAbsent(key, value) != null) {
                        throw error("duplicate field \"" + key + "\"");
                    }
                    blanks();
                    char c = next();
                    if (c == '}') {
                        break;
                    }
                    if (c != ',') {
                        pos--;
                        throw error("',' or '}' expected");
                    }
                }
            }
            blanks();
            if (pos != s.length()) {
                throw error("text after the object");
            }
            return fields;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    pos--;
                    throw error("control character in a string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int d = Character.digit(s.charAt(pos++), 16);
                            if (d < 0) {
                                pos--;
                                throw error("bad \\u escape");
                            }
                            code = code * 16 + d;
                        }
                        out.append((char) code);
                    }
                    default -> {
                        pos--;
                        throw error("bad escape");
                    }
                }
            }
        }

        private void blanks() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private char peek() {
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(pos);
        }

        private char next() {
            char c = peek();
            pos++;
            return c;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "' expected");
            }
            pos++;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("not a flat JSON object of strings at offset " + pos + ": " + what);
        }
    }
}
