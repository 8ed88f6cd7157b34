package dev.tta.workflow.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tta.workflow.Backoff;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.cost.Cost;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The renderer the demo prints with: one line a span, connectors, and the attributes that tell the story. */
@ExtendWith(WorkflowTelemetryExtension.class)
class TraceTreePrinterTest {

    @Test
    void rendersTheTreeWithItsStory(TestTelemetry telemetry) throws Exception {
        var answer = FakeSteps.<String>step("validate")
                .then(Workflows.retry(FakeSteps.failingTimes("draft", 1, (String s) -> s), 2, Backoff.none()))
                .then(FakeSteps.costing("bill", Cost.money(new BigDecimal("0.0021"), "USD")))
                .named("answer");
        answer.execute("q", WorkflowContext.start("answer").withCorrelationId("req-7"));

        String tree = telemetry.trace().render();
        List<String> lines = tree.lines().toList();
        assertThat(lines.get(0)).isEqualTo("trace " + telemetry.trace().traceId());
        assertThat(lines.get(1)).startsWith("answer [sequential]").contains("  ok  correlation_id=req-7")
                .contains("cost=0.0021 USD");
        assertThat(lines.get(2)).startsWith("├─ validate [step]");
        assertThat(lines.get(3)).startsWith("├─ retry [retry]");
        assertThat(lines.get(4)).startsWith("│  ├─ draft [step]").contains("ERROR  attempt=1")
                .contains("IllegalStateException: draft fails (call 1 of 1 failing)");
        assertThat(lines.get(5)).startsWith("│  └─ draft [step]").contains("ok  attempt=2");
        assertThat(lines.get(6)).startsWith("└─ bill [step]").endsWith("cost=0.0021 USD");
        assertThat(lines).hasSize(7);
        assertThat(TraceTreePrinter.renderAll(telemetry.spans())).isEqualTo(tree);
    }
}
