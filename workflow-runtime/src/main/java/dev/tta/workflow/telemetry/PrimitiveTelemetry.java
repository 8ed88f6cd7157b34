package dev.tta.workflow.telemetry;

import dev.tta.workflow.WorkflowContext;
import io.opentelemetry.api.common.Attributes;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telemetry of one primitive: what a generated {@code Instrumented*} class and each built-in primitive call
 * around every execution. Everything that does not change between calls (names, attribute sets, the latency
 * recorder, the logger) is computed here once.
 *
 * <pre>{@code
 * private static final PrimitiveTelemetry TELEMETRY = PrimitiveTelemetry.forStep("Validate", Validate.class);
 *
 * public Order execute(Order order, WorkflowContext context) throws Exception {
 *     Invocation invocation = TELEMETRY.begin(context);
 *     try {
 *         return super.execute(order, invocation.context());
 *     } catch (Throwable failure) {
 *         invocation.fail(failure);
 *         throw failure;
 *     } finally {
 *         invocation.end();
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe; one instance serves every concurrent execution of its primitive.
 */
public final class PrimitiveTelemetry {

    private static final int MAX_CACHED_ERROR_TYPES = 32;

    private final String name;
    private final String type;
    private final Attributes spanAttributes;
    private final Attributes baseAttributes;
    private final Attributes successAttributes;
    private final ConcurrentMap<Class<?>, Attributes> failureAttributes = new ConcurrentHashMap<>();
    private final PrimitiveStats stats;
    private final Logger logger;
    private final boolean warnOnFailure;

    private PrimitiveTelemetry(String name, String type, Class<?> implementation, String function) {
        this.name = requireText(name, "name");
        this.type = requireText(type, "type");
        Objects.requireNonNull(implementation, "implementation class must not be null");
        this.baseAttributes = Attributes.of(TelemetryNames.PRIMITIVE_NAME, name, TelemetryNames.PRIMITIVE_TYPE,
                type);
        this.spanAttributes = baseAttributes.toBuilder()
                .put(TelemetryNames.CODE_FUNCTION_NAME, implementation.getName() + "." + function)
                .build();
        this.successAttributes = baseAttributes.toBuilder()
                .put(TelemetryNames.OUTCOME, TelemetryNames.OUTCOME_SUCCESS)
                .build();
        this.stats = WorkflowTelemetry.stats(name, type);
        this.logger = LoggerFactory.getLogger(implementation);
        // A composite only fails because a child did, and the child has logged it at WARN already.
        this.warnOnFailure = TelemetryNames.TYPE_STEP.equals(type);
    }

    /**
     * Telemetry for a user step; called by generated code.
     *
     * @param name the step name: {@code @Observed(name)} or the annotated class's simple name
     * @param stepClass the annotated class (names the logger and {@code code.function.name})
     * @return the telemetry handle
     * @throws IllegalArgumentException if the name is blank
     */
    public static PrimitiveTelemetry forStep(String name, Class<?> stepClass) {
        return new PrimitiveTelemetry(name, TelemetryNames.TYPE_STEP, stepClass, "execute");
    }

    /**
     * Telemetry for one observed method of a class or interface (not a workflow step); called by generated code.
     * Its executions are steps too ({@code workflow.primitive.type} {@code step}), begun with {@link #begin()}.
     *
     * @param name the span name: {@code @Observed(name)} or {@code Type.method}; low-cardinality
     * @param declaringClass the annotated class or interface (names the logger and {@code code.function.name})
     * @param methodName the method's name, the last part of {@code code.function.name}
     * @return the telemetry handle
     * @throws IllegalArgumentException if the name or the method name is blank
     */
    public static PrimitiveTelemetry forMethod(String name, Class<?> declaringClass, String methodName) {
        return new PrimitiveTelemetry(name, TelemetryNames.TYPE_STEP, declaringClass,
                requireText(methodName, "method name"));
    }

    /**
     * Telemetry for a built-in or hand-written composite primitive.
     *
     * @param name the primitive's name, low-cardinality (it is a metric attribute)
     * @param type the primitive's kind, e.g. {@link TelemetryNames#TYPE_PARALLEL}
     * @param implementation the primitive's class (names the logger and {@code code.function.name})
     * @return the telemetry handle
     * @throws IllegalArgumentException if the name or type is blank
     */
    public static PrimitiveTelemetry forPrimitive(String name, String type, Class<?> implementation) {
        return new PrimitiveTelemetry(name, type, implementation, "execute");
    }

    /**
     * Starts one execution: a span, child of the context's span and current on this thread until {@link
     * Invocation#end()}, trace and workflow ids in the SLF4J MDC, the in-flight gauge raised and a
     * {@code primitive.started} debug log. Never throws because of telemetry: if the OpenTelemetry SDK or the
     * logging backend fails, the execution runs untraced and the failure is reported through the
     * {@code dev.tta.workflow.telemetry} logger.
     *
     * @param context the caller's context
     * @return the running invocation; pass {@link Invocation#context()} to the wrapped code
     * @throws NullPointerException if the context is null
     */
    public Invocation begin(WorkflowContext context) {
        if (context == null) {
            throw new NullPointerException("WorkflowContext must not be null when executing '" + name
                    + "': start one with WorkflowContext.start(workflowName)");
        }
        return Invocation.start(this, context);
    }

    /**
     * Starts one execution of an observed method, which has no {@link WorkflowContext}: its span is a child of the
     * OpenTelemetry context current on this thread ({@link io.opentelemetry.context.Context#current()}), and is made
     * current until {@link Invocation#end()} (or, for a method returning a {@code CompletionStage}, until
     * {@link Invocation#endWhenComplete}), so that what the method calls nests under it. Trace and span ids go into
     * the SLF4J MDC; the workflow and correlation ids already there, if any, are left as they are. Metrics, latency
     * and logs are those of {@link #begin(WorkflowContext)}, and it never throws because of telemetry either.
     *
     * @return the running invocation; its {@link Invocation#context()} is null
     */
    public Invocation begin() {
        return Invocation.startMethod(this);
    }

    /**
     * The primitive's name in spans, metrics and logs.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The primitive's kind, the {@code workflow.primitive.type} attribute.
     *
     * @return the type
     */
    public String type() {
        return type;
    }

    Attributes spanAttributes() {
        return spanAttributes;
    }

    Attributes successAttributes() {
        return successAttributes;
    }

    /** Metric attributes of a failure: bounded by the number of exception classes, never by messages. */
    Attributes failureAttributes(Class<?> errorType) {
        Attributes cached = failureAttributes.get(errorType);
        if (cached != null) {
            return cached;
        }
        Attributes built = baseAttributes.toBuilder()
                .put(TelemetryNames.OUTCOME, TelemetryNames.OUTCOME_FAILURE)
                .put(TelemetryNames.ERROR_TYPE, errorType.getName())
                .build();
        // A step throwing generated exception classes must not grow this map (or pin class loaders) forever.
        if (failureAttributes.size() < MAX_CACHED_ERROR_TYPES) {
            failureAttributes.putIfAbsent(errorType, built);
        }
        return built;
    }

    PrimitiveStats stats() {
        return stats;
    }

    /**
     * A branch of this parallel block starts running; counted in the block's branch concurrency.
     */
    public void branchStarted() {
        stats.branchStarted();
    }

    /**
     * A branch of this parallel block has ended.
     */
    public void branchEnded() {
        stats.branchEnded();
    }

    Logger logger() {
        return logger;
    }

    boolean warnOnFailure() {
        return warnOnFailure;
    }

    @Override
    public String toString() {
        return "PrimitiveTelemetry{" + name + ", " + type + "}";
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("primitive " + what + " must not be null or blank");
        }
        return value;
    }
}
