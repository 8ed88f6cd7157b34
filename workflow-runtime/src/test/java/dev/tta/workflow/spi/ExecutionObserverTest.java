package dev.tta.workflow.spi;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.Backoff;
import dev.tta.workflow.TelemetryFixture;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registered observers see every execution, built-in or generated, with its input, output or failure. */
class ExecutionObserverTest {

    private TelemetryFixture telemetry;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void install() {
        telemetry = TelemetryFixture.install();
    }

    @AfterEach
    void uninstall() {
        telemetry.close();
    }

    /** Logs each start and end, and checks that the state returned at the start comes back at the end. */
    private final class Recording implements ExecutionObserver {
        @Override
        public Object onStart(Execution execution) {
            events.add("start " + execution.name() + " in=" + execution.input());
            assertTrue(execution.span().getSpanContext().isValid(), "inside the execution's span");
            return execution.name();
        }

        @Override
        public void onEnd(Execution execution, Object state) {
            assertEquals(execution.name(), state, "the start's state comes back");
            assertTrue(execution.durationNanos() >= 0, "the duration is known at the end");
            events.add("end " + execution.name() + " out=" + execution.output()
                    + (execution.failure() == null ? "" : " failed=" + execution.failure().getMessage())
                    + " workflow=" + execution.workflowName() + " type=" + execution.type());
        }
    }

    @Test
    void observersSeeInputsOutputsAndFailuresOfStepsAndComposites() throws Exception {
        WorkflowPrimitive<String, String> upper = step("obs.upper", (String input) -> input.toUpperCase());
        WorkflowPrimitive<String, Integer> length = step("obs.length", String::length);
        var workflow = upper.then(length).named("obs.sequence");

        try (ExecutionObservers.Registration ignored = ExecutionObservers.register(new Recording())) {
            assertEquals(2, workflow.execute("ab", WorkflowContext.start("observed")));
        }

        assertEquals(List.of(
                "start obs.sequence in=ab",
                "start obs.upper in=ab",
                "end obs.upper out=AB workflow=observed type=" + TelemetryNames.TYPE_STEP,
                "start obs.length in=AB",
                "end obs.length out=2 workflow=observed type=" + TelemetryNames.TYPE_STEP,
                "end obs.sequence out=2 workflow=observed type=" + TelemetryNames.TYPE_SEQUENTIAL), events);
    }

    @Test
    void aFailureIsSeenAndTheStepsOwnExceptionStillPropagates() {
        IllegalStateException own = new IllegalStateException("declined");
        WorkflowPrimitive<String, String> step = step("obs.failing", (String input, WorkflowContext context) -> {
            throw own;
        });
        WorkflowPrimitive<String, String> failing = Workflows.<String, String>retry(step, 1, Backoff.none())
                .named("obs.retry");

        try (ExecutionObservers.Registration ignored = ExecutionObservers.register(new Recording())) {
            assertSame(own, assertThrows(IllegalStateException.class,
                    () -> failing.execute("x", WorkflowContext.start("observed"))));
        }

        assertEquals("end obs.failing out=null failed=declined workflow=observed type=step", events.get(2));
        assertEquals("end obs.retry out=null failed=declined workflow=observed type=retry", events.get(3));
    }

    @Test
    void afterItsRegistrationClosesAnObserverSeesNothingAndExecutionsKeepNoInput() throws Exception {
        WorkflowPrimitive<String, String> echo = step("obs.echo", (String input) -> input);
        ExecutionObservers.Registration registration = ExecutionObservers.register(new Recording());
        registration.close();
        registration.close(); // twice is harmless

        Invocation invocation = PrimitiveTelemetry.forStep("obs.direct", getClass())
                .begin(WorkflowContext.start("observed"), "kept?");
        assertNull(invocation.input(), "without observers nothing is kept");
        assertEquals("v", invocation.returned("v"));
        assertNull(invocation.output());
        invocation.end();
        assertEquals("y", echo.execute("y", WorkflowContext.start("observed")));
        assertEquals(List.of(), events);
    }
}
