package dev.tta.workflow;

import static dev.tta.workflow.TestSteps.failing;
import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SequenceTest {

    private TelemetryFixture telemetry;

    @BeforeEach
    void installSdk() {
        telemetry = TelemetryFixture.install();
    }

    @AfterEach
    void uninstall() {
        telemetry.close();
    }

    @Test
    void chainOfThenIsOneFlatSequenceWhoseStepsRunInOrder() throws Exception {
        WorkflowPrimitive<String, String> upper = step("seq.upper", (String s) -> s.toUpperCase(Locale.ROOT));
        WorkflowPrimitive<String, Integer> length = step("seq.length", String::length);
        Sequence<String, String> workflow = upper
                .then(length)
                .then(step("seq.describe", (Integer n) -> "len=" + n));

        assertEquals(3, workflow.steps().size(), "then() chains flatten into one sequence");
        assertEquals("len=5", workflow.execute("hello", WorkflowContext.start("seq")));

        SpanData root = telemetry.span(Sequence.DEFAULT_NAME);
        List<SpanData> children = telemetry.childrenOf(root);
        children.sort((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()));
        assertEquals(List.of("seq.upper", "seq.length", "seq.describe"),
                children.stream().map(SpanData::getName).toList());
        for (int i = 0; i < children.size(); i++) {
            assertEquals(i, children.get(i).getAttributes().get(TelemetryNames.STEP_INDEX));
            assertEquals(root.getTraceId(), children.get(i).getTraceId());
        }
        assertEquals(TelemetryNames.TYPE_SEQUENTIAL, root.getAttributes().get(TelemetryNames.PRIMITIVE_TYPE));
        assertEquals("seq", root.getAttributes().get(TelemetryNames.WORKFLOW_NAME));
    }

    @Test
    void thenOnANestedSequenceKeepsItAsOneChild() throws Exception {
        Sequence<String, String> inner = step("nest.a", (String s) -> s + "a").then(step("nest.b", s -> s + "b"))
                .named("inner");
        Sequence<String, String> outer = step("nest.first", (String s) -> s + "1").then(inner).named("outer");

        assertEquals("1ab", outer.execute("", WorkflowContext.start("nest")));
        assertEquals(2, outer.steps().size());
        SpanData innerSpan = telemetry.span("inner");
        assertEquals(telemetry.span("outer").getSpanId(), innerSpan.getParentSpanId());
        assertEquals(2, telemetry.childrenOf(innerSpan).size());
    }

    @Test
    void namedSequenceKeepsItsNameWhenExtended() throws Exception {
        Sequence<String, String> named = Workflows.sequence(step("n.one", (String s) -> s)).named("checkout");
        Sequence<String, Integer> extended = named.then(step("n.two", String::length));

        assertEquals("checkout", extended.name());
        assertEquals(1, named.steps().size(), "sequences are immutable: then() returns a new one");
        assertEquals(3, extended.execute("abc", WorkflowContext.start("n")));
        assertEquals("checkout", telemetry.roots().get(0).getName());
    }

    @Test
    void failureStopsTheSequenceAndPropagatesUnchanged() {
        IllegalStateException boom = new IllegalStateException("boom");
        AtomicBoolean laterRan = new AtomicBoolean();
        WorkflowPrimitive<String, String> bad = failing("f.bad", boom);
        WorkflowPrimitive<String, String> workflow = step("f.ok", (String s) -> s)
                .then(bad)
                .then(step("f.later", (String s) -> {
                    laterRan.set(true);
                    return s;
                }));

        Exception thrown = assertThrows(Exception.class, () -> workflow.execute("x", WorkflowContext.start("f")));

        assertSame(boom, thrown, "the caller gets the original exception instance");
        assertEquals(0, thrown.getSuppressed().length, "nothing is added to the user's exception");
        assertTrue(!laterRan.get(), "steps after a failure do not run");
        assertEquals(StatusCode.ERROR, telemetry.span("f.bad").getStatus().getStatusCode());
        assertEquals(StatusCode.ERROR, telemetry.span(Sequence.DEFAULT_NAME).getStatus().getStatusCode());
        assertEquals(StatusCode.UNSET, telemetry.span("f.ok").getStatus().getStatusCode());
    }

    @Test
    void invalidConstructionFailsWithAClearMessage() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Sequence.of(new ArrayList<WorkflowPrimitive<String, String>>()));
        assertEquals("steps must not be empty", empty.getMessage());

        IllegalArgumentException nullStep = assertThrows(IllegalArgumentException.class,
                () -> Sequence.of(Arrays.asList(step("x", (String s) -> s), null)));
        assertEquals("steps[1] must not be null", nullStep.getMessage());

        IllegalArgumentException nullNext = assertThrows(IllegalArgumentException.class,
                () -> step("x", (String s) -> s).then(null));
        assertEquals("next must not be null", nullNext.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Workflows.<String>sequence((WorkflowPrimitive<String, String>[]) null));
        assertThrows(IllegalArgumentException.class, () -> Workflows.sequence(step("x", (String s) -> s)).named(" "));
    }
}
