package dev.tta.workflow.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.util.Objects;

/**
 * A monotonic counter that follows the OpenTelemetry instance in use: built against the current instance on first
 * use and rebuilt when another one is installed, like the library's own instruments. Adding never throws.
 *
 * <p>Create one per primitive class (a static field), not per call.
 */
public final class TelemetryCounter {

    private final String name;
    private final String unit;
    private final String description;
    private volatile Bound bound = new Bound(null, null);

    private TelemetryCounter(String name, String unit, String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.unit = Objects.requireNonNull(unit, "unit");
        this.description = Objects.requireNonNull(description, "description");
    }

    /**
     * Declares a counter.
     *
     * @param name the metric name, e.g. {@link TelemetryNames#RETRY_ATTEMPTS_METRIC}
     * @param unit the UCUM unit, e.g. {@code {attempt}}
     * @param description one sentence
     * @return the counter
     */
    public static TelemetryCounter create(String name, String unit, String description) {
        return new TelemetryCounter(name, unit, description);
    }

    /**
     * Adds to the counter.
     *
     * @param value a non-negative increment
     * @param attributes low-cardinality attributes; precompute them where possible
     */
    public void add(long value, Attributes attributes) {
        try {
            Instruments instruments = WorkflowTelemetry.instruments();
            Bound current = bound;
            if (current.openTelemetry != instruments.openTelemetry()) {
                current = new Bound(instruments.openTelemetry(), instruments.meter().counterBuilder(name)
                        .setUnit(unit).setDescription(description).build());
                bound = current;
            }
            current.counter.add(value, attributes);
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("adding to " + name, failure);
        }
    }

    /**
     * The metric name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    private record Bound(OpenTelemetry openTelemetry, LongCounter counter) {
    }
}
