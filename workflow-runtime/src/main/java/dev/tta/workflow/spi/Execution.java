package dev.tta.workflow.spi;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.cost.CostSummary;
import io.opentelemetry.api.trace.Span;

/**
 * What an {@link ExecutionObserver} sees of one execution of a primitive: a read-only view, valid until the
 * observer's {@link ExecutionObserver#onEnd} returns. Input and output are passed by reference: nothing is copied or
 * serialised unless an observer does it.
 */
public interface Execution {

    /**
     * The primitive's name in spans, metrics and logs.
     *
     * @return the name
     */
    String name();

    /**
     * The primitive's kind, the {@code workflow.primitive.type} attribute.
     *
     * @return the type
     */
    String type();

    /**
     * The workflow the execution runs in.
     *
     * @return its name, or null for an observed method called outside any workflow
     */
    String workflowName();

    /**
     * The context the execution hands to what it runs.
     *
     * @return the child context, or null for an observed method (which has none)
     */
    WorkflowContext context();

    /**
     * The execution's span.
     *
     * @return the span, {@link Span#getInvalid()} if none could be started
     */
    Span span();

    /**
     * What the execution was called with.
     *
     * @return the input of a workflow step or primitive, or null (an observed method, or a null input)
     */
    Object input();

    /**
     * What the execution returned, once it has ended successfully.
     *
     * @return the output, or null (not ended, failed, a void method, or a null output)
     */
    Object output();

    /**
     * What the execution threw.
     *
     * @return the failure, or null
     */
    Throwable failure();

    /**
     * When the execution started.
     *
     * @return a {@link System#nanoTime()} reading
     */
    long startNanos();

    /**
     * How long the execution took.
     *
     * @return the duration in nanoseconds, or -1 before it ended
     */
    long durationNanos();

    /**
     * What the execution and everything it ran has cost so far.
     *
     * @return the totals
     */
    CostSummary cost();
}
