package dev.tta.workflow;

import static dev.tta.workflow.TestSteps.failing;
import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ConditionalTest {

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
    void thenBranchRunsWhenTheConditionHoldsAndTheSpanSaysSo() throws Exception {
        Conditional<Integer, String> sign = Workflows.when((Integer n) -> n >= 0,
                step("cond.positive", (Integer n) -> "positive"),
                step("cond.negative", (Integer n) -> "negative"));

        assertEquals("positive", sign.execute(5, WorkflowContext.start("cond")));

        SpanData span = telemetry.span(Conditional.DEFAULT_NAME);
        assertEquals(Conditional.THEN, span.getAttributes().get(TelemetryNames.CONDITIONAL_BRANCH));
        assertEquals(TelemetryNames.TYPE_CONDITIONAL, span.getAttributes().get(TelemetryNames.PRIMITIVE_TYPE));
        assertEquals(Conditional.DEFAULT_NAME, span.getAttributes().get(TelemetryNames.PRIMITIVE_NAME));
        List<SpanData> children = telemetry.childrenOf(span);
        assertEquals(List.of("cond.positive"), children.stream().map(SpanData::getName).toList(),
                "only the chosen branch runs, as a child of the conditional");
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    }

    @Test
    void otherwiseBranchRunsWhenTheConditionDoesNotHold() throws Exception {
        Conditional<Integer, String> sign = Workflows.when((Integer n) -> n >= 0,
                step("cond.positive", (Integer n) -> "positive"),
                step("cond.negative", (Integer n) -> "negative")).named("sign");

        assertEquals("negative", sign.execute(-1, WorkflowContext.start("cond")));

        SpanData span = telemetry.span("sign");
        assertEquals(Conditional.OTHERWISE, span.getAttributes().get(TelemetryNames.CONDITIONAL_BRANCH));
        assertEquals(List.of("cond.negative"), telemetry.childrenOf(span).stream().map(SpanData::getName).toList());
    }

    @Test
    void contextAwareConditionSeesTheConditionalsContext() throws Exception {
        AtomicReference<String> seenSpanId = new AtomicReference<>();
        Conditional<String, String> vip = Workflows.when((String order, WorkflowContext context) -> {
            seenSpanId.set(context.spanId());
            return context.metadata().containsKey("vip");
        }, step("cond.vip", (String s) -> "vip:" + s), step("cond.regular", (String s) -> "regular:" + s));

        assertEquals("vip:o1", vip.execute("o1", WorkflowContext.start("cond").withMetadata("vip", "yes")));
        assertEquals("regular:o2", vip.execute("o2", WorkflowContext.start("cond")));

        List<SpanData> spans = telemetry.spans().stream()
                .filter(s -> s.getName().equals(Conditional.DEFAULT_NAME)).toList();
        assertEquals(2, spans.size());
        assertEquals(spans.get(1).getSpanId(), seenSpanId.get(), "the condition runs under the conditional's span");
    }

    @Test
    void throwingConditionFailsTheConditionalWithTheSameExceptionAndRunsNoBranch() {
        IllegalStateException broken = new IllegalStateException("broken condition");
        AtomicBoolean branchRan = new AtomicBoolean();
        WorkflowPrimitive<String, String> branch = step("cond.branch", (String s) -> {
            branchRan.set(true);
            return s;
        });
        Conditional<String, String> conditional = Workflows.when((String s) -> {
            throw broken;
        }, branch, branch);

        Exception thrown = assertThrows(Exception.class, () -> conditional.execute("x", WorkflowContext.start("c")));

        assertSame(broken, thrown);
        assertFalse(branchRan.get());
        SpanData span = telemetry.span(Conditional.DEFAULT_NAME);
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertNull(span.getAttributes().get(TelemetryNames.CONDITIONAL_BRANCH), "no branch was chosen");
        assertEquals(IllegalStateException.class.getName(), span.getAttributes().get(TelemetryNames.ERROR_TYPE));
    }

    @Test
    void failingBranchPropagatesUnchanged() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Conditional<String, String> conditional = Workflows.when((String s) -> true, failing("cond.bad", boom),
                step("cond.ok", (String s) -> s));

        Exception thrown = assertThrows(Exception.class, () -> conditional.execute("x", WorkflowContext.start("c")));

        assertSame(boom, thrown);
        assertEquals(0, thrown.getSuppressed().length);
        assertEquals(StatusCode.ERROR, telemetry.span(Conditional.DEFAULT_NAME).getStatus().getStatusCode());
        assertEquals(Conditional.THEN,
                telemetry.span(Conditional.DEFAULT_NAME).getAttributes().get(TelemetryNames.CONDITIONAL_BRANCH));
    }

    @Test
    void isReusableAndExposesItsBranches() throws Exception {
        WorkflowPrimitive<Integer, Integer> twice = step("cond.twice", (Integer n) -> n * 2);
        WorkflowPrimitive<Integer, Integer> same = step("cond.same", (Integer n) -> n);
        Conditional<Integer, Integer> even = Conditional.of((n, context) -> n % 2 == 0, twice, same);
        Conditional<Integer, Integer> renamed = even.named("even");

        assertSame(twice, even.thenBranch());
        assertSame(same, even.otherwiseBranch());
        assertEquals(Conditional.DEFAULT_NAME, even.name(), "named() returns a copy");
        assertEquals("even", renamed.name());
        assertEquals("even", renamed.toString());
        for (int i = 0; i < 4; i++) {
            assertEquals(i % 2 == 0 ? i * 2 : i, renamed.execute(i, WorkflowContext.start("c")));
        }
    }

    @Test
    void badConfigurationNamesTheParameter() {
        WorkflowPrimitive<String, String> step = step("cond.x", (String s) -> s);
        assertMessage("condition must not be null",
                () -> Workflows.when((BiPredicate<String, WorkflowContext>) null, step, step));
        assertMessage("condition must not be null",
                () -> Workflows.when((Predicate<String>) null, step, step));
        assertMessage("then must not be null", () -> Workflows.when((String s) -> true, null, step));
        assertMessage("otherwise must not be null", () -> Workflows.when((String s) -> true, step, null));
        assertMessage("name must not be null or blank",
                () -> Workflows.when((String s) -> true, step, step).named(" "));
        assertMessage("name must not be null or blank",
                () -> Workflows.when((String s) -> true, step, step).named(null));
    }

    private static void assertMessage(String expected, Executable executable) {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, executable);
        assertEquals(expected, thrown.getMessage());
    }
}
