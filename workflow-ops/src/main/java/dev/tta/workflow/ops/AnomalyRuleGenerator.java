package dev.tta.workflow.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the Prometheus anomaly rules of one workflow: the fleet-wide counterpart of the runtime's in-process
 * detectors, over longer horizons and every process of a service.
 *
 * <p>Per primitive of the workflow (series keep the service label, {@code workflow_name} and
 * {@code workflow_primitive_name}):
 * <ul>
 *   <li>level: the p95 latency over {@value #LEVEL_WINDOW} from the duration histogram, the calls over
 *       {@value #LEVEL_WINDOW} and the error ratio over {@value #LEVEL_WINDOW};</li>
 *   <li>latency band: the median of that p95 over {@value #BASELINE_WINDOW} ({@code quantile_over_time}) and its
 *       median absolute deviation (a subquery every {@value #LEVEL_WINDOW}); the upper edge is
 *       {@code median + max(3 × 1.4826 × MAD, 0.5 × median)}: a robust z-score of 3, and a margin so that a flat
 *       baseline (MAD 0) does not alarm on noise (as in Grafana's robust anomaly bands);</li>
 *   <li>error band: the baseline ratio {@code p0 = (failures + ½) / (calls + 1)} over {@value #BASELINE_WINDOW},
 *       and the edge {@code max(p0 + 3.09 × √(p0 (1 − p0) / n), 2 × p0)} for the {@code n} calls of the level
 *       window: the one-sided 0.001 score bound (a normal approximation, fair at the call counts a fleet sees; the
 *       runtime tests each interval exactly), never below twice the baseline;</li>
 *   <li>alerts {@value #LATENCY_ALERT} and {@value #ERROR_ALERT}, when the level stays above its band for
 *       {@value #FOR} with at least {@value #MIN_CALLS} calls (and 3 failures) in the level window.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AnomalyRuleGenerator {

    /** The window of the level series. */
    public static final String LEVEL_WINDOW = "5m";
    /** The window of the baselines. */
    public static final String BASELINE_WINDOW = "1d";
    /** How long a level stays above its band before the alert fires. */
    public static final String FOR = "5m";
    /** The fewest calls in the level window for an alert. */
    public static final int MIN_CALLS = 30;
    /** p95 latency over the level window, in seconds. */
    public static final String P95 = "workflow_primitive:duration_seconds:p95_rate5m";
    /** Calls over the level window. */
    public static final String CALLS = "workflow_primitive:calls:increase5m";
    /** Error ratio over the level window. */
    public static final String ERROR_RATIO = "workflow_primitive:error_ratio:rate5m";
    /** Median of {@link #P95} over the baseline window. */
    public static final String P95_MEDIAN = "workflow_primitive:duration_seconds:p95_rate5m_median1d";
    /** Median absolute deviation of {@link #P95} over the baseline window. */
    public static final String P95_MAD = "workflow_primitive:duration_seconds:p95_rate5m_mad1d";
    /** Upper edge of the latency band. */
    public static final String P95_UPPER = "workflow_primitive:duration_seconds:p95_band_upper";
    /** Baseline error ratio over the baseline window. */
    public static final String ERROR_BASELINE = "workflow_primitive:error_ratio:baseline1d";
    /** Upper edge of the error band. */
    public static final String ERROR_UPPER = "workflow_primitive:error_ratio:band_upper";
    /** The latency alert. */
    public static final String LATENCY_ALERT = "WorkflowLatencyAnomaly";
    /** The error alert. */
    public static final String ERROR_ALERT = "WorkflowErrorAnomaly";

    private final String serviceLabel;

    /**
     * A generator whose rules keep the given service label.
     *
     * @param serviceLabel the label telling services apart, {@code job} unless relabelled
     * @throws IllegalArgumentException if it is not a valid label name
     */
    public AnomalyRuleGenerator(String serviceLabel) {
        this.serviceLabel = Promql.labelName(serviceLabel);
    }

    /**
     * The anomaly rule file of a workflow as YAML, starting with a comment saying where it came from.
     *
     * @param group the workflow's primitives
     * @return the file's text
     */
    public String yaml(WorkflowGroup group) {
        return PrometheusRuleGenerator.yaml("the latency and error anomaly bands of " + group.title(), rules(group));
    }

    /**
     * The anomaly rule file of a workflow as a tree of maps and lists.
     *
     * @param group the workflow's primitives
     * @return {@code {groups: [...]}}, three groups (level, baseline, alerts)
     */
    public Map<String, Object> rules(WorkflowGroup group) {
        String by = "sum by (" + serviceLabel + ", " + PrometheusNames.WORKFLOW_LABEL + ", "
                + PrometheusNames.PRIMITIVE_LABEL + ")";
        String matchers = matchers(group);
        String count = PrometheusNames.DURATION_COUNT + "{" + matchers + "}";
        String failed = PrometheusNames.DURATION_COUNT + "{" + matchers + "," + PrometheusNames.OUTCOME_LABEL
                + "=\"failure\"}";
        String recorded = "{" + matchers + "}";

        List<Object> level = new ArrayList<>();
        level.add(record(P95, "histogram_quantile(0.95, sum by (" + serviceLabel + ", " + PrometheusNames.WORKFLOW_LABEL
                + ", " + PrometheusNames.PRIMITIVE_LABEL + ", " + PrometheusNames.LE_LABEL + ") (rate("
                + PrometheusNames.DURATION_BUCKET + "{" + matchers + "}[" + LEVEL_WINDOW + "])))"));
        level.add(record(CALLS, by + " (increase(" + count + "[" + LEVEL_WINDOW + "]))"));
        level.add(record(ERROR_RATIO, "(\n  " + by + " (rate(" + failed + "[" + LEVEL_WINDOW + "]))\n  or\n  0 * "
                + by + " (rate(" + count + "[" + LEVEL_WINDOW + "]))\n)\n/\n" + by + " (rate(" + count + "["
                + LEVEL_WINDOW + "]))"));

        List<Object> baseline = new ArrayList<>();
        baseline.add(record(P95_MEDIAN, "quantile_over_time(0.5, " + P95 + recorded + "[" + BASELINE_WINDOW + "])"));
        baseline.add(record(P95_MAD, "quantile_over_time(0.5, abs(" + P95 + recorded + " - " + P95_MEDIAN + recorded
                + ")[" + BASELINE_WINDOW + ":" + LEVEL_WINDOW + "])"));
        baseline.add(record(P95_UPPER, P95_MEDIAN + recorded + "\n+\n(\n  4.4478 * " + P95_MAD + recorded + " > 0.5 * "
                + P95_MEDIAN + recorded + "\n  or\n  0.5 * " + P95_MEDIAN + recorded + "\n)"));
        String all = by + " (increase(" + count + "[" + BASELINE_WINDOW + "]))";
        baseline.add(record(ERROR_BASELINE, "(\n  (" + by + " (increase(" + failed + "[" + BASELINE_WINDOW
                + "])) or 0 * " + all + ")\n  + 0.5\n)\n/\n(" + all + " + 1)"));
        String p0 = ERROR_BASELINE + recorded;
        baseline.add(record(ERROR_UPPER, "(\n  " + p0 + " + 3.09 * sqrt(" + p0 + " * (1 - " + p0 + ") / clamp_min("
                + CALLS + recorded + ", 1))\n) > 2 * " + p0 + "\nor\n2 * " + p0));

        List<Object> alerts = new ArrayList<>();
        alerts.add(alert(group, LATENCY_ALERT, "latency", P95 + recorded + " > " + P95_UPPER + recorded
                + "\nand\n" + CALLS + recorded + " >= " + MIN_CALLS,
                "p95 latency of step {{ $labels." + PrometheusNames.PRIMITIVE_LABEL + " }} over " + LEVEL_WINDOW
                        + " is {{ $value | printf \"%.3f\" }} s, above its " + BASELINE_WINDOW + " band",
                "open the latency panel and band of the step, then its slowest traces: the exemplars of the duration"
                        + " histogram, or the trace ids of the runtime's workflow.anomaly log event"));
        alerts.add(alert(group, ERROR_ALERT, "errors", ERROR_RATIO + recorded + " > " + ERROR_UPPER + recorded
                + "\nand\n" + CALLS + recorded + " >= " + MIN_CALLS + "\nand\n" + ERROR_RATIO + recorded + " * "
                + CALLS + recorded + " >= 3",
                "error ratio of step {{ $labels." + PrometheusNames.PRIMITIVE_LABEL + " }} over " + LEVEL_WINDOW
                        + " is {{ $value | printf \"%.4f\" }}, above its " + BASELINE_WINDOW + " band",
                "open the error-ratio panel and band of the step, then its failed traces (status ERROR, attribute"
                        + " error.type) named by the runtime's workflow.anomaly log event"));

        List<Object> groups = new ArrayList<>();
        groups.add(ruleGroup("tta-workflow-" + group.slug() + "-anomaly-level", level));
        groups.add(ruleGroup("tta-workflow-" + group.slug() + "-anomaly-baseline", baseline));
        groups.add(ruleGroup("tta-workflow-" + group.slug() + "-anomaly-alerts", alerts));
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("groups", groups);
        return file;
    }

    /** The workflow (when declared) and its primitives, so that rule files of different workflows never clash. */
    static String matchers(WorkflowGroup group) {
        List<String> names = group.primitives().stream().map(PrimitiveDescriptor::name).toList();
        String primitives = names.size() == 1
                ? PrometheusNames.PRIMITIVE_LABEL + "=" + Promql.quote(names.get(0))
                : PrometheusNames.PRIMITIVE_LABEL + "=~" + Promql.quote(Promql.alternation(names));
        return group.undeclared() ? primitives
                : PrometheusNames.WORKFLOW_LABEL + "=" + Promql.quote(group.workflow()) + "," + primitives;
    }

    private Map<String, Object> alert(WorkflowGroup group, String name, String kind, String expr, String summary,
            String next) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("alert", name);
        rule.put("expr", expr);
        rule.put("for", FOR);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("severity", "warning");
        labels.put("workflow", group.undeclared() ? "{{ $labels." + PrometheusNames.WORKFLOW_LABEL + " }}"
                : group.workflow());
        labels.put("anomaly_kind", kind);
        rule.put("labels", labels);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", "Workflow " + labels.get("workflow") + ": " + summary + " ({{ $labels."
                + serviceLabel + " }})");
        annotations.put("runbook", "1. Open the Grafana dashboard '" + GrafanaDashboardGenerator.title(group)
                + "' (uid " + GrafanaDashboardGenerator.uid(group) + "), row 'Anomaly bands', and " + next + ".\n"
                + "2. Check what changed: deploys, downstream services, traffic mix.\n"
                + "3. The alert clears once the " + LEVEL_WINDOW + " level is back inside its band; a lasting change"
                + " becomes the new baseline within about half of " + BASELINE_WINDOW + ".");
        rule.put("annotations", annotations);
        return rule;
    }

    private static Map<String, Object> record(String name, String expr) {
        return PrometheusRuleGenerator.record(name, expr, Map.of());
    }

    private static Map<String, Object> ruleGroup(String name, List<Object> rules) {
        return PrometheusRuleGenerator.ruleGroup(name, rules);
    }
}
