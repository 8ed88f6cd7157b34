package dev.tta.workflow.spi;

import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.cost.CostSummary;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.cost.Cost;
import dev.tta.workflow.internal.CostLedger;
import dev.tta.workflow.internal.CostOwner;
import dev.tta.workflow.internal.TelemetryErrors;
import dev.tta.workflow.internal.TelemetryRuntime;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Context;

/**
 * A span for one phase inside a primitive, such as a fallback alternative or a saga compensation: a child of the
 * primitive's span and the parent of whatever runs in the phase. It records no metrics and touches no thread-local
 * state, so it can be started on one thread and the work it wraps can run on another.
 *
 * <p>Like {@link Invocation}, it never throws because of telemetry. It owns the costs recorded inside it
 * ({@link CostOwner}) and adds them to its execution's when it ends.
 */
public final class PhaseSpan implements CostOwner {

    private final String name;
    private final WorkflowContext context;
    private final Span span;
    /** Created up front: phases are rare, unlike executions. */
    private final CostLedger ledger;
    private final CostOwner parentCosts;
    /** A phase belongs to the execution that runs it: what runs inside has that execution as its parent. */
    private final Execution execution;
    private boolean failed;
    private boolean ended;

    private PhaseSpan(WorkflowContext parent, Context otelContext, Span span, String name) {
        this.name = name;
        this.span = span;
        this.parentCosts = Contexts.ACCESS.costOwner(parent);
        this.execution = Invocation.executionOf(parentCosts);
        this.ledger = new CostLedger();
        this.context = Contexts.ACCESS.childOf(parent, otelContext, this);
    }

    /**
     * Starts a phase span under the span of {@code parent}.
     *
     * @param parent the context of the primitive that runs the phase
     * @param name the span name, e.g. {@link TelemetryNames#FALLBACK_ALTERNATIVE_SPAN}
     * @param attributes the span's attributes
     * @return the running phase; pass {@link #context()} to the work it wraps
     */
    public static PhaseSpan start(WorkflowContext parent, String name, Attributes attributes) {
        try {
            Context parentOtel = parent.otelContext();
            SpanBuilder builder = TelemetryRuntime.instruments().tracer().spanBuilder(name).setParent(parentOtel);
            // As for an execution's span: on the builder under a parent that records, else only if the span records.
            boolean early = Invocation.Spans.childRecords(Span.fromContext(parentOtel));
            if (early) {
                builder.setAllAttributes(attributes);
            }
            Span span = builder.startSpan();
            if (!early && span.isRecording()) {
                span.setAllAttributes(attributes);
            }
            return new PhaseSpan(parent, parentOtel.with(span), span, name);
        } catch (Throwable failure) {
            TelemetryErrors.report("starting the span " + name, failure);
            return new PhaseSpan(parent, parent.otelContext(), Span.getInvalid(), name);
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
     * The phase's span name, under which the costs recorded inside it are reported in the metrics.
     *
     * @return the name
     */
    @Override
    public String name() {
        return name;
    }

    /**
     * Internal, for {@code WorkflowContext.recordCost} in the context this phase hands down: adds a cost to the
     * phase. Steps call {@code recordCost}, which also counts the cost in the run's total and the metrics.
     *
     * @param cost the cost
     */
    @Override
    public void addCost(Cost cost) {
        ledger.add(cost);
    }

    /**
     * Internal, for the cost roll-up: adds what an execution inside the phase cost when it ends.
     *
     * @param summary the child's totals
     */
    @Override
    public void addCost(CostSummary summary) {
        ledger.add(summary);
    }

    /** The execution running this phase, or null if the phase runs outside any. */
    Execution execution() {
        return execution;
    }

    /**
     * Sets an attribute on the phase span.
     *
     * @param key the key
     * @param value the value
     * @param <T> the value type
     * @return this
     */
    public <T> PhaseSpan attribute(AttributeKey<T> key, T value) {
        try {
            span.setAttribute(key, value);
        } catch (Throwable failure) {
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
        Invocation.Spans.fail(span, failure, "a phase span");
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
                if (parentCosts != null) {
                    parentCosts.addCost(total);
                }
            }
            span.end();
        } catch (Throwable failure) {
            TelemetryErrors.report("ending a phase span", failure);
        }
    }
}
