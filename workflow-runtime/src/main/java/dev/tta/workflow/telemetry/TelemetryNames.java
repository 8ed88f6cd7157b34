package dev.tta.workflow.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The names of everything the library emits: span attributes, metric instruments and their attributes, MDC keys and
 * log events. Dashboards, alert rules and tests should refer to these rather than to string literals.
 */
public final class TelemetryNames {

    private TelemetryNames() {
    }

    /** Instrumentation scope of every tracer and meter the library uses. */
    public static final String INSTRUMENTATION_SCOPE = "dev.tta.workflow";

    // Span attributes (ids and names are fine on spans; metrics get only the low-cardinality ones).

    /** The primitive's name: {@code @Observed(name)}, the step's simple class name, or a built-in's given name. */
    public static final AttributeKey<String> PRIMITIVE_NAME = AttributeKey.stringKey("workflow.primitive.name");
    /** The primitive's kind: {@code step}, {@code sequential}, {@code parallel}. */
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
    /** OpenTelemetry semantic convention: the class of a failure (span and duration metric). */
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    // Metrics.

    /** Histogram of execution durations, in seconds; attributes name, type, outcome and, on failure, error.type. */
    public static final String DURATION_METRIC = "workflow.primitive.duration";
    /** Up-down counter of executions in flight; attributes name and type. */
    public static final String ACTIVE_METRIC = "workflow.primitive.active";
    /** Outcome of an execution on the duration metric: {@link #OUTCOME_SUCCESS} or {@link #OUTCOME_FAILURE}. */
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("workflow.primitive.outcome");
    /** Value of {@link #OUTCOME} for an execution that returned. */
    public static final String OUTCOME_SUCCESS = "success";
    /** Value of {@link #OUTCOME} for an execution that threw. */
    public static final String OUTCOME_FAILURE = "failure";

    // Primitive types.

    /** Type of a user step generated from {@code @Observed}. */
    public static final String TYPE_STEP = "step";
    /** Type of a sequence. */
    public static final String TYPE_SEQUENTIAL = "sequential";
    /** Type of a parallel block. */
    public static final String TYPE_PARALLEL = "parallel";

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
