package dev.tta.workflow.telemetry;

import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency of one named primitive, in nanoseconds, with HdrHistogram.
 *
 * <p>Writers never block: each records into an HdrHistogram {@link Recorder} (wait-free for writers) chosen by
 * thread, so that two threads hammering the same hot step do not fight over one cache line (a shared recorder costs
 * several times a private one under contention). Readers swap the recorders' interval histograms out and fold them
 * into the lifetime histogram under this object's lock, which only readers take.
 */
final class LatencyRecorder {

    /** Three significant digits: every recorded value is kept within 0.1 %. */
    static final int SIGNIFICANT_DIGITS = 3;

    private final String name;
    private final Recorder[] stripes;
    private final Histogram[] recycled;
    private final Histogram lifetime = new Histogram(SIGNIFICANT_DIGITS);
    private final int mask;

    LatencyRecorder(String name) {
        this.name = name;
        int count = stripeCount(Runtime.getRuntime().availableProcessors());
        this.stripes = new Recorder[count];
        this.recycled = new Histogram[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new Recorder(SIGNIFICANT_DIGITS);
        }
        this.mask = count - 1;
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
    @SuppressWarnings("deprecation") // Thread.getId: Thread.threadId only exists from Java 19; both are equal.
    void record(long nanos) {
        stripes[(int) Thread.currentThread().getId() & mask].recordValue(Math.max(0L, nanos));
    }

    /**
     * The lifetime distribution: every value recorded since this recorder was created.
     *
     * @return a snapshot
     */
    synchronized LatencySnapshot snapshot() {
        for (int i = 0; i < stripes.length; i++) {
            Histogram interval = stripes[i].getIntervalHistogram(recycled[i]);
            lifetime.add(interval);
            recycled[i] = interval;
        }
        return snapshotOf(name, lifetime);
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
}
