package dev.tta.workflow.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void stripeCountIsAPowerOfTwoPerCoreCappedAtEight() {
        assertEquals(1, LatencyRecorder.stripeCount(1));
        assertEquals(2, LatencyRecorder.stripeCount(2));
        assertEquals(4, LatencyRecorder.stripeCount(3));
        assertEquals(8, LatencyRecorder.stripeCount(6));
        assertEquals(8, LatencyRecorder.stripeCount(64));
        assertEquals(1, LatencyRecorder.stripeCount(0));
    }

    @Test
    void percentilesAreExactToThreeSignificantDigits() {
        LatencyRecorder recorder = new LatencyRecorder("precision");
        for (long micros = 1; micros <= 10_000; micros++) {
            recorder.record(micros * 1_000);
        }

        LatencySnapshot snapshot = recorder.snapshot();
        assertEquals(10_000, snapshot.count());
        assertWithin(Duration.ofMillis(5), snapshot.p50());
        assertWithin(Duration.ofMillis(9), snapshot.p90());
        assertWithin(Duration.ofNanos(9_500_000), snapshot.p95());
        assertWithin(Duration.ofNanos(9_900_000), snapshot.p99());
        assertWithin(Duration.ofNanos(9_990_000), snapshot.p999());
        assertWithin(Duration.ofMillis(10), snapshot.max());
        assertWithin(Duration.ofNanos(5_000_500), snapshot.mean());
    }

    private static void assertWithin(Duration expected, Duration actual) {
        double error = Math.abs(actual.toNanos() - expected.toNanos()) / (double) expected.toNanos();
        assertTrue(error <= 0.001, "expected " + expected + " within 0.1% but was " + actual);
    }

    @Test
    void concurrentWritersLoseNoSampleAndSnapshotsAccumulate() throws Exception {
        LatencyRecorder recorder = new LatencyRecorder("concurrent");
        int threads = 4;
        int perThread = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        recorder.record(1_000 + i);
                        if (i % 10_000 == 0) {
                            recorder.snapshot(); // readers interleave with writers
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals((long) threads * perThread, recorder.snapshot().count());
        assertEquals((long) threads * perThread, recorder.snapshot().count(), "a second snapshot loses nothing");
    }

    @Test
    void negativeDurationsAreRecordedAsZeroAndEmptySnapshotsAreZero() {
        LatencyRecorder recorder = new LatencyRecorder("edge");
        assertEquals(Duration.ZERO, recorder.snapshot().p99());
        recorder.record(-5);
        assertEquals(1, recorder.snapshot().count());
        assertEquals(Duration.ZERO, recorder.snapshot().max());
    }

    @Test
    void telemetryFailuresAreLoggedAtMostOnceAMinute() {
        try (LogCapture logs = new LogCapture("dev.tta.workflow.telemetry", Level.WARN)) {
            long before = TelemetryErrors.count();
            for (int i = 0; i < 5; i++) {
                TelemetryErrors.report("testing", new IllegalStateException("failure " + i));
            }
            assertEquals(before + 5, TelemetryErrors.count());
            assertTrue(logs.events().size() <= 1, "a burst of failures logs one line at most: " + logs.events());
        }
    }
}
