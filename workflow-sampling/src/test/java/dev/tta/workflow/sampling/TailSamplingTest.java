package dev.tta.workflow.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.time.TestClock;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TailSamplingTest {

    private final TestClock clock = TestClock.create();
    private final SimulatedRuns.Collector exported = new SimulatedRuns.Collector();

    private TailSamplingSpanProcessor.Builder tail() {
        return SimulatedRuns.tailInto(exported, clock).slowerThanRecentP99(false);
    }

    private SimulatedRuns runs(TailSamplingSpanProcessor processor) {
        return SimulatedRuns.tailOnly(clock, processor);
    }

    private String reasonOf(String traceId) {
        return exported.roots.get(traceId).getAttributes().get(KeepReason.ATTRIBUTE);
    }

    @Test
    void keepsSlowRunsByThresholdAndAnomalies() {
        AtomicBoolean anomaly = new AtomicBoolean();
        TailSamplingSpanProcessor processor = tail().slowThreshold(Duration.ofMillis(100))
                .anomalyActive(workflow -> anomaly.get() && SimulatedRuns.WORKFLOW.equals(workflow)).build();
        try (SimulatedRuns runs = runs(processor)) {
            String slow = runs.run(50, false, 0);
            String quick = runs.run(1, false, 0);
            anomaly.set(true);
            String during = runs.run(1, false, 0);
            assertEquals("slow", reasonOf(slow));
            assertFalse(exported.spans.containsKey(quick));
            assertEquals("anomaly", reasonOf(during));
            assertEquals(1, processor.stats().kept().get(KeepReason.ANOMALY));
            assertEquals(1, processor.stats().dropped());
        }
    }

    @Test
    void aFailedStepThatTheRootSurvivedStillKeepsTheRunAndSloMarksToo() {
        TailSamplingSpanProcessor processor = tail().build();
        try (SimulatedRuns runs = runs(processor)) {
            Span root = runs.startRoot();
            runs.step(root, "Lookup", 1, true, span -> { });
            root.end();
            assertEquals("error", reasonOf(root.getSpanContext().getTraceId()));
            Span slo = runs.startRoot();
            runs.step(slo, "Answer", 1, false,
                    span -> span.setAttribute(TelemetryNames.SLO_RESULT, TelemetryNames.SLO_RESULT_BAD));
            slo.end();
            assertEquals("slo", reasonOf(slo.getSpanContext().getTraceId()));
            Span firstTries = runs.startRoot();
            Span retry = runs.step(firstTries, "Charge", 1, false,
                    span -> span.setAttribute(TelemetryNames.PRIMITIVE_TYPE, TelemetryNames.TYPE_RETRY));
            runs.step(retry, "ChargeCard", 1, false,
                    span -> span.setAttribute(TelemetryNames.RETRY_ATTEMPT, 1L));
            runs.step(firstTries, TelemetryNames.FALLBACK_ALTERNATIVE_SPAN, 1, false,
                    span -> span.setAttribute(TelemetryNames.FALLBACK_INDEX, 0L));
            firstTries.end();
            assertFalse(exported.spans.containsKey(firstTries.getSpanContext().getTraceId()));
        }
    }

    @Test
    void aRetryThatScheduledAnotherAttemptKeepsTheRun() {
        TailSamplingSpanProcessor processor = tail().build();
        try (SimulatedRuns runs = runs(processor)) {
            Span retried = runs.startRoot();
            runs.step(retried, "Charge", 1, false, span -> span
                    .setAttribute(TelemetryNames.PRIMITIVE_TYPE, TelemetryNames.TYPE_RETRY)
                    .addEvent(TelemetryNames.RETRY_SCHEDULED_EVENT, Attributes.of(TelemetryNames.RETRY_ATTEMPT, 2L)));
            retried.end();
            assertEquals("retry", reasonOf(retried.getSpanContext().getTraceId()));

            // The event counts on a retry's span only.
            Span other = runs.startRoot();
            runs.step(other, "Charge", 1, false, span -> span.addEvent(TelemetryNames.RETRY_SCHEDULED_EVENT));
            other.end();
            assertFalse(exported.spans.containsKey(other.getSpanContext().getTraceId()));
            assertEquals(1, processor.stats().kept().get(KeepReason.RETRY));
        }
    }

    @Test
    void concurrentLocalRootsOfOneTraceAreDecidedTogetherAndLateChildrenFollow() {
        TailSamplingSpanProcessor processor = tail().build();
        try (SimulatedRuns runs = runs(processor)) {
            SpanContext remote = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736",
                    "00f067aa0ba902b7", TraceFlags.getDefault(), TraceState.getDefault());
            Context upstream = Context.root().with(Span.wrap(remote));
            Span first = runs.tracer.spanBuilder("first").setParent(upstream).startSpan();
            Span second = runs.tracer.spanBuilder("second").setParent(upstream).startSpan();
            Span late = runs.tracer.spanBuilder("late").setParent(Context.root().with(first)).startSpan();
            runs.step(second, "Fails", 1, true, span -> { });
            first.end();
            assertEquals(0, exported.exported);
            second.end();
            assertEquals(3, exported.exported); // Fails, first, second
            assertEquals(1, processor.stats().tracesInFlight()); // waits for the late child
            late.end();
            assertEquals(4, exported.exported);
            assertEquals(0, processor.stats().tracesInFlight());
            assertEquals(1, processor.stats().decided());
        }
    }

    @Test
    void spansOfUntrackedTracesGoByTheHeadDecision() {
        TailSamplingSpanProcessor processor = tail().maxTraces(1).build();
        try (SimulatedRuns runs = new SimulatedRuns(clock, WorkflowSampler.parse("*=100%; tail").build(),
                processor)) {
            Span held = runs.startRoot();
            String passed = runs.run(1, false, 0);
            assertEquals(4, exported.spans.get(passed));
            assertEquals("head", reasonOf(passed));
            assertEquals(1, processor.stats().untracked());
            held.end();
            assertEquals("head", reasonOf(held.getSpanContext().getTraceId()));
        }
    }

    @Test
    void shutdownDecidesWhatIsBufferedAndStartsReachADownstreamThatWantsThem() {
        AtomicInteger starts = new AtomicInteger();
        List<String> ended = new ArrayList<>();
        SpanProcessor downstream = new SpanProcessor() {
            @Override
            public void onStart(Context parentContext, ReadWriteSpan span) {
                starts.incrementAndGet();
            }

            @Override
            public boolean isStartRequired() {
                return true;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                ended.add(span.getName());
                SpanData data = span.toSpanData();
                assertEquals(span.getSpanContext(), data.getSpanContext());
                assertTrue(data.getSpanContext().isSampled());
                assertEquals("error", data.getAttributes().get(KeepReason.ATTRIBUTE));
                assertEquals("error", span.getAttributes().get(KeepReason.ATTRIBUTE));
                assertTrue(span.hasEnded());
                assertEquals(span.getLatencyNanos(), data.getEndEpochNanos() - data.getStartEpochNanos());
                assertEquals("error", span.getAttribute(KeepReason.ATTRIBUTE));
                assertEquals(data.getAttributes().size(), data.getTotalAttributeCount());
                assertEquals(span.getInstrumentationScopeInfo(), data.getInstrumentationScopeInfo());
                assertTrue(data.getEvents().isEmpty() && data.getLinks().isEmpty());
                assertEquals(0, data.getTotalRecordedEvents() + data.getTotalRecordedLinks());
                assertTrue(data.getResource() != null && span.getKind() != null);
                assertTrue(span.toString().contains(span.getName()));
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }
        };
        TailSamplingSpanProcessor processor = TailSamplingSpanProcessor.builder(downstream).clock(clock::nanoTime)
                .build();
        try (SimulatedRuns runs = runs(processor)) {
            Span root = runs.startRoot();
            runs.step(root, "Broken", 1, true, span -> { });
            assertTrue(processor.forceFlush().join(1, java.util.concurrent.TimeUnit.SECONDS).isSuccess());
            CompletableResultCode shutdown = processor.shutdown();
            assertTrue(shutdown.isSuccess());
            assertEquals(List.of("Broken"), ended);
            assertEquals(2, starts.get());
            root.end(); // after the decision: the trace is gone, the head decision (drop) applies
            assertEquals(List.of("Broken"), ended);
        }
    }

    @Test
    void badSettingsAreRefused() {
        TailSamplingSpanProcessor.Builder builder = TailSamplingSpanProcessor.builder(SpanProcessor.composite());
        assertThrows(IllegalArgumentException.class, () -> builder.maxTraces(0));
        assertThrows(IllegalArgumentException.class, () -> builder.maxSpansPerTrace(0));
        assertThrows(IllegalArgumentException.class, () -> builder.maxBytes(0));
        assertThrows(IllegalArgumentException.class, () -> builder.maxAge(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.slowThreshold(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> TailSamplingSpanProcessor.builder(null));
        assertThrows(IllegalArgumentException.class, () -> builder.apply("*=1; max.age=never"));
        assertTrue(builder.latencyBaseline(name -> -1).build().toString().contains("slow=off"));
    }

    @Test
    void theRuntimeBaselineIsUnknownForPrimitivesWithoutEnoughExecutions() {
        LatencyBaseline baseline = LatencyBaseline.runtime();
        assertTrue(baseline.recentP99Nanos("no-such-primitive") < 0);
        assertTrue(baseline.recentP99Nanos("no-such-primitive") < 0);
    }

    @Test
    void summariesNameEveryReasonAndEarlyDecision() {
        TailSamplingStats stats = new TailSamplingStats(10, java.util.Map.of(KeepReason.ERROR, 2L,
                KeepReason.HEAD, 1L), 7, 1, 0, 2, 3, 0, 0, 0);
        assertEquals(3, stats.keptTotal());
        assertEquals("kept 3 of 10 runs (error 2, head 1), dropped 7; decided early: 1 at the span bound, 0 at the "
                + "byte bound, 2 at the age bound; 3 past the trace bound went by the head decision", stats.summary());
    }
}
