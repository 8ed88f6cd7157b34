package dev.tta.workflow.sampling;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleConsumer;

/**
 * The probability of one workflow under an adaptive rule: about {@code target} kept traces per second, never less
 * than one per minute in expectation (the sampler adds a guaranteed pick per minute on top).
 *
 * <p>How it is smoothed, and why: roots are counted as they arrive (one atomic increment); once a second the count
 * becomes a rate sample and updates an exponentially weighted moving average of the arrival rate with a time
 * constant {@code tau} (default 5 s), weighted for the real interval, {@code alpha = 1 - exp(-dt / tau)} (the form
 * for irregular time series, so a quiet period of minutes counts as what it is). The probability is then set
 * directly, {@code p = min(1, max(target, 1/60 s) / rate)}. Because the probability follows the smoothed rate rather
 * than integrating an error, the response to a load step is first order: no overshoot or oscillation, and the kept
 * rate approaches the target as {@code exp(-t / tau)}: within 20 % of it after about 1.7 tau for a 10x rise and
 * 3.6 tau for a 10x fall (18 s with the default), while one-second bursts move the probability by at most
 * {@code 1 - exp(-1 / tau)} of the way. Until the first second has passed, everything is sampled.
 */
final class AdaptiveRate {

    private static final long TICK_NANOS = 1_000_000_000L;
    private static final double FLOOR_PER_SECOND = 1.0 / 60;

    private final double target;
    private final double tauNanos;
    private final DoubleConsumer probability;
    private final AtomicLong arrivals = new AtomicLong();
    private volatile long nextTickNanos;
    private long lastTickNanos;
    private double rate = Double.NaN;

    AdaptiveRate(double target, long tauNanos, long nowNanos, DoubleConsumer probability) {
        this.target = target;
        this.tauNanos = tauNanos;
        this.probability = probability;
        this.lastTickNanos = nowNanos;
        this.nextTickNanos = nowNanos + TICK_NANOS;
    }

    /** Counts one root arriving now, and updates the probability once a second. */
    void arrived(long nowNanos) {
        arrivals.incrementAndGet();
        if (nowNanos - nextTickNanos >= 0) {
            tick(nowNanos);
        }
    }

    private synchronized void tick(long nowNanos) {
        if (nowNanos - nextTickNanos < 0) {
            return;
        }
        long count = arrivals.getAndSet(0);
        double elapsed = nowNanos - lastTickNanos;
        double sample = count / (elapsed / TICK_NANOS);
        if (Double.isNaN(rate)) {
            rate = sample;
        } else {
            rate += (1 - Math.exp(-elapsed / tauNanos)) * (sample - rate);
        }
        lastTickNanos = nowNanos;
        nextTickNanos = nowNanos + TICK_NANOS;
        double kept = Math.max(target, FLOOR_PER_SECOND);
        probability.accept(rate <= kept ? 1 : kept / rate);
    }

    /** The smoothed arrival rate, roots per second (NaN before the first second). */
    synchronized double rate() {
        return rate;
    }
}
