package dev.tta.workflow.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tta.workflow.TelemetryFixture;
import dev.tta.workflow.TestSteps;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.internal.TelemetryErrors;
import dev.tta.workflow.slo.ServiceLevelObjective;
import dev.tta.workflow.spi.AttributeValues;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * What generated code for an observed method (not a workflow step) relies on: {@link PrimitiveTelemetry#forMethod},
 * {@link PrimitiveTelemetry#begin()} under the current OpenTelemetry context, and
 * {@link Invocation#endWhenComplete} for methods that return a {@code CompletionStage}.
 */
class MethodTelemetryTest {

    /** Stands for the class that declares the observed method. */
    static final class OrderService {
    }

    private static final PrimitiveTelemetry PLACE =
            PrimitiveTelemetry.forMethod("OrderService.place", OrderService.class, "place");

    @AfterEach
    void reset() {
        WorkflowTelemetry.useGlobal();
        MDC.clear();
    }

    @Test
    void theSpanIsAChildOfTheCurrentContextAndCurrentWhileTheMethodRuns() {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            long before = WorkflowTelemetry.latency("OrderService.place").count();
            Span caller = telemetry.sdk().getTracer("test").spanBuilder("caller").startSpan();
            String inside;
            try (Scope ignored = caller.makeCurrent()) {
                Invocation invocation = PLACE.begin();
                inside = Span.current().getSpanContext().getSpanId();
                assertNull(invocation.context(), "an observed method has no workflow context");
                invocation.end();
                assertSame(caller, Span.current(), "the caller's span is current again");
            }
            caller.end();

            SpanData span = telemetry.span("OrderService.place");
            assertEquals(caller.getSpanContext().getSpanId(), span.getParentSpanId());
            assertEquals(span.getSpanId(), inside);
            Attributes attributes = span.getAttributes();
            assertEquals("OrderService.place", attributes.get(TelemetryNames.PRIMITIVE_NAME));
            assertEquals(TelemetryNames.TYPE_STEP, attributes.get(TelemetryNames.PRIMITIVE_TYPE));
            assertEquals(OrderService.class.getName() + ".place", attributes.get(TelemetryNames.CODE_FUNCTION_NAME));
            assertNull(attributes.get(TelemetryNames.WORKFLOW_ID), "no workflow: no workflow attributes");
            assertEquals(before + 1, WorkflowTelemetry.latency("OrderService.place").count());
        }
    }

    @Test
    void aMethodCalledInsideAWorkflowStepCountsUnderThatWorkflowAndOutsideUnderNone() throws Exception {
        PrimitiveTelemetry audit = PrimitiveTelemetry.forMethod("OrderService.audit", OrderService.class, "audit",
                ServiceLevelObjective.availability(0.99));
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            WorkflowPrimitive<String, String> step = TestSteps.step("method.caller", (String input) -> {
                audit.begin().end();
                return input;
            });
            step.execute("x", WorkflowContext.start("checkout"));
            audit.begin().end();

            // The generated artifacts select a method's series by the workflow it is declared in: the metrics must
            // carry the workflow of the step the method ran in.
            Map<Attributes, Long> counts = telemetry.metric(TelemetryNames.DURATION_METRIC).orElseThrow()
                    .getHistogramData().getPoints().stream()
                    .filter(point -> "OrderService.audit".equals(point.getAttributes()
                            .get(TelemetryNames.PRIMITIVE_NAME)))
                    .collect(Collectors.toMap(point -> point.getAttributes().toBuilder()
                            .removeIf(key -> !key.equals(TelemetryNames.WORKFLOW_NAME)).build(),
                            HistogramPointData::getCount));
            assertEquals(Map.of(Attributes.of(TelemetryNames.WORKFLOW_NAME, "checkout"), 1L, Attributes.empty(), 1L),
                    counts);
            Map<String, Long> events = telemetry.metric(TelemetryNames.SLO_EVENTS_METRIC).orElseThrow()
                    .getLongSumData().getPoints().stream()
                    .filter(point -> "OrderService.audit".equals(point.getAttributes()
                            .get(TelemetryNames.PRIMITIVE_NAME)))
                    .filter(point -> point.getValue() > 0)
                    .collect(Collectors.toMap(point -> String.valueOf(point.getAttributes()
                            .get(TelemetryNames.WORKFLOW_NAME)), LongPointData::getValue));
            assertEquals(Map.of("checkout", 1L, "null", 1L), events);
            List<String> spanWorkflows = telemetry.spans().stream()
                    .filter(span -> span.getName().equals("OrderService.audit"))
                    .map(span -> String.valueOf(span.getAttributes().get(TelemetryNames.WORKFLOW_NAME))).toList();
            assertEquals(List.of("checkout", "null"), spanWorkflows);
        }
    }

    @Test
    void withoutACurrentSpanTheMethodStartsATrace() {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            PLACE.begin().end();
            assertEquals(SpanId.getInvalid(), telemetry.span("OrderService.place").getParentSpanId());
        }
    }

    @Test
    void traceIdsAreInTheMdcAndTheCallersWorkflowIdsStay() {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            MDC.put(TelemetryNames.MDC_WORKFLOW_ID, "wf-1");
            MDC.put(TelemetryNames.MDC_TRACE_ID, "outer-trace");
            Invocation invocation = PLACE.begin();
            String traceId = invocation.span().getSpanContext().getTraceId();
            assertEquals(traceId, MDC.get(TelemetryNames.MDC_TRACE_ID));
            assertEquals(invocation.span().getSpanContext().getSpanId(), MDC.get(TelemetryNames.MDC_SPAN_ID));
            assertEquals("wf-1", MDC.get(TelemetryNames.MDC_WORKFLOW_ID));
            invocation.end();
            assertEquals("outer-trace", MDC.get(TelemetryNames.MDC_TRACE_ID));
            assertNull(MDC.get(TelemetryNames.MDC_SPAN_ID));
            assertEquals("wf-1", MDC.get(TelemetryNames.MDC_WORKFLOW_ID));
        }
    }

    @Test
    void attributesAndFailuresGoOnTheMethodSpan() {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            Invocation invocation = PLACE.begin();
            invocation.attribute(AttributeKey.stringKey("order.id"), "o-1");
            invocation.attribute(AttributeKey.longArrayKey("sizes"), AttributeValues.longs(new int[] {1, 2}));
            invocation.attribute(AttributeKey.stringKey("missing"), null);
            invocation.fail(new IOException("disk"));
            invocation.end();

            SpanData span = telemetry.span("OrderService.place");
            assertEquals("o-1", span.getAttributes().get(AttributeKey.stringKey("order.id")));
            assertEquals(List.of(1L, 2L), span.getAttributes().get(AttributeKey.longArrayKey("sizes")));
            assertFalse(span.getAttributes().asMap().containsKey(AttributeKey.stringKey("missing")));
            assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        }
    }

    @Test
    void anAsyncMethodEndsWhenItsStageCompletesAndReturnsTheSameStage() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (TelemetryFixture telemetry = TelemetryFixture.install();
                LogCapture logs = new LogCapture(OrderService.class.getName(), Level.DEBUG)) {
            Span caller = telemetry.sdk().getTracer("test").spanBuilder("caller").startSpan();
            CompletableFuture<String> work = new CompletableFuture<>();
            CompletableFuture<String> returned;
            try (Scope ignored = caller.makeCurrent()) {
                Invocation invocation = PLACE.begin();
                returned = invocation.endWhenComplete(work);
                assertSame(caller, Span.current(), "nothing stays bound to the calling thread");
                assertNull(MDC.get(TelemetryNames.MDC_SPAN_ID));
                invocation.end(); // the generated finally block: nothing more happens
            }
            caller.end();
            assertSame(work, returned, "the caller gets the very stage the method produced");
            assertTrue(telemetry.spans().stream().noneMatch(s -> s.getName().equals("OrderService.place")),
                    "the span is still open while the work runs");

            executor.submit(() -> work.complete("done")).get(10, TimeUnit.SECONDS);

            SpanData span = telemetry.span("OrderService.place");
            assertEquals(caller.getSpanContext().getSpanId(), span.getParentSpanId());
            assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
            ILoggingEvent completed = logs.events(TelemetryNames.EVENT_COMPLETED).get(0);
            assertEquals(span.getSpanId(), completed.getMDCPropertyMap().get(TelemetryNames.MDC_SPAN_ID),
                    "the completion log carries the method's ids, on the completing thread");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aStageThatFailsMarksTheSpanWithTheUnwrappedCause() {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            CompletableFuture<String> work = new CompletableFuture<>();
            CompletionStage<String> dependent = work.thenApply(s -> s);
            PLACE.begin().endWhenComplete(dependent);
            IOException cause = new IOException("remote down");
            work.completeExceptionally(cause);

            SpanData span = telemetry.span("OrderService.place");
            assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
            assertEquals(IOException.class.getName(), span.getAttributes().get(TelemetryNames.ERROR_TYPE));
            assertTrue(dependent.toCompletableFuture().isCompletedExceptionally());
        }
    }

    @Test
    void cancellingTheReturnedStageCancelsTheWorkAndFailsTheSpan() {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            CompletableFuture<String> work = new CompletableFuture<>();
            PLACE.begin().endWhenComplete(work).cancel(true);

            assertTrue(work.isCancelled());
            assertEquals(CancellationException.class.getName(),
                    telemetry.span("OrderService.place").getAttributes().get(TelemetryNames.ERROR_TYPE));
        }
    }

    @Test
    void completedNullAndLateStagesEndOnce() {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            assertEquals("now", PLACE.begin().endWhenComplete(CompletableFuture.completedFuture("now")).join());
            assertNull(PLACE.begin().endWhenComplete((CompletableFuture<String>) null));
            Invocation ended = PLACE.begin();
            ended.end();
            CompletableFuture<String> late = new CompletableFuture<>();
            assertSame(late, ended.endWhenComplete(late));
            late.complete("x");
            assertEquals(3, telemetry.spans().size(), telemetry.spans()::toString);
        }
    }

    @Test
    void aStageThatRefusesCallbacksEndsNow() {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            CompletableFuture<String> refusing = new CompletableFuture<>() {
                @Override
                public CompletableFuture<String> whenComplete(
                        java.util.function.BiConsumer<? super String, ? super Throwable> action) {
                    throw new UnsupportedOperationException("no callbacks");
                }
            };
            long before = TelemetryErrors.count();
            assertSame(refusing, PLACE.begin().endWhenComplete(refusing));
            assertEquals(1, telemetry.spans().size());
            assertTrue(TelemetryErrors.count() > before);
        }
    }

    @Test
    void aThrowingSpanProcessorNeverBreaksTheMethod() {
        try (TelemetryFixture telemetry = TelemetryFixture.install(new ThrowingProcessor())) {
            long before = TelemetryErrors.count();
            Invocation invocation = PLACE.begin();
            invocation.endWhenComplete(CompletableFuture.completedFuture("x"));
            assertTrue(TelemetryErrors.count() > before);
            assertSame(Context.root(), Context.current());
        }
    }

    @Test
    void aBlankMethodNameIsAClearError() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> PrimitiveTelemetry.forMethod("Service.run", OrderService.class, " "));
        assertEquals("primitive method name must not be null or blank", error.getMessage());
    }

    @Test
    void attributeValuesKeepOpenTelemetryTypesAndMapNullToNull() {
        assertEquals(List.of(1L, 2L), AttributeValues.longs(new long[] {1, 2}));
        assertEquals(List.of(1L, 2L), AttributeValues.longs(new int[] {1, 2}));
        assertEquals(List.of(1L, 2L), AttributeValues.longs(new short[] {1, 2}));
        assertEquals(List.of(1L, 2L), AttributeValues.longs(new byte[] {1, 2}));
        assertEquals(List.of(1L, 0L), AttributeValues.longs(java.util.Arrays.asList(1, null)));
        assertEquals(List.of(0.5, 1.0), AttributeValues.doubles(new double[] {0.5, 1}));
        assertEquals(List.of(0.5, 1.0), AttributeValues.doubles(new float[] {0.5f, 1f}));
        assertEquals(List.of(0.5, 0.0), AttributeValues.doubles(java.util.Arrays.asList(0.5f, null)));
        assertEquals(List.of(true, false), AttributeValues.booleans(new boolean[] {true, false}));
        assertEquals(List.of(true, false), AttributeValues.booleans(java.util.Arrays.asList(true, null)));
        assertEquals(List.of("a", "null"), AttributeValues.strings(new String[] {"a", null}));
        assertEquals(List.of("a", "7"), AttributeValues.strings(List.of("a", 7)));
        assertEquals(7L, AttributeValues.longValue(7));
        assertEquals(0.5, AttributeValues.doubleValue(0.5f));
        assertEquals("[a, b]", AttributeValues.text(new String[] {"a", "b"}));
        assertEquals("[1, 2]", AttributeValues.text(new int[] {1, 2}));
        assertEquals("[[x]]", AttributeValues.text(new Object[] {new String[] {"x"}}));
        assertEquals("7", AttributeValues.text(7));
        assertNull(AttributeValues.longs((long[]) null));
        assertNull(AttributeValues.longs((int[]) null));
        assertNull(AttributeValues.longs((short[]) null));
        assertNull(AttributeValues.longs((byte[]) null));
        assertNull(AttributeValues.longs((List<Integer>) null));
        assertNull(AttributeValues.doubles((double[]) null));
        assertNull(AttributeValues.doubles((float[]) null));
        assertNull(AttributeValues.doubles((List<Float>) null));
        assertNull(AttributeValues.booleans((boolean[]) null));
        assertNull(AttributeValues.booleans((List<Boolean>) null));
        assertNull(AttributeValues.strings((Object[]) null));
        assertNull(AttributeValues.strings((List<?>) null));
        assertNull(AttributeValues.longValue(null));
        assertNull(AttributeValues.doubleValue(null));
        assertNull(AttributeValues.text(null));
    }

    @Test
    void completionExceptionWithoutCauseIsRecordedAsItIs() {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            CompletableFuture<String> work = new CompletableFuture<>();
            PLACE.begin().endWhenComplete(work);
            work.completeExceptionally(new CompletionException("bare", null));
            assertEquals(CompletionException.class.getName(),
                    telemetry.span("OrderService.place").getAttributes().get(TelemetryNames.ERROR_TYPE));
        }
    }

    private static final class ThrowingProcessor implements SpanProcessor {
        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
            throw new IllegalStateException("processor onStart failed");
        }

        @Override
        public boolean isStartRequired() {
            return true;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            throw new IllegalStateException("processor onEnd failed");
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
