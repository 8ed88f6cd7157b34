package dev.tta.workflow.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.telemetry.LogCapture;
import dev.tta.workflow.telemetry.TelemetryNames;
import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.Test;

class MetricAttributesTest {

    private static final Attributes BASE = Attributes.of(TelemetryNames.PRIMITIVE_NAME, "Charge");

    @Test
    void eachWorkflowGetsTheBaseAttributesPlusItsNameBuiltOnce() {
        MetricAttributes attributes = MetricAttributes.of(BASE);

        Attributes checkout = attributes.forWorkflow("checkout");
        assertEquals(Attributes.of(TelemetryNames.PRIMITIVE_NAME, "Charge", TelemetryNames.WORKFLOW_NAME, "checkout"),
                checkout);
        Attributes refund = attributes.forWorkflow("refund");
        assertEquals("refund", refund.get(TelemetryNames.WORKFLOW_NAME));
        // The same instances again, for the last workflow and for the others, even from an equal, distinct string.
        assertSame(refund, attributes.forWorkflow("refund"));
        assertSame(checkout, attributes.forWorkflow(new String("checkout")));
        assertSame(refund, attributes.forWorkflow(WorkflowContext.start("refund").workflowName()));
    }

    @Test
    void withoutAWorkflowTheBaseAttributesServe() {
        MetricAttributes attributes = MetricAttributes.of(BASE);

        assertSame(BASE, attributes.forWorkflow(null));
        assertSame(BASE, attributes.base());
    }

    @Test
    void beyondTheBoundFurtherWorkflowsAreCountedWithoutTheirNameAndThatIsLoggedOnce() {
        MetricAttributes attributes = MetricAttributes.of(BASE);
        for (int i = 0; i < MetricAttributes.MAX_WORKFLOWS; i++) {
            assertEquals("w" + i, attributes.forWorkflow("w" + i).get(TelemetryNames.WORKFLOW_NAME));
        }
        try (LogCapture log = new LogCapture("dev.tta.workflow.telemetry", Level.WARN)) {
            assertSame(BASE, attributes.forWorkflow("order-4711"));
            assertSame(BASE, attributes.forWorkflow("order-4712"));

            assertEquals(1, log.events().size(), log.events().toString());
            String message = log.events().get(0).getFormattedMessage();
            assertTrue(message.contains("64 workflows") && message.contains("order-4711"), message);
        }
        // The names taken before the bound keep theirs.
        assertEquals("w3", attributes.forWorkflow("w3").get(TelemetryNames.WORKFLOW_NAME));
    }
}
