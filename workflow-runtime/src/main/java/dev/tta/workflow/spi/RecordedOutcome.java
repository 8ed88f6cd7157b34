package dev.tta.workflow.spi;

import java.util.Objects;

/**
 * The outcome of an execution as a journal recorded it, substituted for running the execution in a replay: the
 * value it returned, or the failure it threw.
 */
public final class RecordedOutcome {

    private final Object value;
    private final Throwable failure;

    private RecordedOutcome(Object value, Throwable failure) {
        this.value = value;
        this.failure = failure;
    }

    /**
     * An execution that returned a value.
     *
     * @param value the value, possibly null
     * @return the outcome
     */
    public static RecordedOutcome returned(Object value) {
        return new RecordedOutcome(value, null);
    }

    /**
     * An execution that threw.
     *
     * @param failure what it threw
     * @return the outcome
     * @throws NullPointerException if the failure is null
     */
    public static RecordedOutcome threw(Throwable failure) {
        return new RecordedOutcome(null, Objects.requireNonNull(failure, "failure must not be null"));
    }

    /**
     * The value returned.
     *
     * @return the value; null for a failure or a null value
     */
    public Object value() {
        return value;
    }

    /**
     * The failure thrown.
     *
     * @return the failure, or null if the execution returned
     */
    public Throwable failure() {
        return failure;
    }

    @Override
    public String toString() {
        return failure != null ? "threw " + failure : "returned " + value;
    }
}
