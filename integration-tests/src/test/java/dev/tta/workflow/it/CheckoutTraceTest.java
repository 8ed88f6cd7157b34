package dev.tta.workflow.it;

import static dev.tta.workflow.test.WorkflowAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.tta.workflow.context.WorkflowContext;
import dev.tta.workflow.WorkflowPrimitive;
import dev.tta.workflow.Workflows;
import dev.tta.workflow.example.checkout.ChargePayment;
import dev.tta.workflow.example.checkout.CheckoutWorkflow;
import dev.tta.workflow.example.checkout.Confirmation;
import dev.tta.workflow.example.checkout.InstrumentedChargePayment;
import dev.tta.workflow.example.checkout.InstrumentedConfirmOrder;
import dev.tta.workflow.example.checkout.InstrumentedValidateOrder;
import dev.tta.workflow.example.checkout.Order;
import dev.tta.workflow.example.checkout.Receipt;
import dev.tta.workflow.example.checkout.ValidateOrder;
import dev.tta.workflow.telemetry.LatencySnapshot;
import dev.tta.workflow.telemetry.TelemetryNames;
import dev.tta.workflow.WorkflowTelemetry;
import dev.tta.workflow.test.CapturedLog;
import dev.tta.workflow.test.TestTelemetry;
import dev.tta.workflow.test.WorkflowTelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The example, end to end, through generated classes and a real OpenTelemetry SDK: the test kit gives each
 * test its own SDK and its own percentiles, so no test depends on another's runs.
 */
class CheckoutTraceTest {

    /** With the recent-window gauges: one test reads the in-flight gauge. */
    @RegisterExtension
    final WorkflowTelemetryExtension kit = WorkflowTelemetryExtension.withWindowGauges();

    private static Order order(String customer) {
        return new Order("ord-1", customer, List.of("sku-1", "sku-2"), new BigDecimal("42.00"));
    }

    @Test
    void theExampleWorkflowYieldsExactlyOneTraceWithParentChildSpans(TestTelemetry telemetry) throws Exception {
        Map<String, Thread> threads = ThreadRecordingStep.newRecord();
        var workflow = new InstrumentedThreadRecordingStep("validate", threads)
                .then(Workflows.parallel(new InstrumentedThreadRecordingStep("a", threads),
                        new InstrumentedThreadRecordingStep("b", threads),
                        new InstrumentedThreadRecordingStep("c", threads)))
                .then(new InstrumentedAggregateStep());

        String result = workflow.execute("order", WorkflowContext.start("checkout"));

        assertEquals("order:validate:a|order:validate:b|order:validate:c", result);
        assertThat(telemetry).hasTraceCount(1).hasTree("""
                sequence
                  ThreadRecordingStep workflow.step.index=0 workflow.name=checkout
                  parallel workflow.step.index=1 workflow.name=checkout
                    ThreadRecordingStep [step] workflow.branch.index=0
                    ThreadRecordingStep [step] workflow.branch.index=1
                    ThreadRecordingStep [step] workflow.branch.index=2
                  AggregateStep workflow.step.index=2 workflow.name=checkout
                """).trace().isWellFormed();
        // Branches a and b run wherever they start first: a pool thread, or the calling thread helping.
        assertSame(Thread.currentThread(), threads.get("c"), "the last branch runs on the calling thread");
        assertEquals(Thread.currentThread(), threads.get("validate"));
    }

    @Test
    void checkoutWithGeneratedStepsProducesTheDocumentedSpanNames(TestTelemetry telemetry) throws Exception {
        WorkflowPrimitive<Order, Receipt> checkout = CheckoutWorkflow.create(0, 0, 0, 0);
        Order order = order("customer-1");

        Receipt receipt = checkout.execute(order, CheckoutWorkflow.contextFor(order));

        assertEquals(List.of("inventory", "payment", "shipping"),
                receipt.confirmations().stream().map(Confirmation::step).collect(Collectors.toList()));
        assertThat(telemetry)
                .hasTree("checkout(ValidateOrder, parallel(ReserveInventory, payment.charge, QuoteShipping), ConfirmOrder)")
                .step("payment.charge").hasAttribute(TelemetryNames.CODE_FUNCTION_NAME,
                        "dev.tta.workflow.example.checkout.ChargePayment.execute");
        assertEquals("payment.charge", new InstrumentedChargePayment(0).name(), "@Observed(name) is the name()");
    }

    @Test
    void failingBranchMarksItsSpanAndEveryAncestorAndTheCallerGetsTheOriginalException(TestTelemetry telemetry) {
        // The failing branch waits until both siblings run, so their cancellation is what is observed.
        CountDownLatch siblingsStarted = new CountDownLatch(2);
        var workflow = new InstrumentedValidateOrder(0)
                .then(Workflows.parallel(new InstrumentedArriveThenPause(siblingsStarted, 10_000),
                        new InstrumentedDeclineOnceSiblingsStarted(siblingsStarted),
                        new InstrumentedArriveThenPause(siblingsStarted, 10_000)))
                .then(new InstrumentedConfirmOrder());
        Order order = order("blocked-7");

        ChargePayment.PaymentDeclinedException declined = assertThrows(ChargePayment.PaymentDeclinedException.class,
                () -> workflow.execute(order, CheckoutWorkflow.contextFor(order)));

        assertEquals("card of blocked-7 declined", declined.getMessage());
        assertEquals(0, declined.getSuppressed().length, "the user's exception is not modified");
        assertEquals("dev.tta.workflow.example.checkout.ChargePayment",
                declined.getStackTrace()[0].getClassName(), "the original stack trace");
        // A sibling still running when the branch failed is interrupted, not left behind; nothing runs after.
        assertThat(telemetry).hasTree("""
                sequence ERROR
                  ValidateOrder OK
                  parallel ERROR
                    ArriveThenPause ERROR error.type=java.lang.InterruptedException ×2
                    payment.charge ERROR
                """).trace().isWellFormed()
                .step("payment.charge").failedWith(ChargePayment.PaymentDeclinedException.class).hasEvent("exception")
                .and().step("parallel").failedWith(ChargePayment.PaymentDeclinedException.class).hasEvent("exception")
                .and().step("sequence").failedWith(ChargePayment.PaymentDeclinedException.class);
        assertThat(telemetry).logs().hasEvent(TelemetryNames.EVENT_FAILED, "payment.charge");
    }

    @Test
    void logsEmittedByAStepCarryItsTraceAndSpanIds(TestTelemetry telemetry) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ValidateOrder.class);
        Level previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try {
            Order order = order("customer-2");
            WorkflowContext context = CheckoutWorkflow.contextFor(order).withCorrelationId("req-99");
            CheckoutWorkflow.create(0, 0, 0, 0).execute(order, context);

            assertThat(telemetry).logsCarryTraceId().logs()
                    .hasEvent(TelemetryNames.EVENT_COMPLETED, "ValidateOrder");
            SpanData validate = telemetry.trace().named("ValidateOrder").get(0).span();
            List<CapturedLog> lines = telemetry.logs().stream()
                    .filter(line -> line.message().equals("order ord-1 is valid")
                            || "ValidateOrder".equals(line.primitive()))
                    .collect(Collectors.toList());
            assertTrue(lines.size() >= 2, lines.toString());
            for (CapturedLog line : lines) {
                assertEquals(validate.getSpanId(), line.spanId(), line.toString());
                assertEquals(context.workflowId(), line.mdc().get(TelemetryNames.MDC_WORKFLOW_ID));
                assertEquals("req-99", line.mdc().get(TelemetryNames.MDC_CORRELATION_ID));
            }
        } finally {
            logger.setLevel(previous);
        }
    }

    @Test
    void percentilesAfterManyRunsFallInTheRangeOfTheKnownStepLatencies() throws Exception {
        var workflow = Workflows.parallel(new InstrumentedShortPause(), new InstrumentedLongPause())
                .named("it.pause.both");
        for (int i = 0; i < 30; i++) {
            workflow.execute("x", WorkflowContext.start("percentiles"));
        }

        // This test's runs only, whatever other tests ran with the same steps.
        LatencySnapshot shortPause = WorkflowTelemetry.latency("it.pause.short");
        LatencySnapshot longPause = WorkflowTelemetry.latency("it.pause.long");
        LatencySnapshot both = WorkflowTelemetry.latency("it.pause.both");
        assertEquals(30, shortPause.count());
        assertEquals(30, longPause.count());
        assertEquals(30, both.count());
        // A sleep lasts at least as long as asked, and a block at least as long as each branch in every run, so
        // these hold however loaded the machine is.
        assertTrue(shortPause.p50().compareTo(Duration.ofMillis(8)) >= 0, shortPause.toString());
        assertTrue(longPause.p50().compareTo(Duration.ofMillis(12)) >= 0, longPause.toString());
        List<Function<LatencySnapshot, Duration>> percentiles = List.of(
                LatencySnapshot::p50, LatencySnapshot::p90, LatencySnapshot::p99, LatencySnapshot::max);
        for (Function<LatencySnapshot, Duration> percentile : percentiles) {
            for (LatencySnapshot branch : List.of(shortPause, longPause)) {
                assertTrue(percentile.apply(both).compareTo(percentile.apply(branch)) >= 0, both + " vs " + branch);
            }
        }
        // Only a unit mistake (micros read as nanos...) could break this upper bound.
        assertTrue(longPause.p50().compareTo(Duration.ofSeconds(5)) < 0, longPause.toString());
    }

    @Test
    void metricsHaveTheDocumentedNamesAndLowCardinalityAttributes(TestTelemetry telemetry) throws Exception {
        Order order = order("customer-3");
        CheckoutWorkflow.create(0, 0, 0, 0).execute(order, CheckoutWorkflow.contextFor(order));

        assertThat(telemetry).hasMetricsMatchingTrace().metrics().hasConsistentAttributeKeys()
                .measuredExactly("checkout", "ValidateOrder", "parallel", "ReserveInventory", "payment.charge",
                        "QuoteShipping", "ConfirmOrder");
        List<MetricData> metrics = telemetry.metrics();
        MetricData duration = metric(metrics, TelemetryNames.DURATION_METRIC);
        assertEquals("s", duration.getUnit());
        Map<String, Attributes> byName = duration.getHistogramData().getPoints().stream()
                .map(HistogramPointData::getAttributes)
                .collect(Collectors.toMap(a -> a.get(TelemetryNames.PRIMITIVE_NAME), a -> a, (a, b) -> a));
        Attributes payment = byName.get("payment.charge");
        assertEquals(Set.of(TelemetryNames.PRIMITIVE_NAME, TelemetryNames.PRIMITIVE_TYPE, TelemetryNames.OUTCOME,
                TelemetryNames.WORKFLOW_NAME), payment.asMap().keySet(), "no ids, no inputs on metrics");
        assertEquals("checkout", payment.get(TelemetryNames.WORKFLOW_NAME));
        assertEquals(TelemetryNames.TYPE_STEP, payment.get(TelemetryNames.PRIMITIVE_TYPE));
        assertEquals(TelemetryNames.OUTCOME_SUCCESS, payment.get(TelemetryNames.OUTCOME));
        assertEquals(TelemetryNames.TYPE_SEQUENTIAL, byName.get("checkout").get(TelemetryNames.PRIMITIVE_TYPE));
        assertEquals(TelemetryNames.TYPE_PARALLEL, byName.get("parallel").get(TelemetryNames.PRIMITIVE_TYPE));

        MetricData active = metric(metrics, TelemetryNames.ACTIVE_METRIC);
        assertTrue(active.getLongSumData().getPoints().stream().allMatch(p -> p.getValue() == 0),
                "nothing is in flight once the workflow returned");
    }

    private static MetricData metric(List<MetricData> metrics, String name) {
        return metrics.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric named " + name));
    }
}
