package dev.tta.workflow.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Micrometer comparison must produce what it is compared for: a span, a timer with percentiles, in-flight. */
class MicrometerObservedStepTest {

    @Test
    void observationEmitsAChildSpanOfTheCurrentSpanAndATimerWithPercentiles() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build())
                .build()) {
            MicrometerObservedStep step = new MicrometerObservedStep(new CpuStep(1), sdk);
            var caller = TelemetrySetup.remoteCaller(true);

            Scope scope = caller.otelContext().makeCurrent();
            try {
                assertEquals(7L, step.execute(7L, caller));
            } finally {
                scope.close();
            }

            List<SpanData> finished = spans.getFinishedSpanItems();
            assertEquals(1, finished.size());
            SpanData span = finished.get(0);
            assertEquals(TelemetrySetup.parentSpanId(), span.getParentSpanId());
            assertEquals("benchmark", span.getAttributes().asMap().entrySet().stream()
                    .filter(e -> e.getKey().getKey().equals("workflow.name")).findFirst().orElseThrow().getValue());
            Timer timer = step.meters().get("CpuStep").timer();
            assertEquals(1, timer.count());
            assertEquals(5, timer.takeSnapshot().percentileValues().length);
            LongTaskTimer inFlight = step.meters().get("CpuStep.active").longTaskTimer();
            assertEquals(0, inFlight.activeTasks());
        }
    }
}
