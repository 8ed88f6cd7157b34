package dev.tta.workflow.spi;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.internal.MetricAttributes;
import dev.tta.workflow.internal.PrimitiveSlos;
import dev.tta.workflow.internal.PrimitiveStats;
import dev.tta.workflow.internal.SloState;
import dev.tta.workflow.internal.TelemetryRuntime;
import dev.tta.workflow.internal.TelemetryScope;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import java.lang.reflect.Type;
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
 *     Invocation invocation = TELEMETRY.begin(context, order);
 *     try {
 *         return invocation.returned(super.execute(order, invocation.context()));
 *     } catch (Throwable failure) {
 *         invocation.fail(failure);
 *         throw failure;
 *     } finally {
 *         invocation.end();
 *     }
 * }
 * }</pre>
 *
 * <p>Service level objectives passed to the factories ({@code forStep("CallModel", CallModel.class,
 * ServiceLevelObjective.availability(0.999))}) are declared for the primitive's name, as with
 * {@link dev.tta.workflow.WorkflowTelemetry#declareSlo}: each execution then counts as a good or bad event of each
 * objective (in
 * process and in the {@code workflow.slo.events} counter).
 *
 * <p>Metrics and in-process statistics are kept under the primitive's name while fewer than
 * {@link dev.tta.workflow.WorkflowTelemetry#maxPrimitiveNames()} names are in use, and under
 * {@link dev.tta.workflow.WorkflowTelemetry#OVERFLOW_NAME} after that; spans always carry the name.
 *
 * <p>Thread-safe; one instance serves every concurrent execution of its primitive.
 */
public final class PrimitiveTelemetry {

    private static final int MAX_CACHED_ERROR_TYPES = 32;

    private final String name;
    private final String type;
    private final Attributes spanAttributes;
    private final Attributes baseAttributes;
    private final MetricAttributes successAttributes;
    private final ConcurrentMap<Class<?>, MetricAttributes> failureAttributes = new ConcurrentHashMap<>();
    /** The name the statistics and metric series are kept under (see {@link TelemetryRuntime#admit}). */
    private final String admitted;
    private final PrimitiveStats stats;
    private final PrimitiveSlos slos;
    private final Logger logger;
    private final boolean warnOnFailure;
    /** The declared input and output types, for journals and replay; null until {@link #withValueTypes}. */
    private volatile Type inputType;
    private volatile Type outputType;

    private PrimitiveTelemetry(String name, String type, Class<?> implementation, String function, String file,
            long line, ServiceLevelObjective[] objectives) {
        this.name = requireText(name, "name");
        this.type = requireText(type, "type");
        Objects.requireNonNull(implementation, "implementation class must not be null");
        // Metric series and statistics are bounded by name; the span keeps the real name.
        String admitted = TelemetryRuntime.admit(name);
        this.admitted = admitted;
        this.baseAttributes = Attributes.of(TelemetryNames.PRIMITIVE_NAME, admitted, TelemetryNames.PRIMITIVE_TYPE,
                type);
        var span = Attributes.of(TelemetryNames.PRIMITIVE_NAME, name, TelemetryNames.PRIMITIVE_TYPE, type)
                .toBuilder()
                .put(TelemetryNames.CODE_FUNCTION_NAME, implementation.getName() + "." + function);
        if (file != null && !file.isBlank() && line > 0) {
            span.put(TelemetryNames.CODE_FILE_PATH, file).put(TelemetryNames.CODE_LINE_NUMBER, line);
        }
        this.spanAttributes = span.build();
        this.successAttributes = MetricAttributes.of(baseAttributes.toBuilder()
                .put(TelemetryNames.OUTCOME, TelemetryNames.OUTCOME_SUCCESS)
                .build());
        this.stats = TelemetryRuntime.stats(admitted, type);
        this.slos = TelemetryRuntime.slos(admitted);
        this.logger = LoggerFactory.getLogger(implementation);
        // A composite only fails because a child did, and the child has logged it at WARN already.
        this.warnOnFailure = TelemetryNames.TYPE_STEP.equals(type);
        declare(objectives);
    }

    /**
     * Declares the objectives for this name. A conflicting one (another primitive of the same name declared an
     * objective of the same name differently) is logged and skipped: this runs in generated classes' static
     * initialisers, which must not fail.
     */
    private void declare(ServiceLevelObjective[] objectives) {
        if (objectives == null) {
            return;
        }
        for (ServiceLevelObjective objective : objectives) {
            if (objective == null) {
                throw new NullPointerException("service level objectives of '" + name + "' must not be null");
            }
            try {
                slos.declare(objective);
                // A class first used inside a telemetry scope (a test's): its objectives apply there too.
                TelemetryScope scope = TelemetryScope.current();
                PrimitiveSlos scoped = scope == null ? null : scope.existingSlos(admitted);
                if (scoped != null) {
                    scoped.declare(objective);
                }
            } catch (IllegalArgumentException conflict) {
                logger.warn("SLO '{}' of '{}' is ignored: {}", objective.name(), name, conflict.getMessage());
            }
        }
    }

    /**
     * Telemetry for a user step; called by generated code.
     *
     * @param name the step name: {@code @Observed(name)} or the annotated class's simple name
     * @param stepClass the annotated class (names the logger and {@code code.function.name})
     * @param objectives the step's service level objectives, from {@code @LatencySlo} and {@code @AvailabilitySlo}
     * @return the telemetry handle
     * @throws IllegalArgumentException if the name is blank
     */
    public static PrimitiveTelemetry forStep(String name, Class<?> stepClass, ServiceLevelObjective... objectives) {
        return new PrimitiveTelemetry(name, TelemetryNames.TYPE_STEP, stepClass, "execute", null, 0, objectives);
    }

    /**
     * Telemetry for a user step written at a known place in the source; called by generated code. Its spans carry
     * {@code code.file.path} and {@code code.line.number}.
     *
     * @param name the step name
     * @param stepClass the annotated class
     * @param file the source file of its {@code execute}, relative to the source root
     * @param line the line of that {@code execute}
     * @param objectives the step's service level objectives
     * @return the telemetry handle
     * @throws IllegalArgumentException if the name is blank
     */
    public static PrimitiveTelemetry forStep(String name, Class<?> stepClass, String file, long line,
            ServiceLevelObjective... objectives) {
        return new PrimitiveTelemetry(name, TelemetryNames.TYPE_STEP, stepClass, "execute", file, line, objectives);
    }

    /**
     * Telemetry for one observed method of a class or interface (not a workflow step); called by generated code.
     * Its executions are steps too ({@code workflow.primitive.type} {@code step}), begun with {@link #begin()}.
     *
     * @param name the span name: {@code @Observed(name)} or {@code Type.method}; low-cardinality
     * @param declaringClass the annotated class or interface (names the logger and {@code code.function.name})
     * @param methodName the method's name, the last part of {@code code.function.name}
     * @param objectives the method's service level objectives, from {@code @LatencySlo} and {@code @AvailabilitySlo}
     * @return the telemetry handle
     * @throws IllegalArgumentException if the name or the method name is blank
     */
    public static PrimitiveTelemetry forMethod(String name, Class<?> declaringClass, String methodName,
            ServiceLevelObjective... objectives) {
        return new PrimitiveTelemetry(name, TelemetryNames.TYPE_STEP, declaringClass,
                requireText(methodName, "method name"), null, 0, objectives);
    }

    /**
     * Telemetry for one observed method written at a known place in the source; called by generated code. Its spans
     * carry {@code code.file.path} and {@code code.line.number}.
     *
     * @param name the span name
     * @param declaringClass the annotated class or interface
     * @param methodName the method's name
     * @param file the method's source file, relative to the source root
     * @param line the line of its declaration
     * @param objectives the method's service level objectives
     * @return the telemetry handle
     * @throws IllegalArgumentException if the name or the method name is blank
     */
    public static PrimitiveTelemetry forMethod(String name, Class<?> declaringClass, String methodName, String file,
            long line, ServiceLevelObjective... objectives) {
        return new PrimitiveTelemetry(name, TelemetryNames.TYPE_STEP, declaringClass,
                requireText(methodName, "method name"), file, line, objectives);
    }

    /**
     * Telemetry for a built-in or hand-written composite primitive, optionally with service level objectives:
     *
     * <pre>{@code
     * this.telemetry = PrimitiveTelemetry.forPrimitive(name, "hedge", Hedge.class,
     *         ServiceLevelObjective.latency(0.99, Duration.ofMillis(500)));
     * }</pre>
     *
     * @param name the primitive's name, low-cardinality (it is a metric attribute)
     * @param type the primitive's kind, e.g. {@link TelemetryNames#TYPE_PARALLEL}
     * @param implementation the primitive's class (names the logger and {@code code.function.name})
     * @param objectives the primitive's service level objectives, if any
     * @return the telemetry handle
     * @throws IllegalArgumentException if the name or type is blank
     */
    public static PrimitiveTelemetry forPrimitive(String name, String type, Class<?> implementation,
            ServiceLevelObjective... objectives) {
        return new PrimitiveTelemetry(name, type, implementation, "execute", null, 0, objectives);
    }

    /**
     * Telemetry for a composite primitive built at a known place in the source: its spans carry
     * {@code code.file.path} and {@code code.line.number}.
     *
     * @param name the primitive's name, low-cardinality
     * @param type the primitive's kind
     * @param implementation the primitive's class
     * @param file the source file that built it, relative to the source root
     * @param line the line that built it
     * @param objectives the primitive's service level objectives, if any
     * @return the telemetry handle
     * @throws IllegalArgumentException if the name or type is blank
     */
    public static PrimitiveTelemetry forPrimitive(String name, String type, Class<?> implementation, String file,
            long line, ServiceLevelObjective... objectives) {
        return new PrimitiveTelemetry(name, type, implementation, "execute", file, line, objectives);
    }

    /**
     * Starts one execution of a workflow step or primitive: a span, child of the context's span and current on this
     * thread until {@link Invocation#end()}, trace and workflow ids in the SLF4J MDC, the in-flight gauge raised, a
     * {@code primitive.started} debug log, and the registered {@link ExecutionObserver}s told. Never throws because
     * of telemetry: if the OpenTelemetry SDK or the logging backend fails, the execution runs untraced and the
     * failure is reported through the {@code dev.tta.workflow.telemetry} logger.
     *
     * @param context the caller's context
     * @param input the execution's input, seen by observers by reference (nothing is copied or kept)
     * @return the running invocation; pass {@link Invocation#context()} to the wrapped code
     * @throws NullPointerException if the context is null
     */
    public Invocation begin(WorkflowContext context, Object input) {
        if (context == null) {
            throw new NullPointerException("WorkflowContext must not be null when executing '" + name
                    + "': start one with WorkflowContext.start(workflowName)");
        }
        return Invocation.start(this, context, input);
    }

    /**
     * Starts one execution of an observed method, which has no {@link WorkflowContext}: its span is a child of the
     * OpenTelemetry context current on this thread ({@link io.opentelemetry.context.Context#current()}), and is made
     * current until {@link Invocation#end()} (or, for a method returning a {@code CompletionStage}, until
     * {@link Invocation#endWhenComplete}), so that what the method calls nests under it. Trace and span ids go into
     * the SLF4J MDC; the workflow and correlation ids already there, if any, are left as they are. Metrics, latency
     * and logs are those of {@link #begin(WorkflowContext, Object)}, and it never throws because of telemetry either. Called
     * inside a workflow step, the method's span and metrics carry that step's {@code workflow.name}.
     *
     * @return the running invocation; its {@link Invocation#context()} is null
     */
    public Invocation begin() {
        return Invocation.startMethod(this);
    }

    /**
     * Declares the input and output types of the executions, generic arguments included, as generated code does for
     * a step ({@code .withValueTypes(Order.class, ValueTypes.of(List.class, Line.class))}): a replay reads recorded
     * outputs back as these types. Call it once, where the handle is made.
     *
     * @param input the declared input type
     * @param output the declared output type
     * @return this handle
     * @throws NullPointerException if a type is null
     * @throws IllegalStateException if the types were declared already
     */
    public PrimitiveTelemetry withValueTypes(Type input, Type output) {
        Objects.requireNonNull(input, "input type must not be null");
        Objects.requireNonNull(output, "output type must not be null");
        synchronized (this) {
            if (outputType != null) {
                throw new IllegalStateException("the value types of '" + name + "' are declared already");
            }
            inputType = input;
            outputType = output;
        }
        return this;
    }

    /**
     * The declared input type.
     *
     * @return the type, or null if none was declared (built-in primitives)
     */
    public Type inputType() {
        return inputType;
    }

    /**
     * The declared output type.
     *
     * @return the type, or null if none was declared (built-in primitives)
     */
    public Type outputType() {
        return outputType;
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

    /** Metric attributes of a success in this workflow (null for none). */
    Attributes successAttributes(String workflowName) {
        return successAttributes.forWorkflow(workflowName);
    }

    /**
     * Metric attributes of a failure in this workflow (null for none): bounded by the number of exception classes,
     * never by messages.
     */
    Attributes failureAttributes(Class<?> errorType, String workflowName) {
        MetricAttributes cached = failureAttributes.get(errorType);
        if (cached != null) {
            return cached.forWorkflow(workflowName);
        }
        MetricAttributes built = MetricAttributes.of(baseAttributes.toBuilder()
                .put(TelemetryNames.OUTCOME, TelemetryNames.OUTCOME_FAILURE)
                .put(TelemetryNames.ERROR_TYPE, errorType.getName())
                .build());
        // A step throwing generated exception classes must not grow this map (or pin class loaders) forever.
        if (failureAttributes.size() < MAX_CACHED_ERROR_TYPES) {
            MetricAttributes raced = failureAttributes.putIfAbsent(errorType, built);
            built = raced != null ? raced : built;
        }
        return built.forWorkflow(workflowName);
    }

    /** The statistics of this primitive's name in the scope of a run (null: the process-wide ones). */
    PrimitiveStats stats(TelemetryScope scope) {
        return scope == null ? stats : scope.stats(admitted, type);
    }

    /**
     * A branch of this parallel block starts running in the run of this context (its telemetry scope is read from
     * the context, not looked up).
     *
     * @param context the branch's context
     */
    public void branchStarted(WorkflowContext context) {
        stats(Contexts.ACCESS.scope(context)).branchStarted();
    }

    /**
     * A branch of this parallel block, started with {@link #branchStarted(WorkflowContext)}, has ended.
     *
     * @param context the branch's context
     */
    public void branchEnded(WorkflowContext context) {
        stats(Contexts.ACCESS.scope(context)).branchEnded();
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
