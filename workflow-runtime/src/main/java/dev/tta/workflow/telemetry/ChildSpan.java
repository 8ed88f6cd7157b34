package dev.tta.workflow.telemetry;

import dev.tta.workflow.CostSummary;
import dev.tta.workflow.WorkflowContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;

/**
 * A span for one phase inside a primitive, such as a retry attempt, a fallback alternative or a saga compensation:
 * a child of the primitive's span and the parent of whatever runs in the phase. It records no metrics and touches no
 * thread-local state, so it can be started on one thread and the work it wraps can run on another.
 *
 * <p>Like {@link Invocation}, it never throws because of telemetry.
 */
public final class ChildSpan {

    private final WorkflowContext context;
    private final Span span;
    private final CostLedger ledger;
    private final CostLedger parentLedger;
    private boolean failed;
    private boolean ended;

    private ChildSpan(WorkflowContext parent, Context otelContext, Span span, String name) {
        this.span = span;
        this.ledger = new CostLedger(name);
        this.parentLedger = parent.costLedger();
        this.context = parent.forChildrenOf(otelContext, ledger);
    }

    /**
     * Starts a phase span under the span of {@code parent}.
     *
     * @param parent the context of the primitive that runs the phase
     * @param name the span name, e.g. {@link TelemetryNames#RETRY_ATTEMPT_SPAN}
     * @param attributes the span's attributes
     * @return the running phase; pass {@link #context()} to the work it wraps
     */
    public static ChildSpan start(WorkflowContext parent, String name, Attributes attributes) {
        try {
            Context parentOtel = parent.otelContext();
            Span span = WorkflowTelemetry.instruments().tracer().spanBuilder(name).setParent(parentOtel).startSpan();
            if (span.isRecording()) {
                span.setAllAttributes(attributes);
            }
            return new ChildSpan(parent, parentOtel.with(span), span, name);
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("starting the span " + name, failure);
            return new ChildSpan(parent, parent.otelContext(), Span.getInvalid(), name);
        }
    }

    /**
     * The context to hand to the work this phase wraps.
     *
     * @return the child context
     */
    public WorkflowContext context() {
        return context;
    }

    /**
     * Sets an attribute on the phase span.
     *
     * @param key the key
     * @param value the value
     * @param <T> the value type
     * @return this
     */
    public <T> ChildSpan attribute(AttributeKey<T> key, T value) {
        try {
            span.setAttribute(key, value);
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("setting " + key + " on a phase span", failure);
        }
        return this;
    }

    /**
     * Marks the phase failed: status ERROR, an exception event and {@code error.type}.
     *
     * @param failure what the wrapped work threw
     */
    public void fail(Throwable failure) {
        if (failure == null || failed) {
            return;
        }
        failed = true;
        try {
            if (span.isRecording()) {
                String errorType = failure.getClass().getName();
                span.setStatus(StatusCode.ERROR, errorType);
                span.setAttribute(TelemetryNames.ERROR_TYPE, errorType);
                span.recordException(failure);
            }
        } catch (RuntimeException | LinkageError telemetryFailure) {
            TelemetryErrors.report("recording a failure on a phase span", telemetryFailure);
        }
    }

    /** Ends the phase span, with the cost of what ran inside it; calling it again does nothing. */
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            if (ledger.isUsed()) {
                CostSummary total = ledger.summary();
                CostLedger.setAttributes(span, total);
                if (parentLedger != null) {
                    parentLedger.add(total);
                }
            }
            span.end();
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("ending a phase span", failure);
        }
    }
}
