package dev.tta.workflow;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.cost.Cost;
import dev.tta.workflow.internal.TelemetryRuntime;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * State and metric series per name are bounded: past the bounds, names are counted as {@code _overflow}, and the
 * workflow still runs with its spans under their own names. Runs in a JVM of its own (tag {@code own-jvm}): it fills
 * the process-wide name table, which other tests must not inherit.
 */
@Tag("own-jvm")
class BoundedStateTest {

    private TelemetryFixture telemetry;

    @BeforeEach
    void install() {
        telemetry = TelemetryFixture.install();
    }

    @AfterEach
    void uninstall() {
        telemetry.close();
    }

    @Test
    void tenThousandBreakerNamesKeepStateForAtMostTheBound() throws Exception {
        WorkflowPrimitive<String, String> echo = step("bounded.echo", (String input) -> input);
        CircuitBreaker<String, String> last = null;
        for (int i = 0; i < 10_000; i++) {
            last = Workflows.circuitBreaker(echo).named("breaker-" + i).build();
        }
        assertEquals("x", last.execute("x", WorkflowContext.start("bounded")));

        assertTrue(TelemetryRuntime.allStats().size() <= WorkflowTelemetry.maxPrimitiveNames() + 1,
                "statistics kept for " + TelemetryRuntime.allStats().size() + " names");
        assertEquals(1, WorkflowTelemetry.latency(WorkflowTelemetry.OVERFLOW_NAME).count(),
                "the overflowed breaker counts under the overflow name");
        assertEquals("breaker-9999", telemetry.span("breaker-9999").getName(), "its span keeps its name");
        Set<String> names = values(telemetry.metric(TelemetryNames.DURATION_METRIC).orElseThrow(),
                TelemetryNames.PRIMITIVE_NAME);
        assertTrue(names.contains(WorkflowTelemetry.OVERFLOW_NAME), names.toString());
        assertTrue(!names.contains("breaker-9999"), "no metric series of its own");
    }

    @Test
    void costMetricsTakeABoundedSetOfWorkflowAndModelNames() throws Exception {
        for (int i = 0; i < 200; i++) {
            WorkflowContext context = WorkflowContext.start("cost-workflow-" + i);
            String model = "model-" + i;
            step("bounded.cost", (String input, WorkflowContext inner) -> {
                inner.recordCost(Cost.tokens(model, 10, 5).withMoney(new BigDecimal("0.01"), "USD"));
                return input;
            }).execute("x", context);
        }

        MetricData cost = telemetry.metric(TelemetryNames.COST_METRIC).orElseThrow();
        Set<String> workflows = values(cost, TelemetryNames.WORKFLOW_NAME);
        assertTrue(workflows.size() <= 65, workflows.size() + " workflow names");
        assertTrue(workflows.contains("_overflow"), workflows.toString());
        MetricData tokens = telemetry.metric(TelemetryNames.GEN_AI_TOKEN_USAGE_METRIC).orElseThrow();
        Set<String> models = values(tokens, TelemetryNames.GEN_AI_REQUEST_MODEL);
        assertTrue(models.size() <= 65, models.size() + " model names");
        assertTrue(models.contains("_overflow"), models.toString());
        assertTrue(tokens.getData().getPoints().size() <= 2 * 1001, "bounded series");
    }

    private static Set<String> values(MetricData metric, AttributeKey<String> key) {
        Collection<? extends PointData> points = metric.getData().getPoints();
        return points.stream().map(point -> point.getAttributes().get(key)).filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }
}
