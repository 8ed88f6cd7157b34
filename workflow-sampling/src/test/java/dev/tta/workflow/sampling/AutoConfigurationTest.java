package dev.tta.workflow.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code OTEL_TRACES_SAMPLER=tta_workflow} through the SDK's autoconfigure module, as an application uses it. */
class AutoConfigurationTest {

    private static OpenTelemetrySdk sdk(String argument, String exporter) {
        Map<String, String> properties = new HashMap<>();
        properties.put("otel.traces.sampler", "tta_workflow");
        properties.put("otel.traces.sampler.arg", argument);
        properties.put("otel.traces.exporter", exporter);
        properties.put("otel.metrics.exporter", "none");
        properties.put("otel.logs.exporter", "none");
        return AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> properties)
                .disableShutdownHook().build().getOpenTelemetrySdk();
    }

    @Test
    void theSamplerAndTheTailProcessorComeFromTheStandardVariables() {
        try (OpenTelemetrySdk sdk = sdk("checkout=100%, *=0; tail; slow=5s", "none")) {
            assertTrue(sdk.getSdkTracerProvider().getSampler() instanceof WorkflowSampler);
            assertTrue(((WorkflowSampler) sdk.getSdkTracerProvider().getSampler()).recordsUnsampled());
            TailSamplingSpanProcessor tail = WorkflowSamplingCustomizer.tailProcessor().orElseThrow();
            Tracer tracer = sdk.getTracer("test");
            Span root = tracer.spanBuilder("search").startSpan();
            Span child = tracer.spanBuilder("step").setParent(Context.root().with(root)).startSpan();
            child.setStatus(StatusCode.ERROR);
            child.end();
            root.end();
            tracer.spanBuilder("search").startSpan().end();
            assertEquals(1, tail.stats().kept().get(KeepReason.ERROR));
            assertEquals(1, tail.stats().dropped());
            assertTrue(tail.toString().contains("slow=PT5S"));
        }
    }

    /** {@code OTEL_TRACES_EXPORTER=memory}: an in-memory exporter behind autoconfigure's batch processor. */
    public static final class MemoryExporterProvider implements ConfigurableSpanExporterProvider {
        static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

        @Override
        public SpanExporter createExporter(ConfigProperties config) {
            return EXPORTER;
        }

        @Override
        public String getName() {
            return "memory";
        }
    }

    @Test
    void keptRunsReachTheExportersThroughAutoconfiguresBatchProcessor() {
        MemoryExporterProvider.EXPORTER.reset();
        try (OpenTelemetrySdk sdk = sdk("*=0; tail", "memory")) {
            TailSamplingSpanProcessor tail = WorkflowSamplingCustomizer.tailProcessor().orElseThrow();
            assertTrue(tail.toString().contains("BatchSpanProcessor"), tail.toString());
            Tracer tracer = sdk.getTracer("test");
            Span failed = tracer.spanBuilder("failed").startSpan();
            failed.setStatus(StatusCode.ERROR);
            failed.end();
            tracer.spanBuilder("fine").startSpan().end();
            sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
            List<SpanData> spans = MemoryExporterProvider.EXPORTER.getFinishedSpanItems();
            assertEquals(1, spans.size());
            assertEquals("failed", spans.get(0).getName());
            assertEquals("th:0", spans.get(0).getSpanContext().getTraceState().get("ot"));
        }
    }

    @Test
    void withoutTheTailOptionOnlyTheSamplerChanges() {
        try (OpenTelemetrySdk sdk = sdk("*=10%", "none")) {
            WorkflowSampler sampler = (WorkflowSampler) sdk.getSdkTracerProvider().getSampler();
            assertEquals(0.1, sampler.probability("anything"), 1e-12);
            assertTrue(!sampler.recordsUnsampled());
            assertTrue(!sdk.getSdkTracerProvider().toString().contains("TailSamplingSpanProcessor"));
        }
    }

    @Test
    void aBadArgumentSaysWhichVariableAndWhichPartIsWrong() {
        ConfigurationException thrown = assertThrows(ConfigurationException.class,
                () -> sdk("checkout=often", "none"));
        assertEquals("Invalid OTEL_TRACES_SAMPLER_ARG (otel.traces.sampler.arg) 'checkout=often' for "
                + "OTEL_TRACES_SAMPLER=tta_workflow: rule 1 'checkout=often': 'often' is not a rate; use a "
                + "probability (0.25 or 25%) or a target of kept traces per workflow (5/s or 30/min)",
                thrown.getMessage());
        assertEquals("tta_workflow", new WorkflowSamplerProvider().getName());
    }
}
