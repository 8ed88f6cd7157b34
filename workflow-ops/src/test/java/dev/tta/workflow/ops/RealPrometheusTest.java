package dev.tta.workflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.ops.sample.InstrumentedAudit;
import dev.tta.workflow.ops.sample.InstrumentedCallModel;
import dev.tta.workflow.ops.sample.InstrumentedLookupCustomer;
import dev.tta.workflow.ops.sample.InstrumentedQueueReply;
import dev.tta.workflow.ops.sample.InstrumentedSendReply;
import dev.tta.workflow.ops.sample.SupportRequest;
import dev.tta.workflow.ops.sample.WithCustomer;
import dev.tta.workflow.Backoff;
import dev.tta.workflow.slo.SloStatus;
import dev.tta.workflow.WorkflowTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end against real components: the sample service's steps are compiled by the processor (which writes the
 * descriptor the rules and dashboards are generated from) and run by the runtime, whose metrics the OpenTelemetry
 * Prometheus exporter exposes; a real Prometheus scrapes it every second and evaluates the generated rule files; load
 * with injected latency and failures runs through it; Prometheus then has to agree with what the runtime counted in
 * process ({@link WorkflowTelemetry#sloStatuses()}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealPrometheusTest {

    private static final String JOB = "support-service";
    private static final String WORKFLOW = "support-agent";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
    /** Every objective the sample's annotations declare: primitive and SLO name. */
    private static final List<List<String>> SLOS = List.of(List.of("CallModel", "availability"),
            List.of("CallModel", "latency-250ms"), List.of("SendReply", "availability"),
            List.of("audit.record", "availability"));
    /**
     * How far a recording rule may be from the in-process value, relatively: Prometheus counts each series from its
     * first scrape (the warm-up's event is its baseline) and extrapolates rate() and increase() to the window's edges.
     */
    private static final double RULE_TOLERANCE = 0.03;

    private Path directory;

    private SdkMeterProvider meterProvider;
    private PrometheusServer prometheus;
    private int exporterPort;
    private List<PrimitiveDescriptor> primitives;
    private List<Path> ruleFiles;
    private JsonNode supportAgentDashboard;
    private JsonNode workflowsDashboard;
    private long firstEventNanos;

    @BeforeAll
    void startServiceAndPrometheusAndDriveLoad(@TempDir Path temporary) throws Exception {
        ExternalTools.prometheus();
        directory = temporary;
        // The processor ran on this module's test sources: their descriptor is the one on the test class path.
        DescriptorReader reader = new DescriptorReader().addClasspath(RealPrometheusTest.class.getClassLoader());
        assertEquals(1, reader.sources().size(), "descriptors on the class path: " + reader.sources());
        primitives = reader.primitives();
        ruleFiles = new OpsGenerator("job").generate(primitives, directory.resolve("ops")).stream()
                .filter(file -> file.toString().endsWith(".yml")).toList();
        assertEquals(Set.of("support-agent-rules.yml", "workflows-rules.yml", "support-agent-anomaly-rules.yml",
                "workflows-anomaly-rules.yml"), ruleFiles.stream()
                .map(file -> file.getFileName().toString()).collect(Collectors.toSet()));
        ObjectMapper json = new ObjectMapper();
        supportAgentDashboard = json.readTree(directory.resolve("ops/grafana/support-agent-dashboard.json").toFile());
        workflowsDashboard = json.readTree(directory.resolve("ops/grafana/workflows-dashboard.json").toFile());

        exporterPort = PrometheusServer.freePort();
        meterProvider = SdkMeterProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("service.name"), JOB))))
                .registerMetricReader(PrometheusHttpServer.builder().setHost("127.0.0.1").setPort(exporterPort)
                        .build())
                .build();
        WorkflowTelemetry.install(OpenTelemetrySdk.builder().setMeterProvider(meterProvider).build());

        WorkflowPrimitive<SupportRequest, SupportRequest> workflow =
                new WithCustomer(Workflows.cache(new InstrumentedLookupCustomer(), (String customer) -> customer)
                        .maximumSize(100).named("customer-cache").build())
                .then(new InstrumentedCallModel())
                .then(Workflows.fallback(
                        Workflows.retry(new InstrumentedSendReply(new InstrumentedAudit())).maxAttempts(3)
                                .backoff(Backoff.none()).named("reply-retry").build(),
                        new InstrumentedQueueReply()).named("reply-fallback"))
                .named(WORKFLOW);

        Files.createDirectories(directory.resolve("prometheus"));
        prometheus = PrometheusServer.start(directory.resolve("prometheus"), JOB, exporterPort, ruleFiles);

        // One good run first. The runtime creates an objective's good and bad series with the workflow's first
        // event; once Prometheus has scraped them, rate() counts every later event (a series' first sample is only
        // its baseline), bad events included.
        firstEventNanos = System.nanoTime();
        workflow.execute(SupportRequest.of("customer-0", 5, false, 0), WorkflowContext.start(WORKFLOW));
        JsonNode created = prometheus.await("workflow_slo_events_total{job=\"" + JOB + "\"}",
                r -> r.size() == 2 * SLOS.size(), Duration.ofSeconds(30));
        assertEquals(2 * SLOS.size(), created.size(), "good and bad series of every objective: " + created);

        drive(workflow, 900, new Random(42));

        // Until Prometheus has scraped the last event, and every rule group has been evaluated after that scrape.
        long total = SLOS.stream().mapToLong(slo -> status(slo).total()).sum();
        JsonNode scraped = prometheus.await("sum(workflow_slo_events_total{job=\"" + JOB + "\"})",
                r -> !r.isEmpty() && Double.parseDouble(r.get(0).path("value").get(1).asText()) == total,
                Duration.ofSeconds(30));
        assertEquals(total, Double.parseDouble(scraped.get(0).path("value").get(1).asText()),
                "events scraped by Prometheus");
        double lastScrape = prometheus.value("max(timestamp(workflow_slo_events_total{job=\"" + JOB + "\"}))");
        // (timestamp() drops the metric name: keep it as a label, or series of different rules would clash.)
        JsonNode evaluated = prometheus.await("min(timestamp(label_replace({__name__=~\"workflow_slo:.+\"}, \"rule\","
                + " \"$1\", \"__name__\", \"(.+)\")))",
                r -> !r.isEmpty() && Double.parseDouble(r.get(0).path("value").get(1).asText()) > lastScrape + 1.5,
                Duration.ofSeconds(30));
        assertFalse(evaluated.isEmpty(), "recording rules evaluated");
    }

    /** Runs the workflow on two threads, with injected latency, model failures and reply failures. */
    private void drive(WorkflowPrimitive<SupportRequest, SupportRequest> workflow, int count, Random random)
            throws Exception {
        List<SupportRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // 4% slow model calls (300-400 ms), the rest 5-15 ms; 3% model failures; replies failing 0, 1 or 3 times.
            long latency = random.nextDouble() < 0.04 ? 300 + random.nextInt(101) : 5 + random.nextInt(11);
            boolean modelFails = random.nextDouble() < 0.03;
            double reply = random.nextDouble();
            int replyFailures = reply < 0.85 ? 0 : reply < 0.95 ? 1 : 3;
            requests.add(SupportRequest.of("customer-" + random.nextInt(20), latency, modelFails, replyFailures));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int offset = t;
                done.add(pool.submit(() -> {
                    for (int i = offset; i < requests.size(); i += 2) {
                        try {
                            workflow.execute(requests.get(i), WorkflowContext.start(WORKFLOW));
                        } catch (Exception expected) {
                            // model failures fail the run: part of the load
                        }
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The in-process state of one objective. */
    private static SloStatus status(List<String> slo) {
        return WorkflowTelemetry.sloStatus(slo.get(0), slo.get(1));
    }

    /** The descriptor's objective of that primitive and name. */
    private SloDescriptor descriptor(List<String> slo) {
        return primitives.stream().filter(p -> p.name().equals(slo.get(0))).findFirst().orElseThrow().slos()
                .stream().filter(s -> s.name().equals(slo.get(1))).findFirst().orElseThrow();
    }

    /** The matchers of one objective's series in Prometheus. */
    private static String selector(List<String> slo) {
        return "{job=\"" + JOB + "\",workflow_primitive_name=\"" + slo.get(0) + "\",workflow_slo_name=\"" + slo.get(1)
                + "\"}";
    }

    @AfterAll
    void stop() throws Exception {
        WorkflowTelemetry.useGlobal();
        if (prometheus != null) {
            prometheus.close();
        }
        if (meterProvider != null) {
            meterProvider.close();
        }
    }

    /** Metric name to the label names seen on it, from the exporter's own /metrics text. */
    private Map<String, Set<String>> scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + exporterPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        Map<String, Set<String>> names = new TreeMap<>();
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find()) {
                continue;
            }
            Set<String> labels = names.computeIfAbsent(sample.group(1), n -> new TreeSet<>());
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        return names;
    }

    /** The PrometheusNames constants: metric names, and label names (fields ending in _LABEL). */
    private static Map<String, String> prometheusNames(boolean labels) throws IllegalAccessException {
        Map<String, String> names = new TreeMap<>();
        for (Field field : PrometheusNames.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && field.getName().endsWith("_LABEL") == labels) {
                names.put(field.getName(), (String) field.get(null));
            }
        }
        return names;
    }

    @Test
    void theScrapeHasEveryMetricAndLabelThatGeneratedRulesAndDashboardsUse() throws Exception {
        Map<String, Set<String>> scraped = scrape();
        System.out.println("Metric families and labels scraped from the OpenTelemetry Prometheus exporter:");
        scraped.forEach((name, labels) -> {
            if (name.startsWith("workflow_") || name.startsWith("target_info") || name.startsWith("otel_")) {
                System.out.println("  " + name + " " + labels);
            }
        });

        List<String> expressions = new ArrayList<>();
        Set<String> recorded = new TreeSet<>();
        ObjectMapper yaml = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        for (Path rules : ruleFiles) {
            for (JsonNode group : yaml.readTree(rules.toFile()).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    expressions.add(rule.path("expr").asText());
                    if (rule.has("record")) {
                        recorded.add(rule.path("record").asText());
                    }
                }
            }
        }
        for (JsonNode dashboard : List.of(supportAgentDashboard, workflowsDashboard)) {
            Map<String, String> variables = Map.of("service", ".*", "workflow", WORKFLOW, "root", WORKFLOW,
                    "__rate_interval", "10m");
            DashboardQueries.targets(dashboard, variables).forEach(q -> expressions.add(q.expr()));
            expressions.addAll(DashboardQueries.variableSelectors(dashboard, variables));
        }
        PromqlNames used = PromqlNames.of(expressions);

        Set<String> allLabels = new TreeSet<>();
        scraped.values().forEach(allLabels::addAll);
        // Added by Prometheus when it scrapes, not by the exporter.
        allLabels.add("job");
        allLabels.add("instance");
        List<String> missing = new ArrayList<>();
        for (String metric : used.metrics) {
            if (!scraped.containsKey(metric) && !recorded.contains(metric)) {
                missing.add("metric " + metric);
            }
        }
        for (String label : used.labels) {
            if (!allLabels.contains(label)) {
                missing.add("label " + label);
            }
        }
        // Every name the module documents, used by the generated artifacts or not (the runtime's SLO gauges).
        prometheusNames(false).forEach((constant, metric) -> {
            if (!scraped.containsKey(metric)) {
                missing.add("PrometheusNames." + constant + " = " + metric);
            }
        });
        prometheusNames(true).forEach((constant, label) -> {
            if (!allLabels.contains(label)) {
                missing.add("PrometheusNames." + constant + " = " + label);
            }
        });
        assertTrue(used.metrics.containsAll(List.of(PrometheusNames.DURATION_BUCKET, PrometheusNames.DURATION_COUNT,
                PrometheusNames.ACTIVE, PrometheusNames.RETRY_ATTEMPTS, PrometheusNames.FALLBACK_ACTIVATIONS,
                PrometheusNames.CACHE_REQUESTS, PrometheusNames.COST, PrometheusNames.SLO_EVENTS)),
                "the generated artifacts use every family: " + used.metrics);
        assertEquals(List.of(), missing, "names used by the generated rules and dashboards or documented in"
                + " PrometheusNames but absent from the real scrape; metrics scraped: " + scraped.keySet());
        assertTrue(scraped.get(PrometheusNames.DURATION_BUCKET).containsAll(Set.of(PrometheusNames.PRIMITIVE_LABEL,
                PrometheusNames.OUTCOME_LABEL, PrometheusNames.LE_LABEL, PrometheusNames.WORKFLOW_LABEL)));
        assertTrue(scraped.get(PrometheusNames.CACHE_REQUESTS).containsAll(Set.of(PrometheusNames.CACHE_RESULT_LABEL,
                PrometheusNames.WORKFLOW_LABEL)));
        assertTrue(scraped.get(PrometheusNames.COST).containsAll(Set.of(PrometheusNames.CURRENCY_LABEL,
                PrometheusNames.WORKFLOW_LABEL)));
        assertTrue(scraped.get(PrometheusNames.SLO_EVENTS).containsAll(Set.of(PrometheusNames.WORKFLOW_LABEL,
                PrometheusNames.PRIMITIVE_LABEL, PrometheusNames.SLO_NAME_LABEL, PrometheusNames.SLO_KIND_LABEL,
                PrometheusNames.SLO_RESULT_LABEL)));
        Set<String> gaugeLabels = Set.of(PrometheusNames.PRIMITIVE_LABEL, PrometheusNames.SLO_NAME_LABEL,
                PrometheusNames.SLO_KIND_LABEL);
        for (String gauge : List.of(PrometheusNames.SLO_OBJECTIVE, PrometheusNames.SLO_ERROR_BUDGET_REMAINING,
                PrometheusNames.SLO_BURN_RATE)) {
            assertTrue(scraped.get(gauge).containsAll(gaugeLabels), gauge + " " + scraped.get(gauge));
            assertFalse(scraped.get(gauge).contains(PrometheusNames.WORKFLOW_LABEL), "in-process SLO state is kept per"
                    + " primitive, not per workflow: " + gauge);
        }
        assertTrue(scraped.get(PrometheusNames.SLO_BURN_RATE).contains(PrometheusNames.SLO_WINDOW_LABEL));
        // The service is told apart by job: the exporter leaves service.name to target_info only.
        assertFalse(scraped.get(PrometheusNames.DURATION_COUNT).contains("service_name"));
        assertTrue(scraped.get("target_info").contains("service_name"));
        assertEquals(1, prometheus.query("up{job=\"" + JOB + "\"} == 1").size());
    }

    @Test
    void histogramP99AgreesWithTheHdrHistogramWithinOneBucket() throws Exception {
        double hdr = WorkflowTelemetry.latency("CallModel").p99().toNanos() / 1e9;
        double prom = prometheus.value("histogram_quantile(0.99, sum by (le) (rate("
                + "workflow_primitive_duration_seconds_bucket{job=\"" + JOB
                + "\",workflow_primitive_name=\"CallModel\"}[10m])))");
        // The duration histogram's bucket boundaries, from the runtime (Instruments.DURATION_BUCKETS).
        double[] bounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
            120, 300};
        double lower = 0;
        double upper = Double.POSITIVE_INFINITY;
        for (double bound : bounds) {
            if (hdr <= bound) {
                upper = bound;
                break;
            }
            lower = bound;
        }
        System.out.printf("CallModel p99: HdrHistogram %.4f s, Prometheus histogram_quantile %.4f s, bucket"
                + " (%s, %s]%n", hdr, prom, lower, upper);
        assertTrue(prom >= lower && prom <= upper, "Prometheus p99 " + prom + " s is outside the bucket (" + lower
                + ", " + upper + "] holding the HdrHistogram p99 " + hdr + " s");
    }

    @Test
    void sloEventCountersAndGaugesInPrometheusEqualTheInProcessStatus() throws Exception {
        for (List<String> slo : SLOS) {
            SloStatus status = status(slo);
            String selector = selector(slo);
            String name = slo.get(0) + "/" + slo.get(1);
            assertEquals(status.good(), prometheus.value(PrometheusNames.SLO_EVENTS + selector.replace("}",
                    ",workflow_slo_result=\"good\"}")), name + " good events");
            assertEquals(status.bad(), prometheus.value(PrometheusNames.SLO_EVENTS + selector.replace("}",
                    ",workflow_slo_result=\"bad\"}")), name + " bad events");
            // The runtime's own gauges, as scraped: the same status.
            assertEquals(descriptor(slo).target(), prometheus.value(PrometheusNames.SLO_OBJECTIVE + selector), 1e-12,
                    name + " objective");
            assertEquals(status.errorBudgetRemaining(), prometheus.value(PrometheusNames.SLO_ERROR_BUDGET_REMAINING
                    + selector), 1e-9 * Math.max(1, Math.abs(status.errorBudgetRemaining())), name + " budget left");
            for (Duration window : SloStatus.BURN_RATE_WINDOWS) {
                String label = SloStatus.windowLabel(window);
                assertEquals(status.burnRate(window), prometheus.value(PrometheusNames.SLO_BURN_RATE
                        + selector.replace("}", "," + PrometheusNames.SLO_WINDOW_LABEL + "=\"" + label + "\"}")),
                        1e-9 * Math.max(1, status.burnRate(window)), name + " burn rate over " + label);
            }
        }
        // The load produced good and bad events for every objective but the audit log's, which never fails.
        for (List<String> slo : SLOS.subList(0, 3)) {
            assertTrue(status(slo).good() > 0 && status(slo).bad() > 0, "good and bad events for " + slo);
        }
        assertEquals(0, status(SLOS.get(3)).bad());
    }

    @Test
    void recordingRulesComputeTheErrorRatiosBurnRatesAndBudgetsCountedInProcess() throws Exception {
        // Every window holds the whole load as long as it took less than 5 minutes; on a machine so slow that it did
        // not, the 5-minute window holds only part of it (in Prometheus and in process alike, but cut differently).
        double seconds = (System.nanoTime() - firstEventNanos) / 1e9;
        boolean fiveMinutes = seconds < 270;
        if (!fiveMinutes) {
            System.out.printf("The load and checks took %.0f s: the 5-minute window is not compared%n", seconds);
        }
        for (List<String> slo : SLOS) {
            SloStatus status = status(slo);
            SloDescriptor descriptor = descriptor(slo);
            double budget = descriptor.errorBudget().doubleValue();
            String selector = selector(slo);
            String name = slo.get(0) + "/" + slo.get(1);
            for (Duration window : SloStatus.BURN_RATE_WINDOWS) {
                String label = SloStatus.windowLabel(window);
                if (label.equals("5m") && !fiveMinutes) {
                    continue;
                }
                double burn = prometheus.value(PrometheusRuleGenerator.BURN_RATE + label + selector);
                assertClose(status.burnRate(window), burn, name + " burn rate over " + label);
                double ratio = prometheus.value(PrometheusRuleGenerator.ERROR_RATIO + label + selector);
                assertClose(status.burnRate(window) * budget, ratio, name + " error ratio over " + label);
            }
            double remaining = prometheus.value(PrometheusRuleGenerator.BUDGET_REMAINING + selector);
            // Compared as the budget spent, which is what the tolerance is relative to.
            assertClose(1 - status.errorBudgetRemaining(), 1 - remaining, name + " error budget spent");
            assertEquals(descriptor.target(), prometheus.value(PrometheusRuleGenerator.OBJECTIVE + selector
                    .replace("job=\"" + JOB + "\",", "")), 1e-12, name + " objective");
            System.out.printf("%s: burn rate 1h %.3f in process, %.3f in Prometheus; budget left %.3f / %.3f%n", name,
                    status.burnRate(Duration.ofHours(1)), prometheus.value(PrometheusRuleGenerator.BURN_RATE + "1h"
                            + selector), status.errorBudgetRemaining(), remaining);
        }
    }

    /** Within {@link #RULE_TOLERANCE} of the expected value, relatively; exactly 0 when 0 is expected. */
    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(actual - expected) <= RULE_TOLERANCE * Math.abs(expected), what + ": expected "
                + expected + " (in process), Prometheus computed " + actual);
    }

    @Test
    void eachBurnRateAlertFiresExactlyWhenItsThresholdIsExceeded() throws Exception {
        // About 28x for the model's availability (2.8% failures, 0.1% budget), about 3.7x for its latency (3.7% of
        // successful calls slow, 1% budget), about 22x for the reply's availability (22% of attempts fail, 1% budget)
        // and 0 for the audit log.
        for (List<String> slo : SLOS) {
            double burn = status(slo).burnRate(Duration.ofHours(1));
            Set<String> expected = new TreeSet<>();
            for (BurnRateAlert condition : BurnRateAlert.ALL) {
                assertTrue(Math.abs(burn / condition.factor() - 1) > 0.1, "the load should keep " + slo
                        + "'s burn rate " + burn + " clear of the threshold " + condition.factor());
                if (burn > condition.factor()) {
                    expected.add(condition.alert() + "/" + condition.severity());
                }
            }
            // Every window holds the whole load, so every window's burn rate is the same.
            JsonNode alerts = prometheus.await("ALERTS{alertstate=\"firing\",step=\"" + slo.get(0) + "\",slo=\""
                    + slo.get(1) + "\"}", r -> r.size() == expected.size(), Duration.ofSeconds(20));
            Set<String> firing = new TreeSet<>();
            alerts.forEach(a -> firing.add(a.path("metric").path("alertname").asText() + "/"
                    + a.path("metric").path("severity").asText()));
            assertEquals(expected, firing, slo + " at a burn rate of " + burn);
        }
    }

    @Test
    void sloAndInFlightPanelsReturnData() throws Exception {
        List<String> empty = emptyPanelQueries(supportAgentDashboard, q -> q.expr().contains("workflow_slo:")
                || q.expr().contains(PrometheusNames.ACTIVE + "{"));
        assertEquals(List.of(), empty);
    }

    @Test
    void workflowScopedPanelsReturnData() throws Exception {
        // Every panel of the workflow's dashboard: the duration histogram and the family counters carry workflow_name.
        assertEquals(List.of(), emptyPanelQueries(supportAgentDashboard, q -> true));
    }

    @Test
    void panelsOfPrimitivesWithoutAWorkflowReturnData() throws Exception {
        // The audit log records no cost: its cost panel stays empty by the sample's nature.
        assertEquals(List.of(), emptyPanelQueries(workflowsDashboard, q -> !q.expr().contains(PrometheusNames.COST)));
    }

    private List<String> emptyPanelQueries(JsonNode dashboard,
            java.util.function.Predicate<DashboardQueries.Query> which) throws Exception {
        Map<String, String> variables = Map.of("service", ".*", "workflow", dashboard == workflowsDashboard ? ".*"
                : WORKFLOW, "root", WORKFLOW, "__rate_interval", "10m");
        List<String> empty = new ArrayList<>();
        int checked = 0;
        for (DashboardQueries.Query query : DashboardQueries.targets(dashboard, variables)) {
            if (which.test(query)) {
                checked++;
                if (prometheus.query(query.expr()).isEmpty()) {
                    empty.add(query.panel() + ": " + query.expr());
                }
            }
        }
        assertTrue(checked > 0, "no panel query selected");
        return empty;
    }
}
