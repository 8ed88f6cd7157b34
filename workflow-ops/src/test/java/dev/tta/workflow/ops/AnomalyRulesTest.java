package dev.tta.workflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated anomaly rules: {@code promtool check rules}, and {@code promtool test rules} unit tests showing the
 * latency and error alerts firing after a shift (p95 about 2x, error ratio 1 % to 5 %) and silent on stationary
 * traffic, with the recorded baselines and bands at the values the formulas give.
 */
class AnomalyRulesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String LABELS = "job=\"svc\",workflow_name=\"wf\",workflow_primitive_name=\"Step\","
            + "workflow_primitive_type=\"step\"";
    /** Bucket bounds and cumulative shares of calls at or below them, before and after the slowdown. */
    private static final String[] BOUNDS = {"0.05", "0.1", "0.25", "0.5", "1", "+Inf"};
    private static final int[] BEFORE = {600, 900, 980, 1000, 1000, 1000};
    private static final int[] AFTER = {300, 600, 900, 980, 1000, 1000};

    @TempDir
    Path directory;

    private final AnomalyRuleGenerator generator = new AnomalyRuleGenerator("job");

    @Test
    void everyWorkflowsAnomalyRulesPassPromtoolCheck() throws Exception {
        List<Path> files = new ArrayList<>();
        for (Path file : new OpsGenerator("job").generate(Fixtures.primitives(), directory)) {
            if (file.toString().endsWith("-anomaly-rules.yml")) {
                files.add(file);
            }
        }
        assertEquals(2, files.size());
        String output = new Promtool().assertRulesValid(files.toArray(Path[]::new));
        assertEquals(2, output.split("SUCCESS: 10 rules found", -1).length - 1, output);
        assertTrue(Files.readString(files.get(0)).startsWith("# Prometheus rules for the latency and error anomaly bands of"));
    }

    @Test
    void rulesSelectTheWorkflowsPrimitivesAndAlertsNameTheKind() {
        WorkflowGroup agent = Fixtures.groups().get(1);
        assertEquals("workflow_name=\"support-agent\",workflow_primitive_name=~\"CallModel|LookupCustomer|QueueReply|SendReply\"",
                AnomalyRuleGenerator.matchers(agent));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) generator.rules(agent).get("groups");
        assertEquals(List.of("tta-workflow-support-agent-anomaly-level", "tta-workflow-support-agent-anomaly-baseline",
                "tta-workflow-support-agent-anomaly-alerts"), groups.stream().map(g -> g.get("name")).toList());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> alerts = (List<Map<String, Object>>) groups.get(2).get("rules");
        assertEquals(AnomalyRuleGenerator.LATENCY_ALERT, alerts.get(0).get("alert"));
        assertEquals(Map.of("severity", "warning", "workflow", "support-agent", "anomaly_kind", "latency"),
                alerts.get(0).get("labels"));
        assertEquals("5m", alerts.get(1).get("for"));
    }

    @Test
    void theLatencyAlertFiresAfterTheP95DoublesAndNotBefore() throws Exception {
        // 1000 calls a minute for 3 hours, then 30 minutes with every bucket shifted up: p95 0.194 s -> 0.406 s.
        List<Object> series = new ArrayList<>();
        for (int i = 0; i < BOUNDS.length; i++) {
            series.add(Map.of("series", "workflow_primitive_duration_seconds_bucket{" + LABELS
                    + ",workflow_primitive_outcome=\"success\",le=\"" + BOUNDS[i] + "\"}",
                    "values", counter(BEFORE[i], 180, AFTER[i], 30)));
        }
        series.add(countSeries("success", 1000, 1000));
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("interval", "1m");
        test.put("input_series", series);
        test.put("promql_expr_test", List.of(
                // Linear interpolation in the (0.1, 0.25] bucket: 0.1 + 50/80 x 0.15; a flat baseline has MAD 0, so the
                // band is the 0.5 x median margin.
                sample("round(" + AnomalyRuleGenerator.P95 + " * 1e5)", "170m", 19375),
                sample("round(" + AnomalyRuleGenerator.P95_MEDIAN + " * 1e5)", "170m", 19375),
                sample("round(" + AnomalyRuleGenerator.P95_MAD + " * 1e5)", "170m", 0),
                sample("round(" + AnomalyRuleGenerator.P95_UPPER + " * 1e4)", "170m", 2906),
                sample("round(" + AnomalyRuleGenerator.P95 + " * 1e5)", "200m", 40625)));
        Map<String, String> labels = alertLabels("latency");
        test.put("alert_rule_test", List.of(
                Map.of("eval_time", "170m", "alertname", AnomalyRuleGenerator.LATENCY_ALERT, "exp_alerts", List.of()),
                Map.of("eval_time", "183m", "alertname", AnomalyRuleGenerator.LATENCY_ALERT, "exp_alerts", List.of()),
                Map.of("eval_time", "200m", "alertname", AnomalyRuleGenerator.LATENCY_ALERT, "exp_alerts", List.of(
                        Map.of("exp_labels", labels, "exp_annotations", annotations("latency", "0.406")))),
                Map.of("eval_time", "200m", "alertname", AnomalyRuleGenerator.ERROR_ALERT, "exp_alerts", List.of())));
        assertPromtoolPasses(test);
    }

    @Test
    void theErrorAlertFiresWhenOnePercentBecomesFiveAndNotBefore() throws Exception {
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("interval", "1m");
        test.put("input_series", List.of(countSeries("success", 990, 950), countSeries("failure", 10, 50)));
        test.put("promql_expr_test", List.of(
                sample("round(" + AnomalyRuleGenerator.ERROR_RATIO + " * 1e4)", "170m", 100),
                sample("round(" + AnomalyRuleGenerator.CALLS + ")", "170m", 5000),
                // (1700 + 0.5) / (170000 + 1) and its band max(p0 + 3.09 sqrt(p0 (1 - p0) / 5000), 2 p0).
                sample("round(" + AnomalyRuleGenerator.ERROR_BASELINE + " * 1e6)", "170m", 10003),
                sample("round(" + AnomalyRuleGenerator.ERROR_UPPER + " * 1e6)", "170m", 20006),
                sample("round(" + AnomalyRuleGenerator.ERROR_RATIO + " * 1e4)", "200m", 500)));
        test.put("alert_rule_test", List.of(
                Map.of("eval_time", "170m", "alertname", AnomalyRuleGenerator.ERROR_ALERT, "exp_alerts", List.of()),
                Map.of("eval_time", "200m", "alertname", AnomalyRuleGenerator.ERROR_ALERT, "exp_alerts", List.of(
                        Map.of("exp_labels", alertLabels("errors"), "exp_annotations",
                                annotations("errors", "0.0500")))),
                Map.of("eval_time", "200m", "alertname", AnomalyRuleGenerator.LATENCY_ALERT, "exp_alerts",
                        List.of())));
        assertPromtoolPasses(test);
    }

    private void assertPromtoolPasses(Map<String, Object> test) throws Exception {
        PrimitiveDescriptor step = new PrimitiveDescriptor("Step", "step", "wf", "x.Step", List.of());
        Path rules = Files.writeString(directory.resolve("wf-anomaly-rules.yml"),
                generator.yaml(new WorkflowGroup("wf", List.of(step))));
        Map<String, Object> unitTests = new LinkedHashMap<>();
        unitTests.put("rule_files", List.of(rules.getFileName().toString()));
        unitTests.put("evaluation_interval", "1m");
        unitTests.put("tests", List.of(test));
        Path testFile = directory.resolve("wf-anomaly-rules.test.yml");
        YAML.writeValue(testFile.toFile(), unitTests);
        Processes.Result result = new Promtool().testRules(testFile);
        assertEquals(0, result.exitCode(), () -> "promtool test rules failed:\n" + result.output());
        assertTrue(result.output().contains("SUCCESS"), result.output());
    }

    /** A counter rising by {@code before} a minute for {@code minutes}, then by {@code after} for {@code later}. */
    private static String counter(long before, int minutes, long after, int later) {
        return "0+" + before + "x" + minutes + " " + (before * minutes + after) + "+" + after + "x" + (later - 1);
    }

    private static Map<String, Object> countSeries(String outcome, long before, long after) {
        return Map.of("series", "workflow_primitive_duration_seconds_count{" + LABELS + ",workflow_primitive_outcome=\""
                + outcome + "\"}", "values", counter(before, 180, after, 30));
    }

    private static Map<String, Object> sample(String expr, String at, long value) {
        return Map.of("expr", expr, "eval_time", at, "exp_samples", List.of(Map.of("labels",
                "{job=\"svc\",workflow_name=\"wf\",workflow_primitive_name=\"Step\"}", "value", value)));
    }

    private static Map<String, String> alertLabels(String kind) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("job", "svc");
        labels.put("workflow_name", "wf");
        labels.put("workflow_primitive_name", "Step");
        labels.put("severity", "warning");
        labels.put("workflow", "wf");
        labels.put("anomaly_kind", kind);
        return labels;
    }

    /** The generated annotations with their templates filled in as Prometheus would. */
    @SuppressWarnings("unchecked")
    private Map<String, String> annotations(String kind, String value) {
        Map<String, Object> file = generator.rules(new WorkflowGroup("wf", List.of(
                new PrimitiveDescriptor("Step", "step", "wf", "x.Step", List.of()))));
        List<Map<String, Object>> alerts = (List<Map<String, Object>>) ((List<Map<String, Object>>) file.get("groups"))
                .get(2).get("rules");
        Map<String, Object> rule = alerts.get(kind.equals("latency") ? 0 : 1);
        Map<String, String> rendered = new LinkedHashMap<>();
        ((Map<String, String>) rule.get("annotations")).forEach((key, template) -> rendered.put(key, template
                .replace("{{ $labels.job }}", "svc")
                .replace("{{ $labels.workflow_primitive_name }}", "Step")
                .replaceAll("\\{\\{ \\$value \\| printf \"%\\.[34]f\" }}", value)));
        return rendered;
    }
}
