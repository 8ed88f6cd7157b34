package dev.tta.workflow.telemetry;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.internal.TelemetryRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Anomaly detection through real primitives and a real SDK, with the window rotated by hand (no timer, no
 * sleeping): failed calls open an error anomaly that names their traces in the gauge, the WARN log event, the
 * OpenTelemetry log event, the in-process API and the report, and clean intervals close it.
 */
class AnomalyTelemetryTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
    private OpenTelemetrySdk sdk;

    @BeforeEach
    void installSdk() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .setLoggerProvider(SdkLoggerProvider.builder()
                        .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)).build())
                .build();
        WorkflowTelemetry.install(sdk);
    }

    @AfterEach
    void restore() {
        WorkflowTelemetry.configureAnomalyDetection(AnomalySettings.DEFAULT);
        WorkflowTelemetry.configureWindow(Duration.ofSeconds(60), 6);
        WorkflowTelemetry.useGlobal();
        sdk.close();
    }

    @Test
    void failuresOpenAnErrorAnomalyThatNamesTheirTracesEverywhereAndCleanIntervalsCloseIt() {
        WorkflowPrimitive<Integer, Integer> flaky = step("anomaly.flaky", (Integer i) -> {
            if (i < 0) {
                throw new IllegalStateException("refused");
            }
            return i;
        });
        WorkflowTelemetry.configureWindow(Duration.ofHours(1), 2); // no timer rotation during the test
        try (LogCapture log = new LogCapture("dev.tta.workflow.anomaly", Level.INFO)) {
            // Twelve intervals of 100 calls with one failure each: the baseline (1 %).
            for (int interval = 0; interval < 12; interval++) {
                run(flaky, 100, 1);
                TelemetryRuntime.rotateWindows();
            }
            assertFalse(WorkflowTelemetry.isAnomalyActive("anomaly.flaky"));
            spans.reset();

            // Then 25 % of the calls fail: open after the second such interval.
            run(flaky, 100, 25);
            TelemetryRuntime.rotateWindows();
            assertFalse(errorsActive(), "one interval out of band is not yet an anomaly");
            run(flaky, 100, 25);
            TelemetryRuntime.rotateWindows();
            assertTrue(errorsActive(), "two of three intervals out of band");
            assertTrue(WorkflowTelemetry.isAnomalyActive("anomaly.flaky"));
            assertTrue(WorkflowTelemetry.isAnomalyActiveInWorkflow("anomaly-checkout"));
            assertFalse(WorkflowTelemetry.isAnomalyActiveInWorkflow("another-workflow"));

            Anomaly anomaly = errors(WorkflowTelemetry.anomalies());
            Set<String> failedTraces = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("anomaly.flaky"))
                    .filter(s -> s.getStatus().getStatusCode() == io.opentelemetry.api.trace.StatusCode.ERROR)
                    .map(SpanData::getTraceId).collect(Collectors.toSet());
            assertFalse(anomaly.exemplarTraceIds().isEmpty());
            assertTrue(failedTraces.containsAll(anomaly.exemplarTraceIds()), anomaly.exemplarTraceIds().toString());
            assertEquals(List.of("anomaly-checkout"), anomaly.workflows());
            assertEquals(0.25, anomaly.observed(), 1e-9);
            assertEquals(100, anomaly.samples());
            assertTrue(anomaly.baseline() > 0.005 && anomaly.baseline() < 0.02, anomaly.toString());
            assertTrue(anomaly.threshold() > anomaly.baseline() && anomaly.threshold() < anomaly.observed());

            // The WARN event, with key-values.
            ILoggingEvent warning = log.events(TelemetryNames.EVENT_ANOMALY).stream()
                    .filter(e -> "anomaly.flaky".equals(LogCapture.keyValue(e, "primitive"))
                            && "errors".equals(LogCapture.keyValue(e, "kind")))
                    .findFirst().orElseThrow();
            assertEquals(Level.WARN, warning.getLevel());
            assertEquals(String.join(",", anomaly.exemplarTraceIds()),
                    LogCapture.keyValue(warning, "exemplar_trace_ids"));
            assertEquals(anomaly.baseline(), (Double) LogCapture.keyValue(warning, "baseline"), 1e-12);
            assertEquals(0.25, (Double) LogCapture.keyValue(warning, "observed"), 1e-12);

            // The OpenTelemetry log event.
            LogRecordData record = logs.getFinishedLogRecordItems().stream()
                    .filter(r -> TelemetryNames.EVENT_ANOMALY.equals(r.getEventName()))
                    .filter(r -> "errors".equals(r.getAttributes().get(TelemetryNames.ANOMALY_KIND)))
                    .findFirst().orElseThrow();
            assertEquals(Severity.WARN, record.getSeverity());
            assertEquals("anomaly.flaky", record.getAttributes().get(TelemetryNames.PRIMITIVE_NAME));
            assertEquals(anomaly.exemplarTraceIds(), record.getAttributes()
                    .get(AttributeKey.stringArrayKey("workflow.anomaly.exemplar.trace_ids")));
            assertTrue(record.getBodyValue().asString().contains(anomaly.exemplarTraceIds().get(0)));

            // The gauge.
            assertEquals(1, gauge("errors"));
            boolean latencyOpen = WorkflowTelemetry.anomalies().stream()
                    .anyMatch(a -> a.primitive().equals("anomaly.flaky") && a.kind() == AnomalyKind.LATENCY);
            assertEquals(latencyOpen ? 1 : 0, gauge("latency"), "a series per kind, 1 only while open");

            // The report.
            TelemetryReport report = WorkflowTelemetry.report();
            assertTrue(report.anomalies().contains(anomaly), report.anomalies().toString());
            String table = report.toTable();
            assertTrue(table.lines().anyMatch(l -> l.startsWith("anomaly.flaky") && l.contains("errors")
                    && l.contains("open") && l.contains(anomaly.exemplarTraceIds().get(0))), table);
            String json = report.toJson();
            assertTrue(json.contains("\"anomalies\":[") && json.contains("{\"primitive\":\"anomaly.flaky\","
                    + "\"kind\":\"errors\",\"state\":\"open\""), json);

            // Three clean intervals close it.
            for (int interval = 0; interval < 3; interval++) {
                run(flaky, 100, 0);
                TelemetryRuntime.rotateWindows();
            }
            assertFalse(errorsActive());
            assertEquals(0, gauge("errors"));
            Anomaly closed = errors(WorkflowTelemetry.recentAnomalies().stream()
                    .filter(a -> a.openedAt().equals(anomaly.openedAt())).toList());
            assertNotNull(closed.closedAt());
            assertTrue(closed.duration(closed.closedAt()).compareTo(Duration.ZERO) > 0);
            assertTrue(log.events(TelemetryNames.EVENT_ANOMALY_CLOSED).stream()
                    .anyMatch(e -> e.getLevel() == Level.INFO && "errors".equals(LogCapture.keyValue(e, "kind"))));
        }
    }

    @Test
    void settingsAreCheckedAndReplacingThemClosesWhatIsOpen() {
        assertEquals(AnomalySettings.DEFAULT, WorkflowTelemetry.anomalySettings());
        AnomalySettings settings = AnomalySettings.DEFAULT.withMinSamples(5).withBaseline(8, 4).withEnabled(false);
        WorkflowTelemetry.configureAnomalyDetection(settings);
        assertEquals(settings, WorkflowTelemetry.anomalySettings());
        assertEquals(5, settings.minSamples());
        assertEquals(8, settings.baselineIntervals());
        assertFalse(settings.enabled());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AnomalySettings.DEFAULT.withBaseline(4, 8));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AnomalySettings.DEFAULT.withMinSamples(0));
        org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> WorkflowTelemetry.configureAnomalyDetection(null));

        AnomalySettings tuned = AnomalySettings.DEFAULT.withThresholds(12, 7).withHysteresis(3, 5, 4);
        assertEquals(List.of(12.0, 7.0), List.of(tuned.latencyThreshold(), tuned.errorThreshold()));
        assertEquals(List.of(3, 5, 4), List.of(tuned.openAfter(), tuned.openWindow(), tuned.closeAfter()));
        assertEquals(AnomalySettings.DEFAULT.baselineIntervals(), tuned.baselineIntervals());
        assertEquals(60, AnomalySettings.DEFAULT.baselineIntervals());
        assertEquals(List.of(11.0, 10.0), List.of(AnomalySettings.DEFAULT.latencyThreshold(),
                AnomalySettings.DEFAULT.errorThreshold()));
        assertEquals("anomaly settings need errorThreshold positive and finite, got -1.0",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> AnomalySettings.DEFAULT.withThresholds(10, -1)).getMessage());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AnomalySettings.DEFAULT.withThresholds(Double.NaN, 9)).getMessage()
                .contains("latencyThreshold"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AnomalySettings.DEFAULT.withThresholds(10, Double.POSITIVE_INFINITY)).getMessage()
                .contains("errorThreshold"));
        assertEquals("anomaly settings need openAfter in 1..openWindow (3), got 4",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> AnomalySettings.DEFAULT.withHysteresis(4, 3, 3)).getMessage());
        assertEquals("anomaly settings need closeAfter at least 1, got 0",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> AnomalySettings.DEFAULT.withHysteresis(2, 3, 0)).getMessage());
    }

    private boolean errorsActive() {
        return WorkflowTelemetry.anomalies().stream()
                .anyMatch(a -> a.primitive().equals("anomaly.flaky") && a.kind() == AnomalyKind.ERRORS);
    }

    private static Anomaly errors(List<Anomaly> anomalies) {
        return anomalies.stream().filter(a -> a.primitive().equals("anomaly.flaky") && a.kind() == AnomalyKind.ERRORS)
                .findFirst().orElseThrow(() -> new AssertionError("no error anomaly in " + anomalies));
    }

    private static void run(WorkflowPrimitive<Integer, Integer> step, int calls, int failures) {
        for (int i = 0; i < calls; i++) {
            try {
                step.execute(i < failures ? -1 : i, WorkflowContext.start("anomaly-checkout"));
            } catch (Exception expected) {
                assertTrue(expected instanceof IllegalStateException, expected.toString());
            }
        }
    }

    private long gauge(String kind) {
        MetricData gauge = metrics.collectAllMetrics().stream()
                .filter(m -> m.getName().equals(TelemetryNames.ANOMALY_ACTIVE_METRIC)).findFirst().orElseThrow();
        Attributes attributes = Attributes.of(TelemetryNames.PRIMITIVE_NAME, "anomaly.flaky",
                TelemetryNames.ANOMALY_KIND, kind);
        return gauge.getLongGaugeData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes))
                .mapToLong(LongPointData::getValue).findFirst().orElseThrow();
    }
}
