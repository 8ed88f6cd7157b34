package dev.tta.workflow.telemetry;

import dev.tta.workflow.CostSummary;
import dev.tta.workflow.WorkflowContext;
import dev.tta.workflow.slo.ServiceLevelObjective;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * One running execution of a primitive, from {@link PrimitiveTelemetry#begin} to {@link #end()}.
 *
 * <p>Confined to the thread that began it (its span is current there, its ids are in that thread's MDC). Each part
 * of the bookkeeping is guarded on its own: a failing span processor or MDC adapter is reported and skipped, and
 * whatever was set up is still torn down, so telemetry never breaks nor leaks into the workflow.
 */
public final class Invocation {

    /**
     * The workflow a step runs in, in the OpenTelemetry context current while it runs: observed methods called inside
     * the step take it as their {@code workflow.name}.
     */
    private static final ContextKey<String> WORKFLOW_NAME = WorkflowContext.WORKFLOW_NAME_KEY;


    private final PrimitiveTelemetry telemetry;
    private final Instruments instruments;
    private final long startNanos;
    private final CostLedger ledger;
    private final CostLedger parentLedger;
    /**
     * The {@code workflow.name} of the metrics: the context's; for an observed method, that of the workflow step it
     * runs in, or null outside any workflow.
     */
    private final String workflowName;
    private Span span = Span.getInvalid();
    private WorkflowContext context;
    private Scope scope;
    // The MDC values this execution replaced, restored when it ends: fields rather than an array, one allocation
    // less per call.
    private boolean mdcOpen;
    private String previousTraceId;
    private String previousSpanId;
    private String previousWorkflowId;
    private String previousCorrelationId;
    private Throwable failure;
    private boolean ended;

    private Invocation(PrimitiveTelemetry telemetry, Instruments instruments, WorkflowContext context,
            long startNanos, String workflowName) {
        this.telemetry = telemetry;
        this.instruments = instruments;
        this.context = context;
        this.startNanos = startNanos;
        this.ledger = new CostLedger(telemetry.name());
        this.parentLedger = context == null ? null : context.costLedger();
        this.workflowName = workflowName;
    }

    static Invocation start(PrimitiveTelemetry telemetry, WorkflowContext parent) {
        long startNanos = System.nanoTime();
        Instruments instruments;
        try {
            instruments = WorkflowTelemetry.instruments(startNanos);
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("resolving the OpenTelemetry instance", failure);
            instruments = null;
        }
        Invocation invocation = new Invocation(telemetry, instruments, parent, startNanos, parent.workflowName());
        if (instruments != null) {
            invocation.openSpan(parent);
        }
        if (invocation.context == parent) {
            // No span (telemetry failed): the children still report their costs to this execution.
            invocation.context = parent.forChildrenOf(parent.otelContext(), invocation.ledger);
        }
        invocation.countStarted();
        invocation.openMdc();
        invocation.logStarted();
        return invocation;
    }

    /**
     * The context to hand to the wrapped code: the caller's context with this execution's span as the parent of
     * whatever runs inside.
     *
     * @return the child context
     */
    public WorkflowContext context() {
        return context;
    }

    /**
     * The span of this execution ({@link Span#getInvalid()} if none could be started).
     *
     * @return the span
     */
    public Span span() {
        return span;
    }

    /**
     * Sets an attribute on this execution's span, for what a primitive decides while it runs (the route taken, a
     * cache hit...). Skipped when the span is not recorded.
     *
     * @param key the key
     * @param value the value
     * @param <T> the value type
     */
    public <T> void attribute(AttributeKey<T> key, T value) {
        try {
            if (span.isRecording()) {
                span.setAttribute(key, value);
            }
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("setting " + key + " on '" + telemetry.name() + "'", failure);
        }
    }

    /**
     * Adds an event to this execution's span, e.g. a scheduled retry.
     *
     * @param name the event name
     * @param attributes the event's attributes
     */
    public void event(String name, Attributes attributes) {
        try {
            if (span.isRecording()) {
                span.addEvent(name, attributes);
            }
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("adding event " + name + " to '" + telemetry.name() + "'", failure);
        }
    }

    // Observed methods (PrimitiveTelemetry.begin() without a WorkflowContext) and asynchronous ends.

    static Invocation startMethod(PrimitiveTelemetry telemetry) {
        long startNanos = System.nanoTime();
        Instruments instruments;
        try {
            instruments = WorkflowTelemetry.instruments(startNanos);
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("resolving the OpenTelemetry instance", failure);
            instruments = null;
        }
        Invocation invocation = new Invocation(telemetry, instruments, null, startNanos, enclosingWorkflowName());
        if (instruments != null) {
            invocation.openMethodSpan();
        }
        invocation.countStarted();
        invocation.openMdc();
        invocation.logStarted();
        return invocation;
    }

    /**
     * Ends the execution when {@code stage} completes rather than now, for a method that returns a
     * {@code CompletionStage}: its span, latency, metrics and completion log then cover the asynchronous work, and a
     * stage that completes exceptionally (a {@code CompletionException} is unwrapped; a cancellation counts too) marks
     * the span ERROR. What is bound to this thread (the current span, the MDC entries) is released right away, so a
     * later {@link #end()} does nothing. The stage is returned as it is, not a copy, so that {@code cancel()} on it
     * still reaches the work. A null stage ends the execution now.
     *
     * @param stage what the wrapped method returned
     * @param <S> the declared type of the stage
     * @return {@code stage} itself
     */
    public <S extends CompletionStage<?>> S endWhenComplete(S stage) {
        if (stage == null || ended) {
            end();
            return stage;
        }
        ended = true;
        restoreMdc();
        closeScope();
        try {
            stage.whenComplete((result, error) -> completeAsync(error));
        } catch (RuntimeException | LinkageError failure) {
            // A CompletionStage implementation that refuses callbacks: end now rather than never.
            TelemetryErrors.report("waiting for the result of '" + telemetry.name() + "'", failure);
            completeAsync(null);
        }
        return stage;
    }

    /** Runs on whichever thread completes the stage, with this span's ids in its MDC for the completion log. */
    private void completeAsync(Throwable error) {
        if (error != null) {
            fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
        }
        long nanos = System.nanoTime() - startNanos;
        openMdc();
        countEnded(nanos);
        if (instruments != null) {
            recordMetrics(nanos);
        }
        recordSlos(nanos);
        rollUpCost();
        logEnded(nanos);
        restoreMdc();
        closeSpan();
    }

    /** The workflow of the step whose execution is current on this thread, or null. */
    private static String enclosingWorkflowName() {
        try {
            return Context.current().get(WORKFLOW_NAME);
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("reading the current OpenTelemetry context", failure);
            return null;
        }
    }

    private void openMethodSpan() {
        try {
            Context parent = Context.current();
            Span started = instruments.tracer().spanBuilder(telemetry.name()).setParent(parent).startSpan();
            span = started;
            if (started.isRecording()) {
                started.setAllAttributes(telemetry.spanAttributes());
                if (workflowName != null) {
                    started.setAttribute(TelemetryNames.WORKFLOW_NAME, workflowName);
                }
            }
            scope = parent.with(started).makeCurrent();
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("starting the span of '" + telemetry.name() + "'", failure);
        }
    }

    private void closeScope() {
        Scope current = scope;
        scope = null;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException | LinkageError failure) {
                TelemetryErrors.report("closing the scope of '" + telemetry.name() + "'", failure);
            }
        }
    }

    /**
     * Records that the wrapped code threw: the span gets status ERROR, an exception event and {@code error.type}.
     * The caller rethrows the same exception; nothing here wraps or modifies it.
     *
     * @param failure what the wrapped code threw
     */
    public void fail(Throwable failure) {
        if (failure == null || this.failure != null) {
            return;
        }
        this.failure = failure;
        try {
            if (span.isRecording()) {
                String errorType = failure.getClass().getName();
                span.setStatus(StatusCode.ERROR, errorType);
                span.setAttribute(TelemetryNames.ERROR_TYPE, errorType);
                span.recordException(failure);
            }
        } catch (RuntimeException | LinkageError telemetryFailure) {
            TelemetryErrors.report("recording a failure of '" + telemetry.name() + "'", telemetryFailure);
        }
    }

    /**
     * Ends the execution: records its latency (HdrHistogram and the {@code workflow.primitive.duration} histogram),
     * counts it for the primitive's service level objectives, lowers the in-flight gauge, logs {@code primitive.completed} or {@code primitive.failed}, restores the MDC,
     * closes the scope and ends the span. Calling it again does nothing.
     */
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        long nanos = System.nanoTime() - startNanos;
        countEnded(nanos);
        if (instruments != null) {
            recordMetrics(nanos);
        }
        recordSlos(nanos);
        rollUpCost();
        logEnded(nanos);
        restoreMdc();
        closeSpan();
    }

    /**
     * What this execution and everything it ran has cost so far (complete once the children have ended).
     *
     * @return the totals
     */
    public CostSummary cost() {
        return ledger.summary();
    }

    private void openSpan(WorkflowContext parent) {
        try {
            Context parentOtel = parent.otelContext();
            Span started = instruments.tracer().spanBuilder(telemetry.name()).setParent(parentOtel).startSpan();
            span = started;
            // Attributes only when someone records them: an unsampled span stays cheap.
            if (started.isRecording()) {
                started.setAllAttributes(telemetry.spanAttributes());
                started.setAttribute(TelemetryNames.WORKFLOW_NAME, parent.workflowName());
                started.setAttribute(TelemetryNames.WORKFLOW_ID, parent.workflowId());
                started.setAttribute(TelemetryNames.CORRELATION_ID, parent.correlationId());
                switch (parent.position()) {
                    case STEP -> started.setAttribute(TelemetryNames.STEP_INDEX, (long) parent.positionIndex());
                    case BRANCH -> started.setAttribute(TelemetryNames.BRANCH_INDEX, (long) parent.positionIndex());
                    default -> {
                        // A root or directly called primitive has no index.
                    }
                }
            }
            Context current = parentOtel.with(started);
            // Contexts from WorkflowContext.start/extract carry the name already: one Context allocation less per
            // call. Only a context rebuilt around another OpenTelemetry context needs it added.
            if (parentOtel.get(WORKFLOW_NAME) != parent.workflowName()) {
                current = current.with(WORKFLOW_NAME, parent.workflowName());
            }
            context = parent.forChildrenOf(current, ledger);
            // Current too, so third-party OpenTelemetry instrumentation inside the step nests under this span.
            scope = current.makeCurrent();
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("starting the span of '" + telemetry.name() + "'", failure);
        }
    }

    /**
     * Saves the MDC entries this execution overwrites, then puts its ids there. An observed method (no workflow
     * context) sets only the trace and span ids, and keeps the caller's entries when it has no valid span.
     */
    private void openMdc() {
        try {
            previousTraceId = MDC.get(TelemetryNames.MDC_TRACE_ID);
            previousSpanId = MDC.get(TelemetryNames.MDC_SPAN_ID);
            previousWorkflowId = MDC.get(TelemetryNames.MDC_WORKFLOW_ID);
            previousCorrelationId = MDC.get(TelemetryNames.MDC_CORRELATION_ID);
            mdcOpen = true;
            SpanContext ids = context != null ? context.spanContext() : span.getSpanContext();
            if (ids.isValid()) {
                MDC.put(TelemetryNames.MDC_TRACE_ID, ids.getTraceId());
                MDC.put(TelemetryNames.MDC_SPAN_ID, ids.getSpanId());
            } else if (context != null) {
                MDC.remove(TelemetryNames.MDC_TRACE_ID);
                MDC.remove(TelemetryNames.MDC_SPAN_ID);
            }
            if (context != null) {
                MDC.put(TelemetryNames.MDC_WORKFLOW_ID, context.workflowId());
                MDC.put(TelemetryNames.MDC_CORRELATION_ID, context.correlationId());
            }
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("setting the MDC for '" + telemetry.name() + "'", failure);
        }
    }

    private void logStarted() {
        try {
            Logger logger = telemetry.logger();
            if (logger.isDebugEnabled()) {
                logger.atDebug()
                        .addKeyValue("primitive", telemetry.name())
                        .addKeyValue("type", telemetry.type())
                        .log(TelemetryNames.EVENT_STARTED);
            }
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("logging the start of '" + telemetry.name() + "'", failure);
        }
    }

    private void countStarted() {
        try {
            telemetry.stats().started();
        } catch (RuntimeException failure) {
            TelemetryErrors.report("counting the start of '" + telemetry.name() + "'", failure);
        }
    }

    private void countEnded(long nanos) {
        try {
            telemetry.stats().ended(nanos);
        } catch (RuntimeException failure) {
            TelemetryErrors.report("recording the latency of '" + telemetry.name() + "'", failure);
        }
    }

    /** The subtree's cost goes on this span, to the parent's ledger and to this primitive's statistics. */
    private void rollUpCost() {
        if (!ledger.isUsed()) {
            return;
        }
        try {
            CostSummary total = ledger.summary();
            CostLedger.setAttributes(span, total);
            if (parentLedger != null) {
                parentLedger.add(total);
            }
            telemetry.stats().cost().add(total);
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("rolling up the cost of '" + telemetry.name() + "'", failure);
        }
    }

    private void recordMetrics(long nanos) {
        try {
            var attributes = failure == null
                    ? telemetry.successAttributes(workflowName)
                    : telemetry.failureAttributes(failure.getClass(), workflowName);
            instruments.duration().record(nanos / 1_000_000_000.0, attributes);
        } catch (RuntimeException | LinkageError telemetryFailure) {
            TelemetryErrors.report("recording the duration of '" + telemetry.name() + "'", telemetryFailure);
        }
    }

    /**
     * One event per objective the execution counts for: in the objective's tracker (whatever OpenTelemetry is in use)
     * and in the {@code workflow.slo.events} counter.
     */
    private void recordSlos(long nanos) {
        SloState[] slos = telemetry.sloStates();
        if (slos.length == 0) {
            return;
        }
        try {
            long endNanos = startNanos + nanos;
            boolean success = failure == null;
            for (SloState slo : slos) {
                ServiceLevelObjective.Event event = slo.tracker().record(success, nanos, endNanos);
                if (event != ServiceLevelObjective.Event.NONE && instruments != null) {
                    slo.count(instruments.sloEvents(), event == ServiceLevelObjective.Event.GOOD, workflowName);
                }
            }
        } catch (RuntimeException | LinkageError telemetryFailure) {
            TelemetryErrors.report("recording the SLO events of '" + telemetry.name() + "'", telemetryFailure);
        }
    }

    private void logEnded(long nanos) {
        try {
            Logger logger = telemetry.logger();
            if (failure == null) {
                if (logger.isDebugEnabled()) {
                    logger.atDebug()
                            .addKeyValue("primitive", telemetry.name())
                            .addKeyValue("duration_ms", nanos / 1_000_000.0)
                            .addKeyValue("outcome", TelemetryNames.OUTCOME_SUCCESS)
                            .log(TelemetryNames.EVENT_COMPLETED);
                }
                return;
            }
            Level level = telemetry.warnOnFailure() ? Level.WARN : Level.DEBUG;
            if (logger.isEnabledForLevel(level)) {
                logger.atLevel(level)
                        .addKeyValue("primitive", telemetry.name())
                        .addKeyValue("duration_ms", nanos / 1_000_000.0)
                        .addKeyValue("outcome", TelemetryNames.OUTCOME_FAILURE)
                        .addKeyValue("error.type", failure.getClass().getName())
                        .addKeyValue("error.message", failure.getMessage())
                        .log(TelemetryNames.EVENT_FAILED);
            }
        } catch (RuntimeException | LinkageError telemetryFailure) {
            TelemetryErrors.report("logging the end of '" + telemetry.name() + "'", telemetryFailure);
        }
    }

    private void restoreMdc() {
        if (!mdcOpen) {
            return;
        }
        try {
            restoreMdc(TelemetryNames.MDC_TRACE_ID, previousTraceId);
            restoreMdc(TelemetryNames.MDC_SPAN_ID, previousSpanId);
            restoreMdc(TelemetryNames.MDC_WORKFLOW_ID, previousWorkflowId);
            restoreMdc(TelemetryNames.MDC_CORRELATION_ID, previousCorrelationId);
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("restoring the MDC after '" + telemetry.name() + "'", failure);
        }
    }

    private static void restoreMdc(String key, String previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }

    private void closeSpan() {
        if (scope != null) {
            try {
                scope.close();
            } catch (RuntimeException | LinkageError failure) {
                TelemetryErrors.report("closing the scope of '" + telemetry.name() + "'", failure);
            }
        }
        try {
            span.end();
        } catch (RuntimeException | LinkageError failure) {
            TelemetryErrors.report("ending the span of '" + telemetry.name() + "'", failure);
        }
    }
}
