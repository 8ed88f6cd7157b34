package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.Backoff;
import dev.tta.workflow.Cache;
import dev.tta.workflow.CircuitBreaker;
import dev.tta.workflow.CircuitOpenException;
import dev.tta.workflow.Conditional;
import dev.tta.workflow.DefaultExecutor;
import dev.tta.workflow.Fallback;
import dev.tta.workflow.Parallel;
import dev.tta.workflow.Retry;
import dev.tta.workflow.Router;
import dev.tta.workflow.Saga;
import dev.tta.workflow.Sequence;
import dev.tta.workflow.Timeout;
import dev.tta.workflow.UnknownRouteException;
import dev.tta.workflow.WorkflowTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

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

    // Routing, recovery and memoization: conditional, router, fallback, saga, cache. Types are fully qualified so
    // that this block needs no imports of its own.

    /**
     * If-then-else on the input and the context: {@code then} runs when the condition holds, {@code otherwise} when
     * it does not, both with the conditional's input. The span records the branch taken as
     * {@code workflow.conditional.branch} ({@code then} or {@code otherwise}).
     *
     * <pre>{@code
     * var pay = Workflows.when((Order o, WorkflowContext c) -> c.metadata().containsKey("vip"), vipPayment, payment);
     * }</pre>
     *
     * @param condition decides whether {@code then} runs; it sees the conditional's context. If it throws, the
     *     conditional fails with that exception
     * @param then the branch for inputs that satisfy the condition
     * @param otherwise the branch for the others
     * @param <I> the input type
     * @param <O> the common output type
     * @return the conditional, named {@code "conditional"} (see {@link Conditional#named})
     * @throws IllegalArgumentException if an argument is null
     */
    public static <I, O> Conditional<I, O> when(
            BiPredicate<? super I, WorkflowContext> condition,
            WorkflowPrimitive<? super I, ? extends O> then, WorkflowPrimitive<? super I, ? extends O> otherwise) {
        return Conditional.of(condition, then, otherwise);
    }

    /**
     * If-then-else on the input: {@code then} runs when the condition holds, {@code otherwise} when it does not.
     *
     * <pre>{@code
     * var ship = Workflows.when((Order o) -> o.total() > 100, freeShipping, paidShipping);
     * }</pre>
     *
     * @param condition decides whether {@code then} runs; if it throws, the conditional fails with that exception
     * @param then the branch for inputs that satisfy the condition
     * @param otherwise the branch for the others
     * @param <I> the input type
     * @param <O> the common output type
     * @return the conditional, named {@code "conditional"}
     * @throws IllegalArgumentException if an argument is null
     */
    public static <I, O> Conditional<I, O> when(
            Predicate<? super I> condition,
            WorkflowPrimitive<? super I, ? extends O> then, WorkflowPrimitive<? super I, ? extends O> otherwise) {
        if (condition == null) {
            throw new IllegalArgumentException("condition must not be null");
        }
        return Conditional.of((input, context) -> condition.test(input), then, otherwise);
    }

    /**
     * Starts a router: the routing function names, for each input, the route to run. Add routes (the first one fixes
     * the output type), optionally a default route for names the router does not know, then build:
     *
     * <pre>{@code
     * Router<Order, Receipt> byRegion = Workflows.router(Order::region)
     *         .route("eu", euCheckout)
     *         .route("us", usCheckout)
     *         .defaultRoute(genericCheckout)
     *         .build();
     * }</pre>
     *
     * <p>Without a default route, an unknown (or null) route name fails the router with an
     * {@link UnknownRouteException} that lists the known routes.
     *
     * @param routingFunction returns the name of the route to run for an input
     * @param <I> the input type
     * @return the first stage of the router builder; the router is named {@code "router"} unless renamed
     * @throws IllegalArgumentException if the routing function is null
     */
    public static <I> Router.Start<I> router(
            Function<? super I, String> routingFunction) {
        if (routingFunction == null) {
            throw new IllegalArgumentException("routingFunction must not be null");
        }
        return Router.routing((input, context) -> routingFunction.apply(input));
    }

    /**
     * Starts a router whose routing function also sees the router's context, for example to route on metadata.
     *
     * @param routingFunction returns the name of the route to run for an input and context
     * @param <I> the input type
     * @return the first stage of the router builder
     * @throws IllegalArgumentException if the routing function is null
     * @see #router(Function)
     */
    public static <I> Router.Start<I> router(
            BiFunction<? super I, WorkflowContext, String> routingFunction) {
        return Router.routing(routingFunction);
    }

    /**
     * Tries {@code primary}, then each alternative in order, with the same input, until one returns. By default any
     * {@link Exception} but {@link InterruptedException} moves on to the next alternative; narrow that with
     * {@link Fallback#fallbackOn}. If all fail, the last failure is thrown with the
     * earlier ones suppressed in it.
     *
     * <pre>{@code
     * var quote = Workflows.fallback(liveQuote, cachedQuote, flatRateQuote)
     *         .fallbackOn(e -> e instanceof IOException);
     * }</pre>
     *
     * @param primary the step tried first
     * @param alternatives the steps tried next, in order; at least one
     * @param <I> the input type
     * @param <O> the common output type
     * @return the fallback, named {@code "fallback"} (see {@link Fallback#named})
     * @throws IllegalArgumentException if there is no alternative, or the primary or an alternative is null
     */
    @SafeVarargs
    public static <I, O> Fallback<I, O> fallback(
            WorkflowPrimitive<? super I, ? extends O> primary,
            WorkflowPrimitive<? super I, ? extends O>... alternatives) {
        return Fallback.of(primary, listOf(alternatives));
    }

    /**
     * Starts a saga with a step and the compensation that undoes it. Chain more steps with
     * {@link Saga.Builder#then}; if a step fails, the compensations of the steps that
     * completed run in reverse order, each receiving the output of the step it undoes, and the failure propagates.
     *
     * <pre>{@code
     * Saga<Order, Shipment> checkout = Workflows.saga(reserveStock, releaseStock)
     *         .then(chargeCard, refundCard)
     *         .then(ship)
     *         .build();
     * }</pre>
     *
     * @param step the first step
     * @param compensation undoes {@code step}; receives its output
     * @param <I> the input type
     * @param <O> the first step's output type
     * @return the saga builder; the saga is named {@code "saga"} unless renamed
     * @throws IllegalArgumentException if the step or the compensation is null
     */
    public static <I, O> Saga.Builder<I, O> saga(WorkflowPrimitive<? super I, O> step,
            WorkflowPrimitive<? super O, ?> compensation) {
        return Saga.builder(step, compensation);
    }

    /**
     * Starts a saga with a step that needs no compensation.
     *
     * @param step the first step
     * @param <I> the input type
     * @param <O> the first step's output type
     * @return the saga builder
     * @throws IllegalArgumentException if the step is null
     * @see #saga(WorkflowPrimitive, WorkflowPrimitive)
     */
    public static <I, O> Saga.Builder<I, O> saga(WorkflowPrimitive<? super I, O> step) {
        return Saga.builder(step);
    }

    /**
     * Starts a cache in front of a step: outputs are kept by the key computed from the input, and concurrent
     * requests for a missing key compute it once. Set a maximum size (required) and optionally a TTL:
     *
     * <pre>{@code
     * Cache<Address, Quote> quotes = Workflows.cache(quoteShipping, Address::postcode)
     *         .ttl(Duration.ofMinutes(5))
     *         .maximumSize(10_000)
     *         .build();
     * }</pre>
     *
     * @param step the step whose outputs are cached
     * @param key computes the cache key of an input (with {@code equals} and {@code hashCode}); must not return null
     * @param <I> the input type
     * @param <O> the output type
     * @return the cache builder; the cache is named {@code "cache"} unless renamed
     * @throws IllegalArgumentException if the step or the key function is null
     */
    public static <I, O> Cache.Builder<I, O> cache(
            WorkflowPrimitive<? super I, ? extends O> step, Function<? super I, ?> key) {
        return Cache.builder(step, key);
    }
}
