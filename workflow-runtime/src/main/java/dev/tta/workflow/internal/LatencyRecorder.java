package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.LatencySnapshot;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.Recorder;

/**
 * Latency of one named primitive, in nanoseconds, with HdrHistogram: over its lifetime and over a recent window.
 *
 * <p>Writers never block: each records into an HdrHistogram {@link Recorder} (wait-free for writers) chosen by
 * thread, so that two threads hammering the same hot step do not fight over one cache line (a shared recorder costs
 * several times a private one under contention). Readers, under this object's lock which only readers take, swap the
 * recorders' interval histograms out and fold them into the lifetime histogram and the current window interval.
 *
 * <p>The window is a ring of interval histograms: {@link #rotate} (called on a timer) closes the current interval and
 * drops the oldest, so a window of 60 s in 6 intervals covers the last 50 to 60 seconds. The lifetime and window
 * histograms are packed: their memory follows the number of distinct values seen, not the range. The writers'
 * recorders are not: packed concurrent histograms cost about twice as much per value, and under concurrent writers
 * and resizing they stalled in our tests.
 */
public final class LatencyRecorder {

    /** Three significant digits: every recorded value is kept within 0.1 %. */
    static final int SIGNIFICANT_DIGITS = 3;

    private final String name;
    private final Recorder[] stripes;
    private final Histogram[] recycled;
    private final int mask;
    private final Histogram lifetime = new PackedHistogram(SIGNIFICANT_DIGITS);
    private Histogram current = new PackedHistogram(SIGNIFICANT_DIGITS);
    private long currentStartNanos;
    /** Closed intervals, oldest first once full; {@code filled} of them hold data. */
    private Histogram[] ring;
    private int next;
    private int filled;
    private long intervalNanos;
    /**
     * The current interval again, at two significant digits from 1 µs and array-backed, for the anomaly detectors:
     * its percentiles cost a few microseconds where the packed histograms' cost a few hundred.
     */
    private final Histogram detectorInterval = coarseHistogram();

    LatencyRecorder(String name, WindowSettings window, long nowNanos) {
        this.name = name;
        int count = stripeCount(Runtime.getRuntime().availableProcessors());
        this.stripes = new Recorder[count];
        this.recycled = new Histogram[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new Recorder(SIGNIFICANT_DIGITS);
        }
        this.mask = count - 1;
        configure(window, nowNanos);
    }

    /** One stripe per core, rounded up to a power of two (for masking) and capped at 8. */
    static int stripeCount(int processors) {
        int wanted = Math.max(1, Math.min(8, processors));
        return wanted == 1 ? 1 : Integer.highestOneBit(wanted - 1) << 1;
    }

    String name() {
        return name;
    }

    /**
     * Records one execution's duration.
     *
     * @param nanos the duration; negative values (a clock going backwards) are recorded as zero
     */
    void record(long nanos) {
        stripes[stripe()].recordValue(Math.max(0L, nanos));
    }

    /** The calling thread's stripe. */
    int stripe() {
        return ThreadSlots.current() & mask;
    }

    /** Starts a new, empty window with these settings; the lifetime histogram is kept. */
    synchronized void configure(WindowSettings window, long nowNanos) {
        drain();
        ring = new Histogram[window.intervals() - 1];
        next = 0;
        filled = 0;
        intervalNanos = window.intervalNanos();
        current.reset();
        detectorInterval.reset();
        currentStartNanos = nowNanos;
    }

    /** Closes the current interval: it joins the ring, and the oldest interval leaves the window. */
    synchronized void rotate(long nowNanos) {
        rotate(nowNanos, null, 0);
    }

    /**
     * Closes the current interval, first copying into {@code sample} (when given) its count, tail percentiles and how
     * many executions were slower than {@code slowThresholdNanos} (when positive).
     */
    synchronized void rotate(long nowNanos, IntervalSample sample, long slowThresholdNanos) {
        drain();
        if (sample != null) {
            summarise(detectorInterval, slowThresholdNanos, sample);
        }
        detectorInterval.reset();
        if (ring.length == 0) {
            current.reset();
        } else {
            Histogram oldest = ring[next];
            ring[next] = current;
            current = oldest == null ? new PackedHistogram(SIGNIFICANT_DIGITS) : oldest;
            current.reset();
            next = (next + 1) % ring.length;
            filled = Math.min(filled + 1, ring.length);
        }
        currentStartNanos = nowNanos;
    }

    /**
     * Every value recorded since this recorder was created.
     *
     * @return a snapshot
     */
    /**
     * Lifetime percentiles.
     *
     * @return the snapshot
     */
    public synchronized LatencySnapshot lifetime() {
        drain();
        return snapshotOf(name, lifetime);
    }

    /**
     * The values of the recent window, and how long a stretch of time the window covers right now.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     * @return the window's snapshot and span
     */
    /**
     * The recent window.
     *
     * @param nowNanos the clock reading
     * @return the window
     */
    public synchronized Window window(long nowNanos) {
        drain();
        Histogram merged = current.copy();
        for (Histogram interval : ring) {
            if (interval != null) {
                merged.add(interval);
            }
        }
        Duration covered = Duration.ofNanos(filled * intervalNanos + Math.max(0, nowNanos - currentStartNanos));
        return new Window(snapshotOf(name, merged), covered);
    }

    /** Bytes held by this recorder's histograms, as HdrHistogram estimates them. */
    synchronized long footprintBytes() {
        drain();
        long bytes = lifetime.getEstimatedFootprintInBytes() + current.getEstimatedFootprintInBytes()
                + detectorInterval.getEstimatedFootprintInBytes();
        for (Histogram interval : ring) {
            bytes += interval == null ? 0 : interval.getEstimatedFootprintInBytes();
        }
        for (int i = 0; i < stripes.length; i++) {
            // A recorder holds two histograms: the active one and the one last swapped out (kept in recycled).
            Histogram swapped = recycled[i];
            bytes += swapped == null ? 0 : 2 * swapped.getEstimatedFootprintInBytes();
        }
        return bytes;
    }

    private void drain() {
        for (int i = 0; i < stripes.length; i++) {
            Histogram interval = stripes[i].getIntervalHistogram(recycled[i]);
            lifetime.add(interval);
            current.add(interval);
            if (interval.getTotalCount() > 0) {
                detectorInterval.add(interval);
            }
            recycled[i] = interval;
        }
    }

    /** Count, p95, p99 and the count above the threshold of a detector histogram, into the sample. */
    static void summarise(Histogram histogram, long slowThresholdNanos, IntervalSample sample) {
        long count = histogram.getTotalCount();
        sample.count = count;
        sample.p95Nanos = count == 0 ? 0 : histogram.getValueAtPercentile(95.0);
        sample.p99Nanos = count == 0 ? 0 : histogram.getValueAtPercentile(99.0);
        sample.slowThresholdNanos = slowThresholdNanos;
        sample.slowerCount = slowThresholdNanos <= 0 || count == 0 ? 0
                : count - histogram.getCountBetweenValues(0, slowThresholdNanos);
    }

    static Histogram coarseHistogram() {
        Histogram histogram = new Histogram(1_000, 1_000_000, 2);
        histogram.setAutoResize(true);
        return histogram;
    }

    static LatencySnapshot snapshotOf(String name, Histogram histogram) {
        long count = histogram.getTotalCount();
        if (count == 0) {
            return new LatencySnapshot(name, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }
        return new LatencySnapshot(name, count,
                Duration.ofNanos(Math.round(histogram.getMean())),
                Duration.ofNanos(histogram.getMaxValue()),
                Duration.ofNanos(histogram.getValueAtPercentile(50.0)),
                Duration.ofNanos(histogram.getValueAtPercentile(90.0)),
                Duration.ofNanos(histogram.getValueAtPercentile(95.0)),
                Duration.ofNanos(histogram.getValueAtPercentile(99.0)),
                Duration.ofNanos(histogram.getValueAtPercentile(99.9)));
    }

    /** A window's latencies and the stretch of time they cover. */
    /**
     * Percentiles over the recent window and the time it covers.
     *
     * @param latency the percentiles
     * @param covered the time covered
     */
    public record Window(LatencySnapshot latency, Duration covered) {
    }
}
