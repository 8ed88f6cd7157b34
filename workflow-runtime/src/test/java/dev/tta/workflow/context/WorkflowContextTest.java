package dev.tta.workflow.context;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.TelemetryFixture;
import dev.tta.workflow.internal.ContextAccess;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkflowContextTest {

    @Test
    void rootContextsCarryTheWorkflowNameForObservedMethodsBelowThem() {
        assertEquals("checkout", WorkflowContext.start("checkout").otelContext()
                .get(ContextAccess.RUN).workflowName());
        assertEquals("payment", WorkflowContext.extract(Map.of(), "payment").otelContext()
                .get(ContextAccess.RUN).workflowName());
    }

    @Test
    void aStepUnderAContextWithoutTheNameStillMakesItCurrentForWhatItCalls() throws Exception {
        // A context rebuilt around a foreign OpenTelemetry context lacks the key; the step adds it for its callees.
        WorkflowContext rebuilt = WorkflowContext.start("checkout")
                .withOtelContext(Context.root());
        AtomicReference<String> seen = new AtomicReference<>();
        step("inner", (String input) -> {
            seen.set(Context.current().get(ContextAccess.RUN).workflowName());
            return input;
        }).execute("x", rebuilt);
        assertEquals("checkout", seen.get());
    }

    @Test
    void startGivesFreshIdsAndNoParentSpan() {
        WorkflowContext first = WorkflowContext.start("checkout");
        WorkflowContext second = WorkflowContext.start("checkout");

        assertEquals("checkout", first.workflowName());
        assertEquals(32, first.workflowId().length());
        assertNotEquals(first.workflowId(), second.workflowId());
        assertEquals(first.workflowId(), first.correlationId(), "the correlation id defaults to the workflow id");
        assertFalse(first.spanContext().isValid());
        assertEquals("00000000000000000000000000000000", first.traceId());
        assertEquals("0000000000000000", first.spanId());
        assertEquals(WorkflowContext.Position.NONE, first.position());
        assertEquals(-1, first.positionIndex());
    }

    @Test
    void startIgnoresTheCallersCurrentSpanButKeepsItsBaggage() {
        SpanContext foreign = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault());
        Context current = Context.root().with(Span.wrap(foreign)).with(Baggage.builder().put("tenant", "t1").build());
        try (Scope ignored = current.makeCurrent()) {
            WorkflowContext context = WorkflowContext.start("w");
            assertFalse(context.spanContext().isValid(), "a workflow start is a new trace");
            assertEquals("t1", Baggage.fromContext(context.otelContext()).getEntryValue("tenant"));
        }
    }

    @Test
    void blankNamesAndIdsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> WorkflowContext.start(" "));
        assertThrows(IllegalArgumentException.class, () -> WorkflowContext.start(null));
        assertThrows(IllegalArgumentException.class, () -> WorkflowContext.extract(Map.of(), ""));
        assertThrows(NullPointerException.class, () -> WorkflowContext.extract(null, "w"));
        assertThrows(IllegalArgumentException.class, () -> WorkflowContext.start("w").withCorrelationId(" "));
        assertThrows(IllegalArgumentException.class, () -> WorkflowContext.start("w").atStep(-1));
        assertThrows(NullPointerException.class, () -> WorkflowContext.start("w").inject(null));
        assertThrows(NullPointerException.class, () -> WorkflowContext.start("w").withMetadata("k", null));
    }

    @Test
    void derivedContextsAreNewAndKeepTheRunIdentity() {
        WorkflowContext root = WorkflowContext.start("w");
        WorkflowContext derived = root.withMetadata("tier", "gold").withCorrelationId("req-42").atBranch(3);

        assertEquals(Map.of(), root.metadata(), "contexts are immutable");
        assertEquals(Map.of("tier", "gold"), derived.metadata());
        assertEquals("req-42", derived.correlationId());
        assertEquals(root.workflowId(), derived.workflowId());
        assertEquals(WorkflowContext.Position.BRANCH, derived.position());
        assertEquals(3, derived.positionIndex());
        assertThrows(UnsupportedOperationException.class, () -> derived.metadata().put("x", "y"));
        assertTrue(derived.toString().contains("branch=3"), derived.toString());
        assertEquals(WorkflowContext.Position.NONE, derived.withOtelContext(Context.root()).position());

        WorkflowContext attempt = derived.atAttempt(1);
        assertEquals(WorkflowContext.Position.ATTEMPT, attempt.position());
        assertEquals(1, attempt.positionIndex());
        assertEquals(derived.otelContext(), attempt.otelContext());
        assertTrue(attempt.toString().contains("attempt=1"), attempt.toString());
        assertThrows(IllegalArgumentException.class, () -> root.atAttempt(-1));
    }

    @Test
    void injectThenExtractContinuesTheSameTraceUnderTheCallingSpan() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            Map<String, String> headers = new HashMap<>();
            AtomicReference<String> callerTraceId = new AtomicReference<>();
            WorkflowContext gateway = WorkflowContext.start("gateway").withCorrelationId("req-7");
            step("call.remote", (String s, WorkflowContext context) -> {
                callerTraceId.set(context.traceId());
                context.inject(headers);
                return s;
            }).execute("x", gateway);

            assertTrue(headers.get("traceparent").startsWith("00-" + callerTraceId.get() + "-"), headers.toString());
            WorkflowContext worker = WorkflowContext.extract(headers, "worker");
            step("remote.work", (String s) -> s).execute("y", worker);

            SpanData caller = telemetry.span("call.remote");
            SpanData remote = telemetry.span("remote.work");
            assertEquals(caller.getTraceId(), remote.getTraceId(), "one trace across the hop");
            assertEquals(caller.getSpanId(), remote.getParentSpanId(), "the remote span is the parent");
            assertTrue(worker.spanContext().isRemote());
            assertEquals(gateway.workflowId(), worker.workflowId(), "workflow id survives the hop in baggage");
            assertEquals("req-7", worker.correlationId(), "correlation id survives the hop in baggage");
            assertEquals("worker", worker.workflowName());
        }
    }

    @Test
    void headerNamesAreMatchedCaseInsensitively() {
        Map<String, String> headers = Map.of("Traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        WorkflowContext context = WorkflowContext.extract(headers, "w");

        assertEquals("0af7651916cd43dd8448eb211c80319c", context.traceId());
        assertEquals("b7ad6b7169203331", context.spanId());
    }

    @Test
    void malformedOrMissingHeadersStartAFreshTraceWithoutThrowing() throws Exception {
        try (TelemetryFixture telemetry = TelemetryFixture.install()) {
            Map<String, String> garbage = Map.of("traceparent", "00-not-a-trace-id-01", "baggage", "%%%;;==");
            WorkflowContext fromGarbage = WorkflowContext.extract(garbage, "w");
            WorkflowContext fromNothing = WorkflowContext.extract(Map.of(), "w");

            assertFalse(fromGarbage.spanContext().isValid());
            assertFalse(fromNothing.spanContext().isValid());
            assertEquals(32, fromGarbage.workflowId().length(), "a fresh workflow id when the baggage has none");
            step("fresh", (String s) -> s).execute("x", fromGarbage);
            assertEquals(1, telemetry.roots().size(), "the next span is the root of a new trace");
        }
    }

    @Test
    void injectWorksWithoutAnSdkAndKeepsForeignBaggage() {
        SpanContext remote = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
        Map<String, String> inbound = new HashMap<>();
        inbound.put("traceparent", "00-" + remote.getTraceId() + "-" + remote.getSpanId() + "-01");
        inbound.put("baggage", "tenant=t1");
        WorkflowContext context = WorkflowContext.extract(inbound, "w");

        Map<String, String> outbound = new HashMap<>();
        context.inject(outbound);

        assertEquals(inbound.get("traceparent"), outbound.get("traceparent"));
        assertTrue(outbound.get("baggage").contains("tenant=t1"), outbound.toString());
        assertTrue(outbound.get("baggage").contains(WorkflowContext.WORKFLOW_ID_BAGGAGE_KEY + "="),
                outbound.toString());
    }

    @Test
    void timeLimitsNestButNeverExtendAnOuterDeadline() {
        WorkflowContext root = WorkflowContext.start("deadline");
        assertTrue(root.remainingTime().isEmpty(), "no deadline unless a time limit is set");

        WorkflowContext outer = root.withTimeLimit(Duration.ofMillis(200));
        WorkflowContext inner = outer.withTimeLimit(Duration.ofHours(1));
        WorkflowContext tighter = outer.withTimeLimit(Duration.ofMillis(50));

        assertTrue(outer.remainingTime().orElseThrow().compareTo(Duration.ofMillis(200)) <= 0);
        assertTrue(inner.remainingTime().orElseThrow().compareTo(Duration.ofMillis(200)) <= 0,
                "a longer nested limit is capped by the outer one");
        assertTrue(tighter.remainingTime().orElseThrow().compareTo(Duration.ofMillis(50)) <= 0);
        assertTrue(outer.atStep(0).withMetadata("k", "v").withOtelContext(Context.root()).remainingTime().isPresent(),
                "derived contexts keep the deadline");
        assertEquals(Duration.ZERO, root.withTimeLimit(Duration.ZERO).remainingTime().orElseThrow());
        assertTrue(root.withTimeLimit(Duration.ofSeconds(Long.MAX_VALUE)).remainingTime().isPresent(),
                "an absurdly long limit saturates instead of overflowing");
        assertTrue(outer.toString().contains("remaining="), outer.toString());
        assertThrows(IllegalArgumentException.class, () -> root.withTimeLimit(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> root.withTimeLimit(null));
    }

    @Test
    void everyDerivationKeepsWhatItDoesNotChange() {
        WorkflowContext base = WorkflowContext.start("carried").withMetadata("tier", "gold")
                .withTimeLimit(Duration.ofHours(1)).withCorrelationId("req-9");
        assertEquals(Map.of("tier", "gold"), base.metadata(), "the correlation id keeps metadata");
        assertTrue(base.remainingTime().isPresent(), "the correlation id keeps the deadline");

        WorkflowContext later = base.withMetadata("region", "eu");
        assertEquals("req-9", later.correlationId(), "metadata keeps the correlation id");
        assertTrue(later.remainingTime().isPresent(), "metadata keeps the deadline");
        WorkflowContext limited = later.withTimeLimit(Duration.ofMinutes(1));
        assertEquals(Map.of("tier", "gold", "region", "eu"), limited.metadata(), "a time limit keeps metadata");
        assertEquals("req-9", limited.correlationId(), "a time limit keeps the correlation id");
        assertEquals(Map.of("tier", "gold"), base.metadata(), "the contexts it was derived from are unchanged");

        for (WorkflowContext derived : new WorkflowContext[] {limited.atStep(1), limited.atBranch(2),
                limited.atAttempt(0), limited.withOtelContext(Context.root())}) {
            assertEquals(limited.metadata(), derived.metadata(), derived.toString());
            assertEquals("req-9", derived.correlationId(), derived.toString());
            assertEquals(limited.workflowId(), derived.workflowId(), derived.toString());
            assertEquals("carried", derived.workflowName(), derived.toString());
            assertTrue(derived.remainingTime().orElseThrow().compareTo(Duration.ofMinutes(1)) <= 0,
                    derived.toString());
        }
    }

    /** Baggage as a remote caller may send it: percent-encoded, so the propagator decodes CR and LF into the value. */
    private static Map<String, String> baggage(String workflowId, String correlationId) {
        return Map.of("baggage", "workflow.id=" + workflowId + ",workflow.correlation_id=" + correlationId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil%0D%0Aforged%20line", "tab%09here", "quote%22", "space%20inside", "%E2%80%AE"})
    void idsFromCarriersWithForbiddenCharactersAreReplacedByFreshOnes(String encoded) {
        WorkflowContext context = WorkflowContext.extract(baggage(encoded, encoded), "worker");

        assertTrue(context.workflowId().matches("[0-9a-f]{32}"), "a fresh id, was " + context.workflowId());
        assertEquals(context.workflowId(), context.correlationId(), "a rejected correlation id falls back");
    }

    @Test
    void idsFromCarriersLongerThanTheLimitAreReplaced() {
        String tooLong = "a".repeat(129);
        WorkflowContext context = WorkflowContext.extract(baggage(tooLong, "a".repeat(128)), "worker");

        assertNotEquals(tooLong, context.workflowId());
        assertEquals("a".repeat(128), context.correlationId(), "128 characters are accepted");
    }

    @Test
    void wellFormedIdsFromCarriersAreKept() {
        WorkflowContext context = WorkflowContext.extract(baggage("run-7f3a_9.x:1", "req/42+b=@~"), "worker");

        assertEquals("run-7f3a_9.x:1", context.workflowId());
        assertEquals("req/42+b=@~", context.correlationId());
    }

    @Test
    void aCorrelationIdWithControlCharactersIsRefusedWithAClearMessage() {
        WorkflowContext context = WorkflowContext.start("w");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> context.withCorrelationId("req\r\nforged"));
        assertTrue(refused.getMessage().contains("1 to 128 characters of letters, digits"), refused.getMessage());
        assertFalse(refused.getMessage().contains("forged"), "the rejected value is not echoed");
        assertThrows(IllegalArgumentException.class, () -> context.withCorrelationId("x".repeat(129)));
        assertEquals("req-42", context.withCorrelationId("req-42").correlationId());
    }
}
