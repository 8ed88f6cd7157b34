package dev.tta.workflow.spi;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.cost.CostSummary;
import io.opentelemetry.api.trace.Span;
import java.lang.reflect.Type;

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
     * The execution this one runs inside: the primitive whose context it was called with.
     *
     * @return the parent, or null for the first execution of a run and for an observed method
     */
    Execution parent();

    /**
     * Where the execution sits in its parent: a step of a sequence, a branch of a parallel block, an attempt of a
     * retry, or none of them.
     *
     * @return the position of the context it was called with
     */
    WorkflowContext.Position position();

    /**
     * The index of {@link #position()}.
     *
     * @return the zero-based step, branch or attempt index, or -1 for {@link WorkflowContext.Position#NONE}
     */
    int positionIndex();

    /**
     * The state an observer's {@link ExecutionObserver#onStart} returned for this execution, so that an observer
     * can find its own state for the {@link #parent()} of an execution.
     *
     * @param observer the observer
     * @return its state, or null if it did not see this execution (registered later, or it returned null)
     */
    Object observerState(ExecutionObserver observer);

    /**
     * The declared input type ({@link PrimitiveTelemetry#withValueTypes}).
     *
     * @return the type, or null if none was declared
     */
    Type inputType();

    /**
     * The declared output type ({@link PrimitiveTelemetry#withValueTypes}).
     *
     * @return the type, or null if none was declared
     */
    Type outputType();

    /**
     * Whether the execution belongs to a run that replays a recorded one ({@link Replays#start}).
     *
     * @return true in a replayed run
     */
    boolean replaying();

    /**
     * Whether the execution's recorded outcome was substituted for running it, in a replayed run.
     *
     * @return true if its body did not run
     */
    boolean substituted();

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
