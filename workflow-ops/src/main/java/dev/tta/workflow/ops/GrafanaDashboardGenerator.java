package dev.tta.workflow.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes the Grafana dashboard of one workflow (Grafana's classic dashboard JSON model, importable through the UI,
 * the HTTP API or file provisioning): latency percentiles per step, throughput, error rate, in-flight executions,
 * retries, fallbacks, cache hit ratio, cost per workflow run, the anomaly bands of every step, and the error budget
 * and burn rates of every SLO. The dashboard of primitives without a declared workflow selects them by name, so it
 * has neither the runs row nor the retry, fallback and cache panels (built-in primitives are not in the descriptors).
 *
 * <p>Templated on the Prometheus data source, the service (the configured service label, {@code job} by default),
 * the workflow ({@code workflow_name}) and, for cost and runs per second, the primitive that counts runs: the root of
 * the workflow, by default the primitive named like the workflow (as {@code .named("checkout")} does).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class GrafanaDashboardGenerator {

    /** Dashboard model version written; Grafana migrates older models on load. */
    public static final int SCHEMA_VERSION = 39;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String RATE = "[$__rate_interval]";
    private static final int WIDTH = 24;

    private final String serviceLabel;

    /**
     * A generator whose dashboards tell services apart by the given label.
     *
     * @param serviceLabel the label, {@code job} unless relabelled
     * @throws IllegalArgumentException if it is not a valid label name
     */
    public GrafanaDashboardGenerator(String serviceLabel) {
        this.serviceLabel = Promql.labelName(serviceLabel);
    }

    /**
     * The dashboard's title.
     *
     * @param group the workflow
     * @return e.g. "tta-workflow: checkout"
     */
    public static String title(WorkflowGroup group) {
        return "tta-workflow: " + group.title();
    }

    /**
     * The dashboard's uid: {@code tta-wf-} and the workflow's slug, shortened with a hash to Grafana's 40
     * characters when needed.
     *
     * @param group the workflow
     * @return the uid
     */
    public static String uid(WorkflowGroup group) {
        String uid = "tta-wf-" + group.slug();
        if (uid.length() <= 40) {
            return uid;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(group.workflow()
                    .getBytes(StandardCharsets.UTF_8));
            return uid.substring(0, 31) + "-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required of every JVM", impossible);
        }
    }

    /**
     * The dashboard as indented JSON.
     *
     * @param group the workflow
     * @return the JSON text
     */
    public String json(WorkflowGroup group) {
        try {
            return JSON.writeValueAsString(dashboard(group)) + "\n";
        } catch (JsonProcessingException failure) {
            throw new IllegalStateException("cannot write the dashboard of " + group.title(), failure);
        }
    }

    /**
     * The dashboard as a JSON tree.
     *
     * @param group the workflow
     * @return the dashboard object
     */
    public ObjectNode dashboard(WorkflowGroup group) {
        Layout layout = new Layout();
        String scope = scope(group);

        if (!group.undeclared()) {
            layout.row("Runs");
            String runs = PrometheusNames.DURATION_COUNT + "{" + scope + "," + PrometheusNames.PRIMITIVE_LABEL
                    + "=~\"$root\"}";
            layout.add(6, 5, stat("Runs per second", "Executions of the primitive chosen as the workflow's root"
                    + " ($root).", "ops", target("A", "sum(rate(" + runs + RATE + "))", "runs/s")));
            layout.add(6, 5, stat("Failed runs", "Share of root executions that ended in failure.", "percentunit",
                    target("A", errorRatio(PrometheusNames.DURATION_COUNT, scope + ","
                            + PrometheusNames.PRIMITIVE_LABEL + "=~\"$root\"", PrometheusNames.OUTCOME_LABEL
                            + "=\"failure\"", ""), "failed")));
            layout.add(6, 5, stat("Cost per run", "Money recorded with WorkflowContext.recordCost in the workflow,"
                    + " per run of its root, by currency.", "none", target("A", costPerRun(scope, runs),
                    "{{" + PrometheusNames.CURRENCY_LABEL + "}}")));
            layout.add(6, 5, stat("Runs in flight", "Executions of the root running now.", "none",
                    target("A", "sum(" + PrometheusNames.ACTIVE + "{" + serviceLabel + "=~\"$service\","
                            + PrometheusNames.PRIMITIVE_LABEL + "=~\"$root\"})", "in flight")));
        }

        layout.row("Latency per step");
        for (PrimitiveDescriptor primitive : group.primitives()) {
            layout.add(12, 8, latencyPanel(scope, primitive));
        }
        layout.add(24, 8, timeseries("p99 by primitive", "99th percentile of every primitive of the workflow,"
                + " built-in ones (sequences, retries, caches...) included.", "s",
                target("A", "histogram_quantile(0.99, sum by (" + PrometheusNames.PRIMITIVE_LABEL + ", le) (rate("
                        + PrometheusNames.DURATION_BUCKET + "{" + scope + "}" + RATE + ")))",
                        "{{" + PrometheusNames.PRIMITIVE_LABEL + "}}")));

        layout.row("Throughput, errors, in flight");
        layout.add(8, 8, timeseries("Throughput", "Completed executions per second.", "ops",
                target("A", "sum by (" + PrometheusNames.PRIMITIVE_LABEL + ") (rate(" + PrometheusNames.DURATION_COUNT
                        + "{" + scope + "}" + RATE + "))", "{{" + PrometheusNames.PRIMITIVE_LABEL + "}}")));
        layout.add(8, 8, timeseries("Error rate", "Share of executions that failed.", "percentunit",
                target("A", errorRatio(PrometheusNames.DURATION_COUNT, scope, PrometheusNames.OUTCOME_LABEL
                        + "=\"failure\"", PrometheusNames.PRIMITIVE_LABEL), "{{"
                        + PrometheusNames.PRIMITIVE_LABEL + "}}")));
        layout.add(8, 8, timeseries("In flight", "Executions running now, per primitive (kept per primitive, not"
                + " per workflow).", "none",
                target("A", "sum by (" + PrometheusNames.PRIMITIVE_LABEL + ") (" + PrometheusNames.ACTIVE + "{"
                        + serviceLabel + "=~\"$service\"," + PrometheusNames.PRIMITIVE_LABEL + "=~"
                        + Promql.quote(activeNames(group)) + "})", "{{" + PrometheusNames.PRIMITIVE_LABEL + "}}")));

        // Retries, fallbacks and caches are built-in primitives, which no descriptor lists: only a declared workflow's
        // dashboard can select them (by workflow name).
        if (!group.undeclared()) {
            resiliencePanels(layout, scope);
        }

        layout.row("Cost");
        if (!group.undeclared()) {
            layout.add(12, 8, timeseries("Cost per run", "Money per run of the root ($root), by currency.", "none",
                    target("A", costPerRun(scope, PrometheusNames.DURATION_COUNT + "{" + scope + ","
                            + PrometheusNames.PRIMITIVE_LABEL + "=~\"$root\"}"),
                            "{{" + PrometheusNames.CURRENCY_LABEL + "}}")));
        }
        layout.add(group.undeclared() ? 24 : 12, 8, timeseries("Cost per second by primitive",
                "Money recorded per second, by the primitive that recorded it.", "none",
                target("A", "sum by (" + PrometheusNames.PRIMITIVE_LABEL + ", " + PrometheusNames.CURRENCY_LABEL
                        + ") (rate(" + PrometheusNames.COST + "{" + scope + "}" + RATE + "))",
                        "{{" + PrometheusNames.PRIMITIVE_LABEL + "}} {{" + PrometheusNames.CURRENCY_LABEL + "}}")));

        anomalyPanels(layout, group);

        if (group.hasSlos()) {
            layout.row("SLOs and error budgets");
            for (PrimitiveDescriptor primitive : group.primitives()) {
                for (SloDescriptor slo : primitive.slos()) {
                    sloPanels(layout, group, primitive, slo);
                }
            }
        }

        ObjectNode dashboard = NODES.objectNode();
        dashboard.set("annotations", annotations());
        dashboard.put("description", "Generated by tta-workflow from the @Observed primitives of " + group.title()
                + "; regenerate instead of editing.");
        dashboard.put("editable", true);
        dashboard.put("graphTooltip", 1);
        dashboard.set("links", NODES.arrayNode());
        dashboard.set("panels", layout.panels);
        dashboard.put("refresh", "30s");
        dashboard.put("schemaVersion", SCHEMA_VERSION);
        ArrayNode tags = dashboard.putArray("tags");
        tags.add("tta-workflow");
        if (!group.undeclared()) {
            tags.add(group.workflow());
        }
        dashboard.putObject("templating").set("list", variables(group));
        ObjectNode time = dashboard.putObject("time");
        time.put("from", "now-6h");
        time.put("to", "now");
        dashboard.putObject("timepicker");
        dashboard.put("timezone", "browser");
        dashboard.put("title", title(group));
        dashboard.put("uid", uid(group));
        dashboard.put("version", 1);
        return dashboard;
    }

    private void resiliencePanels(Layout layout, String scope) {
        layout.row("Resilience and caching");
        layout.add(8, 8, timeseries("Retry attempts", "Attempts per second by retry primitive and outcome"
                + " (retried: failed and tried again).", "ops",
                target("A", "sum by (" + PrometheusNames.PRIMITIVE_LABEL + ", " + PrometheusNames.OUTCOME_LABEL
                        + ") (rate(" + PrometheusNames.RETRY_ATTEMPTS + "{" + scope + "}" + RATE + "))",
                        "{{" + PrometheusNames.PRIMITIVE_LABEL + "}} {{" + PrometheusNames.OUTCOME_LABEL + "}}")));
        layout.add(8, 8, timeseries("Fallbacks", "Alternatives tried per second after a primary failed.", "ops",
                target("A", "sum by (" + PrometheusNames.PRIMITIVE_LABEL + ") (rate("
                        + PrometheusNames.FALLBACK_ACTIVATIONS + "{" + scope + "}" + RATE + "))",
                        "{{" + PrometheusNames.PRIMITIVE_LABEL + "}}")));
        layout.add(8, 8, timeseries("Cache hit ratio", "Share of cache lookups answered from the cache.",
                "percentunit", target("A", errorRatio(PrometheusNames.CACHE_REQUESTS, scope,
                        PrometheusNames.CACHE_RESULT_LABEL + "=\"hit\"", PrometheusNames.PRIMITIVE_LABEL),
                        "{{" + PrometheusNames.PRIMITIVE_LABEL + "}}")));
    }

    /**
     * The anomaly row: per step, its p95 and error ratio against the bands of the anomaly rules (the band filled
     * between the baseline and its upper edge), and the anomalies the processes have open.
     */
    private void anomalyPanels(Layout layout, WorkflowGroup group) {
        layout.row("Anomaly bands");
        String service = serviceLabel + "=~\"$service\"";
        for (PrimitiveDescriptor primitive : group.primitives()) {
            String selector = "{" + service + "," + PrometheusNames.WORKFLOW_LABEL + "=~\"$workflow\","
                    + PrometheusNames.PRIMITIVE_LABEL + "=" + Promql.quote(primitive.name()) + "}";
            layout.add(12, 8, band(primitive.name() + " p95 against its band", "p95 over "
                    + AnomalyRuleGenerator.LEVEL_WINDOW + " against the median of the last "
                    + AnomalyRuleGenerator.BASELINE_WINDOW + " and the upper edge median + max(3 x 1.4826 x MAD,"
                    + " 0.5 x median); " + AnomalyRuleGenerator.LATENCY_ALERT + " fires above it.", "s",
                    AnomalyRuleGenerator.P95, AnomalyRuleGenerator.P95_MEDIAN, AnomalyRuleGenerator.P95_UPPER,
                    selector));
            layout.add(12, 8, band(primitive.name() + " error ratio against its band", "Error ratio over "
                    + AnomalyRuleGenerator.LEVEL_WINDOW + " against the ratio of the last "
                    + AnomalyRuleGenerator.BASELINE_WINDOW + " and its upper edge max(p0 + 3.09 x sqrt(p0 (1 - p0)"
                    + " / n), 2 x p0); " + AnomalyRuleGenerator.ERROR_ALERT + " fires above it.", "percentunit",
                    AnomalyRuleGenerator.ERROR_RATIO, AnomalyRuleGenerator.ERROR_BASELINE,
                    AnomalyRuleGenerator.ERROR_UPPER, selector));
        }
        layout.add(24, 6, timeseries("Anomalies open in process", "Processes with an anomaly open, per step and kind"
                + " (the workflow.anomaly.active gauge; the workflow.anomaly log event names its traces).", "none",
                target("A", "sum by (" + PrometheusNames.PRIMITIVE_LABEL + ", " + PrometheusNames.ANOMALY_KIND_LABEL
                        + ") (" + PrometheusNames.ANOMALY_ACTIVE + "{" + service + "," + PrometheusNames.PRIMITIVE_LABEL
                        + "=~" + Promql.quote(Promql.alternation(names(group))) + "})",
                        "{{" + PrometheusNames.PRIMITIVE_LABEL + "}} {{" + PrometheusNames.ANOMALY_KIND_LABEL + "}}")));
    }

    private static ObjectNode band(String title, String description, String unit, String level, String baseline,
            String upper, String selector) {
        ObjectNode panel = timeseries(title, description, unit,
                target("A", "max(" + level + selector + ")", "observed"),
                target("B", "max(" + baseline + selector + ")", "baseline"),
                target("C", "max(" + upper + selector + ")", "band"));
        ObjectNode override = ((ArrayNode) panel.get("fieldConfig").get("overrides")).addObject();
        ObjectNode matcher = override.putObject("matcher");
        matcher.put("id", "byName");
        matcher.put("options", "band");
        ArrayNode properties = override.putArray("properties");
        ObjectNode fill = properties.addObject();
        fill.put("id", "custom.fillBelowTo");
        fill.put("value", "baseline");
        ObjectNode dashed = properties.addObject();
        dashed.put("id", "custom.lineStyle");
        ObjectNode style = dashed.putObject("value");
        style.put("fill", "dash");
        style.putArray("dash").add(10).add(10);
        return panel;
    }

    /** The label matchers scoping a panel to the selected service and workflow. */
    private String scope(WorkflowGroup group) {
        String service = serviceLabel + "=~\"$service\"";
        if (group.undeclared()) {
            // Primitives without a declared workflow run under any workflow name: select them by name.
            return service + "," + PrometheusNames.WORKFLOW_LABEL + "=~\"$workflow\"," + PrometheusNames.PRIMITIVE_LABEL
                    + "=~" + Promql.quote(Promql.alternation(names(group)));
        }
        return service + "," + PrometheusNames.WORKFLOW_LABEL + "=~\"$workflow\"";
    }

    private static List<String> names(WorkflowGroup group) {
        return group.primitives().stream().map(PrimitiveDescriptor::name).toList();
    }

    /** In-flight counts are kept per primitive, without the workflow: select the steps (and the root) by name. */
    private static String activeNames(WorkflowGroup group) {
        String steps = Promql.alternation(names(group));
        return group.undeclared() ? steps : "$root|" + steps;
    }

    /**
     * {@code matching / all} per {@code by} labels, where a label set with no matching series counts as 0 rather
     * than disappearing.
     */
    private static String errorRatio(String metric, String scope, String matching, String by) {
        String sum = by.isEmpty() ? "sum" : "sum by (" + by + ")";
        String all = sum + " (rate(" + metric + "{" + scope + "}" + RATE + "))";
        String part = sum + " (rate(" + metric + "{" + scope + "," + matching + "}" + RATE + "))";
        return "(" + part + " or 0 * " + all + ") / " + all;
    }

    private static String costPerRun(String scope, String runs) {
        return "sum by (" + PrometheusNames.CURRENCY_LABEL + ") (rate(" + PrometheusNames.COST + "{" + scope + "}"
                + RATE + ")) / on() group_left() sum(rate(" + runs + RATE + "))";
    }

    private ObjectNode latencyPanel(String scope, PrimitiveDescriptor primitive) {
        String selector = PrometheusNames.DURATION_BUCKET + "{" + scope + "," + PrometheusNames.PRIMITIVE_LABEL + "="
                + Promql.quote(primitive.name()) + "}";
        ArrayNode targets = NODES.arrayNode();
        String[][] quantiles = {{"A", "0.5", "p50"}, {"B", "0.95", "p95"}, {"C", "0.99", "p99"}};
        for (String[] q : quantiles) {
            targets.add(target(q[0], "histogram_quantile(" + q[1] + ", sum by (le) (rate(" + selector + RATE
                    + ")))", q[2]));
        }
        ObjectNode panel = timeseries(primitive.name() + " latency", "Percentiles from the"
                + " workflow.primitive.duration histogram (" + primitive.source() + ").", "s", targets);
        double threshold = primitive.slos().stream().filter(s -> s.kind() == SloKind.LATENCY)
                .mapToDouble(s -> s.thresholdSeconds().getAsDouble()).min().orElse(Double.NaN);
        if (!Double.isNaN(threshold)) {
            ObjectNode defaults = (ObjectNode) panel.get("fieldConfig").get("defaults");
            defaults.set("thresholds", thresholds(new Object[][] {{"green", null}, {"red", threshold}}));
            ((ObjectNode) defaults.get("custom")).putObject("thresholdsStyle").put("mode", "line");
        }
        return panel;
    }

    private void sloPanels(Layout layout, WorkflowGroup group, PrimitiveDescriptor primitive, SloDescriptor slo) {
        String selector = "{" + serviceLabel + "=~\"$service\"," + PrometheusNames.WORKFLOW_LABEL + "=~\"$workflow\","
                + PrometheusNames.PRIMITIVE_LABEL + "=" + Promql.quote(primitive.name()) + ","
                + PrometheusNames.SLO_NAME_LABEL + "=" + Promql.quote(slo.name()) + "}";
        String name = primitive.name() + " / " + slo.name();
        ObjectNode budget = stat("Error budget left: " + name, slo.promise() + " over " + slo.periodDays()
                + " days. Share of the period's error budget not yet spent (from the recording rules).",
                "percentunit", target("A", "min(" + PrometheusRuleGenerator.BUDGET_REMAINING + selector + ")",
                        "budget left"));
        ObjectNode defaults = (ObjectNode) budget.get("fieldConfig").get("defaults");
        defaults.set("thresholds", thresholds(new Object[][] {{"red", null}, {"orange", 0}, {"green", 0.25}}));
        ((ObjectNode) budget.get("options")).put("colorMode", "value");
        layout.add(6, 8, budget);

        ArrayNode targets = NODES.arrayNode();
        char refId = 'A';
        for (String window : BurnRateAlert.WINDOWS) {
            targets.add(target(String.valueOf(refId++), "max(" + PrometheusRuleGenerator.BURN_RATE + window
                    + selector + ")", window));
        }
        ObjectNode burn = timeseries("Burn rate: " + name, "Error budget burn rate per window (1 = the budget lasts"
                + " exactly the period). Pages at 14.4 (1h and 5m) and 6 (6h and 30m), tickets at 1 (3d and 6h).",
                "none", targets);
        ObjectNode burnDefaults = (ObjectNode) burn.get("fieldConfig").get("defaults");
        burnDefaults.set("thresholds", thresholds(new Object[][] {{"green", null}, {"orange", 1}, {"red", 6}}));
        ((ObjectNode) burnDefaults.get("custom")).putObject("thresholdsStyle").put("mode", "dashed");
        layout.add(9, 8, burn);

        layout.add(9, 8, timeseries("Bad events: " + name, "Share of " + (slo.kind() == SloKind.LATENCY
                ? "successful executions slower than the threshold" : "executions that failed")
                + " (SLI error ratio), against the error budget of " + slo.errorBudget().toPlainString() + ".",
                "percentunit", target("A", "max(" + PrometheusRuleGenerator.ERROR_RATIO + "5m" + selector + ")",
                        "5m"), target("B", "max(" + PrometheusRuleGenerator.ERROR_RATIO + "1h" + selector + ")",
                        "1h")));
    }

    private ArrayNode variables(WorkflowGroup group) {
        ArrayNode list = NODES.arrayNode();

        ObjectNode datasource = list.addObject();
        datasource.put("name", "datasource");
        datasource.put("label", "Data source");
        datasource.put("type", "datasource");
        datasource.put("query", "prometheus");
        datasource.put("refresh", 1);
        datasource.put("hide", 0);

        ObjectNode service = queryVariable("service", "Service (" + serviceLabel + ")",
                "label_values(" + PrometheusNames.DURATION_COUNT + ", " + serviceLabel + ")");
        service.put("description", "Services are told apart by the '" + serviceLabel + "' label.");
        allOption(service);
        list.add(service);

        ObjectNode workflow = queryVariable("workflow", "Workflow", "label_values(" + PrometheusNames.DURATION_COUNT
                + "{" + serviceLabel + "=~\"$service\"}, " + PrometheusNames.WORKFLOW_LABEL + ")");
        if (group.undeclared()) {
            allOption(workflow);
        } else {
            workflow.put("multi", false);
            workflow.put("includeAll", false);
            workflow.set("current", option(group.workflow()));
        }
        list.add(workflow);

        if (!group.undeclared()) {
            ObjectNode root = queryVariable("root", "Runs counted at", "label_values(" + PrometheusNames.DURATION_COUNT
                    + "{" + serviceLabel + "=~\"$service\"," + PrometheusNames.WORKFLOW_LABEL + "=~\"$workflow\"}, "
                    + PrometheusNames.PRIMITIVE_LABEL + ")");
            root.put("description", "The outermost primitive of the workflow: one execution per run. Defaults to"
                    + " the primitive named like the workflow.");
            root.put("multi", false);
            root.put("includeAll", false);
            root.set("current", option(group.workflow()));
            list.add(root);
        }
        return list;
    }

    private static ObjectNode queryVariable(String name, String label, String query) {
        ObjectNode variable = NODES.objectNode();
        variable.put("name", name);
        variable.put("label", label);
        variable.put("type", "query");
        variable.set("datasource", datasource());
        variable.put("query", query);
        variable.put("refresh", 2);
        variable.put("sort", 1);
        variable.put("hide", 0);
        return variable;
    }

    private static void allOption(ObjectNode variable) {
        variable.put("multi", true);
        variable.put("includeAll", true);
        variable.put("allValue", ".*");
        ObjectNode current = NODES.objectNode();
        current.putArray("text").add("All");
        current.putArray("value").add("$__all");
        variable.set("current", current);
    }

    private static ObjectNode option(String value) {
        ObjectNode current = NODES.objectNode();
        current.put("text", value);
        current.put("value", value);
        return current;
    }

    private static ObjectNode annotations() {
        ObjectNode container = NODES.objectNode();
        ObjectNode builtIn = container.putArray("list").addObject();
        builtIn.put("builtIn", 1);
        ObjectNode grafana = builtIn.putObject("datasource");
        grafana.put("type", "grafana");
        grafana.put("uid", "-- Grafana --");
        builtIn.put("enable", true);
        builtIn.put("hide", true);
        builtIn.put("iconColor", "rgba(0, 211, 255, 1)");
        builtIn.put("name", "Annotations & Alerts");
        builtIn.put("type", "dashboard");
        return container;
    }

    private static ObjectNode datasource() {
        ObjectNode datasource = NODES.objectNode();
        datasource.put("type", "prometheus");
        datasource.put("uid", "${datasource}");
        return datasource;
    }

    private static ObjectNode target(String refId, String expr, String legend) {
        ObjectNode target = NODES.objectNode();
        target.set("datasource", datasource());
        target.put("refId", refId);
        target.put("expr", expr);
        target.put("legendFormat", legend);
        target.put("range", true);
        return target;
    }

    private static ObjectNode timeseries(String title, String description, String unit, ObjectNode... targets) {
        ArrayNode list = NODES.arrayNode();
        for (ObjectNode target : targets) {
            list.add(target);
        }
        return timeseries(title, description, unit, list);
    }

    private static ObjectNode timeseries(String title, String description, String unit, ArrayNode targets) {
        ObjectNode panel = panel("timeseries", title, description, unit, targets);
        ObjectNode custom = ((ObjectNode) panel.get("fieldConfig").get("defaults")).putObject("custom");
        custom.put("drawStyle", "line");
        custom.put("lineWidth", 1);
        custom.put("fillOpacity", 10);
        custom.put("showPoints", "never");
        custom.put("spanNulls", false);
        ObjectNode options = panel.putObject("options");
        ObjectNode legend = options.putObject("legend");
        legend.putArray("calcs");
        legend.put("displayMode", "list");
        legend.put("placement", "bottom");
        legend.put("showLegend", true);
        ObjectNode tooltip = options.putObject("tooltip");
        tooltip.put("mode", "multi");
        tooltip.put("sort", "desc");
        return panel;
    }

    private static ObjectNode stat(String title, String description, String unit, ObjectNode target) {
        ObjectNode panel = panel("stat", title, description, unit, NODES.arrayNode().add(target));
        ObjectNode options = panel.putObject("options");
        options.put("colorMode", "none");
        options.put("graphMode", "area");
        options.put("justifyMode", "auto");
        options.put("orientation", "auto");
        options.put("percentChangeColorMode", "standard");
        ObjectNode reduce = options.putObject("reduceOptions");
        reduce.putArray("calcs").add("lastNotNull");
        reduce.put("fields", "");
        reduce.put("values", false);
        options.put("showPercentChange", false);
        options.put("textMode", "auto");
        options.put("wideLayout", true);
        return panel;
    }

    private static ObjectNode panel(String type, String title, String description, String unit, ArrayNode targets) {
        ObjectNode panel = NODES.objectNode();
        panel.put("type", type);
        panel.put("title", title);
        panel.put("description", description);
        panel.set("datasource", datasource());
        ObjectNode fieldConfig = panel.putObject("fieldConfig");
        ObjectNode defaults = fieldConfig.putObject("defaults");
        defaults.put("unit", unit);
        defaults.set("thresholds", thresholds(new Object[][] {{"green", null}}));
        fieldConfig.putArray("overrides");
        panel.set("targets", targets);
        return panel;
    }

    private static ObjectNode thresholds(Object[][] steps) {
        ObjectNode thresholds = NODES.objectNode();
        thresholds.put("mode", "absolute");
        ArrayNode list = thresholds.putArray("steps");
        for (Object[] step : steps) {
            ObjectNode entry = list.addObject();
            entry.put("color", (String) step[0]);
            if (step[1] == null) {
                entry.putNull("value");
            } else {
                entry.put("value", ((Number) step[1]).doubleValue());
            }
        }
        return thresholds;
    }

    /** Places panels left to right in rows of 24 columns, numbering them. */
    private static final class Layout {
        private final ArrayNode panels = NODES.arrayNode();
        private int id = 1;
        private int x;
        private int y;
        private int rowHeight;

        void row(String title) {
            newLine();
            ObjectNode row = panels.addObject();
            row.put("type", "row");
            row.put("title", title);
            row.put("collapsed", false);
            row.put("id", id++);
            row.set("gridPos", gridPos(0, y, WIDTH, 1));
            row.putArray("panels");
            y += 1;
        }

        void add(int width, int height, ObjectNode panel) {
            if (x + width > WIDTH) {
                newLine();
            }
            panel.put("id", id++);
            panel.set("gridPos", gridPos(x, y, width, height));
            panels.add(panel);
            x += width;
            rowHeight = Math.max(rowHeight, height);
        }

        private void newLine() {
            y += rowHeight;
            x = 0;
            rowHeight = 0;
        }

        private static ObjectNode gridPos(int x, int y, int w, int h) {
            ObjectNode pos = NODES.objectNode();
            pos.put("h", h);
            pos.put("w", w);
            pos.put("x", x);
            pos.put("y", y);
            return pos;
        }
    }
}
