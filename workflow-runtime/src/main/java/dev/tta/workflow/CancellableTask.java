package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;
import java.util.concurrent.Executor;

/**
 * Work a primitive hands to an executor (a parallel branch, a timed step): it runs once, in its workflow (through
 * {@link WorkflowContext#wrap(Runnable)}, so the trace and the MDC ids follow it to the pool thread), or is cancelled
 * before it starts. A cancel interrupts it while it runs, and that interrupt is cleared when it ends so that it does
 * not leak into the executor's next task.
 */
abstract class CancellableTask implements Runnable {

    /** What {@link #cancel()} found. */
    enum Cancelled {
        /** It had not started, and now never will. */
        BEFORE_START,
        /** It was running on another thread, which was interrupted. */
        WHILE_RUNNING,
        /** It had ended already: its outcome stands. */
        TOO_LATE
    }

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;

    private final WorkflowContext context;
    private int state = NEW;
    private Thread runner;
    private boolean interruptedByCancel;

    CancellableTask(WorkflowContext context) {
        this.context = context;
    }

    /** The work; must not throw (record the outcome instead). */
    abstract void work();

    /** Called once, after the work ran or instead of it if it never will. */
    abstract void ended();

    /**
     * Hands the task to an executor, in its workflow.
     *
     * @throws RuntimeException what the executor throws, typically a rejection
     */
    final void submitTo(Executor executor) {
        executor.execute(context.wrap(this));
    }

    @Override
    public final void run() {
        synchronized (this) {
            if (state != NEW) {
                return; // cancelled while queued; cancel() ended it
            }
            state = RUNNING;
            runner = Thread.currentThread();
        }
        try {
            work();
        } finally {
            boolean clearInterrupt;
            synchronized (this) {
                state = DONE;
                runner = null;
                clearInterrupt = interruptedByCancel;
            }
            if (clearInterrupt) {
                Thread.interrupted();
            }
            ended();
        }
    }

    /**
     * Whether the task has neither started nor been cancelled: a hint, which may be stale as soon as it returns.
     *
     * @return true if it may still start
     */
    final synchronized boolean unstarted() {
        return state == NEW;
    }

    /**
     * Claims a task that has not started, so that it never will (an executor rejected it, say).
     *
     * @return true if it had not started; then the caller ends it, and {@link #ended()} is not called
     */
    final synchronized boolean claim() {
        if (state != NEW) {
            return false;
        }
        state = DONE;
        return true;
    }

    /** Skips the task if it has not started, interrupts it if it runs on another thread. */
    final Cancelled cancel() {
        synchronized (this) {
            switch (state) {
                case NEW:
                    state = DONE;
                    break;
                case RUNNING:
                    if (runner != Thread.currentThread()) {
                        interruptedByCancel = true;
                        runner.interrupt();
                    }
                    return Cancelled.WHILE_RUNNING;
                default:
                    return Cancelled.TOO_LATE;
            }
        }
        ended();
        return Cancelled.BEFORE_START;
    }
}
