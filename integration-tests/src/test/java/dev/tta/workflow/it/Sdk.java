package dev.tta.workflow.it;

import dev.tta.workflow.WorkflowTelemetry;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** A real OpenTelemetry SDK with in-memory span exporter and metric reader. */
final class Sdk implements AutoCloseable {

    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();

    /** Creates the SDK and installs it for the library. */
    static Sdk installed() {
        Sdk sdk = new Sdk();
        WorkflowTelemetry.install(sdk.openTelemetry);
        return sdk;
    }

    List<SpanData> finished() {
        return spans.getFinishedSpanItems();
    }

    SpanData named(String name) {
        List<SpanData> matching = finished().stream().filter(s -> s.getName().equals(name))
                .collect(Collectors.toList());
        if (matching.size() != 1) {
            throw new AssertionError("expected one span named '" + name + "', found " + matching.size()
                    + " among " + finished().stream().map(SpanData::getName).collect(Collectors.toList()));
        }
        return matching.get(0);
    }

    SpanData root() {
        List<SpanData> roots = finished().stream().filter(s -> SpanId.getInvalid().equals(s.getParentSpanId()))
                .collect(Collectors.toList());
        if (roots.size() != 1) {
            throw new AssertionError("expected exactly one root span, found " + roots);
        }
        return roots.get(0);
    }

    /** Children of a span, in the order of their step or branch index. */
    List<SpanData> children(SpanData parent) {
        return finished().stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
                .sorted(Comparator.comparing(Sdk::index))
                .collect(Collectors.toList());
    }

    private static long index(SpanData span) {
        Long step = span.getAttributes().get(dev.tta.workflow.telemetry.TelemetryNames.STEP_INDEX);
        Long branch = span.getAttributes().get(dev.tta.workflow.telemetry.TelemetryNames.BRANCH_INDEX);
        return step != null ? step : branch != null ? branch : -1;
    }

    MetricData metric(String name) {
        return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric named " + name));
    }

    @Override
    public void close() {
        WorkflowTelemetry.useGlobal();
        openTelemetry.close();
    }
}
