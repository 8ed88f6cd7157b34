package dev.tta.workflow.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The names of everything the library emits: span attributes, metric instruments and their attributes, MDC keys and
 * log events. Dashboards, alert rules and tests should refer to these rather than to string literals.
 *
 * <p>The duration histogram, the SLO event counter and the counters of the built-in primitive families (retries,
 * fallbacks, cache requests, timeouts, compensations, routing decisions, cost) also carry {@link #WORKFLOW_NAME} when
 * the execution ran with a {@code WorkflowContext} (observed methods called outside a step have none).
 */
public final class TelemetryNames {

    private TelemetryNames() {
    }

    /** Instrumentation scope of every tracer and meter the library uses. */
    public static final String INSTRUMENTATION_SCOPE = "dev.tta.workflow";

    // Span attributes (ids and names are fine on spans; metrics get only the low-cardinality ones).

    /** The primitive's name: {@code @Observed(name)}, the step's simple class name, or a built-in's given name. */
    public static final AttributeKey<String> PRIMITIVE_NAME = AttributeKey.stringKey("workflow.primitive.name");
    /** The primitive's kind: {@code step}, {@code sequential}, {@code parallel}, {@code retry}... */
    public static final AttributeKey<String> PRIMITIVE_TYPE = AttributeKey.stringKey("workflow.primitive.type");
    /** The workflow's name, from {@code WorkflowContext.start(name)}. */
    public static final AttributeKey<String> WORKFLOW_NAME = AttributeKey.stringKey("workflow.name");
    /** The workflow execution's id (span attribute only). */
    public static final AttributeKey<String> WORKFLOW_ID = AttributeKey.stringKey("workflow.id");
    /** The correlation id (span attribute only). */
    public static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("workflow.correlation_id");
    /** Position of a step in its sequence, from 0. */
    public static final AttributeKey<Long> STEP_INDEX = AttributeKey.longKey("workflow.step.index");
    /** Position of a branch in its parallel block, from 0. */
    public static final AttributeKey<Long> BRANCH_INDEX = AttributeKey.longKey("workflow.branch.index");
    /** OpenTelemetry semantic convention: the fully qualified method that the span covers. */
    public static final AttributeKey<String> CODE_FUNCTION_NAME = AttributeKey.stringKey("code.function.name");

    /**
     * Span attribute: the source file of the method a generated span wraps, relative to the source root
     * ({@code com/acme/Validate.java}), fixed at compile time; absent when the compiler gave no source position.
     */
    public static final AttributeKey<String> CODE_FILE_PATH = AttributeKey.stringKey("code.file.path");

    /** Span attribute: the line of that method's declaration, with {@link #CODE_FILE_PATH}. */
    public static final AttributeKey<Long> CODE_LINE_NUMBER = AttributeKey.longKey("code.line.number");
    /** OpenTelemetry semantic convention: the class of a failure (span and duration metric). */
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    // Metrics.

    /**
     * Histogram of execution durations, in seconds; attributes name, type, outcome, {@link #WORKFLOW_NAME} (when the
     * execution ran in a workflow; an observed method, when it ran inside a workflow step) and, on failure,
     * error.type.
     */
    public static final String DURATION_METRIC = "workflow.primitive.duration";
    /** Up-down counter of executions in flight; attributes name and type. */
    public static final String ACTIVE_METRIC = "workflow.primitive.active";
    /** Outcome of an execution on the duration metric: {@link #OUTCOME_SUCCESS} or {@link #OUTCOME_FAILURE}. */
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("workflow.primitive.outcome");
    /** Value of {@link #OUTCOME} for an execution that returned. */
    public static final String OUTCOME_SUCCESS = "success";
    /** Value of {@link #OUTCOME} for an execution that threw. */
    public static final String OUTCOME_FAILURE = "failure";

    /** Gauge: median duration over the recent window, in seconds; attributes name and type. */
    public static final String DURATION_P50_METRIC = "workflow.primitive.duration.p50";
    /** Gauge: 95th percentile duration over the recent window, in seconds; attributes name and type. */
    public static final String DURATION_P95_METRIC = "workflow.primitive.duration.p95";
    /** Gauge: 99th percentile duration over the recent window, in seconds; attributes name and type. */
    public static final String DURATION_P99_METRIC = "workflow.primitive.duration.p99";
    /** Gauge: completions per second over the recent window; attributes name and type. */
    public static final String THROUGHPUT_METRIC = "workflow.primitive.throughput";
    /** Gauge: the most executions in flight at once over the recent window; attributes name and type. */
    public static final String ACTIVE_PEAK_METRIC = "workflow.primitive.active.peak";
    /** Gauge: branches of a parallel block running right now; attribute name. */
    public static final String PARALLEL_BRANCHES_ACTIVE_METRIC = "workflow.parallel.branches.active";

    // Service level objectives.

    /**
     * Counter of SLO events, one per objective per execution that counts for it; attributes
     * {@link #PRIMITIVE_NAME}, {@link #WORKFLOW_NAME} (as on {@link #DURATION_METRIC}), {@link #SLO_NAME},
     * {@link #SLO_KIND} and {@link #SLO_RESULT}. Its error ratio is bad / (good + bad). A workflow's good and bad series
     * are both created, at zero, with its first event.
     */
    public static final String SLO_EVENTS_METRIC = "workflow.slo.events";
    /** Gauge: the objective's target, e.g. 0.99; attributes {@link #PRIMITIVE_NAME}, {@link #SLO_NAME}, kind. */
    public static final String SLO_OBJECTIVE_METRIC = "workflow.slo.objective";
    /**
     * Gauge: the share of the error budget left over the compliance period, {@code 1 - (bad/total) / (1 - target)}
     * (negative once overspent); attributes {@link #PRIMITIVE_NAME}, {@link #SLO_NAME}, {@link #SLO_KIND}.
     */
    public static final String SLO_ERROR_BUDGET_REMAINING_METRIC = "workflow.slo.error_budget.remaining";
    /**
     * Gauge: {@code (bad/total over the window) / (1 - target)}; attributes {@link #PRIMITIVE_NAME},
     * {@link #SLO_NAME}, {@link #SLO_KIND} and {@link #SLO_WINDOW}.
     */
    public static final String SLO_BURN_RATE_METRIC = "workflow.slo.burn_rate";
    /** The objective's name, e.g. {@code latency-300ms} or {@code availability}. */
    public static final AttributeKey<String> SLO_NAME = AttributeKey.stringKey("workflow.slo.name");
    /** The objective's kind: {@code latency} or {@code availability}. */
    public static final AttributeKey<String> SLO_KIND = AttributeKey.stringKey("workflow.slo.kind");
    /**
     * How an event counted: {@link #SLO_RESULT_GOOD} or {@link #SLO_RESULT_BAD}. Also a span attribute, set to
     * {@link #SLO_RESULT_BAD} on the span of an execution that counted a bad event (tail samplers keep its trace).
     */
    public static final AttributeKey<String> SLO_RESULT = AttributeKey.stringKey("workflow.slo.result");
    /** Value of {@link #SLO_RESULT} for a good event. */
    public static final String SLO_RESULT_GOOD = "good";
    /** Value of {@link #SLO_RESULT} for a bad event. */
    public static final String SLO_RESULT_BAD = "bad";
    /** The window of a burn rate: {@code 5m}, {@code 30m}, {@code 1h}, {@code 6h} or {@code 3d}. */
    public static final AttributeKey<String> SLO_WINDOW = AttributeKey.stringKey("workflow.slo.window");

    // Anomaly detection.

    /**
     * Gauge: 1 while an anomaly of the primitive is open, else 0; attributes {@link #PRIMITIVE_NAME} and
     * {@link #ANOMALY_KIND}.
     */
    public static final String ANOMALY_ACTIVE_METRIC = "workflow.anomaly.active";
    /** The kind of an anomaly: {@code latency} or {@code errors}. */
    public static final AttributeKey<String> ANOMALY_KIND = AttributeKey.stringKey("workflow.anomaly.kind");
    /**
     * Log event (WARN, logger {@code dev.tta.workflow.anomaly}, and an OpenTelemetry log record of this event name)
     * when an anomaly opens: baseline, threshold, observed value, samples, score and exemplar trace ids.
     */
    public static final String EVENT_ANOMALY = "workflow.anomaly";
    /** Log event (INFO, and an OpenTelemetry log record) when an anomaly closes. */
    public static final String EVENT_ANOMALY_CLOSED = "workflow.anomaly.closed";

    // Cost: GenAI semantic conventions for tokens, workflow.cost for money.

    /** GenAI semantic convention: input (prompt) tokens, on spans (totals of the span's subtree). */
    public static final AttributeKey<Long> GEN_AI_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    /** GenAI semantic convention: output (completion) tokens, on spans (totals of the span's subtree). */
    public static final AttributeKey<Long> GEN_AI_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    /** GenAI semantic convention: the model, on spans whose subtree used exactly one, and on token metrics. */
    public static final AttributeKey<String> GEN_AI_REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    /** GenAI semantic convention: {@code input} or {@code output}, on {@link #GEN_AI_TOKEN_USAGE_METRIC}. */
    public static final AttributeKey<String> GEN_AI_TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    /** GenAI semantic convention: histogram of tokens per recorded cost; attributes token type, model, name. */
    public static final String GEN_AI_TOKEN_USAGE_METRIC = "gen_ai.client.token.usage";
    /** Prefix of the span attribute holding a subtree's money cost in one currency: {@code workflow.cost.usd}. */
    public static final String COST_ATTRIBUTE_PREFIX = "workflow.cost.";
    /** Counter of money spent, by the primitive that recorded it; attributes name and {@link #COST_CURRENCY}. */
    public static final String COST_METRIC = "workflow.cost";
    /** ISO 4217 currency code on {@link #COST_METRIC} and {@link #ROUTER_COST_METRIC}. */
    public static final AttributeKey<String> COST_CURRENCY = AttributeKey.stringKey("workflow.cost.currency");
    /** Counter of money spent under each route of a router; attributes name, route and currency. */
    public static final String ROUTER_COST_METRIC = "workflow.router.cost";
    /** Counter of tokens used under each route of a router; attributes name, route and token type. */
    public static final String ROUTER_TOKENS_METRIC = "workflow.router.token.usage";

    // Built-in primitives: span attributes, child spans and metrics of each family.

    /** Conditional span attribute: which branch ran, {@code then} or {@code otherwise}. */
    public static final AttributeKey<String> CONDITIONAL_BRANCH = AttributeKey.stringKey("workflow.conditional.branch");
    /** Router span attribute and {@link #ROUTER_DECISIONS_METRIC} attribute: the route taken. */
    public static final AttributeKey<String> ROUTE = AttributeKey.stringKey("route");
    /** Router span attribute: the route the routing function asked for, when it was unknown (span only). */
    public static final AttributeKey<String> REQUESTED_ROUTE =
            AttributeKey.stringKey("workflow.router.requested_route");
    /** Counter of routing decisions; attributes name and {@link #ROUTE}. */
    public static final String ROUTER_DECISIONS_METRIC = "workflow.router.decisions";

    /** Span attribute of every execution of a run that replays a recorded one: {@code true}. */
    public static final AttributeKey<Boolean> REPLAY = AttributeKey.booleanKey("workflow.replay");
    /**
     * Span attribute of an execution of a replayed run whose recorded outcome stood in for running it: {@code true}.
     * Its body did not run: the span claims no execution of what it would have called.
     */
    public static final AttributeKey<Boolean> REPLAY_SUBSTITUTED = AttributeKey.booleanKey(
            "workflow.replay.substituted");

    /**
     * Attempt number, from 1, on the span of the step a retry runs (a retry opens no span per attempt), and on each
     * {@link #RETRY_SCHEDULED_EVENT}: the attempt scheduled.
     */
    public static final AttributeKey<Long> RETRY_ATTEMPT = AttributeKey.longKey("workflow.retry.attempt");
    /** Span event on a retry span when another attempt is scheduled. */
    public static final String RETRY_SCHEDULED_EVENT = "workflow.retry.scheduled";
    /** Attribute of {@link #RETRY_SCHEDULED_EVENT}: the delay before the next attempt, in milliseconds. */
    public static final AttributeKey<Long> RETRY_DELAY_MS = AttributeKey.longKey("workflow.retry.delay_ms");
    /** Counter of retry attempts; attributes name and {@link #OUTCOME}. */
    public static final String RETRY_ATTEMPTS_METRIC = "workflow.retry.attempts";
    /** Outcome of an attempt that failed and was retried. */
    public static final String OUTCOME_RETRIED = "retried";

    /** Child span of a fallback, one per alternative tried. */
    public static final String FALLBACK_ALTERNATIVE_SPAN = "workflow.fallback.alternative";
    /** Index of the alternative, 0 for the primary, on a fallback alternative span. */
    public static final AttributeKey<Long> FALLBACK_INDEX = AttributeKey.longKey("workflow.fallback.index");
    /** Counter of fallbacks taken (an alternative after the primary was tried); attribute name. */
    public static final String FALLBACK_ACTIVATIONS_METRIC = "workflow.fallback.activations";

    /** Span attribute of a timeout: the limit in milliseconds. */
    public static final AttributeKey<Long> TIMEOUT_MS = AttributeKey.longKey("workflow.timeout.ms");
    /** Counter of expired time limits; attribute name. */
    public static final String TIMEOUT_EXPIRATIONS_METRIC = "workflow.timeout.expirations";

    /** Child span of a saga, one per compensation run. */
    public static final String SAGA_COMPENSATION_SPAN = "workflow.saga.compensation";
    /** Index of the saga step a compensation undoes. */
    public static final AttributeKey<Long> SAGA_STEP_INDEX = AttributeKey.longKey("workflow.saga.step.index");
    /** Counter of compensations run; attributes name and {@link #OUTCOME}. */
    public static final String SAGA_COMPENSATIONS_METRIC = "workflow.saga.compensations";

    /** Cache span attribute and {@link #CACHE_REQUESTS_METRIC} attribute: {@code hit} or {@code miss}. */
    public static final AttributeKey<String> CACHE_RESULT = AttributeKey.stringKey("cache.result");
    /** Counter of cache lookups; attributes name and {@link #CACHE_RESULT}. */
    public static final String CACHE_REQUESTS_METRIC = "workflow.cache.requests";

    /** Circuit breaker span attribute and gauge attribute: {@code closed}, {@code open} or {@code half_open}. */
    public static final AttributeKey<String> CIRCUIT_STATE = AttributeKey.stringKey("workflow.circuit.state");
    /** Gauge: 1 for the breaker's current state and 0 for the others; attributes name and state. */
    public static final String CIRCUIT_STATE_METRIC = "workflow.circuit.state";

    // Primitive types.

    /** Type of a user step generated from {@code @Observed}. */
    public static final String TYPE_STEP = "step";
    /** Type of a sequence. */
    public static final String TYPE_SEQUENTIAL = "sequential";
    /** Type of a parallel block. */
    public static final String TYPE_PARALLEL = "parallel";
    /** Type of a conditional. */
    public static final String TYPE_CONDITIONAL = "conditional";
    /** Type of a router. */
    public static final String TYPE_ROUTER = "router";
    /** Type of a retry. */
    public static final String TYPE_RETRY = "retry";
    /** Type of a fallback. */
    public static final String TYPE_FALLBACK = "fallback";
    /** Type of a timeout. */
    public static final String TYPE_TIMEOUT = "timeout";
    /** Type of a saga. */
    public static final String TYPE_SAGA = "saga";
    /** Type of a cache. */
    public static final String TYPE_CACHE = "cache";
    /** Type of a circuit breaker. */
    public static final String TYPE_CIRCUIT_BREAKER = "circuit_breaker";

    // SLF4J.

    /** MDC key of the current trace id, while a primitive runs (absent without a valid span). */
    public static final String MDC_TRACE_ID = "trace_id";
    /** MDC key of the current span id, while a primitive runs (absent without a valid span). */
    public static final String MDC_SPAN_ID = "span_id";
    /** MDC key of the workflow id, while a primitive runs. */
    public static final String MDC_WORKFLOW_ID = "workflow_id";
    /** MDC key of the correlation id, while a primitive runs. */
    public static final String MDC_CORRELATION_ID = "correlation_id";

    /** Log event (the message) when a primitive starts; DEBUG. */
    public static final String EVENT_STARTED = "primitive.started";
    /** Log event when a primitive returns; DEBUG. */
    public static final String EVENT_COMPLETED = "primitive.completed";
    /** Log event when a primitive throws; WARN for steps, DEBUG for composites (their child already said it). */
    public static final String EVENT_FAILED = "primitive.failed";
}
