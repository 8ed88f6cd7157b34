package dev.tta.workflow;

import static dev.tta.workflow.TestSteps.failing;
import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class FallbackTest {

    private TelemetryFixture telemetry;
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @BeforeEach
    void installSdk() {
        telemetry = TelemetryFixture.install();
    }

    @AfterEach
    void uninstall() {
        telemetry.close();
    }

    private WorkflowPrimitive<String, String> succeeding(String name) {
        return step(name, (String input) -> {
            ran.add(name);
            return name + ":" + input;
        });
    }

    private WorkflowPrimitive<String, String> throwing(String name, Exception failure) {
        return step(name, (String input, WorkflowContext context) -> {
            ran.add(name);
            throw failure;
        });
    }

    @Test
    void sharedFailureInstancesAreNotGrownByEveryRun() {
        IOException primaryDown = new IOException("primary down");
        IOException backupDown = new IOException("backup down");
        Fallback<String, String> fallback = Workflows.fallback(throwing("fb.shared.primary", primaryDown),
                throwing("fb.shared.backup", backupDown));

        for (int run = 0; run < 50; run++) {
            assertSame(backupDown, assertThrows(IOException.class,
                    () -> fallback.execute("x", WorkflowContext.start("fb"))));
        }

        assertArrayEquals(new Throwable[] {primaryDown}, backupDown.getSuppressed(),
                "the primary's failure is attached once, not once per run");
    }

    @Test
    void primaryThatSucceedsIsTheOnlyOneTried() throws Exception {
        Fallback<String, String> fallback = Workflows.fallback(succeeding("fb.primary"), succeeding("fb.backup"));

        assertEquals("fb.primary:x", fallback.execute("x", WorkflowContext.start("fb")));

        assertEquals(List.of("fb.primary"), ran);
        SpanData span = telemetry.span(Fallback.DEFAULT_NAME);
        assertEquals(TelemetryNames.TYPE_FALLBACK, span.getAttributes().get(TelemetryNames.PRIMITIVE_TYPE));
        List<SpanData> alternatives = alternativeSpans(span);
        assertEquals(1, alternatives.size());
        assertEquals(0L, alternatives.get(0).getAttributes().get(TelemetryNames.FALLBACK_INDEX));
        assertEquals(0, activations(Fallback.DEFAULT_NAME));
    }

    @Test
    void failedPrimaryActivatesTheFirstAlternativeInsideItsOwnPhaseSpan() throws Exception {
        Fallback<String, String> fallback = Workflows.fallback(throwing("fb.primary", new IOException("down")),
                succeeding("fb.backup"), succeeding("fb.last")).named("quote");

        assertEquals("fb.backup:x", fallback.execute("x", WorkflowContext.start("fb")));

        assertEquals(List.of("fb.primary", "fb.backup"), ran, "alternatives run in order, and stop at a success");
        SpanData span = telemetry.span("quote");
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode(), "the fallback succeeded");
        List<SpanData> alternatives = alternativeSpans(span);
        assertEquals(2, alternatives.size(), "every phase span is a child of the fallback span");
        assertEquals(StatusCode.ERROR, alternatives.get(0).getStatus().getStatusCode());
        assertEquals(StatusCode.UNSET, alternatives.get(1).getStatus().getStatusCode());
        assertEquals(telemetry.span("fb.primary").getParentSpanId(), alternatives.get(0).getSpanId(),
                "the phase span parents the candidate's own span");
        assertEquals(telemetry.span("fb.backup").getParentSpanId(), alternatives.get(1).getSpanId());
        assertEquals(1, activations("quote"));
    }

    @Test
    void whenEveryCandidateFailsTheLastFailureIsThrownWithTheEarlierOnesSuppressedInOrder() {
        IOException first = new IOException("primary down");
        IllegalStateException second = new IllegalStateException("backup down");
        IOException third = new IOException("last down");
        Fallback<String, String> fallback = Workflows.fallback(throwing("fb.primary", first),
                throwing("fb.backup", second), throwing("fb.last", third));

        Exception thrown = assertThrows(Exception.class, () -> fallback.execute("x", WorkflowContext.start("fb")));

        assertSame(third, thrown);
        assertArrayEquals(new Throwable[] {first, second}, thrown.getSuppressed());
        assertEquals(List.of("fb.primary", "fb.backup", "fb.last"), ran);
        SpanData span = telemetry.span(Fallback.DEFAULT_NAME);
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        List<SpanData> alternatives = alternativeSpans(span);
        assertEquals(List.of(0L, 1L, 2L),
                alternatives.stream().map(s -> s.getAttributes().get(TelemetryNames.FALLBACK_INDEX)).toList());
        alternatives.forEach(s -> assertEquals(StatusCode.ERROR, s.getStatus().getStatusCode()));
        assertEquals(2, activations(Fallback.DEFAULT_NAME));
    }

    @Test
    void failureThatDoesNotMatchPropagatesAtOnceUnchanged() {
        IllegalArgumentException invalid = new IllegalArgumentException("bad input");
        Fallback<String, String> fallback = Workflows.fallback(throwing("fb.primary", invalid),
                succeeding("fb.backup")).fallbackOn(e -> e instanceof IOException);

        Exception thrown = assertThrows(Exception.class, () -> fallback.execute("x", WorkflowContext.start("fb")));

        assertSame(invalid, thrown);
        assertEquals(0, thrown.getSuppressed().length);
        assertEquals(List.of("fb.primary"), ran, "no alternative is tried");
        assertEquals(0, activations(Fallback.DEFAULT_NAME));
        assertEquals(StatusCode.ERROR, telemetry.span(Fallback.DEFAULT_NAME).getStatus().getStatusCode());
    }

    @Test
    void matchingFailuresFallBackAndTheLastNonMatchingOneStopsTheChain() {
        IOException io = new IOException("io");
        IllegalStateException state = new IllegalStateException("state");
        Fallback<String, String> fallback = Workflows.fallback(throwing("fb.primary", io),
                throwing("fb.backup", state), succeeding("fb.last")).fallbackOn(e -> e instanceof IOException);

        Exception thrown = assertThrows(Exception.class, () -> fallback.execute("x", WorkflowContext.start("fb")));

        assertSame(state, thrown, "unchanged: the earlier failure is only on its span");
        assertEquals(0, thrown.getSuppressed().length);
        assertEquals(List.of("fb.primary", "fb.backup"), ran);
        assertEquals(1, activations(Fallback.DEFAULT_NAME));
    }

    @Test
    void interruptedExceptionNeverFallsBack() {
        InterruptedException interrupted = new InterruptedException("stop");
        Fallback<String, String> byDefault = Workflows.fallback(throwing("fb.primary", interrupted),
                succeeding("fb.backup"));
        Fallback<String, String> permissive = byDefault.fallbackOn(e -> true);

        assertSame(interrupted, assertThrows(Exception.class,
                () -> byDefault.execute("x", WorkflowContext.start("fb"))));
        assertSame(interrupted, assertThrows(Exception.class,
                () -> permissive.execute("x", WorkflowContext.start("fb"))));
        assertEquals(List.of("fb.primary", "fb.primary"), ran);
    }

    @Test
    void errorsPropagateAtOnce() {
        AssertionError error = new AssertionError("bug");
        WorkflowPrimitive<String, String> crashing = step("fb.crash", (String input) -> {
            ran.add("fb.crash");
            throw error;
        });
        Fallback<String, String> fallback = Workflows.fallback(crashing, succeeding("fb.backup"));

        assertSame(error, assertThrows(AssertionError.class, () -> fallback.execute("x", WorkflowContext.start("fb"))));
        assertEquals(List.of("fb.crash"), ran);
        SpanData alternative = alternativeSpans(telemetry.span(Fallback.DEFAULT_NAME)).get(0);
        assertEquals(StatusCode.ERROR, alternative.getStatus().getStatusCode());
    }

    @Test
    void throwingPredicateSurfacesWithTheOriginalFailureSuppressed() {
        IOException io = new IOException("io");
        IllegalStateException broken = new IllegalStateException("broken predicate");
        Fallback<String, String> fallback = Workflows.fallback(throwing("fb.primary", io), succeeding("fb.backup"))
                .fallbackOn(e -> {
                    throw broken;
                });

        Exception thrown = assertThrows(Exception.class, () -> fallback.execute("x", WorkflowContext.start("fb")));

        assertSame(broken, thrown);
        assertArrayEquals(new Throwable[] {io}, thrown.getSuppressed());
    }

    @Test
    void oneExceptionInstanceThrownByEveryCandidateDoesNotSuppressItself() {
        IOException shared = new IOException("shared");
        Fallback<String, String> fallback = Workflows.fallback(failing("fb.a", shared), failing("fb.b", shared));

        assertSame(shared, assertThrows(IOException.class, () -> fallback.execute("x", WorkflowContext.start("fb"))));
        assertEquals(0, shared.getSuppressed().length);
    }

    @Test
    void exposesItsCandidatesAndIsReusable() throws Exception {
        WorkflowPrimitive<String, String> primary = throwing("fb.primary", new IOException("down"));
        WorkflowPrimitive<String, String> backup = succeeding("fb.backup");
        Fallback<String, String> fallback = Fallback.of(primary, List.of(backup));

        assertSame(primary, fallback.primary());
        assertEquals(List.of(backup), fallback.alternatives());
        assertEquals(Fallback.DEFAULT_NAME, fallback.name());
        assertEquals("renamed", fallback.named("renamed").fallbackOn(e -> true).name(), "fallbackOn keeps the name");
        for (int i = 0; i < 3; i++) {
            assertEquals("fb.backup:" + i, fallback.execute(String.valueOf(i), WorkflowContext.start("fb")));
        }
        assertEquals(3, activations(Fallback.DEFAULT_NAME));
    }

    @Test
    void badConfigurationNamesTheParameter() {
        WorkflowPrimitive<String, String> step = step("fb.x", (String s) -> s);
        assertMessage("alternatives must not be empty", () -> Workflows.fallback(step));
        assertMessage("alternatives must not be null",
                () -> Workflows.fallback(step, (WorkflowPrimitive<String, String>[]) null));
        assertMessage("alternatives[1] must not be null", () -> Workflows.fallback(step, step, null));
        assertMessage("primary must not be null", () -> Workflows.fallback(null, step));
        assertMessage("fallbackOn must not be null", () -> Workflows.fallback(step, step).fallbackOn(null));
        assertMessage("name must not be null or blank", () -> Workflows.fallback(step, step).named("\t"));
    }

    private static void assertMessage(String expected, Executable executable) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, executable).getMessage());
    }

    private List<SpanData> alternativeSpans(SpanData fallbackSpan) {
        List<SpanData> children = new ArrayList<>(telemetry.childrenOf(fallbackSpan));
        children.forEach(child -> assertEquals(TelemetryNames.FALLBACK_ALTERNATIVE_SPAN, child.getName()));
        children.sort(Comparator.comparing(child -> child.getAttributes().get(TelemetryNames.FALLBACK_INDEX)));
        return children;
    }

    private long activations(String name) {
        List<LongPointData> points = telemetry.metric(TelemetryNames.FALLBACK_ACTIVATIONS_METRIC)
                .map(metric -> List.copyOf(metric.getLongSumData().getPoints()))
                .orElse(List.of());
        return points.stream()
                .filter(point -> point.getAttributes().equals(Attributes.of(TelemetryNames.PRIMITIVE_NAME, name,
                        TelemetryNames.WORKFLOW_NAME, "fb")))
                .mapToLong(LongPointData::getValue)
                .sum();
    }
}
