package dev.tta.workflow.test;

import static dev.tta.workflow.test.WorkflowAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.slo.SloStatus;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each test's statistics, objectives and SDK are its own; the process-wide ones are left alone. */
@ExtendWith(WorkflowTelemetryExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IsolationTest {

    private static final ServiceLevelObjective AVAILABILITY = ServiceLevelObjective.availability(0.9);

    private static final WorkflowPrimitive<Boolean, Boolean> GUARDED = FakeSteps.withSlos("guarded",
            (Boolean fail, WorkflowContext context) -> {
                if (fail) {
                    throw new IllegalStateException("declined");
                }
                return fail;
            }, AVAILABILITY);

    private ExecutorService pool;

    @BeforeEach
    void startPool(TestTelemetry telemetry) {
        pool = Executors.newFixedThreadPool(2);
        assertTrue(telemetry.capturesLogs());
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }

    /** Run three times in one JVM: each repetition sees its own three events, never the previous ones. */
    @RepeatedTest(3)
    @Order(1)
    void objectiveTrackersStartEmptyInEveryTest(TestTelemetry telemetry) throws Exception {
        GUARDED.execute(false, WorkflowContext.start("guard"));
        GUARDED.execute(false, WorkflowContext.start("guard"));
        assertThrows(IllegalStateException.class, () -> GUARDED.execute(true, WorkflowContext.start("guard")));

        SloStatus status = WorkflowTelemetry.sloStatus("guarded", AVAILABILITY.name());
        assertEquals(2, status.good());
        assertEquals(3, status.total());
        assertThat(telemetry).hasTraceCount(3).metrics().hasSloEvents("guarded", AVAILABILITY.name(), 2, 1);
        assertEquals(3, WorkflowTelemetry.latency("guarded").count());
        assertEquals(1, WorkflowTelemetry.report().primitives().size(), "this test's report only");
        assertThat(telemetry).logs().hasEvent("primitive.failed", "guarded");
    }

    @Test
    @Order(2)
    void anObjectiveDeclaredInATest(TestTelemetry telemetry) throws Exception {
        WorkflowTelemetry.declareSlo("declared-here", ServiceLevelObjective.latency(0.99, Duration.ofSeconds(1)));
        FakeSteps.step("declared-here").execute("x", WorkflowContext.start("declared"));
        assertEquals(1, WorkflowTelemetry.sloStatus("declared-here", "latency-1000ms").total());
        assertThat(telemetry).metrics().hasSloEvents("declared-here", "latency-1000ms", 1, 0);
    }

    @Test
    @Order(3)
    void staysInThatTest() {
        assertThrows(IllegalArgumentException.class,
                () -> WorkflowTelemetry.sloStatus("declared-here", "latency-1000ms"));
        assertTrue(WorkflowTelemetry.report().primitives().isEmpty(), "nothing ran in this test yet");
    }

    @Test
    void workHandedToThreadsStaysInTheTest(TestTelemetry telemetry) throws Exception {
        // A step that hands work to a pool of its own through the context, and a run started on a test thread.
        WorkflowPrimitive<String, String> handsOff = FakeSteps.step("handsOff", (String input, WorkflowContext ctx) -> {
            var done = new java.util.concurrent.CompletableFuture<String>();
            ctx.wrap(pool).execute(() -> {
                try {
                    done.complete(FakeSteps.<String>step("onPool").execute(input, ctx));
                } catch (Exception failure) {
                    done.completeExceptionally(failure);
                }
            });
            return done.get(5, TimeUnit.SECONDS);
        });
        var finished = new java.util.concurrent.CompletableFuture<Void>();
        pool.execute(telemetry.wrap(() -> {
            try {
                Workflows.sequence(handsOff, FakeSteps.step("after")).named("hop")
                        .execute("x", WorkflowContext.start("hop"));
                finished.complete(null);
            } catch (Exception failure) {
                finished.completeExceptionally(failure);
            }
        }));
        finished.get(5, TimeUnit.SECONDS);

        assertThat(telemetry).hasTree("hop(handsOff(onPool), after)").hasMetricsMatchingTrace().logsCarryTraceId();
    }

    @Test
    void runsStartedOutsideTheTestsScopeAreNotItsOwn(TestTelemetry telemetry) throws Exception {
        try (TestTelemetry other = TestTelemetry.open(); Scope ignored = other.makeCurrent()) {
            FakeSteps.step("elsewhere").execute("x", WorkflowContext.start("elsewhere"));
            assertEquals(1, other.spans().size());
            assertEquals(1, WorkflowTelemetry.latency("elsewhere").count());
        }
        assertTrue(telemetry.spans().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> WorkflowTelemetry.latency("elsewhere"));
        assertThat(telemetry).metrics().hasNoMetric("workflow.primitive.duration");
    }

    @Test
    void theGlobalOpenTelemetryIsNeverSet(TestTelemetry telemetry) throws Exception {
        FakeSteps.step("local").execute("x", WorkflowContext.start("local"));
        assertFalse(GlobalOpenTelemetry.getOrNoop() == telemetry.openTelemetry());
        assertEquals(telemetry, TestTelemetry.current());
    }
}
