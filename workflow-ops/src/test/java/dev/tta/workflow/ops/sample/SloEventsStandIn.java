package dev.tta.workflow.ops.sample;

import dev.tta.workflow.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.ops.PrimitiveDescriptor;
import dev.tta.workflow.ops.SloDescriptor;
import dev.tta.workflow.ops.SloKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * STAND-IN for the runtime's {@code workflow.slo.events} counter, which the SLO runtime adds: wraps a step and, after
 * each execution, adds one event per SLO of the step's descriptor, with the metric name, unit and attributes the
 * runtime will use (good/bad as the SLO annotations define them: availability counts every execution, latency only
 * successful ones). Remove it once the runtime emits the counter itself.
 *
 * <p>It also counts good and bad events in process, the truth the recording rules are checked against.
 */
public final class SloEventsStandIn extends WorkflowPrimitive<SupportRequest, SupportRequest> {

    /** {@code workflow.slo.events} attributes, as the SLO runtime names them. */
    static final AttributeKey<String> PRIMITIVE = AttributeKey.stringKey("workflow.primitive.name");
    static final AttributeKey<String> WORKFLOW = AttributeKey.stringKey("workflow.name");
    static final AttributeKey<String> SLO_NAME = AttributeKey.stringKey("workflow.slo.name");
    static final AttributeKey<String> SLO_KIND = AttributeKey.stringKey("workflow.slo.kind");
    static final AttributeKey<String> SLO_RESULT = AttributeKey.stringKey("workflow.slo.result");

    private final WorkflowPrimitive<SupportRequest, SupportRequest> step;
    private final List<Slo> slos = new ArrayList<>();
    private final LongCounter events;

    /**
     * Wraps a step.
     *
     * @param step the instrumented step
     * @param descriptor its descriptor, for its SLOs
     * @param workflow the workflow name the runtime would take from the context
     * @param meter the meter of the SDK the exporter reads
     */
    public SloEventsStandIn(WorkflowPrimitive<SupportRequest, SupportRequest> step, PrimitiveDescriptor descriptor,
            String workflow, Meter meter) {
        this.step = step;
        this.events = meter.counterBuilder("workflow.slo.events").setUnit("{event}")
                .setDescription("SLO events by result (stand-in for the runtime's counter).").build();
        for (SloDescriptor slo : descriptor.slos()) {
            Slo state = new Slo(slo, Attributes.builder()
                    .put(PRIMITIVE, descriptor.name()).put(WORKFLOW, workflow).put(SLO_NAME, slo.name())
                    .put(SLO_KIND, slo.kind().label()));
            slos.add(state);
            // Series that exist from the first scrape on, at zero, so that rate() sees every later event.
            events.add(0, state.good);
            events.add(0, state.bad);
        }
    }

    @Override
    public String name() {
        return step.name();
    }

    @Override
    public SupportRequest execute(SupportRequest input, WorkflowContext context) throws Exception {
        long start = System.nanoTime();
        boolean success = false;
        try {
            SupportRequest output = step.execute(input, context);
            success = true;
            return output;
        } finally {
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Slo slo : slos) {
                slo.record(success, seconds, events);
            }
        }
    }

    /**
     * Good and bad events counted so far for one SLO.
     *
     * @param sloName the SLO's name
     * @return {good, bad}
     */
    public long[] counts(String sloName) {
        for (Slo slo : slos) {
            if (slo.descriptor.name().equals(sloName)) {
                return new long[] {slo.goodCount.get(), slo.badCount.get()};
            }
        }
        throw new IllegalArgumentException("no SLO " + sloName);
    }

    private static final class Slo {
        final SloDescriptor descriptor;
        final Attributes good;
        final Attributes bad;
        final AtomicLong goodCount = new AtomicLong();
        final AtomicLong badCount = new AtomicLong();

        Slo(SloDescriptor descriptor, io.opentelemetry.api.common.AttributesBuilder base) {
            this.descriptor = descriptor;
            this.good = base.put(SLO_RESULT, "good").build();
            this.bad = base.put(SLO_RESULT, "bad").build();
        }

        void record(boolean success, double seconds, LongCounter events) {
            Boolean isGood;
            if (descriptor.kind() == SloKind.AVAILABILITY) {
                isGood = success;
            } else {
                isGood = success ? seconds <= descriptor.thresholdSeconds().getAsDouble() : null;
            }
            if (isGood == null) {
                return;
            }
            (isGood ? goodCount : badCount).incrementAndGet();
            events.add(1, isGood ? good : bad);
        }
    }
}
