package dev.tta.workflow.slo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A service level objective of one primitive: what share of its executions must be good, over which rolling
 * compliance period. Immutable; equal when every field is.
 *
 * <ul>
 *   <li>{@linkplain #latency Latency}: only successful executions are events; good when the execution took at most
 *       the threshold, bad when it took longer. A failed execution is no event (it is what an availability objective
 *       counts), so a fast failure never passes for good latency.</li>
 *   <li>{@linkplain #availability Availability}: every execution is an event; good when it returned, bad when it
 *       threw.</li>
 * </ul>
 *
 * <p>The error budget is {@code 1 - target}: the share of bad events the period may hold. Generated code builds
 * objectives from {@code @LatencySlo} and {@code @AvailabilitySlo}; hand-written and built-in primitives get theirs
 * from {@code PrimitiveTelemetry.forPrimitive(name, type, class, objectives...)} or
 * {@code WorkflowTelemetry.declareSlo(primitiveName, objective)}.
 */
public final class ServiceLevelObjective {

    /** The compliance period when none is given: 30 days. */
    public static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    /** The shortest compliance period: one minute, the resolution of the tracker. */
    public static final Duration MIN_PERIOD = Duration.ofMinutes(1);

    /** The longest compliance period: 365 days. */
    public static final Duration MAX_PERIOD = Duration.ofDays(365);

    /** The name of an availability objective when none is given. */
    public static final String DEFAULT_AVAILABILITY_NAME = "availability";

    /** What an objective measures. */
    public enum Kind {
        /** Successful executions within a latency threshold. */
        LATENCY("latency"),
        /** Executions that succeed. */
        AVAILABILITY("availability");

        private final String value;

        Kind(String value) {
            this.value = value;
        }

        /**
         * The value of the {@code workflow.slo.kind} attribute and of {@code "kind"} in the descriptor.
         *
         * @return {@code latency} or {@code availability}
         */
        public String value() {
            return value;
        }
    }

    /** How one execution counts for an objective. */
    public enum Event {
        /** A good event. */
        GOOD,
        /** A bad event: it spends error budget. */
        BAD,
        /** Not an event for this objective: a failed execution, for a latency objective. */
        NONE
    }

    private final String name;
    private final Kind kind;
    private final double target;
    private final Duration threshold;
    private final long thresholdNanos;
    private final Duration period;

    private ServiceLevelObjective(String name, Kind kind, double target, Duration threshold, Duration period) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("SLO name must not be null or blank");
        }
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("SLO '" + name + "': target must be strictly between 0 and 1 (0.99 "
                    + "for 99 %), was " + target);
        }
        Objects.requireNonNull(period, () -> "SLO '" + name + "': period must not be null");
        if (period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("SLO '" + name + "': period must be between " + MIN_PERIOD + " and "
                    + MAX_PERIOD.toDays() + " days, was " + period);
        }
        this.name = name;
        this.kind = kind;
        this.target = target;
        this.threshold = threshold;
        // Saturated: a threshold beyond 292 years is as good as infinite.
        this.thresholdNanos = threshold == null ? 0
                : threshold.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : threshold.toNanos();
        this.period = period;
    }

    /**
     * A latency objective: at least {@code target} of the successful executions take at most {@code threshold}.
     *
     * @param name the objective's name, unique among the primitive's objectives (the {@code workflow.slo.name}
     *     attribute)
     * @param target the share of good events, strictly between 0 and 1
     * @param threshold the latency threshold, positive
     * @param period the rolling compliance period, from one minute to 365 days
     * @return the objective
     * @throws IllegalArgumentException if a value is out of range or missing
     */
    public static ServiceLevelObjective latency(String name, double target, Duration threshold, Duration period) {
        return new ServiceLevelObjective(name, Kind.LATENCY, target, positive(threshold, name), period);
    }

    /**
     * A latency objective named {@code latency-<threshold in ms>ms} over {@link #DEFAULT_PERIOD}.
     *
     * @param target the share of good events, strictly between 0 and 1
     * @param threshold the latency threshold, positive
     * @return the objective
     * @throws IllegalArgumentException if a value is out of range or missing
     */
    public static ServiceLevelObjective latency(double target, Duration threshold) {
        return latency(defaultLatencyName(positive(threshold, "latency")), target, threshold, DEFAULT_PERIOD);
    }

    /**
     * An availability objective: at least {@code target} of the executions succeed.
     *
     * @param name the objective's name, unique among the primitive's objectives
     * @param target the share of good events, strictly between 0 and 1
     * @param period the rolling compliance period, from one minute to 365 days
     * @return the objective
     * @throws IllegalArgumentException if a value is out of range or missing
     */
    public static ServiceLevelObjective availability(String name, double target, Duration period) {
        return new ServiceLevelObjective(name, Kind.AVAILABILITY, target, null, period);
    }

    /**
     * An availability objective named {@value #DEFAULT_AVAILABILITY_NAME} over {@link #DEFAULT_PERIOD}.
     *
     * @param target the share of good events, strictly between 0 and 1
     * @return the objective
     * @throws IllegalArgumentException if the target is out of range
     */
    public static ServiceLevelObjective availability(double target) {
        return availability(DEFAULT_AVAILABILITY_NAME, target, DEFAULT_PERIOD);
    }

    /**
     * The name {@code @LatencySlo} gives an objective without one: {@code latency-300ms}, {@code latency-1.5ms}.
     *
     * @param threshold the latency threshold
     * @return the name
     */
    public static String defaultLatencyName(Duration threshold) {
        return "latency-" + millis(threshold) + "ms";
    }

    /** Milliseconds as a plain decimal, exact to the nanosecond: {@code 300}, {@code 1.5}. */
    private static String millis(Duration duration) {
        return new BigDecimal(duration.getSeconds()).movePointRight(3)
                .add(BigDecimal.valueOf(duration.getNano()).movePointLeft(6)).stripTrailingZeros().toPlainString();
    }

    private static Duration positive(Duration threshold, String name) {
        if (threshold == null || threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("SLO '" + name + "': latency threshold must be positive, was "
                    + threshold);
        }
        return threshold;
    }

    /**
     * Classifies one execution.
     *
     * @param success whether it returned (rather than threw)
     * @param durationNanos how long it took
     * @return good, bad, or no event (a failed execution, for a latency objective)
     */
    public Event classify(boolean success, long durationNanos) {
        if (kind == Kind.AVAILABILITY) {
            return success ? Event.GOOD : Event.BAD;
        }
        if (!success) {
            return Event.NONE;
        }
        return durationNanos <= thresholdNanos ? Event.GOOD : Event.BAD;
    }

    /**
     * The objective's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * What it measures.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The share of events that must be good.
     *
     * @return the target, strictly between 0 and 1
     */
    public double target() {
        return target;
    }

    /**
     * The share of events that may be bad: {@code 1 - target}.
     *
     * @return the error budget
     */
    public double errorBudget() {
        return 1 - target;
    }

    /**
     * The latency threshold of a latency objective.
     *
     * @return the threshold, or empty for an availability objective
     */
    public Optional<Duration> threshold() {
        return Optional.ofNullable(threshold);
    }

    /**
     * The rolling compliance period over which the error budget is spent.
     *
     * @return the period
     */
    public Duration period() {
        return period;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServiceLevelObjective that
                && name.equals(that.name)
                && kind == that.kind
                && Double.compare(target, that.target) == 0
                && Objects.equals(threshold, that.threshold)
                && period.equals(that.period);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, target, threshold, period);
    }

    /** For example {@code latency-300ms: 99.0% within 300 ms over 30 days}. */
    @Override
    public String toString() {
        String share = BigDecimal.valueOf(target).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
        String over = !period.equals(Duration.ofDays(period.toDays())) ? period.toString()
                : period.toDays() == 1 ? "1 day" : period.toDays() + " days";
        return kind == Kind.LATENCY
                ? String.format(Locale.ROOT, "%s: %s within %s ms over %s", name, share,
                        millis(threshold), over)
                : String.format(Locale.ROOT, "%s: %s successful over %s", name, share, over);
    }
}
