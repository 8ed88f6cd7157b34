package dev.tta.workflow.spi;

import static dev.tta.workflow.TestSteps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tta.workflow.TelemetryFixture;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.cost.Cost;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** An execution makes its cost ledger only when a cost is recorded in its subtree, whichever thread records it. */
class CostOwnerTest {

    @Test
    void onlyExecutionsWhoseSubtreeRecordsACostHaveALedger() throws Exception {
        Map<String, Invocation> ended = new ConcurrentHashMap<>();
        WorkflowPrimitive<String, String> free = step("owner.free", (String input) -> input);
        WorkflowPrimitive<String, String> paid = step("owner.paid", (String input, WorkflowContext context) -> {
            context.recordCost(Cost.tokens("model", 3, 4));
            return input;
        });
        var workflow = Workflows.parallel(paid, paid, paid, free).named("owner.block");
        try (TelemetryFixture telemetry = TelemetryFixture.install();
                ExecutionObservers.Registration ignored = ExecutionObservers.register(new ExecutionObserver() {
                    @Override
                    public void onEnd(Execution execution, Object state) {
                        ended.put(execution.name(), (Invocation) execution);
                    }
                })) {
            WorkflowContext run = WorkflowContext.start("owner");
            workflow.execute("x", run);

            assertNull(ended.get("owner.free").recordedCosts(), "no cost, no ledger");
            assertNotNull(ended.get("owner.paid").recordedCosts());
            // The block's ledger, made by whichever branch recorded first, holds all three branches' costs.
            assertEquals(9, ended.get("owner.block").cost().inputTokens());
            assertEquals(12, ended.get("owner.block").cost().outputTokens());
            assertEquals(9, run.cost().inputTokens());
        }
    }
}
