package dev.tta.workflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two halves together: the annotation processor compiles code of every shape that yields a descriptor entry
 * (steps, nested steps, observed methods with objectives on the type and on the method, overloads and distinct
 * methods sharing one name, interfaces, workflows with characters that need escaping), and the generator reads that
 * real descriptor and writes rules that {@code promtool check rules} accepts and dashboards whose every query parses.
 */
class ProcessorDescriptorToArtifactsTest {

    private static final Map<String, String> SOURCES = new LinkedHashMap<>();

    static {
        SOURCES.put("Checkout", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.AvailabilitySlo;
                import dev.tta.workflow.annotations.LatencySlo;
                import dev.tta.workflow.annotations.Observed;

                @Observed(workflow = "checkout")
                @AvailabilitySlo(target = 0.999)
                @LatencySlo(target = 0.99, thresholdMillis = 800)
                @LatencySlo(name = "fast", target = 0.9, thresholdMillis = 120, periodDays = 7)
                public class Checkout extends WorkflowPrimitive<String, String> {
                    @Override
                    public String execute(String order, WorkflowContext context) {
                        return order;
                    }
                }
                """);
        SOURCES.put("Outer", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.Observed;

                public class Outer {
                    @Observed(workflow = "checkout")
                    public static class Notify extends WorkflowPrimitive<String, String> {
                        @Override
                        public String execute(String order, WorkflowContext context) {
                            return order;
                        }
                    }
                }
                """);
        SOURCES.put("Payments", """
                package com.acme;

                import dev.tta.workflow.annotations.AvailabilitySlo;
                import dev.tta.workflow.annotations.LatencySlo;
                import dev.tta.workflow.annotations.Observed;

                @Observed(workflow = "checkout")
                @LatencySlo(target = 0.95, thresholdMillis = 1500, periodDays = 7)
                public class Payments {
                    public String charge(String order) {
                        return order;
                    }

                    @AvailabilitySlo(target = 0.99)
                    public String refund(String order) {
                        return order;
                    }
                }
                """);
        SOURCES.put("Ledger", """
                package com.acme;

                import dev.tta.workflow.annotations.AvailabilitySlo;
                import dev.tta.workflow.annotations.Observed;

                public class Ledger {
                    @Observed(name = "ledger.write")
                    @AvailabilitySlo(target = 0.995, periodDays = 3)
                    public void write(String entry) {
                    }

                    @Observed(name = "ledger.write")
                    @AvailabilitySlo(target = 0.995, periodDays = 3)
                    public void write(String entry, int copies) {
                    }

                    @Observed(name = "ledger.write")
                    @AvailabilitySlo(target = 0.995, periodDays = 3)
                    public void append(String entry) {
                    }
                }
                """);
        SOURCES.put("Directory", """
                package com.acme;

                import dev.tta.workflow.annotations.Observed;

                @Observed
                public interface Directory {
                    String lookup(String name);
                }
                """);
        SOURCES.put("Reconcile", """
                package com.acme;

                import dev.tta.workflow.context.WorkflowContext;
                import dev.tta.workflow.WorkflowPrimitive;
                import dev.tta.workflow.annotations.AvailabilitySlo;
                import dev.tta.workflow.annotations.Observed;

                @Observed(workflow = "back \\"office\\" \\\\ nightly")
                @AvailabilitySlo(name = "runs \\"ok\\"", target = 0.9)
                public class Reconcile extends WorkflowPrimitive<String, String> {
                    @Override
                    public String execute(String day, WorkflowContext context) {
                        return day;
                    }
                }
                """);
    }

    @TempDir
    Path root;

    @Test
    void theProcessorsDescriptorOfEveryShapeBecomesRulesPromtoolAcceptsAndDashboardsThatParse() throws Exception {
        Path classes = compile();
        assertTrue(Files.isRegularFile(classes.resolve(DescriptorReader.RESOURCE)), "the processor wrote "
                + DescriptorReader.RESOURCE);

        List<PrimitiveDescriptor> primitives = new DescriptorReader().addPath(classes).primitives();
        assertEquals(List.of(
                "Checkout | checkout | com.acme.Checkout | availability, latency-800ms, fast",
                "Directory.lookup |  | com.acme.Directory#lookup | ",
                "Notify | checkout | com.acme.Outer.Notify | ",
                "Payments.charge | checkout | com.acme.Payments#charge | latency-1500ms",
                "Payments.refund | checkout | com.acme.Payments#refund | latency-1500ms, availability",
                "Reconcile | back \"office\" \\ nightly | com.acme.Reconcile | runs \"ok\"",
                // Two methods and an overload traced under one name: one primitive listing both methods.
                "ledger.write |  | com.acme.Ledger#append, com.acme.Ledger#write | availability"),
                primitives.stream().map(p -> p.name() + " | " + p.workflow() + " | " + p.source() + " | "
                        + p.slos().stream().map(SloDescriptor::name).collect(Collectors.joining(", "))).toList());
        SloDescriptor fast = primitives.get(0).slos().get(2);
        assertEquals(SloKind.LATENCY, fast.kind());
        assertEquals(0.12, fast.thresholdSeconds().getAsDouble(), 1e-12);
        assertEquals(7, fast.periodDays());
        assertEquals("0.1", fast.errorBudget().toPlainString());

        Path out = root.resolve("ops");
        List<Path> written = new OpsGenerator("job").generate(primitives, out);
        List<String> names = written.stream().map(file -> out.relativize(file).toString()
                .replace(File.separatorChar, '/')).toList();
        assertEquals(List.of("prometheus/workflows-rules.yml", "prometheus/back-office-nightly-rules.yml",
                "prometheus/checkout-rules.yml", "prometheus/workflows-anomaly-rules.yml",
                "prometheus/back-office-nightly-anomaly-rules.yml", "prometheus/checkout-anomaly-rules.yml",
                "grafana/workflows-dashboard.json",
                "grafana/back-office-nightly-dashboard.json", "grafana/checkout-dashboard.json"), names);

        Promtool promtool = new Promtool();
        Path[] ruleFiles = written.stream().filter(file -> file.toString().endsWith(".yml")).toArray(Path[]::new);
        String output = promtool.assertRulesValid(ruleFiles);
        // workflows: ledger.write's 3-day period is a window: 5 ratios + 5 burn rates + objective + budget + 3 alerts.
        // back office: 5 ratios + one 30-day SLO (5 burn rates, objective, period ratio, budget, 3 alerts).
        // checkout: 5 ratios + 6 SLOs x (5 burn rates, objective, budget, 3 alerts) + a ratio over each SLO's period.
        assertTrue(output.contains("SUCCESS: 15 rules found"), output);
        assertTrue(output.contains("SUCCESS: 16 rules found"), output);
        assertTrue(output.contains("SUCCESS: " + (5 + 6 * 10 + 6) + " rules found"), output);
        // Every workflow's anomaly rules: 3 level, 5 baseline and band, 2 alerts.
        assertEquals(3, output.split("SUCCESS: 10 rules found", -1).length - 1, output);

        List<String> expressions = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        Map<String, String> variables = Map.of("service", ".*", "workflow", ".*", "root", "Checkout",
                "__rate_interval", "1m");
        for (Path file : written) {
            if (file.toString().endsWith(".json")) {
                JsonNode dashboard = json.readTree(file.toFile());
                DashboardQueries.targets(dashboard, variables).forEach(query -> expressions.add(query.expr()));
                expressions.addAll(DashboardQueries.variableSelectors(dashboard, variables));
            }
        }
        String queries = promtool.assertRulesValid(expressionsAsRules(expressions));
        assertTrue(queries.contains("SUCCESS: " + expressions.size() + " rules found"), queries);
    }

    /** javac with the processor, as a build runs it, on the sources above. */
    private Path compile() throws Exception {
        Path sources = Files.createDirectories(root.resolve("src/com/acme"));
        List<File> files = new ArrayList<>();
        for (Map.Entry<String, String> source : SOURCES.entrySet()) {
            files.add(Files.writeString(sources.resolve(source.getKey() + ".java"), source.getValue()).toFile());
        }
        Path classes = Files.createDirectories(root.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, Locale.ROOT, null)) {
            // An explicit processor path: from JDK 23 on, javac runs no processor found on the class path by itself.
            List<String> options = List.of("-d", classes.toString(),
                    "-processorpath", path(entry("workflow-processor"), entry("workflow-annotations"),
                            entry("javapoet")),
                    "-classpath", path(entry("workflow-annotations"), entry("workflow-runtime"),
                            entry("opentelemetry-api"), entry("opentelemetry-context")),
                    "-Xlint:all", "-Werror");
            boolean compiled = javac.getTask(diagnostics, fileManager, null, options, null,
                    fileManager.getJavaFileObjectsFromFiles(files)).call();
            assertTrue(compiled, () -> "javac failed:\n" + diagnostics);
        }
        return classes;
    }

    /** promtool parses expressions in rule files: each one becomes a recording rule. */
    private Path expressionsAsRules(List<String> expressions) throws Exception {
        List<Object> rules = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            rules.add(Map.of("record", "tta_dashboard_check:query_" + i, "expr", expressions.get(i)));
        }
        Path file = root.resolve("dashboard-queries.yml");
        new ObjectMapper(new YAMLFactory()).writeValue(file.toFile(),
                Map.of("groups", List.of(Map.of("name", "dashboard-queries", "rules", rules))));
        return file;
    }

    /** A class-path entry of the test: the artifact's jar, or its target/classes in a reactor build. */
    private static String entry(String artifact) {
        Pattern jar = Pattern.compile(Pattern.quote(artifact) + "-\\d[^" + Pattern.quote(File.separator) + "]*\\.jar");
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> jar.matcher(Path.of(entry).getFileName().toString()).matches()
                        || entry.endsWith(artifact + File.separator + "target" + File.separator + "classes"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(artifact + " is not on the test class path"));
    }

    private static String path(String... entries) {
        return String.join(File.pathSeparator, entries);
    }
}
