package dev.tta.workflow;

import dev.tta.workflow.primitives.Backoff;
import dev.tta.workflow.primitives.CircuitBreaker;
import dev.tta.workflow.primitives.CircuitOpenException;
import dev.tta.workflow.primitives.DefaultExecutor;
import dev.tta.workflow.primitives.Parallel;
import dev.tta.workflow.primitives.Retry;
import dev.tta.workflow.primitives.Sequence;
import dev.tta.workflow.primitives.Timeout;
import dev.tta.workflow.primitives.WorkflowTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Factory methods for the built-in workflow primitives.
 *
 * <pre>{@code
 * var workflow = new InstrumentedValidate()
 *         .then(Workflows.parallel(new InstrumentedProcessA(), new InstrumentedProcessB()))
 *         .then(new InstrumentedAggregate());
 * Result r = workflow.execute(order, WorkflowContext.start("checkout"));
 * }</pre>
 *
 * <p>Every primitive returned here is immutable, thread-safe and reusable across concurrent executions.
 */
public final class Workflows {

    private Workflows() {
    }

    /**
     * Starts building a retry of {@code step}: it runs again when it fails, up to a maximum number of attempts, with
     * a backoff between attempts. Every attempt has its own span.
     *
     * <pre>{@code
     * var fetch = Workflows.retry(new InstrumentedFetchQuote())
     *         .maxAttempts(4)
     *         .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2)).withJitter(0.2))
     *         .build();
     * }</pre>
     *
     * @param step the step to retry
     * @param <I> the input type
     * @param <O> the output type
     * @return a builder; see {@link Retry} for the defaults and the behaviour
     * @throws IllegalArgumentException if the step is null
     */
    public static <I, O> Retry.Builder<I, O> retry(WorkflowPrimitive<? super I, ? extends O> step) {
        return Retry.builder(step);
    }

    /**
     * A retry of {@code step} with the default exception predicate (every exception but
     * {@link InterruptedException}), named {@code "retry"}.
     *
     * @param step the step to retry
     * @param maxAttempts the maximum number of attempts, the first one included; at least 1
     * @param backoff the wait between attempts
     * @param <I> the input type
     * @param <O> the output type
     * @return the retry
     * @throws IllegalArgumentException if the step or the backoff is null, or {@code maxAttempts} is below 1
     */
    public static <I, O> Retry<I, O> retry(WorkflowPrimitive<? super I, ? extends O> step, int maxAttempts,
            Backoff backoff) {
        return Retry.<I, O>builder(step).maxAttempts(maxAttempts).backoff(backoff).build();
    }

    /**
     * Bounds how long {@code step} may run; it runs on the shared {@link DefaultExecutor}. On expiry the step is
     * interrupted and a {@link WorkflowTimeoutException} is thrown. Nested timeouts never exceed an outer one.
     *
     * @param step the step to bound
     * @param limit how long it may run; positive
     * @param <I> the input type
     * @param <O> the output type
     * @return the timeout, named {@code "timeout"} (see {@link Timeout#named})
     * @throws IllegalArgumentException if the step or the limit is null, or the limit is not positive
     */
    public static <I, O> Timeout<I, O> timeout(WorkflowPrimitive<? super I, ? extends O> step, Duration limit) {
        return Timeout.of(step, limit, DefaultExecutor.get());
    }

    /**
     * Like {@link #timeout(WorkflowPrimitive, Duration)}, with the step run on the given executor.
     *
     * @param step the step to bound
     * @param limit how long it may run; positive
     * @param executor where the step runs
     * @param <I> the input type
     * @param <O> the output type
     * @return the timeout
     * @throws IllegalArgumentException if an argument is null, or the limit is not positive
     */
    public static <I, O> Timeout<I, O> timeout(WorkflowPrimitive<? super I, ? extends O> step, Duration limit,
            Executor executor) {
        return Timeout.of(step, limit, executor);
    }

    /**
     * Starts building a circuit breaker around {@code step}: after too many failures it rejects calls for a while
     * with a {@link CircuitOpenException}, then lets a few trial calls decide whether to close again.
     *
     * @param step the protected step
     * @param <I> the input type
     * @param <O> the output type
     * @return a builder; see {@link CircuitBreaker} for the defaults and the behaviour
     * @throws IllegalArgumentException if the step is null
     */
    public static <I, O> CircuitBreaker.Builder<I, O> circuitBreaker(WorkflowPrimitive<? super I, ? extends O> step) {
        return CircuitBreaker.builder(step);
    }

    /**
     * A sequence of steps of the same input and output type, each receiving the previous one's output. Use
     * {@link WorkflowPrimitive#then} to chain steps of different types.
     *
     * @param steps the steps, in order; at least one
     * @param <T> the type flowing through the sequence
     * @return the sequence, named {@code "sequence"} (see {@link Sequence#named})
     * @throws IllegalArgumentException if there is no step or a step is null
     */
    @SafeVarargs
    public static <T> Sequence<T, T> sequence(WorkflowPrimitive<T, T>... steps) {
        return Sequence.of(listOf(steps));
    }

    /**
     * Runs every branch with the same input, concurrently, on the shared {@link DefaultExecutor}, and returns their
     * results in branch order. If a branch fails, the branches still running are interrupted, the block waits until
     * every branch has ended (so every span ends inside the block's span), and the first failure is rethrown
     * unchanged.
     *
     * @param branches the branches; at least one
     * @param <I> the input type
     * @param <O> the common output type
     * @return the parallel block, named {@code "parallel"} (see {@link Parallel#named})
     * @throws IllegalArgumentException if there is no branch or a branch is null
     */
    @SafeVarargs
    public static <I, O> Parallel<I, O> parallel(WorkflowPrimitive<? super I, ? extends O>... branches) {
        return Parallel.<I, O>of(listOf(branches), DefaultExecutor.get());
    }

    /**
     * Like {@link #parallel(WorkflowPrimitive[])}, with branches run on the given executor. An executor that runs
     * tasks on the calling thread works too, without concurrency. A branch the executor rejects fails the block with
     * the executor's {@link java.util.concurrent.RejectedExecutionException}.
     *
     * @param executor where branches run
     * @param branches the branches; at least one
     * @param <I> the input type
     * @param <O> the common output type
     * @return the parallel block
     * @throws IllegalArgumentException if there is no branch, or the executor or a branch is null
     */
    @SafeVarargs
    public static <I, O> Parallel<I, O> parallel(Executor executor,
            WorkflowPrimitive<? super I, ? extends O>... branches) {
        return Parallel.<I, O>of(listOf(branches), executor);
    }

    /** A null varargs array becomes a null list, so the primitive's own check names the parameter. */
    @SafeVarargs
    private static <T> List<T> listOf(T... values) {
        return values == null ? null : Arrays.asList(values);
    }
}
