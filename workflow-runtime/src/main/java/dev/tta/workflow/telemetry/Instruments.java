package dev.tta.workflow.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import java.util.ArrayList;
import java.util.List;

/**
 * The tracer and metric instruments bound to one {@link OpenTelemetry} instance. Built once per instance (not per
 * call, not per primitive) and swapped when another instance is installed.
 */
final class Instruments {

    /**
     * Bucket boundaries, in seconds, for workflow latencies from half a millisecond to five minutes. Used unless the
     * SDK is configured otherwise (a view, or base-2 exponential histograms).
     */
    static final List<Double> DURATION_BUCKETS = List.of(
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
            1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0);

    private static final String VERSION = WorkflowTelemetry.class.getPackage().getImplementationVersion();

    private final OpenTelemetry openTelemetry;
    private final Meter meter;
    private final Tracer tracer;
    private final DoubleHistogram duration;
    private final LongUpDownCounter active;
    /** Gauge registrations with this instance, closed when another instance replaces it. */
    private final List<AutoCloseable> gaugeRegistrations = new ArrayList<>();

    private Instruments(OpenTelemetry openTelemetry, Meter meter, Tracer tracer, DoubleHistogram duration,
            LongUpDownCounter active) {
        this.openTelemetry = openTelemetry;
        this.meter = meter;
        this.tracer = tracer;
        this.duration = duration;
        this.active = active;
    }

    /**
     * Binds to an OpenTelemetry instance. If the instance throws while creating instruments, the library falls
     * back to no-op instruments for it (the failure is reported once) rather than failing workflows.
     */
    static Instruments bind(OpenTelemetry openTelemetry) {
        try {
            return create(openTelemetry, openTelemetry);
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("creating the tracer and metric instruments", failure);
            return create(openTelemetry, OpenTelemetry.noop());
        }
    }

    private static Instruments create(OpenTelemetry key, OpenTelemetry source) {
        var tracerBuilder = source.tracerBuilder(TelemetryNames.INSTRUMENTATION_SCOPE);
        var meterBuilder = source.meterBuilder(TelemetryNames.INSTRUMENTATION_SCOPE);
        if (VERSION != null) {
            tracerBuilder.setInstrumentationVersion(VERSION);
            meterBuilder.setInstrumentationVersion(VERSION);
        }
        Meter meter = meterBuilder.build();
        DoubleHistogram duration = meter.histogramBuilder(TelemetryNames.DURATION_METRIC)
                .setUnit("s")
                .setDescription("Duration of workflow primitive executions.")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
                .build();
        LongUpDownCounter active = meter.upDownCounterBuilder(TelemetryNames.ACTIVE_METRIC)
                .setUnit("{execution}")
                .setDescription("Workflow primitive executions in flight.")
                .build();
        return new Instruments(key, meter, tracerBuilder.build(), duration, active);
    }

    OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** Registers a gauge's callback with this instance; a failure is reported and the gauge skipped. */
    synchronized void register(TelemetryGauge gauge) {
        try {
            gaugeRegistrations.add(meter.gaugeBuilder(gauge.name()).ofLongs().setUnit(gauge.unit())
                    .setDescription(gauge.description()).buildWithCallback(gauge::observe));
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("registering the gauge " + gauge.name(), failure);
        }
    }

    /** Unregisters every gauge callback from this instance, which is being replaced. */
    synchronized void closeGauges() {
        for (AutoCloseable registration : gaugeRegistrations) {
            try {
                registration.close();
            } catch (Exception | LinkageError failure) {
                TelemetryErrors.report("unregistering a gauge", failure);
            }
        }
        gaugeRegistrations.clear();
    }

    /** The meter of the instance, for instruments declared elsewhere ({@link TelemetryCounter}). */
    Meter meter() {
        return meter;
    }

    Tracer tracer() {
        return tracer;
    }

    DoubleHistogram duration() {
        return duration;
    }

    LongUpDownCounter active() {
        return active;
    }
}
