package dev.tta.workflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The example, end to end, through generated classes and a real OpenTelemetry SDK. */
class CheckoutTraceTest {

    private Sdk sdk;

    @BeforeEach
    void install() {
        sdk = Sdk.installed();
    }

    @AfterEach
    void close() {
        sdk.close();
    }

    private static Order order(String customer) {
        return new Order("ord-1", customer, List.of("sku-1", "sku-2"), new BigDecimal("42.00"));
    }

    @Test
    void theExampleWorkflowYieldsExactlyOneTraceWithParentChildSpans() throws Exception {
        Map<String, Thread> threads = ThreadRecordingStep.newRecord();
        var workflow = new InstrumentedThreadRecordingStep("validate", threads)
                .then(Workflows.parallel(new InstrumentedThreadRecordingStep("a", threads),
                        new InstrumentedThreadRecordingStep("b", threads),
                        new InstrumentedThreadRecordingStep("c", threads)))
                .then(new InstrumentedAggregateStep());

        String result = workflow.execute("order", WorkflowContext.start("checkout"));

        assertEquals("order:validate:a|order:validate:b|order:validate:c", result);
        Set<String> traceIds = sdk.finished().stream().map(SpanData::getTraceId).collect(Collectors.toSet());
        assertEquals(1, traceIds.size(), "one trace");
        assertEquals(7, sdk.finished().size(), "the sequence, its 3 steps and the 3 branches");

        SpanData root = sdk.root();
        assertEquals("sequence", root.getName());
        List<SpanData> steps = sdk.children(root);
        assertEquals(List.of("ThreadRecordingStep", "parallel", "AggregateStep"),
                steps.stream().map(SpanData::getName).collect(Collectors.toList()));
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i, steps.get(i).getAttributes().get(TelemetryNames.STEP_INDEX));
            assertEquals("checkout", steps.get(i).getAttributes().get(TelemetryNames.WORKFLOW_NAME));
        }
        List<SpanData> branches = sdk.children(steps.get(1));
        assertEquals(3, branches.size());
        for (int i = 0; i < branches.size(); i++) {
            assertEquals(i, branches.get(i).getAttributes().get(TelemetryNames.BRANCH_INDEX));
            assertEquals(TelemetryNames.TYPE_STEP, branches.get(i).getAttributes().get(TelemetryNames.PRIMITIVE_TYPE));
        }
        for (String branch : List.of("a", "b", "c")) {
            assertNotSame(Thread.currentThread(), threads.get(branch), "branch " + branch + " ran on another thread");
        }
        assertEquals(Thread.currentThread(), threads.get("validate"));
    }

    @Test
    void checkoutWithGeneratedStepsProducesTheDocumentedSpanNames() throws Exception {
        WorkflowPrimitive<Order, Receipt> checkout = CheckoutWorkflow.create(0, 0, 0, 0);
        Order order = order("customer-1");

        Receipt receipt = checkout.execute(order, CheckoutWorkflow.contextFor(order));

        assertEquals(List.of("inventory", "payment", "shipping"),
                receipt.confirmations().stream().map(Confirmation::step).collect(Collectors.toList()));
        SpanData root = sdk.root();
        assertEquals("checkout", root.getName());
        assertEquals(List.of("ReserveInventory", "payment.charge", "QuoteShipping"),
                sdk.children(sdk.named("parallel")).stream().map(SpanData::getName).collect(Collectors.toList()));
        assertEquals("dev.tta.workflow.example.checkout.ChargePayment.execute",
                sdk.named("payment.charge").getAttributes().get(TelemetryNames.CODE_FUNCTION_NAME));
        assertEquals("payment.charge", new InstrumentedChargePayment(0).name(), "@Observed(name) is the name()");
    }

    @Test
    void failingBranchMarksItsSpanAndEveryAncestorAndTheCallerGetsTheOriginalException() {
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
        SpanData payment = sdk.named("payment.charge");
        for (SpanData failed : List.of(payment, sdk.named("parallel"), sdk.root())) {
            assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode(), failed.getName());
            assertEquals(ChargePayment.PaymentDeclinedException.class.getName(),
                    failed.getAttributes().get(TelemetryNames.ERROR_TYPE), failed.getName());
            assertEquals("exception", failed.getEvents().get(0).getName(), failed.getName());
        }
        SpanData parallel = sdk.named("parallel");
        List<SpanData> siblings = sdk.finished().stream().filter(s -> s.getName().equals("ArriveThenPause"))
                .collect(Collectors.toList());
        assertEquals(2, siblings.size(), "both siblings' spans ended");
        for (SpanData sibling : siblings) {
            assertEquals(parallel.getSpanId(), sibling.getParentSpanId());
            assertTrue(sibling.getEndEpochNanos() <= parallel.getEndEpochNanos(), "ended inside the block");
            assertEquals(InterruptedException.class.getName(), sibling.getAttributes().get(TelemetryNames.ERROR_TYPE),
                    "a sibling still running when the branch failed is interrupted, not left behind");
        }
        assertTrue(sdk.finished().stream().noneMatch(s -> s.getName().equals("ConfirmOrder")),
                "the step after the failure did not run");
    }

    @Test
    void logsEmittedByAStepCarryItsTraceAndSpanIds() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ValidateOrder.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try {
            Order order = order("customer-2");
            WorkflowContext context = CheckoutWorkflow.contextFor(order).withCorrelationId("req-99");
            CheckoutWorkflow.create(0, 0, 0, 0).execute(order, context);

            SpanData validate = sdk.named("ValidateOrder");
            List<ILoggingEvent> events = appender.list;
            ILoggingEvent userLine = events.stream().filter(e -> e.getFormattedMessage().equals("order ord-1 is valid"))
                    .findFirst().orElseThrow();
            ILoggingEvent completed = events.stream()
                    .filter(e -> e.getMessage().equals(TelemetryNames.EVENT_COMPLETED)).findFirst().orElseThrow();
            for (ILoggingEvent event : List.of(userLine, completed)) {
                Map<String, String> mdc = event.getMDCPropertyMap();
                assertEquals(validate.getTraceId(), mdc.get(TelemetryNames.MDC_TRACE_ID));
                assertEquals(validate.getSpanId(), mdc.get(TelemetryNames.MDC_SPAN_ID));
                assertEquals(context.workflowId(), mdc.get(TelemetryNames.MDC_WORKFLOW_ID));
                assertEquals("req-99", mdc.get(TelemetryNames.MDC_CORRELATION_ID));
            }
        } finally {
            logger.detachAppender(appender);
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
    void metricsHaveTheDocumentedNamesAndLowCardinalityAttributes() throws Exception {
        Order order = order("customer-3");
        CheckoutWorkflow.create(0, 0, 0, 0).execute(order, CheckoutWorkflow.contextFor(order));

        MetricData duration = sdk.metric(TelemetryNames.DURATION_METRIC);
        assertEquals("s", duration.getUnit());
        Map<String, Attributes> byName = duration.getHistogramData().getPoints().stream()
                .map(HistogramPointData::getAttributes)
                .collect(Collectors.toMap(a -> a.get(TelemetryNames.PRIMITIVE_NAME), a -> a, (a, b) -> a));
        assertEquals(Set.of("checkout", "ValidateOrder", "parallel", "ReserveInventory", "payment.charge",
                "QuoteShipping", "ConfirmOrder"), byName.keySet());
        Attributes payment = byName.get("payment.charge");
        assertEquals(Set.of(TelemetryNames.PRIMITIVE_NAME, TelemetryNames.PRIMITIVE_TYPE, TelemetryNames.OUTCOME,
                TelemetryNames.WORKFLOW_NAME), payment.asMap().keySet(), "no ids, no inputs on metrics");
        assertEquals("checkout", payment.get(TelemetryNames.WORKFLOW_NAME));
        assertEquals(TelemetryNames.TYPE_STEP, payment.get(TelemetryNames.PRIMITIVE_TYPE));
        assertEquals(TelemetryNames.OUTCOME_SUCCESS, payment.get(TelemetryNames.OUTCOME));
        assertEquals(TelemetryNames.TYPE_SEQUENTIAL, byName.get("checkout").get(TelemetryNames.PRIMITIVE_TYPE));
        assertEquals(TelemetryNames.TYPE_PARALLEL, byName.get("parallel").get(TelemetryNames.PRIMITIVE_TYPE));

        MetricData active = sdk.metric(TelemetryNames.ACTIVE_METRIC);
        assertTrue(active.getLongSumData().getPoints().stream().allMatch(p -> p.getValue() == 0),
                "nothing is in flight once the workflow returned");
    }
}
