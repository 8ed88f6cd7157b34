package dev.tta.workflow.telemetry;

import static dev.tta.workflow.TestSteps.failing;
import static dev.tta.workflow.TestSteps.sleeping;
import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.tta.workflow.TelemetryFixture;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.internal.Instruments;
import dev.tta.workflow.internal.TelemetryErrors;
import dev.tta.workflow.spi.Invocation;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class PrimitiveTelemetryTest {

    private static final String STEP_LOGGER = "dev.tta.workflow.TestSteps$Instrumented";

    @AfterEach
    void useGlobal() {
        WorkflowTelemetry.useGlobal();
        MDC.clear();
    }

    @Test
    void spanCarriesThePrimitiveAndWorkflowAttributes() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            WorkflowContext context = WorkflowContext.start("attrs").withCorrelationId("corr-1");
            step("t.attrs", (String s) -> s).execute("x", context);

            Attributes attributes = telemetry.span("t.attrs").getAttributes();
            assertEquals("t.attrs", attributes.get(TelemetryNames.PRIMITIVE_NAME));
            assertEquals(TelemetryNames.TYPE_STEP, attributes.get(TelemetryNames.PRIMITIVE_TYPE));
            assertEquals("attrs", attributes.get(TelemetryNames.WORKFLOW_NAME));
            assertEquals(context.workflowId(), attributes.get(TelemetryNames.WORKFLOW_ID));
            assertEquals("corr-1", attributes.get(TelemetryNames.CORRELATION_ID));
            assertEquals("dev.tta.workflow.TestSteps$Instrumented.execute",
                    attributes.get(TelemetryNames.CODE_FUNCTION_NAME));
            assertNull(attributes.get(TelemetryNames.STEP_INDEX), "a directly called step has no index");
        }
    }

    @Test
    void failureIsRecordedOnTheSpanAndTheSameExceptionPropagates() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            IllegalStateException boom = new IllegalStateException("card declined");
            WorkflowPrimitive<String, String> bad = failing("t.bad", boom);

            assertSame(boom, assertThrows(IllegalStateException.class,
                    () -> bad.execute("x", WorkflowContext.start("fail"))));

            SpanData span = telemetry.span("t.bad");
            assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
            assertEquals(IllegalStateException.class.getName(), span.getAttributes().get(TelemetryNames.ERROR_TYPE));
            EventData exception = span.getEvents().get(0);
            assertEquals("exception", exception.getName());
            assertEquals("card declined",
                    exception.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(
                            "exception.message")));
            assertEquals(0, boom.getSuppressed().length);
        }
    }

    @Test
    void durationHistogramAndInFlightCounterHaveTheDocumentedNamesAndAttributes() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            WorkflowPrimitive<String, String> ok = step("t.metrics", (String s) -> s);
            ok.execute("a", WorkflowContext.start("m"));
            ok.execute("b", WorkflowContext.start("m"));
            assertThrows(IllegalArgumentException.class, () -> failing("t.metrics", new IllegalArgumentException())
                    .execute("c", WorkflowContext.start("m")));

            MetricData duration = telemetry.metric(TelemetryNames.DURATION_METRIC).orElseThrow();
            assertEquals("s", duration.getUnit());
            Map<String, Long> countsByOutcome = new HashMap<>();
            for (HistogramPointData point : duration.getHistogramData().getPoints()) {
                Attributes attributes = point.getAttributes();
                if (!"t.metrics".equals(attributes.get(TelemetryNames.PRIMITIVE_NAME))) {
                    continue;
                }
                assertEquals(TelemetryNames.TYPE_STEP, attributes.get(TelemetryNames.PRIMITIVE_TYPE));
                assertNull(attributes.get(TelemetryNames.WORKFLOW_ID), "no ids on metrics");
                countsByOutcome.put(attributes.get(TelemetryNames.OUTCOME), point.getCount());
                if (TelemetryNames.OUTCOME_FAILURE.equals(attributes.get(TelemetryNames.OUTCOME))) {
                    assertEquals(IllegalArgumentException.class.getName(),
                            attributes.get(TelemetryNames.ERROR_TYPE));
                }
                assertEquals(Instruments.DURATION_BUCKETS, point.getBoundaries());
            }
            assertEquals(Map.of(TelemetryNames.OUTCOME_SUCCESS, 2L, TelemetryNames.OUTCOME_FAILURE, 1L),
                    countsByOutcome);

            MetricData active = telemetry.metric(TelemetryNames.ACTIVE_METRIC).orElseThrow();
            LongPointData inFlight = active.getLongSumData().getPoints().stream()
                    .filter(p -> "t.metrics".equals(p.getAttributes().get(TelemetryNames.PRIMITIVE_NAME)))
                    .findFirst().orElseThrow();
            assertEquals(0, inFlight.getValue(), "every started execution was counted out again");
        }
    }

    @Test
    void inFlightCounterSeesARunningExecution() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            AtomicReference<Long> seen = new AtomicReference<>();
            step("t.active", (String s, WorkflowContext c) -> {
                seen.set(telemetry.metric(TelemetryNames.ACTIVE_METRIC).orElseThrow().getLongSumData().getPoints()
                        .stream().filter(p -> "t.active".equals(p.getAttributes().get(TelemetryNames.PRIMITIVE_NAME)))
                        .findFirst().orElseThrow().getValue());
                return s;
            }).execute("x", WorkflowContext.start("a"));

            assertEquals(1L, seen.get());
        }
    }

    @Test
    void idsAreInTheMdcWhileTheStepRunsAndTheCallersMdcIsRestoredAfter() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            MDC.put(TelemetryNames.MDC_TRACE_ID, "outer-trace");
            Map<String, String> inside = new HashMap<>();
            WorkflowContext context = WorkflowContext.start("mdc").withCorrelationId("corr-9");
            step("t.mdc", (String s, WorkflowContext c) -> {
                inside.putAll(MDC.getCopyOfContextMap());
                return s;
            }).execute("x", context);

            SpanData span = telemetry.span("t.mdc");
            assertEquals(span.getTraceId(), inside.get(TelemetryNames.MDC_TRACE_ID));
            assertEquals(span.getSpanId(), inside.get(TelemetryNames.MDC_SPAN_ID));
            assertEquals(context.workflowId(), inside.get(TelemetryNames.MDC_WORKFLOW_ID));
            assertEquals("corr-9", inside.get(TelemetryNames.MDC_CORRELATION_ID));
            assertEquals("outer-trace", MDC.get(TelemetryNames.MDC_TRACE_ID), "the caller's value is restored");
            assertNull(MDC.get(TelemetryNames.MDC_SPAN_ID), "keys the caller did not have are removed");
            assertNull(MDC.get(TelemetryNames.MDC_WORKFLOW_ID));
        }
    }

    @Test
    void lifecycleIsLoggedWithKeyValuesAndTheStepsTraceIds() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install();
                LogCapture logs = new LogCapture(STEP_LOGGER, Level.DEBUG)) {
            step("t.logs", (String s) -> s).execute("x", WorkflowContext.start("logs"));
            assertThrows(IllegalStateException.class,
                    () -> failing("t.logs.bad", new IllegalStateException("no stock")).execute("x",
                            WorkflowContext.start("logs")));

            SpanData span = telemetry.span("t.logs");
            ILoggingEvent started = logs.events(TelemetryNames.EVENT_STARTED).get(0);
            assertEquals(Level.DEBUG, started.getLevel());
            assertEquals("t.logs", LogCapture.keyValue(started, "primitive"));
            ILoggingEvent completed = logs.events(TelemetryNames.EVENT_COMPLETED).get(0);
            assertEquals(TelemetryNames.OUTCOME_SUCCESS, LogCapture.keyValue(completed, "outcome"));
            assertTrue(LogCapture.keyValue(completed, "duration_ms") instanceof Double);
            for (ILoggingEvent event : List.of(started, completed, logs.events("inside t.logs").get(0))) {
                assertEquals(span.getTraceId(), event.getMDCPropertyMap().get(TelemetryNames.MDC_TRACE_ID));
                assertEquals(span.getSpanId(), event.getMDCPropertyMap().get(TelemetryNames.MDC_SPAN_ID));
            }
            ILoggingEvent failed = logs.events(TelemetryNames.EVENT_FAILED).get(0);
            assertEquals(Level.WARN, failed.getLevel());
            assertEquals(IllegalStateException.class.getName(), LogCapture.keyValue(failed, "error.type"));
            assertEquals("no stock", LogCapture.keyValue(failed, "error.message"));
            assertEquals(telemetry.span("t.logs.bad").getSpanId(),
                    failed.getMDCPropertyMap().get(TelemetryNames.MDC_SPAN_ID));
        }
    }

    @Test
    void throwingSpanProcessorNeverBreaksTheWorkflow() throws Exception {
        long failuresBefore = TelemetryErrors.count();
        try (TelemetryFixture telemetry = TelemetryFixture.install(new ThrowingProcessor())) {
            String result = step("t.throwing", (String s) -> s + "!").execute("ok", WorkflowContext.start("x"));

            assertEquals("ok!", result);
            assertTrue(TelemetryErrors.count() > failuresBefore, "the telemetry failure was reported");
            assertNull(MDC.get(TelemetryNames.MDC_SPAN_ID), "the MDC is restored despite the failure");
            assertSame(Context.root(), Context.current(), "the scope was closed despite the failure");
        }
    }

    @Test
    void sdkInstalledAfterThePrimitiveWasCreatedIsUsed() throws Exception {
        WorkflowPrimitive<String, String> early = step("t.late", (String s) -> s);
        early.execute("before any SDK", WorkflowContext.start("late"));

        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            early.execute("after", WorkflowContext.start("late"));
            assertEquals(1, telemetry.spans().size());
        }
    }

    @Test
    void globalOpenTelemetryIsLookedUpLazilyAndNeverClaimedByTheLibrary() throws Exception {
        GlobalOpenTelemetry.resetForTest();
        try {
            WorkflowPrimitive<String, String> step = step("t.global", (String s) -> s);
            step.execute("no global yet", WorkflowContext.start("g"));
            assertTrue(!GlobalOpenTelemetry.isSet(), "running without an SDK must not lock in the no-op global");

            try (TelemetryFixture telemetry = TelemetryFixture.install()) {
                WorkflowTelemetry.useGlobal();
                step.execute("global still unset", WorkflowContext.start("g"));
                GlobalOpenTelemetry.set(telemetry.sdk());
                // An unset global is looked at again at most every GLOBAL_RECHECK_MILLIS; sleeping past that is
                // a lower bound, so this cannot flake.
                Thread.sleep(WorkflowTelemetry.GLOBAL_RECHECK_MILLIS + 50);
                step.execute("with global", WorkflowContext.start("g"));
                assertEquals(1, telemetry.spans().size(), "the global SDK set after the first run is used");
                step.execute("again", WorkflowContext.start("g"));
                assertEquals(2, telemetry.spans().size(), "and kept");
            }
        } finally {
            GlobalOpenTelemetry.resetForTest();
        }
    }

    @Test
    void withoutAnSdkTheWorkflowRunsAndLatencyAndLogsStillWork() throws Exception {
        try (LogCapture logs = new LogCapture(STEP_LOGGER, Level.DEBUG)) {
            WorkflowContext context = WorkflowContext.start("nosdk");
            String result = step("t.nosdk", (String s) -> s + "?").execute("x", context);

            assertEquals("x?", result);
            assertEquals(1, WorkflowTelemetry.latency("t.nosdk").count());
            ILoggingEvent completed = logs.events(TelemetryNames.EVENT_COMPLETED).get(0);
            assertEquals(context.workflowId(), completed.getMDCPropertyMap().get(TelemetryNames.MDC_WORKFLOW_ID));
            assertNull(completed.getMDCPropertyMap().get(TelemetryNames.MDC_TRACE_ID), "no span, no trace id");
        }
    }

    @Test
    void percentilesOfKnownSleepsFallInTheRightRange() throws Exception {
        WorkflowPrimitive<String, String> fast = sleeping("t.sleep.fast", 2);
        WorkflowPrimitive<String, String> slow = sleeping("t.sleep.slow", 20);
        for (int i = 0; i < 20; i++) {
            fast.execute("x", WorkflowContext.start("sleep"));
        }
        for (int i = 0; i < 5; i++) {
            slow.execute("x", WorkflowContext.start("sleep"));
        }

        LatencySnapshot fastLatency = WorkflowTelemetry.latency("t.sleep.fast");
        LatencySnapshot slowLatency = WorkflowTelemetry.latency("t.sleep.slow");
        assertEquals(20, fastLatency.count());
        assertEquals(5, slowLatency.count());
        // A sleep lasts at least as long as asked: lower bounds hold on any machine, however loaded.
        assertTrue(fastLatency.p50().compareTo(Duration.ofMillis(2)) >= 0, fastLatency.toString());
        assertTrue(slowLatency.p50().compareTo(Duration.ofMillis(20)) >= 0, slowLatency.toString());
        // Upper bounds only catch unit mistakes (nanos read as micros...), not scheduling noise.
        assertTrue(slowLatency.p50().compareTo(Duration.ofSeconds(5)) < 0, slowLatency.toString());
        for (LatencySnapshot snapshot : List.of(fastLatency, slowLatency)) {
            assertTrue(snapshot.p50().compareTo(snapshot.p90()) <= 0
                    && snapshot.p90().compareTo(snapshot.p95()) <= 0
                    && snapshot.p95().compareTo(snapshot.p99()) <= 0
                    && snapshot.p99().compareTo(snapshot.p999()) <= 0
                    && snapshot.p999().compareTo(snapshot.max()) <= 0, snapshot.toString());
        }
        assertTrue(WorkflowTelemetry.latencies().containsKey("t.sleep.fast"));
        assertTrue(fastLatency.toString().startsWith("t.sleep.fast count=20 "), fastLatency.toString());
    }

    @Test
    void unknownPrimitiveNameIsAClearError() {
        step("t.known", (String s) -> s);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> WorkflowTelemetry.latency("t.unknown"));
        assertTrue(error.getMessage().contains("t.unknown"));
        assertTrue(error.getMessage().contains("t.known"), "the message lists the known names");
        assertEquals(0, WorkflowTelemetry.latency("t.known").count());
    }

    @Test
    void misuseOfTheRuntimeApiIsAClearError() {
        PrimitiveTelemetry telemetry = PrimitiveTelemetry.forStep("t.api", PrimitiveTelemetryTest.class);
        NullPointerException noContext = assertThrows(NullPointerException.class, () -> telemetry.begin(null, null));
        assertTrue(noContext.getMessage().contains("WorkflowContext.start"), noContext.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PrimitiveTelemetry.forStep(" ", Object.class));
        assertThrows(NullPointerException.class, () -> WorkflowTelemetry.install(null));
        assertEquals("PrimitiveTelemetry{t.api, step}", telemetry.toString());
    }

    @Test
    void endingTwiceEndsTheSpanOnce() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            Invocation invocation = PrimitiveTelemetry.forStep("t.twice", Object.class)
                    .begin(WorkflowContext.start("twice"), null);
            invocation.fail(new IllegalStateException("first"));
            invocation.fail(new IllegalStateException("second is ignored"));
            invocation.end();
            invocation.end();

            assertEquals(1, telemetry.spans().size());
            assertEquals(1, telemetry.span("t.twice").getEvents().size());
            assertTrue(invocation.span().getSpanContext().isValid());
        }
    }

    /** A span processor that throws on every call, as a buggy vendor extension might. */
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
