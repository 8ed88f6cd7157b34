package dev.tta.workflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.example.checkout.CheckoutWorkflow;
import dev.tta.workflow.example.checkout.Order;
import dev.tta.workflow.example.checkout.Receipt;
import dev.tta.workflow.example.checkout.ValidateOrder;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.WorkflowTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** With the OpenTelemetry API alone, workflows run, and percentiles and logs still work; an SDK can come later. */
class NoSdkTest {

    @BeforeEach
    @AfterEach
    void noSdk() {
        WorkflowTelemetry.useGlobal();
        GlobalOpenTelemetry.resetForTest();
    }

    private static Order order() {
        return new Order("ord-n", "customer-n", List.of("sku"), BigDecimal.TEN);
    }

    @Test
    void workflowRunsOnTheApiAloneWithPercentilesAndCorrelatedLogs() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ValidateOrder.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level previous = logger.getLevel();
        logger.setLevel(Level.INFO);
        try {
            long before = WorkflowTelemetry.latency("ValidateOrder").count();
            WorkflowPrimitive<Order, Receipt> checkout = CheckoutWorkflow.create(0, 0, 0, 0);
            WorkflowContext context = CheckoutWorkflow.contextFor(order());

            Receipt receipt = checkout.execute(order(), context);

            assertEquals(3, receipt.confirmations().size());
            assertEquals(before + 1, WorkflowTelemetry.latency("ValidateOrder").count());
            ILoggingEvent line = appender.list.stream()
                    .filter(e -> e.getFormattedMessage().equals("order ord-n is valid")).findFirst().orElseThrow();
            assertEquals(context.workflowId(), line.getMDCPropertyMap().get(TelemetryNames.MDC_WORKFLOW_ID));
            assertNull(line.getMDCPropertyMap().get(TelemetryNames.MDC_TRACE_ID), "no SDK, no trace id");
            assertFalse(GlobalOpenTelemetry.isSet(), "the library never locks the global to the no-op instance");
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(previous);
        }
    }

    @Test
    void anSdkRegisteredGloballyAfterTheClassesWereLoadedIsUsed() throws Exception {
        WorkflowPrimitive<Order, Receipt> checkout = CheckoutWorkflow.create(0, 0, 0, 0);
        checkout.execute(order(), CheckoutWorkflow.contextFor(order())); // classes loaded, no SDK yet

        try (Sdk sdk = new Sdk()) {
            GlobalOpenTelemetry.set(sdk.openTelemetry);
            // An unset global is looked at again at most every 100 ms; sleeping past that cannot flake.
            Thread.sleep(150);
            checkout.execute(order(), CheckoutWorkflow.contextFor(order()));

            assertEquals(7, sdk.finished().size(), "every span of the second run reached the late SDK");
            assertEquals("checkout", sdk.root().getName());
        }
    }
}
