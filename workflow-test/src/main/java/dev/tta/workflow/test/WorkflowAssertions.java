package dev.tta.workflow.test;

import io.opentelemetry.sdk.metrics.data.MetricData;
import java.util.List;

/**
 * Entry points of the kit's assertions, in workflow terms; import them statically next to AssertJ's.
 */
public final class WorkflowAssertions {

    private WorkflowAssertions() {
    }

    /**
     * Assertions on everything a test's workflows emitted.
     *
     * @param telemetry the test's telemetry
     * @return the assertions
     */
    public static TelemetryAssert assertThat(TestTelemetry telemetry) {
        return new TelemetryAssert(telemetry);
    }

    /**
     * Assertions on one trace.
     *
     * @param trace the trace
     * @return the assertions
     */
    public static TraceAssert assertThat(TraceTree trace) {
        return new TraceAssert(trace);
    }

    /**
     * Assertions on one step.
     *
     * @param step the step's span
     * @return the assertions
     */
    public static StepAssert assertThat(SpanNode step) {
        return new StepAssert(step, null);
    }

    /**
     * Assertions on metric data.
     *
     * @param metrics the collected metrics
     * @return the assertions
     */
    public static MetricsAssert assertThatMetrics(List<MetricData> metrics) {
        return new MetricsAssert(metrics);
    }

    /**
     * Assertions on captured log lines.
     *
     * @param logs the lines
     * @return the assertions
     */
    public static LogsAssert assertThatLogs(List<CapturedLog> logs) {
        return new LogsAssert(logs);
    }
}
