/*
 * Copyright 2026 The xrelay Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.xrelay.adapter.fabric;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;

/**
 * A signature policy: Fabric's DSL (AND, OR, OutOf; 'MSP.member|admin|client|peer|orderer').
 *
 * <p>Evaluated as Fabric's cauthdsl does: an {@code OutOf(n, ...)} gate tries its rules in order, each on a copy of
 * the "used" marks, keeping a rule's marks only if the rule is satisfied; a {@code SignedBy} takes the first unused
 * identity that satisfies its principal. So each identity satisfies at most one principal; identities were
 * deduplicated before ({@link SignatureSet}).
 */
final class SignaturePolicy implements Policy {
    private static final Pattern PRINCIPAL = Pattern.compile("([A-Za-z0-9.-]+)\\.(admin|member|client|peer|orderer)");

    /** A rule of the policy tree. */
    sealed interface Rule {}

    /** At least {@code n} of {@code rules}. */
    record NOutOf(int n, List<Rule> rules) implements Rule {
        NOutOf {
            rules = List.copyOf(rules);
        }
    }

    /** Signed by the identity at {@code index} of the principals. */
    record SignedBy(int index) implements Rule {}

    private final String text;
    private final List<Principal> principals;
    private final Rule rule;

    private SignaturePolicy(String text, List<Principal> principals, Rule rule) {
        this.text = text;
        this.principals = List.copyOf(principals);
        this.rule = rule;
    }

    /**
     * Parses Fabric's policy language, e.g. {@code AND('Org1MSP.peer', OR('Org2MSP.peer', 'Org3MSP.peer'))}: gates
     * {@code AND}/{@code And}/{@code and}, {@code OR}/{@code Or}/{@code or}, {@code OutOf}/{@code outof}/{@code
     * OUTOF(n, ...)} nested freely, principals {@code 'MSPID.role'} in single or double quotes.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    static SignaturePolicy parse(String expression) {
        Parser p = new Parser(expression);
        Rule r = p.parseTop();
        return new SignaturePolicy(expression.strip(), p.principals, r);
    }

    /**
     * The policy of a {@code SignaturePolicyEnvelope} from a channel configuration.
     *
     * @throws IllegalArgumentException for a malformed envelope or an unsupported principal
     */
    static SignaturePolicy of(SignaturePolicyEnvelope envelope) {
        List<Principal> principals = new ArrayList<>();
        for (MSPPrincipal p : envelope.getIdentitiesList()) {
            principals.add(Principal.of(p));
        }
        Rule r = rule(envelope.getRule(), principals.size(), 0);
        return new SignaturePolicy(render(r, principals), principals, r);
    }

    private static Rule rule(org.hyperledger.fabric.protos.common.SignaturePolicy p, int principals, int depth) {
        if (depth > 64) {
            throw new IllegalArgumentException("signature policy is nested too deeply");
        }
        return switch (p.getTypeCase()) {
            case SIGNED_BY -> {
                if (p.getSignedBy() < 0 || p.getSignedBy() >= principals) {
                    throw new IllegalArgumentException(
                            "signature policy refers to identity " + p.getSignedBy() + " of " + principals);
                }
                yield new SignedBy(p.getSignedBy());
            }
            case N_OUT_OF -> {
                List<Rule> rules = new ArrayList<>();
                for (var sub : p.getNOutOf().getRulesList()) {
                    rules.add(rule(sub, principals, depth + 1));
                }
                yield new NOutOf(p.getNOutOf().getN(), rules);
            }
            case TYPE_NOT_SET -> throw new IllegalArgumentException("signature policy has an empty rule");
        };
    }

    List<Principal> principals() {
        return principals;
    }

    Rule rule() {
        return rule;
    }

    @Override
    public boolean isSatisfied(PolicyEvaluation evaluation) {
        return evaluate(rule, evaluation, new boolean[evaluation.size()]);
    }

    private boolean evaluate(Rule r, PolicyEvaluation e, boolean[] used) {
        return switch (r) {
            case SignedBy s -> {
                Principal p = principals.get(s.index());
                for (int i = 0; i < used.length; i++) {
                    if (!used[i] && e.satisfies(i, p)) {
                        used[i] = true;
                        yield true;
                    }
                }
                yield false;
            }
            case NOutOf g -> {
                int verified = 0;
                boolean[] trial = new boolean[used.length];
                for (Rule sub : g.rules()) {
                    System.arraycopy(used, 0, trial, 0, used.length);
                    if (evaluate(sub, e, trial)) {
                        verified++;
                        System.arraycopy(trial, 0, used, 0, used.length);
                    }
                }
                yield verified >= g.n();
            }
        };
    }

    @Override
    public String describe() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    private static String render(Rule r, List<Principal> principals) {
        return switch (r) {
            case SignedBy s -> principals.get(s.index()).toString();
            case NOutOf g -> {
                List<String> parts =
                        g.rules().stream().map(x -> render(x, principals)).toList();
                String args = String.join(", ", parts);
                if (g.n() == 1) {
                    yield "OR(" + args + ")";
                }
                yield g.n() == g.rules().size() ? "AND(" + args + ")" : "OutOf(" + g.n() + ", " + args + ")";
            }
        };
    }

    /** A recursive-descent parser of the policy language. */
    private static final class Parser {
        private final String s;
        private int at;
        final List<Principal> principals = new ArrayList<>();

        Parser(String s) {
            this.s = s;
        }

        Rule parseTop() {
            skipBlanks();
            if (at >= s.length()) {
                throw new IllegalArgumentException("policy expression is empty");
            }
            if (peek() == '\'' || peek() == '"') {
                throw new IllegalArgumentException(
                        "policy \"" + s + "\" is a bare principal: wrap it in a gate, e.g. OR(" + s.strip() + ")");
            }
            Rule r = gate();
            skipBlanks();
            if (at < s.length()) {
                throw error("unexpected \"" + s.substring(at) + "\" after the policy");
            }
            return r;
        }

        private Rule gate() {
            int start = at;
            while (at < s.length() && Character.isLetter(s.charAt(at))) {
                at++;
            }
            String name = s.substring(start, at);
            String kind =
                    switch (name) {
                        case "AND", "And", "and" -> "AND";
                        case "OR", "Or", "or" -> "OR";
                        case "OutOf", "outof", "OUTOF" -> "OUTOF";
                        default -> {
                            at = start;
                            throw error(
                                    name.isEmpty()
                                            ? "expected AND, OR or OutOf"
                                            : "unknown gate \"" + name + "\" (AND, OR or OutOf expected)");
                        }
                    };
            skipBlanks();
            expect('(', "after " + name);
            int n = -1;
            if (kind.equals("OUTOF")) {
                skipBlanks();
                n = number();
                skipBlanks();
                expect(',', "after the count of " + name);
            }
            List<Rule> rules = new ArrayList<>();
            while (true) {
                skipBlanks();
                rules.add(argument());
                skipBlanks();
                if (at < s.length() && s.charAt(at) == ',') {
                    at++;
                    continue;
                }
                expect(')', "to close " + name + " (or a comma)");
                break;
            }
            int count =
                    switch (kind) {
                        case "AND" -> rules.size();
                        case "OR" -> 1;
                        default -> n;
                    };
            if (count < 1 || count > rules.size()) {
                at = start;
                throw error(name + "(" + n + ", ...) needs a count from 1 to its " + rules.size() + " rules");
            }
            return new NOutOf(count, rules);
        }

        private Rule argument() {
            if (at < s.length() && (peek() == '\'' || peek() == '"')) {
                char quote = peek();
                int start = ++at;
                int end = s.indexOf(quote, start);
                if (end < 0) {
                    at = start - 1;
                    throw error("unterminated principal");
                }
                String text = s.substring(start, end);
                Matcher m = PRINCIPAL.matcher(text);
                if (!m.matches()) {
                    at = start - 1;
                    throw error("principal '" + text + "' is not MSPID.member|admin|client|peer|orderer");
                }
                at = end + 1;
                principals.add(new Principal.Role(
                        m.group(1), MspRole.valueOf(m.group(2).toUpperCase(java.util.Locale.ROOT))));
                return new SignedBy(principals.size() - 1);
            }
            return gate();
        }

        private int number() {
            int start = at;
            while (at < s.length() && Character.isDigit(s.charAt(at))) {
                at++;
            }
            if (start == at || at - start > 6) {
                at = start;
                throw error("expected the count of OutOf");
            }
            return Integer.parseInt(s.substring(start, at));
        }

        private void expect(char c, String where) {
            if (at >= s.length() || s.charAt(at) != c) {
                throw error("expected '" + c + "' " + where);
            }
            at++;
        }

        private char peek() {
            return s.charAt(at);
        }

        private void skipBlanks() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
        }

        private IllegalArgumentException error(String what) {
            String rest = at < s.length() ? s.substring(at) : "";
            return new IllegalArgumentException("policy \"" + s + "\": " + what + " at position " + at
                    + (rest.isEmpty() ? " (end)" : " (\"" + abbreviate(rest) + "\")"));
        }

        private static String abbreviate(String rest) {
            return rest.length() > 24 ? rest.substring(0, 24) + "..." : rest;
        }
    }
}
