package dev.tta.workflow;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Decisions;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.internal.MetricAttributes;
import dev.tta.workflow.spi.TelemetryCounter;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Memoizes a step: outputs are kept by a key computed from the input, for a bounded number of keys and, optionally,
 * a limited time after they were computed. Backed by <a href="https://github.com/ben-manes/caffeine">Caffeine</a>
 * (size-based eviction with its W-TinyLFU policy, expiry after write).
 *
 * <pre>{@code
 * Cache<Address, Quote> quotes = Workflows.cache(quoteShipping, Address::postcode)
 *         .ttl(Duration.ofMinutes(5))
 *         .maximumSize(10_000)
 *         .named("shipping-quotes")
 *         .build();
 * }</pre>
 *
 * <p>Concurrent requests for a key that is not cached compute it once: the first caller runs the step on its own
 * thread (so the step's span is a child of that caller's cache span) and the others wait for its result. A failure
 * is not cached: the callers waiting for that computation get the same exception instance, and the next request
 * computes again. A null output is returned but not cached. If the computing caller is interrupted, the callers
 * waiting for it do not inherit the interrupt: they try again themselves.
 *
 * <p>One span covers each request, with {@code cache.result} = {@value #HIT} (the output came from the cache or
 * from another caller's computation) or {@value #MISS} (this caller ran the step). The counter
 * {@code workflow.cache.requests} counts requests by {@code workflow.primitive.name}, {@code cache.result} and
 * {@code workflow.name}. Keys and outputs never appear in telemetry.
 *
 * <p>Keys must implement {@code equals} and {@code hashCode} and must not be null; they are held in memory with the
 * outputs. A step that calls its own cache with the same key waits for itself forever; do not do that. Thread-safe;
 * each instance has its own store, shared by every execution.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class Cache<I, O> extends CompositePrimitive<I, O> {

    /** The name of a cache that was not given one. */
    public static final String DEFAULT_NAME = "cache";

    /** Value of {@code cache.result} when the output did not have to be computed by this request. */
    public static final String HIT = Decisions.HIT;

    /** Value of {@code cache.result} when this request ran the step. */
    public static final String MISS = Decisions.MISS;

    private static final TelemetryCounter REQUESTS = TelemetryCounter.create(TelemetryNames.CACHE_REQUESTS_METRIC,
            "{request}", "Requests to workflow caches, by result.");

    private final WorkflowPrimitive<? super I, ? extends O> step;
    private final BiFunction<? super I, WorkflowContext, ?> keyFunction;
    private final AsyncCache<Object, Object> store;
    private final MetricAttributes hitAttributes;
    private final MetricAttributes missAttributes;

    private Cache(Builder<I, O> builder) {
        super(builder.name, TelemetryNames.TYPE_CACHE);
        this.step = builder.step;
        this.keyFunction = builder.keyFunction;
        Caffeine<Object, Object> caffeine = Caffeine.newBuilder().maximumSize(builder.maximumSize);
        if (builder.ttl != null) {
            caffeine.expireAfterWrite(builder.ttl);
        }
        if (builder.ticker != null) {
            LongSupplier nanos = builder.ticker;
            Ticker ticker = nanos::getAsLong;
            caffeine.ticker(ticker);
        }
        if (builder.executor != null) {
            caffeine.executor(builder.executor);
        }
        this.store = caffeine.buildAsync();
        this.hitAttributes = MetricAttributes.of(Attributes.of(TelemetryNames.PRIMITIVE_NAME, builder.name,
                TelemetryNames.CACHE_RESULT, HIT));
        this.missAttributes = MetricAttributes.of(Attributes.of(TelemetryNames.PRIMITIVE_NAME, builder.name,
                TelemetryNames.CACHE_RESULT, MISS));
    }

    /**
     * Starts building a cache in front of a step. {@link dev.tta.workflow.Workflows#cache} is the usual entry point.
     *
     * @param step the step whose outputs are cached
     * @param key computes the cache key from an input; must not return null
     * @param <I> the input type
     * @param <O> the output type
     * @return the builder; {@link Builder#maximumSize(long)} is required
     * @throws IllegalArgumentException if the step or the key function is null
     */
    public static <I, O> Builder<I, O> builder(WorkflowPrimitive<? super I, ? extends O> step,
            Function<? super I, ?> key) {
        Checks.notNull(key, "key");
        return new Builder<>(Checks.notNull(step, "step"), (input, context) -> key.apply(input));
    }

    /**
     * Starts building a cache whose key is computed from the input and the context;
     * {@link dev.tta.workflow.Workflows#cacheWithContext} is the usual entry point.
     *
     * @param step the step whose outputs are cached
     * @param key computes the cache key from an input and the cache's context; must not return null
     * @param <I> the input type
     * @param <O> the output type
     * @return the builder; {@link Builder#maximumSize(long)} is required
     * @throws IllegalArgumentException if the step or the key function is null
     */
    public static <I, O> Builder<I, O> builderWithContext(WorkflowPrimitive<? super I, ? extends O> step,
            BiFunction<? super I, WorkflowContext, ?> key) {
        return new Builder<>(Checks.notNull(step, "step"), Checks.notNull(key, "key"));
    }

    /**
     * The step whose outputs are cached.
     *
     * @return the step
     */
    public WorkflowPrimitive<? super I, ? extends O> step() {
        return step;
    }

    /**
     * Discards every cached output. Computations in flight still complete for the callers waiting on them, but their
     * outputs are not kept.
     */
    public void invalidateAll() {
        store.synchronous().invalidateAll();
    }

    /**
     * The approximate number of cached entries (computations in flight included): Caffeine evicts and expires
     * lazily, so the count may include entries about to go.
     *
     * @return the estimated size
     */
    public long estimatedSize() {
        return store.synchronous().estimatedSize();
    }

    /** Runs Caffeine's pending maintenance (eviction, expiry) now, on this thread; for deterministic tests. */
    void cleanUp() {
        store.synchronous().cleanUp();
    }

    @Override
    protected O run(I input, Invocation invocation) throws Exception {
        return lookUp(input, invocation);
    }

    private O lookUp(I input, Invocation invocation) throws Exception {
        Object key = keyFunction.apply(input, invocation.context());
        if (key == null) {
            throw new NullPointerException("The key function of cache '" + name()
                    + "' returned null; cache keys must not be null");
        }
        if (MISS.equals(invocation.recordedDecision(Decisions.CACHE))) {
            // A replay of a miss: the step runs (or its recorded outcome stands in) whatever this cache holds now.
            // A recorded hit never gets here: the replay substitutes the whole execution with its recorded output.
            record(invocation, MISS, missAttributes);
            return step.execute(input, invocation.context());
        }
        while (true) {
            CompletableFuture<Object> entry = store.getIfPresent(key); // a hit allocates nothing
            if (entry == null) {
                CompletableFuture<Object> mine = new CompletableFuture<>();
                entry = store.get(key, (k, executor) -> mine);
                if (entry == mine) {
                    record(invocation, MISS, missAttributes);
                    return compute(key, input, mine, invocation.context());
                }
            }
            Object outcome;
            try {
                outcome = entry.get();
            } catch (ExecutionException impossible) {
                // Entries are only ever completed normally (see compute); kept for safety.
                throw new IllegalStateException("cache entry failed unexpectedly", impossible.getCause());
            }
            if (outcome instanceof Failure failure && failure.error() instanceof InterruptedException) {
                continue; // the computing caller was interrupted, not this one: compute (or wait) again
            }
            record(invocation, HIT, hitAttributes);
            return unwrap(outcome);
        }
    }

    /**
     * Runs the step for a key this caller claimed, and completes the entry for the callers waiting on it.
     *
     * <p>The entry is only ever completed normally, with the output or a {@link Failure}: Caffeine logs every
     * exceptionally completed future at WARNING, which would log each step failure a second time. A failure is
     * taken out of the store before the entry completes, so no later request can see it.
     */
    private O compute(Object key, I input, CompletableFuture<Object> entry, WorkflowContext context)
            throws Exception {
        O output;
        try {
            output = step.execute(input, context);
        } catch (Throwable failure) {
            store.asMap().remove(key, entry);
            entry.complete(new Failure(failure));
            throw failure;
        }
        entry.complete(output); // Caffeine drops an entry completed with null
        return output;
    }

    @SuppressWarnings("unchecked") // an entry holds the step's output or a Failure
    private O unwrap(Object outcome) throws Exception {
        if (outcome instanceof Failure failure) {
            throw Failures.rethrowable(failure.error());
        }
        return (O) outcome;
    }

    private void record(Invocation invocation, String result, MetricAttributes attributes) {
        invocation.attribute(TelemetryNames.CACHE_RESULT, result);
        invocation.decided(Decisions.CACHE, result);
        REQUESTS.add(1, attributes.forWorkflow(invocation.workflowName()));
    }

    /** What a failed computation hands to the callers that waited for it. */
    private record Failure(Throwable error) {
    }

    /**
     * Configures a {@link Cache}. Not thread-safe; the cache it builds is.
     *
     * @param <I> the input type
     * @param <O> the output type
     */
    public static final class Builder<I, O> {

        private final WorkflowPrimitive<? super I, ? extends O> step;
        private final BiFunction<? super I, WorkflowContext, ?> keyFunction;
        private Duration ttl;
        private long maximumSize = -1;
        private LongSupplier ticker;
        private Executor executor;
        private String name = DEFAULT_NAME;

        private Builder(WorkflowPrimitive<? super I, ? extends O> step,
                BiFunction<? super I, WorkflowContext, ?> keyFunction) {
            this.step = step;
            this.keyFunction = keyFunction;
        }

        /**
         * Expires each output this long after it was computed. Without a TTL, outputs stay until evicted by size or
         * {@link Cache#invalidateAll()}.
         *
         * @param ttl the time to live; positive
         * @return this builder
         * @throws IllegalArgumentException if the duration is null, zero or negative
         */
        public Builder<I, O> ttl(Duration ttl) {
            this.ttl = Checks.positive(ttl, "ttl");
            return this;
        }

        /**
         * Bounds the number of entries; beyond it, Caffeine evicts the entries least likely to be used again. Required:
         * an unbounded cache in front of a step is a memory leak waiting for enough distinct inputs.
         *
         * @param maximumSize the maximum number of entries; at least 1
         * @return this builder
         * @throws IllegalArgumentException if the size is less than 1
         */
        public Builder<I, O> maximumSize(long maximumSize) {
            if (maximumSize < 1) {
                throw new IllegalArgumentException("maximumSize must be at least 1, was " + maximumSize);
            }
            this.maximumSize = maximumSize;
            return this;
        }

        /**
         * The clock that measures the TTL, in nanoseconds, like {@link System#nanoTime()} (the default). Tests pass a
         * fake one to expire entries without sleeping.
         *
         * @param ticker the time source, in nanoseconds; only differences between readings matter
         * @return this builder
         * @throws IllegalArgumentException if the ticker is null
         */
        public Builder<I, O> ticker(LongSupplier ticker) {
            this.ticker = Checks.notNull(ticker, "ticker");
            return this;
        }

        /**
         * Names the cache.
         *
         * @param name the name in spans, metrics and logs; low-cardinality
         * @return this builder
         * @throws IllegalArgumentException if the name is null or blank
         */
        public Builder<I, O> named(String name) {
            this.name = Checks.name(name);
            return this;
        }

        /** Where Caffeine runs its maintenance (eviction, expiry clean-up); {@code Runnable::run} in tests. */
        Builder<I, O> executor(Executor executor) {
            this.executor = Checks.notNull(executor, "executor");
            return this;
        }

        /**
         * Builds the cache, with an empty store of its own.
         *
         * @return the cache
         * @throws IllegalArgumentException if {@link #maximumSize(long)} was not set
         */
        public Cache<I, O> build() {
            if (maximumSize < 1) {
                throw new IllegalArgumentException("maximumSize must be set: an unbounded cache grows without limit");
            }
            return new Cache<>(this);
        }
    }
}
