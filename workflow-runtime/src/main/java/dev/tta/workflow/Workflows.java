package dev.tta.workflow;

import dev.tta.workflow.context.WorkflowContext;
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
     * a backoff between attempts. Each attempt is a run of the step, whose span carries the attempt number.
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
     * Runs every branch with the same input, concurrently, and returns their results in branch order, on the shared
     * {@link DefaultExecutor} and the calling thread (see {@link Parallel}). If a branch fails, the
     * branches still running are interrupted, the block waits until every branch has ended (so every span ends inside
     * the block's span), and the first failure is rethrown unchanged.
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
     * Like {@link #parallel(WorkflowPrimitive[])}, on the given executor. An executor that runs tasks on the calling
     * thread works too, without concurrency, the branches in order. A branch the executor rejects
     * fails the block with the executor's {@link java.util.concurrent.RejectedExecutionException}.
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

    /**
     * Runs two branches of different output types concurrently with the same input, on the shared
     * {@link DefaultExecutor}, and joins their results, typed:
     * {@code Workflows.parallel(reserve, charge, (reservation, confirmation) -> new Booking(reservation, confirmation))}.
     * Spans, failures and interruption are those of {@link #parallel(WorkflowPrimitive[])}; the join runs once both
     * branches have returned.
     *
     * @param first the first branch
     * @param second the second branch
     * @param join combines their results
     * @param <I> the input type
     * @param <A> the first branch's output type
     * @param <B> the second's
     * @param <O> the joined type
     * @return the block, named {@code "parallel"} (see {@link FanOut#named}); {@link FanOut#on} picks an executor
     * @throws IllegalArgumentException if a branch or the join is null
     */
    public static <I, A, B, O> FanOut<I, O> parallel(WorkflowPrimitive<? super I, ? extends A> first,
            WorkflowPrimitive<? super I, ? extends B> second, BiFunction<? super A, ? super B, ? extends O> join) {
        return FanOut.of(first, second, join, DefaultExecutor.get());
    }

    /**
     * Like {@link #parallel(WorkflowPrimitive, WorkflowPrimitive, BiFunction)}, with three branches.
     *
     * @param first the first branch
     * @param second the second branch
     * @param third the third branch
     * @param join combines their results
     * @param <I> the input type
     * @param <A> the first branch's output type
     * @param <B> the second's
     * @param <C> the third's
     * @param <O> the joined type
     * @return the block
     * @throws IllegalArgumentException if a branch or the join is null
     */
    public static <I, A, B, C, O> FanOut<I, O> parallel(WorkflowPrimitive<? super I, ? extends A> first,
            WorkflowPrimitive<? super I, ? extends B> second, WorkflowPrimitive<? super I, ? extends C> third,
            FanOut.Join3<? super A, ? super B, ? super C, ? extends O> join) {
        return FanOut.of(first, second, third, join, DefaultExecutor.get());
    }

    /**
     * Like {@link #parallel(WorkflowPrimitive, WorkflowPrimitive, BiFunction)}, with four branches.
     *
     * @param first the first branch
     * @param second the second branch
     * @param third the third branch
     * @param fourth the fourth branch
     * @param join combines their results
     * @param <I> the input type
     * @param <A> the first branch's output type
     * @param <B> the second's
     * @param <C> the third's
     * @param <D> the fourth's
     * @param <O> the joined type
     * @return the block
     * @throws IllegalArgumentException if a branch or the join is null
     */
    public static <I, A, B, C, D, O> FanOut<I, O> parallel(WorkflowPrimitive<? super I, ? extends A> first,
            WorkflowPrimitive<? super I, ? extends B> second, WorkflowPrimitive<? super I, ? extends C> third,
            WorkflowPrimitive<? super I, ? extends D> fourth,
            FanOut.Join4<? super A, ? super B, ? super C, ? super D, ? extends O> join) {
        return FanOut.of(first, second, third, fourth, join, DefaultExecutor.get());
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
     * If-then without an else, on the input and the context: {@code then} runs when the condition holds; otherwise
     * the input passes through unchanged (the span records {@code workflow.conditional.branch} = {@code otherwise}).
     *
     * @param condition decides whether {@code then} runs; it sees the conditional's context
     * @param then the branch for inputs that satisfy the condition, of the input's type
     * @param <I> the input and output type
     * @return the conditional, named {@code "conditional"}
     * @throws IllegalArgumentException if an argument is null
     */
    public static <I> Conditional<I, I> when(BiPredicate<? super I, WorkflowContext> condition,
            WorkflowPrimitive<? super I, ? extends I> then) {
        return Conditional.of(condition, then);
    }

    /**
     * If-then without an else, on the input: {@code then} runs when the condition holds; otherwise the input passes
     * through unchanged.
     *
     * <pre>{@code
     * var order = Workflows.when((Order o) -> o.needsReview(), review);   // Order -> Order
     * }</pre>
     *
     * @param condition decides whether {@code then} runs
     * @param then the branch for inputs that satisfy the condition, of the input's type
     * @param <I> the input and output type
     * @return the conditional, named {@code "conditional"}
     * @throws IllegalArgumentException if an argument is null
     */
    public static <I> Conditional<I, I> when(Predicate<? super I> condition,
            WorkflowPrimitive<? super I, ? extends I> then) {
        if (condition == null) {
            throw new IllegalArgumentException("condition must not be null");
        }
        return Conditional.of((input, context) -> condition.test(input), then);
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

    /**
     * Like {@link #cache(WorkflowPrimitive, Function)}, with a key computed from the input and the context, for
     * outputs that depend on more than the input (a tenant or locale in the context's metadata, say):
     *
     * <pre>{@code
     * var answers = Workflows.cacheWithContext(answer,
     *                 (Question q, WorkflowContext c) -> List.of(c.metadata().get("tenant"), q.text()))
     *         .maximumSize(10_000)
     *         .build();
     * }</pre>
     *
     * @param step the step whose outputs are cached
     * @param key computes the cache key of an input in a context; must not return null
     * @param <I> the input type
     * @param <O> the output type
     * @return the cache builder
     * @throws IllegalArgumentException if the step or the key function is null
     */
    public static <I, O> Cache.Builder<I, O> cacheWithContext(
            WorkflowPrimitive<? super I, ? extends O> step, BiFunction<? super I, WorkflowContext, ?> key) {
        return Cache.builderWithContext(step, key);
    }
}
