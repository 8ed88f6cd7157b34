package dev.tta.workflow.it;

import static dev.tta.workflow.test.WorkflowAssertions.assertThat;
import static dev.tta.workflow.test.WorkflowAssertions.assertThatMetrics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.it.AgentSteps.Journal;
import dev.tta.workflow.Backoff;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.test.TestTelemetry;
import dev.tta.workflow.test.WorkflowTelemetryExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One workflow mixing every built-in primitive, through generated steps and a real SDK: each retry attempt (the
 * retried primitive's span, numbered), fallback alternative and saga compensation nests under the right parent, and
 * each error shows on the span where it happened.
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
@ExtendWith(WorkflowTelemetryExtension.class)
class MixedPrimitivesTraceTest {

    private Journal journal;
    private WorkflowPrimitive<String, String> agent;

    @BeforeEach
    void build() {
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

    @Test
    void everyAttemptAlternativeAndCompensationNestsUnderItsPrimitiveInOneTrace(TestTelemetry telemetry) {
        AgentSteps.PublishException failure = assertThrows(AgentSteps.PublishException.class,
                () -> agent.execute(" what is a saga? ", WorkflowContext.start("agent")));

        // Behaviour: the saga undid what it had done, last first, and the failed refund travels with the failure.
        assertEquals(List.of("lookup", "reserve", "charge", "publish", "refund", "release"), journal.entries());
        assertEquals("channel closed", failure.getMessage());
        assertEquals(1, failure.getSuppressed().length);
        assertEquals("billing refused the refund", failure.getSuppressed()[0].getMessage());

        // One trace; every attempt, alternative and compensation under its primitive, each error where it happened.
        assertThat(telemetry).hasTraceCount(1).hasTree("""
                agent ERROR error.type=dev.tta.workflow.it.AgentSteps$PublishException
                  Classify
                  profile cache.result=miss
                    LookupProfile
                  model route=small
                    retry OK
                      circuit_breaker ERROR workflow.retry.attempt=1 workflow.circuit.state=closed
                        timeout ERROR error.type=java.io.IOException
                          CallModel ERROR
                      circuit_breaker ERROR workflow.retry.attempt=2 error.type=dev.tta.workflow.WorkflowTimeoutException
                        timeout ERROR error.type=dev.tta.workflow.WorkflowTimeoutException
                          CallModel ERROR error.type=java.lang.InterruptedException
                      circuit_breaker OK workflow.retry.attempt=3 workflow.circuit.state=closed
                        timeout OK
                          CallModel OK
                  conditional workflow.conditional.branch=then
                    Summarize
                  enrich OK
                    workflow.fallback.alternative ERROR workflow.fallback.index=0 error.type=java.io.IOException
                      PrimaryEnricher
                    workflow.fallback.alternative OK workflow.fallback.index=1
                      BackupEnricher
                  credits ERROR error.type=dev.tta.workflow.it.AgentSteps$PublishException
                    ReserveCredits
                    ChargeCredits
                    Publish
                    workflow.saga.compensation ERROR workflow.saga.step.index=1 error.type=java.lang.IllegalStateException
                      RefundCredits
                    workflow.saga.compensation OK workflow.saga.step.index=0
                      ReleaseCredits
                """).trace()
                // Not isWellFormed(): a timeout gives up on its call, whose span ends later, after the interruption.
                // The hung call was interrupted where it hung, and the retry scheduled two more attempts.
                .step("CallModel", 1).hasEvent("exception").failedWith(InterruptedException.class)
                .and().step("retry").hasEvent(TelemetryNames.RETRY_SCHEDULED_EVENT).hasAttempts(3)
                .and().step("RefundCredits").hasEvent("exception")
                .and().step("agent").hasEvent("exception");
    }

    @Test
    void metricsOfEveryFamilyHaveTheDocumentedNamesAndOnlyLowCardinalityAttributes(TestTelemetry telemetry) {
        assertThrows(AgentSteps.PublishException.class,
                () -> agent.execute("first question", WorkflowContext.start("agent")));
        assertThrows(AgentSteps.PublishException.class,
                () -> agent.execute("first question", WorkflowContext.start("agent")));

        String outcome = TelemetryNames.OUTCOME.getKey();
        String primitive = TelemetryNames.PRIMITIVE_NAME.getKey();
        List<MetricData> metrics = telemetry.metrics();
        assertThatMetrics(metrics).hasConsistentAttributeKeys()
                .hasCounter(TelemetryNames.RETRY_ATTEMPTS_METRIC, 4)
                .hasCounter(TelemetryNames.RETRY_ATTEMPTS_METRIC, 2, outcome, "retried")
                .hasCounter(TelemetryNames.RETRY_ATTEMPTS_METRIC, 2, outcome, "success")
                .hasCounter(TelemetryNames.ROUTER_DECISIONS_METRIC, 2, TelemetryNames.ROUTE.getKey(), "small")
                .hasCounter(TelemetryNames.ROUTER_DECISIONS_METRIC, 2)
                .hasCounter(TelemetryNames.CACHE_REQUESTS_METRIC, 1, TelemetryNames.CACHE_RESULT.getKey(), "miss")
                .hasCounter(TelemetryNames.CACHE_REQUESTS_METRIC, 1, TelemetryNames.CACHE_RESULT.getKey(), "hit")
                .hasCounter(TelemetryNames.FALLBACK_ACTIVATIONS_METRIC, 2, primitive, "enrich")
                .hasCounter(TelemetryNames.TIMEOUT_EXPIRATIONS_METRIC, 1, primitive, "timeout")
                .hasCounter(TelemetryNames.SAGA_COMPENSATIONS_METRIC, 2, outcome, "success")
                .hasCounter(TelemetryNames.SAGA_COMPENSATIONS_METRIC, 2, outcome, "failure");
        assertEquals(List.of("lookup", "reserve", "charge", "publish", "refund", "release",
                "reserve", "charge", "publish", "refund", "release"), journal.entries(), "the second run hit the cache");

        Set<AttributeKey<?>> allowed = Set.of(TelemetryNames.PRIMITIVE_NAME, TelemetryNames.PRIMITIVE_TYPE,
                TelemetryNames.OUTCOME, TelemetryNames.ERROR_TYPE, TelemetryNames.ROUTE, TelemetryNames.CACHE_RESULT,
                TelemetryNames.CIRCUIT_STATE, TelemetryNames.WORKFLOW_NAME, TelemetryNames.SLO_NAME,
                TelemetryNames.SLO_KIND, TelemetryNames.SLO_RESULT, TelemetryNames.SLO_WINDOW,
                TelemetryNames.ANOMALY_KIND);
        for (MetricData metric : metrics) {
            for (PointData point : metric.getData().getPoints()) {
                Set<AttributeKey<?>> keys = point.getAttributes().asMap().keySet();
                assertTrue(allowed.containsAll(keys), metric.getName() + " has attributes " + keys);
            }
        }
        MetricData circuit = metrics.stream().filter(m -> m.getName().equals(TelemetryNames.CIRCUIT_STATE_METRIC))
                .findFirst().orElseThrow();
        Attributes closed = Attributes.of(TelemetryNames.PRIMITIVE_NAME, "circuit_breaker",
                TelemetryNames.CIRCUIT_STATE, "closed");
        // Breakers sharing a name add up (an earlier test's breaker may not be collected yet): at least this one.
        assertTrue(circuit.getLongGaugeData().getPoints().stream()
                .anyMatch(p -> p.getAttributes().equals(closed) && p.getValue() >= 1), circuit.toString());
    }

}
