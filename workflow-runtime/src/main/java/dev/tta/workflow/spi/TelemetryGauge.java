package dev.tta.workflow.spi;

import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.internal.TelemetryRuntime;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An observable gauge whose callback follows the OpenTelemetry instance in use: it is registered with every instance
 * the library binds to (and unregistered from the one it replaces). A callback that throws is reported, not
 * propagated into the SDK's collection.
 *
 * <p>Declare one per primitive family (a static field), with a callback that reports every live instance.
 */
public final class TelemetryGauge {

    private final String name;
    private final String unit;
    private final String description;
    private final Consumer<ObservableLongMeasurement> callback;

    private TelemetryGauge(String name, String unit, String description,
            Consumer<ObservableLongMeasurement> callback) {
        this.name = Objects.requireNonNull(name, "name");
        this.unit = Objects.requireNonNull(unit, "unit");
        this.description = Objects.requireNonNull(description, "description");
        this.callback = Objects.requireNonNull(callback, "callback");
    }

    /**
     * Declares a gauge and registers it with the current and every future OpenTelemetry instance.
     *
     * @param name the metric name, e.g. {@link TelemetryNames#CIRCUIT_STATE_METRIC}
     * @param unit the UCUM unit
     * @param description one sentence
     * @param callback records the current values when metrics are collected
     * @return the gauge
     */
    public static TelemetryGauge create(String name, String unit, String description,
            Consumer<ObservableLongMeasurement> callback) {
        TelemetryGauge gauge = new TelemetryGauge(name, unit, description, callback);
        TelemetryRuntime.registerGauge(name, unit, description, callback);
        return gauge;
    }

    /**
     * The metric name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }
}
