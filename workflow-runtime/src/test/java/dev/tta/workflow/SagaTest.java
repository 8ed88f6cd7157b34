package dev.tta.workflow;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SagaTest {

    private TelemetryFixture telemetry;
    /** What ran, in order: steps and compensations with what they received. */
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void installSdk() {
        telemetry = TelemetryFixture.install();
    }

    @AfterEach
    void uninstall() {
        telemetry.close();
        Thread.interrupted(); // never leak an interrupt into the next test
    }

    /** A step that appends its letter to the input, and logs it. */
    private WorkflowPrimitive<String, String> append(String letter) {
        return step("saga.step." + letter, (String input) -> {
            log.add("step " + letter);
            return input + letter;
        });
    }

    /** A compensation that logs the output it undoes. */
    private WorkflowPrimitive<String, String> undo(String letter) {
        return step("saga.undo." + letter, (String output) -> {
            log.add("undo " + letter + " of " + output);
            return output;
        });
    }

    private WorkflowPrimitive<String, String> fail(String letter, Exception failure) {
        return step("saga.step." + letter, (String input, WorkflowContext context) -> {
            log.add("step " + letter);
            throw failure;
        });
    }

    @Test
    void stepsRunInOrderAndNothingIsCompensatedOnSuccess() throws Exception {
        Saga<String, Integer> saga = Workflows.saga(append("a"), undo("a"))
                .then(append("b"), undo("b"))
                .then(step("saga.length", String::length))
                .build();

        assertEquals(3, saga.execute(">", WorkflowContext.start("saga")));

        assertEquals(List.of("step a", "step b"), log);
        SpanData span = telemetry.span(Saga.DEFAULT_NAME);
        assertEquals(TelemetryNames.TYPE_SAGA, span.getAttributes().get(TelemetryNames.PRIMITIVE_TYPE));
        List<SpanData> children = new ArrayList<>(telemetry.childrenOf(span));
        children.sort(Comparator.comparing(child -> child.getAttributes().get(TelemetryNames.STEP_INDEX)));
        assertEquals(List.of("saga.step.a", "saga.step.b", "saga.length"),
                children.stream().map(SpanData::getName).toList());
        assertEquals(List.of(0L, 1L, 2L),
                children.stream().map(child -> child.getAttributes().get(TelemetryNames.STEP_INDEX)).toList());
        assertTrue(telemetry.metric(TelemetryNames.SAGA_COMPENSATIONS_METRIC).isEmpty());
    }

    @Test
    void failureCompensatesTheCompletedStepsInReverseOrderWithTheirOutputs() {
        IllegalStateException declined = new IllegalStateException("card declined");
        Saga<String, String> saga = Workflows.saga(append("a"), undo("a"))
                .then(append("b"), undo("b"))
                .then(fail("c", declined), undo("c"))
                .then(append("d"))
                .named("checkout")
                .build();

        Exception thrown = assertThrows(Exception.class, () -> saga.execute(">", WorkflowContext.start("saga")));

        assertSame(declined, thrown, "the step's failure, same instance");
        assertEquals(0, thrown.getSuppressed().length);
        assertEquals(List.of("step a", "step b", "step c", "undo b of >ab", "undo a of >a"), log,
                "only completed steps are undone, last first; the failed step and later ones are not");
        SpanData span = telemetry.span("checkout");
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        List<SpanData> compensations = compensationSpans(span);
        assertEquals(List.of(1L, 0L), compensations.stream()
                .map(s -> s.getAttributes().get(TelemetryNames.SAGA_STEP_INDEX)).toList());
        assertEquals(compensations.get(0).getSpanId(), telemetry.span("saga.undo.b").getParentSpanId(),
                "the compensation span parents the compensation's own span");
        assertEquals(compensations.get(1).getSpanId(), telemetry.span("saga.undo.a").getParentSpanId());
        compensations.forEach(s -> assertEquals(StatusCode.UNSET, s.getStatus().getStatusCode()));
        assertEquals(Map.of(TelemetryNames.OUTCOME_SUCCESS, 2L), compensationCounts("checkout"));
    }

    @Test
    void stepsWithoutCompensationAreSkippedAndAFirstStepFailureUndoesNothing() {
        IllegalStateException boom = new IllegalStateException("boom");
        Saga<String, String> skipping = Workflows.saga(append("a"), undo("a"))
                .then(append("b"))
                .then(fail("c", boom))
                .build();
        Saga<String, String> failingFirst = Workflows.saga(fail("x", boom), undo("x")).then(append("y")).build();

        assertSame(boom, assertThrows(Exception.class, () -> skipping.execute("", WorkflowContext.start("s"))));
        assertEquals(List.of("step a", "step b", "step c", "undo a of a"), log);
        log.clear();
        assertSame(boom, assertThrows(Exception.class, () -> failingFirst.execute("", WorkflowContext.start("s"))));
        assertEquals(List.of("step x"), log);
        assertEquals(Map.of(TelemetryNames.OUTCOME_SUCCESS, 1L), compensationCounts(Saga.DEFAULT_NAME));
    }

    @Test
    void failingCompensationIsRecordedAndDoesNotStopTheOthers() {
        IllegalStateException declined = new IllegalStateException("declined");
        IllegalStateException refundFailed = new IllegalStateException("refund failed");
        IllegalStateException releaseFailed = new IllegalStateException("release failed");
        WorkflowPrimitive<String, String> brokenUndoB = step("saga.undo.b", (String output) -> {
            log.add("undo b of " + output);
            throw refundFailed;
        });
        WorkflowPrimitive<String, String> brokenUndoC = step("saga.undo.c", (String output) -> {
            log.add("undo c of " + output);
            throw releaseFailed;
        });
        Saga<String, String> saga = Workflows.saga(append("a"), undo("a"))
                .then(append("b"), brokenUndoB)
                .then(append("c"), brokenUndoC)
                .then(fail("d", declined))
                .build();

        Exception thrown = assertThrows(Exception.class, () -> saga.execute("", WorkflowContext.start("saga")));

        assertSame(declined, thrown);
        assertArrayEquals(new Throwable[] {releaseFailed, refundFailed}, thrown.getSuppressed(),
                "compensation failures are suppressed in the order they happened");
        assertEquals(List.of("step a", "step b", "step c", "step d", "undo c of abc", "undo b of ab", "undo a of a"),
                log);
        List<SpanData> compensations = compensationSpans(telemetry.span(Saga.DEFAULT_NAME));
        assertEquals(List.of(StatusCode.ERROR, StatusCode.ERROR, StatusCode.UNSET),
                compensations.stream().map(s -> s.getStatus().getStatusCode()).toList());
        assertEquals(Map.of(TelemetryNames.OUTCOME_SUCCESS, 1L, TelemetryNames.OUTCOME_FAILURE, 2L),
                compensationCounts(Saga.DEFAULT_NAME));
    }

    @Test
    void compensationsRunWithTheInterruptFlagClearedAndTheFlagIsRestoredAfterwards() {
        List<Boolean> interruptedDuringCompensation = new CopyOnWriteArrayList<>();
        WorkflowPrimitive<String, String> watchA = step("saga.undo.a", (String output) -> {
            interruptedDuringCompensation.add(Thread.currentThread().isInterrupted());
            return output;
        });
        WorkflowPrimitive<String, String> watchB = step("saga.undo.b", (String output) -> {
            interruptedDuringCompensation.add(Thread.currentThread().isInterrupted());
            Thread.currentThread().interrupt(); // an interrupt arriving meanwhile is kept for afterwards too
            return output;
        });
        IllegalStateException cancelled = new IllegalStateException("cancelled");
        WorkflowPrimitive<String, String> interruptedStep = step("saga.step.c", (String input) -> {
            Thread.currentThread().interrupt();
            throw cancelled;
        });
        Saga<String, String> saga = Workflows.saga(append("a"), watchA)
                .then(append("b"), watchB)
                .then(interruptedStep)
                .build();

        assertSame(cancelled, assertThrows(Exception.class, () -> saga.execute("", WorkflowContext.start("s"))));

        assertEquals(List.of(false, false), interruptedDuringCompensation, "each compensation starts uninterrupted");
        assertTrue(Thread.interrupted(), "the interrupt is restored (and cleared here)");
        assertEquals(Map.of(TelemetryNames.OUTCOME_SUCCESS, 2L), compensationCounts(Saga.DEFAULT_NAME));
    }

    @Test
    void interruptedExceptionFromAStepStillRunsTheCompensationsAndPropagates() {
        InterruptedException interrupted = new InterruptedException("stop");
        Saga<String, String> saga = Workflows.saga(append("a"), undo("a"))
                .then(fail("b", interrupted))
                .build();

        assertSame(interrupted, assertThrows(InterruptedException.class,
                () -> saga.execute("", WorkflowContext.start("s"))));

        assertEquals(List.of("step a", "step b", "undo a of a"), log);
        assertFalse(Thread.currentThread().isInterrupted(), "the exception carries the interrupt; no flag was set");
    }

    @Test
    void compensationThrowingTheStepsOwnFailureDoesNotSuppressItself() {
        IllegalStateException shared = new IllegalStateException("shared");
        WorkflowPrimitive<String, String> rethrowing = step("saga.undo.a", (String output) -> {
            throw shared;
        });
        Saga<String, String> saga = Workflows.saga(append("a"), rethrowing).then(fail("b", shared)).build();

        assertSame(shared, assertThrows(Exception.class, () -> saga.execute("", WorkflowContext.start("s"))));
        assertEquals(0, shared.getSuppressed().length);
        assertEquals(Map.of(TelemetryNames.OUTCOME_FAILURE, 1L), compensationCounts(Saga.DEFAULT_NAME));
    }

    @Test
    void buildersAreImmutableAndSagasExposeTheirSteps() throws Exception {
        WorkflowPrimitive<String, String> a = append("a");
        WorkflowPrimitive<String, String> undoA = undo("a");
        Saga.Builder<String, String> start = Saga.builder(a, undoA);
        Saga<String, String> one = Saga.builder(a).build();
        Saga<String, String> two = start.then(append("b")).build();
        Saga<String, String> other = Saga.builder(append("x"), undo("x")).then(append("y")).named("other").build();

        assertEquals(List.of(a), one.steps());
        assertEquals(2, two.steps().size(), "extending a builder leaves the original as it was");
        assertSame(undoA, two.compensation(0).orElseThrow());
        assertTrue(two.compensation(1).isEmpty());
        assertEquals("other", other.name());
        assertEquals("renamed", other.named("renamed").name());
        assertEquals("ab", two.execute("", WorkflowContext.start("s")));
        assertEquals("xy", other.execute("", WorkflowContext.start("s")));
        assertThrows(UnsupportedOperationException.class, () -> two.steps().clear());
    }

    @Test
    void aCompensationOfTheLastStepIsRefusedBecauseItCouldNeverRun() throws Exception {
        Saga.Builder<String, String> oneStep = Workflows.saga(append("a"), undo("a"));
        IllegalArgumentException single = assertThrows(IllegalArgumentException.class, oneStep::build);
        assertTrue(single.getMessage().contains("compensation of the last step of saga 'saga' (saga.step.a) can "
                + "never run"), single.getMessage());

        Saga.Builder<String, String> lastCompensated = Workflows.saga(append("a"), undo("a"))
                .then(append("b"), undo("b")).named("pay");
        IllegalArgumentException last = assertThrows(IllegalArgumentException.class, lastCompensated::build);
        assertTrue(last.getMessage().contains("saga 'pay' (saga.step.b)"), last.getMessage());
        assertEquals("abc", lastCompensated.then(append("c")).build().execute("", WorkflowContext.start("s")),
                "with a step after it, the compensation is reachable and the saga builds");
    }

    @Test
    void aSharedFailureInstanceIsNotGrownByEveryRun() {
        IllegalStateException shared = new IllegalStateException("always the same instance");
        Saga<String, String> saga = Workflows.saga(append("a"), fail("undo.a", new IllegalStateException("undo")))
                .then(fail("b", shared))
                .build();
        for (int run = 0; run < 100; run++) {
            assertThrows(IllegalStateException.class, () -> saga.execute("", WorkflowContext.start("s")));
        }
        assertEquals(1, shared.getSuppressed().length, "the same compensation failure is attached once, not per run");
    }

    @Test
    void badConfigurationNamesTheParameter() {
        WorkflowPrimitive<String, String> step = append("a");
        assertMessage("step must not be null", () -> Workflows.saga(null, step));
        assertMessage("step must not be null", () -> Workflows.saga((WorkflowPrimitive<String, String>) null));
        assertMessage("compensation must not be null", () -> Workflows.saga(step, null));
        assertMessage("step must not be null", () -> Workflows.saga(step).then(null));
        assertMessage("step must not be null", () -> Workflows.saga(step).then(null, step));
        assertMessage("compensation must not be null", () -> Workflows.saga(step).then(step, null));
        assertMessage("name must not be null or blank", () -> Workflows.saga(step).named(" "));
        assertMessage("name must not be null or blank", () -> Workflows.saga(step).build().named(null));
    }

    private static void assertMessage(String expected, Executable executable) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }

    /** The compensation spans under a saga span, in the order they ran. */
    private List<SpanData> compensationSpans(SpanData sagaSpan) {
        List<SpanData> spans = new ArrayList<>(telemetry.childrenOf(sagaSpan).stream()
                .filter(s -> s.getName().equals(TelemetryNames.SAGA_COMPENSATION_SPAN)).toList());
        spans.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
        return spans;
    }

    private Map<String, Long> compensationCounts(String saga) {
        List<LongPointData> points = telemetry.metric(TelemetryNames.SAGA_COMPENSATIONS_METRIC)
                .map(metric -> List.copyOf(metric.getLongSumData().getPoints()))
                .orElse(List.of());
        return points.stream()
                .filter(point -> saga.equals(point.getAttributes().get(TelemetryNames.PRIMITIVE_NAME)))
                .peek(point -> assertEquals(Set.of(TelemetryNames.PRIMITIVE_NAME, TelemetryNames.OUTCOME),
                        TelemetryFixture.withoutWorkflowName(point.getAttributes()).asMap().keySet()))
                .collect(Collectors.toMap(point -> point.getAttributes().get(TelemetryNames.OUTCOME),
                        LongPointData::getValue));
    }
}
