package dev.tta.workflow.internal;

import java.util.Arrays;

/**
 * The few statistics the anomaly detectors need, written out so the runtime keeps its small dependency set: medians,
 * and the exact binomial tail through the regularized incomplete beta function (Lanczos log-gamma, Lentz's continued
 * fraction, as in Numerical Recipes §6.1 and §6.4).
 */
final class RobustStatistics {

    /** 1 / Φ⁻¹(3/4): scales a median absolute deviation to a standard deviation for normal data. */
    static final double MAD_TO_SIGMA = 1.4826;

    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};
    private static final double HALF_LN_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private static final int MAX_ITERATIONS = 1000;
    private static final double EPSILON = 1e-12;
    private static final double TINY = 1e-300;

    private RobustStatistics() {
    }

    /** The median of the first {@code count} values, sorted in {@code scratch} (the values are left as they are). */
    static double median(double[] values, int count, double[] scratch) {
        System.arraycopy(values, 0, scratch, 0, count);
        Arrays.sort(scratch, 0, count);
        int middle = count >>> 1;
        return (count & 1) == 1 ? scratch[middle] : 0.5 * (scratch[middle - 1] + scratch[middle]);
    }

    /** ln Γ(x) for x > 0. */
    static double lnGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
        }
        double shifted = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (shifted + i);
        }
        double t = shifted + 7.5;
        return HALF_LN_TWO_PI + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /**
     * P(X ≥ k) for X ~ Binomial(n, p): the exact upper tail, {@code I_p(k, n − k + 1)}.
     *
     * @param k the observed count
     * @param n the trials
     * @param p the success probability under the null hypothesis
     * @return the probability, in [0, 1]
     */
    static double binomialUpperTail(long k, long n, double p) {
        if (k <= 0) {
            return 1;
        }
        if (k > n) {
            return 0;
        }
        if (p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return 1;
        }
        return regularizedBeta(p, k, n - k + 1);
    }

    /** I_x(a, b), the regularized incomplete beta function. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
        if (x < (a + 1) / (a + b + 2)) {
            return Math.min(1, Math.exp(lnFront) * continuedFraction(x, a, b) / a);
        }
        return Math.max(0, 1 - Math.exp(lnFront) * continuedFraction(1 - x, b, a) / b);
    }

    private static double continuedFraction(double x, double a, double b) {
        double qab = a + b;
        double qap = a + 1;
        double qam = a - 1;
        double c = 1;
        double d = 1 - qab * x / qap;
        d = 1 / (Math.abs(d) < TINY ? TINY : d);
        double h = d;
        for (int m = 1; m <= MAX_ITERATIONS; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < TINY ? TINY : d);
            c = 1 + aa / c;
            c = Math.abs(c) < TINY ? TINY : c;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < TINY ? TINY : d);
            c = 1 + aa / c;
            c = Math.abs(c) < TINY ? TINY : c;
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < EPSILON) {
                break;
            }
        }
        return h;
    }
}
