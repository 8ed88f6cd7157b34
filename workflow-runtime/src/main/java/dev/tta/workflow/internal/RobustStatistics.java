package dev.tta.workflow.internal;

import java.util.Arrays;

/**
 * The few statistics the anomaly detectors need, written out so the runtime keeps its small dependency set: medians,
 * and the log-likelihood ratio of a shift in a Bernoulli share that their CUSUMs add up.
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

    /**
     * The share a CUSUM looks for: {@code shift × base}, or halfway between {@code base} and 1 where that would
     * reach 1.
     *
     * @param base the baseline share, in (0, 1)
     * @param shift the factor, above 1
     * @return the alternative share, in (base, 1)
     */
    static double alternative(double base, double shift) {
        return Math.min(shift * base, 0.5 * (1 + base));
    }

    /**
     * ln P(k of n | p1) − ln P(k of n | p0) for independent trials, in nats: {@code k ln(p1/p0) + (n − k)
     * ln((1 − p1)/(1 − p0))} (the binomial coefficients cancel).
     *
     * @param k the successes
     * @param n the trials
     * @param p0 the share under the baseline, in (0, 1)
     * @param p1 the share under the shift, in (0, 1)
     * @return the log-likelihood ratio
     */
    static double logLikelihoodRatio(long k, long n, double p0, double p1) {
        return k * Math.log(p1 / p0) + (n - k) * (Math.log1p(-p1) - Math.log1p(-p0));
    }

    /**
     * The share at which a trial is as likely under {@code p1} as under {@code p0}: an interval above it adds
     * evidence for the shift, one below takes some away.
     *
     * @param p0 the share under the baseline, in (0, 1)
     * @param p1 the share under the shift, in (p0, 1)
     * @return the share, in (p0, p1)
     */
    static double indifferenceShare(double p0, double p1) {
        double loss = Math.log1p(-p0) - Math.log1p(-p1);
        return loss / (Math.log(p1 / p0) + loss);
    }
}
