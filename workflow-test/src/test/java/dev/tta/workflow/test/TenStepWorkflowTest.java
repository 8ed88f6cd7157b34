package dev.tta.workflow.test;

import static dev.tta.workflow.test.FakeSteps.step;
import static dev.tta.workflow.test.WorkflowAssertions.assertThat;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The kit's headline: a ten-step workflow with a parallel block, its tree, metrics and log correlation in 3 lines. */
@ExtendWith(WorkflowTelemetryExtension.class)
class TenStepWorkflowTest {

    private static final WorkflowPrimitive<String, String> CHECKOUT = FakeSteps.<String>step("validate")
            .then(step("reserve"))
            .then(Workflows.<String, String>parallel(step("fetchProfile"), step("fetchOrders"), step("fetchPrices"))
                    .named("enrich"))
            .then(step("price", (List<String> parts) -> String.join(",", parts)))
            .then(step("tax")).then(step("charge")).then(step("ship")).then(step("notify"))
            .named("checkout");

    @Test
    void treeMetricsAndLogsInThreeLines(TestTelemetry telemetry) throws Exception {
        CHECKOUT.execute("order-1", WorkflowContext.start("checkout"));

        assertThat(telemetry)
                .hasTree("checkout(validate, reserve, enrich(fetchPrices, fetchOrders, fetchProfile), price, tax, charge, ship, notify)")
                .hasMetricsMatchingTrace()
                .logsCarryTraceId();
    }
}
