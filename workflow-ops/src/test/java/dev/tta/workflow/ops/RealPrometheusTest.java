package dev.tta.workflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tta.workflow.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.ops.sample.InstrumentedCallModel;
import dev.tta.workflow.ops.sample.InstrumentedLookupCustomer;
import dev.tta.workflow.ops.sample.InstrumentedQueueReply;
import dev.tta.workflow.ops.sample.InstrumentedSendReply;
import dev.tta.workflow.ops.sample.SloEventsStandIn;
import dev.tta.workflow.ops.sample.SupportRequest;
import dev.tta.workflow.primitives.Backoff;
import dev.tta.workflow.telemetry.WorkflowTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end against real components: a sample service whose steps are compiled by the processor and run by the
 * runtime exposes its metrics through the OpenTelemetry Prometheus exporter; a real Prometheus scrapes it every
 * second and evaluates the generated rule file; load with injected latency and failures runs through it; the
 * Prometheus HTTP API then has to agree with what happened in process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealPrometheusTest {

    private static final String JOB = "support-service";
    private static final String WORKFLOW = "support-agent";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    private Path directory;

    private SdkMeterProvider meterProvider;
    private PrometheusServer prometheus;
    private int exporterPort;
    private List<PrimitiveDescriptor> primitives;
    private Path rulesFile;
    private JsonNode dashboard;
    private SloEventsStandIn callModelSlos;
    private SloEventsStandIn sendReplySlos;
    private final AtomicLong failedRuns = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();

    @BeforeAll
    void startServiceAndPrometheusAndDriveLoad(@TempDir Path temporary) throws Exception {
        ExternalTools.prometheus();
        directory = temporary;
        primitives = new DescriptorReader().addPath(Path.of("src/test/resources/fixtures/support-agent-primitives.json"))
                .primitives();
        new OpsGenerator("job").generate(primitives, directory.resolve("ops"));
        rulesFile = directory.resolve("ops/prometheus/support-agent-rules.yml");
        dashboard = new ObjectMapper().readTree(directory.resolve("ops/grafana/support-agent-dashboard.json")
                .toFile());

        exporterPort = PrometheusServer.freePort();
        meterProvider = SdkMeterProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("service.name"), JOB))))
                .registerMetricReader(PrometheusHttpServer.builder().setHost("127.0.0.1").setPort(exporterPort)
                        .build())
                .build();
        WorkflowTelemetry.install(OpenTelemetrySdk.builder().setMeterProvider(meterProvider).build());

        var meter = meterProvider.get("dev.tta.workflow.ops.test");
        callModelSlos = new SloEventsStandIn(new InstrumentedCallModel(), descriptor("CallModel"), WORKFLOW, meter);
        sendReplySlos = new SloEventsStandIn(new InstrumentedSendReply(), descriptor("SendReply"), WORKFLOW, meter);
        WorkflowPrimitive<SupportRequest, SupportRequest> workflow =
                Workflows.cache(new InstrumentedLookupCustomer(), SupportRequest::customer).maximumSize(100).named("customer-cache")
                        .build()
                .then(callModelSlos)
                .then(Workflows.fallback(
                        Workflows.retry(sendReplySlos).maxAttempts(3).backoff(Backoff.none()).named("reply-retry")
                                .build(),
                        new InstrumentedQueueReply()).named("reply-fallback"))
                .named(WORKFLOW);

        Files.createDirectories(directory.resolve("prometheus"));
        prometheus = PrometheusServer.start(directory.resolve("prometheus"), JOB, exporterPort, List.of(rulesFile));

        // The SLO event series exist at zero before any event, so rate() counts every event that follows.
        JsonNode zeros = prometheus.await("workflow_slo_events_total", r -> r.size() == 6, Duration.ofSeconds(30));
        assertEquals(6, zeros.size(), "SLO event series at zero before the load: " + zeros);

        // Warm-up, so the histogram series exist (at their first values) before the measured load.
        drive(workflow, 60, new Random(7));
        prometheus.await("workflow_primitive_duration_seconds_count{workflow_primitive_name=\"CallModel\"}",
                r -> !r.isEmpty(), Duration.ofSeconds(30));
        drive(workflow, 900, new Random(42));

        // Until Prometheus has scraped the last event and evaluated the rules on it.
        long total = totalEvents();
        JsonNode scraped = prometheus.await("sum(workflow_slo_events_total)",
                r -> !r.isEmpty() && Double.parseDouble(r.get(0).path("value").get(1).asText()) == total,
                Duration.ofSeconds(30));
        assertEquals(total, Double.parseDouble(scraped.get(0).path("value").get(1).asText()),
                "events scraped by Prometheus");
        Thread.sleep(3_000);
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
                        runs.incrementAndGet();
                        try {
                            workflow.execute(requests.get(i), WorkflowContext.start(WORKFLOW));
                        } catch (Exception expected) {
                            failedRuns.incrementAndGet();
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

    private long totalEvents() {
        long total = 0;
        for (String slo : List.of("availability", "latency-250ms")) {
            long[] counts = callModelSlos.counts(slo);
            total += counts[0] + counts[1];
        }
        long[] reply = sendReplySlos.counts("availability");
        return total + reply[0] + reply[1];
    }

    private PrimitiveDescriptor descriptor(String name) {
        return primitives.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
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
        for (JsonNode group : new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(rulesFile.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.add(rule.path("expr").asText());
                if (rule.has("record")) {
                    recorded.add(rule.path("record").asText());
                }
            }
        }
        Map<String, String> variables = Map.of("service", ".*", "workflow", WORKFLOW, "root", WORKFLOW,
                "__rate_interval", "10m");
        DashboardQueries.targets(dashboard, variables).forEach(q -> expressions.add(q.expr()));
        expressions.addAll(DashboardQueries.variableSelectors(dashboard, variables));
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
        assertTrue(used.metrics.containsAll(List.of(PrometheusNames.DURATION_BUCKET, PrometheusNames.DURATION_COUNT,
                PrometheusNames.ACTIVE, PrometheusNames.RETRY_ATTEMPTS, PrometheusNames.FALLBACK_ACTIVATIONS,
                PrometheusNames.CACHE_REQUESTS, PrometheusNames.COST, PrometheusNames.SLO_EVENTS)),
                "the generated artifacts use every family: " + used.metrics);
        assertEquals(List.of(), missing, "names used by the generated rules and dashboards but absent from the real"
                + " scrape; metrics scraped: " + scraped.keySet());
        assertTrue(scraped.get(PrometheusNames.DURATION_BUCKET).containsAll(Set.of(PrometheusNames.PRIMITIVE_LABEL,
                PrometheusNames.OUTCOME_LABEL, PrometheusNames.LE_LABEL)));
        assertTrue(scraped.get(PrometheusNames.CACHE_REQUESTS).contains(PrometheusNames.CACHE_RESULT_LABEL));
        assertTrue(scraped.get(PrometheusNames.COST).contains(PrometheusNames.CURRENCY_LABEL));
        assertTrue(scraped.get(PrometheusNames.SLO_EVENTS).containsAll(Set.of(PrometheusNames.WORKFLOW_LABEL,
                PrometheusNames.PRIMITIVE_LABEL, PrometheusNames.SLO_NAME_LABEL, PrometheusNames.SLO_KIND_LABEL,
                PrometheusNames.SLO_RESULT_LABEL)));
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
    void errorRatioAndBurnRateRulesGiveTheRatiosCountedInProcess() throws Exception {
        assertSlo("CallModel", "availability", callModelSlos.counts("availability"), 0.001);
        assertSlo("CallModel", "latency-250ms", callModelSlos.counts("latency-250ms"), 0.01);
        assertSlo("SendReply", "availability", sendReplySlos.counts("availability"), 0.01);
    }

    private void assertSlo(String primitive, String slo, long[] counts, double budget) throws Exception {
        double expected = counts[1] / (double) (counts[0] + counts[1]);
        assertTrue(counts[1] > 0 && counts[0] > 0, "the load produced good and bad events for " + slo);
        String selector = "{job=\"" + JOB + "\",workflow_name=\"" + WORKFLOW + "\",workflow_primitive_name=\""
                + primitive + "\",workflow_slo_name=\"" + slo + "\"}";
        for (String window : BurnRateAlert.WINDOWS) {
            double ratio = prometheus.value(PrometheusRuleGenerator.ERROR_RATIO + window + selector);
            assertEquals(expected, ratio, 1e-9, primitive + "/" + slo + " error ratio over " + window);
            double burn = prometheus.value(PrometheusRuleGenerator.BURN_RATE + window + selector);
            assertEquals(expected / budget, burn, 1e-6, primitive + "/" + slo + " burn rate over " + window);
        }
        double remaining = prometheus.value(PrometheusRuleGenerator.BUDGET_REMAINING + selector);
        assertEquals(1 - expected / budget, remaining, 1e-6, primitive + "/" + slo + " error budget left");
        double objective = prometheus.value(PrometheusRuleGenerator.OBJECTIVE + selector.replace("job=\"" + JOB
                + "\",", ""));
        assertEquals(1 - budget, objective, 1e-12);
    }

    @Test
    void eachBurnRateAlertFiresExactlyWhenItsThresholdIsExceeded() throws Exception {
        // About 30x for the model's availability (3% failures, 0.1% budget), about 4x for its latency (4% slow, 1%
        // budget) and about 20x for the reply's availability (a fifth of attempts fail, 1% budget).
        assertAlerts("CallModel", "availability", callModelSlos.counts("availability"), 0.001);
        assertAlerts("CallModel", "latency-250ms", callModelSlos.counts("latency-250ms"), 0.01);
        assertAlerts("SendReply", "availability", sendReplySlos.counts("availability"), 0.01);
    }

    private void assertAlerts(String step, String slo, long[] counts, double budget) throws Exception {
        double burn = counts[1] / (double) (counts[0] + counts[1]) / budget;
        Set<String> expected = new TreeSet<>();
        for (BurnRateAlert condition : BurnRateAlert.ALL) {
            assertTrue(Math.abs(burn / condition.factor() - 1) > 0.1, "the load should keep " + step + "/" + slo
                    + "'s burn rate " + burn + " clear of the threshold " + condition.factor());
            if (burn > condition.factor()) {
                expected.add(condition.alert() + "/" + condition.severity());
            }
        }
        // Every window holds the whole load, so every window's burn rate is the same.
        JsonNode alerts = prometheus.await("ALERTS{alertstate=\"firing\",step=\"" + step + "\",slo=\"" + slo + "\"}",
                r -> r.size() == expected.size(), Duration.ofSeconds(20));
        Set<String> firing = new TreeSet<>();
        alerts.forEach(a -> firing.add(a.path("metric").path("alertname").asText() + "/"
                + a.path("metric").path("severity").asText()));
        assertEquals(expected, firing, step + "/" + slo + " at a burn rate of " + burn);
    }

    @Test
    void sloAndInFlightPanelsReturnData() throws Exception {
        List<String> empty = emptyPanelQueries(q -> q.expr().contains("workflow_slo:")
                || q.expr().contains(PrometheusNames.ACTIVE + "{"));
        assertEquals(List.of(), empty);
    }

    @Test
    void workflowScopedPanelsReturnData() throws Exception {
        Assumptions.assumeFalse(prometheus.query("workflow_primitive_duration_seconds_count{workflow_name!=\"\"}")
                .isEmpty(), "the runtime does not put workflow.name on its duration histogram and family counters"
                + " yet (the SLO runtime adds it); the workflow-scoped panels are checked once it does");
        assertEquals(List.of(), emptyPanelQueries(q -> true));
    }

    private List<String> emptyPanelQueries(java.util.function.Predicate<DashboardQueries.Query> which)
            throws Exception {
        Map<String, String> variables = Map.of("service", ".*", "workflow", WORKFLOW, "root", WORKFLOW,
                "__rate_interval", "10m");
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
