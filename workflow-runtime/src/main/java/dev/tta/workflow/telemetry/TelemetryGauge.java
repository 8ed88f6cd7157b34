package dev.tta.workflow.telemetry;

import io.opentelemetry.api.metrics.ObservableLongMeasurement;
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
        WorkflowTelemetry.registerGauge(gauge);
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

    String unit() {
        return unit;
    }

    String description() {
        return description;
    }

    /** The callback, guarded so that a throwing one never disturbs the SDK's collection of other metrics. */
    void observe(ObservableLongMeasurement measurement) {
        try {
            callback.accept(measurement);
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("observing the gauge " + name, failure);
        }
    }
}
