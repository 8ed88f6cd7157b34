package dev.tta.workflow.it;

import static dev.tta.workflow.test.WorkflowAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.slo.SloStatus;
import dev.tta.workflow.spi.PrimitiveTelemetry;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.test.TestTelemetry;
import dev.tta.workflow.test.WorkflowTelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A step compiled through the processor with {@code @LatencySlo} and {@code @AvailabilitySlo}: after good and bad
 * executions its objectives' state is right in process, in the exported metrics and in the report, and the
 * compilation's descriptor lists it. The test kit gives the test objectives' trackers of its own: the counts below are
 * this test's executions only.
 */
class SloTest {

    @Test
    @ExtendWith(WorkflowTelemetryExtension.class)
    void goodAndBadExecutionsShowInTheStatusTheMetricsAndTheReport(TestTelemetry telemetry) throws Exception {
        {
            // The SDK's first span and metrics cost class loading: let a primitive of its own pay it.
            PrimitiveTelemetry.forPrimitive("it.slo.warm-up", "custom", SloTest.class)
                    .begin(WorkflowContext.start("it-warm-up"), null).end();
            WorkflowPrimitive<String, String> answer = new InstrumentedAnswerQuestion();
            for (String mode : List.of("ok", "ok", "ok", "ok", "ok", "ok", "slow", "fail", "fail")) {
                if (mode.equals("fail")) {
                    assertThrows(IllegalStateException.class,
                            () -> answer.execute(mode, WorkflowContext.start("it-support")));
                } else {
                    answer.execute(mode, WorkflowContext.start("it-support"));
                }
            }

            // Latency: the seven successful answers, one of them slow; failures are no latency events.
            SloStatus latency = WorkflowTelemetry.sloStatus("it.slo.answer", "latency-500ms");
            assertEquals(6, latency.good());
            assertEquals(7, latency.total());
            assertEquals((1.0 / 7) / 0.1, latency.burnRate(Duration.ofMinutes(5)), 1e-9);
            assertEquals(1 - (1.0 / 7) / 0.1, latency.errorBudgetRemaining(), 1e-9);
            // Availability: all nine, two failed: the 1 % budget is overspent many times.
            SloStatus availability = WorkflowTelemetry.sloStatus("it.slo.answer", "availability");
            assertEquals(7, availability.good());
            assertEquals(9, availability.total());
            assertEquals((2.0 / 9) / 0.01, availability.burnRate(Duration.ofHours(1)), 1e-9);
            assertFalse(availability.isMet());

            assertThat(telemetry).hasTraceCount(10)
                    .hasSloEvents("it.slo.answer", "latency-500ms", 6, 1)
                    .hasSloEvents("it.slo.answer", "availability", 7, 2);
            Map<Attributes, Long> events = telemetry.metrics().stream()
                    .filter(metric -> metric.getName().equals(TelemetryNames.SLO_EVENTS_METRIC))
                    .flatMap(metric -> metric.getLongSumData().getPoints().stream())
                    .filter(point -> "it.slo.answer".equals(point.getAttributes().get(TelemetryNames.PRIMITIVE_NAME)))
                    .collect(Collectors.toMap(LongPointData::getAttributes, LongPointData::getValue));
            assertEquals(Map.of(
                    event("latency-500ms", "latency", "good"), 6L,
                    event("latency-500ms", "latency", "bad"), 1L,
                    event("availability", "availability", "good"), 7L,
                    event("availability", "availability", "bad"), 2L), events);

            String table = WorkflowTelemetry.report().toTable();
            assertTrue(table.lines().anyMatch(line -> line.matches(
                    "it\\.slo\\.answer +availability +availability +99% +7 +9 .*")), table);
        }
    }

    @Test
    void theDescriptorOfThisCompilationListsTheStepWithItsWorkflowAndObjectives() throws IOException {
        // One descriptor per compilation on the class path: the example's (main) and this module's tests'.
        List<URL> descriptors = Collections.list(getClass().getClassLoader()
                .getResources("META-INF/tta-workflow/primitives.json"));
        assertEquals(2, descriptors.size(), descriptors::toString);
        List<String> texts = new ArrayList<>();
        for (URL descriptor : descriptors) {
            try (InputStream in = descriptor.openStream()) {
                texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        String tests = texts.stream().filter(text -> text.contains("\"it.slo.answer\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no descriptor lists it.slo.answer: " + texts));
        assertTrue(tests.contains("""
                    {
                      "name": "it.slo.answer",
                      "type": "step",
                      "workflow": "it-support",
                      "source": "dev.tta.workflow.it.AnswerQuestion",
                      "slos": [
                        {"name": "latency-500ms", "kind": "latency", "target": 0.9, "thresholdSeconds": 0.5, \
                "periodDays": 30},
                        {"name": "availability", "kind": "availability", "target": 0.99, "periodDays": 30}
                      ]
                    }"""), tests);
        assertTrue(texts.stream().anyMatch(text -> text.contains("\"source\": \"dev.tta.workflow.example.checkout.")),
                "the example's descriptor lists its steps: " + texts);
    }

    private static Attributes event(String slo, String kind, String result) {
        return Attributes.builder()
                .put(TelemetryNames.PRIMITIVE_NAME, "it.slo.answer")
                .put(TelemetryNames.WORKFLOW_NAME, "it-support")
                .put(TelemetryNames.SLO_NAME, slo)
                .put(TelemetryNames.SLO_KIND, kind)
                .put(TelemetryNames.SLO_RESULT, result)
                .build();
    }
}
