package dev.tta.workflow.telemetry;

import static dev.tta.workflow.TestSteps.sloStep;
import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.tta.workflow.Backoff;
import dev.tta.workflow.TelemetryFixture;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.slo.SloStatus;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Service level objectives as the telemetry runtime tracks and exports them: the in-process status, the
 * {@code workflow.slo.events} counter and the {@code workflow.slo.*} gauges, and {@code workflow.name} on execution
 * metrics.
 */
class SloTelemetryTest {

    private static final ServiceLevelObjective LATENCY = ServiceLevelObjective.latency(0.9, Duration.ofMillis(500));
    private static final ServiceLevelObjective AVAILABILITY = ServiceLevelObjective.availability(0.99);

    @AfterEach
    void useGlobal() {
        WorkflowTelemetry.useGlobal();
    }

    /** Fast successes, one slow success and failures, as {@code mode} says: fast, slow or fail. */
    private static WorkflowPrimitive<String, String> callModel(String name) {
        return sloStep(name, (String mode, WorkflowContext context) -> {
            if (mode.equals("slow")) {
                Thread.sleep(650);
            } else if (mode.equals("fail")) {
                throw new IllegalStateException("model unavailable");
            }
            return mode;
        }, LATENCY, AVAILABILITY);
    }

    private static void run(WorkflowPrimitive<String, String> step, String workflow, String... modes) {
        for (String mode : modes) {
            try {
                step.execute(mode, WorkflowContext.start(workflow));
            } catch (Exception expected) {
                // failures are part of the scenario
            }
        }
    }

    @Test
    void eachExecutionIsAnEventOfEachObjectiveInProcessAndInTheEventsCounter() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            WorkflowPrimitive<String, String> step = callModel("slo.events");
            run(step, "support", "fast", "fast", "fast", "slow", "fail", "fail");

            // Latency: the four successes, three within 500 ms; failures are no latency events.
            SloStatus latency = WorkflowTelemetry.sloStatus("slo.events", "latency-500ms");
            assertEquals(3, latency.good());
            assertEquals(4, latency.total());
            assertEquals(0.25 / 0.1, latency.burnRate(Duration.ofMinutes(5)), 1e-9);
            // Availability: every execution, two failed.
            SloStatus availability = WorkflowTelemetry.sloStatus("slo.events", "availability");
            assertEquals(4, availability.good());
            assertEquals(6, availability.total());
            assertEquals(1 - (2.0 / 6) / 0.01, availability.errorBudgetRemaining(), 1e-9);

            Map<Attributes, Long> events = points(telemetry, "slo.events");
            assertEquals(Map.of(
                    eventAttributes("slo.events", "support", "latency-500ms", "latency", "good"), 3L,
                    eventAttributes("slo.events", "support", "latency-500ms", "latency", "bad"), 1L,
                    eventAttributes("slo.events", "support", "availability", "availability", "good"), 4L,
                    eventAttributes("slo.events", "support", "availability", "availability", "bad"), 2L), events);
        }
    }

    @Test
    void aWorkflowsFirstEventCreatesItsGoodAndBadSeriesAtZeroSoThatRateCountsTheFirstFailure() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            WorkflowPrimitive<String, String> step = callModel("slo.zero");
            run(step, "support", "fast");
            run(step, "billing", "fail");

            // A bad series born with the first failure would start at 1, and Prometheus' rate() would never count
            // that failure: each workflow's series exist from its first event on, the bad ones at 0.
            Map<Attributes, Long> expected = new HashMap<>();
            expected.put(eventAttributes("slo.zero", "support", "latency-500ms", "latency", "good"), 1L);
            expected.put(eventAttributes("slo.zero", "support", "latency-500ms", "latency", "bad"), 0L);
            expected.put(eventAttributes("slo.zero", "support", "availability", "availability", "good"), 1L);
            expected.put(eventAttributes("slo.zero", "support", "availability", "availability", "bad"), 0L);
            // A failure is no latency event: the billing workflow has availability series only.
            expected.put(eventAttributes("slo.zero", "billing", "availability", "availability", "good"), 0L);
            expected.put(eventAttributes("slo.zero", "billing", "availability", "availability", "bad"), 1L);
            assertEquals(expected, points(telemetry, "slo.zero"));
        }
        // Another OpenTelemetry instance gets the series created again.
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            run(callModel("slo.zero"), "support", "fast");
            assertEquals(Map.of(
                    eventAttributes("slo.zero", "support", "latency-500ms", "latency", "good"), 1L,
                    eventAttributes("slo.zero", "support", "latency-500ms", "latency", "bad"), 0L,
                    eventAttributes("slo.zero", "support", "availability", "availability", "good"), 1L,
                    eventAttributes("slo.zero", "support", "availability", "availability", "bad"), 0L),
                    points(telemetry, "slo.zero"));
        }
    }

    @Test
    void gaugesExportTheTargetTheBudgetLeftAndTheBurnRateOfEveryWindow() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            WorkflowPrimitive<String, String> step = callModel("slo.gauges");
            run(step, "support", "fast", "fast", "fast", "fail");

            Attributes availability = Attributes.of(TelemetryNames.PRIMITIVE_NAME, "slo.gauges",
                    TelemetryNames.SLO_NAME, "availability", TelemetryNames.SLO_KIND, "availability");
            Attributes latency = Attributes.of(TelemetryNames.PRIMITIVE_NAME, "slo.gauges",
                    TelemetryNames.SLO_NAME, "latency-500ms", TelemetryNames.SLO_KIND, "latency");
            Map<String, List<DoublePointData>> gauges = gauges(telemetry, "slo.gauges",
                    TelemetryNames.SLO_OBJECTIVE_METRIC, TelemetryNames.SLO_ERROR_BUDGET_REMAINING_METRIC,
                    TelemetryNames.SLO_BURN_RATE_METRIC);

            assertEquals(0.99, value(gauges.get(TelemetryNames.SLO_OBJECTIVE_METRIC), availability), 1e-12);
            assertEquals(0.9, value(gauges.get(TelemetryNames.SLO_OBJECTIVE_METRIC), latency), 1e-12);
            assertEquals(1 - 0.25 / 0.01, value(gauges.get(TelemetryNames.SLO_ERROR_BUDGET_REMAINING_METRIC),
                    availability), 1e-9);
            assertEquals(1.0, value(gauges.get(TelemetryNames.SLO_ERROR_BUDGET_REMAINING_METRIC), latency), 1e-9);
            List<DoublePointData> burnRates = gauges.get(TelemetryNames.SLO_BURN_RATE_METRIC);
            assertEquals(10, burnRates.size(), "two objectives, five windows each");
            for (String window : SloStatus.BURN_RATE_WINDOW_LABELS) {
                assertEquals(0.25 / 0.01, value(burnRates, availability.toBuilder()
                        .put(TelemetryNames.SLO_WINDOW, window).build()), 1e-9, window);
                assertEquals(0.0, value(burnRates, latency.toBuilder()
                        .put(TelemetryNames.SLO_WINDOW, window).build()), window);
            }
        }
    }

    @Test
    void theDurationHistogramCarriesTheWorkflowNameOfEachExecution() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            WorkflowPrimitive<String, String> step = callModel("slo.histogram");
            run(step, "support", "fast", "fail");
            run(step, "billing", "fast");

            Map<Attributes, Long> counts = telemetry.metric(TelemetryNames.DURATION_METRIC).orElseThrow()
                    .getHistogramData().getPoints().stream()
                    .filter(point -> "slo.histogram".equals(point.getAttributes().get(TelemetryNames.PRIMITIVE_NAME)))
                    .collect(Collectors.toMap(HistogramPointData::getAttributes, HistogramPointData::getCount));
            Attributes base = Attributes.of(TelemetryNames.PRIMITIVE_NAME, "slo.histogram",
                    TelemetryNames.PRIMITIVE_TYPE, TelemetryNames.TYPE_STEP);
            assertEquals(Map.of(
                    base.toBuilder().put(TelemetryNames.OUTCOME, TelemetryNames.OUTCOME_SUCCESS)
                            .put(TelemetryNames.WORKFLOW_NAME, "support").build(), 1L,
                    base.toBuilder().put(TelemetryNames.OUTCOME, TelemetryNames.OUTCOME_FAILURE)
                            .put(TelemetryNames.ERROR_TYPE, IllegalStateException.class.getName())
                            .put(TelemetryNames.WORKFLOW_NAME, "support").build(), 1L,
                    base.toBuilder().put(TelemetryNames.OUTCOME, TelemetryNames.OUTCOME_SUCCESS)
                            .put(TelemetryNames.WORKFLOW_NAME, "billing").build(), 1L), counts);
        }
    }

    @Test
    void anObservedMethodOutsideAnyWorkflowCountsWithoutWorkflowNameAndAsyncEndsCountWhenTheyComplete() {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            PrimitiveTelemetry method = PrimitiveTelemetry.forMethod("Slo.lookup", SloTelemetryTest.class,
                    "lookup", AVAILABILITY);
            method.begin().end();
            CompletableFuture<String> pending = new CompletableFuture<>();
            Invocation async = method.begin();
            assertSame(pending, async.endWhenComplete(pending));
            assertEquals(1, WorkflowTelemetry.sloStatus("Slo.lookup", "availability").total(),
                    "the asynchronous call counts once it completes");
            pending.completeExceptionally(new IllegalStateException("lookup failed"));

            SloStatus status = WorkflowTelemetry.sloStatus("Slo.lookup", "availability");
            assertEquals(2, status.total());
            assertEquals(1, status.bad());
            Attributes good = Attributes.of(TelemetryNames.PRIMITIVE_NAME, "Slo.lookup",
                    TelemetryNames.SLO_NAME, "availability", TelemetryNames.SLO_KIND, "availability",
                    TelemetryNames.SLO_RESULT, "good");
            assertEquals(1L, points(telemetry, "Slo.lookup").get(good));
            telemetry.metric(TelemetryNames.DURATION_METRIC).orElseThrow().getHistogramData().getPoints().stream()
                    .filter(point -> "Slo.lookup".equals(point.getAttributes().get(TelemetryNames.PRIMITIVE_NAME)))
                    .forEach(point -> assertNull(point.getAttributes().get(TelemetryNames.WORKFLOW_NAME)));
        }
    }

    @Test
    void objectivesAreTrackedWithoutAnyOpenTelemetrySdk() throws Exception {
        WorkflowTelemetry.install(OpenTelemetry.noop());
        WorkflowPrimitive<String, String> step = callModel("slo.nosdk");
        run(step, "support", "fast", "fail");

        SloStatus status = WorkflowTelemetry.sloStatus("slo.nosdk", "availability");
        assertEquals(2, status.total());
        assertEquals(1, status.good());
    }

    @Test
    void aBuiltInPrimitiveGetsObjectivesByName() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            WorkflowPrimitive<String, String> flaky = step("slo.flaky", (String s) -> {
                throw new IllegalStateException("always");
            });
            WorkflowPrimitive<String, String> retry = Workflows.retry(flaky).maxAttempts(2)
                    .backoff(Backoff.none()).named("slo.retry").build();
            WorkflowTelemetry.declareSlo("slo.retry", ServiceLevelObjective.availability(0.5));
            WorkflowTelemetry.declareSlo("slo.retry", ServiceLevelObjective.availability(0.5)); // again: no-op

            assertThrows(IllegalStateException.class, () -> retry.execute("x", WorkflowContext.start("w")));

            SloStatus status = WorkflowTelemetry.sloStatus("slo.retry", "availability");
            assertEquals(1, status.total(), "one execution of the retry, whatever its attempts");
            assertEquals(0, status.good());
            assertEquals(1L, points(telemetry, "slo.retry").get(eventAttributes("slo.retry", "w", "availability",
                    "availability", "bad")));
            assertTrue(WorkflowTelemetry.sloStatuses().contains(status), "listed with every status");
        }
    }

    @Test
    void aConflictingObjectiveIsRefusedWhenDeclaredAndIgnoredWithAWarningFromAGeneratedClass() {
        WorkflowTelemetry.declareSlo("slo.conflict", ServiceLevelObjective.availability(0.99));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> WorkflowTelemetry.declareSlo("slo.conflict", ServiceLevelObjective.availability(0.9)));
        assertTrue(refused.getMessage().contains("already has an SLO named 'availability'"), refused.getMessage());

        try (LogCapture log = new LogCapture(SloTelemetryTest.class.getName(), Level.WARN)) {
            PrimitiveTelemetry.forPrimitive("slo.conflict", "custom", SloTelemetryTest.class,
                    ServiceLevelObjective.availability(0.9), ServiceLevelObjective.latency(0.5, Duration.ofSeconds(1)));
            assertEquals(1, log.events().size(), log.events().toString());
            assertTrue(log.events().get(0).getFormattedMessage().startsWith(
                    "SLO 'availability' of 'slo.conflict' is ignored"), log.events().get(0).getFormattedMessage());
        }
        assertEquals(0.99, WorkflowTelemetry.sloStatus("slo.conflict", "availability").objective().target(),
                "the first declaration stands");
        assertEquals(1_000_000_000L, WorkflowTelemetry.sloStatus("slo.conflict", "latency-1000ms").objective()
                .threshold().orElseThrow().toNanos(), "the objectives after the conflict are declared");
    }

    @Test
    void misuseOfTheDeclarationApiIsReportedClearly() {
        assertThrows(IllegalArgumentException.class, () -> WorkflowTelemetry.declareSlo(" ", AVAILABILITY));
        assertThrows(NullPointerException.class, () -> WorkflowTelemetry.declareSlo("slo.null", null));
        assertThrows(NullPointerException.class, () -> PrimitiveTelemetry.forPrimitive("slo.null", "custom",
                SloTelemetryTest.class, (ServiceLevelObjective) null));
        WorkflowTelemetry.declareSlo("slo.known", AVAILABILITY);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> WorkflowTelemetry.sloStatus("slo.known", "latency-1ms"));
        assertTrue(unknown.getMessage().contains("slo.known/availability"), unknown.getMessage());
    }

    @Test
    void theReportShowsEachObjectiveInTheTableAndTheJson() throws Exception {
        WorkflowPrimitive<String, String> step = callModel("slo.report");
        run(step, "support", "fast", "fail");

        TelemetryReport report = WorkflowTelemetry.report();
        List<SloStatus> slos = report.primitive("slo.report").slos();
        assertEquals(List.of("latency-500ms", "availability"),
                slos.stream().map(slo -> slo.objective().name()).toList());

        String table = report.toTable();
        assertTrue(table.lines().anyMatch(line -> line.matches(
                "slo\\.report +availability +availability +99% +1 +2 +-4900% +50\\.00 +50\\.00 +50\\.00 +50\\.00")),
                table);
        assertTrue(table.lines().anyMatch(line -> line.matches(
                "slo\\.report +latency-500ms +latency +90% +500 ms +1 +1 +100% +0\\.00 .*")), table);
        String json = report.toJson();
        assertTrue(json.contains("\"slos\":[{\"name\":\"latency-500ms\",\"kind\":\"latency\",\"target\":0.9,"
                + "\"thresholdMs\":500.000000,\"periodSeconds\":2592000,\"good\":1,\"total\":1,"), json);
        assertTrue(json.contains("{\"name\":\"availability\",\"kind\":\"availability\",\"target\":0.99,"
                + "\"periodSeconds\":2592000,\"good\":1,\"total\":2,\"errorBudgetRemaining\":-49.000000,"
                + "\"burnRates\":{\"5m\":50.000000,\"30m\":50.000000,\"1h\":50.000000,\"6h\":50.000000,"
                + "\"3d\":50.000000}}"), json);
    }

    private static Attributes eventAttributes(String primitive, String workflow, String slo, String kind,
            String result) {
        return Attributes.builder().put(TelemetryNames.PRIMITIVE_NAME, primitive)
                .put(TelemetryNames.WORKFLOW_NAME, workflow).put(TelemetryNames.SLO_NAME, slo)
                .put(TelemetryNames.SLO_KIND, kind).put(TelemetryNames.SLO_RESULT, result).build();
    }

    /** The {@code workflow.slo.events} points of one primitive, by their attributes. */
    private static Map<Attributes, Long> points(TelemetryFixture telemetry, String primitive) {
        return telemetry.metric(TelemetryNames.SLO_EVENTS_METRIC).orElseThrow().getLongSumData().getPoints().stream()
                .filter(point -> primitive.equals(point.getAttributes().get(TelemetryNames.PRIMITIVE_NAME)))
                .collect(Collectors.toMap(LongPointData::getAttributes, LongPointData::getValue));
    }

    /** One collection of the gauges, their points of one primitive by metric name. */
    private static Map<String, List<DoublePointData>> gauges(TelemetryFixture telemetry, String primitive,
            String... names) {
        Map<String, List<DoublePointData>> gauges = new HashMap<>();
        telemetry.metrics().stream().filter(metric -> List.of(names).contains(metric.getName()))
                .forEach(metric -> gauges.put(metric.getName(), metric.getDoubleGaugeData().getPoints().stream()
                        .filter(point -> primitive.equals(point.getAttributes().get(TelemetryNames.PRIMITIVE_NAME)))
                        .map(DoublePointData.class::cast).toList()));
        return gauges;
    }

    private static double value(List<DoublePointData> points, Attributes attributes) {
        return points.stream().filter(point -> point.getAttributes().equals(attributes)).findFirst()
                .orElseThrow(() -> new AssertionError("no point for " + attributes + " in " + points)).getValue();
    }
}
