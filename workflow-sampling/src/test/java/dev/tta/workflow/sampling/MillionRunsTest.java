package dev.tta.workflow.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.sdk.testing.time.TestClock;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The target: 1,000,000 runs, 1 % failing and 0.5 % slow, through the head sampler (10 %) and the tail
 * processor on the real SDK. Every failing and slow run is exported complete, the others at 10 % +- 0.5 %, and every
 * exported root carries a valid {@code th}.
 */
class MillionRunsTest {

    private static final int RUNS = 1_000_000;
    private static final int SPANS_PER_RUN = 4;

    @Test
    void keepsEveryFailingAndSlowRunWholeAndTheOthersAtTheHeadRate() {
        SimulatedRuns.Collector exported = new SimulatedRuns.Collector();
        TestClock clock = TestClock.create();
        TailSamplingSpanProcessor tail = SimulatedRuns.tailInto(exported, clock)
                .slowThreshold(Duration.ofSeconds(1))
                // The workflow's recent p99: the runtime's HdrHistogram in production, a fixed 40 ms here.
                .latencyBaseline(primitive -> SimulatedRuns.WORKFLOW.equals(primitive) ? 40_000_000L : -1)
                .build();
        Set<String> failing = new HashSet<>();
        Set<String> slow = new HashSet<>();
        long started = System.nanoTime();
        try (SimulatedRuns runs = new SimulatedRuns(clock, WorkflowSampler.parse("*=10%; tail").build(), tail)) {
            for (int i = 0; i < RUNS; i++) {
                if (i % 100 == 0) {
                    failing.add(runs.run(2 + i % 5, true, 0));
                } else if (i % 200 == 1) {
                    slow.add(runs.run(2 + i % 5, false, 250));
                } else {
                    runs.run(2 + i % 5, false, 0); // 6 to 18 ms, under the p99
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        int normalRuns = RUNS - failing.size() - slow.size();
        int normalKept = 0;
        for (Map.Entry<String, Integer> trace : exported.spans.entrySet()) {
            assertEquals(SPANS_PER_RUN, trace.getValue(), "incomplete trace " + trace.getKey());
            SpanData root = exported.roots.get(trace.getKey());
            String th = Thresholds.subKey(root.getSpanContext().getTraceState().get("ot"), "th");
            assertTrue(Thresholds.decode(th) >= 0, "invalid th '" + th + "' on " + root);
            assertEquals(TraceFlags.getSampled(), root.getSpanContext().getTraceFlags());
            String reason = root.getAttributes().get(KeepReason.ATTRIBUTE);
            if (failing.contains(trace.getKey())) {
                assertEquals("error", reason);
                assertEquals("0", th);
            } else if (slow.contains(trace.getKey())) {
                assertEquals("slow", reason);
                assertEquals("0", th);
            } else {
                assertEquals("head", reason);
                assertEquals("e6666666666666", th);
                normalKept++;
            }
        }
        for (String id : failing) {
            assertEquals(SPANS_PER_RUN, exported.spans.getOrDefault(id, 0), "failing run not kept whole: " + id);
        }
        for (String id : slow) {
            assertEquals(SPANS_PER_RUN, exported.spans.getOrDefault(id, 0), "slow run not kept whole: " + id);
        }
        double share = normalKept / (double) normalRuns;
        TailSamplingStats stats = tail.stats();
        System.out.printf("%,d runs (%,d failing, %,d slow) in %.1f s: %s; other runs kept %.3f %%%n", RUNS,
                failing.size(), slow.size(), seconds, stats.summary(), 100 * share);
        assertEquals(10_000, failing.size());
        assertEquals(5_000, slow.size());
        assertEquals(0.10, share, 0.005);
        assertEquals(RUNS, stats.decided());
        assertEquals(0, stats.tracesInFlight());
        assertEquals(0, stats.bufferedSpans());
        assertEquals(0, stats.bufferedBytes());
        assertEquals((long) SPANS_PER_RUN * exported.spans.size(), exported.exported);
    }
}
