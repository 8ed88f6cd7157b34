package dev.tta.workflow.telemetry;

/**
 * How anomalies are detected: once per closed window interval of each primitive, never per call.
 *
 * <p><b>Baseline.</b> The last {@code baselineIntervals} accepted intervals, each with at least {@code minSamples}
 * executions: the median of their 95th percentile latencies (a median, so that a few odd intervals do not move it),
 * the share of their executions slower than that median p95 (5 % by construction, then as measured) and their
 * error ratio, both pooled over every execution of the baseline.
 *
 * <p><b>Latency.</b> An interval of {@code n} executions of which {@code s} were slower than the baseline p95 is out
 * of band when the exact binomial tail {@code P(S ≥ s | n, baseline share) < latencyAlpha}, {@code s ≥ minEvents},
 * {@code s/n ≥ minExcessFactor × baseline share} and its own p95 is at least {@code minLatencyRatio} times the
 * baseline p95. Counting slow executions rather than comparing percentiles keeps the test exact at any count: the
 * p95 of 40 executions is their second or third slowest, which a few outliers move.
 *
 * <p><b>Errors.</b> The baseline ratio is {@code p0 = (F + ½) / (N + 1)} ({@code F} failures of {@code N}
 * executions). An interval with {@code x} failures of {@code n} is out of band when the exact binomial tail
 * {@code P(X ≥ x | n, p0) < errorAlpha}, {@code x ≥ minEvents} and {@code x/n ≥ minExcessFactor × p0}: exact for
 * small counts, where a normal approximation (a z-score, a Wilson bound) alarms too often.
 *
 * <p><b>Hysteresis.</b> An anomaly opens when {@code openAfter} of the last {@code openWindow} judged intervals are
 * out of band, and closes after {@code closeAfter} consecutive intervals in band (or {@code baselineIntervals}
 * intervals without enough executions to judge). Out-of-band intervals stay out of the baseline, so that it does
 * not follow the anomaly, until the anomaly has lasted {@code baselineIntervals} intervals: a lasting change then
 * becomes the new normal and the anomaly closes. Nothing is judged before {@code minBaselineIntervals} intervals
 * were accepted.
 *
 * @param enabled whether detectors run at all
 * @param baselineIntervals how many accepted intervals the baseline holds
 * @param minBaselineIntervals how many it needs before it judges
 * @param minSamples the fewest executions an interval needs to be judged (and to enter the baseline)
 * @param latencyAlpha the binomial tail probability of the slow executions below which an interval is out of band
 * @param minLatencyRatio the smallest interval p95 over baseline p95 that counts as out of band
 * @param errorAlpha the binomial tail probability of the failures below which an interval is out of band
 * @param minExcessFactor the smallest share of slow (or failed) executions, over the baseline share, that counts
 * @param minEvents the fewest slow (or failed) executions an out-of-band interval has
 * @param openAfter out-of-band intervals among the last {@code openWindow} that open an anomaly
 * @param openWindow the intervals {@code openAfter} counts in
 * @param closeAfter consecutive in-band intervals that close it
 */
public record AnomalySettings(boolean enabled, int baselineIntervals, int minBaselineIntervals, long minSamples,
        double latencyAlpha, double minLatencyRatio, double errorAlpha, double minExcessFactor, long minEvents,
        int openAfter, int openWindow, int closeAfter) {

    /**
     * The defaults: 30 intervals of baseline (5 minutes of the default 10-second intervals), judging after 10, at
     * least 30 executions per interval, a latency tail below 0.001 and an error tail below 0.005, each with at least 3
     * slow or failed executions and twice the baseline share, a p95 at least 1.5× the baseline's, open on 2 of 3
     * intervals, close after 3 in band.
     */
    public static final AnomalySettings DEFAULT = new AnomalySettings(true, 30, 10, 30, 0.001, 1.5, 0.005, 2.0, 3,
            2, 3, 3);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if a count is not positive, {@code minBaselineIntervals} exceeds
     *     {@code baselineIntervals}, {@code openAfter} exceeds {@code openWindow} (at most 31), a ratio is below 1 or
     *     an alpha is not in (0, 1)
     *
     * @param enabled see {@link #enabled()}
     * @param baselineIntervals see {@link #baselineIntervals()}
     * @param minBaselineIntervals see {@link #minBaselineIntervals()}
     * @param minSamples see {@link #minSamples()}
     * @param latencyAlpha see {@link #latencyAlpha()}
     * @param minLatencyRatio see {@link #minLatencyRatio()}
     * @param errorAlpha see {@link #errorAlpha()}
     * @param minExcessFactor see {@link #minExcessFactor()}
     * @param minEvents see {@link #minEvents()}
     * @param openAfter see {@link #openAfter()}
     * @param openWindow see {@link #openWindow()}
     * @param closeAfter see {@link #closeAfter()}
     */
    public AnomalySettings {
        require(baselineIntervals >= 1 && baselineIntervals <= 10_000, "baselineIntervals in 1..10000");
        require(minBaselineIntervals >= 1 && minBaselineIntervals <= baselineIntervals,
                "minBaselineIntervals in 1..baselineIntervals");
        require(minSamples >= 1, "minSamples at least 1");
        require(latencyAlpha > 0 && latencyAlpha < 1, "latencyAlpha in (0, 1)");
        require(minLatencyRatio >= 1 && Double.isFinite(minLatencyRatio), "minLatencyRatio at least 1");
        require(errorAlpha > 0 && errorAlpha < 1, "errorAlpha in (0, 1)");
        require(minExcessFactor >= 1 && Double.isFinite(minExcessFactor), "minExcessFactor at least 1");
        require(minEvents >= 1, "minEvents at least 1");
        require(openWindow >= 1 && openWindow <= 31, "openWindow in 1..31");
        require(openAfter >= 1 && openAfter <= openWindow, "openAfter in 1..openWindow");
        require(closeAfter >= 1, "closeAfter at least 1");
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException("anomaly settings need " + what);
        }
    }

    /**
     * These settings with another minimum of executions per judged interval.
     *
     * @param samples the fewest executions an interval needs
     * @return the new settings
     */
    public AnomalySettings withMinSamples(long samples) {
        return new AnomalySettings(enabled, baselineIntervals, minBaselineIntervals, samples, latencyAlpha,
                minLatencyRatio, errorAlpha, minExcessFactor, minEvents, openAfter, openWindow, closeAfter);
    }

    /**
     * These settings with another baseline length.
     *
     * @param intervals how many accepted intervals the baseline holds
     * @param judgeAfter how many it needs before it judges
     * @return the new settings
     */
    public AnomalySettings withBaseline(int intervals, int judgeAfter) {
        return new AnomalySettings(enabled, intervals, judgeAfter, minSamples, latencyAlpha, minLatencyRatio,
                errorAlpha, minExcessFactor, minEvents, openAfter, openWindow, closeAfter);
    }

    /**
     * These settings, switched on or off.
     *
     * @param on whether detectors run
     * @return the new settings
     */
    public AnomalySettings withEnabled(boolean on) {
        return new AnomalySettings(on, baselineIntervals, minBaselineIntervals, minSamples, latencyAlpha,
                minLatencyRatio, errorAlpha, minExcessFactor, minEvents, openAfter, openWindow, closeAfter);
    }
}
