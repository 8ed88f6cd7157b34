package dev.tta.workflow.sampling;

import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.time.TestClock;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Workflow runs simulated on the real SDK (sampler, processors, span objects) with a controllable clock and seeded
 * ids: a root span shaped as the runtime makes it ({@code workflow.name} on the builder) and steps under it.
 */
final class SimulatedRuns implements AutoCloseable {

    static final String WORKFLOW = "checkout";

    final TestClock clock;
    final SdkTracerProvider provider;
    final Tracer tracer;

    SimulatedRuns(TestClock clock, Sampler sampler, SpanProcessor processor) {
        this.clock = clock;
        SplittableRandom random = new SplittableRandom(2026);
        IdGenerator ids = new IdGenerator() {
            @Override
            public String generateSpanId() {
                return String.format("%016x", random.nextLong() | 1);
            }

            @Override
            public String generateTraceId() {
                return String.format("%016x%016x", random.nextLong(), random.nextLong() | 1);
            }
        };
        provider = SdkTracerProvider.builder().setSampler(sampler).setClock(clock).setIdGenerator(ids)
                .addSpanProcessor(processor).build();
        tracer = provider.get("simulation");
    }

    /** Starts a run's root span, as the runtime starts a workflow's first step. */
    Span startRoot() {
        return tracer.spanBuilder(WORKFLOW).setAttribute(TelemetryNames.WORKFLOW_NAME, WORKFLOW).startSpan();
    }

    /** Starts and ends one step under {@code parent}, taking {@code millis}; failed steps get status ERROR. */
    Span step(Span parent, String name, long millis, boolean failed, Consumer<Span> attributes) {
        Span step = tracer.spanBuilder(name).setParent(Context.root().with(parent)).startSpan();
        if (step.isRecording()) {
            step.setAttribute(TelemetryNames.WORKFLOW_NAME, WORKFLOW);
            step.setAttribute(TelemetryNames.PRIMITIVE_NAME, name);
            step.setAttribute(TelemetryNames.WORKFLOW_ID, "wf-0123456789abcdef0123456789abcdef");
            attributes.accept(step);
        }
        clock.advance(Duration.ofMillis(millis));
        if (failed) {
            step.setStatus(StatusCode.ERROR, "failed");
        }
        step.end();
        return step;
    }

    /** One complete run of three steps; returns its trace id. */
    String run(long stepMillis, boolean failed, long extraMillis) {
        Span root = startRoot();
        if (root.isRecording()) {
            root.setAttribute(TelemetryNames.PRIMITIVE_NAME, WORKFLOW);
        }
        step(root, "Validate", stepMillis, false, span -> { });
        step(root, "Charge", stepMillis, false, span -> { });
        step(root, "Ship", stepMillis, failed, span -> { });
        clock.advance(Duration.ofMillis(extraMillis));
        if (failed) {
            root.setStatus(StatusCode.ERROR, "failed");
        }
        root.end();
        return root.getSpanContext().getTraceId();
    }

    @Override
    public void close() {
        provider.close();
    }

    /** A processor that hands every ended span to {@code consumer} (the SDK needs at least one processor). */
    static SpanProcessor onEnd(Consumer<ReadableSpan> consumer) {
        return new SpanProcessor() {
            @Override
            public void onStart(Context parentContext, ReadWriteSpan span) {
            }

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                consumer.accept(span);
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }
        };
    }

    /** A tail processor on this clock that hands what it keeps to {@code collector}. */
    static TailSamplingSpanProcessor.Builder tailInto(Collector collector, TestClock clock) {
        return TailSamplingSpanProcessor.builder(onEnd(collector)).clock(clock::nanoTime);
    }

    /** Runs whose head sampler keeps nothing but records everything for {@code tail}. */
    static SimulatedRuns tailOnly(TestClock clock, TailSamplingSpanProcessor tail) {
        return new SimulatedRuns(clock, WorkflowSampler.parse("*=0; tail").build(), tail);
    }

    /** Counts exported spans per trace and remembers what each exported root said. */
    static final class Collector implements Consumer<ReadableSpan> {
        final Map<String, Integer> spans = new HashMap<>();
        final Map<String, SpanData> roots = new HashMap<>();
        long exported;

        @Override
        public synchronized void accept(ReadableSpan ended) {
            SpanData span = ended.toSpanData();
            exported++;
            spans.merge(span.getTraceId(), 1, Integer::sum);
            if (!span.getParentSpanContext().isValid()) {
                roots.put(span.getTraceId(), span);
            }
        }
    }
}
