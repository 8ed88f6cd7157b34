package dev.tta.workflow.internal;

import java.util.Arrays;

/**
 * The few statistics the anomaly detectors need, written out so the runtime keeps its small dependency set: medians,
 * and exact binomial tails for their scan tests.
 */
final class RobustStatistics {

    private RobustStatistics() {
    }

    /** The median of the first {@code count} values, sorted in {@code scratch} (the values are left as they are). */
    static double median(double[] values, int count, double[] scratch) {
        System.arraycopy(values, 0, scratch, 0, count);
        Arrays.sort(scratch, 0, count);
        int middle = count >>> 1;
        return (count & 1) == 1 ? scratch[middle] : 0.5 * (scratch[middle - 1] + scratch[middle]);
    }

    /** ln n! for n below this is a table look-up; above, Stirling's series is exact to double precision. */
    private static final int FACTORIAL_TABLE = 1024;
    private static final double[] LOG_FACTORIAL = new double[FACTORIAL_TABLE];

    static {
        for (int i = 1; i < FACTORIAL_TABLE; i++) {
            LOG_FACTORIAL[i] = LOG_FACTORIAL[i - 1] + Math.log(i);
        }
    }

    /** ln n!. */
    static double logFactorial(long n) {
        if (n < FACTORIAL_TABLE) {
            return LOG_FACTORIAL[(int) n];
        }
        double x = n;
        return x * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI * x) + 1 / (12 * x) - 1 / (360 * x * x * x);
    }

    /**
     * −ln P(X ≥ k) for X ~ Binomial(n, p), exact: how surprising {@code k} or more slow (or failed) executions of
     * {@code n} are at the baseline share {@code p}, in nats. 0 when {@code k} is not above the mean, where the tail
     * holds about half the mass or more and no test would reject.
     *
     * @param k the slow (or failed) executions
     * @param n the executions
     * @param p the baseline share, in (0, 1)
     * @return the score, at least 0
     */
    static double tailScore(long k, long n, double p) {
        if (k <= n * p || n <= 0) {
            return 0;
        }
        double logTerm = logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p)
                + (n - k) * Math.log1p(-p);
        // The tail relative to its first term: the terms fall from there, each by (n − j)/(j + 1) × p/(1 − p).
        double odds = p / (1 - p);
        double sum = 1;
        double term = 1;
        for (long j = k; j < n; j++) {
            term *= (n - j) / (double) (j + 1) * odds;
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return Math.max(0, -(logTerm + Math.log(sum)));
    }

    /**
     * The fewest slow (or failed) executions of {@code n} whose {@linkplain #tailScore score} reaches {@code h}, or
     * {@code n + 1} when not even all of them would: a binary search, the score growing with the count.
     *
     * @param n the executions
     * @param p the baseline share, in (0, 1)
     * @param h the threshold, in nats
     * @return the count
     */
    static long criticalCount(long n, double p, double h) {
        long low = (long) Math.floor(n * p);
        long high = n + 1;
        while (high - low > 1) {
            long middle = (low + high) >>> 1;
            if (tailScore(middle, n, p) >= h) {
                high = middle;
            } else {
                low = middle;
            }
        }
        return high;
    }
}
