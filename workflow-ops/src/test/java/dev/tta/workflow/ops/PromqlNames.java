package dev.tta.workflow.ops;

import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names and label names a PromQL expression refers to, found by a small lexer (string literals, range
 * selectors and function calls told apart): what a generated rule or panel needs the scrape to contain.
 */
final class PromqlNames {

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "bool", "offset");

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "count", "group", "stddev",
            "stdvar", "topk", "bottomk", "quantile", "count_values");

    final Set<String> metrics = new TreeSet<>();
    final Set<String> labels = new TreeSet<>();

    static PromqlNames of(Iterable<String> expressions) {
        PromqlNames names = new PromqlNames();
        for (String expression : expressions) {
            names.scan(expression);
        }
        return names;
    }

    private void scan(String expr) {
        int i = 0;
        boolean inBraces = false;
        boolean inLabelList = false;
        String previousWord = null;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
                continue;
            }
            if (c == '[') {
                i = expr.indexOf(']', i) + 1;
                continue;
            }
            if (c == '{') {
                inBraces = true;
            } else if (c == '}') {
                inBraces = false;
            } else if (c == ')') {
                inLabelList = false;
            }
            if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
                        || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = i;
                while (next < expr.length() && expr.charAt(next) == ' ') {
                    next++;
                }
                char after = next < expr.length() ? expr.charAt(next) : ' ';
                if (inBraces || inLabelList) {
                    labels.add(word);
                } else if (KEYWORDS.contains(word)) {
                    if (after == '(' && !word.equals("and") && !word.equals("or") && !word.equals("unless")) {
                        inLabelList = true;
                        i = next + 1;
                    }
                } else if (AGGREGATIONS.contains(word)) {
                    // "sum by (...) (...)" or "sum(...)": an operator, not a metric
                } else if (after != '(') {
                    metrics.add(word);
                }
                previousWord = word;
                continue;
            }
            if (Character.isDigit(c) || c == '.') {
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
                continue;
            }
            i++;
        }
    }

    private static int skipString(String expr, int start) {
        char quote = expr.charAt(start);
        int i = start + 1;
        while (i < expr.length() && expr.charAt(i) != quote) {
            i += expr.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }
}
