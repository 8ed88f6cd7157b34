package dev.tta.workflow;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CacheTest {

    private static final long TIMEOUT_SECONDS = 30;

    private TelemetryFixture telemetry;
    private final AtomicInteger computations = new AtomicInteger();
    private ExecutorService pool;
    /** The threads of {@link #pool}. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    @BeforeEach
    void installSdk() {
        telemetry = TelemetryFixture.install();
    }

    @AfterEach
    void uninstall() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        telemetry.close();
    }

    /** Upper-cases its input and counts how often it ran. */
    private WorkflowPrimitive<String, String> upper() {
        return step("cache.upper", (String input) -> {
            computations.incrementAndGet();
            return input.toUpperCase(Locale.ROOT);
        });
    }

    @Test
    void secondRequestForAKeyIsAHitAndDoesNotRunTheStep() throws Exception {
        Cache<String, String> cache = Workflows.cache(upper(), (String s) -> s).maximumSize(10).build();

        assertEquals("ABC", cache.execute("abc", WorkflowContext.start("c")));
        assertEquals("ABC", cache.execute("abc", WorkflowContext.start("c")));

        assertEquals(1, computations.get());
        List<SpanData> spans = cacheSpans(Cache.DEFAULT_NAME);
        assertEquals(List.of(Cache.MISS, Cache.HIT),
                spans.stream().map(s -> s.getAttributes().get(TelemetryNames.CACHE_RESULT)).toList());
        assertEquals(TelemetryNames.TYPE_CACHE, spans.get(0).getAttributes().get(TelemetryNames.PRIMITIVE_TYPE));
        assertEquals(List.of("cache.upper"), telemetry.childrenOf(spans.get(0)).stream().map(SpanData::getName)
                .toList(), "the step's span nests under the span of the request that computed it");
        assertTrue(telemetry.childrenOf(spans.get(1)).isEmpty());
        assertEquals(Map.of(Cache.MISS, 1L, Cache.HIT, 1L), requests(Cache.DEFAULT_NAME));
        assertEquals(1, cache.estimatedSize());
    }

    @Test
    void theKeyFunctionDecidesWhichInputsShareAnEntry() throws Exception {
        Cache<String, String> cache = Workflows.cache(upper(), (String s) -> s.toLowerCase(Locale.ROOT))
                .maximumSize(10).named("case-insensitive").build();

        assertEquals("ABC", cache.execute("abc", WorkflowContext.start("c")));
        assertEquals("ABC", cache.execute("ABC", WorkflowContext.start("c")));
        assertEquals("XYZ", cache.execute("xyz", WorkflowContext.start("c")));

        assertEquals(2, computations.get());
        assertEquals(Map.of(Cache.MISS, 2L, Cache.HIT, 1L), requests("case-insensitive"));
        assertEquals("case-insensitive", cache.name());
    }

    @Test
    void entriesExpireAfterTheTtlOnTheInjectedTicker() throws Exception {
        AtomicLong nanos = new AtomicLong(1_000);
        Cache<String, String> cache = Workflows.cache(upper(), (String s) -> s)
                .ttl(Duration.ofMinutes(5))
                .maximumSize(10)
                .ticker(nanos::get)
                .build();

        cache.execute("a", WorkflowContext.start("c"));
        nanos.addAndGet(Duration.ofMinutes(5).minusNanos(1).toNanos());
        cache.execute("a", WorkflowContext.start("c"));
        assertEquals(1, computations.get(), "still fresh one nanosecond before the TTL");

        nanos.addAndGet(1);
        cache.execute("a", WorkflowContext.start("c"));
        assertEquals(2, computations.get(), "expired at the TTL: computed again");
        nanos.addAndGet(Duration.ofMinutes(4).toNanos());
        cache.execute("a", WorkflowContext.start("c"));
        assertEquals(2, computations.get(), "the TTL counts from the new computation");
        assertEquals(Map.of(Cache.MISS, 2L, Cache.HIT, 2L), requests(Cache.DEFAULT_NAME));
    }

    @Test
    void maximumSizeEvictsEntries() throws Exception {
        Cache<String, String> cache = Workflows.cache(upper(), (String s) -> s).maximumSize(2)
                .executor(Runnable::run).build();

        for (String key : List.of("a", "b", "c", "d")) {
            cache.execute(key, WorkflowContext.start("c"));
        }
        cache.cleanUp();

        assertEquals(2, cache.estimatedSize());
        for (String key : List.of("a", "b", "c", "d")) {
            cache.execute(key, WorkflowContext.start("c"));
        }
        assertTrue(computations.get() > 4, "evicted keys are computed again");
        cache.cleanUp();
        assertTrue(cache.estimatedSize() <= 2);
    }

    @Test
    void concurrentMissesForOneKeyComputeOnceAndTheWaitersCountAsHits() throws Exception {
        int callers = 8;
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WorkflowPrimitive<String, String> slow = step("cache.slow", (String input, WorkflowContext context) -> {
            computations.incrementAndGet();
            computing.countDown();
            await(release);
            return input.toUpperCase(Locale.ROOT);
        });
        Cache<String, String> cache = Workflows.cache(slow, (String s) -> s).maximumSize(10).named("slow").build();

        List<Future<String>> results = runConcurrently(callers, () -> cache.execute("k", WorkflowContext.start("c")));
        assertTrue(computing.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        awaitWaiters(callers - 1);
        release.countDown();

        for (Future<String> result : results) {
            assertEquals("K", result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        assertEquals(1, computations.get(), "one computation for all the concurrent misses");
        assertEquals(Map.of(Cache.MISS, 1L, Cache.HIT, (long) callers - 1), requests("slow"));
        List<SpanData> spans = cacheSpans("slow");
        assertEquals(callers, spans.size());
        long withStep = spans.stream().filter(s -> !telemetry.childrenOf(s).isEmpty()).count();
        assertEquals(1, withStep, "only the computing caller's span has the step under it");
    }

    @Test
    void waitersOfAFailedComputationGetTheSameExceptionAndTheFailureIsNotCached() throws Exception {
        int callers = 5;
        IllegalStateException unavailable = new IllegalStateException("unavailable");
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WorkflowPrimitive<String, String> flaky = step("cache.flaky", (String input, WorkflowContext context) -> {
            if (computations.incrementAndGet() == 1) {
                computing.countDown();
                await(release);
                throw unavailable;
            }
            return input.toUpperCase(Locale.ROOT);
        });
        Cache<String, String> cache = Workflows.cache(flaky, (String s) -> s).maximumSize(10).named("flaky").build();

        List<Future<String>> results = runConcurrently(callers, () -> cache.execute("k", WorkflowContext.start("c")));
        assertTrue(computing.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        awaitWaiters(callers - 1);
        release.countDown();

        for (Future<String> result : results) {
            Exception thrown = assertThrows(Exception.class, () -> result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            assertSame(unavailable, thrown.getCause(), "every caller of that computation gets the same exception");
        }
        cacheSpans("flaky").forEach(span -> assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode()));
        assertEquals(0, cache.estimatedSize(), "the failure was not cached");

        assertEquals("K", cache.execute("k", WorkflowContext.start("c")), "the next request computes again");
        assertEquals(2, computations.get());
        assertEquals(Map.of(Cache.MISS, 2L, Cache.HIT, (long) callers - 1), requests("flaky"));
    }

    @Test
    void waitersOfAnInterruptedComputationComputeThemselvesInsteadOfInheritingTheInterrupt() throws Exception {
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InterruptedException interrupted = new InterruptedException("first caller cancelled");
        WorkflowPrimitive<String, String> step = step("cache.interruptible", (String input, WorkflowContext c) -> {
            if (computations.incrementAndGet() == 1) {
                computing.countDown();
                await(release);
                throw interrupted;
            }
            return "computed by a waiter";
        });
        Cache<String, String> cache = Workflows.cache(step, (String s) -> s).maximumSize(10).build();

        List<Future<String>> results = runConcurrently(2, () -> cache.execute("k", WorkflowContext.start("c")));
        assertTrue(computing.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        awaitWaiters(1);
        release.countDown();

        List<Object> outcomes = new ArrayList<>();
        for (Future<String> result : results) {
            try {
                outcomes.add(result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException failed) {
                outcomes.add(failed.getCause());
            }
        }
        assertTrue(outcomes.contains(interrupted), "the interrupted caller gets its own exception");
        assertTrue(outcomes.contains("computed by a waiter"), "the waiter computed again: " + outcomes);
        assertEquals(2, computations.get());
        assertEquals(Map.of(Cache.MISS, 2L), requests(Cache.DEFAULT_NAME));
    }

    @Test
    void anInterruptedWaiterStopsWaiting() throws Exception {
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WorkflowPrimitive<String, String> slow = step("cache.slow", (String input, WorkflowContext context) -> {
            computing.countDown();
            await(release);
            return input;
        });
        Cache<String, String> cache = Workflows.cache(slow, (String s) -> s).maximumSize(10).build();
        startPool(2);
        Future<String> computer = pool.submit(() -> cache.execute("k", WorkflowContext.start("c")));
        assertTrue(computing.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        Future<String> waiter = pool.submit(() -> cache.execute("k", WorkflowContext.start("c")));
        awaitWaiters(1);

        waiter.cancel(true);
        awaitSpans(Cache.DEFAULT_NAME, 1); // the waiter gave up while the computation is still running
        release.countDown();

        assertEquals("k", computer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        pool.shutdown();
        assertTrue(pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        List<String> errors = cacheSpans(Cache.DEFAULT_NAME).stream()
                .map(span -> span.getAttributes().get(TelemetryNames.ERROR_TYPE)).toList();
        assertTrue(errors.contains(InterruptedException.class.getName()), "the waiter stopped: " + errors);
        assertTrue(errors.contains(null), "the computing caller succeeded: " + errors);
    }

    @Test
    void nullOutputsAreReturnedButNotCached() throws Exception {
        WorkflowPrimitive<String, String> nothing = step("cache.nothing", (String input) -> {
            computations.incrementAndGet();
            return null;
        });
        Cache<String, String> cache = Workflows.cache(nothing, (String s) -> s).maximumSize(10).build();

        assertNull(cache.execute("a", WorkflowContext.start("c")));
        assertNull(cache.execute("a", WorkflowContext.start("c")));

        assertEquals(2, computations.get());
        assertEquals(0, cache.estimatedSize());
    }

    @Test
    void errorsAreNotCachedEither() throws Exception {
        AssertionError bug = new AssertionError("bug");
        WorkflowPrimitive<String, String> crashing = step("cache.crash", (String input) -> {
            if (computations.incrementAndGet() == 1) {
                throw bug;
            }
            return input;
        });
        Cache<String, String> cache = Workflows.cache(crashing, (String s) -> s).maximumSize(10).build();

        assertSame(bug, assertThrows(AssertionError.class, () -> cache.execute("a", WorkflowContext.start("c"))));
        assertEquals("a", cache.execute("a", WorkflowContext.start("c")));
        assertEquals(2, computations.get());
    }

    @Test
    void nullKeyFailsWithAMessageNamingTheCache() {
        Cache<String, String> cache = Workflows.cache(upper(), (String s) -> null).maximumSize(10)
                .named("quotes").build();

        NullPointerException thrown = assertThrows(NullPointerException.class,
                () -> cache.execute("a", WorkflowContext.start("c")));

        assertEquals("The key function of cache 'quotes' returned null; cache keys must not be null",
                thrown.getMessage());
        assertEquals(StatusCode.ERROR, telemetry.span("quotes").getStatus().getStatusCode());
        assertEquals(0, computations.get());
        assertTrue(requests("quotes").isEmpty(), "neither a hit nor a miss");
    }

    @Test
    void throwingKeyFunctionFailsTheCacheWithTheSameException() {
        IllegalArgumentException bad = new IllegalArgumentException("no key");
        Cache<String, String> cache = Workflows.cache(upper(), (String s) -> {
            throw bad;
        }).maximumSize(10).build();

        assertSame(bad, assertThrows(IllegalArgumentException.class,
                () -> cache.execute("a", WorkflowContext.start("c"))));
    }

    @Test
    void invalidateAllEmptiesTheStore() throws Exception {
        WorkflowPrimitive<String, String> upper = upper();
        Cache<String, String> cache = Workflows.cache(upper, (String s) -> s).maximumSize(10).build();
        cache.execute("a", WorkflowContext.start("c"));
        cache.execute("b", WorkflowContext.start("c"));
        assertEquals(2, cache.estimatedSize());

        cache.invalidateAll();

        assertEquals(0, cache.estimatedSize());
        cache.execute("a", WorkflowContext.start("c"));
        assertEquals(3, computations.get());
        assertSame(upper, cache.step());
    }

    @Test
    void eachCacheHasItsOwnStore() throws Exception {
        Cache.Builder<String, String> builder = Workflows.cache(upper(), (String s) -> s).maximumSize(10);
        Cache<String, String> first = builder.build();
        Cache<String, String> second = builder.build();

        first.execute("a", WorkflowContext.start("c"));
        second.execute("a", WorkflowContext.start("c"));

        assertEquals(2, computations.get());
        assertNotSame(first, second);
    }

    @Test
    void badConfigurationNamesTheParameter() {
        WorkflowPrimitive<String, String> step = upper();
        assertMessage("step must not be null", () -> Workflows.cache(null, (String s) -> s));
        assertMessage("key must not be null", () -> Workflows.cache(step, null));
        assertMessage("ttl must not be null", () -> Workflows.cache(step, (String s) -> s).ttl(null));
        assertMessage("ttl must be positive, was PT0S",
                () -> Workflows.cache(step, (String s) -> s).ttl(Duration.ZERO));
        assertMessage("ttl must be positive, was PT-1S",
                () -> Workflows.cache(step, (String s) -> s).ttl(Duration.ofSeconds(-1)));
        assertMessage("maximumSize must be at least 1, was 0",
                () -> Workflows.cache(step, (String s) -> s).maximumSize(0));
        assertMessage("maximumSize must be set: an unbounded cache grows without limit",
                () -> Workflows.cache(step, (String s) -> s).ttl(Duration.ofSeconds(1)).build());
        assertMessage("ticker must not be null", () -> Workflows.cache(step, (String s) -> s).ticker(null));
        assertMessage("executor must not be null", () -> Workflows.cache(step, (String s) -> s).executor(null));
        assertMessage("name must not be null or blank", () -> Workflows.cache(step, (String s) -> s).named(""));
    }

    private static void assertMessage(String expected, Executable executable) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }

    private interface Call {
        String call() throws Exception;
    }

    /** Starts {@code count} callers at once, each on its own thread. */
    private List<Future<String>> runConcurrently(int count, Call call) {
        startPool(count);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(() -> {
                await(start);
                return call.call();
            }));
        }
        start.countDown();
        return futures;
    }

    private void startPool(int size) {
        pool = Executors.newFixedThreadPool(size, runnable -> {
            Thread thread = new Thread(runnable, "cache-test-" + threads.size());
            threads.add(thread);
            return thread;
        });
    }

    /**
     * Waits until {@code count} threads are parked waiting on another caller's computation: only then is the test
     * sure that they take the in-flight path rather than arriving after the computation ended.
     */
    private void awaitWaiters(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() - deadline < 0) {
            long waiting = threads.stream().filter(CacheTest::isWaitingOnAFuture).count();
            if (waiting >= count) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("fewer than " + count + " callers ended up waiting");
    }

    private void awaitSpans(String name, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (cacheSpans(name).size() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("fewer than " + count + " spans named " + name + " ended");
            }
            Thread.sleep(5);
        }
    }

    private static boolean isWaitingOnAFuture(Thread thread) {
        Object blocker = LockSupport.getBlocker(thread);
        return blocker != null && blocker.getClass().getName().startsWith("java.util.concurrent.CompletableFuture")
                && Thread.State.WAITING.equals(thread.getState());
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("latch never released");
        }
    }

    private List<SpanData> cacheSpans(String name) {
        return telemetry.spans().stream().filter(span -> span.getName().equals(name)).toList();
    }

    private Map<String, Long> requests(String cache) {
        List<LongPointData> points = telemetry.metric(TelemetryNames.CACHE_REQUESTS_METRIC)
                .map(metric -> List.copyOf(metric.getLongSumData().getPoints()))
                .orElse(List.of());
        return points.stream()
                .filter(point -> cache.equals(point.getAttributes().get(TelemetryNames.PRIMITIVE_NAME)))
                .peek(point -> assertEquals(Attributes.of(TelemetryNames.PRIMITIVE_NAME, cache,
                        TelemetryNames.CACHE_RESULT, point.getAttributes().get(TelemetryNames.CACHE_RESULT),
                        TelemetryNames.WORKFLOW_NAME, "c"), point.getAttributes(), "name, cache.result, workflow"))
                .collect(Collectors.toMap(point -> point.getAttributes().get(TelemetryNames.CACHE_RESULT),
                        LongPointData::getValue));
    }
}
