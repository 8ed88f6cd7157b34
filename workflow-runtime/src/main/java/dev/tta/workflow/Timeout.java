package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Decisions;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.internal.MetricAttributes;
import dev.tta.workflow.spi.TelemetryCounter;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long a step may run: the step runs on an executor while the caller waits at most the limit, and on
 * expiry the step is interrupted and {@link WorkflowTimeoutException} is thrown.
 *
 * <pre>{@code
 * var quote = Workflows.timeout(new InstrumentedFetchQuote(), Duration.ofSeconds(2));
 * }</pre>
 *
 * <ul>
 *   <li>Deadlines nest: the step receives a context with {@link WorkflowContext#withTimeLimit(Duration)}, so a
 *       timeout inside another one waits for the shorter of its limit and what the outer deadline leaves (a 10 s
 *       timeout inside a 100 ms one expires after about 100 ms). A deadline that has already passed fails at once,
 *       without running the step. Steps can read what is left with {@link WorkflowContext#remainingTime()}.
 *   <li>The step's own exception propagates unchanged (the same instance).
 *   <li>If the caller is interrupted while waiting, the step is interrupted too and {@link InterruptedException} is
 *       thrown (with the caller's interrupt flag set again, as {@link Parallel} does).
 *   <li>If the executor rejects the step, its exception (typically a
 *       {@link java.util.concurrent.RejectedExecutionException}) propagates.
 *   <li>The timeout does not wait for an interrupted step to end: a step that ignores interrupts keeps its thread
 *       until it returns, and its span may end after the timeout's span. An executor that runs tasks on the calling
 *       thread cannot enforce the limit (the step returns before the wait starts); the step still sees the
 *       deadline in its context.
 * </ul>
 *
 * <p>Telemetry: the timeout's span carries {@code workflow.timeout.ms}, the limit in milliseconds, and is the parent
 * of the step's span, although the step runs on another thread. The counter
 * {@value TelemetryNames#TIMEOUT_EXPIRATIONS_METRIC}, attributes {@code workflow.primitive.name} and
 * {@code workflow.name}, counts every
 * {@link WorkflowTimeoutException} thrown.
 *
 * <p>Immutable and thread-safe; one instance serves concurrent executions.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class Timeout<I, O> extends CompositePrimitive<I, O> {

    /** Decision value: an enclosing deadline had passed before the step could start. */
    private static final String DEADLINE_PASSED = "deadline_passed";
    /** Decision value prefix: an enclosing deadline cut the wait short, to this many nanoseconds. */
    private static final String CUT_SHORT = "cut_short:";

    /** The name of a timeout that was not given one. */
    public static final String DEFAULT_NAME = "timeout";

    private static final TelemetryCounter EXPIRATIONS = TelemetryCounter.create(
            TelemetryNames.TIMEOUT_EXPIRATIONS_METRIC, "{expiration}",
            "Time limits of timeout primitives that expired.");

    private final WorkflowPrimitive<? super I, ? extends O> step;
    private final Duration limit;
    /** Boxed once: the span attribute is set on every call. */
    private final Long limitMillis;
    private final Executor executor;
    private final MetricAttributes metricAttributes;

    private Timeout(WorkflowPrimitive<? super I, ? extends O> step, Duration limit, Executor executor, String name) {
        super(name, TelemetryNames.TYPE_TIMEOUT);
        this.step = step;
        this.limit = limit;
        this.limitMillis = Backoff.saturatedNanos(limit) / 1_000_000L;
        this.executor = executor;
        this.metricAttributes = MetricAttributes.of(Attributes.of(TelemetryNames.PRIMITIVE_NAME, name));
    }

    /**
     * A timeout; {@link dev.tta.workflow.Workflows#timeout} is the usual entry point.
     *
     * @param step the step to bound
     * @param limit how long the step may run; positive
     * @param executor where the step runs, e.g. {@link DefaultExecutor#get()}
     * @param <I> the input type
     * @param <O> the output type
     * @return the timeout, named {@value #DEFAULT_NAME}
     * @throws IllegalArgumentException if an argument is null or the limit is not positive; the message names it
     */
    public static <I, O> Timeout<I, O> of(WorkflowPrimitive<? super I, ? extends O> step, Duration limit,
            Executor executor) {
        Checks.notNull(step, "step");
        Checks.positive(limit, "limit");
        Checks.notNull(executor, "executor");
        return new Timeout<>(step, limit, executor, DEFAULT_NAME);
    }

    /**
     * The same timeout under another name.
     *
     * @param name the name in spans, metrics and logs; low-cardinality
     * @return a new timeout
     * @throws IllegalArgumentException if the name is null or blank
     */
    public Timeout<I, O> named(String name) {
        return new Timeout<>(step, limit, executor, Checks.name(name));
    }

    /**
     * The step that is bounded.
     *
     * @return the step
     */
    public WorkflowPrimitive<? super I, ? extends O> step() {
        return step;
    }

    /**
     * The time limit.
     *
     * @return the limit; positive
     */
    public Duration limit() {
        return limit;
    }

    @Override
    protected O run(I input, Invocation invocation) throws Exception {
        invocation.attribute(TelemetryNames.TIMEOUT_MS, limitMillis);
        String recorded = invocation.recordedDecision(Decisions.TIMEOUT);
        return recorded != null ? replayWithin(recorded, input, invocation) : runWithin(input, invocation);
    }

    private O runWithin(I input, Invocation invocation) throws Exception {
        WorkflowContext context = invocation.context();
        Optional<Duration> outer = context.remainingTime();
        if (outer.isPresent() && outer.get().isZero()) {
            throw expired(WorkflowTimeoutException.deadlinePassed(name(), limit), invocation, DEADLINE_PASSED);
        }
        boolean cutShort = outer.isPresent() && outer.get().compareTo(limit) < 0;
        Duration wait = cutShort ? outer.get() : limit;
        Task<I, O> task = start(input, context);
        boolean ended = await(task, Backoff.saturatedNanos(wait));
        if (!ended && task.cancel() != CancellableTask.Cancelled.TOO_LATE) {
            throw cutShort
                    ? expired(WorkflowTimeoutException.deadlineExpired(name(), limit, wait), invocation,
                            CUT_SHORT + wait.toNanos())
                    : expired(WorkflowTimeoutException.limitExpired(name(), limit), invocation, Decisions.EXPIRED);
        }
        // Ended in time, or in the instant between the wait and the cancel: either way its outcome stands.
        invocation.decided(Decisions.TIMEOUT, Decisions.IN_TIME);
        return task.outcome();
    }

    /**
     * A replay: the step runs (or its recorded outcome stands in) as it did when recorded, to its end, and then the
     * timeout expires, or not, as it did then. No clock is read: the replay does not depend on its own speed.
     */
    private O replayWithin(String recorded, I input, Invocation invocation) throws Exception {
        WorkflowContext context = invocation.context();
        if (DEADLINE_PASSED.equals(recorded)) {
            throw expired(WorkflowTimeoutException.deadlinePassed(name(), limit), invocation, recorded);
        }
        Task<I, O> task = start(input, context);
        await(task, Long.MAX_VALUE); // to its end: no clock decides here
        if (Decisions.EXPIRED.equals(recorded)) {
            throw expired(WorkflowTimeoutException.limitExpired(name(), limit), invocation, recorded);
        }
        if (recorded.startsWith(CUT_SHORT)) {
            Duration waited = Duration.ofNanos(Long.parseLong(recorded.substring(CUT_SHORT.length())));
            throw expired(WorkflowTimeoutException.deadlineExpired(name(), limit, waited), invocation, recorded);
        }
        invocation.decided(Decisions.TIMEOUT, Decisions.IN_TIME);
        return task.outcome();
    }

    /** Hands the step to the executor, under this timeout's limit. */
    private Task<I, O> start(I input, WorkflowContext context) {
        Task<I, O> task = new Task<>(step, input, context.withTimeLimit(limit));
        task.submitTo(executor);
        return task;
    }

    /**
     * Waits for the step to end, at most {@code nanos}; an interrupt cancels it and is rethrown.
     *
     * @return whether it ended
     */
    private static boolean await(Task<?, ?> task, long nanos) throws InterruptedException {
        try {
            return task.done.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            task.cancel();
            Thread.currentThread().interrupt();
            throw interrupted;
        }
    }

    private WorkflowTimeoutException expired(WorkflowTimeoutException exception, Invocation invocation,
            String decision) {
        invocation.decided(Decisions.TIMEOUT, decision);
        EXPIRATIONS.add(1, metricAttributes.forWorkflow(invocation.context().workflowName()));
        return exception;
    }

    /** The step's run on the executor, with its outcome for the caller once it has ended. */
    private static final class Task<I, O> extends CancellableTask {
        final CountDownLatch done = new CountDownLatch(1);
        private final WorkflowPrimitive<? super I, ? extends O> step;
        private final I input;
        private final WorkflowContext context;
        private O result;
        private Throwable failure;

        Task(WorkflowPrimitive<? super I, ? extends O> step, I input, WorkflowContext context) {
            super(context);
            this.step = step;
            this.input = input;
            this.context = context;
        }

        @Override
        void work() {
            O value = null;
            Throwable thrown = null;
            try {
                value = step.execute(input, context);
            } catch (Throwable any) {
                thrown = any;
            }
            synchronized (this) {
                result = value;
                failure = thrown;
            }
        }

        @Override
        void ended() {
            done.countDown();
        }

        /** The step's result, or its exception rethrown unchanged; only once it has ended. */
        synchronized O outcome() throws Exception {
            if (failure == null) {
                return result;
            }
            throw Failures.rethrowable(failure);
        }
    }
}
