package dev.tta.workflow.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.WorkflowTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-written floor only means something if it does the same work as the generated class: these tests run both
 * against one SDK and compare what they emit.
 */
class SameTelemetryTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private OpenTelemetrySdk sdk;

    @BeforeEach
    void installSdk() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
        WorkflowTelemetry.install(sdk);
    }

    @AfterEach
    void closeSdk() {
        WorkflowTelemetry.useGlobal();
        sdk.close();
    }

    @Test
    void handWrittenStepEmitsTheSpanOfTheGeneratedStep() {
        WorkflowContext caller = TelemetrySetup.remoteCaller(true);

        new InstrumentedCpuStep(1).execute(1L, caller);
        SpanData generated = onlySpan();
        spans.reset();
        new HandInstrumentedCpuStep(1, sdk).execute(1L, caller);
        SpanData handWritten = onlySpan();

        assertEquals(generated.getName(), handWritten.getName());
        assertEquals(generated.getKind(), handWritten.getKind());
        assertEquals(generated.getStatus(), handWritten.getStatus());
        assertEquals(generated.getAttributes().asMap(), handWritten.getAttributes().asMap());
        assertEquals(TelemetrySetup.parentSpanId(), generated.getParentSpanId());
        assertEquals(TelemetrySetup.parentSpanId(), handWritten.getParentSpanId());
        assertEquals(TelemetrySetup.parentTraceId(), handWritten.getTraceId());
    }

    @Test
    void handWrittenStepRecordsTheDurationWithTheAttributesOfTheGeneratedStep() {
        WorkflowContext caller = TelemetrySetup.remoteCaller(false);

        new InstrumentedCpuStep(1).execute(1L, caller);
        new HandInstrumentedCpuStep(1, sdk).execute(1L, caller);

        // Same instrument, same attributes: both calls land in one histogram point.
        List<HistogramPointData> points = List.copyOf(metric(TelemetryNames.DURATION_METRIC).getHistogramData()
                .getPoints());
        assertEquals(1, points.size(), () -> "expected one attribute set, got " + points);
        assertEquals(2, points.get(0).getCount());
        assertTrue(spans.getFinishedSpanItems().isEmpty(), "an unsampled caller must leave both spans unsampled");
    }

    @Test
    void handWrittenStepReportsItsInFlightCountWithTheAttributesOfTheGeneratedStep() {
        new InstrumentedCpuStep(1).execute(1L, TelemetrySetup.remoteCaller(true));
        new HandInstrumentedCpuStep(1, sdk).execute(1L, TelemetrySetup.remoteCaller(true));

        MetricData active = metric(TelemetryNames.ACTIVE_METRIC);
        var attributeSets = active.getLongSumData().getPoints().stream().map(p -> p.getAttributes()).distinct()
                .toList();
        assertEquals(1, attributeSets.size(), () -> "expected one attribute set, got " + attributeSets);
        active.getLongSumData().getPoints().forEach(p -> assertEquals(0, p.getValue()));
    }

    @Test
    void handWrittenStepKeepsItsLatencyInAnHdrHistogram() {
        HandInstrumentedCpuStep step = new HandInstrumentedCpuStep(1, sdk);
        step.execute(1L, TelemetrySetup.remoteCaller(true));
        step.execute(1L, TelemetrySetup.remoteCaller(true));

        assertEquals(2, step.latency().getIntervalHistogram().getTotalCount());
    }

    private SpanData onlySpan() {
        List<SpanData> finished = spans.getFinishedSpanItems();
        assertEquals(1, finished.size(), () -> "expected one span, got " + finished);
        return finished.get(0);
    }

    private MetricData metric(String name) {
        return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }
}
