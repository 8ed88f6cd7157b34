package dev.tta.workflow.test;

// README: begin
import static dev.tta.workflow.test.FakeSteps.step;
import static dev.tta.workflow.test.WorkflowAssertions.assertThat;

import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.test.FakeSteps;
import dev.tta.workflow.test.TestTelemetry;
import dev.tta.workflow.test.WorkflowTelemetryExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WorkflowTelemetryExtension.class)
class CheckoutTelemetryTest {

    // FakeSteps stand in for your own @Observed steps here.
    private final WorkflowPrimitive<String, String> checkout = FakeSteps.<String>step("validate")
            .then(Workflows.<String, String>parallel(step("stock"), step("price")).named("quote"))
            .then(step("charge", (List<String> quotes) -> String.join(",", quotes)))
            .named("checkout");

    @Test
    void oneTraceItsMetricsAndItsLogs(TestTelemetry telemetry) throws Exception {
        checkout.execute("order-1", WorkflowContext.start("checkout"));

        assertThat(telemetry)
                .hasTree("checkout(validate, quote(price, stock), charge)") // branches match in any order
                .hasMetricsMatchingTrace()  // each primitive measured once per span, nothing else
                .logsCarryTraceId();        // every log line written inside a step carries the trace id
        assertThat(telemetry).step("charge").succeeded().hasParent("checkout");
    }
}
// README: end
