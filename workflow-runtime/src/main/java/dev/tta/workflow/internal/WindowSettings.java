package dev.tta.workflow.internal;

import java.time.Duration;

/**
 * How the recent window of every primitive's statistics is cut: its length and the number of rolling intervals.
 *
 * @param length the window's length
 * @param intervals how many intervals it rolls in, at least 2
 */
public record WindowSettings(Duration length, int intervals) {

    /** 60 s in 6 intervals. */
    public static final WindowSettings DEFAULT = new WindowSettings(Duration.ofSeconds(60), 6);

    /** Checks the settings.
     *
     * @param length see {@link #length()}
     * @param intervals see {@link #intervals()}
     */
    public WindowSettings {
        if (length == null || length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("window length must be positive, was " + length);
        }
        if (intervals < 2) {
            throw new IllegalArgumentException("window intervals must be at least 2, was " + intervals);
        }
        if (length.toNanos() / intervals < 1_000_000) {
            throw new IllegalArgumentException("window intervals must be at least 1 ms long, were "
                    + Duration.ofNanos(length.toNanos() / intervals));
        }
    }

    long intervalNanos() {
        return length.toNanos() / intervals;
    }
}
