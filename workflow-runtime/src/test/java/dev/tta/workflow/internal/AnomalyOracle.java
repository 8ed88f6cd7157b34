package dev.tta.workflow.internal;

import dev.tta.workflow.internal.AnomalySimulation.Change;
import dev.tta.workflow.internal.AnomalySimulation.Run;
import dev.tta.workflow.internal.AnomalySimulation.Traffic;
import dev.tta.workflow.telemetry.AnomalyKind;
import java.util.List;

/**
 * An upper bound on what any detector can find within {@value AnomalySimulation#JUDGED_INTERVALS} intervals of a
 * change in the {@linkplain AnomalySimulation simulation}: the Neyman-Pearson test that knows what no detector can,
 * namely when the change happened, the true stationary error rate {@code p0} (1 %) and latency distribution, and the
 * calls of every interval, and that judges the judged intervals' calls at once.
 *
 * <p><b>Errors.</b> Failures are independent of latencies and of traffic, and the calls before the change are
 * distributed alike with or without it, so all the evidence is the count {@code x} of failures among the {@code n}
 * calls of the judged intervals: Binomial({@code n}, {@code p}) given {@code n}. The likelihood ratio of any
 * {@code p1 > p0} against {@code p0} grows with {@code x}, so rejecting when {@code x ≥ c(n)}, the smallest count with
 * {@code P(Binomial(n, p0) ≥ c) ≤ α}, is the most powerful test of its size against every larger rate at once (it does
 * not even need {@code p1}), and with a coin tossed at {@code x = c − 1} the most powerful of size exactly
 * {@code α}. A detector's "opened within the judged intervals" is a test of the same two hypotheses on the same calls
 * with less knowledge: at the same size it cannot find more runs, in expectation.
 *
 * <p><b>Latency.</b> The same test on the calls slower than the true p95 of the stationary distribution (a share
 * {@code q0} of 5 % by definition). It bounds detectors that count slow calls, as this one does, not detectors that
 * weigh every call's latency: a 2× slowdown moves the whole distribution, not only its tail.
 *
 * <p><b>Size.</b> The target allows one false anomaly per primitive and simulated day of
 * {@value AnomalySimulation#INTERVALS_PER_DAY} intervals. {@link #ALARM_A_DAY_OF_WINDOWS} holds the oracle to one
 * rejected window a day if it judged every window of stationary traffic; the windows overlap, so its rejections come
 * in clusters and, counted as anomalies are, it would raise fewer than one a day: that size is stricter on the oracle
 * than the target is on a detector, and understates the bound. {@link #OPENING_A_DAY} is the bound itself: a detector
 * that opens one anomaly a day on average opens one within a given three intervals with probability at most three
 * times the per-interval rate, and that is the size of its "detected within 3 intervals" (generous, even: the target
 * counts both kinds of anomaly, and this gives one kind the whole budget).
 */
final class AnomalyOracle {

    /** The size at which the oracle, judging every window of a stationary day, rejects one window a day. */
    static final double ALARM_A_DAY_OF_WINDOWS = 1.0 / AnomalySimulation.INTERVALS_PER_DAY;
    /** The most a detector opening one false anomaly a day can spend on the intervals of one window. */
    static final double OPENING_A_DAY = AnomalySimulation.JUDGED_INTERVALS
            / (double) AnomalySimulation.INTERVALS_PER_DAY;
    /** The share of stationary calls slower than {@link #TRUE_P95_SECONDS}. */
    static final double TRUE_SLOW_SHARE = 0.05;
    /** The true 95th percentile of the stationary latency distribution, in seconds. */
    static final double TRUE_P95_SECONDS = quantileAbove(TRUE_SLOW_SHARE);

    private AnomalyOracle() {
    }

    /**
     * The oracle's region at one size: reject when the count reaches {@code count}, and with probability
     * {@code boundaryChance} when it is one less (the coin that makes the test's size exactly its alpha).
     *
     * @param count the critical count {@code c(n)}
     * @param boundaryChance the chance of rejecting at {@code c(n) − 1}
     */
    record Region(long count, double boundaryChance) {

        /** The chance that the randomized test rejects {@code x}: 1 from {@link #count}, the coin just below. */
        double rejection(long x) {
            return x >= count ? 1 : x == count - 1 ? boundaryChance : 0;
        }
    }

    /**
     * The critical region of the oracle's test of {@code n} trials at share {@code p0}: the smallest {@code c} with
     * {@code P(Binomial(n, p0) ≥ c) ≤ alpha}, and the coin at {@code c − 1} that brings the size up to {@code alpha}.
     * Exact: the tail is summed from the top in logarithms, so that no term underflows.
     */
    static Region region(long n, double p0, double alpha) {
        double logAlpha = Math.log(alpha);
        double logOdds = Math.log(p0) - Math.log1p(-p0);
        // ln P(X = k), from k = n down: P(X = k − 1) = P(X = k) × k / (n − k + 1) × (1 − p0) / p0.
        double logProbability = n * Math.log(p0);
        double logTail = Double.NEGATIVE_INFINITY;
        for (long k = n; k >= 0; k--) {
            double withK = logSum(logTail, logProbability);
            if (withK > logAlpha) {
                return new Region(k + 1, (alpha - Math.exp(logTail)) / Math.exp(logProbability));
            }
            logTail = withK;
            if (k > 0) {
                logProbability += Math.log(k / (double) (n - k + 1)) - logOdds;
            }
        }
        return new Region(0, 0);
    }

    /** {@code P(Binomial(n, p) ≥ c)}, exact, by {@link #region}'s sum. */
    static double upperTail(long n, double p, long c) {
        if (c <= 0) {
            return 1;
        }
        double logOdds = Math.log(p) - Math.log1p(-p);
        double logProbability = n * Math.log(p);
        double logTail = Double.NEGATIVE_INFINITY;
        for (long k = n; k >= c; k--) {
            logTail = logSum(logTail, logProbability);
            logProbability += Math.log(k / (double) (n - k + 1)) - logOdds;
        }
        return Math.exp(logTail);
    }

    private static double logSum(double a, double b) {
        double high = Math.max(a, b);
        return high == Double.NEGATIVE_INFINITY ? high : high + Math.log(Math.exp(a - high) + Math.exp(b - high));
    }

    /**
     * The chance that the oracle of size {@code alpha} rejects a run's judged intervals: 1, the boundary coin, or 0.
     *
     * @param run the run
     * @param kind which count the oracle judges: failures against 1 %, or calls slower than the true p95 against 5 %
     * @param alpha the size
     * @return the chance of detection by the randomized most powerful test
     */
    static double rejection(Run run, AnomalyKind kind, double alpha) {
        boolean errors = kind == AnomalyKind.ERRORS;
        double p0 = errors ? Change.NONE.failureRate() : TRUE_SLOW_SHARE;
        return region(run.calls(), p0, alpha).rejection(errors ? run.failures() : run.slowerThanTrueP95());
    }

    /**
     * The share of calls slower than {@code seconds} under a change, from the simulation's latency model: log-normal,
     * a share of outliers, and the change's factor on every call or on its tail share of them.
     */
    static double slowerShare(Change change, double seconds) {
        double factor = change.latencyFactor();
        double unchanged = stationarySlowerShare(seconds);
        double changed = stationarySlowerShare(seconds / factor);
        return change.tailShare() == 0 ? changed
                : (1 - change.tailShare()) * unchanged + change.tailShare() * changed;
    }

    private static double stationarySlowerShare(double seconds) {
        double median = AnomalySimulation.MEDIAN_SECONDS;
        double sigma = AnomalySimulation.SIGMA;
        double outliers = AnomalySimulation.OUTLIER_SHARE;
        return (1 - outliers) * normalUpperTail(Math.log(seconds / median) / sigma)
                + outliers * normalUpperTail(Math.log(seconds / (median * AnomalySimulation.OUTLIER_FACTOR)) / sigma);
    }

    /** The latency that a share {@code share} of stationary calls exceed, by bisection on its logarithm. */
    private static double quantileAbove(double share) {
        double low = Math.log(AnomalySimulation.MEDIAN_SECONDS) - 10;
        double high = Math.log(AnomalySimulation.MEDIAN_SECONDS * AnomalySimulation.OUTLIER_FACTOR) + 10;
        for (int i = 0; i < 200; i++) {
            double middle = 0.5 * (low + high);
            if (stationarySlowerShare(Math.exp(middle)) > share) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return Math.exp(0.5 * (low + high));
    }

    /** {@code P(Z > z)} for a standard normal {@code Z}, to a relative error under 1.2e-7 (Numerical Recipes' erfc). */
    static double normalUpperTail(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * x);
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                + t * 0.17087277)))))))));
        return 0.5 * (z >= 0 ? erfc : 2 - erfc);
    }

    /**
     * The detector and the oracle on the same runs of one row.
     *
     * @param traffic the traffic
     * @param change the change
     * @param runs how many runs (seeds)
     * @param detectorWithin3 runs whose anomaly opened within the judged intervals
     * @param strict the oracle at {@link #ALARM_A_DAY_OF_WINDOWS}
     * @param bound the oracle at {@link #OPENING_A_DAY}
     */
    record Row(Traffic traffic, Change change, int runs, int detectorWithin3, Verdicts strict, Verdicts bound) {
    }

    /**
     * The oracle's verdicts at one size over a row's runs.
     *
     * @param alpha the size
     * @param within3 runs it rejects outright ({@code x ≥ c(n)})
     * @param randomizedWithin3 runs the randomized test rejects, in expectation over its coin
     * @param alsoFoundByDetector runs it rejects outright whose anomaly also opened within the judged intervals
     */
    record Verdicts(double alpha, int within3, double randomizedWithin3, int alsoFoundByDetector) {
    }

    /** Judges a row's runs, as the detector saw them, at both sizes. */
    static Row compare(Traffic traffic, Change change, AnomalyKind kind, List<Run> runs) {
        int detector = 0;
        for (Run run : runs) {
            detector += run.delay() <= AnomalySimulation.JUDGED_INTERVALS ? 1 : 0;
        }
        return new Row(traffic, change, runs.size(), detector, verdicts(runs, kind, ALARM_A_DAY_OF_WINDOWS),
                verdicts(runs, kind, OPENING_A_DAY));
    }

    private static Verdicts verdicts(List<Run> runs, AnomalyKind kind, double alpha) {
        int within = 0;
        double randomized = 0;
        int both = 0;
        for (Run run : runs) {
            double rejection = rejection(run, kind, alpha);
            randomized += rejection;
            if (rejection == 1) {
                within++;
                both += run.delay() <= AnomalySimulation.JUDGED_INTERVALS ? 1 : 0;
            }
        }
        return new Verdicts(alpha, within, randomized, both);
    }

    /**
     * The Wilson score interval of a binomial share at 95 %.
     *
     * @param successes the successes
     * @param trials the trials, at least 1
     * @return the lower and upper bound
     */
    static double[] wilson95(long successes, long trials) {
        double z = 1.959963984540054;
        double share = successes / (double) trials;
        double z2n = z * z / trials;
        double centre = (share + z2n / 2) / (1 + z2n);
        double half = z / (1 + z2n) * Math.sqrt(share * (1 - share) / trials + z2n / (4 * trials));
        return new double[] {centre - half, centre + half};
    }
}
