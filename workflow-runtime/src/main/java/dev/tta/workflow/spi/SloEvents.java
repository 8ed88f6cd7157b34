package dev.tta.workflow.spi;

import dev.tta.workflow.internal.SloState;
import dev.tta.workflow.internal.TelemetryErrors;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.trace.Span;

/**
 * Observer: one event per objective the execution counts for, in the objective's tracker (whatever OpenTelemetry is
 * in use) and in the {@code workflow.slo.events} counter; an execution that counted a bad event gets
 * {@code workflow.slo.result=bad} on its span when the span is recorded.
 */
final class SloEvents {

    private SloEvents() {
    }

    static void ended(Invocation execution, long nanos) {
        SloState[] slos = execution.stats.sloStates();
        if (slos.length == 0) {
            return;
        }
        try {
            long endNanos = execution.startNanos + nanos;
            boolean success = execution.failure == null;
            for (SloState slo : slos) {
                ServiceLevelObjective.Event event = slo.tracker().record(success, nanos, endNanos);
                if (event == ServiceLevelObjective.Event.BAD) {
                    markBad(execution);
                }
                if (event != ServiceLevelObjective.Event.NONE && execution.instruments != null) {
                    slo.count(execution.instruments.sloEvents(), event == ServiceLevelObjective.Event.GOOD,
                            execution.workflowName);
                }
            }
        } catch (Throwable failure) {
            TelemetryErrors.report("recording the SLO events of '" + execution.name() + "'", failure);
        }
    }

    /** Marks the span of an execution that counted a bad event, so a tail sampler can keep its trace. */
    private static void markBad(Invocation execution) {
        Span span = execution.span();
        if (span.isRecording()) {
            span.setAttribute(TelemetryNames.SLO_RESULT, TelemetryNames.SLO_RESULT_BAD);
        }
    }
}
