package dev.tta.workflow;

import static dev.tta.workflow.TestSteps.step;
import static dev.tta.workflow.BackoffTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.CircuitBreaker.State;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Driven by a fake clock: no test here waits for real time to pass. */
class CircuitBreakerTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private TelemetryFixture telemetry;
    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    /** What the step does next: null succeeds, an exception is thrown. */
    private final AtomicReference<Exception> next = new AtomicReference<>();
    private final AtomicInteger runs = new AtomicInteger();
    private ListAppender<ILoggingEvent> logs;
    private Logger breakerLogger;
    private Level previousLevel;

    @BeforeEach
    void setUp() {
        telemetry = TelemetryFixture.install();
        breakerLogger = (Logger) LoggerFactory.getLogger(CircuitBreaker.class);
        previousLevel = breakerLogger.getLevel();
        breakerLogger.setLevel(Level.INFO);
        logs = new ListAppender<>();
        logs.start();
        breakerLogger.addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        breakerLogger.detachAppender(logs);
        breakerLogger.setLevel(previousLevel);
        telemetry.close();
    }

    private final WorkflowPrimitive<String, String> controlled = step("cb.step", (String input, WorkflowContext c) -> {
        runs.incrementAndGet();
        Exception failure = next.get();
        if (failure != null) {
            throw failure;
        }
        return input;
    });

    private CircuitBreaker.Builder<String, String> breaker(String name) {
        return Workflows.circuitBreaker(controlled).named(name).clock(clock::get);
    }

    private void succeed(CircuitBreaker<String, String> breaker) throws Exception {
        next.set(null);
        assertEquals("x", breaker.execute("x", WorkflowContext.start("cb")));
    }

    private void fail(CircuitBreaker<String, String> breaker) {
        IOException failure = new IOException("down");
        next.set(failure);
        assertSame(failure, assertThrows(IOException.class, () -> breaker.execute("x", WorkflowContext.start("cb"))));
    }

    private CircuitOpenException rejected(CircuitBreaker<String, String> breaker) {
        int before = runs.get();
        CircuitOpenException rejection = assertThrows(CircuitOpenException.class,
                () -> breaker.execute("x", WorkflowContext.start("cb")));
        assertEquals(before, runs.get(), "a rejected call never runs the step");
        return rejection;
    }

    @Test
    void opensOnTheFailureRateRejectsThenRecoversThroughHalfOpen() throws Exception {
        CircuitBreaker<String, String> breaker = breaker("cb.cycle").slidingWindowSize(4).minimumCalls(4)
                .failureRateThreshold(0.5).openDuration(Duration.ofSeconds(10)).halfOpenCalls(2).build();
        assertEquals(State.CLOSED, breaker.state());

        fail(breaker);
        succeed(breaker);
        succeed(breaker);
        assertEquals(State.CLOSED, breaker.state(), "1 failure in 3 calls: below the minimum calls anyway");
        fail(breaker);
        assertEquals(State.OPEN, breaker.state(), "2 failures in the last 4 calls reach 50 %");

        CircuitOpenException rejection = rejected(breaker);
        assertEquals("cb.cycle", rejection.primitiveName());
        assertEquals(Duration.ofSeconds(10), rejection.timeUntilHalfOpen());
        assertEquals("circuit breaker 'cb.cycle' is open (opened because 2 of the last 4 calls failed (50.0 %, threshold "
                + "50.0 %)); it turns half-open in 10000 ms", rejection.getMessage());
        clock.addAndGet(4 * SECOND);
        assertEquals(Duration.ofSeconds(6), rejected(breaker).timeUntilHalfOpen());
        assertEquals(State.OPEN, breaker.state());

        clock.addAndGet(6 * SECOND);
        assertEquals(State.OPEN, breaker.state(), "no timer: still open until a call arrives");
        succeed(breaker);
        assertEquals(State.HALF_OPEN, breaker.state(), "one of two trial calls succeeded");
        succeed(breaker);
        assertEquals(State.CLOSED, breaker.state(), "both trial calls succeeded");

        fail(breaker);
        fail(breaker);
        fail(breaker);
        assertEquals(State.CLOSED, breaker.state(), "the window was reset: 3 calls are below the minimum of 4");

        assertEquals(List.of("closed->open", "open->half_open", "half_open->closed"), transitionsLogged());
    }

    @Test
    void aFailedTrialCallOpensTheCircuitAgainForAFullOpenDuration() throws Exception {
        CircuitBreaker<String, String> breaker = breaker("cb.reopen").slidingWindowSize(2).minimumCalls(1)
                .failureRateThreshold(1.0).openDuration(Duration.ofSeconds(5)).halfOpenCalls(3).build();
        fail(breaker);
        assertEquals(State.OPEN, breaker.state());
        clock.addAndGet(5 * SECOND);
        succeed(breaker);
        assertEquals(State.HALF_OPEN, breaker.state());
        clock.addAndGet(SECOND);
        fail(breaker);
        assertEquals(State.OPEN, breaker.state());
        assertEquals(Duration.ofSeconds(5), rejected(breaker).timeUntilHalfOpen(), "the open duration restarted");

        List<SpanData> calls = spansOf("cb.reopen");
        assertEquals(List.of("closed", "half_open", "half_open", "open"), calls.stream()
                .map(s -> s.getAttributes().get(TelemetryNames.CIRCUIT_STATE)).collect(Collectors.toList()),
                "each span names the state its call was admitted or rejected in");
        assertEquals(List.of("closed->open", "open->half_open", "half_open->open"), transitionsLogged());
        assertEquals(List.of("open<-closed"), changes(calls.get(0)), "the call that tripped the breaker");
        assertEquals(List.of("half_open<-open"), changes(calls.get(1)), "the call that found it ready for trials");
        assertEquals(List.of("open<-half_open"), changes(calls.get(2)), "the failed trial");
        assertEquals(List.of(), changes(calls.get(3)));
        SpanData rejectedSpan = calls.get(3);
        assertEquals(StatusCode.ERROR, rejectedSpan.getStatus().getStatusCode());
        assertEquals(CircuitOpenException.class.getName(), rejectedSpan.getAttributes().get(TelemetryNames.ERROR_TYPE));
        assertEquals(TelemetryNames.TYPE_CIRCUIT_BREAKER,
                rejectedSpan.getAttributes().get(TelemetryNames.PRIMITIVE_TYPE));
        assertTrue(telemetry.childrenOf(rejectedSpan).isEmpty(), "no step span under a rejected call");
        assertEquals(1, telemetry.childrenOf(calls.get(0)).size(), "the step's span under an admitted call");
    }

    @Test
    void aHalfOpenCircuitRejectsCallsBeyondItsTrialCalls() throws Exception {
        CountDownLatch trialStarted = new CountDownLatch(1);
        CountDownLatch releaseTrial = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        WorkflowPrimitive<String, String> firstFailsThenWaits = step("cbh.step", (String s, WorkflowContext c) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("down");
            }
            trialStarted.countDown();
            releaseTrial.await(20, TimeUnit.SECONDS);
            return s;
        });
        CircuitBreaker<String, String> breaker = Workflows.circuitBreaker(firstFailsThenWaits).named("cb.half")
                .slidingWindowSize(1).openDuration(Duration.ofSeconds(1)).halfOpenCalls(1).clock(clock::get).build();
        assertThrows(IOException.class, () -> breaker.execute("x", WorkflowContext.start("cbh")));
        clock.addAndGet(SECOND);

        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<String> trial = other.submit(() -> breaker.execute("trial", WorkflowContext.start("cbh")));
            assertTrue(trialStarted.await(20, TimeUnit.SECONDS));
            CircuitOpenException rejection = assertThrows(CircuitOpenException.class,
                    () -> breaker.execute("x", WorkflowContext.start("cbh")));
            assertEquals(Duration.ZERO, rejection.timeUntilHalfOpen());
            assertEquals("circuit breaker 'cb.half' is half-open and its 1 trial call is in flight; calls are "
                    + "rejected until they complete (opened because 1 of the last 1 calls failed (100.0 %, threshold "
                    + "50.0 %))", rejection.getMessage());
            releaseTrial.countDown();
            assertEquals("trial", trial.get(20, TimeUnit.SECONDS));
            assertEquals(State.CLOSED, breaker.state());
        } finally {
            releaseTrial.countDown();
            other.shutdownNow();
        }
        assertEquals(2, calls.get(), "the rejected call never ran");
    }

    @Test
    void theOutcomeOfACallAdmittedBeforeAStateChangeIsIgnored() throws Exception {
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        IOException slowFailure = new IOException("slow failure");
        WorkflowPrimitive<String, String> mixed = step("cbs.step", (String s, WorkflowContext c) -> {
            switch (s) {
                case "slow":
                    slowStarted.countDown();
                    releaseSlow.await(20, TimeUnit.SECONDS);
                    throw slowFailure;
                case "fail":
                    throw new IOException("fast failure");
                default:
                    return s;
            }
        });
        CircuitBreaker<String, String> breaker = Workflows.circuitBreaker(mixed).named("cb.stale")
                .slidingWindowSize(2).minimumCalls(1).failureRateThreshold(0.5).openDuration(Duration.ofSeconds(1))
                .halfOpenCalls(2).clock(clock::get).build();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<String> slow = other.submit(() -> breaker.execute("slow", WorkflowContext.start("cbs")));
            assertTrue(slowStarted.await(20, TimeUnit.SECONDS));
            assertThrows(IOException.class, () -> breaker.execute("fail", WorkflowContext.start("cbs")));
            assertEquals(State.OPEN, breaker.state());
            clock.addAndGet(SECOND);
            assertEquals("ok", breaker.execute("ok", WorkflowContext.start("cbs")));
            assertEquals(State.HALF_OPEN, breaker.state());

            releaseSlow.countDown();
            Exception slowOutcome = assertThrows(Exception.class, () -> slow.get(20, TimeUnit.SECONDS));
            assertSame(slowFailure, slowOutcome.getCause());
            assertEquals(State.HALF_OPEN, breaker.state(),
                    "a failure of a call admitted while closed does not fail the half-open trials");
            assertEquals("ok", breaker.execute("ok", WorkflowContext.start("cbs")));
            assertEquals(State.CLOSED, breaker.state());
        } finally {
            releaseSlow.countDown();
            other.shutdownNow();
        }
    }

    @Test
    void theGaugeIsOneForTheCurrentStateAndZeroForTheOthers() throws Exception {
        CircuitBreaker<String, String> breaker = breaker("cb.gauge").slidingWindowSize(1)
                .openDuration(Duration.ofSeconds(1)).halfOpenCalls(2).build();
        succeed(breaker);
        assertEquals(Map.of("closed", 1L, "open", 0L, "half_open", 0L), gauge("cb.gauge"));
        fail(breaker);
        assertEquals(Map.of("closed", 0L, "open", 1L, "half_open", 0L), gauge("cb.gauge"));
        clock.addAndGet(SECOND);
        succeed(breaker);
        assertEquals(Map.of("closed", 0L, "open", 0L, "half_open", 1L), gauge("cb.gauge"));
    }

    @Test
    void breakersThatAreNoLongerReferencedLeaveTheGauge() throws Exception {
        WeakReference<CircuitBreaker<String, String>> dropped = buildAndUse("cb.dropped");
        assertEquals(1L, gauge("cb.dropped").get("closed"));
        for (int i = 0; i < 50 && dropped.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(dropped.get(), "the registry does not keep breakers alive");
        assertTrue(gauge("cb.dropped").isEmpty(), "a collected breaker is not reported");
        int before = CircuitBreaker.trackedBreakers();
        breaker("cb.after").build(); // registering purges references already cleared
        assertTrue(CircuitBreaker.trackedBreakers() <= before + 1);
    }

    private WeakReference<CircuitBreaker<String, String>> buildAndUse(String name) throws Exception {
        CircuitBreaker<String, String> breaker = breaker(name).build();
        succeed(breaker);
        return new WeakReference<>(breaker);
    }

    @Test
    void onlyExceptionsMatchingThePredicateCountAsFailures() throws Exception {
        CircuitBreaker<String, String> breaker = breaker("cb.predicate").slidingWindowSize(2).minimumCalls(1)
                .recordFailure(e -> !(e instanceof IllegalArgumentException)).build();
        IllegalArgumentException badInput = new IllegalArgumentException("bad input");
        next.set(badInput);
        for (int i = 0; i < 5; i++) {
            assertSame(badInput, assertThrows(IllegalArgumentException.class,
                    () -> breaker.execute("x", WorkflowContext.start("cb"))));
        }
        assertEquals(State.CLOSED, breaker.state(), "rejected input is no sign of a failing dependency");
        fail(breaker);
        assertEquals(State.OPEN, breaker.state());
    }

    @Test
    void errorsAndThrowingPredicatesCountAsFailures() {
        AssertionError bug = new AssertionError("bug");
        WorkflowPrimitive<String, String> throwsBug = step("cbe.step", (String s) -> {
            throw bug;
        });
        CircuitBreaker<String, String> erring = Workflows.circuitBreaker(throwsBug).named("cb.error")
                .slidingWindowSize(1).clock(clock::get).build();
        assertSame(bug, assertThrows(AssertionError.class, () -> erring.execute("x", WorkflowContext.start("cb"))));
        assertEquals(State.OPEN, erring.state());

        IllegalStateException predicateBug = new IllegalStateException("predicate bug");
        CircuitBreaker<String, String> throwing = breaker("cb.throwing").slidingWindowSize(1)
                .recordFailure(e -> {
                    throw predicateBug;
                }).build();
        next.set(new IOException("down"));
        assertSame(predicateBug, assertThrows(IllegalStateException.class,
                () -> throwing.execute("x", WorkflowContext.start("cb"))));
        assertEquals(State.OPEN, throwing.state());
    }

    @Test
    void defaultsAndRenaming() throws Exception {
        CircuitBreaker<String, String> defaults = Workflows.circuitBreaker(controlled).build();
        assertEquals(CircuitBreaker.DEFAULT_NAME, defaults.name());
        assertSame(controlled, defaults.step());
        for (int i = 0; i < CircuitBreaker.DEFAULT_MINIMUM_CALLS - 1; i++) {
            fail(defaults);
        }
        assertEquals(State.CLOSED, defaults.state(), "below the default minimum of calls");
        fail(defaults);
        assertEquals(State.OPEN, defaults.state());

        CircuitBreaker<String, String> renamed = defaults.named("cb.renamed");
        assertEquals("cb.renamed", renamed.name());
        assertEquals(State.CLOSED, renamed.state(), "a renamed breaker is a separate circuit");
        assertEquals(CircuitBreaker.DEFAULT_NAME, defaults.name());

        CircuitBreaker<String, String> small = breaker("cb.small").slidingWindowSize(2).build();
        fail(small);
        assertEquals(State.CLOSED, small.state());
        fail(small);
        assertEquals(State.OPEN, small.state(), "the default minimum of calls is capped by a smaller window");

        assertEquals("half_open", State.HALF_OPEN.value());
        assertEquals(3, State.values().length);
    }

    @Test
    void badConfigurationNamesTheParameter() {
        assertMessage("step must not be null", () -> Workflows.circuitBreaker(null));
        for (double threshold : new double[] {0.0, -0.5, 1.01, Double.NaN}) {
            assertMessage("failureRateThreshold must be greater than 0.0 and at most 1.0, was " + threshold,
                    () -> breaker("b").failureRateThreshold(threshold));
        }
        assertMessage("slidingWindowSize must be at least 1, was 0", () -> breaker("b").slidingWindowSize(0));
        assertMessage("minimumCalls must be at least 1, was 0", () -> breaker("b").minimumCalls(0));
        assertMessage("minimumCalls must be between 1 and slidingWindowSize (5), was 6",
                () -> breaker("b").slidingWindowSize(5).minimumCalls(6).build());
        assertMessage("openDuration must not be null", () -> breaker("b").openDuration(null));
        assertMessage("openDuration must be positive, was PT0S", () -> breaker("b").openDuration(Duration.ZERO));
        assertMessage("halfOpenCalls must be at least 1, was 0", () -> breaker("b").halfOpenCalls(0));
        assertMessage("recordFailure must not be null", () -> breaker("b").recordFailure(null));
        assertMessage("clock must not be null", () -> breaker("b").clock(null));
        assertMessage("name must not be null or blank", () -> breaker("b").named(null));
        assertMessage("name must not be null or blank", () -> breaker("b").build().named(" "));
    }

    /** The breaker's spans in start order. */
    private List<SpanData> spansOf(String name) {
        return telemetry.spans().stream().filter(s -> s.getName().equals(name))
                .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
                .collect(Collectors.toList());
    }

    /** State-change events of a span, as "to&lt;-from". */
    private static List<String> changes(SpanData span) {
        return span.getEvents().stream().filter(e -> e.getName().equals(CircuitBreaker.STATE_CHANGED_EVENT))
                .map(EventData::getAttributes)
                .map(a -> a.get(TelemetryNames.CIRCUIT_STATE) + "<-" + a.get(CircuitBreaker.PREVIOUS_STATE))
                .collect(Collectors.toList());
    }

    /** The logged transitions as "from->to", checking the message and key-values of each line. */
    private List<String> transitionsLogged() {
        return logs.list.stream().filter(e -> e.getFormattedMessage().equals("circuit.state_changed"))
                .peek(e -> assertEquals(Level.INFO, e.getLevel()))
                .map(e -> keyValue(e, "from") + "->" + keyValue(e, "to"))
                .collect(Collectors.toList());
    }

    private static Object keyValue(ILoggingEvent event, String key) {
        return event.getKeyValuePairs().stream().filter(kv -> kv.key.equals(key)).map(kv -> kv.value)
                .findFirst().orElse(null);
    }

    /** The gauge's points for one breaker name, by state. */
    private Map<String, Long> gauge(String name) {
        return telemetry.metric(TelemetryNames.CIRCUIT_STATE_METRIC)
                .map(metric -> metric.getLongGaugeData().getPoints().stream()
                        .filter(p -> name.equals(p.getAttributes().get(TelemetryNames.PRIMITIVE_NAME)))
                        .peek(p -> assertEquals(2, p.getAttributes().size(), "only name and state"))
                        .collect(Collectors.toMap(p -> p.getAttributes().get(TelemetryNames.CIRCUIT_STATE),
                                LongPointData::getValue)))
                .orElse(Map.of());
    }

    @Test
    void logLinesNameTheBreaker() throws Exception {
        CircuitBreaker<String, String> breaker = breaker("cb.log").slidingWindowSize(1).build();
        fail(breaker);
        ILoggingEvent line = logs.list.stream().filter(e -> e.getFormattedMessage().equals("circuit.state_changed"))
                .findFirst().orElseThrow();
        assertEquals("cb.log", keyValue(line, "primitive"));
        assertEquals(Attributes.of(TelemetryNames.CIRCUIT_STATE, "open", CircuitBreaker.PREVIOUS_STATE, "closed"),
                spansOf("cb.log").get(0).getEvents().stream()
                        .filter(e -> e.getName().equals(CircuitBreaker.STATE_CHANGED_EVENT))
                        .findFirst().orElseThrow().getAttributes());
    }
}
