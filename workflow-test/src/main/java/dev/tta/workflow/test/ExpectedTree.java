package dev.tta.workflow.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An expected trace tree written as text, and its comparison with an actual {@link TraceTree}.
 *
 * <p>Two notations, for the same thing. Indented, two spaces a level:
 * <pre>
 * checkout
 *   validate
 *   parallel [parallel]
 *     stock
 *     price
 *   charge ERROR
 * </pre>
 * or on one line: {@code checkout(validate, parallel [parallel](stock, price), charge ERROR)}. Each node is a span
 * name followed by what it must also have, in any order: {@code [type]} (the primitive type), {@code OK} or
 * {@code ERROR} (the status), {@code key=value} (an attribute, compared as text), and {@code ×N} or {@code xN} (N
 * siblings alike). A node says nothing about what it does not mention; its children are all of them.
 *
 * <p>Comparison: the children of a parallel block match in any order, all others in order. The actual tree is
 * rendered in the same notation, each node showing exactly what its expected counterpart mentions, with a parallel
 * block's children put in the expected order where they match; the two texts are then equal, or their difference is
 * the failure message.
 */
final class ExpectedTree {

    final String name;
    final String type;
    final Boolean failed;
    final Map<String, String> attributes;
    final List<ExpectedTree> children;

    private ExpectedTree(String name, String type, Boolean failed, Map<String, String> attributes,
            List<ExpectedTree> children) {
        this.name = name;
        this.type = type;
        this.failed = failed;
        this.attributes = attributes;
        this.children = children;
    }

    /** Parses either notation; throws IllegalArgumentException with the offending text. */
    static ExpectedTree parse(String text) {
        Objects.requireNonNull(text, "expected tree");
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the expected tree is empty");
        }
        return trimmed.contains("\n") ? parseIndented(text) : new Compact(trimmed).root();
    }

    // ---- indented notation

    private static ExpectedTree parseIndented(String text) {
        List<int[]> depths = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int base = -1;
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') {
                indent++;
            }
            if (base < 0) {
                base = indent;
            }
            if (indent < base || (indent - base) % 2 != 0) {
                throw new IllegalArgumentException("indent by two spaces a level: '" + line + "'");
            }
            depths.add(new int[] {(indent - base) / 2});
            labels.add(line.strip());
        }
        int[] next = {0};
        List<ExpectedTree> roots = indentedChildren(depths, labels, next, 0);
        if (roots.size() != 1 || next[0] != labels.size()) {
            throw new IllegalArgumentException("the expected tree must have one root, found " + roots.size());
        }
        return roots.get(0);
    }

    private static List<ExpectedTree> indentedChildren(List<int[]> depths, List<String> labels, int[] next,
            int depth) {
        List<ExpectedTree> nodes = new ArrayList<>();
        while (next[0] < labels.size() && depths.get(next[0])[0] == depth) {
            String label = labels.get(next[0]++);
            if (next[0] < labels.size() && depths.get(next[0])[0] > depth + 1) {
                throw new IllegalArgumentException("a line is indented more than one level below '" + label + "'");
            }
            List<ExpectedTree> children = indentedChildren(depths, labels, next, depth + 1);
            node(label, children, nodes);
        }
        return nodes;
    }

    // ---- one-line notation

    private static final class Compact {
        private final String text;
        private int at;

        Compact(String text) {
            this.text = text;
        }

        ExpectedTree root() {
            List<ExpectedTree> roots = new ArrayList<>();
            node(roots);
            skipSpaces();
            if (at != text.length() || roots.size() != 1) {
                throw new IllegalArgumentException("unexpected '" + text.substring(Math.min(at, text.length()))
                        + "' in " + text);
            }
            return roots.get(0);
        }

        private void node(List<ExpectedTree> into) {
            int start = at;
            while (at < text.length() && "(),".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            String label = text.substring(start, at).strip();
            List<ExpectedTree> children = new ArrayList<>();
            if (at < text.length() && text.charAt(at) == '(') {
                at++;
                do {
                    node(children);
                    skipSpaces();
                } while (at < text.length() && text.charAt(at) == ',' && ++at > 0);
                if (at >= text.length() || text.charAt(at) != ')') {
                    throw new IllegalArgumentException("missing ')' at " + at + " in " + text);
                }
                at++;
                // What follows the children belongs to the label too: "attempt(charge ERROR) ×2".
                int rest = at;
                while (at < text.length() && "(),".indexOf(text.charAt(at)) < 0) {
                    at++;
                }
                label = label + " " + text.substring(rest, at).strip();
            }
            ExpectedTree.node(label, children, into);
        }

        private void skipSpaces() {
            while (at < text.length() && text.charAt(at) == ' ') {
                at++;
            }
        }
    }

    /** Parses one label and adds its node, as many times as {@code ×N} says. */
    private static void node(String label, List<ExpectedTree> children, List<ExpectedTree> into) {
        String[] tokens = label.strip().split("\\s+");
        if (tokens.length == 0 || tokens[0].isEmpty()) {
            throw new IllegalArgumentException("a node without a name");
        }
        String type = null;
        Boolean failed = null;
        int times = 1;
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.startsWith("[") && token.endsWith("]") && token.length() > 2) {
                type = token.substring(1, token.length() - 1);
            } else if (token.equals("ERROR")) {
                failed = Boolean.TRUE;
            } else if (token.equals("OK")) {
                failed = Boolean.FALSE;
            } else if (token.matches("[×x]\\d+")) {
                times = Integer.parseInt(token.substring(1));
            } else if (token.indexOf('=') > 0) {
                attributes.put(token.substring(0, token.indexOf('=')), token.substring(token.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("'" + token + "' in '" + label + "' is none of [type], OK, ERROR,"
                        + " key=value, ×N");
            }
        }
        ExpectedTree node = new ExpectedTree(tokens[0], type, failed, attributes, List.copyOf(children));
        for (int i = 0; i < times; i++) {
            into.add(node);
        }
    }

    // ---- rendering and comparison

    /** This tree in the indented notation, children in the order written. */
    String render() {
        StringBuilder out = new StringBuilder();
        render(out, 0);
        return out.toString();
    }

    private void render(StringBuilder out, int depth) {
        out.append("  ".repeat(depth)).append(label()).append('\n');
        for (ExpectedTree child : children) {
            child.render(out, depth + 1);
        }
    }

    private String label() {
        StringBuilder label = new StringBuilder(name);
        if (type != null) {
            label.append(" [").append(type).append(']');
        }
        if (failed != null) {
            label.append(failed ? " ERROR" : " OK");
        }
        attributes.forEach((key, value) -> label.append(' ').append(key).append('=').append(value));
        return label.toString();
    }

    /**
     * The actual tree in the indented notation, seen through this expectation: each node shows what its expected
     * counterpart mentions; a parallel block's children are put in the expected order where they match.
     */
    static String project(ExpectedTree expected, SpanNode actual) {
        StringBuilder out = new StringBuilder();
        project(expected, actual, out, 0);
        return out.toString();
    }

    private static void project(ExpectedTree expected, SpanNode actual, StringBuilder out, int depth) {
        out.append("  ".repeat(depth)).append(labelOf(expected, actual)).append('\n');
        List<SpanNode> kids = actual.children();
        List<ExpectedTree> wanted = expected == null ? List.of() : expected.children;
        List<SpanNode> aligned = actual.childrenOrdered() ? kids : align(wanted, kids);
        for (int i = 0; i < aligned.size(); i++) {
            project(i < wanted.size() ? wanted.get(i) : null, aligned.get(i), out, depth + 1);
        }
    }

    /** A parallel block's children in the order of the expected ones they match: whole subtree, then name. */
    private static List<SpanNode> align(List<ExpectedTree> wanted, List<SpanNode> kids) {
        SpanNode[] slots = new SpanNode[wanted.size()];
        List<SpanNode> left = new ArrayList<>(kids);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < wanted.size(); i++) {
                if (slots[i] != null) {
                    continue;
                }
                ExpectedTree want = wanted.get(i);
                String text = want.render();
                for (SpanNode kid : left) {
                    boolean match = pass == 0 ? project(want, kid).equals(text) : kid.name().equals(want.name);
                    if (match) {
                        slots[i] = kid;
                        left.remove(kid);
                        break;
                    }
                }
            }
        }
        List<SpanNode> ordered = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null && !left.isEmpty()) {
                slots[i] = left.remove(0);
            }
            if (slots[i] != null) {
                ordered.add(slots[i]);
            }
        }
        ordered.addAll(left);
        return ordered;
    }

    private static String labelOf(ExpectedTree expected, SpanNode actual) {
        StringBuilder label = new StringBuilder(actual.name());
        if (expected == null) {
            return label.toString();
        }
        if (expected.type != null) {
            label.append(" [").append(actual.type()).append(']');
        }
        if (expected.failed != null) {
            label.append(actual.failed() ? " ERROR" : " OK");
        }
        expected.attributes.keySet().forEach(key -> {
            Object value = actual.attribute(key);
            label.append(' ').append(key).append('=').append(value == null ? "(none)" : value);
        });
        return label.toString();
    }

    /** A line diff of two renderings: unchanged lines indented, missing ones with '-', unexpected ones with '+'. */
    static String diff(String expected, String actual) {
        String[] a = expected.split("\n");
        String[] b = actual.split("\n");
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                out.append("  ").append(a[i++]).append('\n');
                j++;
            } else if (i < a.length && (j == b.length || common[i + 1][j] >= common[i][j + 1])) {
                out.append("- ").append(a[i++]).append('\n');
            } else {
                out.append("+ ").append(b[j++]).append('\n');
            }
        }
        return out.toString();
    }
}
