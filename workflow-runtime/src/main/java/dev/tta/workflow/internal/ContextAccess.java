package dev.tta.workflow.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * The runtime's way into the workflow context, for what no user calls: a child context owned by another execution
 * (its span, and it as the owner of the costs recorded inside) and that owner. The context class installs the one
 * implementation from its static initialiser (the JDK's {@code SharedSecrets} pattern), so those hooks stay off its
 * public API and this package does not depend on the context's.
 *
 * @param <C> the workflow context type
 */
public abstract class ContextAccess<C> {

    /**
     * The key under which the OpenTelemetry contexts of a workflow carry its {@link RunIdentity}: an {@code @Observed}
     * method called inside a step has no workflow context, and reads the workflow's name from
     * {@link Context#current()} to label its metrics; a log appender reads the ids there when an event is written.
     * Root contexts hold it from the start, so that the steps below them need no context of their own for it.
     */
    public static final ContextKey<RunIdentity> RUN = ContextKey.named("dev.tta.workflow.run");

    private static volatile ContextAccess<?> installed;

    /** For the one implementation. */
    protected ContextAccess() {
    }

    /**
     * Installs the implementation; called once, by the context class.
     *
     * @param access the implementation
     * @throws IllegalStateException if one is installed already
     */
    public static synchronized void install(ContextAccess<?> access) {
        if (installed != null) {
            throw new IllegalStateException("context access is installed already");
        }
        installed = access;
    }

    /**
     * The implementation; callers make sure the context class is initialised first.
     *
     * @param <C> the workflow context type
     * @return the implementation, or null before the context class was initialised
     */
    @SuppressWarnings("unchecked") // only the context class installs one, for its own type
    public static <C> ContextAccess<C> get() {
        return (ContextAccess<C>) installed;
    }

    /**
     * The context an execution hands to what it runs: the parent's, with the execution's OpenTelemetry context
     * (holding its span) and the execution as the owner of the costs recorded inside, and without a position.
     *
     * @param parent the execution's own context
     * @param otelContext the OpenTelemetry context holding the execution's span
     * @param costOwner the execution, or a phase of it
     * @return the child context
     */
    public abstract C childOf(C parent, Context otelContext, CostOwner costOwner);

    /**
     * The owner of the costs recorded in a context: the innermost running execution, or a phase of it.
     *
     * @param context the context
     * @return the owner, or null before any execution
     */
    public abstract CostOwner costOwner(C context);

    /**
     * The telemetry scope a context's run started in.
     *
     * @param context the context
     * @return the scope, or null for the process-wide state
     */
    public abstract TelemetryScope scope(C context);

    /**
     * The identity of a context's run, the object its OpenTelemetry contexts carry under {@link #RUN}.
     *
     * @param context the context
     * @return the identity
     */
    public abstract RunIdentity run(C context);

    /**
     * The root context of a run that replays a recorded one, as {@code WorkflowContext.start} makes a live run's.
     *
     * @param workflowName the workflow's name
     * @param replay the replay session its executions consult
     * @return the root context
     */
    public abstract C startReplay(String workflowName, Object replay);

    /**
     * The workflow name an OpenTelemetry context carries.
     *
     * @param context an OpenTelemetry context
     * @return the name, or null outside any workflow
     */
    public static String workflowName(Context context) {
        RunIdentity run = context.get(RUN);
        return run == null ? null : run.workflowName();
    }
}
