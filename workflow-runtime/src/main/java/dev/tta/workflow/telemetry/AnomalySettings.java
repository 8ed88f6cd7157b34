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
 * <p><b>Sequential tests.</b> Each detector is a CUSUM (Page 1954): a running sum of the log-likelihood ratio of a
 * shift of known size against the baseline, which accumulates evidence across intervals rather than judging each
 * interval alone. For errors the alternative is {@code p1 = errorShift × p0}; an interval with {@code x} failures
 * of {@code n} executions adds {@code x ln(p1/p0) + (n − x) ln((1 − p1)/(1 − p0))} nats, and the statistic is
 * {@code S = max(0, S + increment)}, capped at twice the threshold so that it falls back within a few intervals once
 * the rate recovers. Latency is the same test on the executions slower than the baseline p95: alternative share
 * {@code q1 = latencyShift × q0}. (An alternative that would reach 1 is capped halfway between the baseline and 1.)
 * Why: for a shift of known size the CUSUM is the optimal sequential test (Lorden 1971, Moustakides 1986: the
 * shortest worst-case delay for a given rate of false alarms); at the false-alarm rate of a per-interval test it
 * needs fewer executions per interval, since evidence that one interval holds too little of is added to the next.
 *
 * <p><b>Out of band.</b> An interval adds evidence for the shift when its increment is positive (its share of
 * slow or failed executions is above the point where the two hypotheses are equally likely) and, for latency, its p95
 * is at least {@code minLatencyRatio} times the baseline p95, a guard against alarms on shifts too small to matter.
 * It is out of band when it adds evidence and the statistic is at or above its threshold ({@code latencyThreshold}
 * or {@code errorThreshold}, in nats; false alarms grow rarer about as {@code e^h}).
 *
 * <p><b>Hysteresis.</b> An anomaly opens on an out-of-band interval when {@code openAfter} of the last
 * {@code openWindow} judged intervals added evidence and those intervals hold at least {@code minEvents} slow (or
 * failed) executions; it closes after {@code closeAfter} consecutive intervals in band (or {@code baselineIntervals}
 * intervals without enough executions to judge), and closing resets its statistic to zero. Out-of-band intervals
 * stay out of the baseline, so that it does not follow the anomaly, until the anomaly has lasted
 * {@code baselineIntervals} intervals: a lasting change then becomes the new normal and the anomaly closes. Nothing
 * is judged before {@code minBaselineIntervals} intervals were accepted.
 *
 * @param enabled whether detectors run at all
 * @param baselineIntervals how many accepted intervals the baseline holds
 * @param minBaselineIntervals how many it needs before it judges
 * @param minSamples the fewest executions an interval needs to be judged (and to enter the baseline)
 * @param latencyThreshold the latency statistic, in nats, at or above which intervals are out of band
 * @param latencyShift the share of slow executions the latency test looks for, as a multiple of the baseline share
 * @param minLatencyRatio the smallest interval p95 over baseline p95 that counts as out of band
 * @param errorThreshold the error statistic, in nats, at or above which intervals are out of band
 * @param errorShift the error ratio the error test looks for, as a multiple of the baseline ratio
 * @param minEvents the fewest slow (or failed) executions the intervals that open an anomaly hold
 * @param openAfter intervals among the last {@code openWindow} that added evidence, needed to open an anomaly
 * @param openWindow the intervals {@code openAfter} counts in
 * @param closeAfter consecutive in-band intervals that close it
 */
public record AnomalySettings(boolean enabled, int baselineIntervals, int minBaselineIntervals, long minSamples,
        double latencyThreshold, double latencyShift, double minLatencyRatio, double errorThreshold,
        double errorShift, long minEvents, int openAfter, int openWindow, int closeAfter) {

    /**
     * The defaults: 60 intervals of baseline (10 minutes of the default 10-second intervals), judging after 10, at
     * least 30 executions per interval; a latency test for 2.5 times the baseline share of slow executions with a
     * threshold of 10 nats and a p95 at least 1.25× the baseline's; an error test for 5 times the baseline ratio with
     * a threshold of 9 nats; at least 3 slow or failed executions, open on 2 of 3 intervals, close after 3 in band.
     */
    public static final AnomalySettings DEFAULT = new AnomalySettings(true, 60, 10, 30, 10.0, 2.5, 1.25, 9.0, 5.0, 3,
            2, 3, 3);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the value, if a count is not positive, {@code minBaselineIntervals}
     *     exceeds {@code baselineIntervals}, {@code openAfter} exceeds {@code openWindow} (at most 31), a threshold is
     *     not positive and finite, a shift is not above 1 and finite, or {@code minLatencyRatio} is below 1
     *
     * @param enabled see {@link #enabled()}
     * @param baselineIntervals see {@link #baselineIntervals()}
     * @param minBaselineIntervals see {@link #minBaselineIntervals()}
     * @param minSamples see {@link #minSamples()}
     * @param latencyThreshold see {@link #latencyThreshold()}
     * @param latencyShift see {@link #latencyShift()}
     * @param minLatencyRatio see {@link #minLatencyRatio()}
     * @param errorThreshold see {@link #errorThreshold()}
     * @param errorShift see {@link #errorShift()}
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
        require(latencyShift > 1 && Double.isFinite(latencyShift), "latencyShift above 1 and finite", latencyShift);
        require(minLatencyRatio >= 1 && Double.isFinite(minLatencyRatio), "minLatencyRatio at least 1 and finite",
                minLatencyRatio);
        require(errorThreshold > 0 && Double.isFinite(errorThreshold), "errorThreshold positive and finite",
                errorThreshold);
        require(errorShift > 1 && Double.isFinite(errorShift), "errorShift above 1 and finite", errorShift);
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
        return new AnomalySettings(enabled, baselineIntervals, minBaselineIntervals, samples, latencyThreshold,
                latencyShift, minLatencyRatio, errorThreshold, errorShift, minEvents, openAfter, openWindow,
                closeAfter);
    }

    /**
     * These settings with another baseline length.
     *
     * @param intervals how many accepted intervals the baseline holds
     * @param judgeAfter how many it needs before it judges
     * @return the new settings
     */
    public AnomalySettings withBaseline(int intervals, int judgeAfter) {
        return new AnomalySettings(enabled, intervals, judgeAfter, minSamples, latencyThreshold, latencyShift,
                minLatencyRatio, errorThreshold, errorShift, minEvents, openAfter, openWindow, closeAfter);
    }

    /**
     * These settings with other sequential tests: lower thresholds find a shift sooner and alarm more often on noise
     * (the false-alarm rate grows about as {@code e^h}); a smaller shift makes a test more sensitive to small
     * changes and slower on large ones.
     *
     * @param latency the latency threshold, in nats
     * @param latencyFactor the share of slow executions the latency test looks for, over the baseline share
     * @param errors the error threshold, in nats
     * @param errorFactor the error ratio the error test looks for, over the baseline ratio
     * @return the new settings
     */
    public AnomalySettings withThresholds(double latency, double latencyFactor, double errors, double errorFactor) {
        return new AnomalySettings(enabled, baselineIntervals, minBaselineIntervals, minSamples, latency,
                latencyFactor, minLatencyRatio, errors, errorFactor, minEvents, openAfter, openWindow, closeAfter);
    }

    /**
     * These settings with other opening and closing rules.
     *
     * @param after intervals among the last {@code window} that added evidence, needed to open an anomaly
     * @param window the intervals {@code after} counts in
     * @param close consecutive in-band intervals that close it
     * @return the new settings
     */
    public AnomalySettings withHysteresis(int after, int window, int close) {
        return new AnomalySettings(enabled, baselineIntervals, minBaselineIntervals, minSamples, latencyThreshold,
                latencyShift, minLatencyRatio, errorThreshold, errorShift, minEvents, after, window, close);
    }

    /**
     * These settings, switched on or off.
     *
     * @param on whether detectors run
     * @return the new settings
     */
    public AnomalySettings withEnabled(boolean on) {
        return new AnomalySettings(on, baselineIntervals, minBaselineIntervals, minSamples, latencyThreshold,
                latencyShift, minLatencyRatio, errorThreshold, errorShift, minEvents, openAfter, openWindow,
                closeAfter);
    }
}
