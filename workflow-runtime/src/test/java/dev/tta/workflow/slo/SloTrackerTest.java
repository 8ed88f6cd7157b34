package dev.tta.workflow.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SloTrackerTest {

    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final Duration THIRTY_MINUTES = Duration.ofMinutes(30);
    private static final Duration ONE_HOUR = Duration.ofHours(1);
    private static final Duration SIX_HOURS = Duration.ofHours(6);
    private static final Duration THREE_DAYS = Duration.ofDays(3);

    /** A clock the test moves by hand. */
    private final AtomicLong now = new AtomicLong();

    private SloTracker tracker(ServiceLevelObjective objective) {
        return new SloTracker("CallModel", objective, now::get);
    }

    private void at(Duration time) {
        now.set(time.toNanos());
    }

    private static void record(SloTracker tracker, int good, int bad) {
        for (int i = 0; i < good; i++) {
            tracker.record(true);
        }
        for (int i = 0; i < bad; i++) {
            tracker.record(false);
        }
    }

    @Test
    void burnRateIsTheBadShareOverTheErrorBudgetAndTheBudgetGoesNegativeWhenOverspent() {
        SloTracker tracker = tracker(ServiceLevelObjective.availability(0.99));
        record(tracker, 95, 5);

        SloStatus status = tracker.status();

        assertEquals(95, status.good());
        assertEquals(100, status.total());
        assertEquals(5, status.bad());
        // 5 % bad against a 1 % budget: burning 5 times too fast, the period's budget spent 5 times over.
        for (Duration window : SloStatus.BURN_RATE_WINDOWS) {
            assertEquals(5.0, status.burnRate(window), 1e-9, window.toString());
        }
        assertEquals(-4.0, status.errorBudgetRemaining(), 1e-9);
        assertFalse(status.isMet());
        assertEquals(0.95, status.goodRatio(), 1e-12);
        assertEquals("CallModel", status.primitiveName());
    }

    @Test
    void aTrackerWithoutEventsHasItsWholeBudgetAndBurnsNothing() {
        SloStatus status = tracker(ServiceLevelObjective.availability(0.999)).status();

        assertEquals(0, status.total());
        assertEquals(1.0, status.errorBudgetRemaining());
        assertEquals(1.0, status.goodRatio());
        assertTrue(status.isMet());
        SloStatus.BURN_RATE_WINDOWS.forEach(window -> assertEquals(0.0, status.burnRate(window)));
    }

    @Test
    void aFreshBurstBurnsFastOverShortWindowsAndSlowlyOverLongOnes() {
        SloTracker tracker = tracker(ServiceLevelObjective.availability(0.999));
        // Three quiet days: 100 good executions every hour, 30 s past the hour.
        for (int hour = 0; hour < 72; hour++) {
            at(Duration.ofHours(hour).plusSeconds(30));
            record(tracker, 100, 0);
        }
        // Then a burst of failures at 72 h 30 min 10 s.
        at(Duration.ofHours(72).plusMinutes(30).plusSeconds(10));
        record(tracker, 90, 10);

        SloStatus status = tracker.status();

        // The last 5 min, 30 min and 1 h hold only the burst: 10 % bad against a 0.1 % budget.
        assertEquals(100.0, status.burnRate(FIVE_MINUTES), 1e-9);
        assertEquals(100.0, status.burnRate(THIRTY_MINUTES), 1e-9);
        assertEquals(100.0, status.burnRate(ONE_HOUR), 1e-9);
        // 6 h: the burst and the five hourly batches since 66 h 30 min.
        assertEquals(10.0 / 600 / 0.001, status.burnRate(SIX_HOURS), 1e-9);
        // 3 days reach back into the hour bucket of 0 h 30 min, which counts whole: all 72 batches.
        assertEquals(10.0 / 7300 / 0.001, status.burnRate(THREE_DAYS), 1e-9);
        assertEquals(7290, status.good());
        assertEquals(7300, status.total());
        assertEquals(1 - 10.0 / 7300 / 0.001, status.errorBudgetRemaining(), 1e-9);
    }

    @Test
    void eachWindowForgetsEventsOnceTheyAreOlderThanItAndItsOldestBucket() {
        SloTracker tracker = tracker(ServiceLevelObjective.availability(0.9));
        at(Duration.ofSeconds(10));
        record(tracker, 0, 4);
        double full = 1 / 0.1; // every event bad, against a 10 % budget

        // 5 min 30 s later the window starts inside minute 0, which still counts whole.
        at(Duration.ofMinutes(5).plusSeconds(30));
        assertEquals(full, tracker.status().burnRate(FIVE_MINUTES), 1e-9);
        at(Duration.ofMinutes(6));
        SloStatus sixMinutes = tracker.status();
        assertEquals(0.0, sixMinutes.burnRate(FIVE_MINUTES));
        assertEquals(full, sixMinutes.burnRate(THIRTY_MINUTES), 1e-9);

        at(Duration.ofMinutes(31));
        assertEquals(0.0, tracker.status().burnRate(THIRTY_MINUTES));
        assertEquals(full, tracker.status().burnRate(ONE_HOUR), 1e-9);

        at(Duration.ofMinutes(61));
        assertEquals(0.0, tracker.status().burnRate(ONE_HOUR));
        assertEquals(full, tracker.status().burnRate(SIX_HOURS), 1e-9);

        at(Duration.ofHours(6).plusMinutes(1));
        assertEquals(0.0, tracker.status().burnRate(SIX_HOURS));
        assertEquals(full, tracker.status().burnRate(THREE_DAYS), 1e-9);

        // The 3-day window counts in hours: hour 0 still counts at 3 days 59 minutes, not at 3 days 1 hour.
        at(THREE_DAYS.plusMinutes(59));
        assertEquals(full, tracker.status().burnRate(THREE_DAYS), 1e-9);
        at(THREE_DAYS.plusHours(1));
        SloStatus afterThreeDays = tracker.status();
        assertEquals(0.0, afterThreeDays.burnRate(THREE_DAYS));
        assertEquals(4, afterThreeDays.total());

        // A 30-day period counts in buckets of 2 hours.
        at(Duration.ofDays(30).plusMinutes(119));
        assertEquals(4, tracker.status().total());
        at(Duration.ofDays(30).plusHours(2));
        SloStatus afterPeriod = tracker.status();
        assertEquals(0, afterPeriod.total());
        assertEquals(1.0, afterPeriod.errorBudgetRemaining());
    }

    @Test
    void theRingsWrapAroundWithoutMixingOldAndNewEvents() {
        SloTracker tracker = tracker(ServiceLevelObjective.availability("availability", 0.5, Duration.ofDays(1)));
        // One event a minute for three days: every ring wraps around several times.
        for (long minute = 0; minute < 3 * 24 * 60; minute++) {
            at(Duration.ofMinutes(minute));
            tracker.record(minute % 4 != 0);
        }
        at(Duration.ofMinutes(3 * 24 * 60 - 1));
        SloStatus status = tracker.status();

        // A 1-day period in 4-minute buckets: the last 1440 minutes plus the rest of the oldest bucket.
        long firstBucketStart = Math.floorDiv(3 * 24 * 60 - 1 - 24 * 60, 4) * 4L;
        long expectedTotal = 3 * 24 * 60 - firstBucketStart;
        assertEquals(expectedTotal, status.total());
        assertEquals(expectedTotal / 4, status.bad());
        // 5 minutes: minutes 4314 to 4319, of which 4316 is bad.
        assertEquals(1.0 / 6 / 0.5, status.burnRate(FIVE_MINUTES), 1e-9);
        // 3 days: everything since hour 0, a quarter bad.
        assertEquals(0.25 / 0.5, status.burnRate(THREE_DAYS), 1e-9);
    }

    @Test
    void aLateWriterIsCountedInItsOwnMinuteWhileItIsOpenAndInTheCurrentOneAfter() {
        SloTracker tracker = tracker(ServiceLevelObjective.availability(0.99));
        long minute = TimeUnit.MINUTES.toNanos(1);
        tracker.record(true, 9 * minute);
        tracker.record(true, 10 * minute);
        // Read its clock in minute 9, adds after another writer moved to minute 10: minute 9 is still open.
        tracker.record(false, 9 * minute + 5);

        // Minutes 10 to 15: minute 10 holds one good event only.
        assertEquals(0.0, tracker.status(15 * minute).burnRate(FIVE_MINUTES));
        assertEquals(1, tracker.status(15 * minute).bad());

        tracker.record(true, 20 * minute);
        // Minute 9 has been folded into the rings by now: this one lands in minute 20.
        tracker.record(false, 9 * minute + 7);

        SloStatus atTwenty = tracker.status(20 * minute);
        assertEquals(5, atTwenty.total());
        assertEquals(2, atTwenty.bad());
        // Minutes 15 to 20: minute 20's two events, one of them the late bad one.
        assertEquals(0.5 / 0.01, atTwenty.burnRate(FIVE_MINUTES), 1e-9);
        assertEquals(0.4 / 0.01, atTwenty.burnRate(THIRTY_MINUTES), 1e-9);
    }

    @Test
    void aClockBeforeItsEpochWorksAsWell() {
        SloTracker tracker = tracker(ServiceLevelObjective.availability(0.99));
        at(Duration.ofMinutes(-90));
        record(tracker, 3, 1);
        at(Duration.ofMinutes(-88));
        record(tracker, 1, 0);

        SloStatus status = tracker.status();
        assertEquals(5, status.total());
        assertEquals(1, status.bad());
    }

    @Test
    void aLatencyObjectiveCountsOnlySuccessfulExecutionsAgainstItsThreshold() {
        SloTracker tracker = tracker(ServiceLevelObjective.latency(0.99, Duration.ofMillis(300)));
        long ms = 1_000_000L;

        assertSame(ServiceLevelObjective.Event.GOOD, tracker.record(true, 200 * ms, 0));
        assertSame(ServiceLevelObjective.Event.GOOD, tracker.record(true, 300 * ms, 0));
        assertSame(ServiceLevelObjective.Event.BAD, tracker.record(true, 300 * ms + 1, 0));
        assertSame(ServiceLevelObjective.Event.NONE, tracker.record(false, 10 * ms, 0));

        SloStatus status = tracker.status();
        assertEquals(3, status.total());
        assertEquals(2, status.good());
    }

    @Test
    void anAvailabilityObjectiveCountsEveryExecutionWhateverItsDuration() {
        SloTracker tracker = tracker(ServiceLevelObjective.availability(0.99));

        assertSame(ServiceLevelObjective.Event.GOOD, tracker.record(true, Long.MAX_VALUE, 0));
        assertSame(ServiceLevelObjective.Event.BAD, tracker.record(false, 1, 0));

        assertEquals(2, tracker.status().total());
        assertEquals(1, tracker.status().good());
    }

    @Test
    void concurrentWritersLoseNoEventAcrossMinuteChangesWhileReadersRead() throws Exception {
        // Every recording moves the clock 200 us: 400 000 events over 80 s from 59 s on, crossing two minutes while
        // other writers hold clock readings of the minute before.
        AtomicLong clock = new AtomicLong(TimeUnit.SECONDS.toNanos(59));
        SloTracker tracker = new SloTracker("Hot", ServiceLevelObjective.availability(0.9), clock::get);
        int threads = 4;
        int perThread = 100_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread writer = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        tracker.record(i % 10 != 0, clock.getAndAdd(200_000L));
                    }
                } catch (Throwable thrown) {
                    failure.compareAndSet(null, thrown);
                }
            });
            writer.start();
            writers.add(writer);
        }
        Thread reader = new Thread(() -> {
            try {
                start.await();
                while (writing.get()) {
                    SloStatus status = tracker.status(clock.get());
                    if (status.bad() > status.total()) {
                        throw new AssertionError("bad > total: " + status);
                    }
                }
            } catch (Throwable thrown) {
                failure.compareAndSet(null, thrown);
            }
        });
        reader.start();
        start.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        writing.set(false);
        reader.join();

        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        SloStatus status = tracker.status(clock.get());
        assertEquals((long) threads * perThread, status.total());
        assertEquals((long) threads * perThread / 10, status.bad());
        // A tenth bad against a tenth of budget, in every window that covers the whole run.
        assertEquals(1.0, status.burnRate(SIX_HOURS), 1e-9);
    }
}
