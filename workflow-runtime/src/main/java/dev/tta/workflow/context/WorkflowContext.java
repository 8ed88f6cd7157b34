package dev.tta.workflow.context;

import dev.tta.workflow.cost.Cost;
import dev.tta.workflow.cost.CostSummary;
import dev.tta.workflow.internal.ContextAccess;
import dev.tta.workflow.internal.CostLedger;
import dev.tta.workflow.internal.CostOwner;
import dev.tta.workflow.internal.Ids;
import dev.tta.workflow.internal.MdcScope;
import dev.tta.workflow.internal.RunIdentity;
import dev.tta.workflow.internal.TelemetryErrors;
import dev.tta.workflow.internal.TelemetryScope;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The immutable context of one workflow execution, passed explicitly to every primitive.
 *
 * <p>It carries the OpenTelemetry {@link Context} (and so the span of the primitive that is running), the workflow's
 * name, its id, a correlation id and user metadata. Primitives never mutate it: each one hands a child context to what
 * it runs, which is why a step on another thread still nests under the right parent span.
 *
 * <p>Across processes, {@link #inject(Map)} writes W3C {@code traceparent}, {@code tracestate} and {@code baggage}
 * headers (the workflow id and correlation id travel in the baggage), and {@link #extract(Map, String)} continues the
 * same trace on the other side. Both use OpenTelemetry's own W3C propagators and work with or without an SDK.
 */
public final class WorkflowContext {

    /** Baggage key carrying the workflow id across process boundaries. */
    public static final String WORKFLOW_ID_BAGGAGE_KEY = "workflow.id";

    /** Baggage key carrying the correlation id across process boundaries. */
    public static final String CORRELATION_ID_BAGGAGE_KEY = "workflow.correlation_id";

    private static final TextMapPropagator W3C = TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());

    private static final TextMapSetter<Map<String, String>> MAP_SETTER = (carrier, key, value) -> {
        if (carrier != null) {
            carrier.put(key, value);
        }
    };

    /** Header names are case-insensitive in HTTP: accept {@code Traceparent} as well as {@code traceparent}. */
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            if (carrier == null) {
                return null;
            }
            String value = carrier.get(key);
            if (value != null) {
                return value;
            }
            for (Map.Entry<String, String> entry : carrier.entrySet()) {
                if (key.equalsIgnoreCase(entry.getKey())) {
                    return entry.getValue();
                }
            }
            return null;
        }
    };

    /** No position: the context is not handed to a child of a sequence or a parallel block. */
    private static final int NO_POSITION = -1;

    static {
        ContextAccess.install(new ContextAccess<WorkflowContext>() {
            @Override
            public WorkflowContext childOf(WorkflowContext parent, Context otelContext, CostOwner costOwner) {
                return parent.childOf(otelContext, costOwner);
            }

            @Override
            public CostOwner costOwner(WorkflowContext context) {
                return context.costOwner;
            }

            @Override
            public TelemetryScope scope(WorkflowContext context) {
                return context.run().scope();
            }

            @Override
            public RunIdentity run(WorkflowContext context) {
                return context.run();
            }

            @Override
            public WorkflowContext startReplay(String workflowName, Object replay) {
                return start(workflowName, Objects.requireNonNull(replay, "replay"));
            }
        });
    }

    private final Context otelContext;
    /** The run, metadata and deadline, shared with the contexts derived from this one until one of them changes. */
    private final Carried carried;
    private final Position position;
    private final int positionIndex;
    /** Where costs recorded here go: the innermost running primitive (its subtree's ledger); null before any runs. */
    private final CostOwner costOwner;

    private WorkflowContext(Context otelContext, Carried carried, Position position, int positionIndex,
            CostOwner costOwner) {
        this.otelContext = otelContext;
        this.carried = carried;
        this.position = position;
        this.positionIndex = positionIndex;
        this.costOwner = costOwner;
    }

    private RunIdentity run() {
        return carried.run();
    }

    /**
     * What a context hands down unchanged to the contexts made from it, in one object: every execution derives a
     * context or two, and these are set rarely, so each derived context copies one reference instead of four fields.
     *
     * @param run the run's name and ids, its total cost and telemetry scope; the same object its OpenTelemetry
     *     contexts carry under {@link ContextAccess#RUN}
     * @param metadata the metadata entries, unmodifiable
     * @param hasDeadline whether a deadline was set
     * @param deadlineNanos {@link System#nanoTime()} by which the execution must finish; meaningful only if
     *     {@code hasDeadline}
     */
    private record Carried(RunIdentity run, Map<String, String> metadata, boolean hasDeadline, long deadlineNanos) {
        Carried(RunIdentity run) {
            this(run, Map.of(), false, 0L);
        }
    }

    /**
     * Starts a new workflow execution with a fresh workflow id (also used as the correlation id) and no parent span:
     * the first primitive that runs with it opens the root span of a new trace. The OpenTelemetry context that is
     * current on the calling thread (its baggage, for example) is kept, but not its span.
     *
     * @param workflowName the workflow's name, for example {@code "checkout"}; low-cardinality
     * @return the root context
     * @throws IllegalArgumentException if the name is null or blank
     */
    public static WorkflowContext start(String workflowName) {
        return start(workflowName, null);
    }

    private static WorkflowContext start(String workflowName, Object replay) {
        String name = requireName(workflowName);
        String id = Ids.fresh();
        TelemetryScope scope = TelemetryScope.current(); // one volatile read while no scope is open
        RunIdentity run = new RunIdentity(name, id, id, replay, new CostLedger(), scope);
        Context root = Context.root().with(Baggage.current()).with(ContextAccess.RUN, run);
        if (scope != null) {
            root = scope.storeIn(root);
        }
        return new WorkflowContext(root, new Carried(run), Position.NONE, NO_POSITION, null);
    }

    /**
     * Continues, in this process, a workflow whose context another process wrote with {@link #inject(Map)}: the
     * remote span becomes the parent of the first span started here, and the workflow id and correlation id are read
     * back from the baggage. Missing or malformed headers never throw: they start a fresh trace (and fresh ids where
     * the baggage has none, or ids that are not 1 to 128 characters of letters, digits and {@code - _ . : / + = @ ~};
     * a rejected id is logged by its length only), as {@link #start(String)} does.
     *
     * @param carrier the received headers, for example HTTP request headers; keys are matched case-insensitively
     * @param workflowName the name of the workflow part that runs here
     * @return a context whose parent is the remote span, if the headers held a valid one
     * @throws NullPointerException if the carrier is null
     * @throws IllegalArgumentException if the name is null or blank
     */
    public static WorkflowContext extract(Map<String, String> carrier, String workflowName) {
        Objects.requireNonNull(carrier, "carrier must not be null; pass an empty map when there are no headers");
        String name = requireName(workflowName);
        Context extracted;
        try {
            extracted = W3C.extract(Context.root(), carrier, MAP_GETTER);
        } catch (RuntimeException malformed) {
            // The propagators are lenient already; this only guards against a carrier that throws on access.
            extracted = Context.root();
        }
        Baggage baggage = Baggage.fromContext(extracted);
        String id = Ids.fromCarrier(WORKFLOW_ID_BAGGAGE_KEY, baggage.getEntryValue(WORKFLOW_ID_BAGGAGE_KEY));
        if (id == null) {
            id = Ids.fresh();
        }
        String correlation = Ids.fromCarrier(CORRELATION_ID_BAGGAGE_KEY,
                baggage.getEntryValue(CORRELATION_ID_BAGGAGE_KEY));
        if (correlation == null) {
            correlation = id;
        }
        TelemetryScope scope = TelemetryScope.current();
        RunIdentity run = new RunIdentity(name, id, correlation, null, new CostLedger(), scope);
        Context local = extracted.with(ContextAccess.RUN, run);
        if (scope != null) {
            local = scope.storeIn(local);
        }
        return new WorkflowContext(local, new Carried(run), Position.NONE, NO_POSITION, null);
    }

    /**
     * Writes this context into a carrier as W3C {@code traceparent} (and {@code tracestate}, when present) and
     * {@code baggage} entries, so that {@link #extract(Map, String)} in another process continues the same trace with
     * the span that is current in this context as the parent. The workflow id and correlation id travel in the
     * baggage, next to any baggage entries of the OpenTelemetry context.
     *
     * @param carrier a mutable map, for example outgoing HTTP headers
     * @throws NullPointerException if the carrier is null
     */
    public void inject(Map<String, String> carrier) {
        Objects.requireNonNull(carrier, "carrier must not be null");
        Baggage baggage = Baggage.fromContext(otelContext).toBuilder()
                .put(WORKFLOW_ID_BAGGAGE_KEY, run().workflowId())
                .put(CORRELATION_ID_BAGGAGE_KEY, run().correlationId())
                .build();
        W3C.inject(otelContext.with(baggage), carrier, MAP_SETTER);
    }

    /**
     * The trace id of the current span, as 32 lowercase hex characters; all zeros when no span has been started
     * (a context fresh from {@link #start(String)}) or when no OpenTelemetry SDK is installed.
     *
     * @return the trace id
     */
    public String traceId() {
        return spanContext().getTraceId();
    }

    /**
     * The id of the current span, as 16 lowercase hex characters; all zeros when there is none.
     *
     * @return the span id
     */
    public String spanId() {
        return spanContext().getSpanId();
    }

    /**
     * The OpenTelemetry span context of the span that is current in this workflow context.
     *
     * @return the span context, {@link SpanContext#getInvalid()} when there is none
     */
    public SpanContext spanContext() {
        return Span.fromContext(otelContext).getSpanContext();
    }

    /**
     * The name given to {@link #start(String)} or {@link #extract(Map, String)}.
     *
     * @return the workflow name
     */
    public String workflowName() {
        return run().workflowName();
    }

    /**
     * The id of this workflow execution; shared by every context derived from the same start, and carried to other
     * processes in the baggage.
     *
     * @return the workflow id
     */
    public String workflowId() {
        return run().workflowId();
    }

    /**
     * The correlation id: the workflow id unless {@link #withCorrelationId(String)} set another one (a request id
     * from an upstream system, for example). Carried in the baggage and in the SLF4J MDC.
     *
     * @return the correlation id
     */
    public String correlationId() {
        return run().correlationId();
    }

    /**
     * User metadata of this execution, local to this process (it is never logged nor exported).
     *
     * @return an unmodifiable view of the metadata
     */
    public Map<String, String> metadata() {
        return carried.metadata();
    }

    /**
     * A context with one more metadata entry (replacing any entry with the same key).
     *
     * @param key the key
     * @param value the value
     * @return a new context
     * @throws NullPointerException if the key or the value is null
     */
    public WorkflowContext withMetadata(String key, String value) {
        Objects.requireNonNull(key, "metadata key must not be null");
        Objects.requireNonNull(value, () -> "metadata value for '" + key + "' must not be null");
        Map<String, String> copy = new LinkedHashMap<>(carried.metadata());
        copy.put(key, value);
        Carried changed = new Carried(run(), Collections.unmodifiableMap(copy), carried.hasDeadline(),
                carried.deadlineNanos());
        return new WorkflowContext(otelContext, changed, position, positionIndex, costOwner);
    }

    /**
     * A context with another correlation id, for example a request id received from an upstream system.
     *
     * It goes into every log line and span of the run, so it must be 1 to 128 characters of letters, digits and
     * {@code - _ . : / + = @ ~}.
     *
     * @param correlationId the correlation id
     * @return a new context
     * @throws IllegalArgumentException if the id is null, empty, too long or has another character
     */
    public WorkflowContext withCorrelationId(String correlationId) {
        if (!Ids.isValid(correlationId)) {
            throw new IllegalArgumentException("correlation id must be 1 to " + Ids.MAX_LENGTH + " characters of "
                    + Ids.CHARSET + (correlationId == null ? ", was null" : ", was " + correlationId.length()
                    + " characters long or had another character"));
        }
        RunIdentity renamed = run().withCorrelationId(correlationId);
        Carried changed = new Carried(renamed, carried.metadata(), carried.hasDeadline(), carried.deadlineNanos());
        // The OpenTelemetry context carries the identity too, for what reads the ids from the current context.
        return new WorkflowContext(otelContext.with(ContextAccess.RUN, renamed), changed, position, positionIndex,
                costOwner);
    }

    /**
     * The OpenTelemetry context this workflow context carries: its span is the parent of the next primitive's span.
     *
     * @return the OpenTelemetry context
     */
    public Context otelContext() {
        return otelContext;
    }

    /**
     * A child context carrying another OpenTelemetry context, usually one holding the span of the primitive that is
     * about to run its children. The child has no position in a sequence or parallel block.
     *
     * @param context the OpenTelemetry context
     * @return a new context
     */
    public WorkflowContext withOtelContext(Context context) {
        Objects.requireNonNull(context, "OpenTelemetry context must not be null");
        return new WorkflowContext(context, carried, Position.NONE, NO_POSITION, costOwner);
    }

    /** The context an execution hands to what it runs; reached by the runtime through {@link ContextAccess}. */
    private WorkflowContext childOf(Context context, CostOwner owner) {
        return new WorkflowContext(context, carried, Position.NONE, NO_POSITION, owner);
    }

    /**
     * Records what an operation cost (LLM tokens, money), from any step. The cost goes on the span of the primitive
     * running with this context and rolls up, when they end, to every enclosing primitive's span (attributes
     * {@code gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens}, {@code gen_ai.request.model},
     * {@code workflow.cost.<currency>}); it is added to the run's total ({@link #cost()}) and to the
     * {@code gen_ai.client.token.usage} and {@code workflow.cost} metrics. A retried call costs once per attempt.
     *
     * @param cost the cost
     * @throws IllegalArgumentException if the cost is null
     */
    public void recordCost(Cost cost) {
        if (cost == null) {
            throw new IllegalArgumentException("cost must not be null");
        }
        run().cost().add(cost);
        if (costOwner != null) {
            costOwner.addCost(cost);
        }
        RunIdentity run = run();
        CostLedger.recordMetrics(run.scope(), costOwner == null ? null : costOwner.name(), run.workflowName(), cost);
    }

    /**
     * The total cost of this run so far: everything recorded with {@link #recordCost(Cost)} in any context derived
     * from the same {@link #start(String)} (or {@link #extract(Map, String)}, for this process's part of a
     * distributed run). Read it from the context you started with, after the workflow returned.
     *
     * @return the totals
     */
    public CostSummary cost() {
        return run().cost().summary();
    }

    /**
     * The context handed to the step at {@code index} of a sequence; the step's span records the index as
     * {@code workflow.step.index}.
     *
     * @param index the zero-based position of the step
     * @return a new context
     */
    public WorkflowContext atStep(int index) {
        return at(Position.STEP, index);
    }

    /**
     * The context handed to branch {@code index} of a parallel block; the branch's span records the index as
     * {@code workflow.branch.index}.
     *
     * @param index the zero-based position of the branch
     * @return a new context
     */
    public WorkflowContext atBranch(int index) {
        return at(Position.BRANCH, index);
    }

    /**
     * The context handed to attempt {@code index} of a retry: 0 for the first attempt, 1 for the first retry. The
     * retried step's span records the attempt number, from 1, as {@code workflow.retry.attempt}; a retry opens no span
     * of its own per attempt.
     *
     * @param index the zero-based attempt
     * @return a new context
     */
    public WorkflowContext atAttempt(int index) {
        return at(Position.ATTEMPT, index);
    }

    /**
     * Where the primitive receiving this context sits in its parent.
     *
     * @return the position kind, {@link Position#NONE} for a root or a directly called primitive
     */
    public Position position() {
        return position;
    }

    /**
     * The index within the parent, meaningful when {@link #position()} is not {@link Position#NONE}.
     *
     * @return the zero-based index, or -1 without a position
     */
    public int positionIndex() {
        return positionIndex;
    }

    private WorkflowContext at(Position kind, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        return new WorkflowContext(otelContext, carried, kind, index, costOwner);
    }

    /**
     * A context whose execution must finish within {@code limit} from now, or by the deadline this context already
     * has, whichever comes first: a nested time limit never extends an outer one. The timeout primitive sets it; any
     * step can read it with {@link #remainingTime()} to bound its own waits.
     *
     * @param limit the time allowed from now
     * @return a new context
     * @throws IllegalArgumentException if the limit is negative
     * @throws NullPointerException if the limit is null
     */
    public WorkflowContext withTimeLimit(Duration limit) {
        Objects.requireNonNull(limit, "limit must not be null");
        if (limit.isNegative()) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        long now = System.nanoTime();
        long candidate = now + saturatedNanos(limit);
        if (candidate - now < 0) {
            candidate = now + Long.MAX_VALUE; // overflowed: an effectively unbounded limit
        }
        long deadline = carried.hasDeadline() && carried.deadlineNanos() - candidate < 0 ? carried.deadlineNanos()
                : candidate;
        Carried changed = new Carried(run(), carried.metadata(), true, deadline);
        return new WorkflowContext(otelContext, changed, position, positionIndex, costOwner);
    }

    /**
     * The time left before this execution's deadline, if one was set with {@link #withTimeLimit(Duration)} here or
     * by an enclosing timeout.
     *
     * @return the remaining time, {@link Duration#ZERO} once the deadline has passed, or empty without a deadline
     */
    public Optional<Duration> remainingTime() {
        if (!carried.hasDeadline()) {
            return Optional.empty();
        }
        long left = carried.deadlineNanos() - System.nanoTime();
        return Optional.of(left <= 0 ? Duration.ZERO : Duration.ofNanos(left));
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Wraps work that is handed to another thread (an executor, a callback) so that it runs in this workflow: this
     * context's OpenTelemetry context is current around it (spans started inside, by {@code @Observed} code or by
     * any OpenTelemetry instrumentation, become children of the span running here, and {@code Baggage.current()}
     * sees the run's baggage), and the trace, span, workflow and correlation ids are in the SLF4J MDC. Both are put
     * back as they were when the work ends, so a pool thread carries nothing into its next task. Parallel branches
     * and timed steps run this way.
     *
     * @param task the work
     * @return a runnable that runs {@code task} in this workflow
     * @throws NullPointerException if the task is null
     */
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task must not be null");
        return new InWorkflow(this, task);
    }

    /**
     * An executor that runs every task through {@link #wrap(Runnable)} before handing it to {@code executor}.
     *
     * @param executor where the work runs
     * @return the wrapping executor
     * @throws NullPointerException if the executor is null
     */
    public Executor wrap(Executor executor) {
        Objects.requireNonNull(executor, "executor must not be null");
        return task -> executor.execute(wrap(task));
    }

    /** A task running in a workflow on whichever thread runs it; telemetry failures never reach the task. */
    private static final class InWorkflow extends MdcScope implements Runnable {
        private final WorkflowContext context;
        private final Runnable task;

        InWorkflow(WorkflowContext context, Runnable task) {
            this.context = context;
            this.task = task;
        }

        @Override
        public void run() {
            Scope scope = null;
            try {
                scope = context.otelContext.makeCurrent();
            } catch (Throwable failure) {
                TelemetryErrors.report("making the workflow's context current on " + Thread.currentThread().getName(),
                        failure);
            }
            openMdc(context.spanContext(), context.run(), context.run().workflowName());
            try {
                task.run();
            } finally {
                restoreMdc(context.run().workflowName());
                if (scope != null) {
                    try {
                        scope.close();
                    } catch (Throwable failure) {
                        TelemetryErrors.report("restoring the context of " + Thread.currentThread().getName(),
                                failure);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("WorkflowContext{workflow=").append(run().workflowName())
                .append(", workflowId=").append(run().workflowId())
                .append(", correlationId=").append(run().correlationId())
                .append(", traceId=").append(traceId())
                .append(", spanId=").append(spanId());
        remainingTime().ifPresent(left -> text.append(", remaining=").append(left));
        if (position != Position.NONE) {
            text.append(", ").append(position.name().toLowerCase(Locale.ROOT)).append('=')
                    .append(positionIndex);
        }
        return text.append('}').toString();
    }

    /** Where a primitive sits in the composite that runs it. */
    public enum Position {
        /** Not a child of a sequence, a parallel block or a retry. */
        NONE,
        /** A step of a sequence. */
        STEP,
        /** A branch of a parallel block. */
        BRANCH,
        /** One attempt of a retry; the index counts attempts from 0. */
        ATTEMPT
    }

    private static String requireName(String workflowName) {
        if (workflowName == null || workflowName.isBlank()) {
            throw new IllegalArgumentException("workflow name must not be null or blank");
        }
        return workflowName;
    }



}
