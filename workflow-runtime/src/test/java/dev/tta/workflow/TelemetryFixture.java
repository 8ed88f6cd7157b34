package dev.tta.workflow;

import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** A real OpenTelemetry SDK with in-memory exporters, installed for the duration of a test. */
public final class TelemetryFixture implements AutoCloseable {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk;

    private TelemetryFixture(SpanProcessor... extraProcessors) {
        var tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans));
        for (SpanProcessor processor : extraProcessors) {
            tracerProvider.addSpanProcessor(processor);
        }
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(tracerProvider.build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
    }

    /** Creates an SDK and installs it with {@link WorkflowTelemetry#install}. */
    public static TelemetryFixture install(SpanProcessor... extraProcessors) {
        TelemetryFixture fixture = new TelemetryFixture(extraProcessors);
        WorkflowTelemetry.install(fixture.sdk);
        return fixture;
    }

    public OpenTelemetrySdk sdk() {
        return sdk;
    }

    public List<SpanData> spans() {
        return spans.getFinishedSpanItems();
    }

    public SpanData span(String name) {
        List<SpanData> named = spans().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
        if (named.size() != 1) {
            throw new AssertionError("expected one span named " + name + " but found " + named + " in " + spans());
        }
        return named.get(0);
    }

    public List<SpanData> childrenOf(SpanData parent) {
        return spans().stream()
                .filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
                .collect(Collectors.toList());
    }

    public List<SpanData> roots() {
        return spans().stream()
                .filter(s -> s.getParentSpanId().equals(SpanId.getInvalid()))
                .collect(Collectors.toList());
    }

    /** Collects every metric once. */
    public List<MetricData> metrics() {
        return List.copyOf(metrics.collectAllMetrics());
    }

    public Optional<MetricData> metric(String name) {
        return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst();
    }

    /**
     * The attributes of a metric point less {@code workflow.name}, or null when the point has none: metrics of
     * executions in a workflow carry it besides their own attributes.
     */
    public static Attributes withoutWorkflowName(Attributes attributes) {
        if (attributes.get(TelemetryNames.WORKFLOW_NAME) == null) {
            return null;
        }
        return attributes.toBuilder().remove(TelemetryNames.WORKFLOW_NAME).build();
    }

    @Override
    public void close() {
        WorkflowTelemetry.useGlobal();
        sdk.close();
    }
}
