package dev.tta.workflow.ops;

import java.util.Collection;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Small helpers that write PromQL safely: quoted strings, regex alternations, label names. */
final class Promql {

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private Promql() {
    }

    /** A PromQL double-quoted string literal of the value. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A RE2 alternation that matches exactly these values (the label matcher anchors it), not yet quoted. */
    static String alternation(Collection<String> values) {
        return values.stream().sorted().map(Promql::escapeRegex).collect(Collectors.joining("|"));
    }

    private static String escapeRegex(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Checks a Prometheus label name. */
    static String labelName(String name) {
        if (name == null || !LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
            throw new IllegalArgumentException("'" + name + "' is not a usable Prometheus label name"
                    + " (letters, digits and '_', not starting with a digit or '__')");
        }
        return name;
    }
}
