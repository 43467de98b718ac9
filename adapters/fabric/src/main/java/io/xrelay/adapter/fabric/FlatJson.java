/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of the JSON shapes the HTLC chaincode writes: a single object whose values are all strings
 * ({@code {"id":"0x..","amount":"10"}}), or an array of such objects (a {@code Batch}'s results and event). Anything
 * else (nested values, numbers, duplicate names, trailing text) is
 * refused, so that two readers can never disagree on what a payload says.
 */
final class FlatJson {
    private final String text;
    private final String shape;
    private int at;

    private FlatJson(String text, String shape) {
        this.text = text;
        this.shape = shape;
    }

    /**
     * The name-value pairs of {@code json}, in order.
     *
     * @throws IllegalArgumentException naming the position and the problem
     */
    static Map<String, String> parse(String json) {
        FlatJson p = new FlatJson(json, "a flat JSON object of strings");
        Map<String, String> out = p.object();
        p.end("the object");
        return out;
    }

    /**
     * The objects of {@code json}, an array of flat objects of strings ({@code [{"a":"1"},{"b":"2"}]}), in order.
     *
     * @throws IllegalArgumentException naming the position and the problem
     */
    static List<Map<String, String>> parseArray(String json) {
        FlatJson p = new FlatJson(json, "a JSON array of flat objects of strings");
        List<Map<String, String>> out = new ArrayList<>();
        p.skipBlanks();
        p.expect('[');
        p.skipBlanks();
        if (p.peek() == ']') {
            p.at++;
        } else {
            while (true) {
                out.add(p.object());
                p.skipBlanks();
                char c = p.next();
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    p.at--;
                    throw p.error("expected ',' or ']'");
                }
            }
        }
        p.end("the array");
        return out;
    }

    private void end(String what) {
        skipBlanks();
        if (at != text.length()) {
            throw error("text after " + what);
        }
    }

    private Map<String, String> object() {
        Map<String, String> out = new LinkedHashMap<>();
        skipBlanks();
        expect('{');
        skipBlanks();
        if (peek() == '}') {
            at++;
        } else {
            while (true) {
                skipBlanks();
                int nameAt = at;
                String name = string();
                skipBlanks();
                expect(':');
                skipBlanks();
                if (peek() != '"') {
                    throw error("the value of \"" + name + "\" is not a string");
                }
                String value = string();
                if (out.putIfAbsent(name, value) != null) {
                    at = nameAt;
                    throw error("\"" + name + "\" appears twice");
                }
                skipBlanks();
                char c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    at--;
                    throw error("expected ',' or '}'");
                }
            }
        }
        return out;
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                at--;
                throw error("a control character in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("a \\u escape without 4 hex digits");
                    }
                    try {
                        b.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("a \\u escape without 4 hex digits");
                    }
                    at += 4;
                }
                default -> {
                    at--;
                    throw error("an unknown escape \\" + e);
                }
            }
        }
    }

    private void skipBlanks() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("not " + shape + ": " + problem + " at character " + at);
    }
}
