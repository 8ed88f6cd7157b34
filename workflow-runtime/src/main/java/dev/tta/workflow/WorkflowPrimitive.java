package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;

/**
 * One step of a workflow: takes an input, produces an output, and can be composed with others.
 *
 * <p>Extend it for your own steps and annotate them with {@code @Observed}: the annotation processor writes an
 * {@code Instrumented*} subclass that traces, times and logs every {@link #execute} call. The built-in composites
 * ({@link Workflows#sequence}, {@link Workflows#parallel}) emit the same telemetry, so a whole workflow is one trace.
 *
 * <p>Implementations should be stateless or thread-safe: one instance is typically shared by concurrent executions
 * and by the branches of parallel blocks.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public abstract class WorkflowPrimitive<I, O> {

    /**
     * For subclasses. Constructing a class annotated {@code @Observed} directly, instead of its generated
     * {@code Instrumented} subclass, runs it without telemetry: that is logged once per class, at WARN, naming the
     * class to construct instead.
     */
    protected WorkflowPrimitive() {
        Uninstrumented.check(getClass());
    }

    /**
     * Runs this step.
     *
     * @param input the input
     * @param context the context of the running workflow; pass it (or a context derived from it) to anything this
     *     step runs, so that its spans nest under this step's span
     * @return the output
     * @throws Exception whatever the step throws; composites and generated wrappers rethrow it unchanged
     */
    public abstract O execute(I input, WorkflowContext context) throws Exception;

    /**
     * Composes this step with the next one into a sequence. A chain of {@code then} calls is one flat sequence, with
     * one span whose children are the steps in order; the name of a sequence this is called on is kept.
     *
     * @param next the step that receives this step's output
     * @param <R> the output type of the sequence
     * @return a sequence running this step, then {@code next}
     * @throws IllegalArgumentException if {@code next} is null
     */
    public final <R> Sequence<I, R> then(WorkflowPrimitive<? super O, R> next) {
        return Sequence.chain(this, next);
    }

    /**
     * The name of this step in spans, metrics and logs. Generated {@code Instrumented*} classes return the name
     * fixed at compile time ({@code @Observed(name = ...)} or the annotated class's simple name); built-in
     * primitives return the name they were given.
     *
     * @return the name; never null
     */
    public String name() {
        return getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return name();
    }
}
