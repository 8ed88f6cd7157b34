package dev.tta.workflow.spi;

import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.LongCounter;
import dev.tta.workflow.internal.Instruments;
import dev.tta.workflow.internal.TelemetryErrors;
import dev.tta.workflow.internal.TelemetryRuntime;
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
    private final boolean doubles;
    private volatile Bound bound = new Bound(null, null, null);

    private TelemetryCounter(String name, String unit, String description, boolean doubles) {
        this.name = Objects.requireNonNull(name, "name");
        this.unit = Objects.requireNonNull(unit, "unit");
        this.description = Objects.requireNonNull(description, "description");
        this.doubles = doubles;
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
        return new TelemetryCounter(name, unit, description, false);
    }

    /**
     * Declares a counter of fractional values, such as money.
     *
     * @param name the metric name, e.g. {@link TelemetryNames#ROUTER_COST_METRIC}
     * @param unit the UCUM unit
     * @param description one sentence
     * @return the counter; add to it with {@link #add(double, Attributes)}
     */
    public static TelemetryCounter createDouble(String name, String unit, String description) {
        return new TelemetryCounter(name, unit, description, true);
    }

    /**
     * Adds to the counter.
     *
     * @param value a non-negative increment
     * @param attributes low-cardinality attributes; precompute them where possible
     */
    public void add(long value, Attributes attributes) {
        try {
            Bound current = bind();
            if (doubles) {
                current.doubleCounter.add(value, attributes);
            } else {
                current.longCounter.add(value, attributes);
            }
        } catch (Throwable failure) {
            TelemetryErrors.report("adding to " + name, failure);
        }
    }

    /**
     * Adds a fractional value to a counter made with {@link #createDouble}.
     *
     * @param value a non-negative increment
     * @param attributes low-cardinality attributes
     * @throws IllegalStateException if this counter counts whole numbers
     */
    public void add(double value, Attributes attributes) {
        if (!doubles) {
            throw new IllegalStateException(name + " counts whole numbers; create it with createDouble");
        }
        try {
            bind().doubleCounter.add(value, attributes);
        } catch (Throwable failure) {
            TelemetryErrors.report("adding to " + name, failure);
        }
    }

    private Bound bind() {
        Instruments instruments = TelemetryRuntime.instruments();
        Bound current = bound;
        if (current.openTelemetry != instruments.openTelemetry()) {
            var builder = instruments.meter().counterBuilder(name).setUnit(unit).setDescription(description);
            current = doubles
                    ? new Bound(instruments.openTelemetry(), null, builder.ofDoubles().build())
                    : new Bound(instruments.openTelemetry(), builder.build(), null);
            bound = current;
        }
        return current;
    }

    /**
     * The metric name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    private record Bound(OpenTelemetry openTelemetry, LongCounter longCounter, DoubleCounter doubleCounter) {
    }
}
