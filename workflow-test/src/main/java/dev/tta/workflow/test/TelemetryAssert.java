package dev.tta.workflow.test;

import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on everything one test's workflows emitted, for the common case of one run per test: its trace as a
 * tree, its steps, its metrics and its log lines, chained.
 *
 * <pre>{@code
 * assertThat(telemetry)
 *         .hasTree("checkout(validate, parallel(stock, price), charge)")
 *         .hasDurationCount("charge", 1)
 *         .logsCarryTraceId();
 * }</pre>
 */
public final class TelemetryAssert extends AbstractAssert<TelemetryAssert, TestTelemetry> {

    TelemetryAssert(TestTelemetry actual) {
        super(actual, TelemetryAssert.class);
    }

    /**
     * The test produced exactly one trace, and it has this shape (see {@link TraceAssert#hasTree(String)}).
     *
     * @param expected the expected tree
     * @return this
     */
    public TelemetryAssert hasTree(String expected) {
        trace().hasTree(expected);
        return this;
    }

    /**
     * The test produced this many traces.
     *
     * @param count the expected number
     * @return this
     */
    public TelemetryAssert hasTraceCount(int count) {
        isNotNull();
        List<TraceTree> traces = actual.traces();
        if (traces.size() != count) {
            failWithMessage("expected %s traces, found %s:%n%s", count, traces.size(),
                    TraceTreePrinter.renderAll(actual.spans()));
        }
        return this;
    }

    /**
     * Assertions on the test's one trace.
     *
     * @return the trace's assertions
     */
    public TraceAssert trace() {
        isNotNull();
        return new TraceAssert(actual.trace());
    }

    /**
     * Assertions on one step of the test's one trace.
     *
     * @param name the span name
     * @return the step's assertions
     */
    public StepAssert step(String name) {
        return trace().step(name);
    }

    /**
     * Assertions on the metrics, collected now.
     *
     * @return the metrics' assertions
     */
    public MetricsAssert metrics() {
        isNotNull();
        return new MetricsAssert(actual.metrics());
    }

    /**
     * The primitive ran this many times (see {@link MetricsAssert#hasDurationCount(String, long)}).
     *
     * @param primitive the primitive's name
     * @param count the expected number of executions
     * @return this
     */
    public TelemetryAssert hasDurationCount(String primitive, long count) {
        metrics().hasDurationCount(primitive, count);
        return this;
    }

    /**
     * The metrics tell the same story as the trace: every workflow primitive in the test's one trace was measured
     * in {@code workflow.primitive.duration} as many times as it has spans, with the outcome its spans had, and
     * nothing else was measured.
     *
     * @return this
     */
    public TelemetryAssert hasMetricsMatchingTrace() {
        TraceTree trace = actual.trace();
        java.util.Map<String, long[]> expected = new java.util.TreeMap<>();
        for (SpanNode node : trace.nodes()) {
            if (node.type() != null) {
                expected.computeIfAbsent(node.name(), name -> new long[2])[node.failed() ? 1 : 0]++;
            }
        }
        MetricsAssert metrics = metrics();
        metrics.measuredExactly(expected.keySet().toArray(String[]::new));
        expected.forEach((name, counts) -> metrics
                .hasDurationCount(name, dev.tta.workflow.telemetry.TelemetryNames.OUTCOME_SUCCESS, counts[0])
                .hasDurationCount(name, dev.tta.workflow.telemetry.TelemetryNames.OUTCOME_FAILURE, counts[1]));
        return this;
    }

    /**
     * The objective counted these events (see {@link MetricsAssert#hasSloEvents}).
     *
     * @param primitive the primitive's name
     * @param slo the objective's name
     * @param good the expected good events
     * @param bad the expected bad events
     * @return this
     */
    public TelemetryAssert hasSloEvents(String primitive, String slo, long good, long bad) {
        metrics().hasSloEvents(primitive, slo, good, bad);
        return this;
    }

    /**
     * Assertions on the test's log lines.
     *
     * @return the logs' assertions
     */
    public LogsAssert logs() {
        isNotNull();
        return new LogsAssert(actual.logs());
    }

    /**
     * Every log line written inside a step carries the trace id of the test's one trace, and there is at least one.
     *
     * @return this
     */
    public TelemetryAssert logsCarryTraceId() {
        logs().allCarryTraceId(actual.trace().traceId());
        return this;
    }
}
