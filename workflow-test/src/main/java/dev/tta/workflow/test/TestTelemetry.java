package dev.tta.workflow.test;

import dev.tta.workflow.spi.IsolatedTelemetry;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The telemetry of one test: a private OpenTelemetry SDK (never the global one) and a private copy of the library's
 * in-process statistics, with everything the test's workflows emitted captured synchronously. Spans are recorded as
 * they end (a simple span processor into memory, no batching, so nothing races the assertions), metrics are
 * collected when asked for, and log lines are captured as they are written (with Logback as the SLF4J backend).
 *
 * <p>Workflows belong to the test when their {@code WorkflowContext.start} runs while this telemetry is current:
 * throughout the test method, its {@code @BeforeEach} and {@code @AfterEach} methods with
 * {@link WorkflowTelemetryExtension}, and in tasks handed to other threads through {@link #wrap(Runnable)}. From
 * there the run carries it through every primitive and thread hop, so parallel tests never mix.
 *
 * <p>Get one as a test method parameter under {@link WorkflowTelemetryExtension}, or open one yourself with
 * {@link #open()} and close it.
 */
public final class TestTelemetry implements AutoCloseable {

    private static final Set<TestTelemetry> OPEN = ConcurrentHashMap.newKeySet();

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final OpenTelemetrySdk sdk;
    private final IsolatedTelemetry isolated;
    private final LogCapture logs;

    /**
     * The gauges of the recent window, computed from every primitive's HdrHistograms on each collection: left out
     * unless asked for, since they cost more than everything else a test collects.
     */
    private static final List<String> WINDOW_GAUGES = List.of(TelemetryNames.DURATION_P50_METRIC,
            TelemetryNames.DURATION_P95_METRIC, TelemetryNames.DURATION_P99_METRIC, TelemetryNames.THROUGHPUT_METRIC,
            TelemetryNames.ACTIVE_PEAK_METRIC, TelemetryNames.ACTIVE_METRIC,
            TelemetryNames.PARALLEL_BRANCHES_ACTIVE_METRIC);

    private TestTelemetry(boolean windowGauges) {
        SdkMeterProviderBuilder meters = SdkMeterProvider.builder().registerMetricReader(metrics);
        if (!windowGauges) {
            for (String name : WINDOW_GAUGES) {
                meters.registerView(InstrumentSelector.builder().setName(name).build(),
                        View.builder().setAggregation(Aggregation.drop()).build());
            }
        }
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(meters.build())
                .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
                .build();
        isolated = IsolatedTelemetry.open(sdk);
        logs = new LogCapture(isolated);
        logs.open();
        OPEN.add(this);
    }

    /**
     * Opens a test's telemetry; {@link #makeCurrent()} it around the workflows to observe, and close it afterwards.
     * {@link WorkflowTelemetryExtension} does all three.
     *
     * @return the open telemetry
     */
    public static TestTelemetry open() {
        return new TestTelemetry(false);
    }

    /**
     * As {@link #open()}, with the recent-window gauges as well ({@code workflow.primitive.duration.p50}, {@code .p95},
     * {@code .p99}, {@code workflow.primitive.throughput}, {@code workflow.primitive.active} and {@code .active.peak},
     * {@code workflow.parallel.branches.active}), which {@link #open()} leaves out: each collection computes them
     * from every primitive's latency histograms, which costs more than everything else a test does. The same values
     * are in {@code WorkflowTelemetry.report()} either way.
     *
     * @return the open telemetry
     */
    public static TestTelemetry openWithWindowGauges() {
        return new TestTelemetry(true);
    }

    /**
     * The test telemetry current on this thread, for helpers that were not handed it.
     *
     * @return the telemetry
     * @throws IllegalStateException if none is current (outside a test under {@link WorkflowTelemetryExtension})
     */
    public static TestTelemetry current() {
        for (TestTelemetry telemetry : OPEN) {
            if (telemetry.isolated.isCurrent()) {
                return telemetry;
            }
        }
        throw new IllegalStateException("no TestTelemetry is current on " + Thread.currentThread().getName()
                + ": run the test under WorkflowTelemetryExtension, or wrap the work with TestTelemetry.wrap");
    }

    /**
     * Makes this telemetry current on this thread: workflows started here until the scope is closed belong to it.
     *
     * @return the scope; close it on this thread
     */
    public Scope makeCurrent() {
        return isolated.makeCurrent();
    }

    /**
     * Wraps work handed to a thread of the test's own, so that workflows it starts belong to this test.
     *
     * @param task the work
     * @return the wrapped work
     */
    public Runnable wrap(Runnable task) {
        return isolated.storeIn(Context.current()).wrap(task);
    }

    /**
     * An executor whose tasks run as {@link #wrap(Runnable)} makes them.
     *
     * @param executor where the tasks run
     * @return the wrapping executor
     */
    public Executor wrap(Executor executor) {
        return task -> executor.execute(wrap(task));
    }

    /**
     * The private SDK, for instrumentation of the test's own.
     *
     * @return the SDK
     */
    public OpenTelemetry openTelemetry() {
        return sdk;
    }

    /**
     * The spans ended so far.
     *
     * @return in the order they ended
     */
    public List<SpanData> spans() {
        return spans.getFinishedSpanItems();
    }

    /**
     * The traces ended so far, as trees.
     *
     * @return one per trace, in the order of their start
     */
    public List<TraceTree> traces() {
        return TraceTree.of(spans());
    }

    /**
     * The one trace of the test.
     *
     * @return its tree
     * @throws AssertionError if there is no trace or more than one
     */
    public TraceTree trace() {
        List<TraceTree> traces = traces();
        if (traces.size() != 1) {
            throw new AssertionError("expected one trace, found " + traces.size()
                    + (traces.isEmpty() ? "" : ":\n" + TraceTreePrinter.renderAll(spans())));
        }
        return traces.get(0);
    }

    /**
     * The metrics now: every point recorded since the test began (cumulative), gauges as observed now (the
     * recent-window gauges only with {@link #openWithWindowGauges()}).
     *
     * @return the metric data
     */
    public List<MetricData> metrics() {
        return List.copyOf(metrics.collectAllMetrics());
    }

    /**
     * The log lines of this test's workflows and of the test itself, with Logback as the SLF4J backend. Whether the
     * library's {@code primitive.started} and {@code primitive.completed} events appear depends on the logger
     * {@code dev.tta.workflow}'s level (they are DEBUG; {@code primitive.failed} of a step is WARN).
     *
     * @return the lines, in the order written
     */
    public List<CapturedLog> logs() {
        return logs.lines();
    }

    /**
     * Whether log lines are captured: Logback is the SLF4J backend.
     *
     * @return true if {@link #logs()} can see anything
     */
    public boolean capturesLogs() {
        return LogCapture.available();
    }

    /** Forgets the spans and log lines recorded so far (metrics are cumulative and stay). */
    public void clear() {
        spans.reset();
        logs.clear();
    }

    /** Closes the SDK and the isolated state. Closing again does nothing. */
    @Override
    public void close() {
        if (OPEN.remove(this)) {
            logs.close();
            isolated.close();
            sdk.close();
        }
    }

    @Override
    public String toString() {
        return "TestTelemetry{spans=" + spans.getFinishedSpanItems().size() + "}";
    }
}
