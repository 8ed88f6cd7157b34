package dev.tta.workflow.spi;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.cost.Cost;
import dev.tta.workflow.cost.CostSummary;
import dev.tta.workflow.internal.ContextAccess;
import dev.tta.workflow.internal.CostLedger;
import dev.tta.workflow.internal.CostOwner;
import dev.tta.workflow.internal.Instruments;
import dev.tta.workflow.internal.MdcScope;
import dev.tta.workflow.internal.PrimitiveStats;
import dev.tta.workflow.internal.RunIdentity;
import dev.tta.workflow.internal.TelemetryErrors;
import dev.tta.workflow.internal.TelemetryRuntime;
import dev.tta.workflow.internal.TelemetryScope;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One running execution of a primitive, from {@link PrimitiveTelemetry#begin} to {@link #end()}: the one lifecycle
 * every generated class and every built-in primitive goes through.
 *
 * <p>It starts the span and makes it current, then hands the execution to its observers: the library's own (in
 * flight, logs and MDC at the start; latency percentiles, the duration metric, SLO events, cost roll-up, logs and MDC
 * at the end, each in a class of its own) and those registered with {@link ExecutionObservers}. It ends the span last.
 *
 * <p>Confined to the thread that began it (its span is current there, its ids are in that thread's MDC), except for
 * {@link #endWhenComplete}. Each step of the bookkeeping is guarded on its own: anything telemetry throws, short of a
 * {@link VirtualMachineError}, is reported and skipped, and whatever was set up is still torn down, so telemetry never
 * changes the workflow's result or exception and leaves nothing behind on the thread.
 *
 * <p>It is also the {@link CostOwner} of the context it hands down: costs recorded inside go to its ledger, which it
 * creates on the first one.
 */
public final class Invocation extends MdcScope implements Execution, CostOwner {

    private static final VarHandle COSTS;

    static {
        try {
            COSTS = MethodHandles.lookup().findVarHandle(Invocation.class, "costs", CostLedger.class);
        } catch (ReflectiveOperationException impossible) {
            throw new ExceptionInInitializerError(impossible);
        }
    }

    final PrimitiveTelemetry telemetry;
    /** Null when the OpenTelemetry instance could not be resolved: the execution then runs untraced. */
    final Instruments instruments;
    final long startNanos;
    /**
     * The statistics of the primitive's name in the run's telemetry scope (a test's, or the process-wide one; see
     * {@link #scopeOf}), its objectives included.
     */
    final PrimitiveStats stats;
    /** Where the caller's context sends costs: the enclosing execution or a phase of it; null outside any. */
    final CostOwner parentCosts;
    /**
     * The {@code workflow.name} of the metrics: the context's; for an observed method, that of the workflow step it
     * runs in, or null outside any workflow.
     */
    final String workflowName;
    /** The registered observers' share of the execution; null when none is registered, which costs nothing. */
    private final Extensions extensions;
    private Span span = Span.getInvalid();
    private WorkflowContext context;
    private Scope scope;
    Throwable failure;
    private boolean ended;
    /** The costs of this execution's subtree; created by the first one, so null for nearly every execution. */
    private volatile CostLedger costs;

    private Invocation(PrimitiveTelemetry telemetry, WorkflowContext parent, Object input, String workflowName,
            TelemetryScope scope) {
        long start = System.nanoTime();
        Instruments bound = instruments(scope, start);
        if (bound != null && bound.boundAtNanos() - start > 0) {
            // The first execution under a new OpenTelemetry instance paid for binding it: not its own time.
            start = System.nanoTime();
        }
        this.startNanos = start;
        this.telemetry = telemetry;
        this.stats = telemetry.stats(scope);
        this.instruments = bound;
        this.workflowName = workflowName;
        this.parentCosts = parent == null ? null : Contexts.ACCESS.costOwner(parent);
        ExecutionObserver[] observers = ExecutionObservers.current();
        // A replayed run's executions consult its session: a field read per execution, nothing more for live runs.
        Object replay = parent == null ? null : Contexts.ACCESS.run(parent).replay();
        this.extensions = observers.length == 0 && replay == null ? null
                : new Extensions(observers, (ReplaySession) replay, input, parent);
    }

    private static Instruments instruments(TelemetryScope scope, long nowNanos) {
        try {
            return scope != null ? scope.instruments() : TelemetryRuntime.processInstruments(nowNanos);
        } catch (Throwable failure) {
            TelemetryErrors.report("resolving the OpenTelemetry instance", failure);
            return null;
        }
    }

    /** Starts an execution of a workflow primitive; never throws because of telemetry. */
    static Invocation start(PrimitiveTelemetry telemetry, WorkflowContext parent, Object input) {
        Invocation invocation = new Invocation(telemetry, parent, input, parent.workflowName(), scopeOf(parent));
        if (invocation.instruments != null) {
            invocation.openSpan(parent);
        }
        if (invocation.context == null) {
            // No span (telemetry failed): the children still report their costs to this execution.
            invocation.context = Contexts.ACCESS.childOf(parent, parent.otelContext(), invocation);
        }
        invocation.started(invocation.context.spanContext(), Contexts.ACCESS.run(parent));
        return invocation;
    }

    /** Starts an execution of an observed method, under the current OpenTelemetry context. */
    static Invocation startMethod(PrimitiveTelemetry telemetry) {
        Invocation invocation = new Invocation(telemetry, null, null, enclosingWorkflowName(),
                TelemetryScope.current());
        if (invocation.instruments != null) {
            invocation.openMethodSpan();
        }
        invocation.started(invocation.span.getSpanContext(), null);
        return invocation;
    }

    private void started(SpanContext ids, RunIdentity run) {
        InFlight.started(this);
        openMdc(ids, run, telemetry.name());
        ExecutionLog.started(this);
        if (extensions != null) {
            extensions.started(this);
        }
    }

    /**
     * The context to hand to the wrapped code: the caller's context with this execution's span as the parent of
     * whatever runs inside.
     *
     * @return the child context; null for an observed method, which has none
     */
    @Override
    public WorkflowContext context() {
        return context;
    }

    /**
     * The span of this execution ({@link Span#getInvalid()} if none could be started).
     *
     * @return the span
     */
    @Override
    public Span span() {
        return span;
    }

    @Override
    public String name() {
        return telemetry.name();
    }

    @Override
    public String type() {
        return telemetry.type();
    }

    @Override
    public String workflowName() {
        return workflowName;
    }

    @Override
    public Execution parent() {
        return executionOf(parentCosts);
    }

    /** The execution a cost owner belongs to: itself, or the one running the phase. */
    static Execution executionOf(CostOwner owner) {
        return owner instanceof PhaseSpan phase ? phase.execution() : (Execution) owner;
    }

    /**
     * {@inheritDoc} Kept only while an {@link ExecutionObserver} is registered or the run is a replay; {@code NONE}
     * otherwise.
     */
    @Override
    public WorkflowContext.Position position() {
        return extensions == null ? WorkflowContext.Position.NONE : extensions.position;
    }

    /**
     * {@inheritDoc} Kept only while an {@link ExecutionObserver} is registered or the run is a replay; -1 otherwise.
     */
    @Override
    public int positionIndex() {
        return extensions == null ? -1 : extensions.positionIndex;
    }

    @Override
    public Object observerState(ExecutionObserver observer) {
        return extensions == null ? null : extensions.stateOf(observer);
    }

    @Override
    public Type inputType() {
        return telemetry.inputType();
    }

    @Override
    public Type outputType() {
        return telemetry.outputType();
    }

    @Override
    public boolean replaying() {
        return extensions != null && extensions.session != null;
    }

    /**
     * Whether, in a replayed run, the recorded outcome of this execution stands in for running it. Generated code
     * and {@code CompositePrimitive} then return {@link #substitution()} instead of running the body.
     *
     * @return true if the body must not run
     */
    @Override
    public boolean substituted() {
        return extensions != null && extensions.substitute != null;
    }

    /**
     * The recorded outcome that stands in for running this execution: returns the recorded output (which observers
     * then see as the output) or throws the recorded failure. Call it only when {@link #substituted()}:
     *
     * <pre>{@code
     * if (invocation.substituted()) {
     *     return invocation.substitution();
     * }
     * }</pre>
     *
     * @param <T> the output type, as the replay session read it back ({@link #outputType()})
     * @return the recorded output
     * @throws IllegalStateException if the execution is not substituted
     */
    public <T> T substitution() {
        RecordedOutcome outcome = extensions == null ? null : extensions.substitute;
        if (outcome == null) {
            throw new IllegalStateException("'" + telemetry.name() + "' is not substituted: check substituted()");
        }
        if (outcome.failure() != null) {
            throw Invocation.<RuntimeException>sneaky(outcome.failure());
        }
        extensions.output = outcome.value();
        @SuppressWarnings("unchecked") // the session read the value back as the declared output type
        T value = (T) outcome.value();
        return value;
    }

    /** Throws a recorded checked failure from a method that declares none, as the original step threw it. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable failure) throws E {
        throw (E) failure;
    }

    /**
     * In a replayed run, the decision of this kind that the execution made when it was recorded, so that the
     * primitive repeats it rather than deciding afresh. It answers for the next decision of the kind: ask, then report
     * what was decided with {@link #decided}, and the next question is about the one after.
     *
     * @param kind the decision's kind, one of {@link Decisions}
     * @return the recorded value, or null (a live run, or nothing recorded)
     */
    public String recordedDecision(String kind) {
        Extensions current = extensions;
        return current == null || current.session == null ? null : current.recorded(this, kind);
    }

    /**
     * Tells the observers (a journal) about a decision this execution made. Costs a field read when none is
     * registered.
     *
     * @param kind the decision's kind, one of {@link Decisions}
     * @param value what was decided
     */
    public void decided(String kind, String value) {
        Extensions current = extensions;
        if (current != null) {
            current.decided(this, kind, value);
        }
    }

    /**
     * {@inheritDoc} Kept only while an {@link ExecutionObserver} is registered; null otherwise.
     */
    @Override
    public Object input() {
        return extensions == null ? null : extensions.input;
    }

    /**
     * {@inheritDoc} Kept only while an {@link ExecutionObserver} is registered; null otherwise.
     */
    @Override
    public Object output() {
        return extensions == null ? null : extensions.output;
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public long startNanos() {
        return startNanos;
    }

    /**
     * {@inheritDoc} Kept only while an {@link ExecutionObserver} is registered; -1 otherwise.
     */
    @Override
    public long durationNanos() {
        return extensions == null ? -1 : extensions.durationNanos;
    }

    /**
     * Records what the wrapped code returned, for the registered observers, and returns it unchanged:
     * {@code return invocation.returned(super.execute(input, invocation.context()));}.
     *
     * @param value the output
     * @param <T> its type
     * @return {@code value}
     */
    public <T> T returned(T value) {
        if (extensions != null) {
            extensions.output = value;
        }
        return value;
    }

    /**
     * Records a primitive output; boxed only while an {@link ExecutionObserver} is registered.
     *
     * @param value the output
     * @return {@code value}
     */
    public int returned(int value) {
        if (extensions != null) {
            extensions.output = value;
        }
        return value;
    }

    /**
     * Records a primitive output; boxed only while an {@link ExecutionObserver} is registered.
     *
     * @param value the output
     * @return {@code value}
     */
    public long returned(long value) {
        if (extensions != null) {
            extensions.output = value;
        }
        return value;
    }

    /**
     * Records a primitive output; boxed only while an {@link ExecutionObserver} is registered.
     *
     * @param value the output
     * @return {@code value}
     */
    public double returned(double value) {
        if (extensions != null) {
            extensions.output = value;
        }
        return value;
    }

    /**
     * Records a primitive output; boxed only while an {@link ExecutionObserver} is registered.
     *
     * @param value the output
     * @return {@code value}
     */
    public boolean returned(boolean value) {
        if (extensions != null) {
            extensions.output = value;
        }
        return value;
    }

    /**
     * Records a primitive output; boxed only while an {@link ExecutionObserver} is registered.
     *
     * @param value the output
     * @return {@code value}
     */
    public float returned(float value) {
        if (extensions != null) {
            extensions.output = value;
        }
        return value;
    }

    /**
     * Records a primitive output; boxed only while an {@link ExecutionObserver} is registered.
     *
     * @param value the output
     * @return {@code value}
     */
    public short returned(short value) {
        if (extensions != null) {
            extensions.output = value;
        }
        return value;
    }

    /**
     * Records a primitive output; boxed only while an {@link ExecutionObserver} is registered.
     *
     * @param value the output
     * @return {@code value}
     */
    public byte returned(byte value) {
        if (extensions != null) {
            extensions.output = value;
        }
        return value;
    }

    /**
     * Records a primitive output; boxed only while an {@link ExecutionObserver} is registered.
     *
     * @param value the output
     * @return {@code value}
     */
    public char returned(char value) {
        if (extensions != null) {
            extensions.output = value;
        }
        return value;
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
        } catch (Throwable failure) {
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
        } catch (Throwable failure) {
            TelemetryErrors.report("adding event " + name + " to '" + telemetry.name() + "'", failure);
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
        Spans.fail(span, failure, telemetry.name());
    }

    /**
     * Ends the execution: the observers record its latency, metrics, SLO events, cost and logs and restore the MDC;
     * then the scope is closed and the span ended. Calling it again does nothing.
     */
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        finish();
        restoreMdc(telemetry.name());
        closeScope();
        endSpan();
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
        restoreMdc(telemetry.name());
        closeScope();
        try {
            stage.whenComplete((result, error) -> completeAsync(result, error));
        } catch (Throwable failure) {
            // A CompletionStage implementation that refuses callbacks: end now rather than never.
            TelemetryErrors.report("waiting for the result of '" + telemetry.name() + "'", failure);
            completeAsync(null, null);
        }
        return stage;
    }

    /**
     * Runs on whichever thread completes the stage, with this span's ids in its MDC (or its context current, for a
     * lazy log provider) for the completion log.
     */
    private void completeAsync(Object result, Throwable error) {
        if (error != null) {
            fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
        } else if (extensions != null) {
            extensions.output = result;
        }
        Scope current = null;
        try {
            current = (context != null ? context.otelContext() : Context.root().with(span)).makeCurrent();
        } catch (Throwable failure) {
            TelemetryErrors.report("making the context of '" + telemetry.name() + "' current", failure);
        }
        openMdc(span.getSpanContext(), null, telemetry.name());
        try {
            finish();
        } finally {
            restoreMdc(telemetry.name());
            scope = current;
            closeScope();
        }
        endSpan();
    }

    /** The end of the execution for its observers, the registered ones first, in reverse order of their start. */
    private void finish() {
        long nanos = System.nanoTime() - startNanos;
        if (extensions != null) {
            extensions.ended(this, nanos);
        }
        LatencyPercentiles.ended(this, nanos);
        InFlight.ended(this);
        DurationMetric.ended(this, nanos);
        SloEvents.ended(this, nanos);
        AnomalyExemplars.ended(this, nanos);
        CostRollUp.ended(this);
        ExecutionLog.ended(this, nanos);
    }

    /**
     * What this execution and everything it ran has cost so far (complete once the children have ended).
     *
     * @return the totals
     */
    @Override
    public CostSummary cost() {
        CostLedger ledger = costs;
        return ledger == null ? CostSummary.EMPTY : ledger.summary();
    }

    /**
     * Internal, for {@code WorkflowContext.recordCost} in the context this execution handed down: adds a cost to
     * this execution's subtree. Steps call {@code recordCost}, which also counts the cost in the run's total and the
     * metrics.
     *
     * @param cost the cost
     */
    @Override
    public void addCost(Cost cost) {
        costLedger().add(cost);
    }

    /**
     * Internal, for the cost roll-up: adds what a child's subtree cost when the child ends.
     *
     * @param summary the child's totals
     */
    @Override
    public void addCost(CostSummary summary) {
        costLedger().add(summary);
    }

    /** The ledger of this execution's subtree, created by the first cost; parallel branches may race to create it. */
    private CostLedger costLedger() {
        CostLedger ledger = costs;
        if (ledger == null) {
            CostLedger created = new CostLedger();
            CostLedger raced = (CostLedger) COSTS.compareAndExchange(this, null, created);
            ledger = raced == null ? created : raced;
        }
        return ledger;
    }

    /** The costs of this execution's subtree, or null if none was recorded in it. */
    CostLedger recordedCosts() {
        return costs;
    }

    /**
     * The telemetry scope a run carries: a field of its context, set once at {@code WorkflowContext.start}; no
     * lookup, no volatile read.
     */
    private static TelemetryScope scopeOf(WorkflowContext parent) {
        return Contexts.ACCESS.scope(parent);
    }

    /** The workflow of the step whose execution is current on this thread, or null. */
    private static String enclosingWorkflowName() {
        try {
            return ContextAccess.workflowName(Context.current());
        } catch (Throwable failure) {
            TelemetryErrors.report("reading the current OpenTelemetry context", failure);
            return null;
        }
    }

    private void openSpan(WorkflowContext parent) {
        try {
            Context parentOtel = parent.otelContext();
            SpanBuilder builder = instruments.tracer().spanBuilder(telemetry.name()).setParent(parentOtel);
            // Under a parent that records, the span will record too, and attributes given to the builder are stored
            // without the span's lock, taken once per attribute set on a started span. Otherwise they are set after
            // the start, and only if the span records: an unsampled span stays cheap.
            boolean early = Spans.childRecords(Span.fromContext(parentOtel));
            if (early) {
                describe(builder, null, parent);
            }
            Span started = builder.startSpan();
            span = started;
            if (!early && started.isRecording()) {
                describe(null, started, parent);
            }
            Context current = parentOtel.with(started);
            // Contexts from WorkflowContext.start/extract carry the name already: one Context allocation less per
            // call. Only a context rebuilt around another OpenTelemetry context needs it added.
            RunIdentity run = Contexts.ACCESS.run(parent);
            if (parentOtel.get(ContextAccess.RUN) != run) {
                current = current.with(ContextAccess.RUN, run);
            }
            context = Contexts.ACCESS.childOf(parent, current, this);
            // Current too, so third-party OpenTelemetry instrumentation inside the step nests under this span.
            scope = current.makeCurrent();
        } catch (Throwable failure) {
            TelemetryErrors.report("starting the span of '" + telemetry.name() + "'", failure);
        }
    }

    /** The span's attributes, on the builder or else on the started span. */
    private void describe(SpanBuilder builder, Span started, WorkflowContext parent) {
        if (builder != null) {
            builder.setAllAttributes(telemetry.spanAttributes());
        } else {
            started.setAllAttributes(telemetry.spanAttributes());
        }
        put(builder, started, TelemetryNames.WORKFLOW_NAME, parent.workflowName());
        put(builder, started, TelemetryNames.WORKFLOW_ID, parent.workflowId());
        put(builder, started, TelemetryNames.CORRELATION_ID, parent.correlationId());
        if (extensions != null && extensions.session != null) {
            put(builder, started, TelemetryNames.REPLAY, true);
        }
        switch (parent.position()) {
            case STEP -> put(builder, started, TelemetryNames.STEP_INDEX, (long) parent.positionIndex());
            case BRANCH -> put(builder, started, TelemetryNames.BRANCH_INDEX, (long) parent.positionIndex());
            case ATTEMPT -> put(builder, started, TelemetryNames.RETRY_ATTEMPT, parent.positionIndex() + 1L);
            default -> {
                // A root or directly called primitive has no index.
            }
        }
    }

    private static <T> void put(SpanBuilder builder, Span started, AttributeKey<T> key, T value) {
        if (builder != null) {
            builder.setAttribute(key, value);
        } else {
            started.setAttribute(key, value);
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
        } catch (Throwable failure) {
            TelemetryErrors.report("starting the span of '" + telemetry.name() + "'", failure);
        }
    }

    private void closeScope() {
        Scope current = scope;
        scope = null;
        if (current != null) {
            try {
                current.close();
            } catch (Throwable failure) {
                TelemetryErrors.report("closing the scope of '" + telemetry.name() + "'", failure);
            }
        }
    }

    private void endSpan() {
        try {
            span.end();
        } catch (Throwable failure) {
            TelemetryErrors.report("ending the span of '" + telemetry.name() + "'", failure);
        }
    }

    /**
     * The registered observers of one execution and the replay session of its run, with what only they read: state,
     * input, output, duration, position, the substituted outcome and the count of decisions made.
     */
    private static final class Extensions {
        final ExecutionObserver[] observers;
        final Object[] states;
        final ReplaySession session;
        Object sessionState;
        RecordedOutcome substitute;
        final Object input;
        final WorkflowContext.Position position;
        final int positionIndex;
        Object output;
        long durationNanos = -1;
        /** Decisions made so far, by kind; created on the first one. */
        private String[] decisionKinds;
        private int[] decisionCounts;

        Extensions(ExecutionObserver[] observers, ReplaySession session, Object input, WorkflowContext parent) {
            this.observers = observers;
            this.states = new Object[observers.length];
            this.session = session;
            this.input = input;
            this.position = parent == null ? WorkflowContext.Position.NONE : parent.position();
            this.positionIndex = parent == null ? -1 : parent.positionIndex();
        }

        void started(Invocation execution) {
            for (int i = 0; i < observers.length; i++) {
                try {
                    states[i] = observers[i].onStart(execution);
                } catch (Throwable failure) {
                    TelemetryErrors.report("starting observer " + observers[i] + " of '" + execution.name() + "'",
                            failure);
                }
            }
            if (session != null) {
                try {
                    sessionState = session.onStart(execution);
                    substitute = session.substitute(execution, sessionState);
                } catch (Throwable failure) {
                    TelemetryErrors.report("starting the replay of '" + execution.name() + "'", failure);
                }
                if (substitute != null) {
                    execution.attribute(TelemetryNames.REPLAY_SUBSTITUTED, true);
                }
            }
        }

        Object stateOf(ExecutionObserver observer) {
            if (observer == session) {
                return sessionState;
            }
            for (int i = 0; i < observers.length; i++) {
                if (observers[i] == observer) {
                    return states[i];
                }
            }
            return null;
        }

        /** How many decisions of a kind were made so far. */
        private int count(String kind) {
            if (decisionKinds != null) {
                for (int i = 0; i < decisionKinds.length; i++) {
                    if (kind.equals(decisionKinds[i])) {
                        return decisionCounts[i];
                    }
                }
            }
            return 0;
        }

        private void increment(String kind) {
            if (decisionKinds == null) {
                decisionKinds = new String[] {kind};
                decisionCounts = new int[] {1};
                return;
            }
            for (int i = 0; i < decisionKinds.length; i++) {
                if (kind.equals(decisionKinds[i])) {
                    decisionCounts[i]++;
                    return;
                }
            }
            decisionKinds = Arrays.copyOf(decisionKinds, decisionKinds.length + 1);
            decisionCounts = Arrays.copyOf(decisionCounts, decisionCounts.length + 1);
            decisionKinds[decisionKinds.length - 1] = kind;
            decisionCounts[decisionCounts.length - 1] = 1;
        }

        String recorded(Invocation execution, String kind) {
            try {
                return session.decision(execution, sessionState, kind, count(kind));
            } catch (Throwable failure) {
                TelemetryErrors.report("reading a recorded decision of '" + execution.name() + "'", failure);
                return null;
            }
        }

        void decided(Invocation execution, String kind, String value) {
            increment(kind);
            for (int i = 0; i < observers.length; i++) {
                try {
                    observers[i].onDecision(execution, states[i], kind, value);
                } catch (Throwable failure) {
                    TelemetryErrors.report("telling observer " + observers[i] + " a decision of '"
                            + execution.name() + "'", failure);
                }
            }
            if (session != null) {
                try {
                    session.onDecision(execution, sessionState, kind, value);
                } catch (Throwable failure) {
                    TelemetryErrors.report("telling the replay a decision of '" + execution.name() + "'", failure);
                }
            }
        }

        /** The end, for the session and then the observers: the last registered first, in reverse order of start. */
        void ended(Invocation execution, long nanos) {
            durationNanos = nanos;
            if (session != null) {
                try {
                    session.onEnd(execution, sessionState);
                } catch (Throwable failure) {
                    TelemetryErrors.report("ending the replay of '" + execution.name() + "'", failure);
                }
            }
            for (int i = observers.length - 1; i >= 0; i--) {
                try {
                    observers[i].onEnd(execution, states[i]);
                } catch (Throwable failure) {
                    TelemetryErrors.report("ending observer " + observers[i] + " of '" + execution.name() + "'",
                            failure);
                }
            }
        }
    }

    /** The span's status and events for a failure, and where its attributes go; shared with {@link PhaseSpan}. */
    static final class Spans {
        private Spans() {
        }

        /**
         * Whether a child of this span will record: the parent is sampled (parent-based sampling follows it), or it
         * records without being sampled (a run a tail sampler records until it decides). A remote or unsampled
         * parent answers without a lock.
         */
        static boolean childRecords(Span parent) {
            return parent.getSpanContext().isSampled() || parent.isRecording();
        }

        static void fail(Span span, Throwable failure, String owner) {
            try {
                if (span.isRecording()) {
                    String errorType = failure.getClass().getName();
                    span.setStatus(StatusCode.ERROR, errorType);
                    span.setAttribute(TelemetryNames.ERROR_TYPE, errorType);
                    span.recordException(failure);
                }
            } catch (Throwable telemetryFailure) {
                TelemetryErrors.report("recording a failure of '" + owner + "'", telemetryFailure);
            }
        }
    }
}
