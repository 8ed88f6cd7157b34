package dev.tta.workflow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.telemetry.LatencySnapshot;
import dev.tta.workflow.telemetry.LogCapture;
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
    @SuppressWarnings("deprecation") // Thread.getId: what the stripes were chosen by before
    void threadsStartedOneAfterTheOtherGetDifferentStripesWhateverTheirIds() throws Exception {
        LatencyRecorder recorder = new LatencyRecorder("stripes", WindowSettings.DEFAULT, System.nanoTime());
        int stripes = LatencyRecorder.stripeCount(Runtime.getRuntime().availableProcessors());
        // Two threads whose ids share their low bits: by thread id, they would share one stripe.
        List<Thread> sameLowBits = new ArrayList<>();
        int[] seen = new int[2];
        for (int attempt = 0; sameLowBits.size() < 2 && attempt < 1_000; attempt++) {
            int index = sameLowBits.size();
            Thread thread = new Thread(() -> seen[index] = recorder.stripe());
            long lowBits = thread.getId() & (stripes - 1);
            if (sameLowBits.isEmpty() || lowBits == (sameLowBits.get(0).getId() & (stripes - 1))) {
                sameLowBits.add(thread);
            }
        }
        for (Thread thread : sameLowBits) {
            thread.start();
            thread.join();
        }
        if (stripes > 1) {
            assertNotEquals(seen[0], seen[1], "two threads in a row share no stripe");
        }
    }

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
        LatencyRecorder recorder = new LatencyRecorder("precision", WindowSettings.DEFAULT, System.nanoTime());
        for (long micros = 1; micros <= 10_000; micros++) {
            recorder.record(micros * 1_000);
        }

        LatencySnapshot snapshot = recorder.lifetime();
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
        LatencyRecorder recorder = new LatencyRecorder("concurrent", WindowSettings.DEFAULT, System.nanoTime());
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
                            recorder.lifetime(); // readers interleave with writers
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

        assertEquals((long) threads * perThread, recorder.lifetime().count());
        assertEquals((long) threads * perThread, recorder.lifetime().count(), "a second snapshot loses nothing");
    }

    @Test
    void negativeDurationsAreRecordedAsZeroAndEmptySnapshotsAreZero() {
        LatencyRecorder recorder = new LatencyRecorder("edge", WindowSettings.DEFAULT, System.nanoTime());
        assertEquals(Duration.ZERO, recorder.lifetime().p99());
        recorder.record(-5);
        assertEquals(1, recorder.lifetime().count());
        assertEquals(Duration.ZERO, recorder.lifetime().max());
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

    @Test
    void valuesLeaveTheWindowAfterItsIntervalsRotatePastThem() {
        long start = 0;
        long interval = Duration.ofSeconds(10).toNanos();
        LatencyRecorder recorder = new LatencyRecorder("window", new WindowSettings(Duration.ofSeconds(30), 3), start);
        recorder.record(5_000_000);                      // interval 1
        recorder.rotate(start + interval);
        recorder.record(7_000_000);                      // interval 2
        recorder.rotate(start + 2 * interval);
        recorder.record(9_000_000);                      // interval 3, still open

        LatencyRecorder.Window full = recorder.window(start + 2 * interval + interval / 2);
        assertEquals(3, full.latency().count(), "three intervals fit in a window of three");
        assertEquals(Duration.ofSeconds(25), full.covered(), "two closed intervals and half of the open one");

        recorder.rotate(start + 3 * interval);
        LatencyRecorder.Window later = recorder.window(start + 3 * interval);
        assertEquals(2, later.latency().count(), "the first interval left the window");
        assertWithin(Duration.ofMillis(7), later.latency().p50());
        recorder.rotate(start + 4 * interval);
        recorder.rotate(start + 5 * interval);
        assertEquals(0, recorder.window(start + 5 * interval).latency().count(), "everything left the window");
        assertEquals(3, recorder.lifetime().count(), "the lifetime keeps every value");
    }

    @Test
    void windowSettingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new WindowSettings(Duration.ZERO, 6));
        assertThrows(IllegalArgumentException.class, () -> new WindowSettings(Duration.ofSeconds(60), 1));
        assertThrows(IllegalArgumentException.class, () -> new WindowSettings(Duration.ofMillis(5), 10));
        assertThrows(IllegalArgumentException.class, () -> WorkflowTelemetry.configureWindow(null, 6));
    }

    @Test
    void footprintStaysBoundedHoweverManyValuesAreRecorded() {
        LatencyRecorder recorder = new LatencyRecorder("footprint", WindowSettings.DEFAULT, 0);
        java.util.Random random = new java.util.Random(42);
        for (int round = 1; round <= 3; round++) {
            for (int i = 0; i < 1_000_000; i++) {
                // log-uniform from 1 us to 10 s: the widest realistic spread of step latencies
                recorder.record((long) Math.exp(Math.log(1_000) + random.nextDouble() * Math.log(10_000_000)));
            }
            recorder.rotate(round);
            long footprint = recorder.footprintBytes();
            // Writers' recorders are sized by range (at most ~0.3 MB each for 1 us..10 s); the rest is packed.
            assertTrue(footprint < 4 * 1024 * 1024, "footprint " + footprint + " bytes");
        }
    }
}
