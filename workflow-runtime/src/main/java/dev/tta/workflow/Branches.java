package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Decisions;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Concurrent branches with the same input, shared by {@link Parallel} and {@link FanOut}. The first branch is handed
 * to the executor in the workflow ({@link CancellableTask}), and each branch a pool thread starts first hands over
 * the next, a chain along the branches; the calling thread runs the last branch, then every one the executor has not
 * started yet, from the back. If one fails, the branches still running are interrupted and
 * those not yet started are skipped, and the caller waits until every started branch has ended, so that no span
 * outlives the block's span. If the calling thread is interrupted while waiting, the branches are interrupted the
 * same way and {@link InterruptedException} is thrown.
 */
final class Branches {

    private Branches() {
    }

    /**
     * Runs the branches concurrently with the same input and returns their results in branch order.
     *
     * @throws Exception the first branch failure, unchanged, once every started branch has ended
     */
    static Object[] run(List<WorkflowPrimitive<Object, Object>> branches, Executor executor,
            PrimitiveTelemetry telemetry, Object input, Invocation invocation) throws Exception {
        WorkflowContext context = invocation.context();
        String recordedStarts = invocation.recordedDecision(Decisions.PARALLEL_STARTED);
        if (recordedStarts != null) {
            return replay(branches, telemetry, input, invocation, recordedStarts);
        }
        int count = branches.size();
        CountDownLatch ended = new CountDownLatch(count);
        AtomicReference<Branch> firstFailure = new AtomicReference<>();
        Object[] results = new Object[count];
        Branch[] tasks = new Branch[count];
        Thread caller = Thread.currentThread();
        for (int i = 0; i < count; i++) {
            tasks[i] = new Branch(branches.get(i), i, input, context.atBranch(i), results, ended, firstFailure, tasks,
                    telemetry, executor, caller);
        }
        int last = count - 1;
        // One hand-off from here, not one per branch: each wakes a parked thread, a few microseconds of the caller's
        // time apiece. A pool thread that starts a branch first hands over the next one (Branch.work), so branches
        // that block still all run concurrently, one hand-off apart.
        if (last > 0) {
            tasks[0].handOver();
            // An executor that ran the branch right here, as Runnable::run does: hand it the others in branch order.
            for (int i = 1; i < last && tasks[i - 1].ranOnCaller; i++) {
                tasks[i].handOver();
            }
        }
        // The last branch runs here, where the block's context is current already: the caller would only wait
        // otherwise, and a block of one branch hands nothing to another thread. Then the caller helps, as a
        // fork-join worker does: each branch the executor has not started yet runs here too, last first (a task runs
        // once, whoever starts it; the pool thread that gets to it later finds it done). Short branches then cost no
        // thread wake-up, and blocking ones still run concurrently on the threads that took them.
        for (int i = last; i >= 0; i--) {
            tasks[i].run();
        }
        try {
            ended.await();
        } catch (InterruptedException interrupted) {
            cancelAll(tasks);
            awaitUninterruptibly(ended);
            Thread.currentThread().interrupt();
            throw interrupted;
        }
        Branch failed = firstFailure.get();
        if (failure(failed) != null) {
            // Which branches got to run, and whose failure came first, depended on the threads: a replay repeats it.
            StringBuilder started = new StringBuilder();
            for (Branch task : tasks) {
                if (task.started) {
                    started.append(started.length() == 0 ? "" : ",").append(task.index);
                }
            }
            invocation.decided(Decisions.PARALLEL_STARTED, started.toString());
            invocation.decided(Decisions.PARALLEL_FAILED, Integer.toString(failed.index));
            throw Failures.rethrowable(failure(failed));
        }
        return results;
    }

    private static Throwable failure(Branch failed) {
        return failed == null ? null : failed.failure;
    }

    /**
     * A replay of a block that failed: the branches that ran when it was recorded run again, one after the other on
     * this thread, and the failure that came first then comes first again.
     */
    private static Object[] replay(List<WorkflowPrimitive<Object, Object>> branches, PrimitiveTelemetry telemetry,
            Object input, Invocation invocation, String recordedStarts) throws Exception {
        WorkflowContext context = invocation.context();
        int count = branches.size();
        boolean[] run = new boolean[count];
        for (String index : recordedStarts.split(",")) {
            if (!index.isEmpty()) {
                run[Integer.parseInt(index)] = true;
            }
        }
        Object[] results = new Object[count];
        Throwable[] failures = new Throwable[count];
        StringBuilder started = new StringBuilder();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < count; i++) {
                // The second pass runs the others only if none failed: the replay then diverged, and says so.
                if (run[i] == (pass == 0)) {
                    WorkflowContext branch = context.atBranch(i);
                    telemetry.branchStarted(branch);
                    try {
                        results[i] = branches.get(i).execute(input, branch);
                    } catch (Throwable failure) {
                        failures[i] = failure;
                    } finally {
                        telemetry.branchEnded(branch);
                    }
                    started.append(started.length() == 0 ? "" : ",").append(i);
                }
            }
            String recordedFirst = invocation.recordedDecision(Decisions.PARALLEL_FAILED);
            int first = recordedFirst == null ? -1 : Integer.parseInt(recordedFirst);
            if (first < 0 || first >= count || failures[first] == null) {
                first = -1;
                for (int i = 0; i < count && first < 0; i++) {
                    first = failures[i] != null ? i : -1;
                }
            }
            if (first >= 0) {
                invocation.decided(Decisions.PARALLEL_STARTED, started.toString());
                invocation.decided(Decisions.PARALLEL_FAILED, Integer.toString(first));
                throw Failures.rethrowable(failures[first]);
            }
        }
        return results;
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
        private final AtomicReference<Branch> firstFailure;
        private final Branch[] siblings;
        private final Executor executor;
        /** The thread that runs the block: it helps from the last branch backwards and hands nothing over. */
        private final Thread caller;
        /** Whether the work ran on the caller's thread; written and read there only. */
        boolean ranOnCaller;
        /** Whether the work began; read once the block's latch says every branch has ended. */
        volatile boolean started;
        /** What the branch threw, if its failure was the block's first. */
        volatile Throwable failure;

        Branch(WorkflowPrimitive<Object, Object> branch, int index, Object input, WorkflowContext context,
                Object[] results, CountDownLatch ended, AtomicReference<Branch> firstFailure, Branch[] siblings,
                PrimitiveTelemetry telemetry, Executor executor, Thread caller) {
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
            this.executor = executor;
            this.caller = caller;
        }

        /**
         * Hands this branch to the executor. A rejection counts as this branch failing: the ones already handed over
         * are cancelled like on any failure.
         */
        void handOver() {
            try {
                submitTo(executor);
            } catch (RuntimeException rejected) {
                if (claim()) {
                    recordFailure(rejected);
                    ended.countDown();
                }
            }
        }

        @Override
        void work() {
            started = true;
            // On a pool thread, the chain goes on before this branch's work: the next branch but the caller's own
            // last one, unless the caller, working backwards, has reached it already (then it has every later one).
            int next = index + 1;
            if (Thread.currentThread() == caller) {
                ranOnCaller = true;
            } else if (next < siblings.length - 1 && siblings[next].unstarted()) {
                siblings[next].handOver();
            }
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

        void recordFailure(Throwable thrown) {
            failure = thrown;
            if (firstFailure.compareAndSet(null, this)) {
                for (Branch sibling : siblings) {
                    if (sibling != this) {
                        sibling.cancel();
                    }
                }
            }
        }
    }
}
