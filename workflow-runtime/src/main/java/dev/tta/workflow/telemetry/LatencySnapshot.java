package dev.tta.workflow.telemetry;

import java.time.Duration;
import java.util.Locale;

/**
 * Latency percentiles of one primitive at one moment, from HdrHistogram: every value is exact to three significant
 * digits (within 0.1 %).
 *
 * @param name the primitive's name
 * @param count the number of executions recorded, successful or not
 * @param mean the mean duration
 * @param max the longest duration
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 */
public record LatencySnapshot(String name, long count, Duration mean, Duration max, Duration p50, Duration p90,
        Duration p95, Duration p99, Duration p999) {

    /**
     * One line: name, count, then mean and percentiles in milliseconds.
     *
     * @return the line
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "%s count=%d mean=%.3fms p50=%.3fms p90=%.3fms p95=%.3fms p99=%.3fms p999=%.3fms max=%.3fms",
                name, count, millis(mean), millis(p50), millis(p90), millis(p95), millis(p99), millis(p999),
                millis(max));
    }

    /**
     * A duration in fractional milliseconds, for printing.
     *
     * @param duration the duration
     * @return milliseconds
     */
    public static double millis(Duration duration) {
        return duration.toNanos() / 1_000_000.0;
    }
}
