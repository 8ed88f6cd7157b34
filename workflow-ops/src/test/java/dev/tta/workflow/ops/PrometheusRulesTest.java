package dev.tta.workflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated rule files: their shape, {@code promtool check rules}, and {@code promtool test rules} unit tests showing
 * each burn-rate alert firing under its burn and silent under a slower one.
 */
class PrometheusRulesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path directory;

    private final PrometheusRuleGenerator generator = new PrometheusRuleGenerator("job");

    @Test
    void everyGeneratedRuleFilePassesPromtoolCheck() throws Exception {
        List<Path> files = new ArrayList<>();
        for (Path file : new OpsGenerator("job").generate(Fixtures.primitives(), directory)) {
            if (file.toString().endsWith("-rules.yml") && !file.toString().endsWith("-anomaly-rules.yml")) {
                files.add(file);
            }
        }
        assertEquals(2, files.size());
        String output = new Promtool().assertRulesValid(files.toArray(Path[]::new));
        // support-agent: 5 ratios + 3 SLOs x (5 burn rates + objective + period ratio + budget + 3 alerts), where
        // SendReply's 7-day period needs its own ratio; the undeclared audit.record has a 3-day period = a window.
        assertTrue(output.contains("SUCCESS: 38 rules found"), output);
        assertTrue(output.contains("SUCCESS: 15 rules found"), output);
    }

    @Test
    void promtoolCheckFailsOnAnInvalidRuleFile() throws Exception {
        Path broken = Files.writeString(directory.resolve("broken.yml"),
                "groups:\n- name: g\n  rules:\n  - record: a:b:c\n    expr: sum(rate(x[5m])\n");
        assertNotEquals(0, new Promtool().checkRules(broken).exitCode());
    }

    @Test
    void aWorkflowWithoutSlosGetsAnEmptyButValidRuleFile() throws Exception {
        PrimitiveDescriptor step = new PrimitiveDescriptor("Plain", "step", "plain", "x.Plain", List.of());
        String yaml = generator.yaml(new WorkflowGroup("plain", List.of(step)));
        assertTrue(yaml.endsWith("groups: []\n"), yaml);
        new Promtool().assertRulesValid(Files.writeString(directory.resolve("plain.yml"), yaml));
    }

    @Test
    void rulesSelectTheWorkflowsPrimitivesAndEscapeTheirNames() {
        WorkflowGroup undeclared = Fixtures.groups().get(0);
        assertEquals("workflow_primitive_name=\"audit.record\"", PrometheusRuleGenerator.groupMatchers(undeclared));
        WorkflowGroup agent = Fixtures.groups().get(1);
        assertEquals("workflow_name=\"support-agent\",workflow_primitive_name=~\"CallModel|SendReply\"",
                PrometheusRuleGenerator.groupMatchers(agent));
        PrimitiveDescriptor dotted = new PrimitiveDescriptor("pay.charge", "step", "w\"x", "s",
                List.of(new SloDescriptor("availability", SloKind.AVAILABILITY, 0.99, OptionalDouble.empty(), 30)));
        PrimitiveDescriptor other = new PrimitiveDescriptor("b|c", "step", "w\"x", "s", dotted.slos());
        assertEquals("workflow_name=\"w\\\"x\",workflow_primitive_name=~\"b\\\\|c|pay\\\\.charge\"",
                PrometheusRuleGenerator.groupMatchers(new WorkflowGroup("w\"x", List.of(dotted, other))));
    }

    @Test
    void alertsCarrySeverityWorkflowStepAndSloLabelsAndRunbookAnnotations() {
        Map<String, Object> rules = generator.rules(Fixtures.groups().get(1));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) rules.get("groups");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> alerts = (List<Map<String, Object>>) groups.get(2).get("rules");
        assertEquals(9, alerts.size());
        Map<String, Object> first = alerts.get(0);
        assertEquals("WorkflowSloBurnRatePageFast", first.get("alert"));
        assertEquals(Map.of("severity", "page", "workflow", "support-agent", "step", "CallModel", "slo",
                "availability", "slo_kind", "availability", "long_window", "1h", "short_window", "5m"),
                first.get("labels"));
        @SuppressWarnings("unchecked")
        Map<String, String> annotations = (Map<String, String>) first.get("annotations");
        assertTrue(annotations.get("summary").contains("support-agent") && annotations.get("summary")
                .contains("CallModel"));
        assertTrue(annotations.get("description").contains("99.9% of executions succeed over 30 days"));
        assertTrue(annotations.get("runbook").contains("tta-wf-support-agent"));
        assertTrue(!first.containsKey("for"), "the short window, not a for: delay, confirms the burn");
    }

    /** One burn scenario of the unit tests: constant traffic with a share of bad events. */
    private record Scenario(BurnRateAlert condition, double burn, boolean fires) {
    }

    @Test
    void eachAlertFiresUnderItsBurnAndStaysSilentUnderASlowerOne() throws Exception {
        SloDescriptor availability = new SloDescriptor("availability", SloKind.AVAILABILITY, 0.999,
                OptionalDouble.empty(), 30);
        PrimitiveDescriptor step = new PrimitiveDescriptor("Step", "step", "wf", "x.Step", List.of(availability));
        WorkflowGroup group = new WorkflowGroup("wf", List.of(step));
        Path rules = Files.writeString(directory.resolve("wf-rules.yml"), generator.yaml(group));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> alertRules = (List<Map<String, Object>>) ((List<Map<String, Object>>)
                generator.rules(group).get("groups")).get(2).get("rules");

        List<Scenario> scenarios = List.of(
                new Scenario(BurnRateAlert.PAGE_FAST, 20, true), new Scenario(BurnRateAlert.PAGE_FAST, 10, false),
                new Scenario(BurnRateAlert.PAGE_SLOW, 8, true), new Scenario(BurnRateAlert.PAGE_SLOW, 4, false),
                new Scenario(BurnRateAlert.TICKET, 2, true), new Scenario(BurnRateAlert.TICKET, 0.5, false));
        List<Object> tests = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            // 2000 events a minute, of which burn x 0.1% are bad, for 70 minutes; evaluated at 60 minutes.
            long bad = Math.round(2000 * 0.001 * scenario.burn());
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("interval", "1m");
            test.put("input_series", series(2000 - bad, bad, 70, 0, 0));
            List<Object> expected = new ArrayList<>();
            if (scenario.fires()) {
                Map<String, Object> alert = new LinkedHashMap<>();
                alert.put("exp_labels", alertLabels(scenario.condition()));
                alert.put("exp_annotations", renderedAnnotations(alertRules, scenario.condition(), scenario.burn()));
                expected.add(alert);
            }
            test.put("alert_rule_test", List.of(Map.of("eval_time", "60m", "alertname",
                    scenario.condition().alert(), "exp_alerts", expected)));
            // The recorded error ratio and burn rate, rounded to dodge floating-point noise.
            String selector = "{workflow_primitive_name=\"Step\"}";
            test.put("promql_expr_test", List.of(
                    Map.of("expr", "round(sum(" + PrometheusRuleGenerator.ERROR_RATIO + "5m" + selector + ") * 1e6)",
                            "eval_time", "60m", "exp_samples", List.of(Map.of("labels", "{}", "value",
                                    Math.round(bad / 2000.0 * 1e6)))),
                    Map.of("expr", "round(sum(" + PrometheusRuleGenerator.BURN_RATE + "1h" + selector + ") * 1000)",
                            "eval_time", "60m", "exp_samples", List.of(Map.of("labels", "{}", "value",
                                    Math.round(bad / 2000.0 / 0.001 * 1000))))));
            tests.add(test);
        }
        // The short window ends a page soon after the burn stops: 20x for 60 minutes, then 10 clean minutes. The 1h
        // burn rate is still about 16.7x, above 14.4, but the 5m window is clean, so the page is silent.
        Map<String, Object> recovery = new LinkedHashMap<>();
        recovery.put("interval", "1m");
        recovery.put("input_series", series(1960, 40, 60, 2000, 10));
        recovery.put("alert_rule_test", List.of(
                Map.of("eval_time", "59m", "alertname", BurnRateAlert.PAGE_FAST.alert(), "exp_alerts", List.of(
                        Map.of("exp_labels", alertLabels(BurnRateAlert.PAGE_FAST), "exp_annotations",
                                renderedAnnotations(alertRules, BurnRateAlert.PAGE_FAST, 20)))),
                Map.of("eval_time", "70m", "alertname", BurnRateAlert.PAGE_FAST.alert(), "exp_alerts", List.of())));
        recovery.put("promql_expr_test", List.of(Map.of("expr", "round(sum(workflow_slo:burn_rate:ratio_rate1h) * 10)",
                "eval_time", "70m", "exp_samples", List.of(Map.of("labels", "{}", "value",
                        Math.round(40.0 * 50 / (2000 * 60) / 0.001 * 10))))));
        tests.add(recovery);

        Map<String, Object> unitTests = new LinkedHashMap<>();
        unitTests.put("rule_files", List.of(rules.getFileName().toString()));
        unitTests.put("evaluation_interval", "1m");
        unitTests.put("tests", tests);
        Path testFile = directory.resolve("wf-rules.test.yml");
        YAML.writeValue(testFile.toFile(), unitTests);

        Processes.Result result = new Promtool().testRules(testFile);
        assertEquals(0, result.exitCode(), () -> "promtool test rules failed:\n" + result.output());
        assertTrue(result.output().contains("SUCCESS"), result.output());
    }

    @Test
    void anSloWithoutABadSeriesHasAZeroErrorRatioAndItsWholeBudget() throws Exception {
        // An exporter may expose no bad series at all (nothing bad happened since it started, or a client that does
        // not create it at zero): the ratios must read 0, not be missing, and no alert may fire.
        SloDescriptor availability = new SloDescriptor("availability", SloKind.AVAILABILITY, 0.999,
                OptionalDouble.empty(), 30);
        PrimitiveDescriptor step = new PrimitiveDescriptor("Step", "step", "wf", "x.Step", List.of(availability));
        Path rules = Files.writeString(directory.resolve("wf-rules.yml"),
                generator.yaml(new WorkflowGroup("wf", List.of(step))));
        String good = "workflow_slo_events_total{job=\"svc\",workflow_name=\"wf\",workflow_primitive_name=\"Step\","
                + "workflow_slo_name=\"availability\",workflow_slo_kind=\"availability\",workflow_slo_result=\"good\"}";
        List<Object> expressions = new ArrayList<>();
        for (String window : BurnRateAlert.WINDOWS) {
            expressions.add(Map.of("expr", PrometheusRuleGenerator.ERROR_RATIO + window, "eval_time", "60m",
                    "exp_samples", List.of(Map.of("labels", PrometheusRuleGenerator.ERROR_RATIO + window
                            + "{job=\"svc\",workflow_name=\"wf\",workflow_primitive_name=\"Step\","
                            + "workflow_slo_name=\"availability\",workflow_slo_kind=\"availability\"}", "value", 0))));
            expressions.add(Map.of("expr", "sum(" + PrometheusRuleGenerator.BURN_RATE + window + ")", "eval_time",
                    "60m", "exp_samples", List.of(Map.of("labels", "{}", "value", 0))));
        }
        expressions.add(Map.of("expr", "sum(" + PrometheusRuleGenerator.BUDGET_REMAINING + ")", "eval_time", "60m",
                "exp_samples", List.of(Map.of("labels", "{}", "value", 1))));
        List<Object> alerts = new ArrayList<>();
        for (BurnRateAlert condition : BurnRateAlert.ALL) {
            alerts.add(Map.of("eval_time", "60m", "alertname", condition.alert(), "exp_alerts", List.of()));
        }
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("interval", "1m");
        test.put("input_series", List.of(Map.of("series", good, "values", "0+2000x70")));
        test.put("alert_rule_test", alerts);
        test.put("promql_expr_test", expressions);
        Map<String, Object> unitTests = new LinkedHashMap<>();
        unitTests.put("rule_files", List.of(rules.getFileName().toString()));
        unitTests.put("evaluation_interval", "1m");
        unitTests.put("tests", List.of(test));
        Path testFile = directory.resolve("wf-rules.test.yml");
        YAML.writeValue(testFile.toFile(), unitTests);

        Processes.Result result = new Promtool().testRules(testFile);
        assertEquals(0, result.exitCode(), () -> "promtool test rules failed:\n" + result.output());
    }

    /** Good and bad counters: rising by the given amounts per minute, then (optionally) by others. */
    private static List<Object> series(long good, long bad, int minutes, long laterGood, int laterMinutes) {
        String labels = "job=\"svc\",workflow_name=\"wf\",workflow_primitive_name=\"Step\","
                + "workflow_slo_name=\"availability\",workflow_slo_kind=\"availability\"";
        long goodAtSwitch = good * minutes;
        long badAtSwitch = bad * minutes;
        String goodValues = "0+" + good + "x" + minutes + (laterMinutes > 0
                ? " " + (goodAtSwitch + laterGood) + "+" + laterGood + "x" + (laterMinutes - 1) : "");
        String badValues = "0+" + bad + "x" + minutes + (laterMinutes > 0
                ? " " + badAtSwitch + "+0x" + (laterMinutes - 1) : "");
        return List.of(
                Map.of("series", "workflow_slo_events_total{" + labels + ",workflow_slo_result=\"good\"}",
                        "values", goodValues),
                Map.of("series", "workflow_slo_events_total{" + labels + ",workflow_slo_result=\"bad\"}",
                        "values", badValues));
    }

    private static Map<String, String> alertLabels(BurnRateAlert condition) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("job", "svc");
        labels.put("workflow_name", "wf");
        labels.put("workflow_primitive_name", "Step");
        labels.put("workflow_slo_name", "availability");
        labels.put("workflow_slo_kind", "availability");
        labels.put("severity", condition.severity());
        labels.put("workflow", "wf");
        labels.put("step", "Step");
        labels.put("slo", "availability");
        labels.put("slo_kind", "availability");
        labels.put("long_window", condition.longWindow());
        labels.put("short_window", condition.shortWindow());
        return labels;
    }

    /** The generated annotations with their templates filled in as Prometheus would. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> renderedAnnotations(List<Map<String, Object>> alertRules,
            BurnRateAlert condition, double burn) {
        Map<String, String> rendered = new LinkedHashMap<>();
        Map<String, Object> rule = alertRules.stream().filter(r -> r.get("alert").equals(condition.alert()))
                .findFirst().orElseThrow();
        ((Map<String, String>) rule.get("annotations")).forEach((key, template) -> rendered.put(key, template
                .replace("{{ $labels.job }}", "svc")
                .replace("{{ $value | printf \"%.1f\" }}", String.format(Locale.ROOT, "%.1f", burn))));
        return rendered;
    }
}
