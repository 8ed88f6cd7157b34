package dev.tta.workflow;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long a {@link Retry} waits before each new attempt: nothing, a fixed delay, or an exponentially growing delay
 * with a cap, each optionally spread by random jitter.
 *
 * <pre>{@code
 * Backoff.none();                                                         // retry at once
 * Backoff.fixed(Duration.ofMillis(200));                                  // 200, 200, 200 ms...
 * Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2)) // 100, 200, 400... 2000, 2000 ms
 *        .withJitter(0.2);                                                // each +/- up to 20 %
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #delay(int, RandomGenerator)} is a pure function of its arguments (and of the
 * generator's state), so schedules can be checked exactly in tests.
 */
public final class Backoff {

    private static final Backoff NONE = new Backoff(Kind.NONE, Duration.ZERO, 1.0, Duration.ZERO, 0.0);

    private final Kind kind;
    private final Duration initial;
    private final double multiplier;
    private final Duration max;
    private final double jitter;

    private Backoff(Kind kind, Duration initial, double multiplier, Duration max, double jitter) {
        this.kind = kind;
        this.initial = initial;
        this.multiplier = multiplier;
        this.max = max;
        this.jitter = jitter;
    }

    /**
     * No delay: the next attempt starts as soon as the previous one failed. Jitter has no effect on it.
     *
     * @return the backoff
     */
    public static Backoff none() {
        return NONE;
    }

    /**
     * The same delay before every new attempt.
     *
     * @param delay the delay; zero is allowed and behaves like {@link #none()}
     * @return the backoff
     * @throws IllegalArgumentException if the delay is null or negative
     */
    public static Backoff fixed(Duration delay) {
        Checks.notNegative(delay, "delay");
        return new Backoff(Kind.FIXED, delay, 1.0, delay, 0.0);
    }

    /**
     * A delay that starts at {@code initial} and is multiplied by {@code multiplier} after each failed attempt, up
     * to {@code max}: the delay after attempt {@code n} is {@code min(initial * multiplier^(n-1), max)}.
     *
     * @param initial the delay after the first failed attempt; positive
     * @param multiplier the growth factor; at least 1.0 and finite
     * @param max the cap on the delay (before jitter); at least {@code initial}
     * @return the backoff
     * @throws IllegalArgumentException if a duration is null, {@code initial} is not positive, the multiplier is
     *     below 1.0 or not finite, or {@code max} is shorter than {@code initial}; the message names the parameter
     */
    public static Backoff exponential(Duration initial, double multiplier, Duration max) {
        Checks.positive(initial, "initial");
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number >= 1.0, was " + multiplier);
        }
        Checks.notNull(max, "max");
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max must be at least initial (" + initial + "), was " + max);
        }
        return new Backoff(Kind.EXPONENTIAL, initial, multiplier, max, 0.0);
    }

    /**
     * The same backoff with random jitter, so that clients failing together do not retry in lockstep: each computed
     * delay {@code d} becomes a value drawn uniformly from {@code [d * (1 - fraction), d * (1 + fraction))}. The
     * spread applies after the cap, so with jitter an exponential delay can exceed {@code max} by up to
     * {@code fraction}.
     *
     * @param fraction the spread, from 0.0 (no jitter) to 1.0 (anything from zero to twice the delay)
     * @return a new backoff
     * @throws IllegalArgumentException if the fraction is not within [0.0, 1.0]
     */
    public Backoff withJitter(double fraction) {
        if (!(fraction >= 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("fraction must be between 0.0 and 1.0, was " + fraction);
        }
        if (kind == Kind.NONE) {
            return this;
        }
        return new Backoff(kind, initial, multiplier, max, fraction);
    }

    /**
     * The delay before the attempt that follows failed attempt number {@code attempt}.
     *
     * <p>Pure: it depends only on this backoff, {@code attempt} and the values the generator returns (it calls
     * {@link RandomGenerator#nextDouble()} once, and only when jitter is set).
     *
     * @param attempt the number of the attempt that just failed, from 1
     * @param random the source of jitter
     * @return the delay; never negative
     * @throws IllegalArgumentException if {@code attempt} is below 1
     * @throws NullPointerException if the generator is null and jitter is set
     */
    public Duration delay(int attempt, RandomGenerator random) {
        Checks.atLeast(attempt, 1, "attempt");
        long nanos = baseNanos(attempt);
        if (jitter == 0.0 || nanos == 0L) {
            return Duration.ofNanos(nanos);
        }
        Objects.requireNonNull(random, "random");
        double spread = 2.0 * random.nextDouble() - 1.0; // uniform in [-1, 1)
        double jittered = nanos * (1.0 + jitter * spread);
        return Duration.ofNanos(jittered >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0L, Math.round(jittered)));
    }

    /** The delay before jitter, in nanoseconds, saturated at {@link Long#MAX_VALUE} (about 292 years). */
    private long baseNanos(int attempt) {
        switch (kind) {
            case NONE:
                return 0L;
            case FIXED:
                return saturatedNanos(initial);
            default:
                long cap = saturatedNanos(max);
                double grown = saturatedNanos(initial) * Math.pow(multiplier, attempt - 1);
                return grown >= cap ? cap : Math.round(grown);
        }
    }

    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The jitter fraction; 0.0 without jitter.
     *
     * @return the fraction
     */
    public double jitter() {
        return jitter;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Backoff that)) {
            return false;
        }
        return kind == that.kind && initial.equals(that.initial) && Double.compare(multiplier, that.multiplier) == 0
                && max.equals(that.max) && Double.compare(jitter, that.jitter) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, initial, multiplier, max, jitter);
    }

    @Override
    public String toString() {
        String text;
        switch (kind) {
            case NONE:
                return "Backoff.none()";
            case FIXED:
                text = "Backoff.fixed(" + initial + ")";
                break;
            default:
                text = "Backoff.exponential(" + initial + ", " + multiplier + ", " + max + ")";
                break;
        }
        return jitter == 0.0 ? text : text + String.format(Locale.ROOT, ".withJitter(%s)", jitter);
    }

    private enum Kind {
        NONE, FIXED, EXPONENTIAL
    }
}
