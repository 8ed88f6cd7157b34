package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.internal.BuildSite;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;

/**
 * The base of every built-in primitive, and of composites users write themselves: {@link #execute} runs the
 * execution lifecycle (span, metrics, percentiles, SLOs, cost, logs, observers) around {@link #run}, which states
 * only what the primitive decides. Telemetry is identical to a generated {@code @Observed} step's; its spans carry
 * {@code code.file.path} and {@code code.line.number} of the line that built the primitive.
 *
 * <pre>{@code
 * final class Hedge<I, O> extends CompositePrimitive<I, O> {
 *     Hedge(WorkflowPrimitive<I, O> primary, WorkflowPrimitive<I, O> backup) {
 *         super("hedge", "hedge");
 *         ...
 *     }
 *
 *     protected O run(I input, Invocation invocation) throws Exception {
 *         invocation.attribute(HEDGED, true);
 *         return primary.execute(input, invocation.context());    // children nest under this span
 *     }
 * }
 * }</pre>
 *
 * <p>What the primitive hands to other threads should run through {@link WorkflowContext#wrap(Runnable)}, so that the
 * workflow's trace and log correlation follow it.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public abstract class CompositePrimitive<I, O> extends WorkflowPrimitive<I, O> {

    private final PrimitiveTelemetry telemetry;
    /** Where this instance was built, if the stack said; kept for the check of shared default names. */
    private final BuildSite.Location site;
    /** Racy on purpose: at worst the check of shared default names runs more than once, and it is idempotent. */
    private boolean ran;

    /**
     * A primitive whose executions are recorded under this name and type.
     *
     * @param name the name in spans, metrics and logs; low-cardinality
     * @param type the {@code workflow.primitive.type}, e.g. {@code "hedge"}
     * @param objectives service level objectives of the primitive, if any
     * @throws IllegalArgumentException if the name or type is blank
     */
    protected CompositePrimitive(String name, String type, ServiceLevelObjective... objectives) {
        this.site = BuildSite.caller().orElse(null);
        this.telemetry = site == null
                ? PrimitiveTelemetry.forPrimitive(name, type, getClass(), objectives)
                : PrimitiveTelemetry.forPrimitive(name, type, getClass(), site.file(), site.line(), objectives);
    }

    @Override
    public final String name() {
        return telemetry.name();
    }

    /**
     * Runs {@link #run} inside one execution of this primitive: its span is the parent of whatever {@code run} runs
     * with {@link Invocation#context()}, and its failure is recorded and rethrown unchanged.
     *
     * @param input the input
     * @param context the caller's context
     * @return what {@code run} returned
     * @throws Exception what {@code run} threw, the same instance
     */
    @Override
    public final O execute(I input, WorkflowContext context) throws Exception {
        if (!ran) {
            ran = true;
            DefaultNames.firstRun(telemetry.name(), site);
        }
        Invocation invocation = telemetry.begin(context, input);
        try {
            if (invocation.substituted()) {
                // A replay stands the recorded outcome in for this execution (a cache hit, a rejected call...).
                return invocation.substitution();
            }
            return invocation.returned(run(input, invocation));
        } catch (Throwable failure) {
            invocation.fail(failure);
            throw failure;
        } finally {
            invocation.end();
        }
    }

    /**
     * What the primitive does in one execution.
     *
     * @param input the input
     * @param invocation the running execution: hand {@link Invocation#context()} to what runs inside, and record
     *     decisions on its span with {@link Invocation#attribute} or {@link Invocation#event}
     * @return the output
     * @throws Exception whatever the primitive or what it runs throws; rethrown unchanged
     */
    protected abstract O run(I input, Invocation invocation) throws Exception;

    /**
     * The primitive's telemetry handle (for branch counts and the like).
     *
     * @return the handle
     */
    protected final PrimitiveTelemetry telemetry() {
        return telemetry;
    }
}
