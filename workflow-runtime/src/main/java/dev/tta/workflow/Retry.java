package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Decisions;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.internal.MetricAttributes;
import dev.tta.workflow.spi.TelemetryCounter;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Runs a step again when it fails, up to a maximum number of attempts, waiting between attempts as a {@link Backoff}
 * says.
 *
 * <pre>{@code
 * var fetch = Workflows.retry(new InstrumentedFetchQuote())
 *         .maxAttempts(4)
 *         .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2)).withJitter(0.2))
 *         .retryOn(e -> e instanceof IOException)
 *         .build();
 * }</pre>
 *
 * <ul>
 *   <li>Which failures are retried: those matching {@link Builder#retryOn}; by default every {@link Exception}
 *       except {@link InterruptedException}. {@link Error}s are never retried.
 *   <li>Optionally, results too: while a result matches {@link Builder#retryOnResult}, the step runs again; when the
 *       attempts run out, the last result is returned.
 *   <li>The final failure is the last attempt's exception, unchanged, with the failures of the earlier attempts
 *       added to it as {@linkplain Throwable#getSuppressed() suppressed} exceptions.
 *   <li>Waiting between attempts is interruptible: an interrupt ends the retry with {@link InterruptedException}
 *       (the thread's interrupt flag is set again, as {@link Parallel} does).
 *   <li>Deadlines: when the context carries one (an enclosing {@link Timeout}, or
 *       {@link WorkflowContext#withTimeLimit}) and the time left is shorter than the next delay, or gone, the retry
 *       stops and throws the last failure (or returns the last result) at once, rather than sleeping past it.
 * </ul>
 *
 * <p>Telemetry: one span for the retry, the parent of the step's span in every attempt; the retry opens no span per
 * attempt, so a first attempt that succeeds costs the retry's span and the step's. Each attempt runs with
 * {@link WorkflowContext#atAttempt}, and the step's span carries the attempt number, from 1, as
 * {@code workflow.retry.attempt} (a step without a span of its own records nothing). On the retry span, a
 * {@value TelemetryNames#RETRY_SCHEDULED_EVENT} event for each retry scheduled, with {@code workflow.retry.delay_ms}
 * and the number of the attempt to come as {@code workflow.retry.attempt}, and an {@value #ABANDONED_EVENT} event
 * when a deadline stopped it. Traces have that shape whatever the outcome. The counter
 * {@value TelemetryNames#RETRY_ATTEMPTS_METRIC} counts attempts by {@code workflow.primitive.name},
 * {@code workflow.name} and {@code workflow.primitive.outcome}: {@code success} (the attempt returned a result that
 * was accepted, or the last one), {@code retried} (another attempt followed) or {@code failure} (the attempt's
 * exception ended the retry).
 *
 * <p>Immutable and thread-safe; one instance serves concurrent executions.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class Retry<I, O> extends CompositePrimitive<I, O> {

    /** The name of a retry that was not given one. */
    public static final String DEFAULT_NAME = "retry";

    /** The number of attempts of a retry built without {@link Builder#maxAttempts}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /** The backoff of a retry built without {@link Builder#backoff}: 100 ms, doubling, at most 5 s. */
    public static final Backoff DEFAULT_BACKOFF =
            Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5));

    /**
     * Span event on the retry span when a deadline stopped the retry before the next attempt: the time left was
     * shorter than the delay. Attributes {@code workflow.retry.delay_ms} and {@link #REMAINING_MS}.
     */
    public static final String ABANDONED_EVENT = "workflow.retry.abandoned";

    /** Attribute of {@link #ABANDONED_EVENT}: the time that was left before the deadline, in milliseconds. */
    public static final AttributeKey<Long> REMAINING_MS = AttributeKey.longKey("workflow.retry.remaining_ms");

    private static final TelemetryCounter ATTEMPTS = TelemetryCounter.create(TelemetryNames.RETRY_ATTEMPTS_METRIC,
            "{attempt}", "Attempts made by retry primitives, by outcome.");

    private static final Predicate<Exception> ANY_BUT_INTERRUPTED = e -> !(e instanceof InterruptedException);

    private final WorkflowPrimitive<? super I, ? extends O> step;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Predicate<? super Exception> retryOn;
    private final Predicate<? super O> retryOnResult;
    /** Null: {@link ThreadLocalRandom} of the calling thread. */
    private final RandomGenerator random;
    private final MetricAttributes successAttributes;
    private final MetricAttributes retriedAttributes;
    private final MetricAttributes failureAttributes;

    private Retry(Builder<I, O> builder, String name) {
        super(name, TelemetryNames.TYPE_RETRY);
        this.step = builder.step;
        this.maxAttempts = builder.maxAttempts;
        this.backoff = builder.backoff;
        this.retryOn = builder.retryOn;
        this.retryOnResult = builder.retryOnResult;
        this.random = builder.random;
        Attributes named = Attributes.of(TelemetryNames.PRIMITIVE_NAME, name);
        this.successAttributes = outcome(named, TelemetryNames.OUTCOME_SUCCESS);
        this.retriedAttributes = outcome(named, TelemetryNames.OUTCOME_RETRIED);
        this.failureAttributes = outcome(named, TelemetryNames.OUTCOME_FAILURE);
    }

    private static MetricAttributes outcome(Attributes named, String outcome) {
        return MetricAttributes.of(named.toBuilder().put(TelemetryNames.OUTCOME, outcome).build());
    }

    /**
     * Starts building a retry of {@code step}; {@link dev.tta.workflow.Workflows#retry(WorkflowPrimitive)} is the
     * usual entry point.
     *
     * @param step the step to retry
     * @param <I> the input type
     * @param <O> the output type
     * @return a builder with the defaults: {@value #DEFAULT_MAX_ATTEMPTS} attempts, {@link #DEFAULT_BACKOFF},
     *     retrying every exception but {@link InterruptedException}, never retrying on a result
     * @throws IllegalArgumentException if the step is null
     */
    public static <I, O> Builder<I, O> builder(WorkflowPrimitive<? super I, ? extends O> step) {
        return new Builder<>(Checks.notNull(step, "step"));
    }

    /**
     * The same retry under another name.
     *
     * @param name the name in spans, metrics and logs; low-cardinality
     * @return a new retry
     * @throws IllegalArgumentException if the name is null or blank
     */
    public Retry<I, O> named(String name) {
        return new Retry<>(toBuilder(), Checks.name(name));
    }

    private Builder<I, O> toBuilder() {
        Builder<I, O> builder = new Builder<>(step);
        builder.maxAttempts = maxAttempts;
        builder.backoff = backoff;
        builder.retryOn = retryOn;
        builder.retryOnResult = retryOnResult;
        builder.random = random;
        return builder;
    }

    /**
     * The step that is retried.
     *
     * @return the step
     */
    public WorkflowPrimitive<? super I, ? extends O> step() {
        return step;
    }

    /**
     * The maximum number of attempts, the first one included.
     *
     * @return at least 1
     */
    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The wait between attempts.
     *
     * @return the backoff
     */
    public Backoff backoff() {
        return backoff;
    }

    @Override
    protected O run(I input, Invocation invocation) throws Exception {
        return attempts(input, invocation);
    }

    private O attempts(I input, Invocation invocation) throws Exception {
        WorkflowContext context = invocation.context();
        List<Throwable> earlier = List.of(); // allocated on the first failure only
        for (int attempt = 1; ; attempt++) {
            O result = null;
            Throwable failure = null;
            Duration delay = null;
            String outcome = TelemetryNames.OUTCOME_FAILURE;
            try {
                try {
                    result = step.execute(input, context.atAttempt(attempt - 1));
                } catch (Throwable thrown) {
                    failure = thrown;
                }
                if (shouldRetry(result, failure) && attempt < maxAttempts) {
                    delay = nextDelay(attempt, context, invocation);
                }
                outcome = delay != null ? TelemetryNames.OUTCOME_RETRIED
                        : failure == null ? TelemetryNames.OUTCOME_SUCCESS : TelemetryNames.OUTCOME_FAILURE;
            } finally {
                // Also reached when a user predicate throws: that ends the retry as a failure of this attempt.
                ATTEMPTS.add(1, attemptCounterAttributes(outcome).forWorkflow(context.workflowName()));
            }
            if (delay == null) {
                if (failure != null) {
                    throw Failures.rethrowable(withEarlier(failure, earlier));
                }
                return result;
            }
            if (failure != null) {
                if (earlier.isEmpty()) {
                    earlier = new ArrayList<>();
                }
                earlier.add(failure);
            }
            scheduled(invocation, delay, attempt + 1);
            try {
                // A replay repeats the recorded delay (in the span event and the journal) without waiting it out.
                sleep(invocation.replaying() ? Duration.ZERO : delay);
            } catch (InterruptedException interrupted) {
                withEarlier(interrupted, earlier);
                Thread.currentThread().interrupt();
                throw interrupted;
            }
        }
    }

    /** Whether the outcome of an attempt asks for another one (attempts left or not). */
    private boolean shouldRetry(O result, Throwable failure) {
        if (failure == null) {
            return retryOnResult != null && retryOnResult.test(result);
        }
        return failure instanceof Exception exception && retryOn.test(exception);
    }

    /** The delay before the next attempt, or null if the context's deadline leaves no time for it. */
    private Duration nextDelay(int attempt, WorkflowContext context, Invocation invocation) {
        String recorded = invocation.recordedDecision(Decisions.RETRY);
        if (recorded != null) {
            invocation.decided(Decisions.RETRY, recorded);
            return Decisions.ABANDONED.equals(recorded) ? null : Duration.ofNanos(Long.parseLong(recorded));
        }
        Duration delay = computeDelay(attempt);
        Optional<Duration> remaining = context.remainingTime();
        if (remaining.isPresent() && (remaining.get().isZero() || remaining.get().compareTo(delay) < 0)) {
            if (invocation.span().isRecording()) {
                invocation.event(ABANDONED_EVENT, Attributes.of(TelemetryNames.RETRY_DELAY_MS, delay.toMillis(),
                        REMAINING_MS, remaining.get().toMillis()));
            }
            invocation.decided(Decisions.RETRY, Decisions.ABANDONED);
            return null;
        }
        invocation.decided(Decisions.RETRY, Long.toString(delay.toNanos()));
        return delay;
    }

    private Duration computeDelay(int attempt) {
        if (random == null) {
            return backoff.delay(attempt, ThreadLocalRandom.current());
        }
        // A shared generator need not be thread-safe (SplittableRandom, a seeded test generator...).
        synchronized (random) {
            return backoff.delay(attempt, random);
        }
    }

    private static void scheduled(Invocation invocation, Duration delay, int nextAttempt) {
        if (invocation.span().isRecording()) {
            invocation.event(TelemetryNames.RETRY_SCHEDULED_EVENT, Attributes.of(
                    TelemetryNames.RETRY_DELAY_MS, delay.toMillis(), TelemetryNames.RETRY_ATTEMPT, (long) nextAttempt));
        }
    }

    /** Sleeps, interruptibly; a zero delay still notices an interrupt, so a retry never spins past one. */
    private static void sleep(Duration delay) throws InterruptedException {
        if (delay.isZero()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before the next retry attempt");
            }
            return;
        }
        TimeUnit.NANOSECONDS.sleep(Backoff.saturatedNanos(delay));
    }

    /** Adds the earlier attempts' failures to the final one, once each, never to itself. */
    private static Throwable withEarlier(Throwable last, List<Throwable> earlier) {
        for (Throwable previous : earlier) {
            Failures.suppress(last, previous);
        }
        return last;
    }

    private MetricAttributes attemptCounterAttributes(String outcome) {
        switch (outcome) {
            case TelemetryNames.OUTCOME_SUCCESS:
                return successAttributes;
            case TelemetryNames.OUTCOME_RETRIED:
                return retriedAttributes;
            default:
                return failureAttributes;
        }
    }

    /**
     * Configures a {@link Retry}. Each setter checks its argument at once; a builder is not thread-safe, the retry it
     * builds is.
     *
     * @param <I> the input type
     * @param <O> the output type
     */
    public static final class Builder<I, O> {

        private final WorkflowPrimitive<? super I, ? extends O> step;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Backoff backoff = DEFAULT_BACKOFF;
        private Predicate<? super Exception> retryOn = ANY_BUT_INTERRUPTED;
        private Predicate<? super O> retryOnResult;
        private RandomGenerator random;
        private String name = DEFAULT_NAME;

        private Builder(WorkflowPrimitive<? super I, ? extends O> step) {
            this.step = step;
        }

        /**
         * The maximum number of attempts, the first one included: 1 runs the step once, without retrying.
         *
         * @param maxAttempts at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder<I, O> maxAttempts(int maxAttempts) {
            this.maxAttempts = Checks.atLeast(maxAttempts, 1, "maxAttempts");
            return this;
        }

        /**
         * The wait between attempts.
         *
         * @param backoff the backoff, e.g. {@link Backoff#fixed(Duration)}
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<I, O> backoff(Backoff backoff) {
            this.backoff = Checks.notNull(backoff, "backoff");
            return this;
        }

        /**
         * Which exceptions are retried; the others end the retry at once. The default retries every exception but
         * {@link InterruptedException}; a predicate that accepts it would keep retrying a cancelled step. Errors are
         * never retried, whatever the predicate.
         *
         * @param retryOn true for an exception worth another attempt
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<I, O> retryOn(Predicate<? super Exception> retryOn) {
            this.retryOn = Checks.notNull(retryOn, "retryOn");
            return this;
        }

        /**
         * Also retries when the step returns a result matching the predicate (an empty answer, a "try later"
         * status...). When the attempts run out, the last result is returned. By default results are never retried.
         *
         * @param retryOnResult true for a result worth another attempt
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<I, O> retryOnResult(Predicate<? super O> retryOnResult) {
            this.retryOnResult = Checks.notNull(retryOnResult, "retryOnResult");
            return this;
        }

        /**
         * The source of jitter, for reproducible schedules (a seeded generator in tests). It is used under a lock, so
         * it need not be thread-safe. By default each thread uses its {@link ThreadLocalRandom}.
         *
         * @param random the generator
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder<I, O> random(RandomGenerator random) {
            this.random = Checks.notNull(random, "random");
            return this;
        }

        /**
         * The name in spans, metrics and logs; {@value Retry#DEFAULT_NAME} by default.
         *
         * @param name a low-cardinality name
         * @return this builder
         * @throws IllegalArgumentException if null or blank
         */
        public Builder<I, O> named(String name) {
            this.name = Checks.name(name);
            return this;
        }

        /**
         * Builds the retry.
         *
         * @return an immutable, thread-safe retry
         */
        public Retry<I, O> build() {
            return new Retry<>(this, name);
        }
    }
}
