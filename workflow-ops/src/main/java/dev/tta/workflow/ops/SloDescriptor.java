package dev.tta.workflow.ops;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One service level objective of a primitive, as declared with {@code @LatencySlo} or {@code @AvailabilitySlo}.
 *
 * @param name the SLO's name, unique on its primitive (the {@code workflow_slo_name} label)
 * @param kind latency or availability
 * @param target the fraction of good events, strictly between 0 and 1 (e.g. 0.999)
 * @param thresholdSeconds for a latency SLO, the duration a good execution stays within; empty for availability
 * @param periodDays the compliance period over which the error budget is counted, 1 to 365
 */
public record SloDescriptor(String name, SloKind kind, double target, OptionalDouble thresholdSeconds,
        int periodDays) {

    /**
     * Checks the values.
     *
     * @param name the SLO's name, unique on its primitive (the {@code workflow_slo_name} label)
     * @param kind latency or availability
     * @param target the fraction of good events, strictly between 0 and 1 (e.g. 0.999)
     * @param thresholdSeconds for a latency SLO, the duration a good execution stays within; empty for availability
     * @param periodDays the compliance period over which the error budget is counted, 1 to 365
     * @throws IllegalArgumentException if the name is blank, the target is outside (0,1), a latency SLO has no
     *     positive threshold, or the period is outside 1 to 365 days
     */
    public SloDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(thresholdSeconds, "thresholdSeconds");
        if (name.isBlank()) {
            throw new IllegalArgumentException("SLO name must not be blank");
        }
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("SLO '" + name + "': target " + target
                    + " must be strictly between 0 and 1 (e.g. 0.999)");
        }
        if (kind == SloKind.LATENCY && (thresholdSeconds.isEmpty() || !(thresholdSeconds.getAsDouble() > 0))) {
            throw new IllegalArgumentException("latency SLO '" + name + "' needs a positive thresholdSeconds");
        }
        if (periodDays < 1 || periodDays > 365) {
            throw new IllegalArgumentException("SLO '" + name + "': periodDays " + periodDays
                    + " must be between 1 and 365");
        }
    }

    /**
     * The error budget: the fraction of events allowed to be bad, {@code 1 - target}, as an exact decimal (so
     * 0.999 gives 0.001, not 0.0010000000000000009).
     *
     * @return the error budget
     */
    public BigDecimal errorBudget() {
        return BigDecimal.ONE.subtract(new BigDecimal(Double.toString(target))).stripTrailingZeros();
    }

    /**
     * The target as a percentage without needless digits, e.g. {@code 99.9}.
     *
     * @return the percentage
     */
    public String targetPercent() {
        return new BigDecimal(Double.toString(target)).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    /**
     * One sentence saying what the objective promises, e.g. "99% of successful executions finish within 300 ms".
     *
     * @return the sentence, without a final period
     */
    public String promise() {
        if (kind == SloKind.LATENCY) {
            BigDecimal millis = new BigDecimal(Double.toString(thresholdSeconds.getAsDouble())).movePointRight(3)
                    .stripTrailingZeros();
            return targetPercent() + "% of successful executions finish within " + millis.toPlainString() + " ms";
        }
        return targetPercent() + "% of executions succeed";
    }
}
