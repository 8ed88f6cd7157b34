package dev.tta.workflow.spi;

import dev.tta.workflow.internal.IntervalExemplars;
import dev.tta.workflow.internal.TelemetryErrors;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Observer: what the anomaly detectors need of each execution, which they judge per closed window interval: a
 * failure counts in the interval, and the trace id of one of its slowest or failed executions is kept as an exemplar.
 * A call that is neither costs a volatile read and a comparison, and nothing is allocated for any call.
 */
final class AnomalyExemplars {

    private AnomalyExemplars() {
    }

    static void ended(Invocation execution, long nanos) {
        try {
            IntervalExemplars exemplars = execution.stats.exemplars();
            boolean failed = execution.failure != null;
            if (failed) {
                exemplars.failed();
            }
            if (exemplars.wanted(nanos, failed)) {
                SpanContext ids = execution.span().getSpanContext();
                if (ids.isValid()) {
                    exemplars.offer(nanos, failed, ids.getTraceId(), execution.workflowName);
                }
            }
        } catch (Throwable failure) {
            TelemetryErrors.report("keeping the anomaly exemplars of '" + execution.name() + "'", failure);
        }
    }
}
