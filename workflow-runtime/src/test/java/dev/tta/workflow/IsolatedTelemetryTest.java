package dev.tta.workflow;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.cost.Cost;
import dev.tta.workflow.internal.TelemetryRuntime;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.spi.IsolatedTelemetry;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs started in an isolated state report to its SDK and its statistics only, on every thread they use. */
class IsolatedTelemetryTest {

    /** One private SDK with in-memory exporters. */
    private static final class Private implements AutoCloseable {
        final InMemorySpanExporter spans = InMemorySpanExporter.create();
        final InMemoryMetricReader metrics = InMemoryMetricReader.create();
        final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
        final IsolatedTelemetry isolated = IsolatedTelemetry.open(sdk);

        long metric(String name) {
            return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name))
                    .map(MetricData::getData).flatMap(data -> data.getPoints().stream()).count();
        }

        @Override
        public void close() {
            isolated.close();
            isolated.close(); // twice is harmless
            sdk.close();
        }
    }

    private static WorkflowPrimitive<String, String> workflow() {
        return Workflows.sequence(step("iso.first", (String s) -> s),
                        Workflows.<String, String>parallel(step("iso.a", (String s) -> s), step("iso.b", (String s) -> s))
                                .then(step("iso.join", (List<String> parts) -> String.join("", parts))),
                        Workflows.timeout(step("iso.timed", (String s, WorkflowContext c) -> {
                            c.recordCost(Cost.tokens("m", 3, 4));
                            return s;
                        }), Duration.ofSeconds(5)))
                .named("iso.run");
    }

    @Test
    void twoIsolatedStatesSeeOnlyTheirOwnRuns() throws Exception {
        try (Private one = new Private(); Private two = new Private()) {
            try (Scope ignored = one.isolated.makeCurrent()) {
                assertTrue(one.isolated.isCurrent());
                assertFalse(two.isolated.isCurrent());
                workflow().execute("x", WorkflowContext.start("iso"));
                workflow().execute("x", WorkflowContext.start("iso"));
                assertEquals(2, WorkflowTelemetry.latency("iso.a").count());
                assertEquals(2, WorkflowTelemetry.report().primitive("iso.join").lifetime().count());
            }
            try (Scope ignored = two.isolated.makeCurrent()) {
                workflow().execute("x", WorkflowContext.start("iso"));
                assertEquals(1, WorkflowTelemetry.latency("iso.a").count());
                assertEquals(1, WorkflowTelemetry.latencies().get("iso.timed").count());
            }
            assertEquals(2 * 9, one.spans.getFinishedSpanItems().size());
            assertEquals(9, two.spans.getFinishedSpanItems().size());
            assertTrue(one.metric(TelemetryNames.GEN_AI_TOKEN_USAGE_METRIC) > 0, "costs go to the run's SDK");
            assertEquals(2, one.spans.getFinishedSpanItems().stream().map(s -> s.getTraceId()).distinct().count(),
                    "two runs, two traces");
        }
    }

    @Test
    void workHandedToAnotherThreadBelongsToTheStateItWasWrappedWith() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Private one = new Private()) {
            CompletableFuture<String> done = new CompletableFuture<>();
            pool.execute(one.isolated.storeIn(Context.current()).wrap(() -> {
                try {
                    done.complete(step("iso.pooled", (String s) -> s).execute("x", WorkflowContext.start("pool")));
                } catch (Exception failure) {
                    done.completeExceptionally(failure);
                }
            }));
            done.get(5, TimeUnit.SECONDS);
            assertEquals(1, one.spans.getFinishedSpanItems().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void objectivesDeclaredInsideStayInsideAndProcessObjectivesApplyWithFreshTrackers() throws Exception {
        ServiceLevelObjective availability = ServiceLevelObjective.availability(0.5);
        WorkflowPrimitive<String, String> guarded = TestSteps.sloStep("iso.guarded", (s, c) -> s, availability);
        Duration processWindow = WorkflowTelemetry.report().window();
        try (Private one = new Private(); Scope ignored = one.isolated.makeCurrent()) {
            guarded.execute("x", WorkflowContext.start("slo"));
            WorkflowTelemetry.declareSlo("iso.guarded", ServiceLevelObjective.latency(0.9, Duration.ofSeconds(1)));
            guarded.execute("x", WorkflowContext.start("slo"));
            assertEquals(2, WorkflowTelemetry.sloStatus("iso.guarded", availability.name()).total());
            assertEquals(1, WorkflowTelemetry.sloStatus("iso.guarded", "latency-1000ms").total());
            assertEquals(2, WorkflowTelemetry.sloStatuses().size());
            WorkflowTelemetry.configureWindow(Duration.ofSeconds(10), 5);
            TelemetryRuntime.rotateWindows();
            assertEquals(Duration.ofSeconds(10), WorkflowTelemetry.report().window());
        }
        assertEquals(processWindow, WorkflowTelemetry.report().window(), "the process's window is unchanged");
        assertThrows(IllegalArgumentException.class,
                () -> WorkflowTelemetry.sloStatus("iso.guarded", "latency-1000ms"));
    }

    @Test
    void outsideAnyIsolatedStateRunsUseTheProcessWideOne() throws Exception {
        try (Private one = new Private()) {
            step("iso.outside", (String s) -> s).execute("x", WorkflowContext.start("outside"));
            assertTrue(one.spans.getFinishedSpanItems().isEmpty());
            assertEquals(1, WorkflowTelemetry.latency("iso.outside").count());
        }
    }
}
