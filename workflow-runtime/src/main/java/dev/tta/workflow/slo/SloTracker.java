package dev.tta.workflow.slo;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counts the good and bad events of one objective in time buckets, and answers for its {@link SloStatus}: good and
 * total over the compliance period, error budget left, burn rates over {@link SloStatus#BURN_RATE_WINDOWS}.
 *
 * <p><b>Writing is one add.</b> Events go into the current minute's {@link LongAdder}, good and bad packed into one
 * {@code long}, so that recording an event is a volatile read, a comparison and an uncontended add, whatever the
 * number of threads; a new minute costs one small allocation, by whichever thread gets there first. Readers (and the
 * first writer of a minute) fold each closed minute, two minutes after it closed so that late writers are still
 * counted, into three rings of plain counters:
 * <ul>
 *   <li>minutes, covering the last 6 hours: the 5-minute, 30-minute, 1-hour and 6-hour windows;</li>
 *   <li>hours, covering the last 3 days: the 3-day window;</li>
 *   <li>buckets of 1/360 of the compliance period (2 hours for 30 days), covering the period.</li>
 * </ul>
 * Memory is therefore bounded, about 20 KB per objective, and independent of the traffic. A window is resolved to
 * its ring's buckets: its oldest bucket counts whole, so the 5-minute window covers 5 to 6 minutes, the 3-day one 3
 * days to 3 days and an hour, the 30-day period 30 days to 30 days and 2 hours.
 *
 * <p>Thread-safe: writers never block; readers and minute changes take this tracker's lock. A single minute holds
 * at most 2<sup>32</sup> - 1 bad events (beyond, they would carry into the total).
 *
 * <p>Time comes from a nanosecond clock like {@link System#nanoTime()} (the default), injectable for tests.
 */
public final class SloTracker {

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long TOTAL_ONE = 1L << 32;
    private static final long BAD_MASK = TOTAL_ONE - 1;
    /** Minutes not yet folded into the rings: the current one and at most the two before it, plus slack. */
    private static final int OPEN_SLOTS = 4;
    /** Burn-rate windows served by the minute ring; the last one (3 days) by the hour ring. */
    private static final int MINUTE_WINDOWS = 4;
    private static final long[] WINDOW_NANOS = SloStatus.BURN_RATE_WINDOWS.stream().mapToLong(Duration::toNanos)
            .toArray();

    private final String primitiveName;
    private final ServiceLevelObjective objective;
    private final LongSupplier clock;
    private final long periodNanos;
    // The rings cover their longest window plus the two minutes not folded yet and the partial oldest bucket.
    private final Ring minutes = new Ring(1, 6 * 60 + 4);
    private final Ring hours = new Ring(60, 3 * 24 + 3);
    private final Ring period;
    /** Minutes not folded yet, by minute modulo {@link #OPEN_SLOTS}; guarded by this. */
    private final Minute[] open = new Minute[OPEN_SLOTS];
    private volatile Minute current = new Minute(Long.MIN_VALUE, Long.MIN_VALUE);
    /** The last minute folded into the rings; guarded by this. */
    private long foldedUpTo = Long.MIN_VALUE;

    /**
     * A tracker on {@link System#nanoTime()}.
     *
     * @param primitiveName the primitive the objective belongs to, reported in its status
     * @param objective the objective
     */
    public SloTracker(String primitiveName, ServiceLevelObjective objective) {
        this(primitiveName, objective, System::nanoTime);
    }

    /**
     * A tracker on the given clock.
     *
     * @param primitiveName the primitive the objective belongs to, reported in its status
     * @param objective the objective
     * @param nanoClock a monotonic clock in nanoseconds, like {@link System#nanoTime()}
     * @throws NullPointerException if an argument is null
     */
    public SloTracker(String primitiveName, ServiceLevelObjective objective, LongSupplier nanoClock) {
        this.primitiveName = Objects.requireNonNull(primitiveName, "primitiveName");
        this.objective = Objects.requireNonNull(objective, "objective");
        this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.periodNanos = objective.period().toNanos();
        long periodMinutes = ceilDiv(periodNanos, MINUTE_NANOS);
        long bucketMinutes = ceilDiv(periodMinutes, 360);
        this.period = new Ring(bucketMinutes, (int) ceilDiv(periodMinutes, bucketMinutes) + 3);
    }

    /**
     * The primitive the objective belongs to.
     *
     * @return its name
     */
    public String primitiveName() {
        return primitiveName;
    }

    /**
     * The objective tracked.
     *
     * @return the objective
     */
    public ServiceLevelObjective objective() {
        return objective;
    }

    /**
     * Records one event now.
     *
     * @param good whether it is a good event (else a bad one)
     */
    public void record(boolean good) {
        record(good, clock.getAsLong());
    }

    /**
     * Records one event at a time the caller has already read from this tracker's clock, sparing a second reading.
     *
     * @param good whether it is a good event (else a bad one)
     * @param nowNanos the current time on this tracker's clock
     */
    public void record(boolean good, long nowNanos) {
        Minute minute = current;
        long offset = nowNanos - minute.startNanos;
        if (offset < 0 || offset >= MINUTE_NANOS) {
            minute = minuteOf(Math.floorDiv(nowNanos, MINUTE_NANOS));
        }
        minute.counts.add(good ? TOTAL_ONE : TOTAL_ONE | 1);
    }

    /**
     * Records one execution as {@link ServiceLevelObjective#classify} counts it for this objective.
     *
     * @param success whether the execution returned (rather than threw)
     * @param durationNanos how long it took
     * @param nowNanos the current time on this tracker's clock
     * @return how it counted; {@link ServiceLevelObjective.Event#NONE} records nothing
     */
    public ServiceLevelObjective.Event record(boolean success, long durationNanos, long nowNanos) {
        ServiceLevelObjective.Event event = objective.classify(success, durationNanos);
        if (event != ServiceLevelObjective.Event.NONE) {
            record(event == ServiceLevelObjective.Event.GOOD, nowNanos);
        }
        return event;
    }

    /** The bucket of a minute other than the current one's: a new minute, or a late writer's. */
    private synchronized Minute minuteOf(long minute) {
        Minute latest = current;
        if (latest.minute == minute) {
            return latest;
        }
        if (minute < latest.minute) {
            // A writer that read the clock before another moved on (or a clock that stepped back): its own minute if
            // that is still open, else the current one.
            Minute earlier = open[slot(minute)];
            return earlier != null && earlier.minute == minute ? earlier : latest;
        }
        fold(minute - 2);
        Minute fresh = new Minute(minute, minute * MINUTE_NANOS);
        open[slot(minute)] = fresh;
        current = fresh;
        return fresh;
    }

    /** Moves the open minutes up to {@code upTo} into the rings; guarded by this. */
    private void fold(long upTo) {
        if (upTo <= foldedUpTo) {
            return;
        }
        for (int i = 0; i < OPEN_SLOTS; i++) {
            Minute minute = open[i];
            if (minute != null && minute.minute <= upTo) {
                long packed = minute.counts.sum();
                long total = packed >>> 32;
                long bad = packed & BAD_MASK;
                if (total > 0) {
                    minutes.add(minute.minute, total, bad);
                    hours.add(minute.minute, total, bad);
                    period.add(minute.minute, total, bad);
                }
                open[i] = null;
            }
        }
        foldedUpTo = upTo;
    }

    private static int slot(long minute) {
        return (int) Math.floorMod(minute, (long) OPEN_SLOTS);
    }

    /**
     * The objective's state now.
     *
     * @return the status
     */
    public SloStatus status() {
        return status(clock.getAsLong());
    }

    /**
     * The objective's state at a time read from this tracker's clock.
     *
     * @param nowNanos the current time on this tracker's clock
     * @return the status
     */
    public SloStatus status(long nowNanos) {
        long nowMinute = Math.floorDiv(nowNanos, MINUTE_NANOS);
        int windows = WINDOW_NANOS.length;
        long[] totals = new long[windows + 1];
        long[] bads = new long[windows + 1];
        synchronized (this) {
            fold(nowMinute - 2);
            for (int i = 0; i < windows; i++) {
                sum(i < MINUTE_WINDOWS ? minutes : hours, nowNanos - WINDOW_NANOS[i], nowMinute, i, totals, bads);
            }
            sum(period, nowNanos - periodNanos, nowMinute, windows, totals, bads);
        }
        double budget = objective.errorBudget();
        Map<Duration, Double> burnRates = new LinkedHashMap<>();
        List<Duration> windowList = SloStatus.BURN_RATE_WINDOWS;
        for (int i = 0; i < windows; i++) {
            burnRates.put(windowList.get(i), totals[i] == 0 ? 0.0 : (double) bads[i] / totals[i] / budget);
        }
        long total = totals[windows];
        long bad = bads[windows];
        double remaining = total == 0 ? 1.0 : 1.0 - (double) bad / total / budget;
        return new SloStatus(primitiveName, objective, total - bad, total, remaining, burnRates);
    }

    /** Adds the events from {@code fromNanos} to now: folded ones from the ring, open ones from their minutes. */
    private void sum(Ring ring, long fromNanos, long nowMinute, int index, long[] totals, long[] bads) {
        long fromMinute = Math.floorDiv(fromNanos, MINUTE_NANOS);
        long[] out = new long[2];
        ring.sum(fromMinute, Math.min(foldedUpTo, nowMinute), out);
        for (Minute minute : open) {
            if (minute != null && minute.minute >= fromMinute && minute.minute <= nowMinute) {
                long packed = minute.counts.sum();
                out[0] += packed >>> 32;
                out[1] += packed & BAD_MASK;
            }
        }
        totals[index] += out[0];
        bads[index] += out[1];
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }

    @Override
    public String toString() {
        return "SloTracker{" + primitiveName + ", " + objective + "}";
    }

    /** One minute's events while writers may still add to it. */
    private static final class Minute {
        final long minute;
        final long startNanos;
        final LongAdder counts = new LongAdder();

        Minute(long minute, long startNanos) {
            this.minute = minute;
            this.startNanos = startNanos;
        }
    }

    /** Totals per bucket of whole minutes, in a ring; guarded by the tracker's lock. */
    private static final class Ring {
        private final long bucketMinutes;
        private final long[] bucket;
        private final long[] total;
        private final long[] bad;

        Ring(long bucketMinutes, int slots) {
            this.bucketMinutes = bucketMinutes;
            this.bucket = new long[slots];
            this.total = new long[slots];
            this.bad = new long[slots];
            Arrays.fill(bucket, Long.MIN_VALUE);
        }

        void add(long minute, long events, long badEvents) {
            long index = Math.floorDiv(minute, bucketMinutes);
            int slot = (int) Math.floorMod(index, (long) bucket.length);
            if (bucket[slot] != index) {
                if (bucket[slot] > index) {
                    return; // older than what the ring holds (minutes are folded in order, so never in practice)
                }
                bucket[slot] = index;
                total[slot] = 0;
                bad[slot] = 0;
            }
            total[slot] += events;
            bad[slot] += badEvents;
        }

        /** Adds the buckets from the one holding {@code fromMinute} to the one holding {@code toMinute}. */
        void sum(long fromMinute, long toMinute, long[] out) {
            long last = Math.floorDiv(toMinute, bucketMinutes);
            for (long index = Math.floorDiv(fromMinute, bucketMinutes); index <= last; index++) {
                int slot = (int) Math.floorMod(index, (long) bucket.length);
                if (bucket[slot] == index) {
                    out[0] += total[slot];
                    out[1] += bad[slot];
                }
            }
        }
    }
}
