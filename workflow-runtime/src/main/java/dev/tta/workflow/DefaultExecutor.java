package dev.tta.workflow;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor built-in primitives use when none is given: parallel branches, and steps run under a time limit.
 *
 * <p>Those typically block (remote calls, LLM requests), so it is a cached pool that grows with demand rather than
 * the common fork-join pool; idle threads end after a minute, and its daemon threads, named
 * {@code tta-workflow-N}, never keep the JVM alive. Pass your own {@link Executor} to bound concurrency.
 */
public final class DefaultExecutor {

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private static final ExecutorService POOL = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tta-workflow-" + THREAD_NUMBER.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private DefaultExecutor() {
    }

    /**
     * The shared executor; it cannot be shut down through this reference.
     *
     * @return the executor
     */
    public static Executor get() {
        return POOL::execute;
    }
}
