package dev.tta.workflow;

import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.telemetry.TelemetryNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Branches run concurrently with the same input; the results come back in branch order.
 *
 * <p>The calling thread, which would otherwise only wait, hands the first branch to the executor and runs the last,
 * then every branch the executor has not started yet, from the back; each branch that starts on an executor's thread
 * first hands over the next. The caller wakes one thread, not one per branch: a block of one branch hands nothing to
 * another thread, short branches cost no thread wake-up, and blocking ones still all run concurrently. One span
 * covers the block; each branch's span is its child, with {@code workflow.branch.index}, on whichever thread it runs:
 * the parent travels in the {@link dev.tta.workflow.context.WorkflowContext}, not in a thread-local. If a branch
 * fails, the branches still running are interrupted and branches not yet started are skipped; the block then waits
 * until every started branch has ended (so no span outlives the block's span) and rethrows the first failure
 * unchanged. If the calling thread is interrupted while waiting, the branches are interrupted the same way and
 * {@link InterruptedException} is thrown.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <I> the input type
 * @param <O> the common output type of the branches
 */
public final class Parallel<I, O> extends CompositePrimitive<I, List<O>> {

    /** The name of a parallel block that was not given one. */
    public static final String DEFAULT_NAME = "parallel";

    private final List<WorkflowPrimitive<Object, Object>> branches;
    private final Executor executor;

    private Parallel(List<WorkflowPrimitive<Object, Object>> branches, Executor executor, String name) {
        super(name, TelemetryNames.TYPE_PARALLEL);
        this.branches = branches;
        this.executor = executor;
    }

    /**
     * A parallel block.
     *
     * @param branches the branches; at least one
     * @param executor where branches run
     * @param <I> the input type
     * @param <O> the common output type
     * @return the block
     * @throws IllegalArgumentException if the list is null or empty, a branch is null, or the executor is null
     */
    public static <I, O> Parallel<I, O> of(List<? extends WorkflowPrimitive<? super I, ? extends O>> branches,
            Executor executor) {
        Checks.notNull(executor, "executor");
        List<WorkflowPrimitive<Object, Object>> copy = new ArrayList<>();
        for (WorkflowPrimitive<?, ?> branch : Checks.elements(branches, "branches")) {
            copy.add(erase(branch));
        }
        return new Parallel<>(Collections.unmodifiableList(copy), executor, DEFAULT_NAME);
    }

    /**
     * The same branches under another name.
     *
     * @param name the name in spans, metrics and logs; low-cardinality
     * @return a new block
     * @throws IllegalArgumentException if the name is blank
     */
    public Parallel<I, O> named(String name) {
        return new Parallel<>(branches, executor, name);
    }

    /**
     * The branches, in order.
     *
     * @return an unmodifiable list
     */
    public List<WorkflowPrimitive<?, ?>> branches() {
        return Collections.unmodifiableList(branches);
    }

    @Override
    protected List<O> run(I input, Invocation invocation) throws Exception {
        Object[] results = Branches.run(branches, executor, telemetry(), input, invocation);
        @SuppressWarnings("unchecked") // each slot holds the output of a branch producing ? extends O
        List<O> outputs = (List<O>) Collections.unmodifiableList(Arrays.asList(results));
        return outputs;
    }

    @SuppressWarnings("unchecked") // a branch only ever receives the block's input, of a type it accepts
    private static WorkflowPrimitive<Object, Object> erase(WorkflowPrimitive<?, ?> branch) {
        return (WorkflowPrimitive<Object, Object>) branch;
    }
}
