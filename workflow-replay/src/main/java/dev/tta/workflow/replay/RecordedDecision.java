package dev.tta.workflow.replay;

import java.util.Objects;

/**
 * A decision the library made during an execution, which a replay repeats.
 *
 * @param kind one of {@link dev.tta.workflow.spi.Decisions}
 * @param value what was decided
 */
public record RecordedDecision(String kind, String value) {

    /**
     * Checks the values.
     *
     * @param kind see {@link #kind()}
     * @param value see {@link #value()}
     * @throws NullPointerException if the kind or value is null
     */
    public RecordedDecision {
        Objects.requireNonNull(kind, "kind must not be null");
        Objects.requireNonNull(value, "value must not be null");
    }

    @Override
    public String toString() {
        return kind + "=" + value;
    }
}
