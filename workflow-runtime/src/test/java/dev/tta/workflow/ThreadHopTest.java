package dev.tta.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Work the library hands to another thread (parallel branches, timed steps) runs in the workflow even when the step is
 * a plain, hand-written {@link WorkflowPrimitive} that knows nothing of telemetry: the OpenTelemetry context (span and
 * baggage) is current and the MDC holds the run's ids, and nothing of either stays on the pool thread afterwards.
 */
class ThreadHopTest {

    /** One thread, so that the next task provably runs on the thread the branch ran on. */
    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private TelemetryFixture telemetry;

    @BeforeEach
    void install() {
        telemetry = TelemetryFixture.install();
    }

    @AfterEach
    void uninstall() throws Exception {
        pool.shutdownNow();
        telemetry.close();
    }

    /** What a plain step sees of the workflow on the thread it runs on. */
    private static final class Probe extends WorkflowPrimitive<String, String> {
        final Map<String, String> seen = new ConcurrentHashMap<>();
        final CountDownLatch started = new CountDownLatch(1);
        /** Another probe to wait for: the calling thread runs any branch the pool has not started yet. */
        private final CountDownLatch after;

        Probe() {
            this(null);
        }

        Probe(Probe after) {
            this.after = after == null ? null : after.started;
        }

        @Override
        public String execute(String input, WorkflowContext context) {
            started.countDown();
            try {
                if (after != null && !after.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the other branch never started");
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            }
            Span current = Span.current();
            seen.put("spanId", current.getSpanContext().getSpanId());
            seen.put("traceId", current.getSpanContext().getTraceId());
            String tenant = Baggage.current().getEntryValue("tenant");
            seen.put("baggage", tenant == null ? "none" : tenant);
            seen.put("mdc.trace_id", String.valueOf(MDC.get(TelemetryNames.MDC_TRACE_ID)));
            seen.put("mdc.workflow_id", String.valueOf(MDC.get(TelemetryNames.MDC_WORKFLOW_ID)));
            seen.put("mdc.correlation_id", String.valueOf(MDC.get(TelemetryNames.MDC_CORRELATION_ID)));
            seen.put("thread", Thread.currentThread().getName());
            return input;
        }
    }

    private static WorkflowContext startWithBaggage() {
        try (Scope ignored = Baggage.builder().put("tenant", "acme").build().makeCurrent()) {
            return WorkflowContext.start("hops").withCorrelationId("req-42");
        }
    }

    @Test
    void aPlainParallelBranchRunsInTheBlocksSpanWithTheRunsBaggageAndMdc() throws Exception {
        Probe probe = new Probe();
        Probe last = new Probe(probe);
        Parallel<String, String> block = Parallel.<String, String>of(List.of(probe, last), pool)
                .named("hops.parallel");
        WorkflowContext context = startWithBaggage();

        block.execute("x", context);

        SpanData span = telemetry.span("hops.parallel");
        assertSeesTheWorkflow(probe, span, context);
        assertEquals(Thread.currentThread().getName(), last.seen.get("thread"), "the last branch runs here");
        assertEquals(span.getSpanId(), last.seen.get("spanId"));
        assertEquals(context.workflowId(), last.seen.get("mdc.workflow_id"));
        assertThePoolThreadIsClean();
    }

    @Test
    void aPlainTimedStepRunsInTheTimeoutsSpanWithTheRunsBaggageAndMdc() throws Exception {
        Probe probe = new Probe();
        Timeout<String, String> timed = Timeout.of(probe, Duration.ofSeconds(30), pool).named("hops.timeout");
        WorkflowContext context = startWithBaggage();

        timed.execute("x", context);

        SpanData span = telemetry.span("hops.timeout");
        assertSeesTheWorkflow(probe, span, context);
        assertThePoolThreadIsClean();
    }

    @Test
    void wrappedWorkRunsInTheWorkflowAndLeavesNothingBehind() throws Exception {
        WorkflowContext context = startWithBaggage();
        Probe probe = new Probe();
        pool.submit(context.wrap(() -> probe.execute("x", context))).get();

        assertEquals("acme", probe.seen.get("baggage"));
        assertEquals(context.workflowId(), probe.seen.get("mdc.workflow_id"));
        assertEquals("req-42", probe.seen.get("mdc.correlation_id"));
        assertThePoolThreadIsClean();
    }

    private static void assertSeesTheWorkflow(Probe probe, SpanData span, WorkflowContext context) {
        assertNotEquals(Thread.currentThread().getName(), probe.seen.get("thread"), "the step ran on the pool");
        assertEquals(span.getSpanId(), probe.seen.get("spanId"),
                "the primitive's span is current, so what the step calls nests under it");
        assertEquals(span.getTraceId(), probe.seen.get("traceId"));
        assertEquals("acme", probe.seen.get("baggage"), "Baggage.current() sees the run's baggage");
        assertEquals(span.getTraceId(), probe.seen.get("mdc.trace_id"), "log lines carry the trace id");
        assertEquals(context.workflowId(), probe.seen.get("mdc.workflow_id"));
        assertEquals("req-42", probe.seen.get("mdc.correlation_id"));
    }

    /** The pool's next task finds no span, no baggage and no MDC ids. */
    private void assertThePoolThreadIsClean() throws Exception {
        Map<String, String> after = pool.submit(() -> {
            Map<String, String> state = new ConcurrentHashMap<>();
            state.put("valid", String.valueOf(Span.current().getSpanContext().isValid()));
            state.put("baggage", String.valueOf(Baggage.current().size()));
            return state;
        }).get();
        assertEquals("false", after.get("valid"), "no span stays current on the pool thread");
        assertEquals("0", after.get("baggage"));
        assertNull(pool.submit(() -> MDC.get(TelemetryNames.MDC_TRACE_ID)).get());
        assertNull(pool.submit(() -> MDC.get(TelemetryNames.MDC_WORKFLOW_ID)).get());
    }
}
