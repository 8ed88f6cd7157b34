package dev.tta.workflow;

import static dev.tta.workflow.TestSteps.failing;
import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.spi.Decisions;
import dev.tta.workflow.spi.Execution;
import dev.tta.workflow.spi.ExecutionObserver;
import dev.tta.workflow.spi.ExecutionObservers;
import dev.tta.workflow.spi.RecordedOutcome;
import dev.tta.workflow.spi.ReplaySession;
import dev.tta.workflow.spi.Replays;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seams a replay module plugs into: every execution knows its parent and position, the built-in primitives
 * report each decision a replay must repeat, and in a replayed run they repeat the recorded one (without waiting out
 * a retry's delay or a timeout) and skip what a recorded outcome stands in for.
 */
class ReplaySeamTest {

    /** Decisions as observers see them: "name kind=value". */
    private static List<String> decisionsOf(Workflow run) throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        ExecutionObserver observer = new ExecutionObserver() {
            @Override
            public void onDecision(Execution execution, Object state, String kind, String value) {
                seen.add(execution.name() + " " + kind + "=" + value);
            }
        };
        try (ExecutionObservers.Registration registration = ExecutionObservers.register(observer)) {
            run.run();
        }
        return seen;
    }

    @FunctionalInterface
    private interface Workflow {
        void run() throws Exception;
    }

    @Test
    void theBuiltInPrimitivesReportTheirDecisions() throws Exception {
        var router = Workflows.router((String s) -> s.length() > 3 ? "long" : "short")
                .route("long", step("long", (String s) -> s)).route("short", step("short", (String s) -> s))
                .named("router").build();
        var flaky = new AtomicInteger();
        var retry = Workflows.retry(step("flaky", (String s) -> {
            if (flaky.incrementAndGet() < 2) {
                throw new IllegalStateException("once");
            }
            return s;
        })).maxAttempts(3).backoff(Backoff.fixed(Duration.ofMillis(1))).named("retry").build();
        var fallback = Workflows.fallback(failing("primary", new IOException("down")), step("backup", s -> s))
                .named("fallback");
        var cache = Workflows.cache(step("cached", (String s) -> s), s -> s).maximumSize(10).named("cache").build();
        var timeout = Workflows.timeout(TestSteps.sleeping("slow", 2_000), Duration.ofMillis(20)).named("timeout");
        var when = Workflows.when((String s) -> s.startsWith("a"), step("upper", (String s) -> s.toUpperCase()))
                .named("when");
        List<String> decisions = decisionsOf(() -> {
            router.execute("abcd", WorkflowContext.start("w"));
            retry.execute("x", WorkflowContext.start("w"));
            fallback.execute("x", WorkflowContext.start("w"));
            cache.execute("k", WorkflowContext.start("w"));
            cache.execute("k", WorkflowContext.start("w"));
            assertThrows(WorkflowTimeoutException.class, () -> timeout.execute("x", WorkflowContext.start("w")));
            when.execute("abc", WorkflowContext.start("w"));
        });
        assertEquals(List.of("router router.route=long", "retry retry.next=1000000", "fallback fallback.alternative=1",
                "cache cache.result=miss", "cache cache.result=hit", "timeout timeout.result=expired",
                "when conditional.branch=then"), decisions);
    }

    @Test
    void aFailedParallelBlockReportsWhichBranchesRanAndWhoseFailureCameFirst() throws Exception {
        var block = Workflows.<String, String>parallel(failing("a", new IOException("a failed")),
                step("b", (String s) -> s)).named("block");
        List<String> decisions = decisionsOf(() -> assertThrows(IOException.class,
                () -> block.execute("x", WorkflowContext.start("w"))));
        assertEquals(2, decisions.size(), decisions.toString());
        assertTrue(decisions.get(0).startsWith("block parallel.started="), decisions.toString());
        assertTrue(decisions.get(0).contains("0"), "the failing branch ran: " + decisions);
        assertEquals("block parallel.failed=0", decisions.get(1));
    }

    @Test
    void executionsKnowTheirParentAndTheirPlaceInIt() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        ExecutionObserver observer = new ExecutionObserver() {
            @Override
            public Object onStart(Execution execution) {
                Execution parent = execution.parent();
                seen.add(execution.name() + " in " + (parent == null ? "-" : parent.name()) + " at "
                        + execution.position() + " " + execution.positionIndex() + " state of parent "
                        + (parent == null ? "-" : parent.observerState(this)));
                return execution.name();
            }
        };
        var sequence = Workflows.sequence(step("first", (String s) -> s),
                Workflows.retry(step("second", (String s) -> s)).named("retry").build()).named("seq");
        try (ExecutionObservers.Registration registration = ExecutionObservers.register(observer)) {
            sequence.execute("x", WorkflowContext.start("w"));
        }
        assertEquals(List.of("seq in - at NONE -1 state of parent -", "first in seq at STEP 0 state of parent seq",
                "retry in seq at STEP 1 state of parent seq", "second in retry at ATTEMPT 0 state of parent retry"),
                seen);
    }

    /** A replay session that answers from maps: outcomes by name, decisions by "name kind #n". */
    private static final class Session implements ReplaySession {
        final Map<String, RecordedOutcome> outcomes = new HashMap<>();
        final Map<String, String> decisions = new HashMap<>();
        final List<String> started = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Object onStart(Execution execution) {
            started.add(execution.name());
            assertTrue(execution.replaying());
            return null;
        }

        @Override
        public RecordedOutcome substitute(Execution execution, Object state) {
            return outcomes.get(execution.name());
        }

        @Override
        public String decision(Execution execution, Object state, String kind, int occurrence) {
            return decisions.get(execution.name() + " " + kind + " #" + occurrence);
        }
    }

    @Test
    void aReplayedRouterTakesTheRecordedRouteAndAConditionalTheRecordedBranch() throws Exception {
        var router = Workflows.router((String s) -> "live")
                .route("live", step("live", (String s) -> "live"))
                .route("recorded", step("recorded", (String s) -> "recorded"))
                .named("router").build();
        var when = Workflows.when((String s) -> true, step("then", (String s) -> "then")).named("when");
        Session session = new Session();
        session.decisions.put("router " + Decisions.ROUTE + " #0", "recorded");
        session.decisions.put("when " + Decisions.BRANCH + " #0", Conditional.OTHERWISE);
        assertEquals("recorded", router.execute("x", Replays.start("w", session)));
        assertEquals("x", when.execute("x", Replays.start("w", session)));
    }

    @Test
    @Timeout(30) // a retry that waited out the recorded hour would never end
    void aReplayedRetryRepeatsTheRecordedDelaysWithoutWaiting() throws Exception {
        var attempts = new AtomicInteger();
        var retry = Workflows.retry(step("flaky", (String s) -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("again");
            }
            return s;
        })).maxAttempts(3).backoff(Backoff.fixed(Duration.ofMillis(5))).named("retry").build();
        Session session = new Session();
        session.decisions.put("retry " + Decisions.RETRY + " #0", Long.toString(Duration.ofHours(1).toNanos()));
        session.decisions.put("retry " + Decisions.RETRY + " #1", Long.toString(Duration.ofHours(1).toNanos()));
        assertEquals("x", retry.execute("x", Replays.start("w", session)));
        assertEquals(3, attempts.get());

        Session abandoned = new Session();
        abandoned.decisions.put("retry " + Decisions.RETRY + " #0", Decisions.ABANDONED);
        attempts.set(0);
        assertThrows(IllegalStateException.class, () -> retry.execute("x", Replays.start("w", abandoned)));
        assertEquals(1, attempts.get(), "the recorded run stopped after its first attempt");
    }

    @Test
    void aReplayedTimeoutExpiresWhereTheRecordedOneDidAndOnlyThere() throws Exception {
        var timeout = Workflows.timeout(step("quick", (String s) -> s), Duration.ofMillis(50)).named("timeout");
        Session expired = new Session();
        expired.decisions.put("timeout " + Decisions.TIMEOUT + " #0", Decisions.EXPIRED);
        WorkflowTimeoutException thrown = assertThrows(WorkflowTimeoutException.class,
                () -> timeout.execute("x", Replays.start("w", expired)));
        assertTrue(thrown.getMessage().contains("within its limit of 50 ms"), thrown.getMessage());
        assertTrue(expired.started.contains("quick"), "the step ran to its end first, as it had when recorded");

        var slow = Workflows.timeout(TestSteps.sleeping("slow", 100), Duration.ofMillis(1)).named("slow-timeout");
        Session inTime = new Session();
        inTime.decisions.put("slow-timeout " + Decisions.TIMEOUT + " #0", Decisions.IN_TIME);
        assertEquals("x", slow.execute("x", Replays.start("w", inTime)), "recorded in time: no timer in a replay");
    }

    @Test
    void aReplayedCacheMissRunsTheStepAndAPermittedCallRunsThroughAnOpenBreaker() throws Exception {
        var calls = new AtomicInteger();
        var cache = Workflows.cache(step("cached", (String s) -> s + calls.incrementAndGet()), s -> s)
                .maximumSize(10).named("cache").build();
        assertEquals("k1", cache.execute("k", WorkflowContext.start("w")));
        Session miss = new Session();
        miss.decisions.put("cache " + Decisions.CACHE + " #0", Decisions.MISS);
        assertEquals("k2", cache.execute("k", Replays.start("w", miss)), "a recorded miss runs the step again");

        var breaker = Workflows.circuitBreaker(failing("down", new IOException("down"))).minimumCalls(1)
                .slidingWindowSize(1).named("breaker").build();
        assertThrows(IOException.class, () -> breaker.execute("x", WorkflowContext.start("w")));
        assertThrows(CircuitOpenException.class, () -> breaker.execute("x", WorkflowContext.start("w")));
        Session permitted = new Session();
        permitted.decisions.put("breaker " + Decisions.CIRCUIT + " #0", Decisions.PERMITTED);
        assertThrows(IOException.class, () -> breaker.execute("x", Replays.start("w", permitted)),
                "the recorded call went through: the open breaker does not reject it in the replay");
    }

    @Test
    void aSubstitutedExecutionReturnsOrThrowsTheRecordedOutcomeWithoutRunning() throws Exception {
        var ran = new AtomicInteger();
        var sequence = Workflows.sequence(step("first", (String s) -> {
            ran.incrementAndGet();
            return s;
        }), step("second", (String s) -> s + "!")).named("seq");
        Session session = new Session();
        session.outcomes.put("first", RecordedOutcome.returned("recorded"));
        assertEquals("recorded!", sequence.execute("x", Replays.start("w", session)));
        assertEquals(0, ran.get());

        IOException recorded = new IOException("recorded failure");
        Session failing = new Session();
        failing.outcomes.put("seq", RecordedOutcome.threw(recorded));
        assertSame(recorded, assertThrows(IOException.class, () -> sequence.execute("x", Replays.start("w",
                failing))), "a composite stands in whole, the recorded failure thrown as it is");
        assertEquals(List.of("seq"), failing.started, "nothing inside it ran");
    }

    @Test
    void aReplayedParallelBlockRunsTheBranchesThatRanAndFailsWithTheFailureThatCameFirst() throws Exception {
        var ranB = new AtomicInteger();
        IOException second = new IOException("c failed");
        var block = Workflows.<String, String>parallel(failing("a", new IOException("a failed")),
                step("b", (String s) -> {
                    ranB.incrementAndGet();
                    return s;
                }), failing("c", second)).named("block");
        Session session = new Session();
        session.decisions.put("block " + Decisions.PARALLEL_STARTED + " #0", "0,2");
        session.decisions.put("block " + Decisions.PARALLEL_FAILED + " #0", "2");
        assertSame(second, assertThrows(IOException.class, () -> block.execute("x", Replays.start("w", session))));
        assertEquals(0, ranB.get(), "branch 1 had not started when the recorded block failed");
    }

    @Test
    void aReplayedRunsSpansSayItIsAReplayAndWhatWasSubstituted() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            var sequence = Workflows.sequence(step("first", (String s) -> s), step("second", (String s) -> s))
                    .named("seq");
            Session session = new Session();
            session.outcomes.put("first", RecordedOutcome.returned("recorded"));
            sequence.execute("x", Replays.start("w", session));
            for (SpanData span : telemetry.spans()) {
                assertEquals(Boolean.TRUE, span.getAttributes().get(TelemetryNames.REPLAY), span.getName());
            }
            assertEquals(Boolean.TRUE, telemetry.span("first").getAttributes()
                    .get(TelemetryNames.REPLAY_SUBSTITUTED));
            assertNull(telemetry.span("second").getAttributes().get(TelemetryNames.REPLAY_SUBSTITUTED));
            sequence.execute("x", WorkflowContext.start("w"));
            assertFalse(telemetry.spans().stream().filter(span -> span.getName().equals("seq"))
                    .allMatch(span -> Boolean.TRUE.equals(span.getAttributes().get(TelemetryNames.REPLAY))),
                    "a live run's spans are not marked");
        }
    }

    @Test
    void aSessionThatThrowsIsReportedAndTheExecutionRunsLive() throws Exception {
        ReplaySession broken = new ReplaySession() {
            @Override
            public RecordedOutcome substitute(Execution execution, Object state) {
                throw new IllegalStateException("broken session");
            }

            @Override
            public String decision(Execution execution, Object state, String kind, int occurrence) {
                throw new IllegalStateException("broken session");
            }
        };
        var router = Workflows.router((String s) -> "only").route("only", step("only", (String s) -> s + "?"))
                .named("router").build();
        assertEquals("x?", router.execute("x", Replays.start("w", broken)));
        assertInstanceOf(NullPointerException.class, assertThrows(NullPointerException.class,
                () -> Replays.start("w", null)));
    }
}
