package dev.tta.workflow.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.TelemetryFixture;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.internal.TelemetryErrors;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PhaseSpan;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import dev.tta.workflow.spi.TelemetryCounter;
import dev.tta.workflow.spi.TelemetryGauge;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What built-in primitives use beyond an execution's own span: phase spans, counters, gauges, attributes. */
class TelemetryExtensionsTest {

    private static final AttributeKey<String> KEY = AttributeKey.stringKey("test.key");

    @Test
    void childSpanNestsUnderThePrimitiveAndParentsTheWorkItWraps() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            PrimitiveTelemetry primitive = PrimitiveTelemetry.forPrimitive("ext.fallback", "fallback", getClass());
            Invocation invocation = primitive.begin(WorkflowContext.start("ext"), null);
            PhaseSpan alternative = PhaseSpan.start(invocation.context(), "ext.alternative",
                    Attributes.of(TelemetryNames.FALLBACK_INDEX, 1L)).attribute(KEY, "v");
            Invocation inner = PrimitiveTelemetry.forStep("ext.inner", getClass()).begin(alternative.context(), null);
            inner.end();
            alternative.fail(new IllegalStateException("alternative failed"));
            alternative.fail(new IllegalStateException("ignored"));
            alternative.end();
            alternative.end();
            invocation.attribute(KEY, "on-primitive");
            invocation.event("ext.event", Attributes.of(TelemetryNames.RETRY_DELAY_MS, 5L));
            invocation.end();

            SpanData primitiveSpan = telemetry.span("ext.fallback");
            SpanData alternativeSpan = telemetry.span("ext.alternative");
            SpanData innerSpan = telemetry.span("ext.inner");
            assertEquals(primitiveSpan.getSpanId(), alternativeSpan.getParentSpanId());
            assertEquals(alternativeSpan.getSpanId(), innerSpan.getParentSpanId());
            assertEquals(1L, alternativeSpan.getAttributes().get(TelemetryNames.FALLBACK_INDEX));
            assertEquals("v", alternativeSpan.getAttributes().get(KEY));
            assertEquals(StatusCode.ERROR, alternativeSpan.getStatus().getStatusCode());
            assertEquals(1, alternativeSpan.getEvents().size(), "one failure recorded");
            assertEquals("on-primitive", primitiveSpan.getAttributes().get(KEY));
            assertEquals(5L, primitiveSpan.getEvents().get(0).getAttributes().get(TelemetryNames.RETRY_DELAY_MS));
        }
    }

    @Test
    void counterFollowsTheInstalledSdk() throws Exception {
        TelemetryCounter counter = TelemetryCounter.create("ext.counter", "{call}", "Test counter.");
        Attributes attributes = Attributes.of(KEY, "a");
        counter.add(1, attributes); // no SDK: a no-op
        try (TelemetryFixture first = TelemetryFixture.install()) {
            counter.add(2, attributes);
            assertEquals(2, sum(first.metric("ext.counter")));
        }
        try (TelemetryFixture second = TelemetryFixture.install()) {
            counter.add(3, attributes);
            assertEquals(3, sum(second.metric("ext.counter")), "rebuilt against the new SDK");
            assertEquals("ext.counter", counter.name());
        }
    }

    private static long sum(Optional<MetricData> metric) {
        return metric.orElseThrow().getLongSumData().getPoints().stream().mapToLong(LongPointData::getValue).sum();
    }

    @Test
    void gaugeIsRegisteredWithEveryInstalledSdkAndAThrowingCallbackIsContained() throws Exception {
        AtomicLong value = new AtomicLong(7);
        TelemetryGauge gauge = TelemetryGauge.create("ext.gauge", "1", "Test gauge.",
                measurement -> measurement.record(value.get(), Attributes.of(KEY, "g")));
        TelemetryGauge.create("ext.gauge.broken", "1", "Throws.", measurement -> {
            throw new IllegalStateException("broken callback");
        });
        try (TelemetryFixture first = TelemetryFixture.install()) {
            PrimitiveTelemetry.forStep("ext.bind", getClass()).begin(WorkflowContext.start("g"), null).end(); // binds
            assertEquals(7, gaugeValue(first));
        }
        try (TelemetryFixture second = TelemetryFixture.install()) {
            value.set(9);
            long failuresBefore = TelemetryErrors.count();
            PrimitiveTelemetry.forStep("ext.bind", getClass()).begin(WorkflowContext.start("g"), null).end();
            assertEquals(9, gaugeValue(second), "registered again with the new SDK");
            assertTrue(TelemetryErrors.count() > failuresBefore, "the throwing callback was reported");
            assertEquals("ext.gauge", gauge.name());
        }
    }

    private static long gaugeValue(TelemetryFixture telemetry) {
        return telemetry.metric("ext.gauge").orElseThrow().getLongGaugeData().getPoints().iterator().next()
                .getValue();
    }
}
