package dev.tta.workflow;

import static dev.tta.workflow.TestSteps.failing;
import static dev.tta.workflow.TestSteps.step;
import static dev.tta.workflow.BackoffTest.assertMessage;
import static dev.tta.workflow.BackoffTest.fixedDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetryTest {

    private TelemetryFixture telemetry;

    @BeforeEach
    void installSdk() {
        telemetry = TelemetryFixture.install();
    }

    @AfterEach
    void uninstall() {
        telemetry.close();
    }

    /** Fails with the given exceptions in turn, then returns "ok"; counts its calls. */
    private static WorkflowPrimitive<String, String> flaky(String name, AtomicInteger calls, Exception... failures) {
        return step(name, (String input, WorkflowContext context) -> {
            int call = calls.incrementAndGet();
            if (call <= failures.length) {
                throw failures[call - 1];
            }
            return "ok";
        });
    }

    @Test
    void retriesUntilAnAttemptSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Retry<String, String> retry = Workflows.retry(
                flaky("r.flaky", calls, new IOException("one"), new IOException("two")), 3, Backoff.none());

        assertEquals("ok", retry.execute("x", WorkflowContext.start("r")));
        assertEquals(3, calls.get());
        assertEquals(Retry.DEFAULT_NAME, retry.name());
        assertEquals(3, retry.maxAttempts());
        assertEquals(Backoff.none(), retry.backoff());
        assertEquals("r.flaky", retry.step().name());
        assertEquals(1, counted(Retry.DEFAULT_NAME, TelemetryNames.OUTCOME_SUCCESS));
        assertEquals(2, counted(Retry.DEFAULT_NAME, TelemetryNames.OUTCOME_RETRIED));
        assertEquals(0, counted(Retry.DEFAULT_NAME, TelemetryNames.OUTCOME_FAILURE));
    }

    @Test
    void aFirstAttemptThatSucceedsAddsOnlyTheRetrysSpan() throws Exception {
        Retry<String, String> retry = Workflows.retry(step("r1.echo", (String s) -> s)).named("r1").build();

        assertEquals("x", retry.execute("x", WorkflowContext.start("r1")));

        List<SpanData> spans = telemetry.spans();
        assertEquals(2, spans.size(), "the retry's span and the step's, no span per attempt: " + spans);
        SpanData retrySpan = telemetry.span("r1");
        SpanData stepSpan = telemetry.span("r1.echo");
        assertEquals(retrySpan.getSpanId(), stepSpan.getParentSpanId());
        assertEquals(1L, stepSpan.getAttributes().get(TelemetryNames.RETRY_ATTEMPT));
        assertNull(retrySpan.getAttributes().get(TelemetryNames.RETRY_ATTEMPT));
        assertTrue(events(retrySpan, TelemetryNames.RETRY_SCHEDULED_EVENT).isEmpty());
        assertEquals(1, counted("r1", TelemetryNames.OUTCOME_SUCCESS));
    }

    @Test
    void eachAttemptIsARunOfTheStepUnderTheRetryNumberedOnTheStepsSpan() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Workflows.retry(flaky("rs.flaky", calls, new IOException("one")))
                .backoff(Backoff.fixed(Duration.ofMillis(1)))
                .named("rs")
                .build()
                .execute("x", WorkflowContext.start("rs"));

        SpanData retrySpan = telemetry.span("rs");
        assertEquals(TelemetryNames.TYPE_RETRY, retrySpan.getAttributes().get(TelemetryNames.PRIMITIVE_TYPE));
        assertEquals(StatusCode.UNSET, retrySpan.getStatus().getStatusCode());
        assertEquals(3, telemetry.spans().size(), "the retry's span and one per run of the step");
        List<SpanData> attempts = attemptsOf(retrySpan);
        assertEquals(2, attempts.size());
        for (int i = 0; i < 2; i++) {
            SpanData attempt = attempts.get(i);
            assertEquals("rs.flaky", attempt.getName());
            assertEquals(i + 1L, attempt.getAttributes().get(TelemetryNames.RETRY_ATTEMPT));
            assertEquals(retrySpan.getSpanId(), attempt.getParentSpanId());
            assertEquals(retrySpan.getTraceId(), attempt.getTraceId());
        }
        assertEquals(StatusCode.ERROR, attempts.get(0).getStatus().getStatusCode());
        assertEquals(IOException.class.getName(), attempts.get(0).getAttributes().get(TelemetryNames.ERROR_TYPE));
        assertEquals(StatusCode.UNSET, attempts.get(1).getStatus().getStatusCode());
        assertEquals(1, counted("rs", TelemetryNames.OUTCOME_RETRIED));
        assertEquals(1, counted("rs", TelemetryNames.OUTCOME_SUCCESS));

        List<EventData> scheduled = events(retrySpan, TelemetryNames.RETRY_SCHEDULED_EVENT);
        assertEquals(1, scheduled.size());
        assertEquals(1L, scheduled.get(0).getAttributes().get(TelemetryNames.RETRY_DELAY_MS));
        assertEquals(2L, scheduled.get(0).getAttributes().get(TelemetryNames.RETRY_ATTEMPT), "the next attempt");
    }

    @Test
    void aStepWithoutASpanOfItsOwnIsRetriedUnderTheRetrysSpan() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<WorkflowContext.Position> positions = new ArrayList<>();
        WorkflowPrimitive<String, String> plain = new WorkflowPrimitive<>() {
            @Override
            public String execute(String input, WorkflowContext context) throws Exception {
                positions.add(context.position());
                assertEquals(calls.get(), context.positionIndex(), "the zero-based attempt");
                if (calls.incrementAndGet() == 1) {
                    throw new IOException("once");
                }
                return "ok";
            }
        };

        assertEquals("ok", Workflows.retry(plain, 3, Backoff.none()).named("rplain")
                .execute("x", WorkflowContext.start("rplain")));

        assertEquals(List.of(WorkflowContext.Position.ATTEMPT, WorkflowContext.Position.ATTEMPT), positions);
        assertEquals(List.of("rplain"), telemetry.spans().stream().map(SpanData::getName)
                .collect(Collectors.toList()));
        assertEquals(1, events(telemetry.span("rplain"), TelemetryNames.RETRY_SCHEDULED_EVENT).size());
    }

    @Test
    void theFinalFailureIsTheLastExceptionWithTheEarlierOnesSuppressed() {
        IOException first = new IOException("first");
        IOException second = new IOException("second");
        IllegalStateException last = new IllegalStateException("last");
        AtomicInteger calls = new AtomicInteger();
        Retry<String, String> retry = Workflows.retry(flaky("rf.flaky", calls, first, second, last), 3,
                Backoff.none());

        Exception thrown = assertThrows(Exception.class, () -> retry.execute("x", WorkflowContext.start("rf")));

        assertSame(last, thrown, "the last exception itself, not a wrapper");
        assertArrayEquals(new Throwable[] {first, second}, thrown.getSuppressed());
        assertEquals(3, calls.get());
        SpanData retrySpan = telemetry.span(Retry.DEFAULT_NAME);
        assertEquals(StatusCode.ERROR, retrySpan.getStatus().getStatusCode());
        assertEquals(IllegalStateException.class.getName(), retrySpan.getAttributes().get(TelemetryNames.ERROR_TYPE));
        SpanData lastAttempt = attemptsOf(retrySpan).get(2);
        assertEquals(3L, lastAttempt.getAttributes().get(TelemetryNames.RETRY_ATTEMPT));
        assertEquals(IllegalStateException.class.getName(), lastAttempt.getAttributes().get(TelemetryNames.ERROR_TYPE));
        assertEquals(2, counted(Retry.DEFAULT_NAME, TelemetryNames.OUTCOME_RETRIED));
        assertEquals(1, counted(Retry.DEFAULT_NAME, TelemetryNames.OUTCOME_FAILURE));
    }

    @Test
    void oneSharedExceptionInstanceIsNeverSuppressedIntoItself() throws Exception {
        IOException shared = new IOException("always the same instance");
        Retry<String, String> retry = Workflows.retry(failing("rx.same", shared), 3, Backoff.none());
        for (int run = 0; run < 2; run++) {
            assertSame(shared, assertThrows(IOException.class, () -> retry.execute("x", WorkflowContext.start("rx"))));
        }
        assertEquals(0, shared.getSuppressed().length);

        IOException other = new IOException("other");
        AtomicInteger calls = new AtomicInteger();
        WorkflowPrimitive<String, String> alternating = step("rx.alt", (String s, WorkflowContext c) -> {
            throw calls.incrementAndGet() % 2 == 1 ? other : shared;
        });
        Retry<String, String> alternatingRetry = Workflows.retry(alternating, 4, Backoff.none());
        assertSame(shared, assertThrows(IOException.class,
                () -> alternatingRetry.execute("x", WorkflowContext.start("rx"))));
        assertArrayEquals(new Throwable[] {other}, shared.getSuppressed(),
                "other, shared, other, shared: each earlier failure once, never the final one itself");
    }

    @Test
    void theExceptionPredicateDecidesWhatIsRetried() {
        AtomicInteger calls = new AtomicInteger();
        IllegalArgumentException badInput = new IllegalArgumentException("bad input");
        Retry<String, String> retry = Workflows.retry(flaky("rp.flaky", calls, badInput))
                .retryOn(e -> e instanceof IOException)
                .backoff(Backoff.none())
                .named("rp")
                .build();

        assertSame(badInput, assertThrows(Exception.class, () -> retry.execute("x", WorkflowContext.start("rp"))));
        assertEquals(1, calls.get(), "not retried");
        assertEquals(1, counted("rp", TelemetryNames.OUTCOME_FAILURE));
    }

    @Test
    void interruptedExceptionsAndErrorsAreNotRetriedByDefault() {
        AtomicInteger calls = new AtomicInteger();
        InterruptedException cancelled = new InterruptedException("cancelled");
        assertSame(cancelled, assertThrows(InterruptedException.class,
                () -> Workflows.retry(flaky("ri.int", calls, cancelled), 5, Backoff.none())
                        .execute("x", WorkflowContext.start("ri"))));
        assertEquals(1, calls.get());

        IOException transientFailure = new IOException("transient");
        AssertionError bug = new AssertionError("bug");
        AtomicInteger errorCalls = new AtomicInteger();
        WorkflowPrimitive<String, String> ioThenError = step("ri.err", (String s, WorkflowContext c) -> {
            if (errorCalls.incrementAndGet() == 1) {
                throw transientFailure;
            }
            throw bug;
        });
        AssertionError thrown = assertThrows(AssertionError.class, () -> Workflows.retry(ioThenError)
                .retryOn(e -> true).backoff(Backoff.none()).maxAttempts(5).build()
                .execute("x", WorkflowContext.start("ri")));
        assertSame(bug, thrown);
        assertEquals(2, errorCalls.get(), "the error ended the retry at once");
        assertArrayEquals(new Throwable[] {transientFailure}, thrown.getSuppressed());
    }

    @Test
    void resultsMatchingTheResultPredicateAreRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WorkflowPrimitive<String, String> emptyTwice = step("rr.empty", (String s) ->
                calls.incrementAndGet() < 3 ? "" : "answer");
        Retry<String, String> retry = Workflows.retry(emptyTwice).retryOnResult(String::isEmpty)
                .backoff(Backoff.none()).named("rr").build();

        assertEquals("answer", retry.execute("x", WorkflowContext.start("rr")));
        assertEquals(3, calls.get());
        List<SpanData> attempts = attemptsOf(telemetry.span("rr"));
        assertEquals(StatusCode.UNSET, attempts.get(0).getStatus().getStatusCode(), "a retried result is no error");
        assertEquals(2, counted("rr", TelemetryNames.OUTCOME_RETRIED));
    }

    @Test
    void whenResultsKeepMatchingTheLastResultIsReturned() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WorkflowPrimitive<String, Integer> counting = step("rl.count", (String s) -> calls.incrementAndGet());
        Retry<String, Integer> retry = Retry.<String, Integer>builder(counting).retryOnResult(n -> n > 0)
                .maxAttempts(3).backoff(Backoff.none()).named("rl").build();

        assertEquals(3, retry.execute("x", WorkflowContext.start("rl")));
        assertEquals(2, counted("rl", TelemetryNames.OUTCOME_RETRIED));
        assertEquals(1, counted("rl", TelemetryNames.OUTCOME_SUCCESS));
        assertEquals(StatusCode.UNSET, telemetry.span("rl").getStatus().getStatusCode());
    }

    @Test
    void oneAttemptMeansNoRetry() {
        AtomicInteger calls = new AtomicInteger();
        IOException once = new IOException("once");
        assertSame(once, assertThrows(IOException.class, () -> Workflows.retry(flaky("r1.once", calls, once))
                .maxAttempts(1).build().execute("x", WorkflowContext.start("r1"))));
        assertEquals(1, calls.get());
        assertTrue(events(telemetry.span(Retry.DEFAULT_NAME), TelemetryNames.RETRY_SCHEDULED_EVENT).isEmpty());
    }

    @Test
    void theRetryWaitsAsItsBackoffSays() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Workflows.retry(flaky("rb.flaky", calls, new IOException("1"), new IOException("2"), new IOException("3")))
                .maxAttempts(4)
                .backoff(Backoff.exponential(Duration.ofMillis(1), 2.0, Duration.ofMillis(3)))
                .named("rb")
                .build()
                .execute("x", WorkflowContext.start("rb"));

        assertEquals(List.of(1L, 2L, 3L), delaysOf(telemetry.span("rb")), "1 ms, doubled, capped at 3 ms");
    }

    @Test
    void anInjectedGeneratorMakesTheJitterReproducible() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Workflows.retry(flaky("rj.flaky", calls, new IOException("1"), new IOException("2")))
                .backoff(Backoff.fixed(Duration.ofMillis(4)).withJitter(0.5))
                .random(fixedDouble(0.0))
                .named("rj")
                .build()
                .execute("x", WorkflowContext.start("rj"));
        assertEquals(List.of(2L, 2L), delaysOf(telemetry.span("rj")), "4 ms - 50 %, each time");

        // A seeded generator that is not thread-safe, shared by concurrent executions: used under a lock.
        Backoff jittered = Backoff.fixed(Duration.ofMillis(2)).withJitter(1.0);
        WorkflowPrimitive<String, String> down = failing("rj.fail", new IOException("no"));
        Retry<String, String> shared = Workflows.retry(down)
                .backoff(jittered).random(new SplittableRandom(1)).maxAttempts(3).named("rj.shared").build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Throwable>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> assertThrows(IOException.class,
                        () -> shared.execute("x", WorkflowContext.start("rj")))));
            }
            for (Future<Throwable> run : runs) {
                run.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(16, counted("rj.shared", TelemetryNames.OUTCOME_RETRIED));
        assertEquals(8, counted("rj.shared", TelemetryNames.OUTCOME_FAILURE));
    }

    @Test
    void manyAttemptsAreNumberedToo() {
        Retry<String, String> many = Workflows.retry(failing("rm.fail", new IOException("no")), 20, Backoff.none());
        assertThrows(IOException.class, () -> many.execute("x", WorkflowContext.start("rm")));
        List<SpanData> attempts = attemptsOf(telemetry.span(Retry.DEFAULT_NAME));
        assertEquals(20, attempts.size());
        assertEquals(20L, attempts.get(19).getAttributes().get(TelemetryNames.RETRY_ATTEMPT));
    }

    @Test
    void sleepingBetweenAttemptsIsInterruptible() throws Exception {
        CountDownLatch firstAttemptFailed = new CountDownLatch(1);
        IOException failure = new IOException("down");
        WorkflowPrimitive<String, String> down = step("rsl.down", (String s, WorkflowContext c) -> {
            firstAttemptFailed.countDown();
            throw failure;
        });
        Retry<String, String> retry = Workflows.retry(down, 3, Backoff.fixed(Duration.ofMinutes(10)));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicReference<Boolean> flagAfterwards = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                retry.execute("x", WorkflowContext.start("rsl"));
            } catch (Throwable t) {
                outcome.set(t);
                flagAfterwards.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        assertTrue(firstAttemptFailed.await(20, TimeUnit.SECONDS));
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(20));
        assertFalse(caller.isAlive(), "the interrupt ended a ten-minute sleep");

        Throwable thrown = outcome.get();
        assertTrue(thrown instanceof InterruptedException, String.valueOf(thrown));
        assertArrayEquals(new Throwable[] {failure}, thrown.getSuppressed(), "the failure so far is kept");
        assertTrue(flagAfterwards.get(), "the interrupt flag is set again");
        SpanData retrySpan = telemetry.span(Retry.DEFAULT_NAME);
        assertEquals(StatusCode.ERROR, retrySpan.getStatus().getStatusCode());
        assertEquals(InterruptedException.class.getName(), retrySpan.getAttributes().get(TelemetryNames.ERROR_TYPE));
    }

    @Test
    void anInterruptIsNoticedEvenWithoutABackoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WorkflowPrimitive<String, String> selfInterrupting = step("rz.self", (String s, WorkflowContext c) -> {
            calls.incrementAndGet();
            Thread.currentThread().interrupt();
            throw new IOException("down");
        });
        try {
            assertThrows(InterruptedException.class, () -> Workflows.retry(selfInterrupting, 5, Backoff.none())
                    .execute("x", WorkflowContext.start("rz")));
            assertEquals(1, calls.get());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aDeadlineShorterThanTheNextDelayStopsRetrying() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        IOException first = new IOException("first");
        Retry<String, String> retry = Workflows.retry(flaky("rd.flaky", calls, first), 3,
                Backoff.fixed(Duration.ofHours(1)));
        WorkflowContext withDeadline = WorkflowContext.start("rd").withTimeLimit(Duration.ofSeconds(30));

        assertSame(first, assertThrows(IOException.class, () -> retry.execute("x", withDeadline)),
                "thrown at once rather than after an hour");
        assertEquals(1, calls.get());
        SpanData retrySpan = telemetry.span(Retry.DEFAULT_NAME);
        assertTrue(events(retrySpan, TelemetryNames.RETRY_SCHEDULED_EVENT).isEmpty());
        EventData abandoned = events(retrySpan, Retry.ABANDONED_EVENT).get(0);
        assertEquals(3_600_000L, abandoned.getAttributes().get(TelemetryNames.RETRY_DELAY_MS));
        long remaining = abandoned.getAttributes().get(Retry.REMAINING_MS);
        assertTrue(remaining <= 30_000 && remaining > 0, "remaining " + remaining);
        assertEquals(1, attemptsOf(retrySpan).size());
        assertEquals(1, counted(Retry.DEFAULT_NAME, TelemetryNames.OUTCOME_FAILURE));

        // With the deadline already gone, even an immediate retry is pointless; a retried result is returned.
        AtomicInteger results = new AtomicInteger();
        Retry<String, Integer> onResult = Workflows.retry(step("rd.count", (String s) -> results.incrementAndGet()))
                .retryOnResult(n -> true).backoff(Backoff.none()).named("rd.result").build();
        assertEquals(1, onResult.execute("x", WorkflowContext.start("rd").withTimeLimit(Duration.ZERO)));
        assertEquals(0L, events(telemetry.span("rd.result"), Retry.ABANDONED_EVENT).get(0).getAttributes()
                .get(Retry.REMAINING_MS));
    }

    @Test
    void aThrowingPredicateEndsTheRetryWithItsException() {
        IllegalStateException predicateBug = new IllegalStateException("predicate bug");
        WorkflowPrimitive<String, String> down = failing("rpb.fail", new IOException("no"));
        Retry<String, String> retry = Workflows.retry(down)
                .retryOn(e -> {
                    throw predicateBug;
                })
                .named("rpb")
                .build();
        assertSame(predicateBug, assertThrows(IllegalStateException.class,
                () -> retry.execute("x", WorkflowContext.start("rpb"))));
        assertEquals(1, attemptsOf(telemetry.span("rpb")).size(), "the step's span ended");
        assertEquals(1, counted("rpb", TelemetryNames.OUTCOME_FAILURE));
    }

    @Test
    void defaultsAndRenaming() throws Exception {
        Retry<String, String> retry = Workflows.retry(step("rn.echo", (String s) -> s)).build();
        assertEquals(Retry.DEFAULT_MAX_ATTEMPTS, retry.maxAttempts());
        assertEquals(Retry.DEFAULT_BACKOFF, retry.backoff());
        Retry<String, String> renamed = retry.named("renamed");
        assertEquals("renamed", renamed.name());
        assertEquals(Retry.DEFAULT_NAME, retry.name(), "the original keeps its name");
        assertEquals("x", renamed.execute("x", WorkflowContext.start("rn")));
        assertEquals("renamed", renamed.toString());
        assertEquals(1, counted("renamed", TelemetryNames.OUTCOME_SUCCESS));
    }

    @Test
    void badConfigurationNamesTheParameter() {
        WorkflowPrimitive<String, String> echo = step("rc.echo", (String s) -> s);
        assertMessage("step must not be null", () -> Workflows.retry(null));
        assertMessage("step must not be null", () -> Workflows.retry(null, 3, Backoff.none()));
        assertMessage("maxAttempts must be at least 1, was 0", () -> Workflows.retry(echo, 0, Backoff.none()));
        assertMessage("backoff must not be null", () -> Workflows.retry(echo, 3, null));
        assertMessage("maxAttempts must be at least 1, was -1", () -> Workflows.retry(echo).maxAttempts(-1));
        assertMessage("backoff must not be null", () -> Workflows.retry(echo).backoff(null));
        assertMessage("retryOn must not be null", () -> Workflows.retry(echo).retryOn(null));
        assertMessage("retryOnResult must not be null", () -> Workflows.retry(echo).retryOnResult(null));
        assertMessage("random must not be null", () -> Workflows.retry(echo).random(null));
        assertMessage("name must not be null or blank", () -> Workflows.retry(echo).named(" "));
        assertMessage("name must not be null or blank", () -> Workflows.retry(echo).build().named(null));
    }

    private List<SpanData> attemptsOf(SpanData retrySpan) {
        return telemetry.childrenOf(retrySpan).stream()
                .sorted(Comparator.comparing(s -> s.getAttributes().get(TelemetryNames.RETRY_ATTEMPT)))
                .collect(Collectors.toList());
    }

    private static List<EventData> events(SpanData span, String name) {
        return span.getEvents().stream().filter(e -> e.getName().equals(name)).collect(Collectors.toList());
    }

    private static List<Long> delaysOf(SpanData retrySpan) {
        return events(retrySpan, TelemetryNames.RETRY_SCHEDULED_EVENT).stream()
                .map(e -> e.getAttributes().get(TelemetryNames.RETRY_DELAY_MS)).collect(Collectors.toList());
    }

    /** The attempts counter's value for exactly these attributes: name, outcome and workflow.name, nothing else. */
    private long counted(String name, String outcome) {
        Attributes expected = Attributes.of(TelemetryNames.PRIMITIVE_NAME, name, TelemetryNames.OUTCOME, outcome);
        return telemetry.metric(TelemetryNames.RETRY_ATTEMPTS_METRIC)
                .map(metric -> metric.getLongSumData().getPoints().stream()
                        .filter(point -> expected.equals(TelemetryFixture.withoutWorkflowName(point.getAttributes())))
                        .mapToLong(LongPointData::getValue).sum())
                .orElse(0L);
    }

    @Test
    void aNullResultCanBeRetriedAndReturned() throws Exception {
        Retry<String, String> retry = Workflows.retry(step("rnull.none", (String s) -> (String) null))
                .retryOnResult(r -> r == null).backoff(Backoff.none()).maxAttempts(2).named("rnull").build();
        assertNull(retry.execute("x", WorkflowContext.start("rnull")));
        assertEquals(2, attemptsOf(telemetry.span("rnull")).size());
    }
}
