package dev.tta.workflow.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The PromQL of a generated dashboard: every panel target and query variable, with Grafana variables replaced. */
final class DashboardQueries {

    private DashboardQueries() {
    }

    /** One panel query. */
    record Query(String panel, String expr) {
    }

    /** Every target expression, variables replaced by the given values ({@code $__rate_interval} included). */
    static List<Query> targets(JsonNode dashboard, Map<String, String> variables) {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(panel.path("title").asText(), substitute(target.path("expr").asText(),
                        variables)));
            }
        }
        return queries;
    }

    /** The label_values(...) queries of the variables, as their inner series selector. */
    static List<String> variableSelectors(JsonNode dashboard, Map<String, String> variables) {
        List<String> selectors = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String query = variable.path("query").asText();
            if (query.startsWith("label_values(")) {
                String inner = query.substring("label_values(".length(), query.lastIndexOf(','));
                selectors.add(substitute(inner, variables));
            }
        }
        return selectors;
    }

    static String substitute(String expr, Map<String, String> variables) {
        String result = expr;
        // Longest names first, so $__rate_interval is not read as $__rate.
        List<String> names = new ArrayList<>(variables.keySet());
        names.sort((a, b) -> b.length() - a.length());
        for (String name : names) {
            result = result.replace("$" + name, variables.get(name));
        }
        return result;
    }
}
