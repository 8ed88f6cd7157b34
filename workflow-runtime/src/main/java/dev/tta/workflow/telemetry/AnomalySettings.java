package dev.tta.workflow.telemetry;

/**
 * How anomalies are detected: once per closed window interval of each primitive, never per call.
 *
 * <p><b>Baseline.</b> The last {@code baselineIntervals} accepted intervals, each with at least {@code minSamples}
 * executions: the median of their 95th percentile latencies (a median, so that a few odd intervals do not move it),
 * the share {@code q0} of their executions slower than that median p95 (5 % by construction, then as measured) and
 * their error ratio {@code p0 = (F + ½) / (N + 1)} ({@code F} failures of {@code N} executions, never zero), both
 * pooled over every execution of the baseline.
 *
 * <p><b>Scan test.</b> Each judged interval ends {@code openWindow} windows: the last one, two, ...
 * {@code openWindow} judged intervals. For each, the detector pools their executions {@code n} and failures (or
 * executions slower than the baseline p95) {@code x} and computes the exact binomial tail {@code P(X ≥ x)} for
 * {@code X ~ Binomial(n, p0)} (or {@code q0}); the interval's score is the largest {@code −ln P} over its windows,
 * in nats. Why: for a window whose start is the change, the count test is the most powerful test there is
 * (Neyman-Pearson: it needs no assumed size of the shift), and exact tails give every window the same false-alarm
 * rate whatever its size, so a lull of a few dozen executions and a burst of thousands are judged alike. Scanning
 * the windows that end now is the price of not knowing when a change began.
 *
 * <p><b>Out of band.</b> An interval adds evidence when its own share of slow (or failed) executions is above the
 * baseline's and, for latency, its p95 is at least {@code minLatencyRatio} times the baseline p95, a guard against
 * alarms on shifts too small to matter. It is out of band when it adds evidence and its score is at or above the
 * threshold ({@code latencyThreshold} or {@code errorThreshold}, in nats: a window of stationary traffic reaches
 * {@code h} with probability at most {@code e^−h}).
 *
 * <p><b>Hysteresis.</b> An anomaly opens on an out-of-band interval when {@code openAfter} of the last
 * {@code openWindow} judged intervals added evidence and those intervals hold at least {@code minEvents} slow (or
 * failed) executions; it closes after {@code closeAfter} consecutive intervals in band (or {@code baselineIntervals}
 * intervals without enough executions to judge), and closing clears its windows. Out-of-band intervals stay out of
 * the baseline, so that it does not follow the anomaly, until the anomaly has lasted {@code baselineIntervals}
 * intervals: a lasting change then becomes the new normal and the anomaly closes. Nothing is judged before
 * {@code minBaselineIntervals} intervals were accepted.
 *
 * @param enabled whether detectors run at all
 * @param baselineIntervals how many accepted intervals the baseline holds
 * @param minBaselineIntervals how many it needs before it judges
 * @param minSamples the fewest executions an interval needs to be judged (and to enter the baseline)
 * @param latencyThreshold the latency score, in nats, at or above which intervals are out of band
 * @param minLatencyRatio the smallest interval p95 over baseline p95 that counts as out of band
 * @param errorThreshold the error score, in nats, at or above which intervals are out of band
 * @param minEvents the fewest slow (or failed) executions the intervals that open an anomaly hold
 * @param openAfter intervals among the last {@code openWindow} that added evidence, needed to open an anomaly
 * @param openWindow the judged intervals the scan pools, and that {@code openAfter} counts in
 * @param closeAfter consecutive in-band intervals that close it
 */
public record AnomalySettings(boolean enabled, int baselineIntervals, int minBaselineIntervals, long minSamples,
        double latencyThreshold, double minLatencyRatio, double errorThreshold, long minEvents, int openAfter,
        int openWindow, int closeAfter) {

    /**
     * The defaults: 60 intervals of baseline (10 minutes of the default 10-second intervals), judging after 10, at
     * least 10 executions per interval; windows of up to 3 intervals; thresholds of 11 nats for latency and 10 for
     * errors, and a p95 at least 1.25× the baseline's; at least 3 slow or failed executions, open on 2 of 3
     * intervals, close after 3 in band.
     */
    public static final AnomalySettings DEFAULT = new AnomalySettings(true, 60, 10, 10, 11.0, 1.25, 10.0, 3, 2, 3, 3);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the value, if a count is not positive, {@code minBaselineIntervals}
     *     exceeds {@code baselineIntervals}, {@code openAfter} exceeds {@code openWindow} (at most 31), a threshold is
     *     not positive and finite, or {@code minLatencyRatio} is below 1
     *
     * @param enabled see {@link #enabled()}
     * @param baselineIntervals see {@link #baselineIntervals()}
     * @param minBaselineIntervals see {@link #minBaselineIntervals()}
     * @param minSamples see {@link #minSamples()}
     * @param latencyThreshold see {@link #latencyThreshold()}
     * @param minLatencyRatio see {@link #minLatencyRatio()}
     * @param errorThreshold see {@link #errorThreshold()}
     * @param minEvents see {@link #minEvents()}
     * @param openAfter see {@link #openAfter()}
     * @param openWindow see {@link #openWindow()}
     * @param closeAfter see {@link #closeAfter()}
     */
    public AnomalySettings {
        require(baselineIntervals >= 1 && baselineIntervals <= 10_000, "baselineIntervals in 1..10000",
                baselineIntervals);
        require(minBaselineIntervals >= 1 && minBaselineIntervals <= baselineIntervals,
                "minBaselineIntervals in 1..baselineIntervals (" + baselineIntervals + ")", minBaselineIntervals);
        require(minSamples >= 1, "minSamples at least 1", minSamples);
        require(latencyThreshold > 0 && Double.isFinite(latencyThreshold), "latencyThreshold positive and finite",
                latencyThreshold);
        require(minLatencyRatio >= 1 && Double.isFinite(minLatencyRatio), "minLatencyRatio at least 1 and finite",
                minLatencyRatio);
        require(errorThreshold > 0 && Double.isFinite(errorThreshold), "errorThreshold positive and finite",
                errorThreshold);
        require(minEvents >= 1, "minEvents at least 1", minEvents);
        require(openWindow >= 1 && openWindow <= 31, "openWindow in 1..31", openWindow);
        require(openAfter >= 1 && openAfter <= openWindow, "openAfter in 1..openWindow (" + openWindow + ")",
                openAfter);
        require(closeAfter >= 1, "closeAfter at least 1", closeAfter);
    }

    private static void require(boolean condition, String what, Object value) {
        if (!condition) {
            throw new IllegalArgumentException("anomaly settings need " + what + ", got " + value);
        }
    }

    /**
     * These settings with another minimum of executions per judged interval.
     *
     * @param samples the fewest executions an interval needs
     * @return the new settings
     */
    public AnomalySettings withMinSamples(long samples) {
        return new AnomalySettings(enabled, baselineIntervals, minBaselineIntervals, samples,
                latencyThreshold, minLatencyRatio, errorThreshold, minEvents, openAfter, openWindow, closeAfter);
    }

    /**
     * These settings with another baseline length.
     *
     * @param intervals how many accepted intervals the baseline holds
     * @param judgeAfter how many it needs before it judges
     * @return the new settings
     */
    public AnomalySettings withBaseline(int intervals, int judgeAfter) {
        return new AnomalySettings(enabled, intervals, judgeAfter, minSamples,
                latencyThreshold, minLatencyRatio, errorThreshold, minEvents, openAfter, openWindow, closeAfter);
    }

    /**
     * These settings with other thresholds: lower ones find a shift sooner and alarm more often on noise (a window of
     * stationary traffic reaches a threshold {@code h} with probability at most {@code e^−h}).
     *
     * @param latency the latency threshold, in nats
     * @param errors the error threshold, in nats
     * @return the new settings
     */
    public AnomalySettings withThresholds(double latency, double errors) {
        return new AnomalySettings(enabled, baselineIntervals, minBaselineIntervals, minSamples,
                latency, minLatencyRatio, errors, minEvents, openAfter, openWindow, closeAfter);
    }

    /**
     * These settings with other opening and closing rules.
     *
     * @param after intervals among the last {@code window} that added evidence, needed to open an anomaly
     * @param window the judged intervals the scan pools, and that {@code after} counts in
     * @param close consecutive in-band intervals that close it
     * @return the new settings
     */
    public AnomalySettings withHysteresis(int after, int window, int close) {
        return new AnomalySettings(enabled, baselineIntervals, minBaselineIntervals, minSamples,
                latencyThreshold, minLatencyRatio, errorThreshold, minEvents, after, window, close);
    }

    /**
     * These settings, switched on or off.
     *
     * @param on whether detectors run
     * @return the new settings
     */
    public AnomalySettings withEnabled(boolean on) {
        return new AnomalySettings(on, baselineIntervals, minBaselineIntervals, minSamples,
                latencyThreshold, minLatencyRatio, errorThreshold, minEvents, openAfter, openWindow, closeAfter);
    }
}
