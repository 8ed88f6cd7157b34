package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.PrimitiveReport;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.cost.Cost;
import dev.tta.workflow.slo.SloStatus;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The tracer and metric instruments bound to one {@link OpenTelemetry} instance. Built once per instance (not per
 * call, not per primitive) and swapped when another instance is installed.
 */
public final class Instruments {

    /**
     * Bucket boundaries, in seconds, for workflow latencies from half a millisecond to five minutes. Used unless the
     * SDK is configured otherwise (a view, or base-2 exponential histograms).
     */
    public static final List<Double> DURATION_BUCKETS = List.of(
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
            1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0);

    /** Token-count buckets of the GenAI semantic conventions for {@code gen_ai.client.token.usage}. */
    static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L,
            262144L, 1048576L, 4194304L, 16777216L, 67108864L);

    /** The most workflow names, and the most model names, that cost metrics take. */
    static final int MAX_COST_VALUES = 64;
    /** The most combinations of primitive, workflow and model that cost metrics take. */
    static final int MAX_COST_SERIES = 1000;
    private static final BoundedValues COST_WORKFLOWS = new BoundedValues("workflow names in cost metrics",
            MAX_COST_VALUES);
    private static final BoundedValues COST_MODELS = new BoundedValues("model names in cost metrics",
            MAX_COST_VALUES);
    private static final BoundedValues COST_SERIES = new BoundedValues(
            "combinations of primitive, workflow and model in cost metrics", MAX_COST_SERIES);
    /** The cost attributes of each (admitted) primitive name, for the last workflow and model it recorded. */
    private static final ConcurrentMap<String, CostSeries> COST_SERIES_BY_PRIMITIVE = new ConcurrentHashMap<>();

    private static final String VERSION = Instruments.class.getPackage().getImplementationVersion();

    private final OpenTelemetry openTelemetry;
    /** Whose state the gauges report: a scope's, or the process's when null. */
    private final TelemetryScope scope;
    private final Meter meter;
    private final Tracer tracer;
    private final DoubleHistogram duration;
    private final LongHistogram tokenUsage;
    private final DoubleCounter cost;
    private final LongCounter sloEvents;
    /** When the binding finished ({@link System#nanoTime()}); set before the instruments are published. */
    private long boundAtNanos = System.nanoTime();
    /** Gauge registrations with this instance, closed when another instance replaces it. */
    private final List<AutoCloseable> gaugeRegistrations = new ArrayList<>();

    private Instruments(OpenTelemetry openTelemetry, Meter meter, Tracer tracer, TelemetryScope scope) {
        this.openTelemetry = openTelemetry;
        this.scope = scope;
        this.meter = meter;
        this.tracer = tracer;
        this.duration = meter.histogramBuilder(TelemetryNames.DURATION_METRIC)
                .setUnit("s")
                .setDescription("Duration of workflow primitive executions.")
                .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
                .build();
        this.tokenUsage = meter.histogramBuilder(TelemetryNames.GEN_AI_TOKEN_USAGE_METRIC)
                .ofLongs()
                .setUnit("{token}")
                .setDescription("Tokens used per recorded cost.")
                .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
                .build();
        this.cost = meter.counterBuilder(TelemetryNames.COST_METRIC)
                .ofDoubles()
                .setUnit("{currency_unit}")
                .setDescription("Money spent, by the primitive that recorded it and the currency.")
                .build();
        this.sloEvents = meter.counterBuilder(TelemetryNames.SLO_EVENTS_METRIC)
                .setUnit("{event}")
                .setDescription("Good and bad events of service level objectives, one per objective per execution "
                        + "that counts for it.")
                .build();
    }

    /**
     * Binds to an OpenTelemetry instance. If the instance throws while creating instruments, the library falls
     * back to no-op instruments for it (the failure is reported once) rather than failing workflows. The gauges
     * report the state of {@code scope}, or the process's when it is null.
     */
    static Instruments bind(OpenTelemetry openTelemetry, TelemetryScope scope) {
        Instruments instruments;
        try {
            instruments = create(openTelemetry, openTelemetry, scope);
        } catch (Throwable failure) {
            TelemetryErrors.report("creating the tracer and metric instruments", failure);
            return create(openTelemetry, OpenTelemetry.noop(), scope);
        }
        instruments.registerWindowGauges();
        instruments.registerSloGauges();
        return instruments;
    }

    private static Instruments create(OpenTelemetry key, OpenTelemetry source, TelemetryScope scope) {
        var tracerBuilder = source.tracerBuilder(TelemetryNames.INSTRUMENTATION_SCOPE);
        var meterBuilder = source.meterBuilder(TelemetryNames.INSTRUMENTATION_SCOPE);
        if (VERSION != null) {
            tracerBuilder.setInstrumentationVersion(VERSION);
            meterBuilder.setInstrumentationVersion(VERSION);
        }
        return new Instruments(key, meterBuilder.build(), tracerBuilder.build(), scope);
    }

    /**
     * The recent-window views of every primitive, as gauges: percentiles, throughput and peak concurrency, all
     * computed in one pass per collection.
     */
    private synchronized void registerWindowGauges() {
        try {
            ObservableDoubleMeasurement p50 = windowGauge(TelemetryNames.DURATION_P50_METRIC, "s",
                    "Median duration over the recent window.");
            ObservableDoubleMeasurement p95 = windowGauge(TelemetryNames.DURATION_P95_METRIC, "s",
                    "95th percentile duration over the recent window.");
            ObservableDoubleMeasurement p99 = windowGauge(TelemetryNames.DURATION_P99_METRIC, "s",
                    "99th percentile duration over the recent window.");
            ObservableDoubleMeasurement throughput = windowGauge(TelemetryNames.THROUGHPUT_METRIC, "{execution}/s",
                    "Completed executions per second over the recent window.");
            ObservableLongMeasurement peak = meter.gaugeBuilder(TelemetryNames.ACTIVE_PEAK_METRIC).ofLongs()
                    .setUnit("{execution}").setDescription("Most executions in flight at once over the recent window.")
                    .buildObserver();
            // In flight: read from the in-process count each execution keeps anyway, rather than adding to an
            // OpenTelemetry counter twice per call as well.
            ObservableLongMeasurement active = meter.upDownCounterBuilder(TelemetryNames.ACTIVE_METRIC)
                    .setUnit("{execution}").setDescription("Workflow primitive executions in flight.")
                    .buildObserver();
            ObservableLongMeasurement branches = meter.gaugeBuilder(TelemetryNames.PARALLEL_BRANCHES_ACTIVE_METRIC)
                    .ofLongs().setUnit("{branch}").setDescription("Branches of parallel blocks running now.")
                    .buildObserver();
            gaugeRegistrations.add(meter.batchCallback(() -> {
                try {
                    for (PrimitiveStats stats : scope != null ? scope.allStats() : TelemetryRuntime.processStats()) {
                        PrimitiveReport report = stats.report();
                        Attributes attributes = stats.attributes();
                        if (report.window().count() > 0) {
                            p50.record(seconds(report.window().p50()), attributes);
                            p95.record(seconds(report.window().p95()), attributes);
                            p99.record(seconds(report.window().p99()), attributes);
                        }
                        throughput.record(report.throughputPerSecond(), attributes);
                        peak.record(report.peakActive(), attributes);
                        active.record(report.active(), attributes);
                        if (TelemetryNames.TYPE_PARALLEL.equals(stats.type())) {
                            branches.record(report.branchesActive(), stats.nameAttributes());
                        }
                    }
                } catch (Throwable failure) {
                    TelemetryErrors.report("observing the window gauges", failure);
                }
            }, p50, p95, p99, throughput, peak, active, branches));
        } catch (Throwable failure) {
            TelemetryErrors.report("registering the window gauges", failure);
        }
    }

    /** The state of every service level objective, as gauges: target, error budget left and burn rates. */
    private synchronized void registerSloGauges() {
        try {
            ObservableDoubleMeasurement objective = meter.gaugeBuilder(TelemetryNames.SLO_OBJECTIVE_METRIC)
                    .setUnit("1").setDescription("Target of the service level objective: the share of good events.")
                    .buildObserver();
            ObservableDoubleMeasurement remaining = meter.gaugeBuilder(
                            TelemetryNames.SLO_ERROR_BUDGET_REMAINING_METRIC)
                    .setUnit("1").setDescription("Share of the error budget left over the compliance period; "
                            + "negative once overspent.")
                    .buildObserver();
            ObservableDoubleMeasurement burnRate = meter.gaugeBuilder(TelemetryNames.SLO_BURN_RATE_METRIC)
                    .setUnit("1").setDescription("Rate at which the error budget is spent over the window; 1 spends "
                            + "it exactly over the compliance period.")
                    .buildObserver();
            gaugeRegistrations.add(meter.batchCallback(() -> {
                try {
                    long now = System.nanoTime();
                    for (PrimitiveSlos slos : scope != null ? scope.allSlos().values()
                            : TelemetryRuntime.processSlos().values()) {
                        for (SloState slo : slos.states()) {
                            SloStatus status = slo.tracker().status(now);
                            Attributes attributes = slo.gaugeAttributes();
                            objective.record(slo.objective().target(), attributes);
                            remaining.record(status.errorBudgetRemaining(), attributes);
                            for (int i = 0; i < SloStatus.BURN_RATE_WINDOWS.size(); i++) {
                                burnRate.record(status.burnRate(SloStatus.BURN_RATE_WINDOWS.get(i)),
                                        slo.burnRateAttributes(i));
                            }
                        }
                    }
                } catch (Throwable failure) {
                    TelemetryErrors.report("observing the SLO gauges", failure);
                }
            }, objective, remaining, burnRate));
        } catch (Throwable failure) {
            TelemetryErrors.report("registering the SLO gauges", failure);
        }
    }

    private ObservableDoubleMeasurement windowGauge(String name, String unit, String description) {
        return meter.gaugeBuilder(name).setUnit(unit).setDescription(description).buildObserver();
    }

    private static double seconds(java.time.Duration duration) {
        return duration.toNanos() / 1_000_000_000.0;
    }

    /**
     * Records a cost in the token and money metrics. The attributes are bounded: the workflow names and model names
     * each take at most {@value #MAX_COST_VALUES} values, and the combinations of primitive, workflow and model at
     * most {@value #MAX_COST_SERIES}, past which every part is {@value BoundedValues#OVERFLOW}. They are built once
     * per primitive for the last workflow and model it recorded (a step calling one model builds them once), so a
     * repeated cost allocates nothing here.
     */
    void recordCost(String primitiveName, String workflowName, Cost recorded) {
        String primitive = primitiveName == null ? null : TelemetryRuntime.admit(primitiveName);
        CostSeries series = primitive == null ? null : COST_SERIES_BY_PRIMITIVE.get(primitive);
        if (series == null || !series.isFor(workflowName, recorded.model())) {
            series = new CostSeries(primitive, workflowName, recorded.model());
            if (primitive != null) {
                // Bounded: admitted primitive names are.
                COST_SERIES_BY_PRIMITIVE.put(primitive, series);
            }
        }
        if (recorded.inputTokens() > 0 || recorded.outputTokens() > 0) {
            tokenUsage.record(recorded.inputTokens(), series.input);
            tokenUsage.record(recorded.outputTokens(), series.output);
        }
        if (recorded.amount() != null) {
            cost.add(recorded.amount().doubleValue(), series.money(recorded.currency().getCurrencyCode()));
        }
    }

    /** The cost metrics' attributes of one primitive, workflow and model, as recorded (before bounding). */
    private static final class CostSeries {
        private final String workflowName;
        private final String modelName;
        /** {@code workflow.primitive.name} and {@code workflow.name}, as bounded. */
        private final Attributes common;
        private final Attributes input;
        private final Attributes output;
        /** The money attributes of the last currency. */
        private volatile Attributes money;

        CostSeries(String primitive, String workflowName, String modelName) {
            this.workflowName = workflowName;
            this.modelName = modelName;
            String workflow = COST_WORKFLOWS.admit(workflowName);
            String model = COST_MODELS.admit(modelName);
            if (COST_SERIES.admit(primitive + '\u0000' + workflow + '\u0000' + model) == BoundedValues.OVERFLOW) {
                primitive = primitive == null ? null : BoundedValues.OVERFLOW;
                workflow = workflow == null ? null : BoundedValues.OVERFLOW;
                model = model == null ? null : BoundedValues.OVERFLOW;
            }
            var builder = Attributes.builder();
            if (primitive != null) {
                builder.put(TelemetryNames.PRIMITIVE_NAME, primitive);
            }
            if (workflow != null) {
                builder.put(TelemetryNames.WORKFLOW_NAME, workflow);
            }
            this.common = builder.build();
            var tokens = common.toBuilder();
            if (model != null) {
                tokens.put(TelemetryNames.GEN_AI_REQUEST_MODEL, model);
            }
            Attributes base = tokens.build();
            this.input = base.toBuilder().put(TelemetryNames.GEN_AI_TOKEN_TYPE, "input").build();
            this.output = base.toBuilder().put(TelemetryNames.GEN_AI_TOKEN_TYPE, "output").build();
        }

        boolean isFor(String workflowName, String modelName) {
            return Objects.equals(this.workflowName, workflowName) && Objects.equals(this.modelName, modelName);
        }

        Attributes money(String currencyCode) {
            Attributes last = money;
            if (last == null || !currencyCode.equals(last.get(TelemetryNames.COST_CURRENCY))) {
                last = common.toBuilder().put(TelemetryNames.COST_CURRENCY, currencyCode).build();
                money = last;
            }
            return last;
        }
    }

    /** Registers a gauge's callback with this instance; a failure is reported and the gauge skipped. */
    synchronized void register(TelemetryRuntime.Gauge gauge) {
        try {
            gaugeRegistrations.add(meter.gaugeBuilder(gauge.name()).ofLongs().setUnit(gauge.unit())
                    .setDescription(gauge.description()).buildWithCallback(gauge::observe));
        } catch (Throwable failure) {
            TelemetryErrors.report("registering the gauge " + gauge.name(), failure);
        }
    }

    /** Unregisters every gauge callback from this instance, which is being replaced. */
    synchronized void closeGauges() {
        for (AutoCloseable registration : gaugeRegistrations) {
            try {
                registration.close();
            } catch (Throwable failure) {
                TelemetryErrors.report("unregistering a gauge", failure);
            }
        }
        gaugeRegistrations.clear();
    }

    /**
     * The instance these instruments belong to.
     *
     * @return the instance
     */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** The meter of the instance, for instruments declared elsewhere ({@link TelemetryCounter}). */
    /**
     * The meter, for instruments declared elsewhere.
     *
     * @return the meter
     */
    public Meter meter() {
        return meter;
    }

    /**
     * When binding these instruments finished: an execution that started before paid for the binding, which is not
     * its own time.
     *
     * @return a {@link System#nanoTime()} reading
     */
    public long boundAtNanos() {
        return boundAtNanos;
    }

    void markBound(long nanos) {
        boundAtNanos = nanos;
    }

    /**
     * The tracer.
     *
     * @return the tracer
     */
    public Tracer tracer() {
        return tracer;
    }

    /**
     * The {@code workflow.primitive.duration} histogram.
     *
     * @return the histogram
     */
    public DoubleHistogram duration() {
        return duration;
    }

    /**
     * The {@code workflow.slo.events} counter.
     *
     * @return the counter
     */
    public LongCounter sloEvents() {
        return sloEvents;
    }

}
