package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import dev.tta.workflow.telemetry.TelemetryNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Branches run concurrently with the same input; the results come back in branch order.
 *
 * <p>One span covers the block; each branch's span is its child, with {@code workflow.branch.index}, although it
 * runs on another thread: the parent travels in the {@link WorkflowContext}, not in a thread-local. If a branch
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
        return runBranches(input, invocation.context());
    }

    private List<O> runBranches(I input, WorkflowContext context) throws Exception {
        int count = branches.size();
        CountDownLatch ended = new CountDownLatch(count);
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        Object[] results = new Object[count];
        Branch[] tasks = new Branch[count];
        for (int i = 0; i < count; i++) {
            tasks[i] = new Branch(branches.get(i), i, input, context.atBranch(i), results, ended, firstFailure, tasks,
                    telemetry());
        }
        for (Branch task : tasks) {
            try {
                task.submitTo(executor);
            } catch (RuntimeException rejected) {
                // Counts as this branch failing: the ones already submitted are cancelled like on any failure.
                if (task.claim()) {
                    task.recordFailure(rejected);
                    ended.countDown();
                }
            }
        }
        try {
            ended.await();
        } catch (InterruptedException interrupted) {
            cancelAll(tasks);
            awaitUninterruptibly(ended);
            Thread.currentThread().interrupt();
            throw interrupted;
        }
        Throwable failure = firstFailure.get();
        if (failure != null) {
            throw Failures.rethrowable(failure);
        }
        @SuppressWarnings("unchecked") // each slot holds the output of a branch producing ? extends O
        List<O> outputs = (List<O>) Collections.unmodifiableList(Arrays.asList(results));
        return outputs;
    }

    private static void cancelAll(Branch[] tasks) {
        for (Branch task : tasks) {
            task.cancel();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException again) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One branch: runs once, or is cancelled before it starts, and always counts down exactly once. */
    private static final class Branch extends CancellableTask {
        private final PrimitiveTelemetry telemetry;
        private final WorkflowPrimitive<Object, Object> branch;
        private final int index;
        private final Object input;
        private final WorkflowContext context;
        private final Object[] results;
        private final CountDownLatch ended;
        private final AtomicReference<Throwable> firstFailure;
        private final Branch[] siblings;

        Branch(WorkflowPrimitive<Object, Object> branch, int index, Object input, WorkflowContext context,
                Object[] results, CountDownLatch ended, AtomicReference<Throwable> firstFailure, Branch[] siblings,
                PrimitiveTelemetry telemetry) {
            super(context);
            this.telemetry = telemetry;
            this.branch = branch;
            this.index = index;
            this.input = input;
            this.context = context;
            this.results = results;
            this.ended = ended;
            this.firstFailure = firstFailure;
            this.siblings = siblings;
        }

        @Override
        void work() {
            telemetry.branchStarted(context);
            try {
                results[index] = branch.execute(input, context);
            } catch (Throwable failure) {
                recordFailure(failure);
            } finally {
                telemetry.branchEnded(context);
            }
        }

        @Override
        void ended() {
            ended.countDown();
        }

        void recordFailure(Throwable failure) {
            if (firstFailure.compareAndSet(null, failure)) {
                for (Branch sibling : siblings) {
                    if (sibling != this) {
                        sibling.cancel();
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked") // a branch only ever receives the block's input, of a type it accepts
    private static WorkflowPrimitive<Object, Object> erase(WorkflowPrimitive<?, ?> branch) {
        return (WorkflowPrimitive<Object, Object>) branch;
    }
}
