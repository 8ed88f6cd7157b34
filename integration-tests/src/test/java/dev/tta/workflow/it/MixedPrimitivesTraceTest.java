package dev.tta.workflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.it.AgentSteps.Journal;
import dev.tta.workflow.Backoff;
import dev.tta.workflow.WorkflowTimeoutException;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One workflow mixing every built-in primitive, through generated steps and a real SDK: each retry attempt, fallback
 * alternative and saga compensation nests under the right parent, and each error shows on the span where it
 * happened.
 *
 * <pre>
 * agent (sequence)
 *   Classify
 *   profile (cache) -> LookupProfile
 *   model (router by prompt length)
 *     small: retry(circuit_breaker(timeout(CallModel, 1 s)), 3 attempts)
 *     large: CallLargeModel
 *   conditional: Summarize if the answer is over 20 characters, else KeepAsIs
 *   enrich (fallback): PrimaryEnricher, BackupEnricher
 *   credits (saga): ReserveCredits/ReleaseCredits, ChargeCredits/RefundCredits, Publish
 * </pre>
 */
class MixedPrimitivesTraceTest {

    private Sdk sdk;
    private Journal journal;
    private WorkflowPrimitive<String, String> agent;

    @BeforeEach
    void build() {
        sdk = Sdk.installed();
        journal = new Journal();
        WorkflowPrimitive<String, String> callModel = Workflows.timeout(
                new InstrumentedAgentSteps_CallModel(), Duration.ofSeconds(1));
        WorkflowPrimitive<String, String> guarded = Workflows.circuitBreaker(callModel).build();
        WorkflowPrimitive<String, String> small = Workflows.retry(guarded)
                .maxAttempts(3)
                .backoff(Backoff.fixed(Duration.ofMillis(5)))
                .build();
        WorkflowPrimitive<String, String> model = Workflows.router((String prompt) -> prompt.length() < 50
                        ? "small" : "large")
                .route("small", small)
                .route("large", new InstrumentedAgentSteps_CallLargeModel())
                .named("model")
                .build();
        WorkflowPrimitive<String, String> profile = Workflows.cache(
                        new InstrumentedAgentSteps_LookupProfile(journal), (String prompt) -> prompt)
                .maximumSize(100)
                .named("profile")
                .build();
        WorkflowPrimitive<String, String> shorten = Workflows.when((String answer) -> answer.length() > 20,
                new InstrumentedAgentSteps_Summarize(), new InstrumentedAgentSteps_KeepAsIs());
        WorkflowPrimitive<String, String> enrich = Workflows.fallback(new InstrumentedAgentSteps_PrimaryEnricher(),
                new InstrumentedAgentSteps_BackupEnricher()).named("enrich");
        WorkflowPrimitive<String, String> credits = Workflows.saga(
                        new InstrumentedAgentSteps_ReserveCredits(journal),
                        new InstrumentedAgentSteps_ReleaseCredits(journal))
                .then(new InstrumentedAgentSteps_ChargeCredits(journal),
                        new InstrumentedAgentSteps_RefundCredits(journal))
                .then(new InstrumentedAgentSteps_Publish(journal))
                .named("credits")
                .build();
        agent = new InstrumentedAgentSteps_Classify()
                .then(profile).then(model).then(shorten).then(enrich).then(credits)
                .named("agent");
    }

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void everyAttemptAlternativeAndCompensationNestsUnderItsPrimitiveInOneTrace() {
        AgentSteps.PublishException failure = assertThrows(AgentSteps.PublishException.class,
                () -> agent.execute(" what is a saga? ", WorkflowContext.start("agent")));

        // Behaviour: the saga undid what it had done, last first, and the failed refund travels with the failure.
        assertEquals(List.of("lookup", "reserve", "charge", "publish", "refund", "release"), journal.entries());
        assertEquals("channel closed", failure.getMessage());
        assertEquals(1, failure.getSuppressed().length);
        assertEquals("billing refused the refund", failure.getSuppressed()[0].getMessage());

        // One trace, one root.
        assertEquals(1, sdk.finished().stream().map(SpanData::getTraceId).distinct().count());
        SpanData root = sdk.root();
        assertEquals("agent", root.getName());
        assertError(root, AgentSteps.PublishException.class);
        assertEquals(List.of("Classify", "profile", "model", "conditional", "enrich", "credits"),
                names(sdk.children(root)));

        // Cache: a miss, computed under the cache span.
        SpanData profile = sdk.named("profile");
        assertEquals("miss", profile.getAttributes().get(TelemetryNames.CACHE_RESULT));
        assertEquals(List.of("LookupProfile"), names(sdk.children(profile)));

        // Router -> retry -> 3 attempts, each attempt -> circuit breaker -> timeout -> model call.
        SpanData router = sdk.named("model");
        assertEquals("small", router.getAttributes().get(TelemetryNames.ROUTE));
        SpanData retry = single(sdk.children(router));
        assertEquals("retry", retry.getName());
        assertEquals(StatusCode.UNSET, retry.getStatus().getStatusCode(), "the retry recovered");
        List<SpanData> attempts = byStart(sdk.children(retry));
        assertEquals(List.of(1L, 2L, 3L), attempts.stream()
                .map(a -> a.getAttributes().get(TelemetryNames.RETRY_ATTEMPT)).collect(Collectors.toList()));
        List<Class<?>> expectedErrors = List.of(IOException.class, WorkflowTimeoutException.class);
        for (int i = 0; i < attempts.size(); i++) {
            SpanData attempt = attempts.get(i);
            assertEquals(TelemetryNames.RETRY_ATTEMPT_SPAN, attempt.getName());
            SpanData breaker = single(sdk.children(attempt));
            assertEquals("circuit_breaker", breaker.getName());
            assertEquals("closed", breaker.getAttributes().get(TelemetryNames.CIRCUIT_STATE));
            SpanData timeout = single(sdk.children(breaker));
            assertEquals("timeout", timeout.getName());
            SpanData call = single(sdk.children(timeout));
            assertEquals("CallModel", call.getName());
            if (i < expectedErrors.size()) {
                assertError(attempt, expectedErrors.get(i));
                assertError(timeout, expectedErrors.get(i));
            } else {
                assertEquals(StatusCode.UNSET, attempt.getStatus().getStatusCode());
                assertEquals(StatusCode.UNSET, call.getStatus().getStatusCode());
            }
        }
        assertError(single(sdk.children(single(sdk.children(single(sdk.children(attempts.get(1))))))),
                InterruptedException.class); // the hung call was interrupted where it hung
        assertEquals(2, retry.getEvents().stream()
                .filter(e -> e.getName().equals(TelemetryNames.RETRY_SCHEDULED_EVENT)).count());

        // Conditional: a long answer took the "then" branch.
        SpanData conditional = sdk.named("conditional");
        assertEquals("then", conditional.getAttributes().get(TelemetryNames.CONDITIONAL_BRANCH));
        assertEquals(List.of("Summarize"), names(sdk.children(conditional)));

        // Fallback: the primary failed under alternative 0, the backup succeeded under alternative 1.
        SpanData enrich = sdk.named("enrich");
        assertEquals(StatusCode.UNSET, enrich.getStatus().getStatusCode());
        List<SpanData> alternatives = byStart(sdk.children(enrich));
        assertEquals(2, alternatives.size());
        assertEquals(0L, alternatives.get(0).getAttributes().get(TelemetryNames.FALLBACK_INDEX));
        assertError(alternatives.get(0), IOException.class);
        assertEquals(List.of("PrimaryEnricher"), names(sdk.children(alternatives.get(0))));
        assertEquals(1L, alternatives.get(1).getAttributes().get(TelemetryNames.FALLBACK_INDEX));
        assertEquals(List.of("BackupEnricher"), names(sdk.children(alternatives.get(1))));

        // Saga: the three steps, then the compensations in reverse, the refund's failure on its own span.
        SpanData saga = sdk.named("credits");
        assertError(saga, AgentSteps.PublishException.class);
        List<SpanData> sagaChildren = byStart(sdk.children(saga));
        assertEquals(List.of("ReserveCredits", "ChargeCredits", "Publish", TelemetryNames.SAGA_COMPENSATION_SPAN,
                TelemetryNames.SAGA_COMPENSATION_SPAN), names(sagaChildren));
        SpanData undoCharge = sagaChildren.get(3);
        SpanData undoReserve = sagaChildren.get(4);
        assertEquals(1L, undoCharge.getAttributes().get(TelemetryNames.SAGA_STEP_INDEX));
        assertError(undoCharge, IllegalStateException.class);
        assertEquals(List.of("RefundCredits"), names(sdk.children(undoCharge)));
        assertEquals(0L, undoReserve.getAttributes().get(TelemetryNames.SAGA_STEP_INDEX));
        assertEquals(StatusCode.UNSET, undoReserve.getStatus().getStatusCode());
        assertEquals(List.of("ReleaseCredits"), names(sdk.children(undoReserve)));
    }

    @Test
    void metricsOfEveryFamilyHaveTheDocumentedNamesAndOnlyLowCardinalityAttributes() {
        assertThrows(AgentSteps.PublishException.class,
                () -> agent.execute("first question", WorkflowContext.start("agent")));
        assertThrows(AgentSteps.PublishException.class,
                () -> agent.execute("first question", WorkflowContext.start("agent")));

        assertEquals(Map.of("retried", 2L, "success", 2L),
                counts(TelemetryNames.RETRY_ATTEMPTS_METRIC, TelemetryNames.OUTCOME));
        assertEquals(Map.of("small", 2L), counts(TelemetryNames.ROUTER_DECISIONS_METRIC, TelemetryNames.ROUTE));
        assertEquals(Map.of("miss", 1L, "hit", 1L),
                counts(TelemetryNames.CACHE_REQUESTS_METRIC, TelemetryNames.CACHE_RESULT));
        assertEquals(Map.of("enrich", 2L),
                counts(TelemetryNames.FALLBACK_ACTIVATIONS_METRIC, TelemetryNames.PRIMITIVE_NAME));
        assertEquals(Map.of("timeout", 1L),
                counts(TelemetryNames.TIMEOUT_EXPIRATIONS_METRIC, TelemetryNames.PRIMITIVE_NAME));
        assertEquals(Map.of("success", 2L, "failure", 2L),
                counts(TelemetryNames.SAGA_COMPENSATIONS_METRIC, TelemetryNames.OUTCOME));
        assertEquals(List.of("lookup", "reserve", "charge", "publish", "refund", "release",
                "reserve", "charge", "publish", "refund", "release"), journal.entries(), "the second run hit the cache");

        Set<AttributeKey<?>> allowed = Set.of(TelemetryNames.PRIMITIVE_NAME, TelemetryNames.PRIMITIVE_TYPE,
                TelemetryNames.OUTCOME, TelemetryNames.ERROR_TYPE, TelemetryNames.ROUTE, TelemetryNames.CACHE_RESULT,
                TelemetryNames.CIRCUIT_STATE, TelemetryNames.WORKFLOW_NAME, TelemetryNames.SLO_NAME,
                TelemetryNames.SLO_KIND, TelemetryNames.SLO_RESULT, TelemetryNames.SLO_WINDOW,
                TelemetryNames.ANOMALY_KIND);
        for (MetricData metric : sdk.metrics.collectAllMetrics()) {
            for (PointData point : metric.getData().getPoints()) {
                Set<AttributeKey<?>> keys = point.getAttributes().asMap().keySet();
                assertTrue(allowed.containsAll(keys), metric.getName() + " has attributes " + keys);
            }
        }
        MetricData circuit = sdk.metric(TelemetryNames.CIRCUIT_STATE_METRIC);
        Attributes closed = Attributes.of(TelemetryNames.PRIMITIVE_NAME, "circuit_breaker",
                TelemetryNames.CIRCUIT_STATE, "closed");
        // Breakers sharing a name add up (an earlier test's breaker may not be collected yet): at least this one.
        assertTrue(circuit.getLongGaugeData().getPoints().stream()
                .anyMatch(p -> p.getAttributes().equals(closed) && p.getValue() >= 1), circuit.toString());
    }

    private Map<String, Long> counts(String metric, AttributeKey<String> by) {
        Map<String, Long> counts = new HashMap<>();
        for (LongPointData point : sdk.metric(metric).getLongSumData().getPoints()) {
            counts.merge(point.getAttributes().get(by), point.getValue(), Long::sum);
        }
        return counts;
    }

    private static void assertError(SpanData span, Class<?> errorType) {
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode(), span.getName() + " is ERROR");
        assertEquals(errorType.getName(), span.getAttributes().get(TelemetryNames.ERROR_TYPE), span.getName());
        assertInstanceOf(String.class, span.getEvents().get(0).getAttributes()
                .get(AttributeKey.stringKey("exception.type")), span.getName() + " records the exception");
    }

    private static SpanData single(List<SpanData> spans) {
        assertEquals(1, spans.size(), "expected one span, found " + names(spans));
        return spans.get(0);
    }

    private static List<SpanData> byStart(List<SpanData> spans) {
        return spans.stream().sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
                .collect(Collectors.toList());
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().map(SpanData::getName).collect(Collectors.toList());
    }
}
