package dev.tta.workflow.internal;

import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;

/**
 * Puts a workflow's ids into the SLF4J MDC of the current thread and puts back what was there: the one mechanism
 * behind every execution and every thread hop. Subclasses (an execution, a task handed to an executor) hold the
 * values they replaced, so opening and restoring allocate nothing. Confined to one thread between open and restore.
 * Never throws because of the MDC adapter: failures are reported through {@link TelemetryErrors}.
 *
 * <p>Does nothing while {@link LogIds#eager()} is false: a log appender or context-data provider then reads the
 * ids from the current OpenTelemetry context when an event is written, and no call pays for the MDC.
 */
public abstract class MdcScope {

    private boolean open;
    private String previousTraceId;
    private String previousSpanId;
    private String previousWorkflowId;
    private String previousCorrelationId;

    /** For subclasses. */
    protected MdcScope() {
    }

    /**
     * Saves the four entries, then puts these ids there. With a workflow id (a workflow execution, or work handed to
     * another thread) all four are set, and invalid span ids remove the trace and span entries. Without one (an
     * observed method, which has no workflow context) only valid trace and span ids are set, and the caller's
     * entries otherwise stay.
     *
     * @param ids the span whose ids to log
     * @param run the run's ids, or null for an observed method
     * @param owner for the report if the MDC adapter fails
     */
    protected final void openMdc(SpanContext ids, RunIdentity run, String owner) {
        if (!LogIds.eager()) {
            return;
        }
        try {
            previousTraceId = MDC.get(TelemetryNames.MDC_TRACE_ID);
            previousSpanId = MDC.get(TelemetryNames.MDC_SPAN_ID);
            previousWorkflowId = MDC.get(TelemetryNames.MDC_WORKFLOW_ID);
            previousCorrelationId = MDC.get(TelemetryNames.MDC_CORRELATION_ID);
            open = true;
            if (ids.isValid()) {
                MDC.put(TelemetryNames.MDC_TRACE_ID, ids.getTraceId());
                MDC.put(TelemetryNames.MDC_SPAN_ID, ids.getSpanId());
            } else if (run != null) {
                MDC.remove(TelemetryNames.MDC_TRACE_ID);
                MDC.remove(TelemetryNames.MDC_SPAN_ID);
            }
            if (run != null) {
                MDC.put(TelemetryNames.MDC_WORKFLOW_ID, run.workflowId());
                MDC.put(TelemetryNames.MDC_CORRELATION_ID, run.correlationId());
            }
        } catch (Throwable failure) {
            TelemetryErrors.report("setting the MDC for '" + owner + "'", failure);
        }
    }

    /**
     * Puts back the entries {@link #openMdc} replaced; does nothing if it did not run or this ran already.
     *
     * @param owner for the report if the MDC adapter fails
     */
    protected final void restoreMdc(String owner) {
        if (!open) {
            return;
        }
        open = false;
        try {
            restore(TelemetryNames.MDC_TRACE_ID, previousTraceId);
            restore(TelemetryNames.MDC_SPAN_ID, previousSpanId);
            restore(TelemetryNames.MDC_WORKFLOW_ID, previousWorkflowId);
            restore(TelemetryNames.MDC_CORRELATION_ID, previousCorrelationId);
        } catch (Throwable failure) {
            TelemetryErrors.report("restoring the MDC after '" + owner + "'", failure);
        }
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
