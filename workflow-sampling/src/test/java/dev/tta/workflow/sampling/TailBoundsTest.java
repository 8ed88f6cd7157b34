package dev.tta.workflow.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.time.TestClock;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tail buffer's bounds: its size with 10,000 runs in flight, and no growth when roots never end. */
class TailBoundsTest {

    private static final int IN_FLIGHT = 10_000;
    private static final int STEPS = 4;
    private final TestClock clock = TestClock.create();
    private final SimulatedRuns.Collector exported = new SimulatedRuns.Collector();

    private static final String[] STEP_NAMES = {"Validate", "Price", "Charge", "Ship"};

    /** Starts runs whose steps end but whose roots stay open: the tail buffer holds their steps. */
    private static List<Span> openRuns(SimulatedRuns runs, int count) {
        List<Span> roots = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Span root = runs.startRoot();
            for (int s = 0; s < STEPS; s++) {
                runs.step(root, STEP_NAMES[s], 0, false, span -> { });
            }
            roots.add(root);
        }
        return roots;
    }

    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** The heap the runs retain, measured after full collections, with this processor in the SDK. */
    private static long retainedBy(SpanProcessor processor, TestClock clock, long[] accounted) {
        try (SimulatedRuns runs = new SimulatedRuns(clock, WorkflowSampler.parse("*=10%; tail").build(), processor)) {
            long before = usedHeapAfterGc();
            List<Span> roots = openRuns(runs, IN_FLIGHT);
            long after = usedHeapAfterGc();
            if (processor instanceof TailSamplingSpanProcessor tail) {
                TailSamplingStats stats = tail.stats();
                assertEquals(IN_FLIGHT, stats.tracesInFlight());
                assertEquals((long) IN_FLIGHT * STEPS, stats.bufferedSpans());
                accounted[0] = stats.bufferedBytes();
            }
            assertEquals(IN_FLIGHT, roots.size());
            roots.forEach(Span::end);
            return after - before;
        }
    }

    @Test
    void tenThousandRunsInFlightTakeLessThan16MegabytesMeasuredOnTheHeap() {
        long[] accounted = new long[1];
        TailSamplingSpanProcessor tail = TailSamplingSpanProcessor.builder(SpanProcessor.composite())
                .clock(clock::nanoTime).build();
        long withoutTail = retainedBy(SimulatedRuns.onEnd(span -> { }), clock, accounted);
        long withTail = retainedBy(tail, clock, accounted);
        long buffer = withTail - withoutTail;
        System.out.printf("tail buffer, %,d runs in flight with %d ended steps each: %.1f MB measured on the heap "
                + "(%.1f MB retained with the buffer, %.1f MB without), %.1f MB accounted%n", IN_FLIGHT, STEPS,
                buffer / 1e6, withTail / 1e6, withoutTail / 1e6, accounted[0] / 1e6);
        assertTrue(buffer <= 16_000_000, "buffer took " + buffer + " bytes");
        // The byte bound's own estimate counts shared strings in full: an upper bound of what is measured.
        assertTrue(accounted[0] >= buffer, "accounted " + accounted[0] + " below measured " + buffer);
        assertEquals(0, tail.stats().tracesInFlight());
    }

    @Test
    void rootsThatNeverEndAreDecidedAtTheAgeBoundAndTheBufferStaysBounded() {
        TailSamplingSpanProcessor tail = SimulatedRuns.tailInto(exported, clock)
                .maxTraces(5_000).maxAge(Duration.ofSeconds(10)).slowThreshold(Duration.ofSeconds(5)).build();
        try (SimulatedRuns runs = new SimulatedRuns(clock, WorkflowSampler.parse("*=10%; tail").build(), tail)) {
            long maxInFlight = 0;
            long maxBytes = 0;
            for (int round = 0; round < 40; round++) {
                openRuns(runs, 1_000); // leaked: never ended
                clock.advance(Duration.ofSeconds(1));
                TailSamplingStats stats = tail.stats();
                maxInFlight = Math.max(maxInFlight, stats.tracesInFlight());
                maxBytes = Math.max(maxBytes, stats.bufferedBytes());
            }
            TailSamplingStats stats = tail.stats();
            System.out.println("never-ending roots, 40,000 runs: at most " + maxInFlight + " traces and "
                    + maxBytes / 1000 + " kB buffered; " + stats.summary());
            assertTrue(maxInFlight <= 5_000);
            assertTrue(stats.earlyByAge() > 0);
            assertTrue(stats.untracked() > 0);
            // Stuck runs older than the slow threshold are kept as slow, with what they recorded.
            assertEquals(stats.earlyByAge(), stats.kept().get(KeepReason.SLOW));
            clock.advance(Duration.ofSeconds(11));
            tail.sweep();
            assertEquals(0, tail.stats().tracesInFlight());
            assertEquals(0, tail.stats().bufferedBytes());
        }
    }

    @Test
    void aTraceReachingTheSpanBoundIsDecidedEarlyAndTheRestFollows() {
        TailSamplingSpanProcessor tail = SimulatedRuns.tailInto(exported, clock).maxSpansPerTrace(3).build();
        try (SimulatedRuns runs = SimulatedRuns.tailOnly(clock, tail)) {
            Span root = runs.startRoot();
            runs.step(root, "a", 1, true, span -> { }); // a failure before the bound: kept
            runs.step(root, "b", 1, false, span -> { });
            runs.step(root, "c", 1, false, span -> { }); // the 4th span started: decided early
            runs.step(root, "d", 1, false, span -> { });
            root.end();
            assertEquals(1, tail.stats().earlyBySpans());
            assertEquals(1, tail.stats().kept().get(KeepReason.ERROR));
            assertEquals(5, exported.exported);

            Span quiet = runs.startRoot();
            for (int i = 0; i < 5; i++) {
                runs.step(quiet, "q" + i, 1, false, span -> { });
            }
            quiet.end();
            assertEquals(5, exported.exported);
            assertEquals(1, tail.stats().dropped());
        }
    }

    @Test
    void theByteBoundDecidesTheGrowingTraceEarly() {
        TailSamplingSpanProcessor tail = SimulatedRuns.tailInto(exported, clock).maxBytes(10_000).build();
        try (SimulatedRuns runs = SimulatedRuns.tailOnly(clock, tail)) {
            List<Span> roots = openRuns(runs, 20);
            TailSamplingStats stats = tail.stats();
            assertTrue(stats.earlyByBytes() > 0);
            assertTrue(stats.bufferedBytes() <= 10_000 + 1_000, "buffered " + stats.bufferedBytes());
            roots.forEach(Span::end);
            assertEquals(0, tail.stats().tracesInFlight());
            assertEquals(0, exported.exported);
        }
    }

    @Test
    void spansAreHeldAsTheyAreUpToASixteenthOfTheByteBoundAndAsCompactCopiesPastIt() {
        TailSamplingSpanProcessor tail = SimulatedRuns.tailInto(exported, clock).maxBytes(16 * 2_000).build();
        try (SimulatedRuns runs = SimulatedRuns.tailOnly(clock, tail)) {
            Span root = runs.startRoot();
            List<Long> sizes = new ArrayList<>();
            long before = 0;
            for (int i = 0; i < 6; i++) {
                runs.step(root, "step", 0, i == 5, span -> { });
                long now = tail.stats().bufferedBytes();
                sizes.add(now - before);
                before = now;
            }
            // Held by reference, a span is counted with the SDK span it retains; a compact copy is counted smaller.
            assertTrue(sizes.get(0) >= TailSamplingSpanProcessor.HELD_BYTES, "first span counted " + sizes);
            assertTrue(sizes.get(5) < TailSamplingSpanProcessor.HELD_BYTES, "last span counted " + sizes);
            assertEquals(6, tail.stats().bufferedSpans());
            root.end();
            // Both kinds reach the downstream processor, with the reason, once the run is kept.
            assertEquals(7, exported.exported);
            assertEquals("error", exported.roots.get(root.getSpanContext().getTraceId()).getAttributes()
                    .get(KeepReason.ATTRIBUTE));
            assertEquals(0, tail.stats().bufferedBytes());
        }
    }
}
