package dev.tta.workflow.spi;

import dev.tta.workflow.internal.TelemetryErrors;
import io.opentelemetry.api.common.Attributes;

/** Observer: the {@code workflow.primitive.duration} histogram, by name, type, outcome, error type and workflow. */
final class DurationMetric {

    private DurationMetric() {
    }

    static void ended(Invocation execution, long nanos) {
        if (execution.instruments == null) {
            return;
        }
        try {
            PrimitiveTelemetry telemetry = execution.telemetry;
            Attributes attributes = execution.failure == null
                    ? telemetry.successAttributes(execution.workflowName)
                    : telemetry.failureAttributes(execution.failure.getClass(), execution.workflowName);
            execution.instruments.duration().record(nanos / 1_000_000_000.0, attributes);
        } catch (Throwable failure) {
            TelemetryErrors.report("recording the duration of '" + execution.name() + "'", failure);
        }
    }
}
