package dev.tta.workflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated dashboards: their content, their validity against Grafana's published dashboard model (the
 * {@code @grafana/schema} package's TypeScript types, checked by the TypeScript compiler), and PromQL that parses.
 */
class GrafanaDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> VARIABLES = Map.of("service", ".*", "workflow", "support-agent",
            "root", "support-agent", "__rate_interval", "5m");

    @TempDir
    Path directory;

    private final GrafanaDashboardGenerator generator = new GrafanaDashboardGenerator("job");

    private ObjectNode supportAgent() {
        return generator.dashboard(Fixtures.groups().stream().filter(g -> g.workflow().equals("support-agent"))
                .findFirst().orElseThrow());
    }

    @Test
    void dashboardHasEveryPanelTheWorkflowNeeds() {
        ObjectNode dashboard = supportAgent();
        List<String> titles = new ArrayList<>();
        dashboard.path("panels").forEach(p -> titles.add(p.path("title").asText()));
        for (String title : List.of("Runs per second", "Failed runs", "Cost per run", "Runs in flight",
                "CallModel latency", "LookupCustomer latency", "QueueReply latency", "SendReply latency",
                "p99 by primitive", "Throughput", "Error rate", "In flight", "Retry attempts", "Fallbacks",
                "Cache hit ratio", "Cost per second by primitive", "Error budget left: CallModel / availability",
                "Burn rate: CallModel / latency-250ms", "Error budget left: SendReply / availability")) {
            assertTrue(titles.contains(title), "missing panel " + title + " in " + titles);
        }
        assertEquals("tta-wf-support-agent", dashboard.path("uid").asText());
        JsonNode variables = dashboard.path("templating").path("list");
        assertEquals(List.of("datasource", "service", "workflow", "root"),
                List.of(variables.get(0).path("name").asText(), variables.get(1).path("name").asText(),
                        variables.get(2).path("name").asText(), variables.get(3).path("name").asText()));
        assertEquals("label_values(workflow_primitive_duration_seconds_count, job)",
                variables.get(1).path("query").asText());
        assertEquals("support-agent", variables.get(2).path("current").path("value").asText());
        // The latency SLO's threshold is drawn on the step's latency panel.
        JsonNode callModel = panel(dashboard, "CallModel latency");
        assertEquals(0.25, callModel.path("fieldConfig").path("defaults").path("thresholds").path("steps").get(1)
                .path("value").asDouble());
        assertTrue(callModel.path("targets").get(2).path("expr").asText().startsWith("histogram_quantile(0.99, sum"
                + " by (le) (rate(workflow_primitive_duration_seconds_bucket{job=~\"$service\",workflow_name=~"
                + "\"$workflow\",workflow_primitive_name=\"CallModel\"}[$__rate_interval])))"));
        assertTrue(panel(dashboard, "Cost per run").path("targets").get(0).path("expr").asText().contains(
                "/ on() group_left() sum(rate(workflow_primitive_duration_seconds_count{job=~\"$service\","
                        + "workflow_name=~\"$workflow\",workflow_primitive_name=~\"$root\"}"));
    }

    @Test
    void panelsHaveUniqueIdsAndFitTheGrid() {
        for (WorkflowGroup group : Fixtures.groups()) {
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : generator.dashboard(group).path("panels")) {
                assertTrue(ids.add(panel.path("id").asInt()), "duplicate id in " + group.workflow());
                JsonNode pos = panel.path("gridPos");
                assertTrue(pos.path("x").asInt() + pos.path("w").asInt() <= 24, panel.toString());
            }
        }
    }

    @Test
    void serviceLabelIsConfigurable() {
        ObjectNode dashboard = new GrafanaDashboardGenerator("service").dashboard(Fixtures.groups().get(1));
        String json = dashboard.toString();
        assertTrue(json.contains("label_values(workflow_primitive_duration_seconds_count, service)"));
        assertTrue(json.contains("service=~\\\"$service\\\""));
        assertTrue(!json.contains("job=~"), "no job matcher left");
    }

    @Test
    void primitivesWithoutAWorkflowGetADashboardSelectingThemByName() {
        WorkflowGroup undeclared = Fixtures.groups().get(0);
        assertEquals("", undeclared.workflow());
        ObjectNode dashboard = generator.dashboard(undeclared);
        assertEquals("tta-wf-workflows", dashboard.path("uid").asText());
        assertTrue(panel(dashboard, "Throughput").path("targets").get(0).path("expr").asText()
                .contains("workflow_primitive_name=~\"audit\\\\.record\""));
        assertEquals("$__all", dashboard.path("templating").path("list").get(2).path("current").path("value").get(0)
                .asText());
        // Retries, fallbacks and caches are built-in primitives, which no descriptor names: no panel could select
        // them by name.
        List<String> titles = new ArrayList<>();
        dashboard.path("panels").forEach(p -> titles.add(p.path("title").asText()));
        assertTrue(titles.contains("audit.record latency") && titles.contains("Cost per second by primitive"),
                titles.toString());
        for (String absent : List.of("Retry attempts", "Fallbacks", "Cache hit ratio", "Runs per second")) {
            assertFalse(titles.contains(absent), absent + " in " + titles);
        }
    }

    @Test
    void longWorkflowNamesGetAUidWithinGrafanasLimit() {
        WorkflowGroup group = new WorkflowGroup("a-very-long-workflow-name-that-goes-on-and-on-and-on", List.of());
        String uid = GrafanaDashboardGenerator.uid(group);
        assertTrue(uid.length() <= 40, uid);
        assertNotEquals(uid, GrafanaDashboardGenerator.uid(new WorkflowGroup(
                "a-very-long-workflow-name-that-goes-on-and-on-and-off", List.of())));
    }

    @Test
    void everyDashboardExpressionParsesInPromtool() throws Exception {
        Promtool promtool = new Promtool();
        List<String> expressions = new ArrayList<>();
        for (WorkflowGroup group : Fixtures.groups()) {
            ObjectNode dashboard = generator.dashboard(group);
            DashboardQueries.targets(dashboard, VARIABLES).forEach(q -> expressions.add(q.expr()));
            expressions.addAll(DashboardQueries.variableSelectors(dashboard, VARIABLES));
        }
        assertTrue(expressions.size() > 40, "expressions: " + expressions.size());
        String output = promtool.assertRulesValid(expressionsAsRules(expressions, "dashboard-queries.yml"));
        assertTrue(output.contains("SUCCESS: " + expressions.size() + " rules found"), output);

        // The same check rejects an expression that does not parse.
        Processes.Result broken = promtool.checkRules(expressionsAsRules(List.of("sum(rate(x[5m])"),
                "broken.yml"));
        assertNotEquals(0, broken.exitCode(), broken.output());
    }

    /** promtool parses expressions in rule files: each one becomes a recording rule. */
    private Path expressionsAsRules(List<String> expressions, String fileName) throws Exception {
        List<Object> rules = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("record", "tta_dashboard_check:query_" + i);
            rule.put("expr", expressions.get(i));
            rules.add(rule);
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", "dashboard-queries");
        group.put("rules", rules);
        Path file = directory.resolve(fileName);
        new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .writeValue(file.toFile(), Map.of("groups", List.of(group)));
        return file;
    }

    @Test
    void everyGeneratedDashboardConformsToGrafanasPublishedDashboardModel() throws Exception {
        GrafanaModelCheck check = GrafanaModelCheck.require();
        for (WorkflowGroup group : Fixtures.groups()) {
            GrafanaModelCheck.Result result = check.check(directory, group.slug(), generator.dashboard(group));
            assertEquals(0, result.exitCode(), () -> group.slug() + " does not conform:\n" + result.output());
        }
    }

    @Test
    void theModelCheckRejectsAnUnknownFieldAndAWrongEnumValue() throws Exception {
        GrafanaModelCheck check = GrafanaModelCheck.require();
        ObjectNode unknownField = supportAgent();
        ((ObjectNode) unknownField.path("panels").get(1)).set("gridpos", JSON.createObjectNode());
        GrafanaModelCheck.Result first = check.check(directory, "unknown-field", unknownField);
        assertNotEquals(0, first.exitCode());
        assertTrue(first.output().contains("gridpos"), first.output());

        ObjectNode wrongEnum = supportAgent();
        ObjectNode timeseries = (ObjectNode) panel(wrongEnum, "Throughput");
        ((ObjectNode) timeseries.path("options").path("tooltip")).put("mode", "many");
        GrafanaModelCheck.Result second = check.check(directory, "wrong-enum", wrongEnum);
        assertNotEquals(0, second.exitCode());
        assertTrue(second.output().contains("many"), second.output());

        ObjectNode missingRequired = supportAgent();
        missingRequired.remove("schemaVersion");
        GrafanaModelCheck.Result third = check.check(directory, "missing-required", missingRequired);
        assertNotEquals(0, third.exitCode());
        assertTrue(third.output().contains("schemaVersion"), third.output());
    }

    @Test
    void writtenJsonIsTheDashboardTree() throws Exception {
        WorkflowGroup group = Fixtures.groups().get(1);
        Path file = Files.writeString(directory.resolve("d.json"), generator.json(group));
        assertEquals(generator.dashboard(group), JSON.readTree(file.toFile()));
    }

    private static JsonNode panel(JsonNode dashboard, String title) {
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("title").asText().equals(title)) {
                return panel;
            }
        }
        throw new AssertionError("no panel " + title);
    }
}
